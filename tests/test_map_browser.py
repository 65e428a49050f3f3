"""The county map in headless Chromium with the network cut off (see conftest)."""

import csv
from pathlib import Path

import pytest
from browser import address, figure, graph_script, wait_for_map, wait_until
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from layouts import ids

GRAPH = ids.MAP_GRAPH
FIGURE = graph_script(GRAPH)


def open_map(dash_duo, demo_db, query=""):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map{query}")
    if "tab=table" in query:
        # The table is the first thing drawn there: its rows mean the page has its state.
        dash_duo.wait_for_element(f"#{ids.MAP_TABLE} td", timeout=30)
    else:
        wait_for_map(dash_duo, GRAPH)


def test_map_draws_every_county_with_nothing_from_outside(dash_duo, demo_db):
    open_map(dash_duo, demo_db)
    assert figure(dash_duo, GRAPH, "gd.data[0].locations.length") == 2875
    rendered = dash_duo.driver.execute_script(FIGURE + """
        const map = gd._fullLayout.map._subplot.map;
        const source = Object.keys(map.getStyle().sources)[0];
        return map.querySourceFeatures(source).length;""")
    assert rendered >= 2875  # tiles may split a county into several features
    resources = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert any("/geo/county-" in r for r in resources)
    assert all(r.startswith(dash_duo.server_url) for r in resources), resources
    assert dash_duo.get_logs() == []


def test_indicator_and_year_recolour_the_map_and_its_legend(dash_duo, demo_db):
    open_map(dash_duo, demo_db)
    before_text = figure(dash_duo, GRAPH, "gd.data[0].text")
    assert (figure(dash_duo, GRAPH, "gd.data[0].colorbar.title.text")
            == "Still poor at year end (people)")

    dash_duo.select_dcc_dropdown(f"#{ids.MAP_INDICATOR}", value="Poverty incidence")
    wait_until(lambda: figure(dash_duo, GRAPH, "gd.data[0].colorbar.title.text")
               == "Poverty incidence")
    assert address(dash_duo)["indicator"] == "poverty_incidence"
    assert figure(dash_duo, GRAPH, "gd.data[0].text") != before_text
    assert "No data" in figure(dash_duo, GRAPH, "gd.data[0].colorbar.ticktext")

    handle = dash_duo.find_element(f"#{ids.MAP_YEAR} [role=slider]")
    handle.send_keys(Keys.ARROW_RIGHT)  # the year slider works from the keyboard
    wait_until(lambda: address(dash_duo).get("year") == "2018")
    assert figure(dash_duo, GRAPH, "gd.layout.map.zoom") == pytest.approx(2.9)


def test_province_filter_zooms_and_filters_the_table(dash_duo, demo_db, database):
    open_map(dash_duo, demo_db)
    national_zoom = figure(dash_duo, GRAPH, "gd.layout.map.zoom")
    dash_duo.select_dcc_dropdown(f"#{ids.MAP_PROVINCE}", value="Guizhou")
    wait_until(lambda: figure(dash_duo, GRAPH, "gd.layout.map.zoom") > national_zoom + 1)
    assert address(dash_duo)["province"] == "520000"
    # Finer boundaries for a province.
    assert "/geo/county_detail-" in figure(dash_duo, GRAPH, "gd.data[0].geojson")

    dash_duo.find_element(f"#{ids.MAP_TABS} .tab:nth-child(2)").click()
    wait_until(lambda: address(dash_duo).get("tab") == "table")
    provinces = {cell.text for cell in dash_duo.find_elements(
        f"#{ids.MAP_TABLE} td[data-dash-column=province]")}
    assert provinces == {"Guizhou"}


def test_clicking_a_county_opens_its_page(dash_duo, demo_db):
    open_map(dash_duo, demo_db)
    dash_duo.driver.execute_script(FIGURE + """
        gd.emit('plotly_click', {points: [{curveNumber: 0, pointNumber: 0, location: '522722',
                                           data: gd.data[0], fullData: gd._fullData[0]}]});""")
    wait_until(lambda: address(dash_duo)["path"] == "/county/522722")


def test_a_copied_address_reopens_the_same_view(dash_duo, demo_db):
    open_map(dash_duo, demo_db, "?indicator=income_to_line&year=2019&province=520000&tab=table")
    assert "Income against the poverty line" in dash_duo.find_element(
        f"#{ids.MAP_INDICATOR}").text
    assert dash_duo.find_element(f"#{ids.MAP_TABS} .tab--selected").text == "Table"
    dash_duo.wait_for_element(f"#{ids.MAP_TABLE} td[data-dash-column=province]")
    assert {cell.text for cell in dash_duo.find_elements(
        f"#{ids.MAP_TABLE} td[data-dash-column=province]")} == {"Guizhou"}
    dash_duo.find_element(f"#{ids.MAP_TABS} .tab:nth-child(1)").click()
    wait_for_map(dash_duo, GRAPH)
    assert figure(dash_duo, GRAPH, "gd.data[0].colorbar.title.text").startswith(
        "Income against the poverty line")
    assert figure(dash_duo, GRAPH, "gd.layout.map.zoom") > 4


def test_back_button_returns_to_the_previous_view(dash_duo, demo_db):
    open_map(dash_duo, demo_db)
    dash_duo.select_dcc_dropdown(f"#{ids.MAP_INDICATOR}", value="Poverty incidence")
    wait_until(lambda: address(dash_duo).get("indicator") == "poverty_incidence")
    dash_duo.driver.back()
    wait_until(lambda: "Still poor" in dash_duo.find_element(f"#{ids.MAP_INDICATOR}").text)
    wait_until(lambda: figure(dash_duo, GRAPH, "gd.data[0].colorbar.title.text")
               == "Still poor at year end (people)")


def test_language_switch_keeps_the_view(dash_duo, demo_db):
    open_map(dash_duo, demo_db, "?indicator=poverty_incidence&year=2016")
    dash_duo.find_element(f"#{ids.LANGUAGE_LINK}").click()
    dash_duo.wait_for_text_to_equal("h1", "县域地图", timeout=20)
    assert address(dash_duo) == {"path": "/map", "indicator": "poverty_incidence",
                                 "year": "2016", "lang": "zh"}
    wait_for_map(dash_duo, GRAPH)
    assert figure(dash_duo, GRAPH, "gd.data[0].colorbar.title.text") == "贫困发生率"
    assert "未纳入扶贫范围" in figure(dash_duo, GRAPH, "gd.data[0].colorbar.ticktext")


def test_csv_export_holds_the_rows_shown(dash_duo, demo_db, database):
    open_map(dash_duo, demo_db, "?province=520000&year=2018&tab=table")
    dash_duo.wait_for_element(f"#{ids.MAP_CSV}", timeout=20).click()
    target = Path(dash_duo.download_path) / "poverty_still_poor_people_2018_520000.csv"
    wait_until(target.exists)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: SYNTHETIC demo data")
    rows = list(csv.DictReader(lines[1:]))
    expected = database.run("county_values", year=2018).frame
    expected = expected[(expected.province_adcode == "520000") & expected.in_programme]
    assert sorted(r["adcode"] for r in rows) == sorted(expected.adcode)
    libo = next(r for r in rows if r["adcode"] == "522722")
    assert int(libo["Still poor at year end (people)"]) == int(  # a count, as a whole number
        expected.set_index("adcode").loc["522722", "still_poor_people"])
    assert libo["Still poor at year end (people): status"] == ""
