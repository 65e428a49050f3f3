"""Serves the app with gunicorn (debug off), as `serve` and the Procfile do."""

from pathlib import Path

from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, db: Path, options: dict):
        self.db = db
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from dashboard.app import create_app

        return create_app(self.db).server


def run(db: Path, host: str, port: int, workers: int) -> None:
    _Gunicorn(db, {"bind": f"{host}:{port}", "workers": workers, "threads": 4,
                   "timeout": 60, "accesslog": "-"}).run()
