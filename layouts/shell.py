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


def app_shell(page, synthetic: bool, build_note: str) -> html.Div:
    """The whole page: header with navigation, banner, the page itself, footer."""
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
        html.Main(page, id="main", className="page"),
        html.Footer(build_note, className="site-footer"),
    ])
