"""The app factory: one Dash app over one read-only database."""

import importlib
from pathlib import Path

import dash
from flask import current_app

from dashboard.db import Database
from layouts.shell import app_shell

HERE = Path(__file__).parent
PAGES = ("dashboard.pages.overview",)


def database() -> Database:
    """The database of the app serving the current request."""
    return current_app.config["DATABASE"]


def create_app(db_path: Path) -> dash.Dash:
    db = Database(db_path)
    app = dash.Dash(
        "dashboard",
        use_pages=True,
        pages_folder="",  # pages are imported below, after the app exists, as Dash requires
        assets_folder=str(HERE / "assets"),
        serve_locally=True,  # every script from this server: it must work offline
        title="Targeted Poverty Alleviation 2013–2020",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.server.config["DATABASE"] = db
    for name in PAGES:
        page = importlib.import_module(name)
        page.register_callbacks(app)
    build = db.build
    note = (f"Database built {build.get('built_at', '?')[:19]} UTC from "
            f"{build.get('source', '?')} data · build {db.build_id[:8]}")
    app.layout = app_shell(dash.page_container, synthetic=db.is_synthetic, build_note=note)
    return app
