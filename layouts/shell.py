"""The frame around every page: header, navigation, synthetic-data banner, footer."""

from dash import dcc, html

from layouts import ids

PRODUCT = "Targeted Poverty Alleviation 2013–2020"
PRODUCT_ZH = "精准扶贫 2013–2020"
NAV = (("Overview", "/"),)


def synthetic_banner(synthetic: bool) -> html.Div | None:
    """Says plainly, on every page, when the numbers are synthetic demo data."""
    if not synthetic:
        return None
    return html.Div(
        [html.Strong("Synthetic demo data. "),
         "Every household, village, team and yuan shown here is generated, calibrated to "
         "published national totals; no real person is in it. 合成演示数据，非真实数据。"],
        id=ids.SYNTHETIC_BANNER, className="banner", role="note",
    )


def app_shell(synthetic: bool, build_note: str) -> html.Div:
    """The whole page: header with navigation, banner, the routed page, footer."""
    return html.Div([
        dcc.Location(id=ids.URL),
        html.A("Skip to content", href="#main", className="skip-link"),
        html.Header([
            html.Div([html.Span(PRODUCT, className="product"),
                      html.Span(PRODUCT_ZH, className="product-zh", lang="zh")],
                     className="brand"),
            html.Nav([dcc.Link(label, href=href) for label, href in NAV],
                     **{"aria-label": "Pages"}),
        ], className="site-header"),
        synthetic_banner(synthetic),
        html.Main(id=ids.PAGE, className="page"),
        html.Footer(build_note, className="site-footer"),
    ])


def not_found(pathname: str) -> list:
    return [html.H1("Page not found"),
            html.P(["There is no page at ", html.Code(pathname), ". "],),
            dcc.Link("Go to the national overview", href="/")]


def problem(message: str) -> list:
    """What a page shows when its data cannot be read; the message names the cause."""
    return [html.H1("This page could not be shown"), html.P(message, className="problem")]
