"""Serves the app with gunicorn (debug off), as `serve` and the Procfile do.

The Procfile's `gunicorn dashboard.wsgi:server` reads gunicorn.conf.py in the checkout,
which takes HOOKS from here, so both ways run the same hooks.
"""

from pathlib import Path

from gunicorn.app.base import BaseApplication

from dashboard.security import DISCARD_BYTES


def pre_request(worker, req) -> None:
    """A body too large to read and discard is refused on a connection that then closes,
    said so in the answer ("Connection: close"), so the client sends its next request on
    a new one instead of losing it on this one."""
    length = next((value for name, value in req.headers if name == "CONTENT-LENGTH"), "0")
    if not length.isdigit() or int(length) > DISCARD_BYTES:
        req.must_close = True


HOOKS = {"pre_request": pre_request}


class _Gunicorn(BaseApplication):
    def __init__(self, db: Path, options: dict, app_options: dict):
        self.db = db
        self.options = options
        self.app_options = app_options  # create_app's: public, require_login, accounts_path
        super().__init__()

    def load_config(self):
        for key, value in {**self.options, **HOOKS}.items():
            self.cfg.set(key, value)

    def load(self):
        from dashboard.app import create_app, ready_to_serve

        return ready_to_serve(create_app(self.db, **self.app_options)).server


def run(db: Path, host: str, port: int, workers: int, app_options: dict) -> None:
    _Gunicorn(db, {"bind": f"{host}:{port}", "workers": workers, "threads": 4,
                   "timeout": 60, "accesslog": "-"}, app_options).run()
