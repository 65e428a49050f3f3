"""Early warning: view state in the URL; counts for everyone, households for the county's officials.

The counts come from the early-warning rollups (a row per county, as fast as the map's
query) while the thresholds in force are the ones they were computed with; after a
threshold is changed without a rebuild, the thresholds in force are applied to every
monitored household instead (monitoring_counties), and the query cache keeps that answer
for the build. The public edition's counts are always its own: suppressed, at the
thresholds it was published with, which the page shows.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd
from dash import Input, Output, State, dcc, no_update

from dashboard import geo
from dashboard.access import is_adcode
from dashboard.address import sync_address
from dashboard.current import database, programme_provinces, query_params
from dashboard.db import AccessDenied, NotHeld
from dashboard.pages import Page
from dashboard.pages.map import PROVINCE
from layouts import ids
from layouts.export import csv_text, origin, source_note
from layouts.i18n import language
from layouts.map import map_figure, map_values_patch, map_view_patch
from layouts.monitoring_page import (
    BY_KEY,
    COUNTS,
    DEFAULT,
    NATION,
    PATH,
    TABS,
    county_section,
    export_counties,
    export_villages,
    export_visits,
    in_view,
    kpis,
    monitoring_page,
    no_such_county,
    rule_items,
    table_rows,
)
from layouts.state import Key, PageState, one_of
from queries import thresholds

PAGE = Page(PATH, nav="monitoring", nav_order=4)
STATE = PageState((
    Key("measure", DEFAULT, one_of(BY_KEY)),
    PROVINCE,
    Key("tab", "map", one_of(TABS)),
    Key("county", "", lambda text: text if is_adcode(text) else None),  # the county shown below
))


@dataclass(frozen=True)
class Counts:
    counties: pd.DataFrame  # every county-level unit, as monitoring_counties returns it
    areas: pd.DataFrame  # the nation's and the provinces' totals, as monitoring_areas_stored
    rules: dict  # the thresholds the counts were computed with
    published: bool  # the public edition's: suppressed, at the thresholds it was published with
    query: str  # the query the county counts came from


def _stored_rules(db) -> dict | None:
    """The thresholds of the database's early-warning rollups; None for a build without them."""
    try:
        return db.run("monitoring_thresholds").frame.iloc[0].to_dict()
    except NotHeld:
        return None


def in_force(stored: dict | None, published: bool) -> bool:
    """Whether early-warning counts stored at the thresholds `stored` are what this page
    shows: the public edition's always, a full build's while they are the ones in force."""
    return stored is not None and (published or stored == thresholds.monitoring())


def counts() -> Counts:
    """Exited households and households at risk by county, province and nation."""
    db = database()
    stored = _stored_rules(db)
    published = db.build.get("edition") == "public"
    if in_force(stored, published):
        return Counts(db.run("monitoring_counties_stored").frame,
                      db.run("monitoring_areas_stored").frame, stored, published,
                      "monitoring_counties_stored")
    rules = thresholds.monitoring()
    counties = db.run("monitoring_counties", **rules).frame
    return Counts(counties, _summed_areas(counties), rules, published, "monitoring_counties")


def _summed_areas(counties: pd.DataFrame) -> pd.DataFrame:
    """The nation's and provinces' totals of a full build's counties, as the rollups hold them."""
    programme = counties[counties.in_programme]
    provinces = (programme.groupby("province_adcode", as_index=False)[list(COUNTS)].sum()
                 .rename(columns={"province_adcode": "adcode"}).assign(level="province"))
    nation = programme[list(COUNTS)].sum().to_frame().T.assign(level="nation", adcode=None)
    areas = pd.concat([nation, provinces], ignore_index=True)
    exited = areas.exited_households.astype(float).replace(0, np.nan)
    return areas.assign(at_risk_share=areas.at_risk_households / exited)


def county_counts(adcode: str, stored: dict) -> dict | None:
    """One programme county's counts, the row this page shows, for the county page:
    `stored`, its answer of county_early_warning (with the thresholds it was counted at),
    while those thresholds are in force, else counted as this page counts them. The two
    pages never disagree."""
    if not stored.get("exited_households"):  # no row: the build holds no counts for it
        return None
    row = {column: values[0] for column, values in stored.items()}
    if in_force({name: row[name] for name in thresholds.MONITORING},
                database().build.get("edition") == "public"):
        return row
    rows = counts().counties
    rows = rows[(rows.adcode == adcode) & rows.in_programme]
    return rows.iloc[0].to_dict() if len(rows) else None


def area_totals(areas: pd.DataFrame, province: str) -> dict:
    """The counts of the nation or of one province ({} when it has none)."""
    rows = areas[areas.level == "nation"] if province == NATION else areas[areas.adcode == province]
    return rows.iloc[0].to_dict() if len(rows) else {}


def _line_2020() -> float:
    trend = database().run("national_trend").frame
    return float(trend.loc[trend.year == 2020, "poverty_line_yuan"].iloc[0])


# The door's guard decides who reads what: village counts are for analysts and officials,
# household rows for officials of the county. A refused read shows as None.
def village_counts(adcode: str) -> pd.DataFrame | None:
    """The county's villages with households at risk; None when the reader may not see villages."""
    try:
        return database().run("monitoring_villages", adcode=adcode, **thresholds.monitoring()).frame
    except AccessDenied:
        return None


def visit_list(adcode: str) -> pd.DataFrame | None:
    """The county's households to visit, or None when the reader may not see household rows."""
    try:
        return database().run("monitoring_visit_list", adcode=adcode,
                              **thresholds.monitoring()).frame
    except AccessDenied:
        return None


def _county(found: Counts, code: str, lang: str) -> list:
    """The chosen county's part of the page; nothing chosen, or an unknown code, says so."""
    frame = found.counties
    if not code:
        return county_section(None, None, None, thresholds.monitoring(), found.published, lang)
    rows = frame[(frame.adcode == code) & frame.in_programme]
    if rows.empty:
        return no_such_county(code, lang)
    if found.published:  # nothing below the county in the public edition
        return county_section(rows.iloc[0].to_dict(), None, None, found.rules, True, lang)
    return county_section(rows.iloc[0].to_dict(), village_counts(code), visit_list(code),
                          thresholds.monitoring(), False, lang)


def layout(query: dict, lang: str):
    db = database()
    provinces = programme_provinces()
    state = STATE.parse(query)
    found = counts()
    geometry = geo.for_database(db)
    figure = map_figure(
        found.counties, BY_KEY[state["measure"]], lang, county_url=geometry.url("county"),
        province_url=geometry.url("province"), provinces=sorted(geometry.province_views),
        revision=state["province"],
        view=geometry.province_views.get(state["province"], geo.NATIONAL_VIEW))
    rules = rule_items(found.rules, _line_2020(), lang)
    return monitoring_page(state, provinces, found.counties,
                           area_totals(found.areas, state["province"]), figure, rules,
                           found.published, _county(found, state["county"], lang), lang)


sync = sync_address(PAGE, ids.MONITORING_URL,
                    {"measure": ids.MONITORING_MEASURE, "province": ids.MONITORING_PROVINCE,
                     "tab": ids.MONITORING_TABS},
                    on_page=lambda pathname: pathname == PATH,
                    state=STATE)


@PAGE.callback(Output(ids.MONITORING_GRAPH, "figure"), Input(ids.MONITORING_MEASURE, "value"),
               State(ids.MONITORING_URL, "search"), prevent_initial_call=True)
def recolour(measure, search):
    key = measure if measure in BY_KEY else DEFAULT
    return map_values_patch(counts().counties, BY_KEY[key], language(query_params(search)))


@PAGE.callback(Output(ids.MONITORING_KPIS, "children"), Output(ids.MONITORING_TABLE, "data"),
               Input(ids.MONITORING_PROVINCE, "value"), State(ids.MONITORING_URL, "search"),
               prevent_initial_call=True)
def show_province(province, search):
    query = query_params(search)
    lang = language(query)
    state = STATE.parse({**query, "province": province})
    found = counts()
    return (kpis(area_totals(found.areas, state["province"]), lang),
            table_rows(in_view(found.counties, state["province"]), state, lang))


@PAGE.callback(Output(ids.MONITORING_GRAPH, "figure", allow_duplicate=True),
               Input(ids.MONITORING_PROVINCE, "value"), prevent_initial_call=True)
def move_to_province(province):
    key, view, urls = geo.for_database(database()).view(province)
    return map_view_patch(view, revision=key, geojson=urls)


@PAGE.callback(Output(ids.MONITORING_URL, "search", allow_duplicate=True),
               Input(ids.MONITORING_GRAPH, "clickData"), State(ids.MONITORING_URL, "search"),
               prevent_initial_call=True)
def choose_county(click, search):
    """A click on the map chooses that county for the part of the page below."""
    adcode = ((click or {}).get("points") or [{}])[0].get("location")
    if not is_adcode(adcode):
        return no_update
    query = query_params(search)
    state = STATE.parse({**query, "county": adcode})
    return STATE.search(state, language(query))


@PAGE.callback(Output(ids.MONITORING_COUNTY, "children"),
               Output(ids.MONITORING_COUNTY_KEY, "data"),
               Input(ids.MONITORING_URL, "search"), State(ids.MONITORING_COUNTY_KEY, "data"),
               prevent_initial_call=True)
def show_county(search, shown):
    """Redraw the county part only when the address names another county."""
    query = query_params(search)
    code = STATE.parse(query).get("county")
    if code == (shown or ""):
        return no_update, no_update
    return _county(counts(), code, language(query)), code


@PAGE.callback(Output(ids.MONITORING_DOWNLOAD, "data"), Input(ids.MONITORING_CSV, "n_clicks"),
               State(ids.MONITORING_URL, "search"), prevent_initial_call=True)
def download_counties(_clicks, search):
    query = query_params(search)
    lang = language(query)
    state = STATE.parse(query)
    found = counts()
    table = export_counties(in_view(found.counties, state["province"]), lang)
    source = _source(origin("risk_counties", query=found.query),
                     {"province": state["province"]}, found.rules, lang)
    return dcc.send_string(csv_text(table, source),
                           f"monitoring_counties_{state['province']}.csv")


# No village or household download on a public site: the callbacks are absent.
@PAGE.callback(Output(ids.MONITORING_COUNTY_DOWNLOAD, "data"),
               Input(ids.MONITORING_VILLAGES_CSV, "n_clicks"),
               State(ids.MONITORING_COUNTY_KEY, "data"), State(ids.MONITORING_URL, "search"),
               prevent_initial_call=True, on_public_site=False)
def download_villages(_clicks, code, search):
    villages = village_counts(code) if code else None
    if villages is None:
        return no_update
    lang = language(query_params(search))
    table = export_villages(villages, lang)
    source = _source(origin("risk_villages"), {"county": code}, thresholds.monitoring(),
                     lang)
    return dcc.send_string(csv_text(table, source), f"monitoring_villages_{code}.csv")


@PAGE.callback(Output(ids.MONITORING_COUNTY_DOWNLOAD, "data", allow_duplicate=True),
               Input(ids.MONITORING_VISITS_CSV, "n_clicks"),
               State(ids.MONITORING_COUNTY_KEY, "data"), State(ids.MONITORING_URL, "search"),
               prevent_initial_call=True, on_public_site=False)
def download_visits(_clicks, code, search):
    visits = visit_list(code) if code else None
    if visits is None:
        return no_update
    lang = language(query_params(search))
    table = export_visits(visits, thresholds.monitoring(), lang)
    source = _source(origin("visits"), {"county": code}, thresholds.monitoring(), lang)
    return dcc.send_string(csv_text(table, source), f"monitoring_visits_{code}.csv")


def _source(where: tuple[str, str], filters: dict, rules: dict, lang: str) -> str:
    """The line that opens a download, with the risk rules that made its rows."""
    db = database()
    return source_note(db.is_synthetic, db.build_id, where, {**filters, **rules}, lang)
