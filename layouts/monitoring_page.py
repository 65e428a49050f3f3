"""The /monitoring page: exited households at risk of falling back, by county and village.

Everyone sees counts (the public from the public edition, small counts withheld);
analysts and officials see a county's villages; officials of the county see the
households to visit, each with the reason. What a reader may see is decided by the query
door: a part the door refuses arrives here as None.
"""

import pandas as pd
import plotly.graph_objects as go
from dash import dash_table, dcc, html

from layouts import ids
from layouts.export import with_status
from layouts.figures import GRAPH_CONFIG, kpi_card
from layouts.format import large, number, share
from layouts.i18n import dropdown_labels, pick
from layouts.indicators import Indicator
from layouts.integrity_page import LINK_COLOUR, province_options, thresholds_box
from layouts.map_page import NATION, numeric_format
from layouts.state import href
from layouts.suppression import cells, marked, sorted_last, table_values
from layouts.tables import filter_options
from layouts.theme import FONT

PATH = "/monitoring"
TABS = ("map", "counties")

MEASURES = (
    Indicator("at_risk_households", ("Households at risk", "有返贫风险的脱贫户"),
              ("households", "户"), "count", skewed=True),
    Indicator("at_risk_share", ("At risk, share of exited households", "风险户占脱贫户比例"),
              ("", ""), "share", skewed=True),
)
BY_KEY = {measure.key: measure for measure in MEASURES}
DEFAULT = MEASURES[0].key
RULES = ("low_income", "high_cost", "income_drop")
COUNTS = ("exited_households", "at_risk_households", "at_risk_people",
          *(f"{rule}_households" for rule in RULES))
EVENTS = {"income_drop": ("income drop", "收入骤降"), "illness": ("illness", "因病"),
          "disaster": ("disaster", "因灾")}

L = {
    "title": ("Early warning: households at risk of falling back", "返贫预警：有返贫风险的脱贫户"),
    "lede": ("Households that exited poverty and, in the transition period 2021–2025, met a "
             "risk rule: counted by county and village, and for officials of a county the "
             "households to visit, each with the reason.",
             "已脱贫、在2021–2025年过渡期内触发风险规则的农户：按县、村计数；县级干部可查看"
             "需走访的农户名单及原因。"),
    "rules": ("Risk rules in use", "所用风险规则"),
    "published_rules": ("Risk rules this public edition's counts were computed with",
                        "本公开版计数所用风险规则"),
    "low_income": ("Income below {v}× the 2020 poverty line ({limit} yuan per person)",
                   "人均收入低于2020年贫困线的{v}倍（{limit}元）"),
    "high_cost": ("Illness or disaster costs above {times}the household's 2020 income",
                  "因病因灾支出超过该户2020年收入{times}"),
    "income_drop": ("Income down by more than {v} from 2020", "人均收入比2020年下降超过{v}"),
    "lede_public": ("Households that exited poverty and, in the transition period 2021–2025, "
                    "met a risk rule: counted by county, province and nation.",
                    "已脱贫、在2021–2025年过渡期内触发风险规则的农户：按县、省和全国计数。"),
    "counts_only": ("Everyone sees counts; the list of households is for officials of the "
                    "county.", "所有人可见计数；农户名单仅对本县干部开放。"),
    "overlap": ("A household can meet several rules: it counts once among the households at "
                "risk and once under each rule it meets, so the rules' counts overlap and can add "
                "up to more than the households at risk.",
                "一户可能同时触发多项规则：在风险户中只计一次，在所触发的每项规则下各计一次，因此各规则"
                "的计数相互重叠，相加可能多于风险户数。"),
    "kpis": ("Headline counts", "主要计数"),
    "exited": ("Exited households", "脱贫户"),
    "at_risk": ("Households at risk", "风险户"),
    "of_exited": ("{share} of exited households", "占脱贫户的{share}"),
    "rule_low_income": ("Income rule", "收入规则"),
    "rule_high_cost": ("Shock-cost rule", "支出规则"),
    "rule_income_drop": ("Income-drop rule", "收入下降规则"),
    "households": ("households", "户"),
    "measure": ("Measure", "指标"),
    "province": ("Province", "省份"),
    "map": ("Map", "地图"),
    "counties": ("Counties", "县"),
    "map_note_public": ("Click a county to see its counts below. Grey: not in the programme.",
                        "点击县可在下方查看其计数。灰色：未纳入扶贫范围。"),
    "map_note": ("Click a county to see its villages and, for its officials, the households to "
                 "visit. Grey: not in the programme.",
                 "点击县可查看其各村计数；本县干部还可查看需走访的农户。灰色：未纳入扶贫范围。"),
    "county": ("County", "县"),
    "county_zh": ("County (Chinese)", "县（中文）"),
    "county_en": ("County (English)", "县（英文）"),
    "province_col": ("Province", "省份"),
    "share": ("Share at risk", "风险户比例"),
    "csv": ("Download CSV", "下载 CSV"),
    "choose_county_public": ("Choose a county on the map or in the table to see its counts.",
                             "在地图或表格中选择一个县，查看其计数。"),
    "choose_county": ("Choose a county on the map or in the table to see its villages.",
                      "在地图或表格中选择一个县，查看其各村计数。"),
    "county_title": ("{county}: households at risk", "{county}：风险户"),
    "county_counts": ("{n} of its {m} exited households meet a risk rule.",
                      "该县{m}户脱贫户中有{n}户触发风险规则。"),
    "county_page": ("Open the county page", "打开县页面"),
    "no_county": ("No county in the programme has the code “{code}”.",
                  "没有代码为“{code}”的扶贫县。"),
    "villages": ("Villages", "村"),
    "village": ("Village", "村"),
    "poor_village": ("Poor village?", "贫困村？"),
    "yes": ("yes", "是"),
    "no": ("no", "否"),
    "no_villages": ("No household of this county meets a risk rule.", "该县没有农户触发风险规则。"),
    "below_county": ("Counts by village and the households to visit are not published: they are "
                     "for the county's officials.",
                     "村级计数和需走访的农户名单不公开，仅供本县干部使用。"),
    "villages_denied": ("Village counts are for analysts and officials whose jurisdiction holds "
                        "this county.", "村级计数仅对辖区包含本县的分析人员和干部开放。"),
    "visits": ("Households to visit", "需走访的农户"),
    "visits_denied": ("The list of households to visit is for officials of this county; you "
                      "see counts only.", "需走访的农户名单仅对本县干部开放；您只能看到计数。"),
    "no_visits": ("No household of this county meets a risk rule: nobody to visit.",
                  "该县没有农户触发风险规则，无需走访。"),
    "household": ("Household", "农户"),
    "members": ("Members", "人口"),
    "exit_year": ("Exited", "脱贫年份"),
    "latest_year": ("Latest event", "最近事件"),
    "reason": ("Why", "原因"),
    "why_income": ("income {i} yuan per person, {how}", "人均收入{i}元，{how}"),
    "why_below_limit": ("below the limit of {limit}", "低于{limit}元的标准"),
    "why_dropped": ("{d} below its 2020 income of {b}", "比2020年的{b}元下降{d}"),
    "and": (" and ", "，且"),
    "why_high_cost": ("costs of {c} yuan, above {times}its 2020 income of {h} yuan",
                      "支出{c}元，超过该户2020年收入{h}元{times}"),
    "times": ("{v}× ", "的{v}倍"),
    "source": ("Source: monitoring events of the transition period, rollups monitoring_risk and "
               "county_risk; definitions on the methodology page.",
               "来源：过渡期监测事件，汇总表 monitoring_risk 和 county_risk；定义见方法说明页。"),
}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def _times(multiple: float, lang: str) -> str:
    """'1.5× ' before 'the household's income'; nothing for once the income."""
    return "" if multiple == 1 else label("times", lang).format(v=f"{multiple:g}")


def rule_items(rules: dict, line_2020: float, lang: str) -> list[str]:
    """The risk rules in words with the thresholds in force."""
    multiple = rules["risk_income_multiple"]
    return [
        label("low_income", lang).format(v=f"{multiple:g}", limit=number(multiple * line_2020)),
        label("high_cost", lang).format(times=_times(rules["risk_cost_share"], lang)),
        label("income_drop", lang).format(v=share(rules["risk_income_drop"], 0, lang)),
    ]


def in_view(frame: pd.DataFrame, province: str) -> pd.DataFrame:
    return frame if province == NATION else frame[frame.province_adcode == province]


def kpis(totals: dict, lang: str) -> list:
    """Exited households, those at risk, and those meeting each rule, in the area in view
    (a published row: a withheld count reads as such)."""
    households = label("households", lang)
    get = marked(totals).get
    at_risk_share = get("at_risk_share")
    return [
        kpi_card("monitoring_exited", label("exited", lang),
                 large(get("exited_households"), households, lang)),
        kpi_card("monitoring_at_risk", label("at_risk", lang),
                 large(get("at_risk_households"), households, lang),
                 label("of_exited", lang).format(share=share(at_risk_share, 1, lang))
                 if isinstance(at_risk_share, (int, float)) and not pd.isna(at_risk_share)
                 else ""),
        *[kpi_card(f"monitoring_{rule}", label(f"rule_{rule}", lang),
                   large(get(f"{rule}_households"), households, lang))
          for rule in RULES],
    ]


def _state_link(state: dict, lang: str, **changes) -> str:
    return href(PATH, lang, **{**state, **changes})


def table_columns(lang: str) -> list[dict]:
    def count(key, name):
        return {"id": key, "name": name, "type": "numeric", "format": numeric_format("count", lang)}

    return [
        {"id": "county", "name": label("county", lang), "presentation": "markdown"},
        {"id": "province", "name": label("province_col", lang)},
        count("exited_households", label("exited", lang)),
        count("at_risk_households", label("at_risk", lang)),
        {"id": "at_risk_share", "name": label("share", lang), "type": "numeric",
         "format": numeric_format("share", lang)},
        *[count(f"{rule}_households", label(f"rule_{rule}", lang)) for rule in RULES],
    ]


def _programme(view: pd.DataFrame) -> pd.DataFrame:
    """Programme counties with exits (or withheld exits), most households at risk first; a
    withheld count (mostly from 1 to the threshold - 1) ranks below the published ones and
    above zero."""
    rows = view[view.in_programme & view.exited_households.astype(float).ne(0)]
    rank = rows.at_risk_households.astype(float).fillna(0.5)
    return rows.assign(rank=rank).sort_values(["rank", "adcode"], ascending=[False, True])


def table_rows(view: pd.DataFrame, state: dict, lang: str) -> list[dict]:
    """Programme counties with exits; each county opens its villages on this page."""
    rows = _programme(view)
    names = rows.name_zh if lang == "zh" else rows.name_en
    links = [_state_link(state, lang, county=code, tab="counties") for code in rows.adcode]
    return pd.DataFrame({
        "adcode": rows.adcode,
        "county": "[" + names + "](" + pd.Series(links, index=rows.index) + ")",
        "province": rows.province_zh if lang == "zh" else rows.province_en,
        **{key: table_values(rows, key, lang) for key in (*COUNTS, "at_risk_share")},
    }).to_dict("records")


def export_counties(view: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The counties table as downloaded: both names and the adcode, headers in the page language."""
    rows = _programme(view)
    table = pd.DataFrame({
        "adcode": rows.adcode, label("county_zh", lang): rows.name_zh,
        label("county_en", lang): rows.name_en,
        label("province_col", lang): rows.province_zh if lang == "zh" else rows.province_en,
    })
    for key, name in (("exited_households", "exited"), ("at_risk_households", "at_risk"),
                      ("at_risk_share", "share"),
                      *((f"{rule}_households", f"rule_{rule}") for rule in RULES)):
        table = with_status(table, label(name, lang), cells(rows, key), lang,
                            integer=key != "at_risk_share")
    return table


def _table(table_id: str, columns: list[dict], rows: list[dict], **extra) -> dash_table.DataTable:
    return dash_table.DataTable(
        id=table_id, columns=columns, data=rows, sort_action="native", page_size=25,
        markdown_options={"link_target": "_self"},
        css=[{"selector": ".cell-markdown p", "rule": "margin: 0"},
             {"selector": ".cell-markdown a", "rule": f"color: {LINK_COLOUR}"}],
        style_table={"overflowX": "auto"},
        style_cell={"textAlign": "left", "fontFamily": FONT, "padding": "4px 8px"},
        style_header={"fontWeight": "600", "whiteSpace": "normal"}, **extra)


# ---------------------------------------------------------------- one county

def village_rows(villages: pd.DataFrame, lang: str) -> list[dict]:
    return villages.assign(
        poor=villages.is_poor_village.map({True: label("yes", lang), False: label("no", lang)}),
    ).to_dict("records")


def village_columns(lang: str) -> list[dict]:
    counts = [("at_risk_households", label("at_risk", lang)),
              *[(f"{rule}_households", label(f"rule_{rule}", lang)) for rule in RULES]]
    return [{"id": "village_name", "name": label("village", lang)},
            {"id": "poor", "name": label("poor_village", lang)},
            *[{"id": key, "name": name, "type": "numeric"} for key, name in counts]]


def export_villages(villages: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The villages table as downloaded: the village id, then the columns shown."""
    columns = village_columns(lang)
    table = pd.DataFrame(village_rows(villages, lang), columns=[
        "village_id", *(c["id"] for c in columns)])
    return table.rename(columns={c["id"]: c["name"] for c in columns})


def translate_events(events: str, lang: str) -> str:
    """'2022 illness; 2024 income_drop' in the page language."""
    for key, pair in EVENTS.items():
        events = events.replace(key, pick(pair, lang))
    return events


def visit_reason(row: dict, rules: dict, lang: str) -> str:
    """Why the household is on the list: its events, then each rule it met with the figures."""
    lowest, base = row["lowest_income_yuan"], row["income_2020"]
    income = []
    if row["low_income"]:
        income.append(label("why_below_limit", lang).format(limit=number(row["income_limit_yuan"])))
    if row["income_drop"]:
        income.append(label("why_dropped", lang).format(d=share(1 - lowest / base, 0, lang),
                                                        b=number(base)))
    parts = [label("why_income", lang).format(i=number(lowest), how=label("and", lang).join(
        income))] if income else []
    if row["high_cost"]:
        parts.append(label("why_high_cost", lang).format(
            c=number(row["largest_cost_yuan"]), h=number(base * row["members"]),
            times=_times(rules["risk_cost_share"], lang)))
    separator = "；" if lang == "zh" else "; "
    return f"{translate_events(row['events'], lang)}: {separator.join(parts)}"


def visit_rows(visits: pd.DataFrame, rules: dict, lang: str) -> list[dict]:
    return [{"household_id": row["household_id"], "village_name": row["village_name"],
             "members": row["members"], "exit_year": row["exit_year"],
             "latest_year": row["latest_year"], "reason": visit_reason(row, rules, lang)}
            for row in visits.to_dict("records")]


def visit_columns(lang: str) -> list[dict]:
    return [{"id": key, "name": label(name, lang)} for key, name in (
        ("household_id", "household"), ("village_name", "village"), ("members", "members"),
        ("exit_year", "exit_year"), ("latest_year", "latest_year"), ("reason", "reason"))]


def export_visits(visits: pd.DataFrame, rules: dict, lang: str) -> pd.DataFrame:
    rows = pd.DataFrame(visit_rows(visits, rules, lang), columns=[
        "household_id", "village_name", "members", "exit_year", "latest_year", "reason"])
    return rows.rename(columns={c["id"]: c["name"] for c in visit_columns(lang)})


def _villages_part(villages: pd.DataFrame | None, lang: str) -> list:
    if villages is None:
        return [html.P(label("villages_denied", lang), id=ids.MONITORING_VILLAGES,
                       className="empty-state")]
    if villages.empty:
        return [html.P(label("no_villages", lang), id=ids.MONITORING_VILLAGES,
                       className="empty-state")]
    return [html.Div([
        html.Div([html.Button(label("csv", lang), id=ids.MONITORING_VILLAGES_CSV, n_clicks=0)],
                 className="downloads"),
        _table(ids.MONITORING_VILLAGES, village_columns(lang), village_rows(villages, lang)),
    ], className="table-card")]


def _visits_part(visits: pd.DataFrame | None, rules: dict, lang: str) -> list:
    if visits is None:
        return [html.P(label("visits_denied", lang), id=ids.MONITORING_VISITS,
                       className="empty-state")]
    if visits.empty:
        return [html.P(label("no_visits", lang), id=ids.MONITORING_VISITS,
                       className="empty-state")]
    return [html.Div([
        html.Div([html.Button(label("csv", lang), id=ids.MONITORING_VISITS_CSV, n_clicks=0)],
                 className="downloads"),
        _table(ids.MONITORING_VISITS, visit_columns(lang), visit_rows(visits, rules, lang),
               style_data={"whiteSpace": "normal", "height": "auto"}),
    ], className="table-card")]


def county_section(county: dict | None, villages: pd.DataFrame | None,
                   visits: pd.DataFrame | None, rules: dict, published: bool,
                   lang: str) -> list:
    """One county's counts, villages and visit list; or how to choose a county. Read from
    the public edition (`published`), the page says plainly that nothing below the county
    is published."""
    if county is None:
        return [html.P(label("choose_county_public" if published else "choose_county", lang),
                       className="note")]
    county = marked(county)
    name = county["name_zh"] if lang == "zh" else county["name_en"]
    below = ([html.P(label("below_county", lang), id=ids.MONITORING_VILLAGES,
                     className="empty-state")] if published else [
        html.H3(label("villages", lang)), *_villages_part(villages, lang),
        html.H3(label("visits", lang)), *_visits_part(visits, rules, lang)])
    return [
        html.H2(label("county_title", lang).format(county=name)),
        html.P([label("county_counts", lang).format(
            n=number(county["at_risk_households"], lang=lang),
            m=number(county["exited_households"], lang=lang)),
            " ", dcc.Link(label("county_page", lang),
                          href=href(f"/county/{county['adcode']}", lang))]),
        *below,
        dcc.Download(id=ids.MONITORING_COUNTY_DOWNLOAD),
    ]


def no_such_county(code: str, lang: str) -> list:
    return [html.P(label("no_county", lang).format(code=code), className="empty-state")]


# ---------------------------------------------------------------- the page

def controls(state: dict, provinces: pd.DataFrame, lang: str) -> html.Div:
    options = [{"label": pick(m.label, lang), "value": m.key} for m in MEASURES]
    return html.Div([
        html.Div([
            html.Label(label("measure", lang), htmlFor=ids.MONITORING_MEASURE),
            dcc.Dropdown(id=ids.MONITORING_MEASURE, options=options, value=state["measure"],
                         clearable=False, searchable=False,
                         labels=dropdown_labels(lang)),
        ], className="control"),
        html.Div([
            html.Label(label("province", lang), htmlFor=ids.MONITORING_PROVINCE),
            dcc.Dropdown(id=ids.MONITORING_PROVINCE, options=province_options(provinces, lang),
                         value=state["province"], clearable=False,
                         labels=dropdown_labels(lang)),
        ], className="control"),
    ], className="controls province-controls")


def monitoring_page(state: dict, provinces: pd.DataFrame, frame: pd.DataFrame, totals: dict,
                    figure: go.Figure, rules: list[str], published: bool, county: list,
                    lang: str) -> list:
    """The page; `totals` are the counts of the area in view, `published` says the counts
    are the public edition's, at the thresholds it was published with."""
    view = in_view(frame, state["province"])
    rules_title = label("published_rules" if published else "rules", lang)
    return [
        html.H1(label("title", lang)),
        html.P(label("lede_public" if published else "lede", lang), className="lede"),
        dcc.Location(id=ids.MONITORING_URL, refresh="callback-nav"),
        # The public edition's thresholds are fixed in it: no word of where they are set.
        thresholds_box(rules, lang, ids.MONITORING_RULES, rules_title, settings=not published,
                       level=2),
        html.P(label("overlap", lang), className="note"),
        None if published else html.P(label("counts_only", lang), className="note"),
        html.Section(kpis(totals, lang), id=ids.MONITORING_KPIS, className="kpi-grid",
                     **{"aria-label": label("kpis", lang)}),
        controls(state, provinces, lang),
        dcc.Tabs(id=ids.MONITORING_TABS, value=state["tab"], children=[
            dcc.Tab(label=label("map", lang), value="map", children=[
                dcc.Loading(dcc.Graph(id=ids.MONITORING_GRAPH, figure=figure,
                                      className="map-graph",
                                      config={**GRAPH_CONFIG, "scrollZoom": True}),
                            delay_show=400),
                html.P(label("map_note_public" if published else "map_note", lang),
                       className="note"),
            ]),
            dcc.Tab(label=label("counties", lang), value="counties", children=html.Div([
                html.Div([html.Button(label("csv", lang), id=ids.MONITORING_CSV, n_clicks=0),
                          dcc.Download(id=ids.MONITORING_DOWNLOAD)], className="downloads"),
                _table(ids.MONITORING_TABLE, table_columns(lang), table_rows(view, state, lang),
                       filter_action="native", filter_options=filter_options(lang),
                       sort_as_null=sorted_last(frame, lang)),
            ], className="table-card")),
        ]),
        dcc.Store(id=ids.MONITORING_COUNTY_KEY, data=state["county"]),
        html.Section(county, id=ids.MONITORING_COUNTY, className="page-section"),
        html.P(label("source", lang), className="note"),
    ]
