"""Early warning: view state in the URL; counts for everyone, households for the county's officials."""

import re
from urllib.parse import urlencode

import pandas as pd
from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import geo, thresholds
from dashboard.app import database, programme_provinces, query_params
from dashboard.db import AccessDenied
from layouts import ids
from layouts.export import csv_text, source_note
from layouts.i18n import language
from layouts.map import map_figure, map_values_patch, map_view_patch
from layouts.monitoring_page import (BY_KEY, DEFAULT, NATION, PATH, TABS, county_section,
                                     export_counties, export_villages, export_visits, in_view,
                                     kpis, monitoring_page, no_such_county, rule_items,
                                     table_rows)

ADCODE = re.compile(r"[0-9]{6}")


def parse_state(query: dict, province_codes) -> dict:
    """The view a query string asks for; anything unknown falls back to the default."""
    county = query.get("county", "")
    return {
        "measure": query.get("measure") if query.get("measure") in BY_KEY else DEFAULT,
        "province": query.get("province") if query.get("province") in set(province_codes)
        else NATION,
        "tab": query.get("tab") if query.get("tab") in TABS else "map",
        "county": county if ADCODE.fullmatch(county) else "",
    }


def state_search(state: dict, lang: str) -> str:
    params = {k: v for k, v in state.items() if v}
    if lang != "en":
        params["lang"] = lang
    return "?" + urlencode(params)


def _counties() -> pd.DataFrame:
    """Every county's exited households and households at risk under the rules in force."""
    return database().run("monitoring_counties", **thresholds.monitoring())


def _line_2020() -> float:
    trend = database().run("national_trend")
    return float(trend.loc[trend.year == 2020, "poverty_line_yuan"].iloc[0])


# The door's guard decides who reads what: village counts are for analysts and officials,
# household rows for officials of the county. A refused read shows as None.
def village_counts(adcode: str) -> pd.DataFrame | None:
    """The county's villages with households at risk; None when the reader may not see villages."""
    try:
        return database().run("monitoring_villages", adcode=adcode, **thresholds.monitoring())
    except AccessDenied:
        return None


def visit_list(adcode: str) -> pd.DataFrame | None:
    """The county's households to visit, or None when the reader may not see household rows."""
    try:
        return database().run("monitoring_visit_list", adcode=adcode, **thresholds.monitoring())
    except AccessDenied:
        return None


def _county(frame: pd.DataFrame, code: str, lang: str) -> list:
    """The chosen county's part of the page; nothing chosen, or an unknown code, says so."""
    if not code:
        return county_section(None, None, None, thresholds.monitoring(), lang)
    rows = frame[(frame.adcode == code) & frame.in_programme]
    if rows.empty:
        return no_such_county(code, lang)
    return county_section(rows.iloc[0].to_dict(), village_counts(code), visit_list(code),
                          thresholds.monitoring(), lang)


def layout(query: dict, lang: str):
    db = database()
    provinces = programme_provinces()
    state = parse_state(query, provinces.adcode)
    frame = _counties()
    geometry = geo.for_database(db)
    figure = map_figure(
        frame, BY_KEY[state["measure"]], lang, county_url=geometry.url("county"),
        province_url=geometry.url("province"), provinces=sorted(geometry.province_views),
        revision=state["province"],
        view=geometry.province_views.get(state["province"], geo.NATIONAL_VIEW))
    rules = rule_items(thresholds.monitoring(), _line_2020(), lang)
    return monitoring_page(state, provinces, frame, figure, rules,
                           _county(frame, state["county"], lang), lang)


def register_callbacks(app) -> None:
    @app.callback(
        Output(ids.MONITORING_URL, "search"), Output(ids.MONITORING_MEASURE, "value"),
        Output(ids.MONITORING_PROVINCE, "value"), Output(ids.MONITORING_TABS, "value"),
        Input(ids.MONITORING_URL, "search"), Input(ids.MONITORING_MEASURE, "value"),
        Input(ids.MONITORING_PROVINCE, "value"), Input(ids.MONITORING_TABS, "value"),
        State(ids.MONITORING_URL, "pathname"), prevent_initial_call=True,
    )
    def sync_address(search, measure, province, tab, pathname):
        """Controls write the address; the address (back button, a link) sets the controls."""
        if pathname != PATH:
            return (no_update,) * 4
        query = query_params(search)
        codes = programme_provinces().adcode
        if ctx.triggered_id == ids.MONITORING_URL:
            state = parse_state(query, codes)
            wanted = (state["measure"], state["province"], state["tab"])
            return no_update, *(w if w != c else no_update
                                for w, c in zip(wanted, (measure, province, tab)))
        state = parse_state({**query, "measure": measure, "province": province, "tab": tab},
                            codes)
        return state_search(state, language(query)), no_update, no_update, no_update

    @app.callback(Output(ids.MONITORING_GRAPH, "figure"), Input(ids.MONITORING_MEASURE, "value"),
                  State(ids.MONITORING_URL, "search"), prevent_initial_call=True)
    def recolour(measure, search):
        key = measure if measure in BY_KEY else DEFAULT
        return map_values_patch(_counties(), BY_KEY[key], language(query_params(search)))

    @app.callback(Output(ids.MONITORING_KPIS, "children"), Output(ids.MONITORING_TABLE, "data"),
                  Input(ids.MONITORING_PROVINCE, "value"), State(ids.MONITORING_URL, "search"),
                  prevent_initial_call=True)
    def show_province(province, search):
        query = query_params(search)
        lang = language(query)
        state = parse_state({**query, "province": province}, programme_provinces().adcode)
        view = in_view(_counties(), state["province"])
        return kpis(view, lang), table_rows(view, state, lang)

    @app.callback(Output(ids.MONITORING_GRAPH, "figure", allow_duplicate=True),
                  Input(ids.MONITORING_PROVINCE, "value"), prevent_initial_call=True)
    def move_to_province(province):
        views = geo.for_database(database()).province_views
        key = province if province in views else NATION
        return map_view_patch(views.get(key, geo.NATIONAL_VIEW), revision=key)

    @app.callback(Output(ids.MONITORING_URL, "search", allow_duplicate=True),
                  Input(ids.MONITORING_GRAPH, "clickData"), State(ids.MONITORING_URL, "search"),
                  prevent_initial_call=True)
    def choose_county(click, search):
        """A click on the map chooses that county for the part of the page below."""
        adcode = ((click or {}).get("points") or [{}])[0].get("location")
        if not isinstance(adcode, str) or not ADCODE.fullmatch(adcode):
            return no_update
        query = query_params(search)
        state = parse_state({**query, "county": adcode}, programme_provinces().adcode)
        return state_search(state, language(query))

    @app.callback(Output(ids.MONITORING_COUNTY, "children"),
                  Output(ids.MONITORING_COUNTY_KEY, "data"),
                  Input(ids.MONITORING_URL, "search"), State(ids.MONITORING_COUNTY_KEY, "data"),
                  prevent_initial_call=True)
    def show_county(search, shown):
        """Redraw the county part only when the address names another county."""
        query = query_params(search)
        code = parse_state(query, ()).get("county")
        if code == (shown or ""):
            return no_update, no_update
        return _county(_counties(), code, language(query)), code

    @app.callback(Output(ids.MONITORING_DOWNLOAD, "data"), Input(ids.MONITORING_CSV, "n_clicks"),
                  State(ids.MONITORING_URL, "search"), prevent_initial_call=True)
    def download_counties(_clicks, search):
        query = query_params(search)
        lang = language(query)
        state = parse_state(query, programme_provinces().adcode)
        table = export_counties(in_view(_counties(), state["province"]), lang)
        source = _source("households at risk by county (query monitoring_counties)",
                         {"province": state["province"]})
        return dcc.send_string(csv_text(table, source),
                               f"monitoring_counties_{state['province']}.csv")

    @app.callback(Output(ids.MONITORING_COUNTY_DOWNLOAD, "data"),
                  Input(ids.MONITORING_VILLAGES_CSV, "n_clicks"),
                  State(ids.MONITORING_COUNTY_KEY, "data"), State(ids.MONITORING_URL, "search"),
                  prevent_initial_call=True)
    def download_villages(_clicks, code, search):
        villages = village_counts(code) if code else None
        if villages is None:
            return no_update
        table = export_villages(villages, language(query_params(search)))
        source = _source("households at risk by village (query monitoring_villages)",
                         {"county": code})
        return dcc.send_string(csv_text(table, source), f"monitoring_villages_{code}.csv")

    @app.callback(Output(ids.MONITORING_COUNTY_DOWNLOAD, "data", allow_duplicate=True),
                  Input(ids.MONITORING_VISITS_CSV, "n_clicks"),
                  State(ids.MONITORING_COUNTY_KEY, "data"), State(ids.MONITORING_URL, "search"),
                  prevent_initial_call=True)
    def download_visits(_clicks, code, search):
        visits = visit_list(code) if code else None
        if visits is None:
            return no_update
        table = export_visits(visits, thresholds.monitoring(), language(query_params(search)))
        source = _source("households to visit (query monitoring_visit_list)", {"county": code})
        return dcc.send_string(csv_text(table, source), f"monitoring_visits_{code}.csv")


def _source(origin: str, filters: dict) -> str:
    """The line that opens a download, with the risk rules that made its rows."""
    db = database()
    return source_note(db.is_synthetic, db.build_id, origin, {**filters, **thresholds.monitoring()})
