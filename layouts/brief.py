"""/county/<adcode>/brief: one county on one or two printed A4 pages.

The key figures, the report's four questions as four small charts, the year the county
left the list, and where every number comes from. Charts have a fixed size that fits
two across an A4 page and one across a phone, because a chart is not redrawn for print;
style.css's print rules hide the site's menus, toolbars and buttons and keep each chart
on one page.
"""

from dash import dcc, html

from layouts import ids
from layouts.county_page import (
    MEASURES,
    CountyData,
    area_text,
    category_bars,
    county_kpis,
    county_name,
    exit_text,
    label,
)
from layouts.figures import GRAPH_CONFIG, trend_figure
from layouts.format import is_missing
from layouts.i18n import html_lang, other_language, pick
from layouts.state import href

# Two charts side by side in A4's printable width (210 mm less 2 × 12 mm margins is 703 CSS
# pixels) and one within a 390-pixel phone.
CHART_WIDTH, CHART_HEIGHT = 340, 200
# The brief's charts are pictures to read: no mode bar, nothing to click away to.
BRIEF_GRAPH_CONFIG = {**GRAPH_CONFIG, "displayModeBar": False, "responsive": False}

B = {
    "brief": ("County brief", "县情简报"),
    "print": ("Print", "打印"),
    "back": ("Back to the county page", "返回县页面"),
    "key_figures": ("Key figures", "主要指标"),
    "exit": ("Left the poverty-county list", "贫困县摘帽"),
    "synthetic": ("synthetic", "合成数据"),
    "synthetic_note": ("Figures marked “synthetic” are generated demo data at {percent}% of "
                       "the national scale, made to reproduce the published national totals; "
                       "no county's, village's or household's figure is real. The county's "
                       "names, status and exit year are published facts.",
                       "标有“合成数据”的数字为演示用生成数据，规模为全国的{percent}%，"
                       "其全国合计与公开数据一致，但各县、村、户的数字均非真实数据。"
                       "县名、贫困县身份和摘帽年份为公开信息。"),
    "source": ("Source: poverty registry and programme tables (rollups county_year, "
               "county_measures, county_teams_by_level, county_monitoring); database built "
               "{built} UTC from {origin} data, build {build}.",
               "来源：建档立卡及扶贫项目数据表（汇总表 county_year、county_measures、"
               "county_teams_by_level、county_monitoring）；数据库构建于 {built} UTC，"
               "{origin}数据，版本 {build}。"),
    "origin_synthetic": ("synthetic", "合成"),
    "origin_ingested": ("ingested", "导入"),
    "who_is_poor": ("Who is poor? People still poor at year end", "扶持谁？年末未脱贫人口"),
    "who_helps": ("Who helps? Work teams and cadres serving", "谁来扶？在岗驻村工作队和干部"),
    "how_helped": ("How is help given? Households reached by the five batches",
                   "怎么扶？“五个一批”覆盖农户"),
    "when_over": ("When is poverty over? People exiting by year", "如何退？历年脱贫人口"),
    "left_list": ("left the list", "摘帽"),
}


def text(key: str, lang: str) -> str:
    return pick(B[key], lang)


def compact(fig: dict) -> dict:
    """A figure at the brief's fixed size, with a smaller title and the legend underneath."""
    layout = fig["layout"]
    title = layout.get("title", {})
    return {**fig, "layout": {
        **layout, "autosize": False, "width": CHART_WIDTH, "height": CHART_HEIGHT,
        "margin": {"l": 48, "r": 8, "t": 12, "b": 36},
        "title": {**title, "text": ""},  # the question above the chart says what it shows
        "meta": {**layout.get("meta", {}), "name": title.get("text", "")},  # for screen readers
        "legend": {"orientation": "h", "y": -0.2, "x": 0, "font": {"size": 10}},
        "font": {"size": 11}}}


def exits_figure(trend, profile: dict, lang: str) -> dict:
    """People exiting each year, with the year the county left the list marked."""
    fig = trend_figure(trend, [("exited_people", label("people_exited", lang))],
                       text("when_over", lang), label("people", lang), kind="bar", lang=lang)
    year = profile["exit_year"]
    if profile["is_poverty_county"] and not is_missing(year) and fig["data"]:
        fig["layout"]["shapes"] = [{"type": "line", "x0": year, "x1": year, "xref": "x",
                                    "y0": 0, "y1": 1, "yref": "y domain",
                                    "line": {"color": "#d55e00", "dash": "dot", "width": 2}}]
        fig["layout"]["annotations"] = [{"x": year, "y": 1, "xref": "x", "yref": "y domain",
                                         "text": text("left_list", lang), "showarrow": False,
                                         "xanchor": "left", "yanchor": "top",
                                         "font": {"color": "#d55e00", "size": 10}}]
    return fig


def brief_figures(profile: dict, data: CountyData, lang: str) -> dict[str, dict]:
    """The four questions' charts, by the id of the graph that shows each."""
    trend = data.trend
    return {
        ids.BRIEF_WHO_IS_POOR: trend_figure(
            trend, [("still_poor_people", label("still_poor", lang))],
            text("who_is_poor", lang), label("people", lang), lang=lang),
        ids.BRIEF_WHO_HELPS: trend_figure(
            trend, [("work_teams", label("teams", lang)), ("cadres", label("cadres", lang)),
                    ("first_secretaries", label("secretaries", lang))],
            text("who_helps", lang), label("teams_unit", lang), lang=lang),
        ids.BRIEF_HOW_HELPED: category_bars(data.batches, "measure", MEASURES,
                                            text("how_helped", lang), lang),
        ids.BRIEF_WHEN_OVER: exits_figure(trend, profile, lang),
    }


def synthetic_mark(synthetic: bool, lang: str):
    return html.Span(text("synthetic", lang), className="synthetic-mark") if synthetic else None


def brief_page(profile: dict, data: CountyData, build: dict, synthetic_scale: float | None,
               lang: str) -> html.Div:
    """The whole brief; `build` is the database's build info (when and from what it was built)."""
    synthetic = synthetic_scale is not None
    figures = brief_figures(profile, data, lang)
    questions = {ids.BRIEF_WHO_IS_POOR: "who_is_poor", ids.BRIEF_WHO_HELPS: "who_helps",
                 ids.BRIEF_HOW_HELPED: "how_helped", ids.BRIEF_WHEN_OVER: "when_over"}
    other = profile["name_en"] if lang == "zh" else profile["name_zh"]
    province = profile["province_zh"] if lang == "zh" else profile["province_en"]
    status = label("poverty_county" if profile["is_poverty_county"] else "programme_county", lang)
    where = [province, profile["prefecture_zh"], profile["adcode"], status,
             area_text(profile["contiguous_area"], lang) if not is_missing(
                 profile["contiguous_area"]) else None]
    origin = text("origin_synthetic" if synthetic else "origin_ingested", lang)
    return html.Div([
        html.Div([
            html.Button(text("print", lang), id=ids.BRIEF_PRINT, type="button", n_clicks=0),
            dcc.Link(text("back", lang), href=href(f"/county/{profile['adcode']}", lang)),
        ], className="brief-tools"),
        html.Header([
            html.H1([county_name(profile, lang), " ",
                     html.Span(other, className="h1-aside", lang=html_lang(other_language(lang))),
                     html.Span(" · " + text("brief", lang), className="h1-aside")]),
            html.P(" · ".join(str(part) for part in where if not is_missing(part)),
                   className="lede"),
            html.P([html.Span(text("exit", lang) + ": ", className="brief-exit-label"),
                    html.Strong(exit_text(profile, lang))],
                   id=ids.BRIEF_EXIT, className="brief-exit"),
        ]),
        html.H2([text("key_figures", lang), " ", synthetic_mark(synthetic, lang)]),
        county_kpis(profile["adcode"], data, lang),
        html.Div([
            html.Section([html.H2([text(questions[graph_id], lang), " ",
                                   synthetic_mark(synthetic, lang)]),
                          dcc.Graph(id=graph_id, figure=compact(fig), config=BRIEF_GRAPH_CONFIG)],
                         className="brief-chart")
            for graph_id, fig in figures.items()
        ], className="brief-charts"),
        html.Footer([
            html.P(text("source", lang).format(
                built=build.get("built_at", "?")[:16].replace("T", " "), origin=origin,
                build=build.get("build_id", "")[:8]), id=ids.BRIEF_SOURCE),
            html.P(text("synthetic_note", lang).format(percent=f"{100 * synthetic_scale:g}"))
            if synthetic else None,
        ], className="brief-source"),
    ], className="brief", lang=lang)
