"""Integrity checks: check, province and tab live in the URL; a change patches the map's values."""

from urllib.parse import urlencode

import pandas as pd
from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import access, geo, thresholds
from dashboard.app import database, programme_provinces, query_params
from layouts import ids
from layouts.export import csv_text, source_note
from layouts.i18n import language
from layouts.integrity_page import (BY_KEY, DEFAULT, NATION, PATH, TABS, Check,
                                    check_flags, check_header, export_table, flag_outline, in_view,
                                    integrity_map, integrity_page, map_values, ranking_note,
                                    summary_cards, table_columns, table_rows)
from layouts.map import map_values_patch, map_view_patch


def _provinces() -> pd.DataFrame:
    """The programme provinces the reader may check: all, or those of their jurisdiction."""
    provinces = programme_provinces()
    areas = access.current_user().areas
    return provinces if areas is None else provinces[provinces.adcode.isin(areas)]


def _nation() -> bool:
    """Whether the reader may check every county at once (a national jurisdiction)."""
    return access.current_user().areas is None


def parse_state(query: dict, province_codes, nation: bool = True) -> dict:
    """The view a query string asks for; anything unknown or out of reach falls back."""
    codes = list(province_codes)
    fallback = NATION if nation or not codes else codes[0]
    province = query.get("province")
    return {
        "check": query.get("check") if query.get("check") in BY_KEY else DEFAULT,
        "province": province if province in codes or (nation and province == NATION)
        else fallback,
        "tab": query.get("tab") if query.get("tab") in TABS else "map",
    }


def _state(query: dict) -> dict:
    return parse_state(query, _provinces().adcode, _nation())


def state_search(state: dict, lang: str) -> str:
    params = dict(state)
    if lang != "en":
        params["lang"] = lang
    return "?" + urlencode(params)


def _counties(province: str) -> pd.DataFrame:
    """Every county, with the checks' statistics and flags for those of `province` (or all)."""
    return database().run("integrity_counties", province=province, **thresholds.integrity())


def _header(check: Check, lang: str) -> list:
    """The check's definition and thresholds; the audits add their national trend."""
    audit_years = database().run("integrity_audit_years") if check.key == "audit" else None
    return check_header(check, audit_years, thresholds.integrity(), lang)


def _flags(frame: pd.DataFrame, check: Check, province: str, lang: str) -> list:
    return check_flags(in_view(frame, province), check, thresholds.integrity(), lang)


def layout(query: dict, lang: str):
    db = database()
    provinces = _provinces()
    state = parse_state(query, provinces.adcode, _nation())
    check = BY_KEY[state["check"]]
    frame = _counties(state["province"])
    geometry = geo.for_database(db)
    figure = integrity_map(
        frame, check, lang, county_url=geometry.url("county"),
        province_url=geometry.url("province"), provinces=sorted(geometry.province_views),
        revision=state["province"],
        view=geometry.province_views.get(state["province"], geo.NATIONAL_VIEW))
    return integrity_page(state, provinces, _nation(), frame, figure, _header(check, lang),
                          _flags(frame, check, state["province"], lang), lang)


def register_callbacks(app) -> None:
    @app.callback(
        Output(ids.INTEGRITY_URL, "search"), Output(ids.INTEGRITY_CHECK, "value"),
        Output(ids.INTEGRITY_PROVINCE, "value"), Output(ids.INTEGRITY_TABS, "value"),
        Input(ids.INTEGRITY_URL, "search"), Input(ids.INTEGRITY_CHECK, "value"),
        Input(ids.INTEGRITY_PROVINCE, "value"), Input(ids.INTEGRITY_TABS, "value"),
        State(ids.INTEGRITY_URL, "pathname"), prevent_initial_call=True,
    )
    def sync_address(search, check, province, tab, pathname):
        """Controls write the address; the address (back button, a card) sets the controls."""
        if pathname != PATH:
            return (no_update,) * 4
        query = query_params(search)
        if ctx.triggered_id == ids.INTEGRITY_URL:
            state = _state(query)
            wanted = (state["check"], state["province"], state["tab"])
            return no_update, *(w if w != c else no_update
                                for w, c in zip(wanted, (check, province, tab)))
        state = _state({"check": check, "province": province, "tab": tab})
        return state_search(state, language(query)), no_update, no_update, no_update

    @app.callback(
        Output(ids.INTEGRITY_GRAPH, "figure"), Output(ids.INTEGRITY_DETAIL, "children"),
        Output(ids.INTEGRITY_FLAG_LIST, "children"), Output(ids.INTEGRITY_SUMMARY, "children"),
        Output(ids.INTEGRITY_TABLE, "data"),
        Output(ids.INTEGRITY_TABLE, "columns"), Output(ids.INTEGRITY_TABLE_NOTE, "children"),
        Input(ids.INTEGRITY_CHECK, "value"), Input(ids.INTEGRITY_PROVINCE, "value"),
        State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True,
    )
    def show_check(check_key, province, search):
        """A new check or province: recolour the map and redo the flags, cards and ranking."""
        query = query_params(search)
        lang = language(query)
        state = _state({**query, "check": check_key, "province": province})
        check = BY_KEY[state["check"]]
        frame = _counties(state["province"])
        view = in_view(frame, state["province"])
        figure = map_values_patch(map_values(frame, check), check.indicator, lang)
        for key, value in flag_outline(frame, check).items():
            figure["data"][2][key] = value
        return (figure, _header(check, lang), _flags(frame, check, state["province"], lang),
                summary_cards(frame, state, lang),
                table_rows(view, check, lang), table_columns(check, lang),
                ranking_note(view, check, lang))

    @app.callback(Output(ids.INTEGRITY_GRAPH, "figure", allow_duplicate=True),
                  Input(ids.INTEGRITY_PROVINCE, "value"), prevent_initial_call=True)
    def move_to_province(province):
        views = geo.for_database(database()).province_views
        key = province if province in views else NATION
        return map_view_patch(views.get(key, geo.NATIONAL_VIEW), revision=key)

    @app.callback(Output(ids.INTEGRITY_URL, "href"), Input(ids.INTEGRITY_GRAPH, "clickData"),
                  State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True)
    def open_county(click, search):
        adcode = ((click or {}).get("points") or [{}])[0].get("location")
        if not isinstance(adcode, str) or not adcode.isdigit():
            return no_update
        return f"/county/{adcode}" + ("?lang=zh" if language(query_params(search)) == "zh" else "")

    @app.callback(Output(ids.INTEGRITY_DOWNLOAD, "data"), Input(ids.INTEGRITY_CSV, "n_clicks"),
                  State(ids.INTEGRITY_URL, "search"), prevent_initial_call=True)
    def download(_clicks, search):
        """The ranking in view as CSV, each flag with its reason, under a source line."""
        query = query_params(search)
        lang = language(query)
        state = _state(query)
        check = BY_KEY[state["check"]]
        limits = thresholds.integrity()
        table = export_table(in_view(_counties(state["province"]), state["province"]), check,
                             limits, lang)
        db = database()
        source = source_note(db.is_synthetic, db.build_id,
                             f"integrity checks (query integrity_counties, rollup {check.rollup})",
                             {"check": state["check"], "province": state["province"],
                              **{name: limits[name] for name in check.thresholds}})
        stem = f"integrity_{state['check']}_{state['province']}"
        return dcc.send_string(csv_text(table, source), f"{stem}.csv")
