"""The /county/<adcode> page: profile, then the report's four questions for one county."""

from dataclasses import dataclass

import pandas as pd
from dash import dash_table, dcc, html

import indicators as registry
from layouts import ids
from layouts.figures import (
    GRAPH_CONFIG,
    Columns,
    axis_title,
    drawn,
    empty_figure,
    figure,
    kpi_card,
    status_marks,
    trend_figure,
)
from layouts.east_west import county_partner_totals
from layouts.format import compact, is_missing, large, number, share, status
from layouts.i18n import html_lang, other_language, pick
from layouts.state import href
from layouts.suppression import cells, marked, marker, total, withheld

L = {
    "no_such_county": ("No such county", "没有这个县"),
    "no_such_county_body": ("No county-level unit has the code “{code}”. County codes are six "
                            "digits, such as 522722 for Libo County.",
                            "没有代码为“{code}”的县级单位。县级代码为六位数字，例如荔波县为 522722。"),
    "find_on_map": ("Find a county on the map", "在地图上查找县"),
    "not_in_programme": ("Not in the programme", "未纳入精准扶贫"),
    "not_in_programme_body": ("This unit had no registered poor households: it was not part of "
                              "the targeted poverty-alleviation programme, so there is nothing "
                              "to show for it below county level.",
                              "该单位没有建档立卡贫困户，未纳入精准扶贫，因此没有县以下的数据可以显示。"),
    "profile": ("County profile", "县情概况"),
    "name_zh": ("Chinese name", "中文名称"),
    "name_en": ("English name", "英文名称"),
    "province": ("Province", "省份"),
    "prefecture": ("Prefecture", "地市州"),
    "status": ("Poverty-county status", "贫困县情况"),
    "poverty_county": ("National poverty county", "国家级贫困县"),
    "programme_county": ("In the programme, not a national poverty county",
                         "纳入精准扶贫，非国家级贫困县"),
    "area": ("Contiguous poverty area", "集中连片特困地区"),
    "none": ("none", "无"),
    "exit": ("Left the poverty-county list", "贫困县摘帽"),
    "exited_in": ("in {year}", "{year}年"),
    "still_listed": ("not yet", "尚未摘帽"),
    "not_listed": ("never on the list", "不适用"),
    "rural_population": ("Rural population, 2014", "2014年农村人口"),
    "people": ("people", "人"),
    "households": ("households", "户"),
    "yuan": ("yuan", "元"),
    "headline": ("Headline figures", "主要指标"),
    "peak": ("Registered poor at the peak", "建档立卡贫困人口（峰值）"),
    "peak_note": ("registry, {year}", "建档立卡，{year}年"),
    "exited": ("People exited 2014–2020", "2014–2020年脱贫人口"),
    "villages_delisted": ("Poor villages delisted", "贫困村出列"),
    "of_villages": ("of {n} poor villages", "共{n}个贫困村"),
    "funds_total": ("Funds 2013–2020", "2013–2020年扶贫资金"),
    "teams_sent": ("Work teams stationed", "选派驻村工作队"),
    "teams_peak": ("{n} serving in {year}", "{year}年在岗{n}个"),
    "at_risk": ("Households at risk of falling back", "有返贫风险的脱贫户"),
    "of_exited": ("of {m} exited households", "脱贫户共{m}户"),
    "of_exited_share": ("{share} of {m} exited households", "占{m}户脱贫户的{share}"),
    "see_monitoring": ("early warning", "返贫预警"),
    "who_is_poor": ("Who is poor?", "扶持谁？"),
    "who_helps": ("Who helps? Partners, villages and work teams", "谁来扶？协作帮扶、村与驻村工作队"),
    "east_partner": ("Eastern partner under East–West pairing (2016): ",
                     "东西部扶贫协作（2016年）帮扶方："),
    "partner_of": ("{helper}, helping {helped} ({sure})", "{helper}，结对帮扶{helped}（{sure}）"),
    "no_partner": ("This county's province and prefecture are in no East–West pair of the "
                   "2016 list.", "该县所在省、地市不在2016年东西部扶贫协作结对名单中。"),
    "pair_HIGH": ("read in the 2016 text", "见于2016年文件原文"),
    "pair_MED": ("confirmed by other reports", "有其他报道印证"),
    "pair_LOW": ("as commonly reprinted, unconfirmed", "据通行转载，未核实"),
    "how_helped": ("How is help given?", "怎么扶？"),
    "when_over": ("When is poverty over?", "如何退？"),
    "still_poor_by_year": ("Still poor at year end (registry)", "年末未脱贫人口（建档立卡）"),
    "still_poor": ("Still poor", "未脱贫"),
    "exits_by_year": ("People exiting poverty by year (registry)", "历年脱贫人口（建档立卡）"),
    "people_exited": ("People exited", "脱贫人口"),
    "causes": ("Main cause of poverty", "主要致贫原因（建档立卡户）"),
    "batches": ("Five batches: households reached", "“五个一批”覆盖农户"),
    "funds_by_source": ("Funds by source", "扶贫资金（按来源）"),
    "funds_by_purpose": ("Funds by purpose", "扶贫资金（按用途）"),
    "teams_by_year": ("Work teams and cadres serving", "在岗驻村工作队和干部"),
    "teams": ("Work teams", "驻村工作队"),
    "cadres": ("Cadres", "驻村干部"),
    "secretaries": ("First secretaries", "第一书记"),
    "teams_unit": ("teams / people", "队 / 人"),
    "teams_by_level": ("Work teams by the level that sent them", "驻村工作队（按派出层级）"),
    "teams_unit_short": ("teams", "队"),
    "funds_per_poor": ("Funds per poor person", "人均扶贫资金"),
    "villages_by_year": ("Poor villages delisted by year", "历年贫困村出列"),
    "villages_unit": ("villages", "个村"),
    "evaluation": ("Third-party evaluation", "第三方评估"),
    "misidentification": ("Misidentification rate", "错评率"),
    "wrong_exit": ("Wrong-exit rate", "错退率"),
    "satisfaction": ("Satisfaction (right axis)", "群众满意度（右轴）"),
    "rate": ("share of sampled households", "占抽样户比例"),
    "income": ("Income of registered households", "建档立卡户人均纯收入与贫困线"),
    "standard": ("The exit standard: households meeting each item",
                 "脱贫标准：各项达标的建档立卡户比例"),
    "share_of_households": ("share of registered households", "占建档立卡户比例"),
    "standard_note": (
        "A household exits poverty when its income is above the line and its food and "
        "clothing are secure, with compulsory education, basic medical care and safe housing "
        "guaranteed (两不愁三保障); safe drinking water is checked with them. The poverty line "
        "is 2,300 yuan a year per person at 2010 prices, raised with prices each year, as "
        "the income chart draws it.",
        "农户脱贫须收入超过贫困线，并做到不愁吃、不愁穿，义务教育、基本医疗、住房安全有保障"
        "（“两不愁三保障”），饮水安全一并核查。贫困线为按2010年不变价每人每年2300元，"
        "逐年按物价调整，见收入图中的贫困线。"),
    "mean_income": ("Mean per capita net income", "人均纯收入均值"),
    "poverty_line": ("Poverty line", "贫困线"),
    "yuan_per_person": ("yuan per person", "元/人"),
    "income_bands": ("Households by income against the line", "建档立卡户收入分布（相对贫困线）"),
    "monitoring": ("Post-exit monitoring, by cause", "脱贫后监测户（按致贫原因）"),
    "villages": ("Villages", "行政村"),
    "village": ("Village", "村"),
    "poor_village": ("Poor village?", "贫困村？"),
    "exit_year": ("Exit year", "出列年份"),
    "population": ("Population", "人口"),
    "infrastructure": ("Infrastructure by 2020", "2020年基础设施"),
    "work_teams": ("Work teams", "工作队"),
    "no_villages": ("No villages are recorded for this county.", "该县没有村级数据。"),
    "villages_signed_in": ("Village lists are for officials and analysts of this county's "
                           "jurisdiction, once signed in.",
                           "村级名单仅供本辖区干部和分析人员登录后查看。"),
    "csv": ("Download CSV", "下载 CSV"),
    "print_brief": ("Print brief (A4)", "打印简报（A4）"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "unknown": ("unknown", "不详"),
    "source": ("Source: poverty registry and programme tables; per-county figures from the "
               "rollups county_year, county_causes, county_measures, county_income_bands and "
               "county_monitoring.",
               "来源：建档立卡及扶贫项目数据表；县级数字取自汇总表 county_year、county_causes、"
               "county_measures、county_income_bands 和 county_monitoring。"),
}

CAUSES = {
    "illness": ("Illness", "因病"), "disaster": ("Disaster", "因灾"),
    "schooling": ("Schooling costs", "因学"), "labour": ("Weak labour ability", "缺劳动力"),
    "other": ("Other", "其他"),
}
MEASURES = {
    "production": ("Production and employment", "发展生产和就业"),
    "relocation": ("Relocation", "易地扶贫搬迁"),
    "ecological": ("Ecological compensation", "生态补偿"),
    "education": ("Education", "发展教育"),
    "social_security": ("Social security", "社会保障兜底"),
}
FUND_SOURCES = {
    "central": ("Central", "中央"), "provincial": ("Provincial", "省级"),
    "city": ("City", "市级"), "county": ("County", "县级"), "social": ("Social", "社会"),
}
FUND_PURPOSES = {
    "industry": ("Industry", "产业发展"), "infrastructure": ("Infrastructure", "基础设施"),
    "relocation": ("Relocation", "易地搬迁"), "education": ("Education", "教育"),
    "health": ("Health", "医疗卫生"), "social_security": ("Social security", "社会保障"),
    "other": ("Other", "其他"),
}
INCOME_BANDS = {
    "below_line": ("Below the line", "低于贫困线"),
    "1_to_1_5": ("1–1.5× the line", "贫困线1–1.5倍"),
    "1_5_to_2": ("1.5–2× the line", "贫困线1.5–2倍"),
    "2_or_more": ("2× the line and over", "贫困线2倍及以上"),
}
SENDING_LEVELS = {"central": ("Central", "中央"), "province": ("Province", "省级"),
                  "city": ("City", "市级"), "county": ("County", "县级")}
INFRASTRUCTURE = {
    "has_road": ("road", "道路"), "has_4g": ("4G", "4G"),
    "has_clinic": ("clinic", "卫生室"), "has_safe_water": ("safe water", "安全饮水"),
}
# The 14 contiguous areas of extreme poverty, as the counties table names them.
AREAS_EN = {
    "六盘山区": "Liupan Mountains", "秦巴山区": "Qinba Mountains", "武陵山区": "Wuling Mountains",
    "乌蒙山区": "Wumeng Mountains", "滇桂黔石漠化区": "Yunnan-Guangxi-Guizhou karst area",
    "滇西边境山区": "Western Yunnan border mountains",
    "大兴安岭南麓山区": "Southern Greater Khingan Mountains",
    "燕山-太行山区": "Yanshan-Taihang Mountains", "吕梁山区": "Lüliang Mountains",
    "大别山区": "Dabie Mountains", "罗霄山区": "Luoxiao Mountains", "西藏区": "Tibet",
    "四省藏区": "Tibetan areas of four provinces",
    "新疆南疆三地州": "Three prefectures of southern Xinjiang",
}


@dataclass(frozen=True)
class CountyData:
    """Everything the county page shows, one answer per section, as columns."""

    trend: Columns
    villages: Columns | None  # None: the reader may not see village lists
    teams_by_level: Columns
    causes: Columns
    batches: Columns
    funds_by_source: Columns
    funds_by_purpose: Columns
    evaluations: Columns
    income_bands: Columns
    monitoring: Columns
    # The county's early-warning counts, the row /monitoring shows (its `suppressed` naming
    # withheld cells); None when the database has none for it.
    early_warning: dict | None
    east_west: Columns  # its eastern partner under East–West pairing (none, one or several)
    synthetic: bool = False  # the build generated its amounts (East–West), marked so


def known(column: list) -> list:
    """The values that are there (a withheld cell is missing too)."""
    return [v for v in column if v is not None]


def records(columns: Columns) -> list[dict]:
    return [dict(zip(columns, row)) for row in zip(*columns.values())]


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def yes_no(value, lang: str) -> str:
    """Yes, no, or unknown for a missing value (None, or pandas' NA when a column is read whole)."""
    return label("unknown" if is_missing(value) else "yes" if value else "no", lang)


def name_of(labels: dict, key: str, lang: str) -> str:
    """The label of a category key; an unlabelled key is shown as it is."""
    return pick(labels[key], lang) if key in labels else str(key)


def infrastructure_text(row: dict, lang: str) -> str:
    """'✓ road · ✓ 4G · ✗ clinic · ✓ safe water'; unknown items are left out."""
    marks = [("✓ " if row[column] else "✗ ") + pick(pair, lang)
             for column, pair in INFRASTRUCTURE.items() if not is_missing(row.get(column))]
    return " · ".join(marks) or label("unknown", lang)


def area_text(area, lang: str) -> str:
    if is_missing(area):
        return label("none", lang)
    return f"{area} ({AREAS_EN[area]})" if lang == "en" and area in AREAS_EN else area


def exit_text(profile: dict, lang: str) -> str:
    if not profile["is_poverty_county"]:
        return label("not_listed", lang)
    if is_missing(profile["exit_year"]):
        return label("still_listed", lang)
    return label("exited_in", lang).format(year=int(profile["exit_year"]))


def county_name(profile: dict, lang: str) -> str:
    return profile["name_zh"] if lang == "zh" else profile["name_en"]


# ---------------------------------------------------------------- figures

def whole_number_ticks(largest) -> dict:
    """Counts of a few get a tick per unit (never 0.2 of a team); larger ones plotly's own."""
    if largest <= 5:
        return {"tickmode": "linear", "tick0": 0, "dtick": 1}
    return {"tickmode": "auto", "nticks": 6}


def category_bars(frame: Columns, key: str, labels: dict, title: str, lang: str,
                  value: str = "households", unit_key: str = "households") -> dict:
    """Horizontal bars of `value` by category, largest on top, with each bar's share; a
    withheld or missing category is a mark on the axis, below the bars."""
    amounts = cells(frame, value)
    if not amounts:
        return empty_figure(title, lang)
    # Smallest first, so the largest is drawn on top; withheld and missing ones at the bottom.
    order = sorted(range(len(amounts)), key=lambda i: (status(amounts[i]) is None,
                                                       drawn(amounts)[i] or 0))
    unit = label(unit_key, lang)
    names = [name_of(labels, frame[key][i], lang) for i in order]
    shares = frame.get("share", [None] * len(amounts))
    texts = [f"{number(amounts[i], lang=lang)}" + (
        f" · {share(shares[i], 0, lang)}" if not is_missing(shares[i]) else "") for i in order]
    hover = [f"{name}: {large(amounts[i], unit, lang)}" for name, i in zip(names, order)]
    bars = {"type": "bar", "orientation": "h", "x": drawn([amounts[i] for i in order]),
            "y": names, "name": title, "showlegend": False,
            "text": [text if status(amounts[i]) is None else "" for text, i in zip(texts, order)],
            "textposition": "auto", "textangle": 0, "hovertext": hover,
            "hovertemplate": "%{hovertext}<extra></extra>"}
    marks = status_marks([(name, text, amounts[i]) for name, text, i in zip(names, hover, order)],
                         lang, horizontal=True)
    largest = max((v for v in drawn(amounts) if v is not None), default=0)
    return figure([bars, *marks], title, lang, showlegend=bool(marks),
                  xaxis=axis_title(unit) | whole_number_ticks(largest),
                  yaxis={"automargin": True, "categoryorder": "array", "categoryarray": names})


def stacked_by_year(frame: Columns, key: str, value: str, labels: dict, title: str,
                    y_title: str, lang: str, barmode: str = "stack") -> dict:
    """Bars by year stacked by category (side by side with barmode "group", for categories
    that overlap), in the order `labels` lists the categories; a year's withheld or missing
    segments are a mark on the axis that names them."""
    amounts = cells(frame, value)
    if not amounts:
        return empty_figure(title, lang)
    rows_of = {}
    for row, category in enumerate(frame[key]):
        rows_of.setdefault(category, []).append(row)
    present = [k for k in labels if k in rows_of] + sorted(set(rows_of) - set(labels))
    years = frame["year"]
    traces, points = [], []
    for category in present:
        rows = rows_of[category]
        name = name_of(labels, category, lang)
        hover = [f"{name}，{years[i]}年：{compact(amounts[i], lang)}{y_title}" if lang == "zh"
                 else f"{name}, {years[i]}: {compact(amounts[i], lang)} {y_title}"
                 for i in rows]
        traces.append({"type": "bar", "x": [years[i] for i in rows],
                       "y": drawn([amounts[i] for i in rows]), "name": name,
                       "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"})
        points += [(years[i], text, amounts[i]) for i, text in zip(rows, hover)]
    return figure(traces + status_marks(points, lang), title, lang, yaxis=axis_title(y_title),
                  barmode=barmode)


def evaluation_figure(frame: Columns, lang: str) -> dict:
    """Error rates by year on the left axis, satisfaction on the right; all as percentages."""
    title = label("evaluation", lang)
    years = frame["year"]
    if not years:
        return empty_figure(title, lang)
    traces, points = [], []
    for column, key, axis in (("misidentification_rate", "misidentification", "y"),
                              ("wrong_exit_rate", "wrong_exit", "y"),
                              ("satisfaction_rate", "satisfaction", "y2")):
        rates, name = cells(frame, column), label(key, lang)
        hover = [f"{name}, {year}: {share(rate, 1, lang)}" for year, rate in zip(years, rates)]
        traces.append({"type": "scatter", "x": years, "y": drawn(rates), "yaxis": axis,
                       "mode": "lines+markers", "name": name, "hovertext": hover,
                       "hovertemplate": "%{hovertext}<extra></extra>",
                       **({"line": {"dash": "dot"}} if axis == "y2" else {})})
        points += zip(years, hover, rates)
    satisfied = [v for v in drawn(cells(frame, "satisfaction_rate")) if v is not None]
    lowest = min([0.8, *(rate - 0.02 for rate in satisfied)])
    return figure(traces + status_marks(points, lang), title, lang,
                  yaxis=axis_title(label("rate", lang)) | {"tickformat": ".1%"},
                  yaxis2={"overlaying": "y", "side": "right", "tickformat": ".0%",
                          "showgrid": False, "range": [lowest, 1], "tickmode": "auto",
                          "automargin": True})


def income_figure(trend: Columns, lang: str) -> dict:
    """Mean income of registered households beside the line; no line alone when incomes are missing."""
    title = label("income", lang)
    incomes = cells(trend, "mean_income_yuan") if "mean_income_yuan" in trend else []
    if all(is_missing(income) for income in incomes):  # a withheld income is not "no data"
        return empty_figure(title, lang)
    return trend_figure(trend, [("mean_income_yuan", label("mean_income", lang)),
                                ("poverty_line_yuan", label("poverty_line", lang))],
                        title, label("yuan_per_person", lang), lang=lang)


def standard_figure(trend: Columns, lang: str) -> dict:
    """Each item of the exit standard, and all of them, as a share of the registry's
    households whose items are recorded, by year."""
    series = [(f"meets_{key}_share", pick(item_label, lang))
              for key, item_label, _ in registry.STANDARD]
    return trend_figure(trend, series, label("standard", lang),
                        label("share_of_households", lang), lang=lang, y_format=".0%")


def villages_delisted_figure(trend: Columns, lang: str) -> dict:
    """Poor villages delisted each year, ticked in whole villages."""
    fig = trend_figure(trend, [("villages_delisted", label("villages_delisted", lang))],
                       label("villages_by_year", lang), label("villages_unit", lang), kind="bar",
                       lang=lang)
    delisted = known(trend.get("villages_delisted", []))
    if delisted:
        fig["layout"]["yaxis"] |= whole_number_ticks(max(delisted))
    return fig


def county_figures(data: CountyData, lang: str) -> dict[str, dict]:
    """Every chart of the page, by the id of the graph that shows it."""
    trend = data.trend
    people, yuan = label("people", lang), label("yuan", lang)
    return {
        ids.COUNTY_STILL_POOR: trend_figure(
            trend, [("still_poor_people", label("still_poor", lang))],
            label("still_poor_by_year", lang), people, lang=lang),
        ids.COUNTY_EXITS: trend_figure(
            trend, [("exited_people", label("people_exited", lang))],
            label("exits_by_year", lang), people, kind="bar", lang=lang),
        ids.COUNTY_CAUSES: category_bars(data.causes, "cause", CAUSES, label("causes", lang), lang),
        ids.COUNTY_TEAMS: trend_figure(
            trend, [("work_teams", label("teams", lang)), ("cadres", label("cadres", lang)),
                    ("first_secretaries", label("secretaries", lang))],
            label("teams_by_year", lang), label("teams_unit", lang), lang=lang),
        ids.COUNTY_TEAMS_BY_LEVEL: category_bars(
            data.teams_by_level, "sending_level", SENDING_LEVELS, label("teams_by_level", lang),
            lang, value="work_teams", unit_key="teams_unit_short"),
        ids.COUNTY_BATCHES: category_bars(data.batches, "measure", MEASURES,
                                          label("batches", lang), lang),
        ids.COUNTY_FUNDS_PER_POOR: trend_figure(
            trend, [("funds_per_poor_person_yuan", label("funds_per_poor", lang))],
            label("funds_per_poor", lang), label("yuan_per_person", lang), lang=lang),
        ids.COUNTY_FUNDS_SOURCE: stacked_by_year(
            data.funds_by_source, "source", "amount_yuan", FUND_SOURCES,
            label("funds_by_source", lang), yuan, lang),
        ids.COUNTY_FUNDS_PURPOSE: stacked_by_year(
            data.funds_by_purpose, "purpose", "amount_yuan", FUND_PURPOSES,
            label("funds_by_purpose", lang), yuan, lang),
        ids.COUNTY_INCOME: income_figure(trend, lang),
        ids.COUNTY_INCOME_BANDS: stacked_by_year(
            data.income_bands, "band", "households", INCOME_BANDS,
            label("income_bands", lang), label("households", lang), lang),
        ids.COUNTY_VILLAGES_DELISTED: villages_delisted_figure(trend, lang),
        ids.COUNTY_STANDARD: standard_figure(trend, lang),
        ids.COUNTY_EVALUATIONS: evaluation_figure(data.evaluations, lang),
        ids.COUNTY_MONITORING: category_bars(data.monitoring, "cause", CAUSES,
                                             label("monitoring", lang), lang,
                                             value="monitored_households"),
    }


# ---------------------------------------------------------------- the villages table

def village_columns(lang: str) -> list[dict]:
    return [
        {"id": "name", "name": label("village", lang), "presentation": "markdown"},
        {"id": "poor", "name": label("poor_village", lang)},
        {"id": "exit_year", "name": label("exit_year", lang), "type": "numeric"},
        {"id": "population", "name": label("population", lang), "type": "numeric",
         "format": {"specifier": ",.0f"}},
        {"id": "infrastructure", "name": label("infrastructure", lang)},
        {"id": "work_teams", "name": label("work_teams", lang), "type": "numeric"},
    ]


def village_rows(villages: Columns, lang: str) -> list[dict]:
    """One row per village; the name links to the village's page in the same language."""
    suffix = href("", lang)
    return [{
        "name": f"[{row['name']}](/village/{row['village_id']}{suffix})",
        "poor": yes_no(row["is_poor_village"], lang),
        "exit_year": None if is_missing(row["exit_year"]) else int(row["exit_year"]),
        "population": row["population"],
        "infrastructure": infrastructure_text(row, lang),
        "work_teams": row["work_teams"],
    } for row in records(villages)]


def village_export(villages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The villages table as a CSV holds it: plain values, headers in the page language."""
    return pd.DataFrame({
        "village_id": villages["village_id"],
        label("village", lang): villages["name"],
        label("poor_village", lang): [yes_no(v, lang) for v in villages["is_poor_village"]],
        label("exit_year", lang): villages["exit_year"],
        label("population", lang): villages["population"],
        **{pick(pair, lang): [yes_no(v, lang) for v in villages[column]]
           for column, pair in INFRASTRUCTURE.items()},
        label("work_teams", lang): villages["work_teams"],
    })


# ---------------------------------------------------------------- the page

def no_such_county(code: str, lang: str) -> list:
    """What /county/<anything that is not a county> shows."""
    return [
        html.H1(label("no_such_county", lang)),
        html.Div([
            html.P(label("no_such_county_body", lang).format(code=code)),
            dcc.Link(label("find_on_map", lang), href=href("/map", lang)),
        ], id=ids.COUNTY_STATUS, className="status-card", role="status"),
    ]


def profile_card(profile: dict, lang: str) -> html.Dl:
    """Names, province, prefecture and programme status as a definition list."""
    status = label("poverty_county" if profile["is_poverty_county"] else "programme_county", lang)
    items = [
        ("name_zh", profile["name_zh"]), ("name_en", profile["name_en"]),
        ("province", profile["province_zh"] if lang == "zh" else profile["province_en"]),
        ("prefecture", label("none", lang) if is_missing(profile["prefecture_zh"])
         else profile["prefecture_zh"]),
        ("status", status if profile["in_programme"] else label("not_in_programme", lang)),
        ("area", area_text(profile["contiguous_area"], lang)),
        ("exit", exit_text(profile, lang)),
        ("rural_population", large(profile["rural_population"], label("people", lang), lang)),
    ]
    # Each name in its own language, so a screen reader reads it in the right voice.
    written_in = {"name_zh": html_lang("zh"), "name_en": html_lang("en")}
    return html.Dl([html.Div([html.Dt(label(key, lang)), html.Dd(value, lang=written_in.get(key))])
                    for key, value in items],
                   id=ids.COUNTY_PROFILE, className="profile",
                   **{"aria-label": label("profile", lang)})


def heading(profile: dict, lang: str) -> list:
    other = profile["name_en"] if lang == "zh" else profile["name_zh"]
    province = profile["province_zh"] if lang == "zh" else profile["province_en"]
    return [html.H1([county_name(profile, lang), " ",
                     html.Span(other, className="h1-aside", lang=html_lang(other_language(lang)))]),
            html.P(" · ".join(part for part in (province, profile["prefecture_zh"],
                                                profile["adcode"]) if not is_missing(part)),
                   className="lede")]


def not_in_programme(profile: dict, lang: str) -> list:
    """A real unit that had no registered poor: its names and a plain statement."""
    return [
        *heading(profile, lang),
        html.Div([html.Strong(label("not_in_programme", lang)), html.P(
            label("not_in_programme_body", lang))],
            id=ids.COUNTY_STATUS, className="status-card", role="status"),
        profile_card(profile, lang),
    ]


def _peak(trend: Columns, column: str) -> tuple:
    """(value, year) where `column` is largest (its first year if tied), or (None, None)
    when it has no values."""
    known_years = [(value, year) for value, year in zip(trend[column], trend["year"])
                   if value is not None]
    if not known_years:
        return None, None
    value, year = max(known_years, key=lambda pair: pair[0])
    return value, int(year)


def county_kpis(adcode: str, data: CountyData, lang: str) -> html.Section:
    """Headline figures from the county's rollup rows; a total over withheld cells is withheld."""
    trend, people = data.trend, label("people", lang)
    peak, peak_year = _peak(trend, "poor_people_in_year")
    if withheld(trend, "poor_people_in_year"):  # the peak may be a withheld year
        peak, peak_year = marker(trend), None
    teams_peak, teams_year = _peak(trend, "work_teams")
    poor_villages = max(known(trend["poor_villages"]), default=None)

    def kpi(name, title, value, note=""):
        return kpi_card(f"county_{name}", title, value, note)

    return html.Section([
        kpi("peak_poor_people", label("peak", lang), large(peak, people, lang),
            label("peak_note", lang).format(year=peak_year) if peak_year else ""),
        kpi("exited_people", label("exited", lang),
            large(total(trend, "exited_people"), people, lang)),
        kpi("villages_delisted", label("villages_delisted", lang),
            large(total(trend, "villages_delisted"), lang=lang),
            label("of_villages", lang).format(n=large(poor_villages, lang=lang))),
        kpi("funds_yuan", label("funds_total", lang),
            large(total(trend, "funds_yuan"), label("yuan", lang), lang)),
        kpi("work_teams", label("teams_sent", lang),
            large(total(data.teams_by_level, "work_teams"), lang=lang),
            label("teams_peak", lang).format(n=number(teams_peak), year=teams_year)
            if teams_year else ""),
        early_warning_kpi(adcode, data.early_warning, lang),
    ], id=ids.COUNTY_KPIS, className="kpi-grid", **{"aria-label": label("headline", lang)})


def early_warning_kpi(adcode: str, counts: dict | None, lang: str) -> html.Div:
    """Households at risk of falling back, as /monitoring counts them, with a link there."""
    counts = marked(counts or {})
    at_risk, exited = counts.get("at_risk_households"), counts.get("exited_households")
    at_risk_share = counts.get("at_risk_share")
    if status(at_risk_share) is None:
        note = label("of_exited_share", lang).format(m=number(exited, lang=lang),
                                                     share=share(at_risk_share, 1, lang))
    else:
        note = label("of_exited", lang).format(m=number(exited, lang=lang))
    link = dcc.Link(label("see_monitoring", lang),
                    href=href("/monitoring", lang, county=adcode, tab="counties"))
    return kpi_card("county_at_risk_households", label("at_risk", lang),
                    large(at_risk, label("households", lang), lang), [note, " · ", link])


def chart(graph_id: str, fig: dict) -> html.Div:
    return html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG), className="chart")


def section(title: str, *children) -> html.Section:
    return html.Section([html.H2(title), *children], className="page-section")


def villages_table(villages: Columns | None, lang: str) -> html.Div:
    """The county's villages, each linked to its page, with a CSV download; or a plain empty state."""
    if villages is None:
        return html.P(label("villages_signed_in", lang), id=ids.COUNTY_VILLAGES,
                      className="empty-state")
    if not villages["village_id"]:
        return html.P(label("no_villages", lang), id=ids.COUNTY_VILLAGES, className="empty-state")
    return html.Div([
        html.Div([html.Button(label("csv", lang), id=ids.COUNTY_VILLAGES_CSV, n_clicks=0),
                  dcc.Download(id=ids.COUNTY_DOWNLOAD)], className="downloads"),
        dash_table.DataTable(
            id=ids.COUNTY_VILLAGES, columns=village_columns(lang),
            data=village_rows(villages, lang), sort_action="native", page_size=20,
            markdown_options={"link_target": "_self"},
            style_table={"overflowX": "auto"},
            style_cell={"textAlign": "left", "fontFamily": "inherit"},
            style_header={"fontWeight": "600"},
        ),
    ], className="table-card")


def east_west_partner(pairs: Columns, synthetic: bool, lang: str) -> html.P:
    """Who in the east helps the county's prefecture or province, how sure that is, and
    what flowed along the pair to the area it helps."""
    if not pairs["helper_zh"]:
        return html.P(label("no_partner", lang), className="note")
    home = pairs["helper_province_zh" if lang == "zh" else "helper_province_en"]
    helped_province = pairs["helped_province_zh" if lang == "zh" else "helped_province_en"]
    parts = [label("partner_of", lang).format(
        helper=helper if level == "province" or lang == "zh" else f"{helper} ({province})",
        helped=helped if helped_level == "prefecture" else where,
        sure=label(f"pair_{confidence}", lang))
        for helper, level, province, helped, helped_level, where, confidence in zip(
            pairs["helper_zh"], pairs["helper_level"], home, pairs["helped_zh"],
            pairs["helped_level"], helped_province, pairs["confidence"])]
    return html.P([html.Strong(label("east_partner", lang)),
                   ("; " if lang == "en" else "；").join(parts) + ("." if lang == "en" else "。"),
                   *county_partner_totals(pairs, synthetic, lang)],
                  id=ids.COUNTY_EAST_WEST, className="note")


def brief_link(adcode: str, lang: str) -> dcc.Link:
    """The link to the county's printable brief (/county/<adcode>/brief)."""
    return dcc.Link(label("print_brief", lang), id=ids.COUNTY_BRIEF_LINK, className="brief-link",
                    href=href(f"/county/{adcode}/brief", lang))


def county_page(profile: dict, data: CountyData, lang: str) -> list:
    """The whole page of a programme county; every section says 'no data' on its own."""
    figures = county_figures(data, lang)

    def grid(*graph_ids):
        return html.Div([chart(g, figures[g]) for g in graph_ids], className="chart-grid")

    return [
        *heading(profile, lang),
        html.P(brief_link(profile["adcode"], lang), className="page-tools"),
        # What the download callback needs to know, already validated by the page.
        dcc.Store(id=ids.COUNTY_KEY, data={"adcode": profile["adcode"], "lang": lang}),
        profile_card(profile, lang),
        county_kpis(profile["adcode"], data, lang),
        section(label("who_is_poor", lang),
                grid(ids.COUNTY_STILL_POOR, ids.COUNTY_EXITS, ids.COUNTY_CAUSES,
                     ids.COUNTY_INCOME_BANDS)),
        section(label("who_helps", lang), east_west_partner(data.east_west, data.synthetic, lang),
                grid(ids.COUNTY_TEAMS, ids.COUNTY_TEAMS_BY_LEVEL),
                html.H3(label("villages", lang)), villages_table(data.villages, lang)),
        section(label("how_helped", lang),
                grid(ids.COUNTY_BATCHES, ids.COUNTY_FUNDS_PER_POOR, ids.COUNTY_FUNDS_SOURCE,
                     ids.COUNTY_FUNDS_PURPOSE)),
        section(label("when_over", lang),
                html.P(label("standard_note", lang), className="note"),
                grid(ids.COUNTY_STANDARD, ids.COUNTY_INCOME, ids.COUNTY_VILLAGES_DELISTED,
                     ids.COUNTY_EVALUATIONS, ids.COUNTY_MONITORING)),
        html.P(label("source", lang), className="note"),
    ]
