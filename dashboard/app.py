"""The app factory: one Dash app over one read-only database, and its router."""

import functools
import gc
import re
from pathlib import Path
from urllib.parse import urlencode

import dash
from dash import ClientsideFunction, Input, Output, State
from flask import Response, abort, current_app, redirect, request

from dashboard import access, api, auth, cache, geo, pages, security, settings
from dashboard.current import database, programme_provinces, query_params
from dashboard.db import AccessDenied, Database, QueryError
from dashboard.edition import PublicEdition, published
from dashboard.immutable import ImmutableFile
from dashboard.search import viewed_province
from layouts import ids
from layouts.i18n import language, source_name, t
from layouts.shell import (
    account_bar,
    app_root,
    frame,
    index_html,
    not_found,
    not_permitted,
    not_published,
    problem,
    sign_in_link,
)
from layouts.state import href

HERE = Path(__file__).parent


class Dashboard(dash.Dash):
    """A Dash app whose first HTML is in the language of the address (?lang=)."""

    def interpolate_index(self, **parts) -> str:
        return index_html(language(request.args), **parts)
def _route(path_template: str) -> re.Pattern:
    return re.compile("^" + re.sub(r"<(\w+)>", r"(?P<\1>[^/]+)", path_template) + "/?$")


def create_app(db_path: Path, *, public: bool = False, require_login: bool = False,
               accounts_path: Path | None = None, secret_key: str | None = None,
               public_db_path: Path | None = None) -> dash.Dash:
    """The app over one database, run one of three ways (docs/security.md).

    public: the read-only public site over a published edition (`poverty-dashboard
    publish`): no sign-in, no village pages. accounts_path: an official site with sign-in;
    a visitor who has not signed in gets the public view, read from the public edition of
    `db_path` (`public_db_path`, else published beside it when missing or stale, and again
    whenever a new build is swapped in: dashboard/edition.py), and require_login closes
    even that. With neither there is no sign-in and no access check:
    the open development app of the page tests. `serve` and dashboard.wsgi always pass one.
    """
    if public and (accounts_path is not None or require_login):
        raise ValueError("a public site has no sign-in")
    if require_login and accounts_path is None:
        raise ValueError("require_login needs accounts_path")
    guard = access.guard if public or accounts_path is not None else None
    db = Database(db_path, guard=guard, cache=cache.from_environment())
    if public and db.build.get("edition") != "public":
        raise ValueError(f"{db_path} is a full database: a public site serves a published "
                         "edition (poverty-dashboard publish)")
    app = Dashboard(
        "dashboard",
        assets_folder=str(HERE / "assets"),
        serve_locally=True,  # every script from this server: it must work offline
        title="Targeted Poverty Alleviation 2013–2020",
        update_title=None,
        suppress_callback_exceptions=True,
        compress=True,  # callback responses are mostly repeated labels and numbers
        # Loaded before the renderer, this is the window.Plotly dcc.Graph uses, so the full
        # plotly.min.js (three times the bytes) is never fetched.
        external_scripts=[f"/vendor/plotly-{plotly_bundle().digest}.js"],
    )
    public_db, edition = db, None
    if accounts_path is not None:
        public_path = public_db_path or published(db_path, settings.public_db_path(db_path))
        public_db = Database(public_path, guard=guard, cache=cache.from_environment())
        if public_db_path is None:  # published here, so kept in step here
            edition = PublicEdition(db, public_db)
    for served in {db, public_db}:
        served.warmers.append(geo.for_build)  # a new build's map is drawn before it is served
    app.server.config.update(DATABASE=db, PUBLIC_DATABASE=public_db, PUBLIC_EDITION=edition,
                             PUBLIC=public, HOME_PATH=home_path,
                             SIGNING_IN=accounts_path is not None,
                             ANONYMOUS=access.PUBLIC if guard else access.UNRESTRICTED)
    every_page = pages.modules()
    served = [page for page in every_page if not (public and page.PAGE.signed_in)]
    routes = [(_route(page.PAGE.path), page) for page in served]
    # On a public site the pages below county level are not there: their addresses say so.
    absent = [page.PAGE.prefix for page in every_page if public and page.PAGE.signed_in]
    app.server.config.update(NAVIGATION=pages.navigation(served),
                             SIGNED_IN_PREFIXES={page.PAGE.prefix for page in every_page
                                                 if page.PAGE.signed_in})
    for page in served:
        for callback in page.PAGE.callbacks:
            if callback.on_public_site or not public:
                callback.register(app)
        if page.PAGE.shortcut is not None:
            app.server.add_url_rule(page.PAGE.path, page.__name__.rsplit(".", 1)[-1],
                                    functools.partial(_shortcut_or_page, app, page.PAGE.shortcut))

    app.layout = app_root()
    app.server.add_url_rule("/geo/<level>-<digest>.geojson", view_func=_geojson)
    app.server.add_url_rule("/vendor/plotly-<digest>.js", view_func=_plotly)
    # Browsers ask for /favicon.ico on pages without an icon link (the sign-in form): Dash's.
    app.server.add_url_rule("/favicon.ico", view_func=lambda: redirect(
        app.get_relative_path("/_favicon.ico"), code=301))

    # Routing on the path alone: a page keeps its state in the query string and
    # updates it itself, so a new indicator or year never redraws the whole page
    # (Dash's pages router would re-render on every query-string change).
    @app.callback(Output(ids.ROOT, "children"), Input(ids.URL, "pathname"),
                  State(ids.URL, "search"))
    def render_page(pathname, search):
        query = query_params(search)
        lang = language(query)
        page = _page(routes, absent, pathname or "/", query, lang)
        current = database()  # read after the page: a swapped-in build is reopened by then
        note = t("built", lang).format(at=current.build.get("built_at", "?")[:19],
                                       source=source_name(current.build.get("source", "?"), lang),
                                       build=current.build_id[:8])
        edition = current_app.config["PUBLIC_EDITION"]
        if edition is not None and current is edition.public and edition.behind:
            note += " · " + t("publishing", lang)
        threshold = current.build.get("suppression_threshold")
        return frame(page, lang, synthetic_scale=current.synthetic_scale, build_note=note,
                     nav=_nav(), account=_account(pathname or "/", lang),
                     withheld_below=int(threshold) if threshold else None,
                     near=viewed_province(pathname, query))

    # The language link flips ?lang= on whatever the address is now, state included.
    app.clientside_callback(
        ClientsideFunction("poverty", "languageHref"),
        Output(ids.LANGUAGE_LINK, "href"), Input(ids.URL, "href"), Input(ids.ROOT, "children"),
    )
    app.clientside_callback(ClientsideFunction("poverty", "copyLink"),
                            Output(ids.COPY_LINK_STATUS, "children"),
                            Input(ids.COPY_LINK, "n_clicks"), prevent_initial_call=True)

    if accounts_path is not None:
        auth.install(app.server, auth.Accounts(accounts_path), secret_key or settings.secret_key(),
                     require_login)
    api.install(app.server, database, public)
    catch_all = app.config.routes_pathname_prefix + "<path:path>"

    @app.server.after_request
    def unknown_page_status(response: Response) -> Response:
        """An address no page answers, or naming a place that does not exist, gets the
        styled page saying so, with status 404."""
        if request.endpoint != catch_all or response.status_code != 200:
            return response
        matched = next(((m, page) for pattern, page in routes
                        if (m := pattern.match(request.path))), None)
        if matched is None or (matched[1].PAGE.exists is not None
                               and not matched[1].PAGE.exists(**matched[0].groupdict())):
            response.status_code = 404
        return response

    security.install(app, public=public)  # last: it hashes every inline script
    return app


def ready_to_serve(app: dash.Dash) -> dash.Dash:
    """The app with everything a first request needs done: what a worker calls before it
    takes any request (dashboard/wsgi.py, dashboard/server.py).

    Dash sets itself up on its first request, registering its component libraries, and
    refuses their scripts until then ("dash" is not a registered library): a worker's
    threads serving a browser's first page at once would race into that. The app serves
    itself its index page first (after which Flask takes no new route, so the dev server
    of the browser tests, which adds some, does without). Then the map geometry of every
    database it reads. Last, what the worker holds for good is set aside from the garbage
    collector: a full collection no longer walks its 350,000 objects (0.1 s on an idle
    machine, more on a busy one, and every request of the worker waits for it).
    """
    with app.server.test_client() as client:
        client.get("/")
    for db in {app.server.config["DATABASE"], app.server.config["PUBLIC_DATABASE"]}:
        geo.for_database(db)
    gc.collect()
    gc.freeze()
    return app


def _signed_out() -> bool:
    return access.current_user().role == "public"


def _nav() -> tuple:
    """The navigation, without the pages a visitor who has not signed in cannot open."""
    hidden = current_app.config["SIGNED_IN_PREFIXES"] if _signed_out() else set()
    return tuple(item for item in current_app.config["NAVIGATION"] if item[1] not in hidden)


def _account(pathname: str, lang: str):
    """Sign-in link or the signed-in user with sign-out; nothing on a site without sign-in."""
    if not current_app.config["SIGNING_IN"]:
        return None
    user = access.current_user()
    if user.role == "public":
        return sign_in_link(lang, pathname)
    return account_bar(user.name, user.role, _areas(user, lang), auth.csrf_token(), lang)


def home_path(user: access.User, lang: str = "en") -> str:
    """Where a signed-in reader lands and the header's jurisdiction link goes: their county's
    page, their province's (when it has one), else the national overview."""
    if user.areas is None or len(user.areas) != 1:
        return href("/", lang)
    (area,) = user.areas
    if not access.is_province(area):
        return href(f"/county/{area}", lang)
    has_page = area in set(programme_provinces().adcode)
    return href(f"/province/{area}" if has_page else "/", lang)


def _areas(user: access.User, lang: str) -> list[tuple[str, str]]:
    """The user's jurisdiction by name, each with its page: All China, provinces or a county."""
    if user.areas is None:
        return [(t("all_china", lang), home_path(user, lang))]
    name = "name_zh" if lang == "zh" else "name_en"
    provinces = database().run("provinces").frame.set_index("adcode")[name]
    areas = []
    for adcode in sorted(user.areas):
        if adcode in provinces:
            area_name = provinces[adcode]
        else:
            county = database().run("county_profile", adcode=adcode).frame
            area_name = adcode if county.empty else county.iloc[0][name]
        one = access.User(user.name, user.role, frozenset({adcode}))
        areas.append((area_name, home_path(one, lang)))
    return areas


def _shortcut_or_page(app: dash.Dash, shortcut) -> Response:
    return shortcut() or app.index()


def _sign_in_href(pathname: str) -> str | None:
    if not current_app.config["SIGNING_IN"]:
        return None
    return "/signin?" + urlencode({"next": pathname})


def _page(routes, absent: list[str], pathname: str, query: dict, lang: str):
    if any(pathname == prefix or pathname.startswith(prefix + "/") for prefix in absent):
        return not_published(pathname, lang)
    for pattern, page in routes:
        if match := pattern.match(pathname):
            sign_in = _sign_in_href(pathname)
            if page.PAGE.signed_in and _signed_out():
                return not_permitted(lang, sign_in)
            try:
                return page.layout(query, lang, **match.groupdict())
            except AccessDenied:
                return not_permitted(lang, sign_in if _signed_out() else None)
            except QueryError as e:
                return problem(str(e), lang)
    return not_found(pathname, lang)


@functools.cache
def plotly_bundle() -> ImmutableFile:
    """plotly.js with only the traces drawn here, built by vendor/plotly/ (`make plotly-bundle`)."""
    script = HERE / "vendor" / "plotly-dashboard.min.js"
    return ImmutableFile(script.read_bytes(), "text/javascript",
                         brotli_body=script.with_name(script.name + ".br").read_bytes())


def _plotly(digest: str) -> Response:
    if digest != plotly_bundle().digest:
        abort(404)
    return plotly_bundle().response(request)


def _geojson(level: str, digest: str) -> Response:
    """Boundary files under a content hash: fetched once, then cached by the browser."""
    files = geo.for_database(database()).files
    if level not in files or files[level].digest != digest:
        abort(404)
    return files[level].response(request)
