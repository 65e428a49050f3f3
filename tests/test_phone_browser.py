"""The dashboard on a 390 × 844 phone, in Chinese: nothing scrolls sideways, the map's
legend sits below the map, the year stays in view, a table keeps the place and the value
in view, and no chart's toolbar covers its title. Each page is saved as a screenshot."""

import re

from accessibility import settled
from browser import wait_for_map, wait_until
from roles import GUIZHOU, LIBO

from dashboard.app import create_app
from layouts import ids

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True}
PAGES = ["/", "/map", f"/map?tab=table&province={GUIZHOU}", f"/province/{GUIZHOU}",
         f"/county/{LIBO}", "/monitoring", "/integrity", "/about", f"/county/{LIBO}/brief",
         "/search?q=lbx"]
BOX = "const box = e => { const r = e.getBoundingClientRect(); " \
      "return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };"


def overlap(a: dict, b: dict) -> float:
    """The area two boxes share."""
    width = min(a["right"], b["right"]) - max(a["left"], b["left"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    return max(width, 0) * max(height, 0)


def area(a: dict) -> float:
    return (a["right"] - a["left"]) * (a["bottom"] - a["top"])


def test_every_page_fits_a_phone(dash_duo, demo_db, tmp_path):
    dash_duo.start_server(create_app(demo_db))
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    for path in PAGES:
        driver.get(dash_duo.server_url + path + ("&" if "?" in path else "?") + "lang=zh")
        settled(driver)
        # A page wider than the phone would widen the page's viewport past 390 px.
        assert driver.execute_script(
            "return [window.innerWidth, document.documentElement.scrollWidth]") == [390, 390], path
        name = re.sub(r"\W+", "-", path).strip("-") or "overview"
        driver.save_screenshot(str(tmp_path / f"{name}.png"))
        titles_and_toolbars = driver.execute_script(BOX + """
            return Array.from(document.querySelectorAll('.js-plotly-plot')).map(chart => [
                chart.querySelector('.gtitle'), chart.querySelector('.modebar')])
              .filter(([title, bar]) => title && bar).map(([title, bar]) => [box(title), box(bar)]);""")
        for title, toolbar in titles_and_toolbars:
            assert overlap(title, toolbar) == 0, (path, title, toolbar)
    print("phone screenshots in", tmp_path)


def test_the_map_on_a_phone(dash_duo, demo_db, tmp_path):
    dash_duo.start_server(create_app(demo_db))
    driver = dash_duo.driver
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?lang=zh")
    wait_for_map(dash_duo, ids.MAP_GRAPH)
    graph = f"document.querySelector('#{ids.MAP_GRAPH} .js-plotly-plot')"
    wait_until(lambda: driver.execute_script(f"return {graph}.data[0].colorbar.x === 0"))
    settled(driver)
    legend, canvas, year, tabs = driver.execute_script(BOX + f"""
        return [box({graph}.querySelector('.colorbar')),
                box({graph}.querySelector('.maplibregl-canvas')),
                box(document.querySelector('#{ids.MAP_YEAR} input')),
                Array.from(document.querySelectorAll('#{ids.MAP_TABS} .tab')).map(box)];""")
    driver.execute_script(f"document.getElementById('{ids.MAP_GRAPH}').scrollIntoView()")
    driver.save_screenshot(str(tmp_path / "map.png"))
    assert overlap(legend, canvas) < 0.05 * area(legend)  # below the map, not on it
    assert area(canvas) > 300 * 300
    assert area(year) > 0 and year["right"] <= 390  # the year box is there and in view
    assert len({round(tab["top"]) for tab in tabs}) == 1  # the tabs side by side, one row

    driver.get(f"{dash_duo.server_url}/map?lang=zh&tab=table&province={GUIZHOU}")
    dash_duo.wait_for_element(f"#{ids.MAP_TABLE} td a", timeout=30)
    settled(driver)
    name, value = driver.execute_script(BOX + f"""
        return ['name_zh', 'value'].map(column => box(document.querySelector(
            '#{ids.MAP_TABLE} th.dash-header[data-dash-column="' + column + '"]')));""")
    driver.execute_script(f"document.getElementById('{ids.MAP_TABLE}').scrollIntoView()")
    driver.save_screenshot(str(tmp_path / "map-table.png"))
    assert name["left"] >= 0 and value["right"] <= 390  # place and value both in view
