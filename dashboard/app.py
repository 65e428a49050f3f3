"""The app factory: one Dash app over one read-only database, and its router."""

import importlib
import re
from pathlib import Path
from urllib.parse import parse_qs

import dash
from dash import Input, Output, State
from flask import current_app

from dashboard.db import Database, QueryError
from layouts import ids
from layouts.shell import app_shell, not_found, problem

HERE = Path(__file__).parent
# Each page module has PATH (a template such as "/county/<adcode>"), layout(query, **path)
# and register_callbacks(app).
PAGES = ("dashboard.pages.overview",)


def database() -> Database:
    """The database of the app serving the current request."""
    return current_app.config["DATABASE"]


def _route(path_template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", path_template) + "/?$")


def create_app(db_path: Path) -> dash.Dash:
    db = Database(db_path)
    app = dash.Dash(
        "dashboard",
        assets_folder=str(HERE / "assets"),
        serve_locally=True,  # every script from this server: it must work offline
        title="Targeted Poverty Alleviation 2013–2020",
        update_title=None,
        suppress_callback_exceptions=True,
    )
    app.server.config["DATABASE"] = db
    pages = [importlib.import_module(name) for name in PAGES]
    routes = [(_route(page.PATH), page) for page in pages]
    for page in pages:
        page.register_callbacks(app)

    build = db.build
    note = (f"Database built {build.get('built_at', '?')[:19]} UTC from "
            f"{build.get('source', '?')} data · build {db.build_id[:8]}")
    app.layout = app_shell(synthetic=db.is_synthetic, build_note=note)

    # Routing on the path alone: a page keeps its state in the query string and
    # updates it itself, so a new indicator or year never redraws the whole page
    # (Dash's pages router would re-render on every query-string change).
    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"),
                  State(ids.URL, "search"))
    def render_page(pathname, search):
        query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
        for pattern, page in routes:
            if match := pattern.match(pathname or "/"):
                try:
                    return page.layout(query, **match.groupdict())
                except QueryError as e:
                    return problem(str(e))
        return not_found(pathname)

    return app
