"""A county's printable brief: the county page's answers on one or two A4 pages.

It reads exactly what the county page reads, through the same door and access rules:
the public view shows public figures with the same withheld marks.
"""

from dash import ClientsideFunction, Input, Output

from dashboard.current import database
from dashboard.pages import Page
from dashboard.pages.county import county_exists, read_county
from layouts import ids
from layouts.brief import brief_page

PATH = "/county/<adcode>/brief"
PAGE = Page(PATH, exists=lambda adcode: county_exists(adcode))


def layout(query: dict, lang: str, adcode: str):
    instead, profile, data = read_county(adcode, lang)
    if instead is not None:
        return instead
    db = database()
    return brief_page(profile, data, db.build, db.synthetic_scale, lang)


PAGE.clientside_callback(ClientsideFunction("poverty", "printPage"),
                         Output(ids.BRIEF_PRINT, "title"), Input(ids.BRIEF_PRINT, "n_clicks"),
                         prevent_initial_call=True)
