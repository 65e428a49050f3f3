"""Pure figure builders: a DataFrame or columns in, a figure as plotly.js reads it out.

Figures are plain dicts rather than plotly.py's graph objects: those validate every
property on assignment, which cost the county page about 40 ms for its 14 charts on
these cores; the dicts cost about 1 ms and serialise to the same JSON.
"""

from collections.abc import Callable

import pandas as pd
import plotly.io as pio
from dash import html

from layouts import ids
from layouts.format import compact, is_missing, share, status
from layouts.i18n import t
from layouts.suppression import Columns, cells
from layouts.theme import NO_DATA_COLOUR, SUPPRESSED_COLOUR, TEMPLATE

# Every chart's configuration. Charts download as PNG from the mode bar, and nothing in it
# leaves the server: plotly.js would otherwise offer "Share chart…", which uploads the
# chart's data to Plotly Cloud, and a logo linking to plotly.com.
GRAPH_CONFIG = {
    "displaylogo": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showLink": False,
    "sendData": False,
    "plotlyServerURL": "",
    "modeBarButtonsToRemove": ["sendChartToCloud", "sendDataToCloud", "editInChartStudio"],
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# plotly.js knows no named templates: the figure carries the template itself, as
# plotly.py would write it.
TEMPLATE_JSON = pio.templates[TEMPLATE].to_plotly_json()


def figure(data: list[dict], title: str | dict, **layout) -> dict:
    """A figure of `data` traces under `title`, styled by the 'poverty' template."""
    heading = title if isinstance(title, dict) else {"text": title}
    return {"data": data, "layout": {"template": TEMPLATE_JSON, "title": heading, **layout}}


def axis_title(text: str) -> dict:
    return {"title": {"text": text}}


def values(column: pd.Series | list) -> list:
    """A column as JSON-ready values: missing ones become None (plotly.js draws a gap).
    A column of Columns is one already."""
    if isinstance(column, list):
        return column
    if not column.hasnans:
        return column.tolist()
    return column.to_numpy(dtype=object, na_value=None).tolist()


def empty_figure(title: str, lang: str = "en") -> dict:
    """A blank figure that says plainly there is nothing to draw."""
    return figure([], title, xaxis={"visible": False}, yaxis={"visible": False},
                  annotations=[{"text": t("no_data", lang), "showarrow": False,
                                "font": {"size": 16, "color": "#52606d"},
                                "xref": "paper", "yref": "paper", "x": 0.5, "y": 0.5}])


def status_marks(points: list[tuple], lang: str, horizontal: bool = False) -> list[dict]:
    """Withheld and missing values among `points` (position, hover text, value) as marks on
    the axis, with no length: purple crosses for withheld, grey rings for no data, each with
    its own legend entry and a hover text saying which it is. A zero is a value: no mark."""
    traces = []
    for kind, symbol, colour in (("withheld", "x", SUPPRESSED_COLOUR),
                                 ("no data", "circle-open", NO_DATA_COLOUR)):
        texts: dict = {}
        for position, text, value in points:
            if status(value) == kind:
                texts.setdefault(position, []).append(text)
        if not texts:
            continue
        name = (next(v.text(lang) for _, _, v in points if status(v) == kind)
                if kind == "withheld" else t("no_data", lang))
        positions, axis = list(texts), [0] * len(texts)
        traces.append({
            "type": "scatter", "mode": "markers+text" if horizontal else "markers",
            "name": name, "meta": kind, "cliponaxis": False,
            "x": axis if horizontal else positions, "y": positions if horizontal else axis,
            "text": [name] * len(texts) if horizontal else None, "textposition": "middle right",
            "textfont": {"color": colour},
            "hovertext": ["<br>".join(lines) for lines in texts.values()],
            "hovertemplate": "%{hovertext}<extra></extra>",
            "marker": {"symbol": symbol, "color": colour, "size": 10,
                       "line": {"width": 2, "color": colour}},
        })
    return traces


def drawn(values: list) -> list:
    """Values as a trace draws them: withheld and missing ones have no length (None)."""
    return [None if status(v) else v for v in values]


def trend_figure(frame: pd.DataFrame | Columns, series: list[tuple[str, str]],
                 title: str, y_title: str, kind: str = "line", lang: str = "en",
                 y_format: str | None = None,
                 text: Callable[[object], str] | None = None) -> dict:
    """Measures by year, from a frame or columns: one trace per (column, label) pair, as
    lines or grouped bars; withheld and missing years marked on the axis. `text` writes a
    value for the hover (by default compactly, or as a share when the axis is in %)."""
    if text is None:
        percent = y_format is not None and "%" in y_format
        text = (lambda v: share(v, 1, lang)) if percent else (lambda v: compact(v, lang))
    columns = [(label, cells(frame, column)) for column, label in series if column in frame]
    present = [(label, ys) for label, ys in columns if any(not is_missing(y) for y in ys)]
    if not present:
        return empty_figure(title, lang)
    years = values(frame["year"])
    traces, points = [], []
    for label, ys in present:
        hover = [f"{label}, {year}: {text(y)}" for year, y in zip(years, ys)]
        traces.append({"type": "bar" if kind == "bar" else "scatter", "x": years, "y": drawn(ys),
                       "name": label, "hovertext": hover,
                       "hovertemplate": "%{hovertext}<extra></extra>",
                       **({} if kind == "bar" else {"mode": "lines+markers"})})
        points += zip(years, hover, ys)
    traces += status_marks(points, lang)
    yaxis = axis_title(y_title) | ({"tickformat": y_format} if y_format else {})
    return figure(traces, title, yaxis=yaxis, showlegend=len(traces) > 1)


def kpi_card(name: str, label: str, value: str, note: str = "") -> html.Div:
    """A headline figure: its label, value and a note."""
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(value, id=ids.kpi(name), className="kpi-value"),
        html.Div(note, className="kpi-note"),
    ], className="kpi-card")
