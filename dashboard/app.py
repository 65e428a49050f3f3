"""The app factory: one Dash app over one read-only database, and its router."""

import gzip
import importlib
import re
from pathlib import Path
from urllib.parse import parse_qs

import dash
from dash import ClientsideFunction, Input, Output, State
from flask import Response, abort, current_app, request

from dashboard import geo
from dashboard.db import Database, QueryError
from layouts import ids
from layouts.i18n import language, t
from layouts.shell import app_root, frame, not_found, problem

HERE = Path(__file__).parent
# Each page module has PATH (a template such as "/county/<adcode>"), layout(query, lang, **path)
# and register_callbacks(app).
PAGES = ("dashboard.pages.overview", "dashboard.pages.map", "dashboard.pages.about",
         "dashboard.pages.province", "dashboard.pages.county", "dashboard.pages.village")


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
        compress=True,  # callback responses are mostly repeated labels and numbers
    )
    app.server.config["DATABASE"] = db
    pages = [importlib.import_module(name) for name in PAGES]
    routes = [(_route(page.PATH), page) for page in pages]
    for page in pages:
        page.register_callbacks(app)

    app.layout = app_root()
    app.server.add_url_rule("/geo/<level>-<digest>.geojson", view_func=_geojson)

    # Routing on the path alone: a page keeps its state in the query string and
    # updates it itself, so a new indicator or year never redraws the whole page
    # (Dash's pages router would re-render on every query-string change).
    @app.callback(Output(ids.ROOT, "children"), Input(ids.URL, "pathname"),
                  State(ids.URL, "search"))
    def render_page(pathname, search):
        query = {k: v[-1] for k, v in parse_qs((search or "").lstrip("?")).items()}
        lang = language(query)
        page = _page(routes, pathname or "/", query, lang)
        current = database()  # read after the page: a swapped-in build is reopened by then
        note = t("built", lang).format(at=current.build.get("built_at", "?")[:19],
                                       source=current.build.get("source", "?"),
                                       build=current.build_id[:8])
        return frame(page, lang, synthetic_scale=current.synthetic_scale, build_note=note)

    # The language link flips ?lang= on whatever the address is now, state included.
    app.clientside_callback(
        ClientsideFunction("poverty", "languageHref"),
        Output(ids.LANGUAGE_LINK, "href"), Input(ids.URL, "href"), Input(ids.ROOT, "children"),
    )

    return app


def _page(routes, pathname: str, query: dict, lang: str):
    for pattern, page in routes:
        if match := pattern.match(pathname):
            try:
                return page.layout(query, lang, **match.groupdict())
            except QueryError as e:
                return problem(str(e), lang)
    return not_found(pathname, lang)


def _geojson(level: str, digest: str) -> Response:
    """Boundary files under a content hash: fetched once, then cached by the browser."""
    files = geo.for_database(database()).files
    if level not in files or files[level].digest != digest:
        abort(404)
    geofile = files[level]
    if geofile.digest in request.if_none_match:
        return Response(status=304, headers=geofile.headers)
    if "gzip" not in request.accept_encodings:
        headers = {k: v for k, v in geofile.headers.items() if k != "Content-Encoding"}
        return Response(gzip.decompress(geofile.gzipped), headers=headers)
    return Response(geofile.gzipped, headers=geofile.headers)
