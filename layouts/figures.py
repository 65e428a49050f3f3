"""Pure figure builders: a DataFrame or columns in, a figure as plotly.js reads it out.

Figures are plain dicts rather than plotly.py's graph objects: those validate every
property on assignment, which cost the county page about 40 ms for its 14 charts on
these cores; the dicts cost about 1 ms and serialise to the same JSON.
"""

import math
import re
from collections.abc import Callable

import pandas as pd
import plotly.io as pio
from dash import html

from layouts import ids
from layouts.format import chinese_tick, compact, is_missing, share, status
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


# Room above the plot for the y axes' units, written level above each axis.
UNIT_SPACE = 20


def figure(data: list[dict], title: str | dict, lang: str = "en", **layout) -> dict:
    """A figure of `data` traces under `title`, styled by the 'poverty' template: units
    level above their axes, large numbers in the page's language (万 and 亿 in Chinese), and
    a sentence saying what it shows for screen readers (layout.meta.summary)."""
    heading = title if isinstance(title, dict) else {"text": title}
    layout = {"template": TEMPLATE_JSON, "title": heading, **layout}
    units_above_axes(layout)
    if lang == "zh":
        chinese_ticks(layout, data)
    layout["meta"] = {"summary": summary(data, lang)}
    return {"data": data, "layout": layout}


def axis_title(text: str) -> dict:
    return {"title": {"text": text}}


def units_above_axes(layout: dict) -> None:
    """Move each y axis's title (its unit) above the axis, level: a title turned on its side
    is hard to read, and one Chinese character turned so is barely a title."""
    units = []
    for key, side in (("yaxis", 0), ("yaxis2", 1)):
        axis = layout.get(key) or {}
        text = (axis.get("title") or {}).get("text")
        if not text:
            continue
        layout[key] = {**axis, "title": {"text": ""}}
        units.append({"text": text, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": side, "y": 1, "xanchor": "right" if side else "left",
                      "yanchor": "bottom", "yshift": 4, "font": {"size": 12, "color": "#52606d"}})
    if units:
        layout["annotations"] = [*layout.get("annotations", []), *units]
        margin = layout.get("margin") or {}
        layout["margin"] = {**margin, "t": margin.get("t", 48) + UNIT_SPACE}


def _axis_extent(data: list[dict], axis_key: str, stacked: bool) -> tuple[float, float] | None:
    """The lowest and highest numbers plotted along one axis (y values on a y axis, x values
    of horizontal bars), stacked bars summed at each position; None when none are."""
    letter, suffix = axis_key[0], axis_key[5:]
    sums: dict = {}
    found = []
    for trace in data:
        horizontal = trace.get("orientation") == "h"
        if (letter == "x") != horizontal or trace.get("meta") in ("withheld", "no data"):
            continue
        if (trace.get(f"{letter}axis") or letter) != letter + suffix:
            continue
        other = trace.get("y" if horizontal else "x") or []
        numbers = [(at, v) for at, v in zip(other, trace.get(letter) or [])
                   if isinstance(v, (int, float)) and not isinstance(v, bool)]
        if stacked and trace.get("type") == "bar":
            for at, v in numbers:
                sums[at] = sums.get(at, 0) + v
        else:
            found += [v for _, v in numbers]
    found += sums.values()
    return (min(found), max(found)) if found else None


def chinese_ticks(layout: dict, data: list[dict]) -> None:
    """Ticks of large numbers written as Chinese readers count them (50万, 1.2亿), as the cards
    and hover texts do, where plotly would write 500k or 120M."""
    stacked = layout.get("barmode") in ("stack", "relative")
    for key in ("xaxis", "yaxis", "yaxis2"):
        axis = layout.get(key) or {}
        if "%" in axis.get("tickformat", "") or axis.get("type") == "log" or (
                axis.get("tickmode") == "linear"):
            continue
        extent = _axis_extent(data, key, stacked)
        if extent is None or max(abs(v) for v in extent) < 1e4:
            continue
        ticks = nice_ticks(min(extent[0], 0), extent[1])
        layout[key] = {**axis, "tickmode": "array", "tickvals": ticks,
                       "ticktext": [chinese_tick(v) for v in ticks]}


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """About `count` round ticks from `low` to just past `high`, steps of 1, 2, 2.5 or 5 × 10ⁿ."""
    raw = max((high - low) / count, 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(power * f for f in (1, 2, 2.5, 5, 10) if power * f >= raw)
    first = math.floor(low / step) * step
    return [first + i * step for i in range(int(math.ceil((high - first) / step)) + 1)]


def summary(data: list[dict], lang: str) -> str:
    """What a chart shows in words: each series' first and last values as its hover texts
    say them, and which are withheld or missing."""
    parts = []
    for trace in data:
        texts = [re.sub(r"<[^>]+>", " ", text) for text in trace.get("hovertext") or [] if text]
        if not texts:
            continue
        if trace.get("meta") in ("withheld", "no data"):
            parts.append(f"{trace.get('name')}: {'; '.join(texts)}")
        else:
            parts.append(texts[0] if len(texts) == 1 else f"{texts[0]} … {texts[-1]}")
    if parts:
        return "; ".join(parts)
    # A chart whose traces carry no hover texts is described by its title alone.
    return "" if data else t("no_data", lang)


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
    return figure([], title, lang, xaxis={"visible": False}, yaxis={"visible": False},
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
    return figure(traces, title, lang, yaxis=yaxis, showlegend=len(traces) > 1)


def kpi_card(name: str, label: str, value: str, note: str = "") -> html.Div:
    """A headline figure: its label, value and a note."""
    return html.Div([
        html.Div(label, className="kpi-label"),
        html.Div(value, id=ids.kpi(name), className="kpi-value"),
        html.Div(note, className="kpi-note"),
    ], className="kpi-card")
