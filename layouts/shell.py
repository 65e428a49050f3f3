"""The frame around every page: header, navigation, language switch, banner, footer."""

from html import escape
from urllib.parse import urlencode

from dash import dcc, html

from layouts import ids
from layouts.i18n import html_lang, other_language, t
from layouts.search import search_box
from layouts.state import href

# The translations assets/poverty.js reads from the page (ids.UI_TEXT).
SCRIPT_TEXT = ("sort_by", "filter_by", "first_page", "previous_page", "next_page", "last_page")


def index_html(lang: str, *, metas: str, css: str, config: str, scripts: str, renderer: str,
               favicon: str, **_dash_parts) -> str:
    """The HTML every page loads first: it names its language, and its scripts sit in no
    landmark (Dash's own index wraps them in a <footer>, a second contentinfo)."""
    return f"""<!DOCTYPE html>
<html lang="{html_lang(lang)}">
<head>
{metas}
<title>{escape(t("product", lang))}</title>
{favicon}
{css}
</head>
<body>
<div id="react-entry-point"><div class="_dash-loading">{escape(t("loading", lang))}</div></div>
{config}
{scripts}
{renderer}
</body>
</html>"""


def synthetic_banner(scale: float | None, lang: str) -> html.Div | None:
    """Says plainly, on every page, when the numbers are synthetic demo data, and at what scale."""
    if scale is None:
        return None
    return html.Div([html.Strong(t("synthetic_title", lang)), " ", t("synthetic_body", lang),
                     " ", t("synthetic_scale", lang).format(percent=f"{100 * scale:g}")],
                    id=ids.SYNTHETIC_BANNER, className="banner", role="note")


def app_root() -> html.Div:
    """What the browser loads once; the router fills ids.ROOT for each path."""
    # callback-nav: when a callback changes the address, every listener (the router
    # included) hears of it, as it would of a click on a link.
    return html.Div([dcc.Location(id=ids.URL, refresh="callback-nav"), html.Div(id=ids.ROOT)])


def public_note(below: int | None, lang: str) -> html.Div | None:
    """On the public edition, what a withheld count is and why."""
    if below is None:
        return None
    return html.Div(t("public_edition", lang).format(below=below), id=ids.PUBLIC_NOTE,
                    className="banner banner-public", role="note")


def copy_link(lang: str) -> html.Div:
    """Copies the address of the view on screen (its state is all in the address)."""
    return html.Div([
        html.Button(t("copy_link", lang), id=ids.COPY_LINK, type="button", n_clicks=0,
                    **{"data-copied": t("link_copied", lang)}),
        html.Span(id=ids.COPY_LINK_STATUS, role="status", className="copy-status"),
    ], className="copy-link")


def frame(page, lang: str, synthetic_scale: float | None, build_note: str,
          nav: tuple = (), account: html.Div | None = None,
          withheld_below: int | None = None, near: str | None = None) -> list:
    """A routed page inside the header, banner and footer, in the page's language; `near`
    is the province the page shows, which the search box prefers."""
    notes = [note for note in (synthetic_banner(synthetic_scale, lang),
                               public_note(withheld_below, lang)) if note is not None]
    return [
        html.A(t("skip", lang), href="#main", className="skip-link"),
        html.Header([
            html.Div(t("product", lang), className="product"),
            search_box(lang, near),
            html.Nav([dcc.Link(t(key, lang), href=href(path, lang)) for key, path in nav]
                     + [html.A(t("language", lang), id=ids.LANGUAGE_LINK, className="lang",
                               lang=html_lang(other_language(lang)))],
                     **{"aria-label": t("nav_pages", lang)}),
            copy_link(lang),
            account,
        ], className="site-header"),
        # A named region: what every page says about its figures is inside a landmark too.
        html.Section(notes, **{"aria-label": t("banners", lang)}) if notes else None,
        html.Main(page, id="main", className="page"),
        html.Footer(build_note, className="site-footer"),
        # Words the page's script puts on controls that come without them (assets/poverty.js).
        html.Div(id=ids.UI_TEXT, hidden=True,
                 **{f"data-{key.replace('_', '-')}": t(key, lang) for key in SCRIPT_TEXT}),
    ]


def not_found(pathname: str, lang: str) -> list:
    return [html.H1(t("not_found", lang)),
            html.P([t("not_found_body", lang), " ", html.Code(pathname)]),
            dcc.Link(t("go_home", lang), href=href("/", lang))]


def not_published(pathname: str, lang: str) -> list:
    """What a public site answers at the address of a page below county level."""
    return [html.H1(t("not_published", lang)),
            html.P([t("not_published_body", lang), " ", html.Code(pathname)]),
            dcc.Link(t("go_home", lang), href=href("/", lang))]


def problem(message: str, lang: str) -> list:
    """What a page shows when its data cannot be read; the message names the cause."""
    return [html.H1(t("problem", lang)), html.P(message, className="problem")]


def not_permitted(lang: str, sign_in: str | None = None) -> list:
    """What a page outside the reader's role or jurisdiction shows: no data, and no reason why."""
    body = t("not_permitted_body" if sign_in else "not_permitted_here", lang)
    return [html.H1(t("not_permitted", lang)),
            html.Div([html.P(body), html.A(t("sign_in", lang), href=sign_in) if sign_in else None],
                     id=ids.NOT_PERMITTED, className="status-card", role="status")]


def sign_in_link(lang: str, pathname: str) -> html.Div:
    """The header's account area for a visitor who has not signed in."""
    target = "/signin?" + urlencode({"next": pathname, **({"lang": "zh"} if lang == "zh" else {})})
    return html.Div(html.A(t("sign_in", lang), href=target, id=ids.SIGN_IN_LINK),
                    className="account")


def account_bar(name: str, role: str, areas: list[tuple[str, str]], csrf: str,
                lang: str) -> html.Div:
    """The header's account area when signed in: who, which role, where (each area linked to
    its page), and sign-out."""
    links = []
    for number, (area, path) in enumerate(areas):
        links += [", "] if number else []
        links.append(dcc.Link(area, href=path, **({} if number else {"id": ids.HOME_LINK})))
    return html.Div([
        # The account's name is as its holder chose it, in no page's language.
        html.Span([html.Strong(name, className="account-user"),
                   f" · {t(f'role_{role}', lang)} · ", *links],
                  id=ids.ACCOUNT_NAME),
        # A plain form post, not a callback: the server ends the session and redirects.
        html.Form([dcc.Input(type="hidden", name="csrf_token", value=csrf),
                   dcc.Input(type="hidden", name="lang", value=lang),
                   html.Button(t("sign_out", lang), type="submit", id=ids.SIGN_OUT)],
                  action="/signout", method="post"),
    ], className="account")
