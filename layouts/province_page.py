"""The province page: totals, trends, its poverty counties ranked, and the nation beside it."""

from dataclasses import dataclass

import pandas as pd
from dash import dash_table, dcc, html

from indicators import REGISTRY_YEARS
from layouts import ids
from layouts.compare import compare_control
from layouts.east_west import partners_section
from layouts.export import origin, source_note, with_status
from layouts.figures import (
    GRAPH_CONFIG,
    axis_title,
    drawn,
    empty_figure,
    figure,
    kpi_card,
    status_marks,
    trend_figure,
    values,
)
from layouts.format import is_missing, large, number, share
from layouts.i18n import dropdown_labels, pick
from layouts.indicators import by_key, offered
from layouts.map_page import numeric_format
from layouts.overview import label as overview_label
from layouts.overview import measures_section
from layouts.state import href
from layouts.suppression import (
    by_status,
    cells,
    flags,
    marked,
    marker,
    sorted_last,
    table_values,
)
from layouts.tables import filter_options
from layouts.theme import FONT

L = {
    "lede": ("{programme} counties in the programme, {poverty} of them national poverty "
             "counties: totals, trends, and each poverty county ranked, beside all China.",
             "纳入扶贫范围的县{programme}个，其中国家级贫困县{poverty}个：主要指标、历年趋势、"
             "贫困县排名，以及与全国的对比。"),
    "on_map": ("See the province on the county map", "在县域地图上查看本省"),
    "of_counties": ("of the province's {n} national poverty counties", "本省国家级贫困县共{n}个"),
    "trends": ("Trends by year", "历年趋势"),
    "cadres_serving": ("Cadres serving", "在岗驻村干部"),
    "counties": ("Poverty counties and the nation", "贫困县与全国对比"),
    "over_time": ("Counties over time", "各县历年对比"),
    "indicator": ("Indicator", "指标"),
    "year": ("Year of the ranking", "排名年份"),
    "nation": ("All China", "全国"),
    # Short enough for a phone: Plotly does not wrap titles.
    "direct": ("A rate, so compared as it is.", "本身是比率，直接对比。"),
    "as_share": ("A share, not a count: the nation is far larger.",
                 "按比例而非人数对比：全国规模远大于一省。"),
    "share": ("share", "比例"),
    "rank": ("Rank", "排名"),
    "poverty_counties": (", national poverty counties", "，国家级贫困县"),
    "county": ("County", "县"),
    "county_zh": ("County (Chinese)", "县（中文）"),
    "county_en": ("County (English)", "县（英文）"),
    "prefecture": ("Prefecture (Chinese)", "地级市"),
    "ranked": ("{n} national poverty counties, ranked by {indicator}{year}, highest first. "
               "Click a county to open its page; sort or filter by any column.",
               "{n}个国家级贫困县，按{indicator}{year}从高到低排名。点击县名打开该县页面；"
               "可按任一列排序或筛选。"),
    "in_year": (" in {year}", "（{year}年）"),
    "no_counties": ("This province has no national poverty counties: there is nothing to rank.",
                    "本省没有国家级贫困县，无可排名。"),
    "csv": ("Download CSV", "下载 CSV"),
    "excel": ("Download Excel", "下载 Excel"),
    "source": ("Source: poverty registry rollups (county_year, province_year, national_year, "
               "province_totals).",
               "来源：建档立卡汇总表（county_year、province_year、national_year、province_totals）。"),
    "no_such": ("No such province", "没有这个省份"),
    "no_such_body": ("No province with counties in the programme has the code",
                     "没有代码为以下值、且有县纳入扶贫范围的省份："),
    "choose": ("Choose one of these provinces:", "请选择以下省份之一："),
}

# A count grows with the size of the area, so beside the nation it is compared as a share
# (definitions in queries/province_comparison.sql).
SHARES_OF_COUNTS = {
    "still_poor_people": ("still_poor_share", (
        "Still poor at year end, % of the registry", "年末未脱贫人口占建档立卡人口比例")),
    "exited_people": ("exit_rate", (
        "Exited in the year, % of the year's poor", "当年脱贫人口占当年贫困人口比例")),
    "cumulative_exited_people": ("cumulative_exited_share", (
        "Exited since 2014, % of the registry", "累计脱贫人口占建档立卡人口比例")),
    "county_exit_year": ("counties_delisted_share", (
        "Poverty counties off the list, % of all", "已摘帽贫困县占全部贫困县比例")),
}
LINK_COLOUR = "#0b5394"  # --accent of style.css
AXIS_FORMATS = {"share": ".1~%", "ratio": ",.2f", "yuan": ",.0f"}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def province_name(province: dict, lang: str) -> str:
    """The province's name in the page language: 'Guizhou' / '贵州省'."""
    return province["name_zh"] if lang == "zh" else province["name_en"]


def kpi_cards(kpis: dict, lang: str) -> html.Section:
    """The province's headline totals; `kpis` is the one row of the province_kpis query."""
    kpis = marked(kpis)
    def text(key: str) -> str:
        return overview_label(key, lang)

    def value(column: str, unit: str = "") -> str:
        return large(kpis.get(column), unit, lang)

    people, yuan = text("people"), text("yuan")
    peak_note = text("registry") + ("" if is_missing(kpis.get("peak_poor_people"))
                                      else f", {kpis.get('peak_year')}")
    return html.Section([
        kpi_card("peak_poor_people", text("peak"), value("peak_poor_people", people), peak_note),
        kpi_card("exited_people", text("exited"), value("exited_people", people),
                 text("registry")),
        kpi_card("counties_delisted", text("counties"), value("counties_delisted"),
                 label("of_counties", lang).format(n=value("poverty_counties"))),
        kpi_card("villages_delisted", text("villages"), value("villages_delisted")),
        kpi_card("funds_fiscal_yuan", text("funds"), value("funds_fiscal_yuan", yuan),
                 text("central").format(v=value("funds_central_yuan", yuan))),
        kpi_card("work_teams_sent", text("teams"), value("work_teams_sent"),
                 text("cadres").format(c=value("cadres_sent"),
                                         s=value("first_secretaries_sent"))),
    ], id=ids.KPI_CARDS, className="kpi-grid", **{"aria-label": text("totals")})


def trend_charts(trend: pd.DataFrame, lang: str) -> html.Section:
    """The province's measures by year, from the province_year rollup (registry figures)."""
    def text(key: str) -> str:
        return overview_label(key, lang)

    def chart(series: list[tuple[str, str]], title: str, unit: str, kind: str = "line"):
        return trend_figure(trend, series, text(title), text(unit), kind=kind, lang=lang)

    charts = [
        (ids.TREND_STILL_POOR, chart([("still_poor_people", text("registry_still_poor"))],
                                     "poor_by_year", "people")),
        (ids.TREND_EXITS, chart([("exited_people", text("people_exited"))],
                                "exits_by_year", "people", "bar")),
        (ids.TREND_COUNTIES, chart([("counties_exited", text("counties_delisted"))],
                                   "counties_by_year", "counties_unit", "bar")),
        (ids.TREND_FUNDS, chart([("funds_fiscal_yuan", text("fiscal")),
                                 ("funds_central_yuan", text("central_funds"))],
                                "funds_by_year", "yuan", "bar")),
        (ids.TREND_TEAMS, chart([("work_teams", text("teams_serving")),
                                 ("cadres", label("cadres_serving", lang))],
                                "teams_by_year", "teams_unit")),
    ]
    return html.Section(
        [html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG), className="chart")
         for graph_id, fig in charts],
        className="chart-grid", **{"aria-label": label("trends", lang)},
    )


@dataclass(frozen=True)
class Comparison:
    """What the province-versus-nation chart draws for one indicator."""
    column: str  # a column of the province_comparison query
    label: tuple[str, str]
    kind: str  # share | ratio | yuan
    unit: tuple[str, str]
    from_count: bool  # the indicator is a count, drawn as a share


def comparison_for(indicator_key: str) -> Comparison:
    """The measure that compares a province with the nation fairly for this indicator."""
    if indicator_key in SHARES_OF_COUNTS:
        column, measure = SHARES_OF_COUNTS[indicator_key]
        return Comparison(column, measure, "share", L["share"], from_count=True)
    indicator = by_key()[indicator_key]
    return Comparison(indicator.key, indicator.label, indicator.kind, indicator.unit,
                      from_count=False)


def _comparison_text(kind: str, value, lang: str) -> str:
    """A share, yuan or ratio as the hover writes it (withheld or no data as such)."""
    return share(value, 1, lang) if kind == "share" else number(value, 2 if kind == "ratio" else 0,
                                                                  lang)


def comparison_figure(frame: pd.DataFrame, indicator_key: str, area: str, year: int,
                      lang: str, trend: pd.DataFrame) -> dict:
    """The province and the nation by year on one chart; the subtitle says how they compare.
    `trend`, the province's rows, says which of its years the public edition withholds."""
    comparison = comparison_for(indicator_key)
    title = pick(comparison.label, lang)
    hidden = set(trend.year[flags(trend, indicator_key)]) if indicator_key in trend else set()
    if frame.empty or (frame.loc[frame.area == "province", comparison.column].isna().all()
                       and not hidden):
        return empty_figure(title, lang)
    why = label("as_share" if comparison.from_count else "direct", lang)
    withheld_marker = marker(trend)
    traces, points = [], []
    for key, name, dash in (("province", area, "solid"), ("nation", label("nation", lang), "dash")):
        rows = frame[frame.area == key]
        ys = [withheld_marker if key == "province" and y in hidden else v
              for y, v in zip(rows.year, cells(rows, comparison.column))]
        hover = [f"{name}, {y}: {_comparison_text(comparison.kind, v, lang)}"
                 for y, v in zip(rows.year, ys)]
        traces.append({"type": "scatter", "x": values(rows.year), "y": drawn(ys), "name": name,
                       "mode": "lines+markers", "line": {"dash": dash}, "hovertext": hover,
                       "hovertemplate": "%{hovertext}<extra></extra>"})
        points += zip(values(rows.year), hover, ys)
    traces += status_marks(points, lang)
    # The ranking year, marked across the plot's whole height.
    ranking_year = {"type": "line", "x0": year, "x1": year, "xref": "x", "y0": 0, "y1": 1,
                    "yref": "y domain", "line": {"color": "#9aa5b1", "dash": "dot", "width": 1}}
    return figure(traces, {"text": title, "subtitle": {"text": why}}, lang, margin={"t": 84},
                  yaxis=axis_title(pick(comparison.unit, lang))
                  | {"tickformat": AXIS_FORMATS[comparison.kind]}, shapes=[ranking_year])


def ranked(counties: pd.DataFrame, indicator_key: str) -> pd.DataFrame:
    """The counties ranked on the indicator, highest first; then, unranked, those withheld,
    then those with no value."""
    values = counties[indicator_key]
    frame = counties.assign(value=values, rank=values.rank(method="min", ascending=False))
    return by_status(frame.sort_values(["rank", "adcode"], na_position="last"), indicator_key)


def table_rows(counties: pd.DataFrame, indicator_key: str, lang: str) -> list[dict]:
    """One row per poverty county; the county name links to its page."""
    table = ranked(counties, indicator_key)
    names = table.name_zh if lang == "zh" else table.name_en
    return pd.DataFrame({
        "rank": table["rank"],
        "adcode": table.adcode,
        "county": "[" + names + "](/county/" + table.adcode + href("", lang) + ")",
        "prefecture": table.prefecture_zh,
        "value": table_values(table, indicator_key, lang),
    }).to_dict("records")


def table_columns(indicator_key: str, lang: str) -> list[dict]:
    indicator = by_key()[indicator_key]
    return [
        {"id": "rank", "name": label("rank", lang), "type": "numeric",
         "format": {"specifier": "d"}},
        {"id": "county", "name": label("county", lang), "presentation": "markdown"},
        {"id": "prefecture", "name": label("prefecture", lang)},
        {"id": "value", "name": indicator.title(lang), "type": "numeric",
         "format": numeric_format(indicator.kind, lang)},
    ]


def table_note(count: int, indicator_key: str, year: int, lang: str) -> str:
    """What the table holds: how many counties, ranked on what and when."""
    if count == 0:
        return label("no_counties", lang)
    indicator = by_key()[indicator_key]
    when = label("in_year", lang).format(year=year) if indicator.per_year else ""
    return label("ranked", lang).format(n=count, indicator=pick(indicator.label, lang), year=when)


def export_table(counties: pd.DataFrame, indicator_key: str, lang: str) -> pd.DataFrame:
    """The ranked table as downloaded: both names and the adcode, headers in the page language."""
    table = ranked(counties, indicator_key)
    indicator = by_key()[indicator_key]
    export = pd.DataFrame({
        label("rank", lang): table["rank"].astype("Int64"),
        "adcode": table.adcode,
        label("county_zh", lang): table.name_zh,
        label("county_en", lang): table.name_en,
        label("prefecture", lang): table.prefecture_zh,
    })
    return with_status(export, indicator.title(lang), cells(table, indicator_key), lang,
                       integer=indicator.kind in ("count", "year"))


def export_source(province: dict, indicator_key: str, year: int, synthetic: bool,
                  build_id: str, lang: str = "en") -> str:
    """The header line of a download: where the numbers come from and which filters made it."""
    name = province["name_zh"] if lang == "zh" else province["name_en"]
    return source_note(synthetic, build_id, origin("county_year"), {
        "province": f"{province['adcode']} {name}{label('poverty_counties', lang)}",
        "indicator": indicator_key, "year": year}, lang)


def export_filename(adcode: str, indicator_key: str, year: int, extension: str) -> str:
    return f"poverty_province_{adcode}_{indicator_key}_{year}.{extension}"


def controls(state: dict, lang: str) -> html.Div:
    """Indicator and year; both live in the address."""
    options = [{"label": pick(i.label, lang), "value": i.key} for i in offered()]
    return html.Div([
        html.Div([
            html.Label(label("indicator", lang), htmlFor=ids.PROVINCE_INDICATOR),
            dcc.Dropdown(id=ids.PROVINCE_INDICATOR, options=options, value=state["indicator"],
                         clearable=False, searchable=False,
                         labels=dropdown_labels(lang)),
        ], className="control"),
        html.Div([
            html.Label(label("year", lang), htmlFor=ids.PROVINCE_YEAR, id=ids.PROVINCE_YEAR_LABEL),
            dcc.Slider(id=ids.PROVINCE_YEAR, min=REGISTRY_YEARS[0], max=REGISTRY_YEARS[-1], step=1,
                       value=state["year"], marks={y: str(y) for y in REGISTRY_YEARS}, included=False,
                       updatemode="mouseup"),
        ], className="control", **{"aria-labelledby": ids.PROVINCE_YEAR_LABEL}),
    ], className="controls province-controls")


def county_table(counties: pd.DataFrame, state: dict, lang: str) -> html.Div:
    """The ranked poverty counties with their downloads."""
    return html.Div([
        html.P(table_note(len(counties), state["indicator"], state["year"], lang),
               id=ids.PROVINCE_TABLE_NOTE, className="note"),
        html.Div([
            html.Button(label("csv", lang), id=ids.PROVINCE_CSV, n_clicks=0),
            html.Button(label("excel", lang), id=ids.PROVINCE_EXCEL, n_clicks=0),
            dcc.Download(id=ids.PROVINCE_DOWNLOAD),
        ], className="downloads"),
        dash_table.DataTable(
            id=ids.PROVINCE_TABLE, columns=table_columns(state["indicator"], lang),
            data=table_rows(counties, state["indicator"], lang),
            sort_action="native", filter_action="native", page_size=100,
            filter_options=filter_options(lang), sort_as_null=sorted_last(counties, lang),
            markdown_options={"link_target": "_self"},
            # Markdown cells wrap their link in a paragraph: without margins rows stay one line.
            # The table redefines --accent (hot pink), so the link colour is spelled out.
            css=[{"selector": ".cell-markdown p", "rule": "margin: 0"},
                 {"selector": ".cell-markdown a", "rule": f"color: {LINK_COLOUR}"}],
            style_table={"overflowX": "auto"},
            style_cell={"textAlign": "left", "fontFamily": FONT, "padding": "4px 8px"},
            style_cell_conditional=[{"if": {"column_id": "rank"}, "width": "4.5em"}],
            style_header={"fontWeight": "600"},
        ),
    ])


def province_page(province: dict, state: dict, kpis: dict, trend: pd.DataFrame,
                  counties: pd.DataFrame, comparison: pd.DataFrame, county_trends: dict,
                  compared: list, batches: pd.DataFrame, batches_by_year: pd.DataFrame,
                  corrections: pd.DataFrame, pairs: pd.DataFrame, east_west: pd.DataFrame,
                  published: pd.DataFrame, synthetic: bool, lang: str) -> html.Div:
    """The whole page for one province; every frame may be empty (the page then says no data).
    `county_trends` is the figure of the counties compared (`compared`, from the address);
    `east_west`, what flowed along its East–West pairs, and `batches_by_year`, the five
    batches' years, generated when `synthetic` (the amounts then add up to the `published`
    figures)."""
    name = province_name(province, lang)
    return html.Div([
        # The page's own view of the address: its callbacks never depend on the shell's.
        dcc.Location(id=ids.PROVINCE_URL, refresh="callback-nav"),
        html.H1(name),
        html.P([
            label("lede", lang).format(programme=province["counties_in_programme"],
                                       poverty=province["poverty_counties"]),
            " ",
            dcc.Link(label("on_map", lang),
                     href=href("/map", lang, province=province["adcode"])),
        ], className="lede"),
        kpi_cards(kpis, lang),
        html.H2(label("trends", lang)),
        trend_charts(trend, lang),
        html.H2(label("counties", lang)),
        controls(state, lang),
        html.Div(dcc.Graph(id=ids.PROVINCE_COMPARISON, config=GRAPH_CONFIG,
                           figure=comparison_figure(comparison, state["indicator"], name,
                                                    state["year"], lang, trend)),
                 className="chart"),
        county_table(counties, state, lang),
        html.H2(label("over_time", lang)),
        compare_control(ids.PROVINCE_COMPARE, compared, lang),
        html.Div(dcc.Graph(id=ids.PROVINCE_COUNTY_TRENDS, config=GRAPH_CONFIG,
                           figure=county_trends), className="chart"),
        measures_section(batches, batches_by_year, corrections, pairs, trend, synthetic, lang,
                         (ids.PROVINCE_BATCHES, ids.PROVINCE_BATCHES_BY_YEAR,
                          ids.PROVINCE_RELOCATED, ids.PROVINCE_CORRECTION)),
        partners_section(east_west, pairs, published, synthetic, lang),
        html.P(label("source", lang), className="note"),
    ], className="province-page")


def no_such_province(adcode: str, provinces: pd.DataFrame, lang: str) -> list:
    """The answer to an address naming no province with programme counties: the ones there are."""
    names = provinces.name_zh if lang == "zh" else provinces.name_en
    links = [html.Li(dcc.Link(name, href=href(f"/province/{code}", lang)))
             for code, name in zip(provinces.adcode, names)]
    return [html.Div([
        html.H1(label("no_such", lang)),
        html.P([label("no_such_body", lang), " ", html.Code(adcode)]),
        html.P(label("choose", lang)),
        html.Ul(links, className="province-list"),
    ], id=ids.PROVINCE_NOT_FOUND)]
