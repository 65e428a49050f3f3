"""The county map: indicator, year and province live in the URL; changes patch values only."""

from functools import lru_cache
import pandas as pd
from dash import Input, Output, State, ctx, dcc, no_update

from dashboard import compare, geo
from dashboard.address import as_text, county_page_of, sync_address
from dashboard.current import database, programme_provinces, query_params
from dashboard.pages import Page
from indicators import REGISTRY_YEARS
from layouts import ids
from layouts.export import csv_text, excel_bytes, origin, source_note
from layouts.i18n import language
from layouts.indicators import DEFAULT, by_key
from layouts.map import (
    ColourScale,
    colour_scale,
    extremes,
    map_figure,
    map_values_patch,
    map_view_patch,
)
from layouts.map_page import (
    NATION,
    TABS,
    area_trend,
    export_table,
    label,
    map_page,
    province_link,
    table_columns,
    table_rows,
)
from layouts.state import Key, PageState, one_of, year_in
from layouts.suppression import sorted_last

PATH = "/map"
PAGE = Page(PATH, nav="map", nav_order=2)
# The keys the map shares with the province page and /monitoring.
INDICATOR = Key("indicator", DEFAULT, one_of(by_key))
YEAR = Key("year", 2017, year_in(REGISTRY_YEARS))
PROVINCE = Key("province", NATION, one_of(lambda: set(programme_provinces().adcode)))
COMPARE = Key("compare", list, compare.chosen)
STATE = PageState((INDICATOR, YEAR, PROVINCE, Key("tab", "map", one_of(TABS)), COMPARE))


def _area_name(province: str, provinces: pd.DataFrame, lang: str) -> str:
    if province == NATION:
        return label("nation", lang)
    row = provinces[provinces.adcode == province].iloc[0]
    return row.name_zh if lang == "zh" else row.name_en


def _trend(indicator: str, province: str, provinces: pd.DataFrame, lang: str,
           counties: list[str]):
    """The area's trend, with the compared counties' beside it when there are any."""
    db = database()
    frame = (db.run("national_trend").frame if province == NATION
             else db.run("province_trend", province=province).frame)
    if indicator not in frame:  # the exit year is a county attribute, not a trend
        frame = frame.assign(**{indicator: float("nan")})
    area = _area_name(province, provinces, lang)
    if counties:
        return compare.figure(frame, area, counties, indicator, lang)
    return area_trend(frame, indicator, area, lang)


def scale_of(indicator: str) -> ColourScale:
    """The indicator's colour classes over every year, so the legend is the same in each."""
    db = database()
    return _scales(db, db.build_id)[indicator]


@lru_cache(maxsize=4)
def _scales(db, build_id: str) -> dict[str, ColourScale]:
    """Every indicator's classes, made together from every year's values: once per build
    and worker, on the first map drawn, like the map's geometry."""
    years = [db.run("county_values", year=year).frame for year in REGISTRY_YEARS]
    return {key: colour_scale(years, indicator) for key, indicator in by_key().items()}


def _in_view(frame: pd.DataFrame, province: str) -> pd.DataFrame:
    return frame if province == NATION else frame[frame.province_adcode == province]


def layout(query: dict, lang: str):
    db = database()
    provinces = programme_provinces()
    state = STATE.parse(query)
    frame = db.run("county_values", year=state["year"]).frame
    geometry = geo.for_database(db)
    figure = map_figure(
        frame, by_key()[state["indicator"]], lang,
        *geometry.urls(state["province"]),
        provinces=sorted(geometry.province_views), revision=state["province"],
        view=geometry.province_views.get(state["province"], geo.NATIONAL_VIEW),
        scale=scale_of(state["indicator"]),
    )
    # The table is filled when its tab opens: 2,875 rows no one sees would slow the first draw.
    rows = (table_rows(_in_view(frame, state["province"]), state["indicator"], lang)
            if state["tab"] == "table" else [])
    trend = _trend(state["indicator"], state["province"], provinces, lang, state["compare"])
    summary = extremes(_in_view(frame, state["province"]), by_key()[state["indicator"]],
                       state["year"], _area_name(state["province"], provinces, lang), lang)
    return map_page(state, provinces, figure, summary, rows, trend,
                    compare.places(state["compare"]), sorted_last(frame, lang), lang)


sync = sync_address(PAGE, ids.MAP_URL,
                    {"indicator": ids.MAP_INDICATOR, "year": ids.MAP_YEAR,
                     "province": ids.MAP_PROVINCE, "tab": ids.MAP_TABS,
                     "compare": ids.MAP_COMPARE},
                    on_page=lambda pathname: pathname == PATH,
                    state=STATE)


@PAGE.callback(Output(ids.PROVINCE_MAP_LINK, "href"), Output(ids.PROVINCE_MAP_LINK, "style"),
               Input(ids.MAP_URL, "search"), prevent_initial_call=True)
def link_province_page(search):
    query = query_params(search)
    link = province_link(STATE.parse(query), language(query))
    return link["href"], link["style"]


@PAGE.callback(Output(ids.MAP_GRAPH, "figure"), Output(ids.MAP_DRAWN_YEAR, "data"),
               Input(ids.MAP_INDICATOR, "value"), Input(ids.MAP_YEAR, "value"),
               State(ids.MAP_URL, "search"), prevent_initial_call=True)
def recolour(indicator, year, search):
    state = STATE.parse({"indicator": indicator, "year": str(year)})
    frame = database().run("county_values", year=state["year"]).frame
    return (map_values_patch(frame, by_key()[state["indicator"]],
                             language(query_params(search)), scale_of(state["indicator"])),
            state["year"])


@PAGE.callback(Output(ids.MAP_SUMMARY, "children"),
               Input(ids.MAP_INDICATOR, "value"), Input(ids.MAP_YEAR, "value"),
               Input(ids.MAP_PROVINCE, "value"), State(ids.MAP_URL, "search"),
               prevent_initial_call=True)
def summarise(indicator, year, province, search):
    lang = language(query_params(search))
    provinces = programme_provinces()
    state = STATE.parse({"indicator": indicator, "year": str(year), "province": province})
    frame = database().run("county_values", year=state["year"]).frame
    return extremes(_in_view(frame, state["province"]), by_key()[state["indicator"]],
                    state["year"], _area_name(state["province"], provinces, lang), lang)


@PAGE.callback(Output(ids.MAP_GRAPH, "figure", allow_duplicate=True),
               Input(ids.MAP_PROVINCE, "value"), prevent_initial_call=True)
def move_to_province(province):
    key, view, urls = geo.for_database(database()).view(province)
    return map_view_patch(view, revision=key, geojson=urls)


# The table and the trend are refilled only while their tab shows, and when it is opened:
# recolouring the map then sends the colours alone (a national table is 50 kB).
@PAGE.callback(Output(ids.MAP_TABLE, "data"), Output(ids.MAP_TABLE, "columns"),
               Input(ids.MAP_INDICATOR, "value"), Input(ids.MAP_YEAR, "value"),
               Input(ids.MAP_PROVINCE, "value"), Input(ids.MAP_TABS, "value"),
               State(ids.MAP_URL, "search"), prevent_initial_call=True)
def refill_table(indicator, year, province, tab, search):
    if tab != "table":
        return no_update, no_update
    lang = language(query_params(search))
    state = STATE.parse({"indicator": indicator, "year": str(year), "province": province})
    frame = database().run("county_values", year=state["year"]).frame
    return (table_rows(_in_view(frame, state["province"]), state["indicator"], lang),
            table_columns(state["indicator"], lang))


@PAGE.callback(Output(ids.MAP_TREND, "figure"),
               Input(ids.MAP_INDICATOR, "value"), Input(ids.MAP_PROVINCE, "value"),
               Input(ids.MAP_TABS, "value"), Input(ids.MAP_COMPARE, "value"),
               State(ids.MAP_URL, "search"), prevent_initial_call=True)
def redraw_trend(indicator, province, tab, counties, search):
    if tab != "chart":
        return no_update
    provinces = programme_provinces()
    state = STATE.parse({"indicator": indicator, "province": province,
                         "compare": as_text(counties or [])})
    return _trend(state["indicator"], state["province"], provinces,
                  language(query_params(search)), state["compare"])


@PAGE.callback(Output(ids.MAP_COMPARE, "options"), Input(ids.MAP_COMPARE, "search_value"),
               State(ids.MAP_COMPARE, "value"), State(ids.MAP_URL, "search"),
               prevent_initial_call=True)
def offer_counties(typed, chosen, search):
    return compare.options(typed, chosen, None, language(query_params(search)))


# Play steps the slider a year at a time, each step only once the map shows the year
# before (the recolour reports the year it drew), and stops at the last year.
@PAGE.callback(Output(ids.MAP_PLAY_TIMER, "disabled"), Output(ids.MAP_PLAY, "children"),
               Output(ids.MAP_PLAY, "aria-pressed"),
               Output(ids.MAP_YEAR, "value", allow_duplicate=True),
               Input(ids.MAP_PLAY, "n_clicks"), State(ids.MAP_PLAY_TIMER, "disabled"),
               State(ids.MAP_YEAR, "value"), State(ids.MAP_URL, "search"),
               prevent_initial_call=True)
def toggle_play(_clicks, was_disabled, year, search):
    playing = bool(was_disabled)
    lang = language(query_params(search))
    # Played to the end: play again from the start.
    from_start = playing and year == REGISTRY_YEARS[-1]
    return (not playing, label("pause" if playing else "play", lang), str(playing).lower(),
            REGISTRY_YEARS[0] if from_start else no_update)


@PAGE.callback(Output(ids.MAP_YEAR, "value", allow_duplicate=True),
               Output(ids.MAP_PLAY_TIMER, "disabled", allow_duplicate=True),
               Output(ids.MAP_PLAY, "children", allow_duplicate=True),
               Output(ids.MAP_PLAY, "aria-pressed", allow_duplicate=True),
               Input(ids.MAP_PLAY_TIMER, "n_intervals"), State(ids.MAP_YEAR, "value"),
               State(ids.MAP_DRAWN_YEAR, "data"), State(ids.MAP_URL, "search"),
               prevent_initial_call=True)
def next_year(_ticks, year, drawn, search):
    years = REGISTRY_YEARS
    if year in years and drawn != year:
        return (no_update,) * 4  # the map has not caught up with the slider yet
    following = years[0] if year not in years else min(year + 1, years[-1])
    if following < years[-1]:
        return following, no_update, no_update, no_update
    return following, True, label("play", language(query_params(search))), "false"


@PAGE.callback(Output(ids.MAP_URL, "href"), Input(ids.MAP_GRAPH, "clickData"),
               State(ids.MAP_URL, "search"), prevent_initial_call=True)
def open_county(click, search):
    return county_page_of(click, search)


@PAGE.callback(Output(ids.MAP_DOWNLOAD, "data"),
               Input(ids.MAP_CSV, "n_clicks"), Input(ids.MAP_EXCEL, "n_clicks"),
               State(ids.MAP_URL, "search"), prevent_initial_call=True)
def download(_csv, _excel, search):
    query = query_params(search)
    lang = language(query)
    provinces = programme_provinces()
    state = STATE.parse(query)
    db = database()
    frame = _in_view(db.run("county_values", year=state["year"]).frame, state["province"])
    table = export_table(frame, state["indicator"], lang)
    stem = f"poverty_{state['indicator']}_{state['year']}_{state['province']}"
    area = _area_name(state["province"], provinces, lang)
    source = source_note(db.is_synthetic, db.build_id, origin("county_year"),
                         {"indicator": state["indicator"], "year": state["year"],
                          "province": f"{state['province']} {area}"}, lang)
    if ctx.triggered_id == ids.MAP_EXCEL:
        return dcc.send_bytes(excel_bytes(table, source), f"{stem}.xlsx")
    return dcc.send_string(csv_text(table, source), f"{stem}.csv")
