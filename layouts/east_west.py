"""East–West pairing's amounts: the national flows from east to west (a Sankey diagram of
fiscal aid), a province's partners with what flowed each year, and a county's partner's
totals. Amounts of a synthetic build are generated: every view says so beside them."""

import pandas as pd
from dash import dcc, html

from layouts import ids
from layouts.figures import GRAPH_CONFIG, axis_title, empty_figure, figure
from layouts.format import is_missing, large, number
from layouts.i18n import pick

L = {
    "flows": ("East–West flows, 2016–2020", "东西部扶贫协作资金流向（2016–2020年）"),
    # Short enough for a phone: Plotly does not wrap titles.
    "sankey_title": ("Fiscal aid, east to west", "东部财政援助资金流向"),
    "synthetic": ("synthetic", "合成数据"),
    "generated": (
        "The amounts are generated demo data, not real ones. Their totals are the published "
        "ones, at the build's scale ({published}); each pair's share is made up.",
        "以下金额为生成的演示数据，并非真实数据。其合计按本数据的规模与公开数字一致（{published}），"
        "各结对的分配为虚构。"),
    "ingested": ("The amounts are those of the ingested data.", "以下金额来自导入的数据。"),
    "not_in_data": ("The amounts of East–West pairing are not in the data.",
                    "本数据不含东西部扶贫协作金额。"),
    "in_all": ("In all, 2016–2020: {fiscal} of fiscal aid and {social} of social donations; "
               "{cadres_west} cadres sent west and {cadres_east} east; {professionals} "
               "teachers, doctors and technicians sent west; {enterprises} enterprises "
               "brought in, investing {investment}; {products} of products bought.",
               "2016–2020年合计：财政援助资金{fiscal}，社会帮扶资金{social}；东部选派干部"
               "{cadres_west}人，西部选派干部{cadres_east}人；选派教师、医生、技术人员等专业"
               "技术人才{professionals}人；引导企业{enterprises}家，实际投资{investment}；"
               "采购和帮助销售农产品{products}。"),
    "sankey_summary": ("{title}, 2016–2020, {total} in all; the largest flows: {largest}.",
                       "{title}，2016–2020年合计{total}；最大的几笔：{largest}。"),
    "flow": ("{source} to {target}: {value}", "{source}→{target}：{value}"),
    "who_helps": ("Who helps: East–West partners and what they sent",
                  "谁来帮：东西部扶贫协作结对方及帮扶情况"),
    "helper": ("Eastern helper", "东部帮扶方"),
    "helped": ("Area helped", "受援地区"),
    "fiscal_aid_yuan": ("Fiscal aid", "财政援助资金"),
    "social_donations_yuan": ("Social donations", "社会帮扶资金"),
    "cadres_to_west": ("Cadres sent west", "东部选派干部"),
    "cadres_to_east": ("Cadres sent east", "西部选派干部"),
    "professionals_to_west": ("Professionals sent west", "选派专业技术人才"),
    "enterprises": ("Enterprises brought in", "引导企业"),
    "enterprise_investment_yuan": ("Their investment", "企业实际投资"),
    "products_bought_yuan": ("Products bought", "采购和帮助销售农产品"),
    "partners_caption": ("East–West partners, 2016–2020 in all",
                         "东西部扶贫协作结对方（2016–2020年合计）"),
    # Chart titles short enough for a phone: Plotly does not wrap them.
    "funds_by_year": ("Fiscal aid by partner and year", "各结对方历年财政援助"),
    "people_by_year": ("People sent, by year", "历年互派干部和人才"),
    "yuan": ("yuan", "元"),
    "people": ("people", "人"),
    "county_totals": (
        "What flowed to {helped} along the pair in 2016–2020: {fiscal} of fiscal aid, "
        "{social} of social donations, {cadres_west} cadres sent west and {cadres_east} "
        "east, {professionals} professionals.",
        "2016–2020年该结对向{helped}投入财政援助资金{fiscal}、社会帮扶资金{social}，东部选派"
        "干部{cadres_west}人、西部选派干部{cadres_east}人，专业技术人才{professionals}人。"),
}
TOTALS = ("fiscal_aid_yuan", "social_donations_yuan", "cadres_to_west", "cadres_to_east",
          "professionals_to_west", "enterprises", "enterprise_investment_yuan",
          "products_bought_yuan")
PEOPLE = ("cadres_to_west", "cadres_to_east", "professionals_to_west")
LARGEST_SHOWN = 3  # flows the Sankey's sentence names
NODE_COLOURS = ("#0b5394", "#b45f06")  # east, west
LINK_COLOUR = "rgba(11, 83, 148, 0.25)"
NODE_HEIGHT = 30  # pixels of height per eastern helper, so that their names do not overlap


# The published figures a synthetic build's amounts add up to (east_west_published), in
# the order the note gives them, by figure or by figure and year; "{year}" is its year.
PUBLISHED = {
    "east_west_fiscal_aid_2016_2018_yuan": ("fiscal aid in 2016–2018", "2016–2018年财政援助资金"),
    "east_west_fiscal_aid_yuan": ("fiscal aid in {year}", "{year}年财政援助资金"),
    # published in June 2020, as disbursed so far: the year's aid is at least that
    ("east_west_fiscal_aid_yuan", 2020): ("fiscal aid disbursed in 2020 by June",
                                          "2020年截至6月已拨付财政援助资金"),
    "east_west_social_donations_yuan": ("social donations in {year}", "{year}年社会帮扶资金"),
    "east_west_products_sold_yuan": ("products sold in {year}", "{year}年帮助销售农产品"),
    "east_west_enterprises_2016_2019": ("enterprises investing in 2016–2019",
                                        "2016–2019年引导投资的企业"),
    "east_west_enterprise_investment_2016_2019_yuan": ("their investment",
                                                       "企业实际投资"),
    "east_west_fiscal_aid_gansu_yuan": ("Gansu's fiscal aid, 2016 to October 2020",
                                        "甘肃获得财政援助资金（2016年至2020年10月）"),
    "east_west_cadres_to_gansu": ("cadres sent to Gansu", "向甘肃选派干部"),
    "east_west_cadres_from_gansu": ("cadres Gansu sent east", "甘肃向东部选派干部"),
    "east_west_professionals_to_gansu": ("professionals sent to Gansu",
                                         "向甘肃选派专业技术人才"),
}
UNITS = {"yuan": ("yuan", "元"), "people": ("people", "人"), "enterprises": ("", "家")}


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def has_amounts(frame: pd.DataFrame) -> bool:
    """Whether the data holds East–West amounts (an ingest may leave them out)."""
    return "fiscal_aid_yuan" in frame and frame.fiscal_aid_yuan.notna().any()


def place_name(name_zh: str, level: str, province_en: str, lang: str) -> str:
    """A helper or an area helped, as the page language names it: 上海市 / Shanghai, and a
    city or prefecture with its province in English: 苏州市 (Jiangsu)."""
    if lang == "zh":
        return name_zh
    return province_en if level == "province" else f"{name_zh} ({province_en})"


def published_figures(published: pd.DataFrame, lang: str) -> str:
    """The published figures as a list in words: "fiscal aid in 2019: 22.90 billion yuan"."""
    i = 1 if lang == "zh" else 0
    order = {figure: n for n, figure in enumerate(PUBLISHED) if isinstance(figure, str)}
    rows = sorted(published.itertuples(), key=lambda r: (order.get(r.figure, len(order)), r.year))
    items = []
    for row in rows:
        labels = PUBLISHED.get((row.figure, row.year)) or PUBLISHED.get(row.figure)
        if labels is None:
            continue
        name = labels[i].format(year=row.year)
        unit = UNITS.get(row.unit, ("", ""))[i]
        value = (large(row.value, unit, lang) if row.unit == "yuan"
                 else number(row.value, lang=lang) + (f" {unit}" if i == 0 and unit else unit))
        items.append(f"{name}{value}" if lang == "zh" else f"{name}: {value}")
    return ("；" if lang == "zh" else "; ").join(items)


def provenance(synthetic: bool, published: pd.DataFrame, lang: str) -> html.P:
    """What the amounts are: generated (marked synthetic), with the published figures they
    add up to, or ingested."""
    if not synthetic:
        return html.P(label("ingested", lang), className="note")
    note = label("generated", lang).format(published=published_figures(published, lang))
    return html.P([html.Span(label("synthetic", lang), className="synthetic-mark"), " ", note],
                  className="note")


def _amount(value, column: str, lang: str, unit: bool = True) -> str:
    if column in PEOPLE or column == "enterprises":
        return number(value, lang=lang)
    return large(value, label("yuan", lang) if unit else "", lang)


def _heading(column: str, lang: str) -> str:
    """A column's name, with its unit when in yuan (the cells then leave it out)."""
    if column in PEOPLE or column == "enterprises":
        return label(column, lang)
    return label(column, lang) + (" (yuan)" if lang == "en" else "（元）")


def titled(title: str, synthetic: bool, lang: str) -> str:
    """A chart's title, saying 'synthetic' where the amounts are: a downloaded PNG keeps it."""
    if not synthetic:
        return title
    mark = label("synthetic", lang)
    return f"{title} ({mark})" if lang == "en" else f"{title}（{mark}）"


def flows_figure(flows: pd.DataFrame, synthetic: bool, lang: str) -> dict:
    """A Sankey diagram of 2016–2020 fiscal aid from each eastern helper to each western
    province (a prefecture's pair counted in its province)."""
    title = titled(label("sankey_title", lang), synthetic, lang)
    rows = flows[flows.fiscal_aid_yuan.notna() & (flows.fiscal_aid_yuan > 0)]
    if rows.empty:
        return empty_figure(title, lang)
    helpers = [place_name(z, level, en, lang) for z, level, en in zip(
        rows.helper_zh, rows.helper_level, rows.helper_province_en)]
    helped = rows.helped_province_zh if lang == "zh" else rows.helped_province_en
    links = (pd.DataFrame({"source": helpers, "target": helped.to_numpy(),
                           "value": rows.fiscal_aid_yuan.to_numpy()})
             .groupby(["source", "target"], sort=False, as_index=False).value.sum())
    east, west = list(dict.fromkeys(links.source)), list(dict.fromkeys(links.target))
    nodes = east + west
    index = {name: i for i, name in enumerate(nodes)}
    totals = (links.groupby("source").value.sum().to_dict()
              | links.groupby("target").value.sum().to_dict())
    yuan = label("yuan", lang)
    texts = [label("flow", lang).format(source=s, target=t, value=large(v, yuan, lang))
             for s, t, v in zip(links.source, links.target, links.value)]
    trace = {
        "type": "sankey", "arrangement": "snap",
        "node": {"label": nodes, "pad": 10, "thickness": 14,
                 "color": [NODE_COLOURS[0]] * len(east) + [NODE_COLOURS[1]] * len(west),
                 "customdata": [large(totals[name], yuan, lang) for name in nodes],
                 "hovertemplate": "%{label}: %{customdata}<extra></extra>"},
        "link": {"source": [index[s] for s in links.source],
                 "target": [index[t] for t in links.target],
                 "value": links.value.tolist(), "color": LINK_COLOUR, "customdata": texts,
                 "hovertemplate": "%{customdata}<extra></extra>"},
    }
    fig = figure([trace], title, lang, height=max(480, NODE_HEIGHT * len(east)),
                 margin={"l": 8, "r": 8, "t": 56, "b": 8})
    largest = links.nlargest(LARGEST_SHOWN, "value").index
    fig["layout"]["meta"]["summary"] = label("sankey_summary", lang).format(
        title=label("sankey_title", lang), total=large(links.value.sum(), yuan, lang),
        largest=("; " if lang == "en" else "；").join(texts[i] for i in largest))
    return fig


def national_totals(flows: pd.DataFrame, lang: str) -> html.P:
    """Every pair's amounts added up, in one sentence."""
    return html.P(label("in_all", lang).format(
        fiscal=_amount(flows.fiscal_aid_yuan.sum(), "fiscal_aid_yuan", lang),
        social=_amount(flows.social_donations_yuan.sum(), "social_donations_yuan", lang),
        cadres_west=number(flows.cadres_to_west.sum(), lang=lang),
        cadres_east=number(flows.cadres_to_east.sum(), lang=lang),
        professionals=number(flows.professionals_to_west.sum(), lang=lang),
        enterprises=number(flows.enterprises.sum(), lang=lang),
        investment=_amount(flows.enterprise_investment_yuan.sum(), "enterprise_investment_yuan",
                           lang),
        products=_amount(flows.products_bought_yuan.sum(), "products_bought_yuan", lang)),
        className="note")


def flows_section(flows: pd.DataFrame, published: pd.DataFrame, synthetic: bool,
                  lang: str) -> html.Section:
    """The overview's national view of what flowed from east to west, or that the data has
    no amounts."""
    if not has_amounts(flows):
        body = [html.P(label("not_in_data", lang), id=ids.OVERVIEW_EAST_WEST,
                       className="empty-state")]
    else:
        body = [provenance(synthetic, published, lang), national_totals(flows, lang),
                html.Div(dcc.Graph(id=ids.OVERVIEW_EAST_WEST, config=GRAPH_CONFIG,
                                   figure=flows_figure(flows, synthetic, lang)),
                         className="chart")]
    return html.Section([html.H2(label("flows", lang)), *body], className="page-section")


def _partner_names(amounts: pd.DataFrame, lang: str) -> pd.Series:
    """Each row's partner: the helper for a province helped, the area helped for a helper."""
    helped = amounts.role == "helped"
    return pd.Series([
        place_name(hz, hl, hen, lang) if is_helped else place_name(wz, wl, wen, lang)
        for is_helped, hz, hl, hen, wz, wl, wen in zip(
            helped, amounts.helper_zh, amounts.helper_level, amounts.helper_province_en,
            amounts.helped_zh, amounts.helped_level, amounts.helped_province_en)],
        index=amounts.index)


def partners_table(amounts: pd.DataFrame, lang: str) -> html.Div:
    """One row per pair the province takes part in, with its 2016–2020 totals."""
    frame = amounts.assign(
        helper=[place_name(z, level, en, lang) for z, level, en in zip(
            amounts.helper_zh, amounts.helper_level, amounts.helper_province_en)],
        # A prefecture of the page's own province by its name alone.
        area=[z if role == "helped" and level == "prefecture" else place_name(z, level, en, lang)
              for z, level, en, role in zip(amounts.helped_zh, amounts.helped_level,
                                            amounts.helped_province_en, amounts.role)])
    totals = frame.groupby(["helper", "area"], sort=False, as_index=False)[
        list(TOTALS)].sum(min_count=1)
    rows = [html.Tr([html.Th(helper, scope="row"), html.Td(area),
                     *[html.Td(_amount(value, column, lang, unit=False), className="number")
                       for column, value in zip(TOTALS, values)]])
            for helper, area, *values in totals.itertuples(index=False)]
    return html.Div(html.Table([
        html.Caption(label("partners_caption", lang)),
        html.Thead(html.Tr([html.Th(label(c, lang), scope="col") for c in ("helper", "helped")]
                           + [html.Th(_heading(c, lang), scope="col") for c in TOTALS])),
        html.Tbody(rows),
    ], className="plain-table amounts-table"), className="table-scroll",
        # It scrolls sideways on a phone: reached and scrolled with the keyboard too.
        tabIndex="0", role="region", **{"aria-label": label("partners_caption", lang)})


def funds_by_year_figure(amounts: pd.DataFrame, synthetic: bool, lang: str) -> dict:
    """Fiscal aid by year, one stacked bar per partner."""
    title = titled(label("funds_by_year", lang), synthetic, lang)
    frame = amounts.assign(partner=_partner_names(amounts, lang))
    yuan = label("yuan", lang)
    traces = []
    for partner, rows in frame.groupby("partner", sort=False):
        by_year = rows.groupby("year").fiscal_aid_yuan.sum(min_count=1)
        hover = [f"{partner}, {year}: {large(v, yuan, lang)}" for year, v in by_year.items()]
        traces.append({"type": "bar", "name": partner, "x": by_year.index.tolist(),
                       "y": [None if is_missing(v) else v for v in by_year],
                       "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"})
    if not traces:
        return empty_figure(title, lang)
    return figure(traces, title, lang, barmode="stack", yaxis=axis_title(yuan),
                  showlegend=True, legend={"orientation": "h", "y": -0.15})


def people_by_year_figure(amounts: pd.DataFrame, synthetic: bool, lang: str) -> dict:
    """Cadres sent each way and professionals sent west, by year, all partners together."""
    title = titled(label("people_by_year", lang), synthetic, lang)
    by_year = amounts.groupby("year")[list(PEOPLE)].sum(min_count=1)
    traces = []
    for column in PEOPLE:
        name = label(column, lang)
        hover = [f"{name}, {year}: {number(v, lang=lang)}" for year, v in by_year[column].items()]
        traces.append({"type": "bar", "name": name, "x": by_year.index.tolist(),
                       "y": [None if is_missing(v) else v for v in by_year[column]],
                       "hovertext": hover, "hovertemplate": "%{hovertext}<extra></extra>"})
    if by_year.empty:
        return empty_figure(title, lang)
    return figure(traces, title, lang, yaxis=axis_title(label("people", lang)), showlegend=True,
                  legend={"orientation": "h", "y": -0.15})


def partners_section(amounts: pd.DataFrame, pairs: pd.DataFrame, published: pd.DataFrame,
                     synthetic: bool, lang: str) -> html.Section | None:
    """A province's East–West partners with what flowed each year; None for a province in
    no pair (the pairs table already says so)."""
    if pairs.empty:
        return None
    if not has_amounts(amounts):
        body = [html.P(label("not_in_data", lang), className="empty-state")]
    else:
        body = [provenance(synthetic, published, lang), partners_table(amounts, lang),
                html.Div([html.Div(dcc.Graph(id=graph_id, config=GRAPH_CONFIG, figure=fig),
                                   className="chart")
                          for graph_id, fig in (
                              (ids.PROVINCE_EAST_WEST_FUNDS,
                               funds_by_year_figure(amounts, synthetic, lang)),
                              (ids.PROVINCE_EAST_WEST_PEOPLE,
                               people_by_year_figure(amounts, synthetic, lang)))],
                         className="chart-grid")]
    return html.Section([html.H2(label("who_helps", lang)), *body], className="page-section")


def county_partner_totals(pairs: dict, synthetic: bool, lang: str) -> list:
    """What flowed along the county's pair(s) to the area they help, as sentences; that the
    data has no amounts, when it has none."""
    if not pairs.get("helper_zh"):
        return []
    space = " " if lang == "en" else ""  # Chinese sentences follow one another unspaced
    if all(is_missing(v) for v in pairs.get("fiscal_aid_yuan", [None])):
        return [space, label("not_in_data", lang)]
    yuan = label("yuan", lang)
    helped_province = pairs["helped_province_zh" if lang == "zh" else "helped_province_en"]
    sentences = [label("county_totals", lang).format(
        helped=helped if level == "prefecture" else province,
        fiscal=large(fiscal, yuan, lang), social=large(social, yuan, lang),
        cadres_west=number(west, lang=lang), cadres_east=number(east, lang=lang),
        professionals=number(professionals, lang=lang))
        for helped, level, province, fiscal, social, west, east, professionals in zip(
            pairs["helped_zh"], pairs["helped_level"], helped_province,
            pairs["fiscal_aid_yuan"], pairs["social_donations_yuan"], pairs["cadres_to_west"],
            pairs["cadres_to_east"], pairs["professionals_to_west"])]
    mark = [" ", html.Span(label("synthetic", lang), className="synthetic-mark")] if synthetic \
        else []
    return [space, space.join(sentences), *mark]
