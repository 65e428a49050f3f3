"""A page's view in its address (layouts/state.py): written as read, links in the language."""

import pytest
from dash import no_update
from roles import GUIZHOU, LIBO

from dashboard.app import create_app
from dashboard.pages import integrity, monitoring, province
from dashboard.pages import map as map_page
from layouts.state import href


def test_a_link_keeps_the_language_and_leaves_out_what_is_empty():
    assert href("/county/522722", "en") == "/county/522722"
    assert href("/county/522722", "zh") == "/county/522722?lang=zh"
    assert href("/monitoring", "zh", county=LIBO, tab="counties", province="") == (
        f"/monitoring?county={LIBO}&tab=counties&lang=zh")
    assert href("/map", "en", compare=[LIBO, "522723"]) == f"/map?compare={LIBO}%2C522723"
    assert href("", "zh") == "?lang=zh"


@pytest.fixture(scope="module")
def app(demo_db):
    return create_app(demo_db)


@pytest.mark.parametrize("page, query", [
    (map_page, {"indicator": "income_to_line", "year": "2019", "province": GUIZHOU,
                "tab": "chart", "compare": LIBO}),
    (province, {"indicator": "income_to_line", "year": "2015"}),
    (integrity, {"check": "rush", "area": GUIZHOU, "tab": "ranking"}),
    (monitoring, {"measure": "at_risk_share", "province": GUIZHOU, "tab": "counties",
                  "county": LIBO}),
], ids=lambda p: getattr(p, "__name__", ""))
def test_each_page_reads_back_what_it_writes(app, page, query):
    """A view written to the address and read again is the same view, in either language."""
    with app.server.test_request_context():
        state, default = page.STATE.parse(query), page.STATE.parse({})
        assert [key for key in query if state[key] == default[key]] == []  # each was accepted
        for lang in ("en", "zh"):
            search = page.STATE.search(state, lang)
            read = dict(pair.split("=") for pair in search.lstrip("?").split("&"))
            assert ("lang" in read) == (lang == "zh")
            assert page.STATE.parse(read) == state


def test_a_click_on_a_map_opens_the_county_in_the_pages_language(app):
    click = {"points": [{"location": LIBO}]}
    with app.server.test_request_context():
        assert map_page.open_county(click, "?year=2016&lang=zh") == f"/county/{LIBO}?lang=zh"
        assert integrity.open_county(click, "?check=rush") == f"/county/{LIBO}"
        for nothing in (None, {"points": []}, {"points": [{"location": "52'; --"}]}):
            assert map_page.open_county(nothing, "") is no_update
