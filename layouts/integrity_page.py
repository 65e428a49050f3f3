"""The /integrity page: the registry's own checks, county by county, as prompts for review.

Each check has a statistic (what the map colours and the ranking sorts by), a flag
column raised by the thresholds of queries/thresholds.py, and a sentence saying why a
flag was raised. The statistics are built into the integrity_county and
integrity_village_income rollups; the flags are applied by queries/integrity_counties.sql.
"""

import re
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go
from dash import dash_table, dcc, html

from layouts import ids
from layouts.figures import GRAPH_CONFIG, trend_figure
from layouts.format import is_missing, number, share
from layouts.i18n import dropdown_labels, pick
from layouts.indicators import Indicator
from layouts.map import map_figure
from layouts.map_page import NATION, TABLE_FORMATS
from layouts.state import href
from layouts.tables import filter_options
from layouts.theme import FONT

PATH = "/integrity"
TABS = ("map", "ranking")
FLAG_COLOUR = "#D55E00"  # Okabe-Ito vermillion: stands out on the blue-green classes
LINK_COLOUR = "#0b5394"  # --accent of style.css; the table redefines its own

L = {
    "title": ("Integrity checks", "数据核查"),
    "lede": ("The registry's own checks, county by county: asset records, incomes bunched "
             "just above the line, exits crowded before an evaluation, village incomes that "
             "jump in the evaluation year, third-party evaluations and audits.",
             "建档立卡数据的自我核查，逐县呈现：资产比对、脱贫收入扎堆贫困线、评估前突击脱贫、"
             "评估前一年村收入跳升、第三方评估和审计。"),
    "prompt_title": ("Flags are prompts for review, never verdicts.", "提示仅供核查，不是结论。"),
    "prompt_body": ("A flag says that a county's figures are unusual by a stated rule and are "
                    "worth a second look; it does not say that anyone did wrong. Each check is "
                    "defined on the methodology page.",
                    "提示只说明该县数据按既定规则看来异常、值得复核，并不说明任何人有过错。"
                    "各项核查的定义见方法说明页。"),
    "summary": ("Counties flagged, by check", "各项核查提示的县数"),
    "counties_flagged": ("counties flagged", "个县有提示"),
    "check": ("Check", "核查项目"),
    "province": ("Province", "省份"),
    "county_page": ("These are your county's checks. Its page: ", "以下是本县的核查结果。本县页面："),
    "nation": ("All China", "全国"),
    "map": ("Map", "地图"),
    "ranking": ("Ranking", "排名"),
    "thresholds": ("Thresholds in use", "所用阈值"),
    "thresholds_note": ("Set in {file}; a deployment may override one with {variable}.",
                        "在 {file} 中设置；部署时可用环境变量 {variable} 覆盖。"),
    "variable_name": ("NAME", "名称"),
    "flags": ("Flags", "提示"),
    "no_flags": ("No county in view is flagged by this check with these thresholds.",
                 "按当前阈值，本范围内没有县被此项核查提示。"),
    "method": ("How it is computed: ", "计算方法："),
    "method_link": ("the definition on the methodology page", "见方法说明页的定义"),
    "map_note": ("Counties outlined in orange are flagged. Grey: not in the programme; white: "
                 "no value or too few households to judge. Click a county to open its page.",
                 "橙色描边的县有提示。灰色：未纳入扶贫范围；白色：无数值或户数太少无法判断。"
                 "点击县可打开该县页面。"),
    "rank": ("Rank", "排名"),
    "county": ("County", "县"),
    "county_zh": ("County (Chinese)", "县（中文）"),
    "county_en": ("County (English)", "县（英文）"),
    "province_col": ("Province", "省份"),
    "flagged": ("Flag", "提示"),
    "flag_mark": ("flagged", "有提示"),
    "reason": ("Why", "原因"),
    "csv": ("Download CSV", "下载 CSV"),
    "ranking_note": ("{n} counties with a value, highest first; flagged counties are marked.",
                     "{n}个有数值的县，从高到低排列；有提示的县已标出。"),
    "audit_trend": ("Share of audited funds used in violation of the rules",
                    "审计抽查资金中违规使用的比例"),
    "national": ("National", "全国"),
    "median": ("Median county", "县中位数"),
    "p90": ("90th percentile county", "县第90百分位"),
    "of_sampled": ("share of sampled funds", "占抽查资金比例"),
}

# How each threshold reads, with {v} its value written for people.
THRESHOLD_TEXT = {
    "asset_min_households": ("Flag at {v} or more households matched while poor and never "
                             "removed", "在册期间比对出资产且未清退的农户达{v}户即提示"),
    "bunching_share": ("Flag when more than {v} of exits sit within 10% above the line",
                       "脱贫收入在贫困线以上10%以内的比例超过{v}即提示"),
    "bunching_min_exits": ("Counties with at least {v} exited households are checked",
                           "脱贫户不少于{v}户的县参与核查"),
    "rush_share": ("Flag when more than {v} of exits came the year before the evaluation",
                   "评估前一年脱贫户占比超过{v}即提示"),
    "rush_min_households": ("Counties with at least {v} exited households are checked",
                            "脱贫户不少于{v}户的县参与核查"),
    "jump_ratio": ("Flag a village whose income jump ratio is above {v}",
                   "村收入跳升比值超过{v}即提示"),
    "jump_min_households": ("Villages with at least {v} households in all three years are "
                            "checked", "三年均在册的农户不少于{v}户的村参与核查"),
    "evaluation_max_rate": ("Flag when the misidentification or wrong-exit rate is above {v}, "
                            "the exit assessment's ceiling", "错评率或错退率超过退出标准{v}即提示"),
    "audit_ratio": ("Flag a year when the violation share was above {v} the national share",
                    "某年违规资金比例超过全国的{v}即提示"),
    "guarantee_min_households": ("Flag at {v} or more households recorded as exited with an "
                                 "item of the exit standard unmet",
                                 "有{v}户及以上农户在“两不愁三保障”和饮水安全某项未达标时即标为脱贫，"
                                 "即提示"),
}
THRESHOLD_KINDS = {"bunching_share": "share", "rush_share": "share",
                   "evaluation_max_rate": "share", "jump_ratio": "ratio", "audit_ratio": "times"}


@dataclass(frozen=True)
class Check:
    key: str  # the value of ?check= in the address
    label: tuple[str, str]
    indicator: Indicator  # the statistic the map colours and the ranking sorts by
    flag: str  # the flag column of integrity_counties
    checked: str | None  # column true where a county has enough data; None: any with a value
    columns: tuple[tuple[str, tuple[str, str], str], ...]  # ranking: column, label, kind
    thresholds: tuple[str, ...]
    rollup: str  # where the statistic is defined


CHECKS: tuple[Check, ...] = (
    Check("asset", ("Asset cross-check", "资产比对"),
          Indicator("asset_unresolved_households",
                    ("Matched while poor, never removed", "在册期间比对出资产且未清退"),
                    ("households", "户"), "count", skewed=True),
          "asset_flag", None,
          (("asset_matched_households", ("Matched to an asset record", "比对出资产记录"), "count"),
           ("asset_removed_households", ("Removed as wrongly listed", "作为错评清退"), "count"),
           ("asset_removals_by_year", ("Removed in (year: households)", "清退年份（年份：户数）"),
            "text"),
           ("asset_still_listed_households", ("Still listed", "仍在册"), "count"),
           ("asset_matched_while_poor_households", ("Matched while poor", "在册贫困期间比对出"),
            "count"),
           ("asset_unresolved_households", ("Of them never removed", "其中未清退"), "count")),
          ("asset_min_households",), "12_integrity_county"),
    Check("bunching", ("Income bunching at exit", "脱贫收入扎堆"),
          Indicator("bunching_share", ("Exits within 10% above the line", "脱贫收入在贫困线以上10%以内的比例"),
                    ("", ""), "share", skewed=True),
          "bunching_flag", "bunching_checked",
          (("bunching_exited_households", ("Exited households", "脱贫户"), "count"),
           ("bunching_households", ("Within 10% above the line", "贫困线以上10%以内"), "count"),
           ("bunching_share", ("Share", "比例"), "share"),
           ("bunching_next_band_share", ("Smooth expectation (next 10% band)",
                                         "平滑分布下的预期（上一个10%区间）"), "share")),
          ("bunching_share", "bunching_min_exits"), "12_integrity_county"),
    Check("rush", ("Exit timing", "脱贫时间集中"),
          Indicator("rush_share", ("Exits in the year before the evaluation", "评估前一年脱贫户占比"),
                    ("", ""), "share"),
          "rush_flag", "rush_checked",
          (("rush_evaluation_year", ("Exit evaluation", "退出评估年份"), "year"),
           ("rush_exited_households", ("Exited households", "脱贫户"), "count"),
           ("rush_year_before_households", ("Exited the year before", "评估前一年脱贫"), "count"),
           ("rush_share", ("Share", "比例"), "share")),
          ("rush_share", "rush_min_households"), "12_integrity_county"),
    Check("jump", ("Village income jump", "村收入跳升"),
          Indicator("jump_largest_ratio", ("Largest village income jump", "村收入跳升最大比值"),
                    ("×", "倍"), "ratio"),
          "jump_flag", None,
          (("jump_year", ("Year before the evaluation", "评估前一年"), "year"),
           ("jump_villages_checked", ("Villages checked", "参与核查的村"), "count"),
           ("jump_villages_flagged", ("Villages flagged", "有提示的村"), "count"),
           ("jump_largest_ratio", ("Largest ratio", "最大比值"), "ratio")),
          ("jump_ratio", "jump_min_households"), "11_integrity_village_income"),
    Check("evaluation", ("Evaluation against reported exits", "第三方评估与上报脱贫"),
          Indicator("evaluation_error_rate", ("Larger error rate at the exit evaluation",
                                              "退出评估错评率、错退率中较高者"),
                    ("", ""), "share"),
          "evaluation_flag", None,
          (("evaluation_year", ("Exit evaluation", "退出评估年份"), "year"),
           ("evaluation_sample_households", ("Households sampled", "抽样户"), "count"),
           ("misidentification_rate", ("Misidentification rate", "错评率"), "share"),
           ("wrong_exit_rate", ("Wrong-exit rate", "错退率"), "share"),
           ("reported_exited_households", ("Exits the county reported", "上报脱贫户"), "count"),
           ("estimated_wrong_exits", ("Of them exited wrongly, at that rate", "按错退率估算的错退户"),
            "count")),
          ("evaluation_max_rate",), "12_integrity_county"),
    Check("audit", ("Audits of funds", "资金审计"),
          Indicator("audit_worst_ratio", ("Violation share against the nation, worst year",
                                          "违规资金比例与全国之比（最高年份）"),
                    ("× national", "倍于全国"), "ratio"),
          "audit_flag", None,
          (("audit_first_share", ("First audit: violation share", "首次审计违规比例"), "share"),
           ("audit_last_share", ("Last audit: violation share", "最近审计违规比例"), "share"),
           ("audit_worst_year", ("Worst year", "最高年份"), "year"),
           ("audit_worst_share", ("Violation share that year", "当年违规比例"), "share"),
           ("audit_worst_national_share", ("National share that year", "当年全国比例"), "share"),
           ("audit_worst_ratio", ("Times the national share", "为全国的倍数"), "ratio")),
          ("audit_ratio",), "12_integrity_county"),
    Check("guarantee", ("Exits with a guarantee unmet", "脱贫时保障未达标"),
          Indicator("standard_unmet_households", ("Exited with an item unmet",
                                                  "脱贫时有未达标项的农户"),
                    ("households", "户"), "count", skewed=True),
          "guarantee_flag", None,
          (("standard_exited_households", ("Exited households with the standard recorded",
                                           "记录了脱贫标准的脱贫户"), "count"),
           ("standard_unmet_households", ("Exited with an item unmet", "有未达标项"), "count"),
           ("unmet_food_clothing_households", ("Food and clothing", "吃穿"), "count"),
           ("unmet_education_households", ("Compulsory education", "义务教育"), "count"),
           ("unmet_medical_households", ("Basic medical insurance", "基本医疗"), "count"),
           ("unmet_housing_households", ("Safe housing", "住房安全"), "count"),
           ("unmet_water_households", ("Safe drinking water", "饮水安全"), "count")),
          ("guarantee_min_households",), "12_integrity_county"),
)
BY_KEY = {check.key: check for check in CHECKS}
DEFAULT = CHECKS[0].key


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def county_name(row, lang: str) -> str:
    return row["name_zh"] if lang == "zh" else row["name_en"]


# ---------------------------------------------------------------- the flags, in words

def threshold_value(name: str, value: float, lang: str) -> str:
    """A threshold as people read it: 50%, 1.8, 3×, 10."""
    kind = THRESHOLD_KINDS.get(name, "count")
    if kind == "share":
        return share(value, 0 if value * 100 == round(value * 100) else 1, lang)
    if kind == "times":
        return f"{value:g}×" if lang == "en" else f"{value:g}倍"
    return f"{value:g}"


def threshold_items(names, thresholds: dict, lang: str) -> list[str]:
    return [pick(THRESHOLD_TEXT[n], lang).format(v=threshold_value(n, thresholds[n], lang))
            for n in names]


def _pct(value, lang: str) -> str:
    return share(value, 0, lang)


def _asset_reason(row, thresholds, lang: str) -> str:
    removals = row["asset_removals_by_year"]
    removed = "—" if is_missing(removals) else removals
    n = row["asset_unresolved_households"]
    return pick((
        "{n} {were} matched to an asset record in a year {they} registered as poor and never "
        "removed as wrongly listed ({m} matched in all; removed by year: {r}).",
        "{n}户在登记为贫困户期间比对出资产记录，且从未作为错评清退（共比对出{m}户；各年清退：{r}）。"),
        lang).format(n=number(n), m=number(row["asset_matched_households"]), r=removed,
                     were="household was" if n == 1 else "households were",
                     they="it was" if n == 1 else "they were")


def _bunching_reason(row, thresholds, lang: str) -> str:
    return pick((
        "{s} of the county's {n} exited households had an exit-year income within 10% above "
        "the poverty line, where a smooth distribution would put about {e} (the share in the "
        "next 10% band).",
        "该县{n}户脱贫户中{s}的脱贫当年收入在贫困线以上10%以内，而按平滑分布约应为{e}"
        "（即再往上10%区间的比例）。"),
        lang).format(s=_pct(row["bunching_share"], lang),
                     n=number(row["bunching_exited_households"]),
                     e=_pct(row["bunching_next_band_share"], lang))


def _rush_reason(row, thresholds, lang: str) -> str:
    return pick((
        "{s} of the county's {n} exits came in {y}, the year before its exit evaluation; "
        "across poverty counties the share is {t}.",
        "该县{n}户脱贫户中{s}在{y}年（退出评估前一年）脱贫；全部贫困县合计这一比例为{t}。"),
        lang).format(s=_pct(row["rush_share"], lang), n=number(row["rush_exited_households"]),
                     y=int(row["rush_evaluation_year"]) - 1,
                     t=_pct(row["rush_national_share"], lang))


def _jump_reason(row, thresholds, lang: str) -> str:
    names = row["jump_flagged_villages"]
    if lang == "en":
        names = ("the village " if row["jump_villages_flagged"] == 1 else "the villages ") + names
    year = int(row["jump_year"])
    return pick((
        "In {v}, the mean income of {y}, the year before the county's exit evaluation, was up "
        "to {r}× the geometric mean of {a} and {b}.",
        "{v}{y}年（该县退出评估前一年）的人均收入最高达到{a}年与{b}年几何平均值的{r}倍。"),
        lang).format(v=names, y=year, r=number(row["jump_largest_ratio"], 1), a=year - 1,
                     b=year + 1)


EVALUATION_RATES = (("misidentification_rate", ("misidentification rate", "错评率")),
                    ("wrong_exit_rate", ("wrong-exit rate", "错退率")))


def _evaluation_reason(row, thresholds, lang: str) -> str:
    limit = thresholds["evaluation_max_rate"]
    above = [f"{pick(name, lang)} ({share(row[column], 1, lang)})"
             for column, name in EVALUATION_RATES if row[column] > limit]
    wrong = row["estimated_wrong_exits"]
    return pick((
        "The {y} exit evaluation's {above} {verb} above the {c} ceiling; its wrong-exit rate "
        "of {w} puts about {e} of the {n} exits the county reported in doubt.",
        "{y}年退出评估的{above}超过{c}的标准；按{w}的错退率，该县上报的{n}户脱贫户中约{e}户存疑。"),
        lang).format(y=int(row["evaluation_year"]), above=pick((" and ", "和"), lang).join(above),
                     verb="were" if len(above) > 1 else "was",
                     c=threshold_value("evaluation_max_rate", limit, lang),
                     w=share(row["wrong_exit_rate"], 1, lang),
                     e=number(wrong, 0 if wrong >= 10 else 1),
                     n=number(row["reported_exited_households"]))


def _audit_reason(row, thresholds, lang: str) -> str:
    return pick((
        "In {y}, {s} of the audited funds were used in violation of the rules, {r}× the "
        "national share of {t}.",
        "{y}年审计抽查资金中违规使用的比例为{s}，是全国{t}的{r}倍。"),
        lang).format(y=int(row["audit_worst_year"]), s=share(row["audit_worst_share"], 1, lang),
                     r=number(row["audit_worst_ratio"], 1),
                     t=share(row["audit_worst_national_share"], 1, lang))


UNMET_ITEMS = (("unmet_food_clothing_households", ("food and clothing", "吃穿")),
               ("unmet_education_households", ("compulsory education", "义务教育")),
               ("unmet_medical_households", ("basic medical insurance", "基本医疗")),
               ("unmet_housing_households", ("safe housing", "住房安全")),
               ("unmet_water_households", ("safe drinking water", "饮水安全")))


def _guarantee_reason(row, thresholds, lang: str) -> str:
    n = row["standard_unmet_households"]
    items = pick((", ", "、"), lang).join(
        f"{pick(name, lang)} ({number(row[column])})" if lang == "en"
        else f"{pick(name, lang)}（{number(row[column])}户）"
        for column, name in UNMET_ITEMS if row[column])
    return pick((
        "{n} {were} recorded as exited although an item of the exit standard was never "
        "secured, or only after the exit: {items}.",
        "{n}户在“两不愁三保障”和饮水安全某项未达标时即被记为脱贫（或达标晚于脱贫）：{items}。"),
        lang).format(n=number(n), items=items,
                     were="household was" if n == 1 else "households were")


REASONS = {"asset": _asset_reason, "bunching": _bunching_reason, "rush": _rush_reason,
           "jump": _jump_reason, "evaluation": _evaluation_reason, "audit": _audit_reason,
           "guarantee": _guarantee_reason}


def reason(check: Check, row, thresholds: dict, lang: str) -> str:
    """One sentence saying why the check flagged this county."""
    return REASONS[check.key](row, thresholds, lang)


# ---------------------------------------------------------------- data for the views

def in_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The counties of the area asked for: those the query checked."""
    return frame[frame.in_scope]


def is_county(area: str) -> bool:
    """Whether an area is one county (a province's adcode ends in 0000)."""
    return area != NATION and not area.endswith("0000")


def map_values(frame: pd.DataFrame, check: Check) -> pd.DataFrame:
    """The counties with the check's statistic, left empty where there is too little to judge."""
    if check.checked is None:
        return frame
    key = check.indicator.key
    return frame.assign(**{key: frame[key].where(frame[check.checked].fillna(False).astype(bool))})


def ranked(frame: pd.DataFrame, check: Check) -> pd.DataFrame:
    """The counties the check judged, highest statistic first."""
    values = map_values(frame, check)
    key = check.indicator.key
    judged = values[values.in_programme & values[key].notna()]
    judged = judged.assign(rank=judged[key].rank(method="min", ascending=False).astype(int))
    return judged.sort_values(["rank", "adcode"])


def flagged(frame: pd.DataFrame, check: Check) -> pd.DataFrame:
    return ranked(frame, check).loc[lambda f: f[check.flag]]


# ---------------------------------------------------------------- components

def prompt_notice(lang: str) -> html.Div:
    return html.Div([html.Strong(label("prompt_title", lang)), " ", label("prompt_body", lang)],
                    id=ids.INTEGRITY_NOTICE, className="status-card", role="note")


def check_link(check: Check, state: dict, lang: str) -> str:
    """The address of this page showing `check`, keeping the area and tab."""
    return href(PATH, lang, check=check.key, area=state["area"], tab=state["tab"])


def summary_cards(frame: pd.DataFrame, state: dict, lang: str) -> list:
    """One card per check with the counties it flags in view; each opens that check."""
    view = in_view(frame)
    return [dcc.Link([
        html.Div(pick(check.label, lang), className="kpi-label"),
        html.Div(number(int(view[check.flag].sum())), className="kpi-value",
                 id=ids.integrity_count(check.key)),
        html.Div(label("counties_flagged", lang), className="kpi-note"),
    ], href=check_link(check, state, lang),
        className="kpi-card check-card" + (" check-card-current" if check.key == state["check"]
                                           else ""))
        for check in CHECKS]


def with_code(template: str, **codes: str) -> list:
    """A sentence whose {blanks} are file and variable names, set as code: read as written,
    in any language."""
    parts = []
    for piece in re.split(r"(\{\w+\})", template):
        parts.append(html.Code(codes[piece[1:-1]]) if piece[1:-1] in codes else piece)
    return [part for part in parts if part != ""]


def thresholds_box(items: list[str], lang: str, box_id: str, title: str | None = None,
                   settings: bool = True, level: int = 3) -> html.Div:
    """The thresholds a view used, in words, and (`settings`) where they are set; its
    heading at `level` of the page's outline."""
    return html.Div([
        getattr(html, f"H{level}")(title or label("thresholds", lang)),
        html.Ul([html.Li(item) for item in items]),
        html.P(with_code(label("thresholds_note", lang), file="queries/thresholds.py",
                         variable=f"POVERTY_THRESHOLD_<{label('variable_name', lang)}>"),
               className="note") if settings else None,
    ], id=box_id, className="thresholds")


def flags_list(frame: pd.DataFrame, check: Check, thresholds: dict, lang: str) -> html.Div:
    """Every flag of the check in view: the county, linked to its page, and why."""
    rows = flagged(frame, check)
    if rows.empty:
        return html.P(label("no_flags", lang), id=ids.INTEGRITY_FLAGS, className="empty-state")
    province = "province_zh" if lang == "zh" else "province_en"
    return html.Ul([html.Li([
        dcc.Link(county_name(row, lang), href=href(f"/county/{row['adcode']}", lang),
                 className="flag-county"),
        html.Span(f" · {row[province]}", className="flag-province"),
        html.P(reason(check, row, thresholds, lang), className="flag-reason"),
    ], className="flag") for row in rows.to_dict("records")],
        id=ids.INTEGRITY_FLAGS, className="flags")


def audit_figure(years: pd.DataFrame, lang: str) -> dict:
    """The national violation share by year beside the spread of the counties' own shares."""
    return trend_figure(years, [("national_share", label("national", lang)),
                                ("median_share", label("median", lang)),
                                ("p90_share", label("p90", lang))],
                        label("audit_trend", lang), label("of_sampled", lang), lang=lang,
                        y_format=".0%")


def check_header(check: Check, audit_years: pd.DataFrame | None, thresholds: dict,
                 lang: str) -> list:
    """What the chosen check is, where it is defined and the thresholds it used."""
    chart = [] if audit_years is None else [
        html.Div(dcc.Graph(id=ids.INTEGRITY_AUDIT_TREND, figure=audit_figure(audit_years, lang),
                           config=GRAPH_CONFIG), className="chart")]
    return [
        html.H2(pick(check.label, lang)),
        html.P([label("method", lang),
                dcc.Link(label("method_link", lang),
                         href=href("/about", lang) + f"#query-{check.rollup.split('_', 1)[1]}"),
                " (", html.Code(f"queries/rollups/{check.rollup}.sql"), ")."], className="note"),
        thresholds_box(threshold_items(check.thresholds, thresholds, lang), lang,
                       ids.INTEGRITY_THRESHOLDS),
        *chart,
    ]


def check_flags(view: pd.DataFrame, check: Check, thresholds: dict, lang: str) -> list:
    """The check's flags in view, each with its county and reason."""
    return [html.H2(label("flags", lang)), flags_list(view, check, thresholds, lang)]


def table_columns(check: Check, lang: str) -> list[dict]:
    def column(key, name, kind):
        if kind == "text":
            return {"id": key, "name": pick(name, lang)}
        return {"id": key, "name": pick(name, lang), "type": "numeric",
                "format": {"specifier": TABLE_FORMATS[kind]}}

    return [
        column("rank", L["rank"], "year"),
        {"id": "county", "name": label("county", lang), "presentation": "markdown"},
        {"id": "province", "name": label("province_col", lang)},
        *[column(key, name, kind) for key, name, kind in check.columns],
        {"id": "flag", "name": label("flagged", lang)},
    ]


def table_rows(frame: pd.DataFrame, check: Check, lang: str) -> list[dict]:
    """The judged counties in view, ranked; each county links to its page."""
    rows = ranked(frame, check)
    names = rows.name_zh if lang == "zh" else rows.name_en
    table = pd.DataFrame({
        "rank": rows["rank"], "adcode": rows.adcode,
        "county": "[" + names + "](/county/" + rows.adcode + href("", lang) + ")",
        "province": rows.province_zh if lang == "zh" else rows.province_en,
        **{key: rows[key] for key, _, _ in check.columns},
        "flag": rows[check.flag].map({True: label("flag_mark", lang), False: ""}),
    })
    return table.to_dict("records")


def export_table(frame: pd.DataFrame, check: Check, thresholds: dict, lang: str) -> pd.DataFrame:
    """The ranking as downloaded: both names, the adcode, every column and each flag's reason."""
    rows = ranked(frame, check)
    reasons = [reason(check, row, thresholds, lang) if row[check.flag] else ""
               for row in rows.to_dict("records")]
    return pd.DataFrame({
        label("rank", lang): rows["rank"], "adcode": rows.adcode,
        label("county_zh", lang): rows.name_zh, label("county_en", lang): rows.name_en,
        label("province_col", lang): rows.province_zh if lang == "zh" else rows.province_en,
        **{pick(name, lang): rows[key] for key, name, _ in check.columns},
        label("flagged", lang): rows[check.flag], label("reason", lang): reasons,
    })


def ranking_note(frame: pd.DataFrame, check: Check, lang: str) -> str:
    return label("ranking_note", lang).format(n=number(len(ranked(frame, check))))


# ---------------------------------------------------------------- the map

def integrity_map(frame: pd.DataFrame, check: Check, lang: str, **geometry) -> go.Figure:
    """The county map coloured by the check's statistic, flagged counties outlined."""
    fig = map_figure(map_values(frame, check), check.indicator, lang, **geometry)
    fig.add_trace(go.Choroplethmap(
        geojson=geometry["county_url"], name="flagged", showscale=False, hoverinfo="skip",
        colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        marker={"line": {"width": 2.5, "color": FLAG_COLOUR}},
        **flag_outline(frame, check)))
    return fig


def flag_outline(frame: pd.DataFrame, check: Check) -> dict:
    """The flagged counties, as the outline trace draws them."""
    codes = frame.adcode[frame[check.flag]].tolist()
    return {"locations": codes, "z": [1] * len(codes)}


# ---------------------------------------------------------------- the page

def province_options(provinces: pd.DataFrame, lang: str, nation: bool = True) -> list[dict]:
    """The provinces (on this page, a county official's county) to choose from, after All
    China when the reader may see it."""
    name = "name_zh" if lang == "zh" else "name_en"
    return [{"label": label("nation", lang), "value": NATION}] * nation + [
        {"label": getattr(row, name), "value": row.adcode} for row in provinces.itertuples()]


def controls(state: dict, areas: pd.DataFrame, nation: bool, lang: str) -> html.Div:
    """The check and the area (a province, or a county official's county); both live in
    the address."""
    options = [{"label": pick(c.label, lang), "value": c.key} for c in CHECKS]
    return html.Div([
        html.Div([
            html.Label(label("check", lang), htmlFor=ids.INTEGRITY_CHECK),
            dcc.Dropdown(id=ids.INTEGRITY_CHECK, options=options, value=state["check"],
                         clearable=False, searchable=False,
                         labels=dropdown_labels(lang)),
        ], className="control"),
        html.Div([
            html.Label(label("county" if is_county(state["area"]) else "province", lang),
                       htmlFor=ids.INTEGRITY_PROVINCE),
            dcc.Dropdown(id=ids.INTEGRITY_PROVINCE,
                         options=province_options(areas, lang, nation),
                         value=state["area"], clearable=False,
                         labels=dropdown_labels(lang)),
        ], className="control"),
    ], className="controls province-controls")


def county_link(frame: pd.DataFrame, area: str, lang: str) -> list:
    """For a county official, a link to their county's page; nothing for wider areas."""
    if not is_county(area):
        return []
    row = frame[frame.adcode == area].iloc[0]
    return [html.P([label("county_page", lang),
                    dcc.Link(county_name(row, lang), href=href(f"/county/{area}", lang))],
                   className="note county-link")]


def ranking_table(frame: pd.DataFrame, check: Check, lang: str) -> html.Div:
    return html.Div([
        html.Div([html.Button(label("csv", lang), id=ids.INTEGRITY_CSV, n_clicks=0),
                  dcc.Download(id=ids.INTEGRITY_DOWNLOAD),
                  html.P(ranking_note(frame, check, lang), id=ids.INTEGRITY_TABLE_NOTE,
                         className="note")], className="downloads"),
        dash_table.DataTable(
            id=ids.INTEGRITY_TABLE, columns=table_columns(check, lang),
            data=table_rows(frame, check, lang), sort_action="native", filter_action="native",
            filter_options=filter_options(lang),
            page_size=25, markdown_options={"link_target": "_self"},
            css=[{"selector": ".cell-markdown p", "rule": "margin: 0"},
                 {"selector": ".cell-markdown a", "rule": f"color: {LINK_COLOUR}"}],
            style_table={"overflowX": "auto"},
            style_cell={"textAlign": "left", "fontFamily": FONT, "padding": "4px 8px"},
            style_header={"fontWeight": "600", "whiteSpace": "normal"},
            style_data_conditional=[{
                "if": {"filter_query": f'{{flag}} = "{label("flag_mark", lang)}"'},
                "backgroundColor": "#fdf0e8"}],
        ),
    ], className="table-card")


def integrity_page(state: dict, areas: pd.DataFrame, nation: bool, frame: pd.DataFrame,
                   figure: go.Figure, header: list, flags: list, lang: str) -> list:
    """`areas` (and All China when `nation`) are those the reader may check."""
    check = BY_KEY[state["check"]]
    view = in_view(frame)
    return [
        html.H1(label("title", lang)),
        html.P(label("lede", lang), className="lede"),
        dcc.Location(id=ids.INTEGRITY_URL, refresh="callback-nav"),
        prompt_notice(lang),
        html.Nav(summary_cards(frame, state, lang), id=ids.INTEGRITY_SUMMARY,
                 className="kpi-grid check-cards", **{"aria-label": label("summary", lang)}),
        controls(state, areas, nation, lang),
        *county_link(frame, state["area"], lang),
        html.Section(header, id=ids.INTEGRITY_DETAIL, className="page-section"),
        dcc.Tabs(id=ids.INTEGRITY_TABS, value=state["tab"], children=[
            dcc.Tab(label=label("map", lang), value="map", children=[
                dcc.Loading(dcc.Graph(id=ids.INTEGRITY_GRAPH, figure=figure,
                                      className="map-graph",
                                      config={**GRAPH_CONFIG, "scrollZoom": True}),
                            delay_show=400),
                html.P(label("map_note", lang), className="note"),
            ]),
            dcc.Tab(label=label("ranking", lang), value="ranking",
                    children=ranking_table(view, check, lang)),
        ]),
        html.Section(flags, id=ids.INTEGRITY_FLAG_LIST, className="page-section"),
    ]
