"""The /village/<village_id> page: profile, work teams and cadres, and anonymised household files."""

from dataclasses import dataclass

import pandas as pd
from dash import dcc, html

import indicators as registry
from layouts import ids
from layouts.county_page import (
    CAUSES,
    MEASURES,
    SENDING_LEVELS,
    chart,
    infrastructure_text,
    name_of,
    section,
    yes_no,
)
from layouts.figures import axis_title, empty_figure, figure, kpi_card, values
from layouts.format import is_missing, large, number
from layouts.i18n import pick
from layouts.state import href
from layouts.theme import COLOURS

L = {
    "no_such_village": ("No such village", "没有这个村"),
    "no_such_village_body": ("No village has the id “{id}”.", "没有编号为“{id}”的村。"),
    "find_on_map": ("Find a county on the map", "在地图上查找县"),
    "village_of": ("Village of {county}, {province}", "{province}{county}"),
    "officials": ("Household files are for officials of this jurisdiction. Households appear "
                  "only by an anonymised code; the registry holds no names.",
                  "贫困户档案仅供本辖区干部查阅。农户仅以匿名编号显示，档案不含姓名。"),
    "profile": ("Village profile", "村情概况"),
    "county": ("County", "县"),
    "province": ("Province", "省份"),
    "poor_village": ("Registered poor village", "建档立卡贫困村"),
    "exit": ("Delisted", "出列"),
    "exited_in": ("in {year}", "{year}年"),
    "not_yet": ("not yet", "尚未出列"),
    "not_poor": ("not a poor village", "非贫困村"),
    "population": ("Population", "人口"),
    "infrastructure": ("Infrastructure by 2020", "2020年基础设施"),
    "people": ("people", "人"),
    "households": ("households", "户"),
    "headline": ("Headline figures", "主要指标"),
    "registered": ("Registered poor households", "建档立卡贫困户"),
    "registered_note": ("{people} people", "{people}人"),
    "still_poor": ("Still poor", "未脱贫"),
    "exited": ("Exited poverty", "已脱贫"),
    "relocated": ("Relocated", "易地搬迁"),
    "monitored": ("Under post-exit monitoring", "脱贫后监测"),
    "teams": ("Work teams and cadres", "驻村工作队和干部"),
    "team": ("Team", "工作队"),
    "no_team": ("Before a team", "工作队进驻前"),
    "sent_by": ("Sent by", "派出单位层级"),
    "years": ("Years", "驻村年份"),
    "members": ("Cadres at a time", "在岗人数"),
    "household_members": ("Members", "家庭人口"),
    "cadres_served": ("Cadres who served", "累计驻村干部"),
    "secretaries": ("First secretaries", "第一书记"),
    "no_teams": ("No work team was stationed in this village.", "该村没有驻村工作队。"),
    "cadre_terms": ("Cadres' terms of service", "驻村干部任期"),
    "first_secretary": ("First secretary", "第一书记"),
    "member": ("Team member", "队员"),
    "incomes": ("Household incomes against the poverty line", "农户人均纯收入与贫困线"),
    "household_incomes": ("Households", "农户"),
    "poverty_line": ("Poverty line", "贫困线"),
    "yuan_per_person": ("yuan per person", "元/人"),
    "files": ("Household files", "贫困户档案"),
    "files_note": ("Incomes marked ▾ are below that year's poverty line.",
                   "标有 ▾ 的收入低于当年贫困线。"),
    "no_households": ("No registered poor households live in this village.",
                      "该村没有建档立卡贫困户。"),
    "code": ("Household", "农户编号"),
    "identified": ("Identified", "识别年份"),
    "cause": ("Main cause", "主要致贫原因"),
    "measures": ("Measures received", "帮扶措施"),
    "no_measures": ("none recorded", "无记录"),
    "relocation": ("Relocation", "易地搬迁"),
    "relocated_in": ("moved in {year}", "{year}年搬迁"),
    "not_relocated": ("not relocated", "未搬迁"),
    "monitoring": ("Monitoring", "监测"),
    "standard": ("Exit standard", "脱贫标准"),
    "secured_in": ("{item}: {year}", "{item}：{year}年"),
    "not_secured": ("{item}: not secured", "{item}：未保障"),
    "not_recorded": ("not recorded", "未记录"),
    "status_exited": ("Exited {year}", "{year}年脱贫"),
    "status_poor": ("Still poor", "未脱贫"),
    "status_removed": ("Removed {year} (wrongly listed)", "{year}年剔除（识别不准）"),
    "income": ("Income {year}", "{year}年人均纯收入"),
    "income_by_year": ("Income per person by year, yuan", "历年人均纯收入（元）"),
    "below_line": ("below the poverty line of {line} yuan", "低于当年贫困线{line}元"),
    "removed_year": ("Removed as wrongly listed", "识别不准剔除年份"),
    "exit_year": ("Exit year", "脱贫年份"),
    "csv": ("Download CSV", "下载 CSV"),
    "for_officials": ("Cadres' terms and household files are for officials of this village's "
                      "jurisdiction.", "驻村干部任期和贫困户档案仅供本村所在辖区的干部查阅。"),
}
MONITORING = {"monitored": ("under post-exit monitoring", "脱贫后监测中"),
              "none": ("not monitored", "未纳入监测")}
TEAM_COLUMNS = ("team", "sent_by", "years", "members", "cadres_served", "secretaries")


@dataclass(frozen=True)
class VillageData:
    """Everything the village page shows, as the queries return it."""

    profile: dict
    teams: pd.DataFrame
    # None for a reader who may not see individual people: the page says whose they are.
    cadres: pd.DataFrame | None
    households: pd.DataFrame | None
    incomes: pd.DataFrame | None


def label(key: str, lang: str) -> str:
    return pick(L[key], lang)


def household_codes(households: pd.DataFrame) -> dict:
    """Household id -> anonymised code 'H-001', numbered in registry order within the village."""
    width = max(3, len(str(len(households))))
    return {hid: f"H-{n:0{width}d}" for n, hid in enumerate(households["household_id"], 1)}


def household_status(row: dict, lang: str) -> tuple[str, str]:
    """(text, kind) of a household's standing in the registry: removed, exited or still poor."""
    if not is_missing(row["removed_year"]):
        return label("status_removed", lang).format(year=int(row["removed_year"])), "removed"
    if not is_missing(row["exit_year"]):
        return label("status_exited", lang).format(year=int(row["exit_year"])), "exited"
    return label("status_poor", lang), "poor"


def received_measures(row: dict) -> list[str]:
    return [m for m in MEASURES if row[f"measure_{m}"]]


def relocation_text(row: dict, lang: str) -> str:
    if is_missing(row["relocated_year"]):
        return label("not_relocated", lang)
    return label("relocated_in", lang).format(year=int(row["relocated_year"]))


# The guarantees a household file records the year of (income is read from its incomes).
GUARANTEES = tuple((key, item_label) for key, item_label, _ in registry.STANDARD
                   if key not in ("income", "all"))


def standard_text(row: dict, lang: str) -> str:
    """The year each guarantee of the exit standard was secured, or that it was not."""
    if all(is_missing(row[f"{key}_year"]) for key, _ in GUARANTEES):
        return label("not_recorded", lang)
    parts = [label("not_secured", lang).format(item=pick(item, lang))
             if is_missing(row[f"{key}_year"])
             else label("secured_in", lang).format(item=pick(item, lang),
                                                   year=int(row[f"{key}_year"]))
             for key, item in GUARANTEES]
    return "; ".join(parts) if lang == "en" else "；".join(parts)


def monitoring_text(status: str, lang: str) -> str:
    return pick(MONITORING[status], lang) if status in MONITORING else status


# ---------------------------------------------------------------- figures

def income_figure(incomes: pd.DataFrame, codes: dict, lang: str) -> dict:
    """Every household's income by year as thin lines, and the poverty line over them."""
    title = label("incomes", lang)
    if incomes.empty:
        return empty_figure(title, lang)
    x, y, code = [], [], []
    for household_id, rows in incomes.groupby("household_id", sort=False):
        # One trace for all households, each separated by a gap: fast with hundreds of them.
        x += [*values(rows["year"]), None]
        y += [*values(rows["income_yuan"]), None]
        code += [codes.get(household_id, "")] * len(rows) + [None]
    line = incomes.drop_duplicates("year").sort_values("year")
    yuan = label("yuan_per_person", lang)
    poverty_line = label("poverty_line", lang)
    households = {
        "type": "scatter", "x": x, "y": y, "customdata": code, "mode": "lines+markers",
        "name": label("household_incomes", lang), "line": {"width": 1, "color": COLOURS[5]},
        "marker": {"size": 4}, "opacity": 0.6,
        "hovertemplate": f"%{{customdata}}<br>%{{x}}: %{{y:,}} {yuan}<extra></extra>"}
    line_trace = {
        "type": "scatter", "x": values(line["year"]), "y": values(line["poverty_line_yuan"]),
        "mode": "lines", "name": poverty_line, "line": {"width": 3, "color": COLOURS[3]},
        "hovertemplate": f"{poverty_line}<br>%{{x}}: %{{y:,}} {yuan}<extra></extra>"}
    # Log scale: a few well-off households must not flatten everyone else against the line.
    return figure([households, line_trace], title, lang, yaxis=axis_title(yuan) | {"type": "log"})


def cadre_timeline(cadres: pd.DataFrame, lang: str) -> dict:
    """One bar per cadre from the first to the last year served, first secretaries on top."""
    title = label("cadre_terms", lang)
    if cadres.empty:
        return empty_figure(title, lang)
    # A first secretary sent before the village's team came has no team.
    teams = {team: n for n, team in enumerate(dict.fromkeys(cadres["team_id"].dropna()), 1)}
    rows = cadres.assign(end=cadres["end_year"].fillna(2020).astype(int),
                         member=cadres["role"] != "first_secretary")
    rows = rows.sort_values(["team_id", "member", "start_year"], kind="stable",
                            na_position="first")
    rank = rows.groupby(["team_id", "role"], dropna=False).cumcount() + 1

    def prefix_of(team) -> str:
        if is_missing(team):
            return f"{label('no_team', lang)} · " if teams else ""
        return f"{label('team', lang)} {teams[team]} · " if len(teams) > 1 else ""

    team_prefix = rows["team_id"].map(prefix_of)
    rows = rows.assign(name=team_prefix + rows["role"].map(lambda r: label(r, lang)) + " "
                       + rank.astype(str))
    bars = []
    for role, colour in (("first_secretary", COLOURS[1]), ("member", COLOURS[0])):
        part = rows[rows["role"] == role]
        bars.append({
            "type": "bar", "orientation": "h", "x": values(part["end"] - part["start_year"] + 1),
            "base": values(part["start_year"] - 0.5), "y": values(part["name"]),
            "name": label(role, lang), "marker": {"color": colour},
            "customdata": [[int(a), int(b)] for a, b in zip(part["start_year"], part["end"])],
            "hovertemplate": "%{y}: %{customdata[0]}–%{customdata[1]}<extra></extra>"})
    return figure(bars, title, lang, height=140 + 22 * len(rows), xaxis={"range": [2012.5, 2020.5]},
                  yaxis={"categoryorder": "array", "categoryarray": list(rows["name"]),
                         "autorange": "reversed", "automargin": True})


# ---------------------------------------------------------------- tables and exports

def team_rows(teams: pd.DataFrame, lang: str) -> list[dict]:
    """The village's teams, numbered in order of arrival."""
    return [{
        "team": f"{label('team', lang)} {n}",
        "sent_by": name_of(SENDING_LEVELS, row["sending_level"], lang),
        "years": f"{row['start_year']}–{'' if is_missing(row['end_year']) else row['end_year']}",
        "members": row["members"],
        "cadres_served": row["cadres_served"],
        "secretaries": row["first_secretaries"],
    } for n, row in enumerate(teams.to_dict("records"), 1)]


def teams_export(teams: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The teams table as a CSV holds it, headers in the page language."""
    rows = pd.DataFrame(team_rows(teams, lang), columns=list(TEAM_COLUMNS))
    return rows.rename(columns={key: label(key, lang) for key in TEAM_COLUMNS})


def households_export(households: pd.DataFrame, incomes: pd.DataFrame, lang: str) -> pd.DataFrame:
    """One row per household file, by anonymised code, incomes one column per year."""
    codes = household_codes(households)
    by_year = incomes.pivot(index="household_id", columns="year", values="income_yuan")
    table = pd.DataFrame({
        label("code", lang): [codes[h] for h in households["household_id"]],
        label("household_members", lang): households["members"],
        label("identified", lang): households["identified_year"],
        label("cause", lang): [name_of(CAUSES, c, lang) for c in households["cause"]],
        label("removed_year", lang): households["removed_year"],
        label("exit_year", lang): households["exit_year"],
        **{pick(pair, lang): [yes_no(v, lang) for v in households[f"measure_{m}"]]
           for m, pair in MEASURES.items()},
        label("relocation", lang): households["relocated_year"],
        **{pick(item, lang): households[f"{key}_year"] for key, item in GUARANTEES},
        label("monitoring", lang): [monitoring_text(s, lang)
                                    for s in households["monitoring_status"]],
    })
    for year in by_year.columns:
        table[label("income", lang).format(year=year)] = (
            households["household_id"].map(by_year[year]).to_numpy())
    return table


# ---------------------------------------------------------------- the page

def no_such_village(village_id: str, lang: str) -> list:
    """What /village/<anything that is not a village> shows."""
    return [
        html.H1(label("no_such_village", lang)),
        html.Div([
            html.P(label("no_such_village_body", lang).format(id=village_id)),
            dcc.Link(label("find_on_map", lang), href=href("/map", lang)),
        ], id=ids.VILLAGE_STATUS, className="status-card", role="status"),
    ]


def _county_link(profile: dict, lang: str) -> dcc.Link:
    name = profile["county_zh"] if lang == "zh" else profile["county_en"]
    return dcc.Link(name, href=href(f"/county/{profile['county_adcode']}", lang),
                    id=ids.VILLAGE_COUNTY_LINK)


def _exit_text(profile: dict, lang: str) -> str:
    if not profile["is_poor_village"]:
        return label("not_poor", lang)
    if is_missing(profile["exit_year"]):
        return label("not_yet", lang)
    return label("exited_in", lang).format(year=int(profile["exit_year"]))


def profile_card(profile: dict, lang: str) -> html.Dl:
    province = profile["province_zh"] if lang == "zh" else profile["province_en"]
    items = [
        ("county", _county_link(profile, lang)), ("province", province),
        ("poor_village", yes_no(profile["is_poor_village"], lang)),
        ("exit", _exit_text(profile, lang)),
        ("population", large(profile["population"], label("people", lang), lang)),
        ("infrastructure", infrastructure_text(profile, lang)),
    ]
    return html.Dl([html.Div([html.Dt(label(key, lang)), html.Dd(value)]) for key, value in items],
                   id=ids.VILLAGE_PROFILE, className="profile",
                   **{"aria-label": label("profile", lang)})


def village_kpis(households: pd.DataFrame, lang: str) -> html.Section:
    """Counts of the village's registered households (those removed as wrongly listed excluded)."""
    kept = households[households["removed_year"].isna()]
    exited = kept["exit_year"].notna()
    unit = label("households", lang)
    counts = {
        "registered": len(kept), "still_poor": int((~exited).sum()), "exited": int(exited.sum()),
        "relocated": int(kept["relocated_year"].notna().sum()),
        "monitored": int((kept["monitoring_status"] == "monitored").sum()),
    }
    people = label("registered_note", lang).format(people=number(kept["members"].sum()))
    return html.Section([
        kpi_card(f"village_{key}", label(key, lang), large(value, unit, lang),
                 people if key == "registered" else "")
        for key, value in counts.items()
    ], id=ids.VILLAGE_KPIS, className="kpi-grid", **{"aria-label": label("headline", lang)})


def teams_table(teams: pd.DataFrame, lang: str) -> html.Div:
    if teams.empty:
        return html.P(label("no_teams", lang), className="empty-state")
    header = html.Tr([html.Th(label(key, lang), scope="col") for key in TEAM_COLUMNS])
    body = [html.Tr([html.Td(row[key]) for key in TEAM_COLUMNS]) for row in team_rows(teams, lang)]
    return html.Div([
        html.Div(html.Button(label("csv", lang), id=ids.VILLAGE_TEAMS_CSV, n_clicks=0),
                 className="downloads"),
        html.Div(html.Table([html.Thead(header), html.Tbody(body)], id=ids.VILLAGE_TEAMS,
                            className="simple-table"), className="table-scroll",
                 # A region that may scroll sideways: reachable, so keys can scroll it.
                 tabIndex="0", role="region", **{"aria-label": label("teams", lang)}),
    ], className="table-card")


def _income_cells(incomes: pd.DataFrame, lang: str) -> html.Div:
    """The household's income each year; a year below the line is marked, not only coloured."""
    cells = []
    for row in incomes.to_dict("records"):
        below = row["income_yuan"] < row["poverty_line_yuan"]
        note = label("below_line", lang).format(line=number(row["poverty_line_yuan"]))
        cells.append(html.Div(
            [html.Span(str(row["year"]), className="income-year"),
             html.Span(("▾ " if below else "") + number(row["income_yuan"]))],
            className="income below-line" if below else "income",
            title=note if below else None))
    return html.Div(cells, className="incomes")


def household_card(row: dict, code: str, incomes: pd.DataFrame, lang: str) -> html.Article:
    """One anonymised household file: standing, facts, measures received and income by year."""
    status, kind = household_status(row, lang)
    measures = received_measures(row)
    facts = [
        ("household_members", f"{row['members']}"),
        ("identified", f"{row['identified_year']}"),
        ("cause", name_of(CAUSES, row["cause"], lang)),
        ("relocation", relocation_text(row, lang)),
        ("standard", standard_text(row, lang)),
        ("monitoring", monitoring_text(row["monitoring_status"], lang)),
    ]
    return html.Article([
        html.Header([html.H3(code), html.Span(status, className=f"badge badge-{kind}")]),
        html.Dl([part for key, value in facts
                 for part in (html.Dt(label(key, lang)), html.Dd(value))], className="facts"),
        html.Div(label("measures", lang), className="facts-label"),
        html.Ul([html.Li(name_of(MEASURES, m, lang), className="chip") for m in measures],
                className="chips") if measures
        else html.P(label("no_measures", lang), className="note"),
        html.Div(label("income_by_year", lang), className="facts-label"),
        _income_cells(incomes, lang),
    ], className="household", **{"data-code": code})


def household_files(households: pd.DataFrame, incomes: pd.DataFrame, lang: str) -> html.Div:
    """Every household of the village as a card, with a CSV download of the same files."""
    if households.empty:
        return html.P(label("no_households", lang), id=ids.VILLAGE_HOUSEHOLDS,
                      className="empty-state")
    codes = household_codes(households)
    by_household = dict(tuple(incomes.groupby("household_id")))
    empty = incomes.iloc[0:0]
    return html.Div([
        html.Div([html.Button(label("csv", lang), id=ids.VILLAGE_HOUSEHOLDS_CSV, n_clicks=0),
                  html.Span(label("files_note", lang), className="note")],
                 className="downloads"),
        html.Div([household_card(row, codes[row["household_id"]],
                                 by_household.get(row["household_id"], empty), lang)
                  for row in households.to_dict("records")],
                 id=ids.VILLAGE_HOUSEHOLDS, className="household-grid"),
    ])


def village_page(data: VillageData, lang: str) -> list:
    profile = data.profile
    province = profile["province_zh"] if lang == "zh" else profile["province_en"]
    county = profile["county_zh"] if lang == "zh" else profile["county_en"]
    return [
        html.H1(profile["name"]),
        html.P(label("village_of", lang).format(county=county, province=province),
               className="lede"),
        # What the download callback needs to know, already validated by the page.
        dcc.Store(id=ids.VILLAGE_KEY, data={"village_id": int(profile["village_id"]),
                                            "lang": lang}),
        dcc.Download(id=ids.VILLAGE_DOWNLOAD),
        html.P(label("officials", lang), className="banner-officials", role="note"),
        profile_card(profile, lang),
        *(_files(data, lang) if data.households is not None else _teams_only(data, lang)),
    ]


def _files(data: VillageData, lang: str) -> list:
    """What an official of the village's jurisdiction sees below the profile."""
    codes = household_codes(data.households)
    return [
        village_kpis(data.households, lang),
        section(label("teams", lang), teams_table(data.teams, lang),
                chart(ids.VILLAGE_CADRES, cadre_timeline(data.cadres, lang))),
        section(label("files", lang),
                chart(ids.VILLAGE_INCOMES, income_figure(data.incomes, codes, lang)),
                household_files(data.households, data.incomes, lang)),
    ]


def _teams_only(data: VillageData, lang: str) -> list:
    """What an analyst sees: the teams, and whose the individual files are."""
    return [
        section(label("teams", lang), teams_table(data.teams, lang)),
        section(label("files", lang), html.P(label("for_officials", lang),
                                             id=ids.VILLAGE_HOUSEHOLDS, className="empty-state")),
    ]
