"""One province: totals, trends, its poverty counties ranked, and the nation beside it.

The indicator and year live in the URL; the adcode is checked against the provinces
with programme counties before any province query runs.
"""

import re

import pandas as pd
from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import compare
from dashboard.access import is_adcode
from dashboard.address import as_text, sync_address
from dashboard.current import database, query_params
from dashboard.pages import Page
from dashboard.pages.map import COMPARE, INDICATOR, YEAR
from layouts import ids
from layouts.export import csv_text, excel_bytes
from layouts.i18n import language
from layouts.province_page import (
    comparison_figure,
    export_filename,
    export_source,
    export_table,
    no_such_province,
    province_name,
    province_page,
    table_columns,
    table_note,
    table_rows,
)
from layouts.state import PageState

PATH = "/province/<adcode>"
PAGE = Page(PATH, exists=lambda adcode: find_province(adcode) is not None)
STATE = PageState((INDICATOR, YEAR, COMPARE))
_PATHNAME = re.compile(r"^/province/([^/]+)/?$")


def _programme_provinces() -> pd.DataFrame:
    provinces = database().run("provinces").frame
    return provinces[provinces.counties_in_programme > 0]


def find_province(adcode: str | None) -> dict | None:
    """The province row for a six-digit adcode with programme counties; None for anything else."""
    if not is_adcode(adcode):
        return None
    provinces = _programme_provinces()
    match = provinces[provinces.adcode == adcode]
    return None if match.empty else match.iloc[0].to_dict()


def _province_in(pathname: str | None) -> dict | None:
    match = _PATHNAME.match(pathname or "")
    return find_province(match.group(1)) if match else None


def _counties(adcode: str, year: int) -> pd.DataFrame:
    return database().run("province_counties", province=adcode, year=year).frame


def layout(query: dict, lang: str, adcode: str):
    province = find_province(adcode)
    if province is None:
        return no_such_province(adcode, _programme_provinces(), lang)
    db = database()
    state = STATE.parse(query)
    kpis = db.run("province_kpis", province=adcode).frame.iloc[0].to_dict()
    trend = db.run("province_trend", province=adcode).frame
    return province_page(province, state, kpis, trend, _counties(adcode, state["year"]),
                         db.run("province_comparison", province=adcode).frame,
                         _county_trends(province, trend, state, lang),
                         compare.places(state["compare"]),
                         db.run("province_five_batches", province=adcode).frame,
                         db.run("province_five_batches_by_year", province=adcode).frame,
                         db.run("province_correction_2015", province=adcode).frame,
                         db.run("province_east_west", province=adcode).frame,
                         db.run("province_east_west_amounts", province=adcode).frame,
                         db.run("east_west_published").frame, db.is_synthetic, lang)


def _county_trends(province: dict, trend: pd.DataFrame, state: dict, lang: str) -> dict:
    """The province's line of the indicator and its compared counties' lines."""
    return compare.figure(trend, province_name(province, lang), state["compare"],
                          state["indicator"], lang)


sync = sync_address(PAGE, ids.PROVINCE_URL,
                    {"indicator": ids.PROVINCE_INDICATOR, "year": ids.PROVINCE_YEAR,
                     "compare": ids.PROVINCE_COMPARE},
                    on_page=lambda pathname: _PATHNAME.match(pathname or "") is not None,
                    state=STATE)


@PAGE.callback(
    Output(ids.PROVINCE_TABLE, "data"), Output(ids.PROVINCE_TABLE, "columns"),
    Output(ids.PROVINCE_TABLE_NOTE, "children"),
    Input(ids.PROVINCE_INDICATOR, "value"), Input(ids.PROVINCE_YEAR, "value"),
    State(ids.PROVINCE_URL, "pathname"), State(ids.PROVINCE_URL, "search"),
    prevent_initial_call=True,
)
def rerank(indicator, year, pathname, search):
    province = _province_in(pathname)
    if province is None:
        return (no_update,) * 3
    lang = language(query_params(search))
    state = STATE.parse({"indicator": indicator, "year": str(year)})
    counties = _counties(province["adcode"], state["year"])
    return (table_rows(counties, state["indicator"], lang),
            table_columns(state["indicator"], lang),
            table_note(len(counties), state["indicator"], state["year"], lang))


@PAGE.callback(
    Output(ids.PROVINCE_COMPARISON, "figure"),
    Input(ids.PROVINCE_INDICATOR, "value"), Input(ids.PROVINCE_YEAR, "value"),
    State(ids.PROVINCE_URL, "pathname"), State(ids.PROVINCE_URL, "search"),
    prevent_initial_call=True,
)
def redraw_comparison(indicator, year, pathname, search):
    province = _province_in(pathname)
    if province is None:
        return no_update
    lang = language(query_params(search))
    state = STATE.parse({"indicator": indicator, "year": str(year)})
    db = database()
    frame = db.run("province_comparison", province=province["adcode"]).frame
    return comparison_figure(frame, state["indicator"], province_name(province, lang),
                             state["year"], lang,
                             db.run("province_trend", province=province["adcode"]).frame)


@PAGE.callback(
    Output(ids.PROVINCE_COUNTY_TRENDS, "figure"),
    Input(ids.PROVINCE_INDICATOR, "value"), Input(ids.PROVINCE_COMPARE, "value"),
    State(ids.PROVINCE_URL, "pathname"), State(ids.PROVINCE_URL, "search"),
    prevent_initial_call=True,
)
def redraw_county_trends(indicator, counties, pathname, search):
    province = _province_in(pathname)
    if province is None:
        return no_update
    lang = language(query_params(search))
    state = STATE.parse({"indicator": indicator, "compare": as_text(counties or [])})
    trend = database().run("province_trend", province=province["adcode"]).frame
    return _county_trends(province, trend, state, lang)


@PAGE.callback(Output(ids.PROVINCE_COMPARE, "options"),
               Input(ids.PROVINCE_COMPARE, "search_value"), State(ids.PROVINCE_COMPARE, "value"),
               State(ids.PROVINCE_URL, "pathname"), State(ids.PROVINCE_URL, "search"),
               prevent_initial_call=True)
def offer_counties(typed, chosen, pathname, search):
    province = _province_in(pathname)
    return compare.options(typed, chosen, province and province["adcode"],
                           language(query_params(search)))


@PAGE.callback(
    Output(ids.PROVINCE_DOWNLOAD, "data"),
    Input(ids.PROVINCE_CSV, "n_clicks"), Input(ids.PROVINCE_EXCEL, "n_clicks"),
    State(ids.PROVINCE_URL, "pathname"), State(ids.PROVINCE_URL, "search"),
    prevent_initial_call=True,
)
def download(_csv, _excel, pathname, search):
    province = _province_in(pathname)
    if province is None:
        return no_update
    query = query_params(search)
    state = STATE.parse(query)
    db = database()
    lang = language(query)
    table = export_table(_counties(province["adcode"], state["year"]), state["indicator"],
                         lang)
    source = export_source(province, state["indicator"], state["year"], db.is_synthetic,
                           db.build_id, lang)
    if ctx.triggered_id == ids.PROVINCE_EXCEL:
        name = export_filename(province["adcode"], state["indicator"], state["year"], "xlsx")
        return dcc.send_bytes(excel_bytes(table, source), name)
    name = export_filename(province["adcode"], state["indicator"], state["year"], "csv")
    return dcc.send_string(csv_text(table, source), name)
