"""The /map page: controls, then tabs with the map, the same numbers as a table, and a trend."""

import pandas as pd
import plotly.graph_objects as go
from dash import dash_table, dcc, html

from indicators import REGISTRY_YEARS
from layouts import ids
from layouts.compare import compare_control
from layouts.export import with_status
from layouts.figures import GRAPH_CONFIG, trend_figure
from layouts.format import NO_DATA
from layouts.i18n import dropdown_labels, pick
from layouts.indicators import by_key, offered
from layouts.state import href
from layouts.suppression import by_status, cells, table_values
from layouts.tables import MARKDOWN_CSS, filter_options

NATION = "all"  # the area pickers' value for the whole country
TABS = ("map", "table", "chart")
TABLE_FORMATS = {"share": ".1%", "ratio": ",.2f", "count": ",.0f", "yuan": ",.0f", "year": "d"}

L = {
    "title": ("County map", "县域地图"),
    "lede": ("Choose an indicator and a year; pick a province to zoom in. Click a county "
             "to open its page.", "选择指标和年份；选择省份可放大查看。点击县可打开该县页面。"),
    "indicator": ("Indicator", "指标"),
    "year": ("Year", "年份"),
    "province": ("Province", "省份"),
    "nation": ("All China", "全国"),
    "play": ("Play years", "播放年份"),
    "pause": ("Pause", "暂停"),
    "map": ("Map", "地图"),
    "table": ("Table", "表格"),
    "chart": ("Trend", "趋势"),
    "county_zh": ("County (Chinese)", "县（中文）"),
    "county_en": ("County (English)", "县（英文）"),
    "province_col": ("Province", "省份"),
    "csv": ("Download CSV", "下载 CSV"),
    "excel": ("Download Excel", "下载 Excel"),
    "map_alt": ("The table tab lists the same values as the map.", "“表格”标签页列出与地图相同的数值。"),
    "map_keys": ("On the map, the arrow keys go from county to county, code by code, and Enter "
                 "opens the one chosen.",
                 "在地图上，可用方向键按行政区划代码顺序逐县选择，按回车键打开所选县的页面。"),
    # What assets/poverty.js says of the county chosen with the keys.
    "map_key_county": ("{name}, {province}: {indicator} {value} ({n} of {total}).",
                       "{name}（{province}）：{indicator} {value}（第{n}个，共{total}个）。"),
    "source_registry": ("Source: poverty registry rollups (county_year).", "来源：建档立卡汇总表（county_year）。"),
    "trend_of": ("{indicator}: {area}, by year", "{indicator}：{area}，历年"),
    "open_province": ("Open province page", "打开省份页面"),
}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def controls(state: dict, provinces: pd.DataFrame, lang: str, playing: bool = False) -> html.Div:
    """Indicator, year (with play) and province; every control is labelled for screen readers."""
    indicator_options = [{"label": pick(i.label, lang), "value": i.key} for i in offered()]
    name = "name_zh" if lang == "zh" else "name_en"
    province_options = [{"label": label("nation", lang), "value": NATION}] + [
        {"label": getattr(row, name), "value": row.adcode} for row in provinces.itertuples()
    ]
    return html.Div([
        html.Div([
            html.Label(label("indicator", lang), htmlFor=ids.MAP_INDICATOR),
            dcc.Dropdown(id=ids.MAP_INDICATOR, options=indicator_options,
                         value=state["indicator"], clearable=False, searchable=False,
                         labels=dropdown_labels(lang)),
        ], className="control control-wide"),
        html.Div([
            html.Label(label("province", lang), htmlFor=ids.MAP_PROVINCE),
            dcc.Dropdown(id=ids.MAP_PROVINCE, options=province_options,
                         value=state["province"], clearable=False,
                         labels=dropdown_labels(lang)),
            dcc.Link(label("open_province", lang), id=ids.PROVINCE_MAP_LINK,
                     className="province-link", **province_link(state, lang)),
        ], className="control"),
        html.Div([
            html.Label(label("year", lang), htmlFor=ids.MAP_YEAR, id=ids.MAP_YEAR_LABEL),
            html.Div([
                html.Button(label("pause" if playing else "play", lang), id=ids.MAP_PLAY,
                            className="play", n_clicks=0, **{"aria-pressed": str(playing).lower()}),
                dcc.Slider(id=ids.MAP_YEAR, min=REGISTRY_YEARS[0], max=REGISTRY_YEARS[-1], step=1,
                           value=state["year"], marks={y: str(y) for y in REGISTRY_YEARS},
                           included=False, updatemode="mouseup"),
            ], className="year-row"),
            dcc.Interval(id=ids.MAP_PLAY_TIMER, interval=1500, disabled=not playing),
            dcc.Store(id=ids.MAP_DRAWN_YEAR, data=state["year"]),
        ], className="control control-wide", **{"aria-labelledby": ids.MAP_YEAR_LABEL}),
    ], className="controls")


def province_link(state: dict, lang: str) -> dict:
    """Href and style of the link to the chosen province's page, keeping indicator and year."""
    return {"href": href(f"/province/{state['province']}", lang, indicator=state["indicator"],
                         year=state["year"]),
            "style": {"display": "none"} if state["province"] == NATION else {}}


def numeric_format(kind: str, lang: str) -> dict:
    """A numeric table column's format: missing cells read "no data" (withheld ones carry
    their own text)."""
    return {"specifier": TABLE_FORMATS[kind], "nully": NO_DATA[lang]}


def table_columns(indicator_key: str, lang: str) -> list[dict]:
    indicator = by_key()[indicator_key]
    title = indicator.title(lang)
    numeric = {"type": "numeric", "format": numeric_format(indicator.kind, lang)}
    # The name in the page's language first, a link to the county, and the value beside it:
    # on a phone both stay in view.
    own, other = ("name_zh", "name_en") if lang == "zh" else ("name_en", "name_zh")
    return [
        {"id": own, "name": label(own.replace("name", "county"), lang), "presentation": "markdown"},
        {"id": "value", "name": title, **numeric},
        {"id": other, "name": label(other.replace("name", "county"), lang)},
        {"id": "province", "name": label("province_col", lang)},
    ]


def table_rows(frame: pd.DataFrame, indicator_key: str, lang: str) -> list[dict]:
    """The programme counties of the current view, one row each, with the value (or the
    public edition's text for a withheld one): those with values first, then withheld, then
    missing, each in code order. The name in the page's language links to the county."""
    rows = by_status(frame[frame.in_programme], indicator_key)
    page = "](/county/" + rows.adcode + href("", lang) + ")"
    return pd.DataFrame({
        "adcode": rows.adcode,
        "name_zh": "[" + rows.name_zh + page if lang == "zh" else rows.name_zh,
        "name_en": rows.name_en if lang == "zh" else "[" + rows.name_en + page,
        "province": rows.province_zh if lang == "zh" else rows.province_en,
        "value": table_values(rows, indicator_key, lang),
    }).to_dict("records")


def export_table(frame: pd.DataFrame, indicator_key: str, lang: str) -> pd.DataFrame:
    """The table as downloaded: withheld and missing values empty, with a status column;
    counts and years as integers."""
    rows = by_status(frame[frame.in_programme], indicator_key)
    indicator = by_key()[indicator_key]
    table = pd.DataFrame({
        "adcode": rows.adcode, label("county_zh", lang): rows.name_zh,
        label("county_en", lang): rows.name_en,
        label("province_col", lang): rows.province_zh if lang == "zh" else rows.province_en,
    })
    return with_status(table, indicator.title(lang), cells(rows, indicator_key), lang,
                       integer=indicator.kind in ("count", "year"))


def area_trend(trend: pd.DataFrame, indicator_key: str, area: str, lang: str) -> dict:
    indicator = by_key()[indicator_key]
    title = label("trend_of", lang).format(indicator=pick(indicator.label, lang), area=area)
    return trend_figure(trend, [(indicator_key, pick(indicator.label, lang))], title,
                        pick(indicator.unit, lang), lang=lang)


def map_page(state: dict, provinces: pd.DataFrame, figure: go.Figure, summary: str,
             rows: list[dict], trend: dict, compared: list, withheld_text: list[str],
             lang: str) -> list:
    """The page; `summary`: the map in a sentence (layouts.map.extremes); `compared`: the
    counties on the trend chart; `withheld_text`: what a withheld cell of the table reads,
    sorted last."""
    return [
        html.H1(label("title", lang)),
        html.P(label("lede", lang), className="lede"),
        # The page's own view of the address: its callbacks never depend on the shell's.
        dcc.Location(id=ids.MAP_URL, refresh="callback-nav"),
        controls(state, provinces, lang),
        dcc.Tabs(id=ids.MAP_TABS, value=state["tab"], children=[
            dcc.Tab(label=label("map", lang), value="map", children=[
                # Said again as the year plays: the year changes with it.
                html.P(summary, id=ids.MAP_SUMMARY, className="map-summary",
                       **{"aria-live": "polite"}),
                dcc.Loading(dcc.Graph(id=ids.MAP_GRAPH, figure=figure, className="map-graph",
                                      config={**GRAPH_CONFIG, "scrollZoom": True}),
                            delay_show=400),
                html.P(id=ids.MAP_KEYS_STATUS, className="map-key-status",
                       **{"aria-live": "polite", "data-county": label("map_key_county", lang)}),
                html.P([html.Span(label("map_keys", lang), id=ids.MAP_KEYS_HINT), " ",
                        label("map_alt", lang), " ", label("source_registry", lang)],
                       className="note"),
            ]),
            dcc.Tab(label=label("table", lang), value="table", children=[
                html.Div([
                    html.Button(label("csv", lang), id=ids.MAP_CSV, n_clicks=0),
                    html.Button(label("excel", lang), id=ids.MAP_EXCEL, n_clicks=0),
                    dcc.Download(id=ids.MAP_DOWNLOAD),
                ], className="downloads"),
                dash_table.DataTable(
                    id=ids.MAP_TABLE, columns=table_columns(state["indicator"], lang), data=rows,
                    sort_action="native", filter_action="native", page_size=25,
                    filter_options=filter_options(lang), sort_as_null=withheld_text,
                    markdown_options={"link_target": "_self"},
                    css=MARKDOWN_CSS,
                    style_table={"overflowX": "auto"}, style_cell={"textAlign": "left"},
                    style_header={"fontWeight": "600"},
                ),
            ]),
            dcc.Tab(label=label("chart", lang), value="chart", children=[
                compare_control(ids.MAP_COMPARE, compared, lang),
                html.Div(dcc.Graph(id=ids.MAP_TREND, figure=trend, config=GRAPH_CONFIG),
                         className="chart"),
            ]),
        ]),
    ]
