"""Serves the app with gunicorn (debug off), as `serve` and the Procfile do."""

from pathlib import Path

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, db: Path, options: dict, app_options: dict):
        self.db = db
        self.options = options
        self.app_options = app_options  # create_app's: public, require_login, accounts_path
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from dashboard.app import create_app

        return create_app(self.db, **self.app_options).server


def run(db: Path, host: str, port: int, workers: int, app_options: dict) -> None:
    _Gunicorn(db, {"bind": f"{host}:{port}", "workers": workers, "threads": 4,
                   "timeout": 60, "accesslog": "-"}, app_options).run()
