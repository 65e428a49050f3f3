"""Integrity checks: check, area and tab live in the URL; a change patches the map's values.

The area is what the reader may check: all China for a national jurisdiction, one of their
provinces, or, for a county official, their county. The query door's guard places it.
"""

import pandas as pd
from dash import Input, Output, State, dcc

from dashboard import access, geo
from dashboard.address import county_page_of, sync_address
from dashboard.current import database, programme_provinces, query_params
from dashboard.pages import Page
from layouts import ids
from layouts.export import csv_text, origin, source_note
from layouts.i18n import language, pick
from layouts.integrity_page import (
    BY_KEY,
    DEFAULT,
    NATION,
    PATH,
    TABS,
    Check,
    check_flags,
    check_header,
    export_table,
    flag_outline,
    in_view,
    integrity_map,
    integrity_page,
    map_values,
    ranking_note,
    summary_cards,
    table_columns,
    table_rows,
)
from layouts.map import map_values_patch, map_view_patch
from layouts.state import Key, PageState, one_of
from queries import thresholds

PAGE = Page(PATH, nav="integrity", nav_order=3, signed_in=True)


def _areas() -> pd.DataFrame:
    """The areas the reader may check (adcode and names): every programme province for a
    national jurisdiction, else the programme provinces and the counties of theirs."""
    provinces = programme_provinces()
    areas = access.current_user().areas
    if areas is None:
        return provinces
    counties = [database().run("county_profile", adcode=code).frame
                for code in sorted(areas) if not access.is_province(code)]
    columns = ["adcode", "name_zh", "name_en"]
    return pd.concat([provinces[provinces.adcode.isin(areas)][columns],
                      *(county[columns] for county in counties)], ignore_index=True)


def _nation() -> bool:
    """Whether the reader may check every county at once (a national jurisdiction)."""
    return access.current_user().areas is None


def _reachable(area: str) -> str | None:
    """An area the reader may check: one of theirs, or all China for a national reader."""
    return area if area in set(_areas().adcode) or (_nation() and area == NATION) else None


def _first_area() -> str:
    """Where a reader's view opens: all China, or the first area of theirs."""
    codes = list(_areas().adcode)
    return NATION if _nation() or not codes else codes[0]


STATE = PageState((
    Key("check", DEFAULT, one_of(BY_KEY)),
    Key("area", _first_area, _reachable),
    Key("tab", "map", one_of(TABS)),
))


def _counties(area: str) -> pd.DataFrame:
    """Every county, with the checks' statistics and flags for those of `area`."""
    return database().run("integrity_counties", area=area, **thresholds.integrity()).frame


def _view(area: str) -> tuple[str, dict, tuple[str, str]]:
    """The map's revision key, view and geometry files for an area: its province's, or the
    nation's."""
    province = area if area == NATION else access.province_of(area)
    return geo.for_database(database()).view(province)


def _header(check: Check, lang: str) -> list:
    """The check's definition and thresholds; the audits add their national trend."""
    audit_years = database().run("integrity_audit_years").frame if check.key == "audit" else None
    return check_header(check, audit_years, thresholds.integrity(), lang)


def _flags(frame: pd.DataFrame, check: Check, lang: str) -> list:
    return check_flags(in_view(frame), check, thresholds.integrity(), lang)


def layout(query: dict, lang: str):
    areas = _areas()
    state = STATE.parse(query)
    check = BY_KEY[state["check"]]
    frame = _counties(state["area"])
    revision, view, (county_url, province_url) = _view(state["area"])
    figure = integrity_map(
        frame, check, lang, county_url=county_url, province_url=province_url,
        provinces=sorted(geo.for_database(database()).province_views), revision=revision, view=view)
    return integrity_page(state, areas, _nation(), frame, figure, _header(check, lang),
                          _flags(frame, check, lang), lang)


sync = sync_address(PAGE, ids.INTEGRITY_URL,
                    {"check": ids.INTEGRITY_CHECK, "area": ids.INTEGRITY_PROVINCE,
                     "tab": ids.INTEGRITY_TABS},
                    on_page=lambda pathname: pathname == PATH, state=STATE)


@PAGE.callback(
    Output(ids.INTEGRITY_GRAPH, "figure"), Output(ids.INTEGRITY_DETAIL, "children"),
    Output(ids.INTEGRITY_FLAG_LIST, "children"), Output(ids.INTEGRITY_SUMMARY, "children"),
    Output(ids.INTEGRITY_TABLE, "data"),
    Output(ids.INTEGRITY_TABLE, "columns"), Output(ids.INTEGRITY_TABLE_NOTE, "children"),
    Input(ids.INTEGRITY_CHECK, "value"), Input(ids.INTEGRITY_PROVINCE, "value"),
    State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True,
)
def show_check(check_key, area, search):
    """A new check or area: recolour the map and redo the flags, cards and ranking."""
    query = query_params(search)
    lang = language(query)
    state = STATE.parse({**query, "check": check_key, "area": area})
    check = BY_KEY[state["check"]]
    frame = _counties(state["area"])
    view = in_view(frame)
    figure = map_values_patch(map_values(frame, check), check.indicator, lang)
    for key, value in flag_outline(frame, check).items():
        figure["data"][2][key] = value
    return (figure, _header(check, lang), _flags(frame, check, lang),
            summary_cards(frame, state, lang),
            table_rows(view, check, lang), table_columns(check, lang),
            ranking_note(view, check, lang))


@PAGE.callback(Output(ids.INTEGRITY_GRAPH, "figure", allow_duplicate=True),
               Input(ids.INTEGRITY_PROVINCE, "value"), State(ids.INTEGRITY_URL, "search"),
               prevent_initial_call=True)
def move_to_area(area, search):
    revision, view, urls = _view(STATE.parse({**query_params(search), "area": area})["area"])
    patch = map_view_patch(view, revision=revision, geojson=urls)
    patch["data"][2]["geojson"] = urls[0]  # the flags' outlines follow the counties
    return patch


@PAGE.callback(Output(ids.INTEGRITY_URL, "href"), Input(ids.INTEGRITY_GRAPH, "clickData"),
               State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True)
def open_county(click, search):
    return county_page_of(click, search)


@PAGE.callback(Output(ids.INTEGRITY_DOWNLOAD, "data"), Input(ids.INTEGRITY_CSV, "n_clicks"),
               State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True)
def download(_clicks, search):
    """The ranking in view as CSV, each flag with its reason, under a source line."""
    query = query_params(search)
    lang = language(query)
    state = STATE.parse(query)
    check = BY_KEY[state["check"]]
    limits = thresholds.integrity()
    table = export_table(in_view(_counties(state["area"])), check, limits, lang)
    db = database()
    source = source_note(db.is_synthetic, db.build_id, origin("integrity", rollup=check.rollup),
                         {"check": pick(check.label, lang), "area": state["area"],
                          **{name: limits[name] for name in check.thresholds}}, lang)
    stem = f"integrity_{state['check']}_{state['area']}"
    return dcc.send_string(csv_text(table, source), f"{stem}.csv")
