"""The one Plotly template every figure uses, registered as 'poverty'."""

import plotly.graph_objects as go
import plotly.io as pio

# Okabe-Ito: distinguishable with the common forms of colour blindness.
COLOURS = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# System fonts only, nothing fetched: the Latin ones, then the common Chinese ones of macOS,
# Windows and Linux, then whatever the browser has. style.css's :root lists the same.
FONT = ("system-ui, -apple-system, 'Segoe UI', 'PingFang SC', 'Hiragino Sans GB', "
        "'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', "
        "'WenQuanYi Zen Hei', sans-serif")
TEMPLATE = "poverty"
# A withheld value: a purple outside the palettes, never mistaken for "no data" (grey, open
# marks and white map areas), a zero or a small value.
SUPPRESSED_COLOUR = "#b07aa1"
NO_DATA_COLOUR = "#9aa5b1"

pio.templates[TEMPLATE] = go.layout.Template(
    layout=go.Layout(
        font=dict(family=FONT, size=13, color="#1f2933"),
        colorway=COLOURS,
        paper_bgcolor="white",
        plot_bgcolor="white",
        margin=dict(l=56, r=16, t=48, b=40),
        title=dict(font=dict(size=15), x=0, xanchor="left"),
        xaxis=dict(showgrid=False, linecolor="#9aa5b1", ticks="outside", dtick=1),
        yaxis=dict(gridcolor="#e4e7eb", zerolinecolor="#9aa5b1", rangemode="tozero"),
        legend=dict(orientation="h", y=-0.18, x=0),
        hoverlabel=dict(font=dict(family=FONT)),
        separators=".,",
    )
)
