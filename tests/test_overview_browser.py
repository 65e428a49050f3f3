"""The overview in a real headless Chromium: KPI numbers, banner, charts, nothing from outside."""

from browser import wait_until

from dashboard.app import create_app
from layouts import ids
from layouts.format import large


def test_overview_shows_kpis_from_the_database(dash_duo, database, demo_db):
    kpis = database.run("national_kpis").frame.iloc[0]
    dash_duo.start_server(create_app(demo_db))

    dash_duo.wait_for_element(f"#{ids.kpi('exited_people')}", timeout=20)
    shown = {name: dash_duo.find_element(f"#{ids.kpi(name)}").text
             for name in ("peak_poor_people", "exited_people", "counties_delisted",
                          "work_teams_sent")}
    assert shown["exited_people"] == large(kpis["exited_people"], "people")
    assert shown["peak_poor_people"] == large(kpis["peak_poor_people"], "people")
    assert shown["counties_delisted"] == "832"
    assert shown["work_teams_sent"] == large(kpis["work_teams_sent"])
    assert kpis["exited_people"] > 0

    banner = dash_duo.find_element(f"#{ids.SYNTHETIC_BANNER}")
    assert "Synthetic demo data" in banner.text

    dash_duo.wait_for_element(f"#{ids.TREND_EXITS} .main-svg", timeout=20)
    bars = dash_duo.find_elements(f"#{ids.TREND_EXITS} .trace.bars .point")
    assert len(bars) >= 6  # one bar per year with exits

    resources = dash_duo.driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)")
    assert resources and all(r.startswith(dash_duo.server_url) for r in resources), resources
    assert dash_duo.get_logs() == []


def test_overview_fits_a_phone_screen(dash_duo, demo_db):
    dash_duo.driver.set_window_size(390, 844)
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_element(f"#{ids.TREND_EXITS} .main-svg", timeout=20)
    overflow = dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_the_east_west_flows_are_drawn_and_summed_up(dash_duo, demo_db, database):
    """The Sankey draws a node for every eastern helper and every western province, and
    the screen reader is told its total and largest flows."""
    flows = database.run("east_west_flows").frame
    nodes = flows.helper_zh.nunique() + flows.helped_province_zh.nunique()
    dash_duo.start_server(create_app(demo_db))
    wait_until(lambda: len(dash_duo.find_elements(
        f"#{ids.OVERVIEW_EAST_WEST} .sankey-node")) == nodes, timeout=30)
    summary = f"#{ids.OVERVIEW_EAST_WEST}-summary"
    wait_until(lambda: dash_duo.find_element(summary).get_attribute("textContent").startswith(
        "Fiscal aid, east to west, 2016–2020, "
        + large(flows.fiscal_aid_yuan.sum(), "yuan")))
    assert dash_duo.get_logs() == []


def test_the_five_batches_by_year_are_drawn_on_the_overview_and_a_province_page(
        dash_duo, demo_db):
    """A bar series per batch, titled and summed up for screen readers, in both languages."""
    dash_duo.start_server(create_app(demo_db))
    titles = {"en": "Five batches: households newly reached (synthetic)",
              "zh": "“五个一批”历年新覆盖户数（合成数据）"}
    first = {"en": "Production and employment, 2013", "zh": "发展生产和就业，2013年"}
    for path, graph_id in (("/", ids.OVERVIEW_BATCHES_BY_YEAR),
                           ("/province/520000", ids.PROVINCE_BATCHES_BY_YEAR)):
        for lang, search in (("en", ""), ("zh", "?lang=zh")):
            dash_duo.wait_for_page(f"{dash_duo.server_url}{path}{search}", timeout=30)
            chart = f"#{graph_id}"
            wait_until(lambda: len(dash_duo.find_elements(f"{chart} .trace.bars")) == 5,
                       state=lambda: len(dash_duo.find_elements(f"{chart} .trace.bars")))
            wait_until(lambda: dash_duo.find_element(f"{chart} .gtitle").text == titles[lang],
                       state=lambda: dash_duo.find_element(f"{chart} .gtitle").text)
            summary = f"{chart}-summary"
            wait_until(lambda: dash_duo.find_element(summary).get_attribute(
                "textContent").startswith(first[lang]), state=lambda: dash_duo.find_element(
                summary).get_attribute("textContent")[:60])
    assert dash_duo.get_logs() == []
