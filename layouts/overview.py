"""The national overview: KPI cards and trend charts."""

import pandas as pd
from dash import dcc, html

from layouts import ids
from layouts.county_page import MEASURES, category_bars, stacked_by_year
from layouts.east_west import flows_section, titled
from layouts.east_west import label as east_west_label
from layouts.county_page import label as county_label
from layouts.figures import GRAPH_CONFIG, kpi_card, trend_figure
from layouts.format import is_missing, large
from layouts.i18n import pick
from layouts.suppression import marked, total

L = {
    "title": ("National overview", "全国总览"),
    "lede": ("The registry of poor households from its 2014 build to the last exits in 2020, "
             "with the funds and village work teams behind it.",
             "从2014年建档立卡到2020年全部脱贫的贫困户档案，以及背后的资金和驻村工作队。"),
    "peak": ("Registered poor at the peak", "建档立卡贫困人口（峰值）"),
    "registry": ("registry", "建档立卡"),
    "exited": ("People exited 2014–2020", "2014–2020年脱贫人口"),
    "counties": ("Poverty counties delisted", "贫困县摘帽"),
    "of_counties": ("of {n} national poverty counties", "全国贫困县共{n}个"),
    "villages": ("Poor villages delisted", "贫困村出列"),
    "funds": ("Fiscal funds 2013–2020", "2013–2020年财政扶贫资金"),
    "central": ("of which central {v}", "其中中央{v}"),
    "teams": ("Village work teams sent", "选派驻村工作队"),
    "cadres": ("{c} cadres, {s} first secretaries", "驻村干部{c}，第一书记{s}"),
    "people": ("people", "人"),
    "yuan": ("yuan", "元"),
    "poor_by_year": ("Poor people by year", "历年贫困人口"),
    "registry_still_poor": ("Registry: still poor at year end", "建档立卡：年末未脱贫"),
    "survey_poor": ("Survey estimate: rural poor", "抽样调查：农村贫困人口"),
    "survey_scaled": ("Survey estimate: rural poor, ×{scale:g} like the demo",
                      "抽样调查：农村贫困人口（按演示规模×{scale:g}）"),
    "exits_by_year": ("Exits by year (registry)", "历年脱贫人口（建档立卡）"),
    "people_exited": ("People exited", "脱贫人口"),
    "counties_by_year": ("Poverty counties leaving the list", "历年贫困县摘帽"),
    "counties_delisted": ("Counties delisted", "摘帽县"),
    "counties_unit": ("counties", "个县"),
    "funds_by_year": ("Poverty-alleviation funds by year", "历年扶贫资金"),
    "fiscal": ("All fiscal funds", "财政资金合计"),
    "central_funds": ("Central funds", "中央资金"),
    "teams_by_year": ("Village work teams by year", "历年驻村工作队"),
    "teams_serving": ("Work teams serving", "在岗工作队"),
    "secretaries": ("First secretaries", "第一书记"),
    "teams_unit": ("teams / people", "队 / 人"),
    "relocated": ("People relocated", "易地扶贫搬迁人口"),
    "relocated_note": ("from uninhabitable areas, registry",
                       "搬离“一方水土养不起一方人”地区，建档立卡"),
    "measures": ("How help was given", "怎么扶"),
    "relocated_by_year": ("People relocated from uninhabitable areas, by year",
                          "历年易地扶贫搬迁人口"),
    "relocated_people": ("People relocated", "搬迁人口"),
    "batches": ("Five batches: registered households reached", "“五个一批”覆盖建档立卡户"),
    # Short enough for a phone: Plotly does not wrap titles.
    "batches_by_year": ("Five batches: households newly reached", "“五个一批”历年新覆盖户数"),
    "batches_by_year_note": (
        "Each batch counts a household in the year it first reached it (relocation: the year "
        "it moved); a household can receive several.",
        "各项帮扶按首次覆盖的年份计户（易地扶贫搬迁按搬迁年份）；一户可享受多项。"),
    "batches_by_year_generated": (
        "The years are generated demo data: no yearly figure of a batch is published, so only "
        "the totals are calibrated (the people relocated, at the build's scale); each batch is "
        "drawn in a year from the household's registration to its exit.",
        "年份为生成的演示数据：各项帮扶未公布分年数字，仅合计按本数据的规模与公开数字一致（易地扶贫搬迁"
        "人口）；每项帮扶的年份在该户识别至脱贫之间随机生成。"),
    "households": ("households", "户"),
    "correction_title": ("2015 correction (people): {removed} removed, {added} added",
                         "2015年“回头看”（人）：剔除{removed}，新识别{added}"),
    "east_west": ("East–West pairing (2016): who helps whom",
                  "东西部扶贫协作（2016年调整）：结对关系"),
    "east_west_note": ("Eastern provinces and cities paired with western provinces and "
                       "prefectures, sending funds and cadres, bringing in enterprises and "
                       "buying their products. The pairs are published; how sure each reading "
                       "is is given beside it.",
                       "东部省市与西部省份、地市结对，援助资金、选派干部、引导企业投资、"
                       "采购消费扶贫产品。结对关系为公开信息，每一行注明核实程度。"),
    "helped": ("Western area helped", "受援地区"),
    "helper": ("Eastern helper", "东部帮扶方"),
    "whole_province": ("{province} (whole province)", "{province}（全省）"),
    "confidence": ("How sure", "核实程度"),
    "no_pairs": ("This province takes part in no East–West pair of the 2016 list.",
                 "该省不在2016年东西部扶贫协作结对名单中。"),
    "removed": ("Removed", "剔除"),
    "added": ("Added", "新识别"),
    "totals": ("Headline totals", "主要指标"),
    "trends": ("Trends by year", "历年趋势"),
}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def kpi_cards(kpis: dict, lang: str) -> html.Section:
    """Headline totals; `kpis` is the one row of the national_kpis query."""
    get = marked(kpis).get
    people, yuan = label("people", lang), label("yuan", lang)
    peak_note = label("registry", lang) + ("" if is_missing(get("peak_poor_people"))
                                           else f", {int(get('peak_year'))}")
    return html.Section([
        kpi_card("peak_poor_people", label("peak", lang), large(get("peak_poor_people"), people, lang),
                 peak_note),
        kpi_card("exited_people", label("exited", lang), large(get("exited_people"), people, lang),
                 label("registry", lang)),
        kpi_card("counties_delisted", label("counties", lang), large(get("counties_delisted"), lang=lang),
                 label("of_counties", lang).format(n=large(get("poverty_counties"), lang=lang))),
        kpi_card("villages_delisted", label("villages", lang), large(get("villages_delisted"), lang=lang)),
        kpi_card("funds_fiscal_yuan", label("funds", lang), large(get("funds_fiscal_yuan"), yuan, lang),
                 label("central", lang).format(v=large(get("funds_central_yuan"), yuan, lang))),
        kpi_card("work_teams_sent", label("teams", lang), large(get("work_teams_sent"), lang=lang),
                 label("cadres", lang).format(c=large(get("cadres_sent"), lang=lang),
                                      s=large(get("first_secretaries_sent"), lang=lang))),
        kpi_card("relocated_people", label("relocated", lang),
                 large(get("relocated_people"), people, lang), label("relocated_note", lang)),
    ], id=ids.KPI_CARDS, className="kpi-grid", **{"aria-label": label("totals", lang)})


def trend_charts(trend: pd.DataFrame, lang: str, scale: float | None) -> html.Section:
    """The national trends by year; registry and survey figures are labelled as such."""
    survey = (label("survey_poor", lang) if scale in (None, 1)
              else label("survey_scaled", lang).format(scale=scale))
    charts = [
        (ids.TREND_STILL_POOR, trend_figure(
            trend, [("still_poor_people", label("registry_still_poor", lang)),
                    ("survey_rural_poor_people", survey)],
            label("poor_by_year", lang), label("people", lang), lang=lang)),
        (ids.TREND_EXITS, trend_figure(
            trend, [("exited_people", label("people_exited", lang))], label("exits_by_year", lang),
            label("people", lang), kind="bar", lang=lang)),
        (ids.TREND_COUNTIES, trend_figure(
            trend, [("counties_exited", label("counties_delisted", lang))], label("counties_by_year", lang),
            label("counties_unit", lang), kind="bar", lang=lang)),
        (ids.TREND_FUNDS, trend_figure(
            trend, [("funds_fiscal_yuan", label("fiscal", lang)), ("funds_central_yuan", label("central_funds", lang))],
            label("funds_by_year", lang), label("yuan", lang), kind="bar", lang=lang)),
        (ids.TREND_TEAMS, trend_figure(
            trend, [("work_teams", label("teams_serving", lang)), ("first_secretaries", label("secretaries", lang))],
            label("teams_by_year", lang), label("teams_unit", lang), lang=lang)),
    ]
    return html.Section(
        [html.Div(dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG), className="chart")
         for graph_id, fig in charts],
        className="chart-grid", **{"aria-label": label("trends", lang)},
    )


REASONS = {
    "misidentified_assets": ("assets above the rules", "资产不符合条件"),
    "misidentified_income": ("income above the line", "收入超过标准"),
    "missed_poor": ("poor but missed", "漏评的贫困户"),
    "duplicate": ("duplicate record", "重复录入"),
    "other": ("other", "其他原因"),
}


def correction_figure(corrections: pd.DataFrame, lang: str) -> dict:
    """People removed from and added to the registry in 2015, by action and reason; the
    title gives both totals (withheld when one of their cells is)."""
    rows = corrections.assign(key=corrections.action + ":" + corrections.reason)
    names = {f"{action}:{reason}": (f"{label(action, lang)}: {en}" if lang == "en"
                                    else f"{label(action, lang)}：{zh}")
             for action in ("removed", "added") for reason, (en, zh) in REASONS.items()}
    labels = {key: (name, name) for key, name in names.items()}
    totals = {action: large(total(rows[rows.action == action], "people"), lang=lang)
              for action in ("removed", "added")}
    title = label("correction_title", lang).format(**totals)
    return category_bars(rows.reset_index(drop=True), "key", labels, title, lang,
                         value="people", unit_key="people")


def pairings_table(pairs: pd.DataFrame, lang: str) -> html.Div:
    """The East–West pairs, one row each, by western province: a table rather than a chart,
    so that every pair, and how sure it is, can be read and copied."""
    if pairs.empty:
        return html.P(label("no_pairs", lang), className="empty-state")
    province = pairs.helped_province_zh if lang == "zh" else pairs.helped_province_en
    helper_province = pairs.helper_province_zh if lang == "zh" else pairs.helper_province_en
    rows = [html.Tr([
        html.Td(label("whole_province", lang).format(province=name) if level == "province"
                else f"{helped} ({name})" if lang == "en" else f"{name}{helped}"),
        html.Td(helper if lang == "zh" or helper_level == "province"
                else f"{helper} ({helper_home})"),
        html.Td(county_label(f"pair_{confidence}", lang), title=source),
    ]) for name, helped, level, helper, helper_level, helper_home, confidence, source in zip(
        province, pairs.helped_zh, pairs.helped_level, pairs.helper_zh, pairs.helper_level,
        helper_province, pairs.confidence, pairs.source_zh if lang == "zh" else pairs.source)]
    return html.Div(html.Table([
        html.Caption(label("east_west", lang)),
        html.Thead(html.Tr([html.Th(label(key, lang), scope="col")
                            for key in ("helped", "helper", "confidence")])),
        html.Tbody(rows),
    ], className="plain-table"), className="table-scroll",
        # It may scroll sideways on a phone: reached and scrolled with the keyboard too.
        tabIndex="0", role="region", **{"aria-label": label("east_west", lang)})


def batches_by_year_figure(by_year: pd.DataFrame, synthetic: bool, lang: str) -> dict:
    """Households each of the five batches newly reached, by year, the batches side by side
    (a household can receive several, so they do not add up); its title says 'synthetic'
    where the years are generated."""
    title = titled(label("batches_by_year", lang), synthetic, lang)
    return stacked_by_year(by_year.reset_index(drop=True), "measure", "households", MEASURES,
                           title, label("households", lang), lang, barmode="group")


def batches_by_year_note(synthetic: bool, lang: str) -> html.P:
    """What the chart counts, and that its years are generated in a synthetic build."""
    what = label("batches_by_year_note", lang)
    if not synthetic:
        return html.P(what, className="note")
    return html.P([html.Span(east_west_label("synthetic", lang), className="synthetic-mark"), " ",
                   what, " ", label("batches_by_year_generated", lang)], className="note")


def measures_section(batches: pd.DataFrame, by_year: pd.DataFrame, corrections: pd.DataFrame,
                     pairs: pd.DataFrame, trend: pd.DataFrame, synthetic: bool, lang: str,
                     graph_ids: tuple[str, str, str, str]) -> html.Section:
    """The five batches in all and by year, relocation by year, the 2015 correction and the
    East–West pairs of an area (the nation or a province); `trend` is the area's yearly
    rollup, `by_year` its five batches by year, generated when `synthetic`."""
    figures = (category_bars(batches.reset_index(drop=True), "measure", MEASURES,
                             label("batches", lang), lang),
               batches_by_year_figure(by_year, synthetic, lang),
               trend_figure(trend, [("relocated_people_in_year", label("relocated_people", lang))],
                            label("relocated_by_year", lang), label("people", lang),
                            kind="bar", lang=lang),
               correction_figure(corrections, lang))
    notes = {graph_ids[1]: batches_by_year_note(synthetic, lang)}
    return html.Section([
        html.H2(label("measures", lang)),
        html.Div([html.Div([dcc.Graph(id=graph_id, figure=fig, config=GRAPH_CONFIG),
                            *([notes[graph_id]] if graph_id in notes else [])], className="chart")
                  for graph_id, fig in zip(graph_ids, figures)],
                 className="chart-grid"),
        html.P(label("east_west_note", lang), className="note"),
        pairings_table(pairs, lang),
    ], className="page-section")


def overview_page(kpis: dict, trend: pd.DataFrame, batches: pd.DataFrame,
                  batches_by_year: pd.DataFrame, corrections: pd.DataFrame, pairs: pd.DataFrame,
                  flows: pd.DataFrame, published: pd.DataFrame, lang: str,
                  scale: float | None) -> list:
    """The page; `flows` are the East–West pairs' amounts (east_west_flows) and
    `batches_by_year` the five batches' years, generated when `scale` is a synthetic
    build's; the amounts then add up to the `published` figures."""
    return [
        html.H1(label("title", lang)),
        html.P(label("lede", lang), className="lede"),
        kpi_cards(kpis, lang),
        trend_charts(trend, lang, scale),
        measures_section(batches, batches_by_year, corrections, pairs, trend, scale is not None,
                         lang, (ids.OVERVIEW_BATCHES, ids.OVERVIEW_BATCHES_BY_YEAR,
                                ids.OVERVIEW_RELOCATED, ids.OVERVIEW_CORRECTION)),
        flows_section(flows, published, scale is not None, lang),
    ]
