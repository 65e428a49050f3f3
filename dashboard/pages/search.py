"""Finding a place: the header box's suggestions as you type, and what Enter opens.

Enter submits the header's form to /search, which opens the best match at once, or,
when no single place is best ('lbx' is five poverty counties), this page with every
match to choose from.
"""

from dash import Input, Output, State
from flask import redirect, request

from dashboard import access, search
from dashboard.current import database, query_params
from dashboard.pages import Page
from layouts import ids
from layouts.i18n import language
from layouts.search import results_page, suggestions
from layouts.state import href

PATH = "/search"
RESULTS = 30


def _near(viewed) -> frozenset[str]:
    return search.near(viewed, access.current_user().areas)


def layout(query: dict, lang: str):
    text = query.get("q", "")
    places = search.index_for(database()).find(text, RESULTS, near=_near(query.get("near")))
    return results_page(text.strip()[:search.MAX_QUERY], places, lang)


def open_best():
    """Enter in the search box: the best match's page, else None: the router draws this
    page's list of matches."""
    lang = language(request.args)
    place = search.index_for(database()).best(request.args.get("q"),
                                              near=_near(request.args.get("near")))
    return None if place is None else redirect(href(place.path, lang), 303)


PAGE = Page(PATH, shortcut=open_best)


@PAGE.callback(Output(ids.SEARCH_SUGGESTIONS, "children"), Output(ids.SEARCH_STATUS, "children"),
               Input(ids.SEARCH_INPUT, "value"), State(ids.SEARCH_NEAR, "value"),
               State(ids.URL, "search"), prevent_initial_call=True)
def suggest(text, viewed, address):
    places = search.index_for(database()).find(text, near=_near(viewed))
    typed = text.strip() if isinstance(text, str) else ""
    return suggestions(places, typed, language(query_params(address)))
