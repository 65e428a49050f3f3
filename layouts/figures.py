"""Pure figure builders: a DataFrame or columns in, a figure as plotly.js reads it out.

Figures are plain dicts rather than plotly.py's graph objects: those validate every
property on assignment, which cost the county page about 40 ms for its 14 charts on
these cores; the dicts cost about 1 ms and serialise to the same JSON.
"""

import pandas as pd
import plotly.io as pio

from layouts.i18n import t
from layouts.theme import TEMPLATE

# A query's answer as columns: column name -> its values, None where missing. Small answers
# read this way skip pandas, which costs more than the figure itself.
Columns = dict[str, list]

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


def trend_figure(frame: pd.DataFrame | Columns, series: list[tuple[str, str]],
                 title: str, y_title: str, kind: str = "line", lang: str = "en",
                 y_format: str | None = None) -> dict:
    """Measures by year, from a frame or columns: one trace per (column, label) pair, as
    lines or grouped bars."""
    columns = [(label, values(frame[column])) for column, label in series if column in frame]
    present = [(label, ys) for label, ys in columns if any(y is not None for y in ys)]
    if not present:
        return empty_figure(title, lang)
    years = values(frame["year"])
    traces = [{"type": "bar" if kind == "bar" else "scatter", "x": years, "y": ys, "name": label,
               "hovertemplate": f"{label}<br>%{{x}}: %{{y:,.4~s}}<extra></extra>",
               **({} if kind == "bar" else {"mode": "lines+markers"})}
              for label, ys in present]
    yaxis = axis_title(y_title) | ({"tickformat": y_format} if y_format else {})
    return figure(traces, title, yaxis=yaxis, showlegend=len(present) > 1)
