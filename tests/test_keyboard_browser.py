"""The map with keys alone: every control reached in the order it is seen, with focus
shown, and one whole task (Guizhou's table, sorted by poverty incidence, its top county)."""

from browser import address, figure, wait_for_map, wait_until
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from layouts import ids
from layouts.i18n import pick
from layouts.indicators import DEFAULT, by_key

# What the focused element is, for the messages of a failing test.
FOCUSED = """const e = document.activeElement;
return e.tagName + '#' + e.id + '.' + e.className + ' ' + (e.getAttribute('aria-label') || '');"""
# Focus is shown: an outline (or a ring drawn as a shadow) on the focused element.
FOCUS_SHOWN = """const style = getComputedStyle(document.activeElement);
return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
    || style.boxShadow !== 'none';"""


def press(driver, *keys) -> None:
    driver.switch_to.active_element.send_keys(*keys)


def focused(driver, condition: str) -> bool:
    return driver.execute_script(f"const e = document.activeElement; return !!e && ({condition});")


def tab_to(driver, condition: str, limit: int = 60) -> None:
    """Press Tab until the focused element meets `condition` (JavaScript over `e`), which
    shows focus; fail when it never comes."""
    seen = []
    for _ in range(limit):
        press(driver, Keys.TAB)
        if focused(driver, condition):
            assert driver.execute_script(FOCUS_SHOWN), driver.execute_script(FOCUSED)
            return
        seen.append(driver.execute_script(FOCUSED))
    raise AssertionError(f"never reached {condition}; passed {seen}")


def choose(driver, typed: str, option: str) -> None:
    """In the dropdown with focus: open it with Enter, type to filter (when `typed`), then
    go down the options to `option` and take it with Enter."""
    press(driver, Keys.ENTER)
    wait_until(lambda: focused(driver, "e.closest('.dash-dropdown-content')"))
    if typed:
        press(driver, typed)
        wait_until(lambda: driver.execute_script(
            "return document.querySelectorAll('.dash-dropdown-content [role=option]').length")
            == 1)
    for _ in range(40):
        if focused(driver, f"e.closest('[role=option]') && "
                           f"e.closest('[role=option]').textContent === '{option}'"):
            press(driver, Keys.ENTER)
            return
        press(driver, Keys.ARROW_DOWN)
    raise AssertionError(f"no option {option}")


def test_keys_alone_open_guizhous_table_sort_by_incidence_and_open_the_top_county(
        dash_duo, demo_db, database):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map")
    wait_for_map(dash_duo, ids.MAP_GRAPH)
    driver = dash_duo.driver

    tab_to(driver, f"e.id === '{ids.MAP_INDICATOR}'")
    choose(driver, "", "Poverty incidence")
    wait_until(lambda: address(dash_duo).get("indicator") == "poverty_incidence")
    tab_to(driver, f"e.id === '{ids.MAP_PROVINCE}'")
    choose(driver, "Guiz", "Guizhou")  # typing filters some 30 provinces to one
    wait_until(lambda: address(dash_duo).get("province") == "520000")

    tab_to(driver, "e.getAttribute('role') === 'tab' && e.getAttribute('aria-selected') === 'true'")
    press(driver, Keys.ARROW_RIGHT)  # Map -> Table
    wait_until(lambda: address(dash_duo).get("tab") == "table")
    dash_duo.wait_for_element(f"#{ids.MAP_TABLE} td a", timeout=30)

    year = int(driver.execute_script(
        f"return document.querySelector('#{ids.MAP_YEAR} [role=slider]')"
        ".getAttribute('aria-valuenow')"))
    counties = database.run("county_values", year=year).frame
    counties = counties[(counties.province_adcode == "520000") & counties.in_programme]
    top = counties[counties.poverty_incidence == counties.poverty_incidence.max()]

    first_name = f"#{ids.MAP_TABLE} td[data-dash-column=name_en] a"
    tab_to(driver, "e.classList.contains('column-header--sort') "
                   "&& e.closest('th').dataset.dashColumn === 'value'")
    for _ in range(3):  # the sort goes ascending, descending, none: until the highest is first
        press(driver, Keys.ENTER)
        if dash_duo.find_element(first_name).text in set(top.name_en):
            break
    assert dash_duo.find_element(first_name).text in set(top.name_en)

    tab_to(driver, f"e.tagName === 'A' && !!e.closest('#{ids.MAP_TABLE} td')")
    assert focused(driver, f"e === document.querySelector('{first_name}')")
    press(driver, Keys.ENTER)
    wait_until(lambda: address(dash_duo)["path"].removeprefix("/county/") in set(top.adcode))
    dash_duo.wait_for_element(f"#{ids.COUNTY_KPIS}", timeout=30)
    assert dash_duo.get_logs() == []


def test_the_year_is_named_reached_in_the_order_seen_and_said_as_it_plays(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?year=2018")
    wait_for_map(dash_duo, ids.MAP_GRAPH)
    driver = dash_duo.driver
    tab_to(driver, f"e.id === '{ids.MAP_PLAY}'")
    order = []
    for _ in range(2):
        press(driver, Keys.TAB)
        assert driver.execute_script(FOCUS_SHOWN), driver.execute_script(FOCUSED)
        order.append(driver.execute_script("""const e = document.activeElement;
            const label = document.getElementById(e.getAttribute('aria-labelledby') || '');
            return [e.tagName === 'INPUT' ? 'box' : e.getAttribute('role'),
                    label ? label.textContent : null, e.getBoundingClientRect().left];"""))
    (box, box_name, box_left), (slider, slider_name, slider_left) = order
    assert (box, slider) == ("box", "slider")
    assert box_name == slider_name == "Year"
    assert box_left < slider_left  # the box is left of the slider, where Tab reaches it first

    summary = f"#{ids.MAP_SUMMARY}"
    assert dash_duo.find_element(summary).get_attribute("aria-live") == "polite"
    assert dash_duo.find_element(summary).text.startswith("All China, 2018")
    press(driver, Keys.SHIFT, Keys.TAB)
    press(driver, Keys.SHIFT, Keys.TAB)
    assert focused(driver, f"e.id === '{ids.MAP_PLAY}'")
    press(driver, Keys.ENTER)
    wait_until(lambda: dash_duo.find_element(summary).text.startswith("All China, 2019"))
    wait_until(lambda: dash_duo.find_element(summary).text.startswith("All China, 2020"))


def test_a_county_is_chosen_on_the_map_with_keys_alone_and_said(dash_duo, demo_db, database):
    """Tab to the map, arrow to a county (said in the live region, highlighted on the map),
    Enter: its page opens. The counties go by code within the province in view."""
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/map?province=520000&year=2018&lang=zh")
    wait_for_map(dash_duo, ids.MAP_GRAPH)
    driver = dash_duo.driver
    counties = database.run("county_values", year=2018).frame
    guizhou = counties[(counties.province_adcode == "520000") & counties.in_programme]
    guizhou = guizhou.sort_values("adcode")

    tab_to(driver, f"e.classList.contains('maplibregl-canvas') && !!e.closest('#{ids.MAP_GRAPH}')")
    hint = driver.execute_script("const e = document.activeElement; return document"
                                 ".getElementById(e.getAttribute('aria-describedby')).textContent")
    assert "方向键" in hint
    status = dash_duo.find_element(f"#{ids.MAP_KEYS_STATUS}")
    assert status.get_attribute("aria-live") == "polite"
    press(driver, Keys.ARROW_RIGHT)
    first = guizhou.iloc[0]
    wait_until(lambda: status.text.startswith(f"{first.name_zh}（贵州省）"))
    assert f"共{len(guizhou)}个" in status.text
    press(driver, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_LEFT)
    second = guizhou.iloc[1]
    wait_until(lambda: status.text.startswith(f"{second.name_zh}（贵州省）"))
    assert "第2个" in status.text
    # The county is highlighted on the map (the others fade), and said with the indicator
    # and the value the map shows for it.
    point = int(counties.index[counties.adcode == second.adcode][0])
    assert figure(dash_duo, ids.MAP_GRAPH, "gd.data[0].selectedpoints") == [point]
    shown = figure(dash_duo, ids.MAP_GRAPH, f"gd.data[0].text[{point}]")
    assert status.text.startswith(f"{second.name_zh}（贵州省）：{pick(by_key()[DEFAULT].label, 'zh')} "
                                  f"{shown}（第2个，共{len(guizhou)}个）")
    press(driver, Keys.END)
    wait_until(lambda: status.text.startswith(f"{guizhou.iloc[-1].name_zh}（贵州省）"))
    press(driver, Keys.HOME)
    wait_until(lambda: status.text.startswith(f"{first.name_zh}（贵州省）"))
    press(driver, Keys.ENTER)
    wait_until(lambda: address(dash_duo)["path"] == f"/county/{first.adcode}")
    assert address(dash_duo).get("lang") == "zh"
    dash_duo.wait_for_element(f"#{ids.COUNTY_KPIS}", timeout=30)
    assert dash_duo.get_logs() == []
