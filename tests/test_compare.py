"""Comparing over time and place: map colours fixed over the years, Play that stops and keeps
in step, and several counties on one trend chart, kept in the address."""

import pytest
from browser import address, figure, wait_for_map, wait_until
from dash import no_update
from roles import GUIZHOU, LIBO, page

from dashboard import search
from dashboard.app import create_app
from dashboard.db import Database
from dashboard.pages import map as map_page
from dashboard.pages import province
from indicators import REGISTRY_YEARS
from layouts import ids
from layouts.compare import MOST, compared_trend
from layouts.indicators import by_key, offered
from layouts.map import colour_scale, value_properties

GUIDING = "522723"  # 贵定县, Libo's neighbour in Qiannan


@pytest.fixture(scope="module", params=["demo_db", "public_db"])
def yearly(request) -> list:
    """Every year's county values of the full build and of the public edition."""
    db = Database(request.getfixturevalue(request.param))
    return [db.run("county_values", year=year).frame for year in REGISTRY_YEARS]


@pytest.mark.parametrize("indicator", offered(), ids=lambda i: i.key)
def test_the_legend_is_the_same_in_every_year(yearly, indicator):
    scale = colour_scale(yearly, indicator)
    legends = [value_properties(frame, indicator, "en", scale)["colorbar"]["ticktext"]
               for frame in yearly]
    assert all(legend == legends[0] for legend in legends)


@pytest.mark.parametrize("indicator", [i for i in offered() if i.kind != "year"],
                         ids=lambda i: i.key)
def test_a_colour_means_the_same_values_in_every_year(yearly, indicator):
    scale = colour_scale(yearly, indicator)
    for frame in yearly:
        properties = value_properties(frame, indicator, "en", scale)
        first_value_class = properties["colorbar"]["ticktext"].index(
            next(t for t in properties["colorbar"]["ticktext"] if " – " in t))
        for code, value, inside in zip(properties["z"], frame[indicator.key], frame.in_programme):
            if inside and code >= first_value_class:  # a value class: between its edges
                low, high = scale.edges[code - first_value_class: code - first_value_class + 2]
                assert low - 1e-9 <= value <= high + 1e-9


def test_classes_made_year_by_year_would_move_the_legend(yearly):
    """The check above can fail: each year's own classes differ (the issue's 20–40% in 2014
    against 2.1–18% in 2019)."""
    indicator = by_key()["poverty_incidence"]
    own = [value_properties(frame, indicator, "en")["colorbar"]["ticktext"] for frame in yearly]
    assert len({tuple(legend) for legend in own}) > 1


@pytest.fixture(scope="module")
def open_app(demo_db):
    return create_app(demo_db)


def test_the_recolour_callback_keeps_the_legend_between_years(open_app):
    legends = []
    for year in (2014, 2019):
        with open_app.server.test_request_context():
            patch, drawn = map_page.recolour("poverty_incidence", year, "")
        assert drawn == year
        legends.append(next(op["params"]["value"]
                            for op in patch.to_plotly_json()["operations"]
                            if op["location"] == ["data", 0, "colorbar"]))
    assert legends[0]["ticktext"] == legends[1]["ticktext"]


# ---------------------------------------------------------------- Play

def tick(app, year, drawn):
    """One tick of Play's timer: what it changes, by output (the slider's year, the timer's
    stop, the button's label and its pressed state)."""
    outputs = ("year", "stopped", "label", "pressed")
    with app.server.test_request_context():
        answer = map_page.next_year(3, year, drawn, "")
    return {name: value for name, value in zip(outputs, answer) if value is not no_update}


def test_play_waits_for_the_map_to_show_the_year(open_app):
    assert tick(open_app, 2016, drawn=2015) == {}  # the map still shows 2015: no step
    assert tick(open_app, 2016, drawn=2016) == {"year": 2017}


def test_play_stops_at_the_last_year(open_app):
    last = tick(open_app, 2019, drawn=2019)
    assert last == {"year": 2020, "stopped": True, "label": "Play years", "pressed": "false"}
    stays = tick(open_app, 2020, drawn=2020)  # a tick already on its way: still 2020, stopped
    assert stays["year"] == 2020 and stays["stopped"] is True


def test_play_in_a_browser_goes_to_the_last_year_and_stops_with_the_legend_still(dash_duo,
                                                                                  demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?indicator=poverty_incidence&year=2018")
    wait_for_map(dash_duo, ids.MAP_GRAPH)
    legend = figure(dash_duo, ids.MAP_GRAPH, "gd.data[0].colorbar.ticktext")
    play = dash_duo.find_element(f"#{ids.MAP_PLAY}")
    play.click()
    wait_until(lambda: play.get_attribute("aria-pressed") == "true")
    wait_until(lambda: address(dash_duo).get("year") == "2019", timeout=30)
    wait_until(lambda: address(dash_duo).get("year") == "2020"
               and play.get_attribute("aria-pressed") == "false", timeout=30)
    assert play.text == "Play years"
    handle = dash_duo.find_element(f"#{ids.MAP_YEAR} [role=slider]")
    assert handle.get_attribute("aria-valuenow") == "2020"  # the slider shows what the map does
    assert figure(dash_duo, ids.MAP_GRAPH, "gd.data[0].colorbar.ticktext") == legend
    play.click()  # played to the end: Play starts again from the first year
    wait_until(lambda: address(dash_duo).get("year") == str(REGISTRY_YEARS[0]), timeout=30)
    play.click()
    wait_until(lambda: play.get_attribute("aria-pressed") == "false")
    assert dash_duo.get_logs() == []


# ---------------------------------------------------------------- counties side by side

def test_the_address_keeps_up_to_ten_known_counties_once_each(database):
    index = search.index_for(database)
    counties = [p.adcode for p in index.places if p.kind == "county"][:MOST + 3]
    text = ",".join([LIBO, LIBO, "999999", "abc", "52272'", *counties])
    chosen = search.chosen_counties(text, index, MOST)
    assert chosen[0] == LIBO and len(chosen) == MOST and len(set(chosen)) == MOST
    assert search.chosen_counties(None, index, MOST) == []
    assert search.chosen_counties("110000", index, MOST) == []  # a province is not a county


def test_the_map_reads_and_writes_the_counties_compared(open_app):
    with open_app.server.test_request_context():
        state = map_page.STATE.parse({"compare": f"{LIBO},{GUIDING},x"})
        assert state["compare"] == [LIBO, GUIDING]
        assert f"compare={LIBO}%2C{GUIDING}" in map_page.STATE.search(state, "en")
        assert "compare" not in map_page.STATE.search({**state, "compare": []}, "en")


@pytest.mark.parametrize("indicator, area_axis", [("still_poor_people", "y2"),
                                                  ("poverty_incidence", "y")])
def test_counties_are_drawn_beside_their_area(database, indicator, area_axis):
    area = database.run("province_trend", province=GUIZHOU).frame
    counties = [(name, database.run("county_trend", adcode=code).frame)
                for name, code in (("Libo", LIBO), ("Guiding", GUIDING))]
    fig = compared_trend(area, "Guizhou", counties, indicator, "en")
    assert [trace["name"] for trace in fig["data"]][1:] == ["Libo", "Guiding"]
    assert fig["data"][0]["yaxis"] == area_axis  # a count of a province dwarfs its counties'
    assert all(trace["yaxis"] == "y" for trace in fig["data"][1:])
    libo = counties[0][1]
    assert fig["data"][1]["y"] == [None if v != v else v for v in libo[indicator]]


def test_the_exit_year_is_no_trend(database):
    area = database.run("national_trend").frame
    libo = database.run("county_trend", adcode=LIBO).frame
    fig = compared_trend(area, "All China", [("Libo", libo)], "county_exit_year", "en")
    assert fig["data"] == [] and "has no trend" in fig["layout"]["title"]["text"]


def test_the_province_page_draws_the_counties_of_its_address(open_app):
    client = open_app.server.test_client()
    text = page(client, f"/province/{GUIZHOU}", f"?compare={LIBO},{GUIDING}&lang=zh")
    assert ids.PROVINCE_COUNTY_TRENDS in text and '"name": "荔波县"' in text
    assert '"name": "贵定县"' in text and "贵州省（右轴）" in text


def test_the_picker_offers_counties_of_the_page_first_and_no_more_than_ten(open_app):
    with open_app.server.test_request_context():
        options = province.offer_counties("lbx", [GUIDING], f"/province/{GUIZHOU}", "")
        assert [o["value"] for o in options[:2]] == [GUIDING, LIBO]  # chosen, then Guizhou's
        assert not any(o["disabled"] for o in options)
        full = [p.adcode for p in search.index_for(open_app.server.config["DATABASE"]).places
                if p.kind == "county"][:MOST]
        options = map_page.offer_counties("libo", full, "")
        assert [o["disabled"] for o in options] == [False] * MOST + [True]  # one too many


def test_counties_are_added_on_the_maps_trend_tab_and_kept_in_the_address(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?tab=chart&province={GUIZHOU}")
    dash_duo.wait_for_element(f"#{ids.MAP_TREND} .main-svg", timeout=30)
    picker = dash_duo.find_element(f"#{ids.MAP_COMPARE}")
    picker.click()
    dash_duo.driver.switch_to.active_element.send_keys("libo")
    option = ".dash-dropdown-options .dash-dropdown-option"
    wait_until(lambda: any("Libo County" in o.text for o in dash_duo.find_elements(option)))
    next(o for o in dash_duo.find_elements(option) if "Libo County" in o.text).click()
    wait_until(lambda: address(dash_duo).get("compare") == LIBO)
    # The area's own chart has two traces too (its line and the 2013 "No data" mark), so
    # wait for the county's line by name.
    names = "gd.data.map(trace => trace.name)"
    wait_until(lambda: "Libo County" in (figure(dash_duo, ids.MAP_TREND, names) or []))
    assert len(figure(dash_duo, ids.MAP_TREND, names)) == 2
    dash_duo.driver.refresh()  # a copied address shows the same chart
    dash_duo.wait_for_element(f"#{ids.MAP_TREND} .main-svg", timeout=30)
    wait_until(lambda: "Libo County" in (figure(dash_duo, ids.MAP_TREND, names) or []))
    assert dash_duo.get_logs() == []

