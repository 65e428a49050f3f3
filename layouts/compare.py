"""Several counties on one trend chart, beside their area: the picker and the figure.

The map's trend tab and the province page share them; the choice lives in the address
(?compare=522722,522723).
"""

import pandas as pd
from dash import dcc, html

from layouts.figures import axis_title, empty_figure, figure, values
from layouts.i18n import dropdown_labels, pick
from layouts.indicators import by_key

MOST = 10  # counties on one chart: more lines than that cannot be told apart
HOVER_FORMATS = {"share": ".2%", "ratio": ",.2f", "count": ",.0f", "yuan": ",.0f", "year": "d"}
AXIS_FORMATS = {"share": ".1~%"}

L = {
    "compare": ("Compare counties (up to {most})", "对比县（最多{most}个）"),
    "placeholder": ("Type a county's name, pinyin or code to add it",
                    "输入县名、拼音或代码添加"),
    "title": ("{indicator}: {area} and counties, by year", "{indicator}：{area}及所选县，历年"),
    "title_area": ("{indicator}: {area}, by year", "{indicator}：{area}，历年"),
    "right_axis": ("{area} (right axis)", "{area}（右轴）"),
    "no_trend": ("The year a county left the list has no trend: choose another indicator.",
                 "贫困县摘帽年份没有历年变化，请选择其他指标。"),
}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def county_option(place, lang: str, disabled: bool = False) -> dict:
    """A county as the picker lists it: '荔波县 Libo County · Guizhou'."""
    first, second = ((place.name_zh, place.name_en) if lang == "zh"
                     else (place.name_en, place.name_zh))
    province = place.province_zh if lang == "zh" else place.province_en
    return {"label": f"{first} {second} · {province}", "value": place.adcode,
            "disabled": disabled}


def picker_options(chosen: list, found: list, lang: str) -> list[dict]:
    """The chosen counties, then what the typed text found; the rest disabled once MOST are
    chosen."""
    taken = {place.adcode for place in chosen}
    full = len(chosen) >= MOST
    return ([county_option(place, lang) for place in chosen]
            + [county_option(place, lang, disabled=full) for place in found
               if place.adcode not in taken])


def compare_control(control_id: str, chosen: list, lang: str) -> html.Div:
    """The picker: a searchable multi-select whose options the server fills as one types."""
    return html.Div([
        html.Label(label("compare", lang).format(most=MOST), htmlFor=control_id),
        dcc.Dropdown(id=control_id, multi=True, searchable=True,
                     options=picker_options(chosen, [], lang),
                     value=[place.adcode for place in chosen],
                     placeholder=label("placeholder", lang),
                     labels=dropdown_labels(lang)),
    ], className="control compare-control")


def compared_trend(area: pd.DataFrame, area_name: str, counties: list[tuple[str, pd.DataFrame]],
                   indicator_key: str, lang: str) -> dict:
    """The indicator by year for the area (dashed) and each county. A count of an area dwarfs
    its counties', so beside counties the area's count is read on its own axis, on the right."""
    indicator = by_key()[indicator_key]
    name = pick(indicator.label, lang)
    title = label("title" if counties else "title_area", lang).format(indicator=name,
                                                                       area=area_name)
    if not indicator.per_year:
        return empty_figure(label("no_trend", lang), lang)
    own_axis = indicator.kind == "count" and bool(counties)
    hover = HOVER_FORMATS[indicator.kind]
    area_label = label("right_axis", lang).format(area=area_name) if own_axis else area_name
    traces = [_line(area, indicator_key, area_label, hover, dash="dash",
                    colour="#52606d", axis="y2" if own_axis else "y")]
    traces += [_line(frame, indicator_key, county, hover) for county, frame in counties]
    traces = [trace for trace in traces if any(y is not None for y in trace["y"])]
    if not traces:
        return empty_figure(title, lang)
    unit = pick(indicator.unit, lang)
    yaxis = axis_title(unit) | ({"tickformat": AXIS_FORMATS[indicator.kind]}
                                if indicator.kind in AXIS_FORMATS else {})
    extra = ({"yaxis2": {"overlaying": "y", "side": "right", "showgrid": False,
                         "title": {"text": area_label}, "rangemode": "tozero",
                         "automargin": True, "tickmode": "auto"}}
             if own_axis else {})
    return figure(traces, title, lang, yaxis=yaxis | {"rangemode": "tozero"}, showlegend=True,
                  legend={"orientation": "h", "y": -0.2}, margin={"b": 90}, **extra)


def _line(frame: pd.DataFrame, column: str, name: str, hover: str, dash: str = "solid",
          colour: str | None = None, axis: str = "y") -> dict:
    ys = values(frame[column]) if column in frame else [None] * len(frame)
    line = {"dash": dash} | ({"color": colour} if colour else {})
    return {"type": "scatter", "mode": "lines+markers", "x": values(frame["year"]), "y": ys,
            "name": name, "yaxis": axis, "line": line,
            "hovertemplate": f"{name}<br>%{{x}}: %{{y:{hover}}}<extra></extra>"}
