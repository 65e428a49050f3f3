"""The frame around every page: header, navigation, language switch, banner, footer."""

from dash import dcc, html

from layouts import ids
from layouts.i18n import t

NAV = (("overview", "/"), ("map", "/map"), ("about", "/about"))


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


def frame(page, lang: str, synthetic_scale: float | None, build_note: str) -> list:
    """A routed page inside the header, banner and footer, in the page's language."""
    suffix = "?lang=zh" if lang == "zh" else ""
    return [
        html.A(t("skip", lang), href="#main", className="skip-link"),
        html.Header([
            html.Div(t("product", lang), className="product"),
            html.Nav([dcc.Link(t(key, lang), href=href + suffix) for key, href in NAV]
                     + [html.A(t("language", lang), id=ids.LANGUAGE_LINK, className="lang",
                               lang="en" if lang == "zh" else "zh")],
                     **{"aria-label": t("nav_pages", lang)}),
        ], className="site-header", lang=lang),
        synthetic_banner(synthetic_scale, lang),
        html.Main(page, id="main", className="page", lang=lang),
        html.Footer(build_note, className="site-footer"),
    ]


def not_found(pathname: str, lang: str) -> list:
    return [html.H1(t("not_found", lang)),
            html.P([t("not_found_body", lang), " ", html.Code(pathname)]),
            dcc.Link(t("go_home", lang), href="/")]


def problem(message: str, lang: str) -> list:
    """What a page shows when its data cannot be read; the message names the cause."""
    return [html.H1(t("problem", lang)), html.P(message, className="problem")]
