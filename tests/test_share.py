"""Sharing without leaking: no chart offers an upload, an outside editor or the Plotly logo,
and "Copy link" copies the address of the view on screen."""

import json

import pytest
from browser import wait_until
from roles import GUIZHOU, LIBO, page, signed_in_client, village_of

from dashboard.app import create_app
from layouts import ids

# What plotly.js would otherwise put in a chart's mode bar that leaves the server.
NEVER = {"showSendToCloud": True, "showEditInChartStudio": True, "displaylogo": True,
         "showLink": True}


@pytest.fixture(scope="module")
def nation(demo_db, public_db, tmp_path_factory):
    """A national official: every page, every chart."""
    return signed_in_client(demo_db, public_db, tmp_path_factory.mktemp("accounts"), "nation")


def graphs(node) -> list[dict]:
    """Every dcc.Graph in a rendered page's JSON."""
    found = []
    if isinstance(node, dict):
        if node.get("type") == "Graph" and node.get("namespace") == "dash_core_components":
            found.append(node["props"])
        for value in node.values():
            found += graphs(value)
    elif isinstance(node, list):
        for value in node:
            found += graphs(value)
    return found


@pytest.mark.parametrize("path, search", [
    ("/", ""), ("/map", ""), ("/map", "?tab=chart&compare=522722"), (f"/province/{GUIZHOU}", ""),
    (f"/county/{LIBO}", ""), (f"/county/{LIBO}/brief", ""), ("/integrity", ""),
    ("/integrity", "?check=audit"), ("/monitoring", ""), ("village", ""),
])
def test_no_chart_is_configured_to_upload_edit_elsewhere_or_show_the_logo(nation, demo_db, path,
                                                                          search):
    if path == "village":
        path = f"/village/{village_of(demo_db, LIBO)}"
    charts = graphs(json.loads(page(nation, path, search)))
    assert charts, path
    for chart in charts:
        config = chart.get("config", {})
        assert all(config.get(key) is False for key in NEVER), (chart.get("id"), config)
        assert "sendChartToCloud" in config["modeBarButtonsToRemove"]
        assert config.get("plotlyServerURL", "") == ""


PAGES_WITH_CHARTS = ["/", "/map?tab=chart", f"/province/{GUIZHOU}", f"/county/{LIBO}",
                     "/monitoring"]


def test_no_toolbar_button_points_anywhere_but_the_server(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    for path in PAGES_WITH_CHARTS:
        dash_duo.wait_for_page(f"{dash_duo.server_url}{path}", timeout=30)
        dash_duo.wait_for_element(".js-plotly-plot .modebar", timeout=30)
        wait_until(lambda: dash_duo.driver.execute_script(
            "return document.querySelectorAll('.js-plotly-plot').length > 0 && "
            "Array.from(document.querySelectorAll('.js-plotly-plot'))"
            ".every(gd => gd._fullLayout !== undefined)"))
        bar = dash_duo.driver.execute_script("""
            const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));
            return {
                plots: plots.length,
                titles: plots.flatMap(gd => Array.from(gd.querySelectorAll('.modebar-btn'))
                    .map(b => b.getAttribute('data-title'))),
                links: plots.flatMap(gd => Array.from(gd.querySelectorAll('a[href]'))
                    .map(a => a.href)),
                logos: document.querySelectorAll('.modebar-btn--logo, .plotlyjsicon').length,
                cloud: plots.filter(gd => gd._context.showSendToCloud
                    || gd._context.displaylogo).length,
            };""")
        assert bar["plots"] > 0 and bar["titles"], path
        assert not any(word in title.lower() for title in bar["titles"]
                       for word in ("share", "cloud", "plotly", "studio", "edit")), bar["titles"]
        assert all(link.startswith(dash_duo.server_url) for link in bar["links"]), bar["links"]
        assert bar["logos"] == 0 and bar["cloud"] == 0, path
    assert dash_duo.get_logs() == []


def test_copy_link_copies_the_address_of_the_view(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    view = f"{dash_duo.server_url}/map?indicator=poverty_incidence&year=2016&province={GUIZHOU}"
    dash_duo.wait_for_page(view, timeout=30)
    dash_duo.driver.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": dash_duo.server_url,
        "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    dash_duo.wait_for_element(f"#{ids.MAP_GRAPH}", timeout=30)
    dash_duo.find_element(f"#{ids.COPY_LINK}").click()
    dash_duo.wait_for_text_to_equal(f"#{ids.COPY_LINK_STATUS}", "Link copied", timeout=20)
    copied = dash_duo.driver.execute_async_script(
        "const done = arguments[0]; navigator.clipboard.readText().then(done, () => done(null));")
    assert copied == dash_duo.driver.current_url
    assert "indicator=poverty_incidence" in copied and f"province={GUIZHOU}" in copied
    assert dash_duo.get_logs() == []


def test_without_a_clipboard_the_address_is_shown_to_copy(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/about?lang=zh", timeout=30)
    button = dash_duo.wait_for_element(f"#{ids.COPY_LINK}", timeout=30)
    # A plain-HTTP intranet: no clipboard API and no copy command.
    dash_duo.driver.execute_script("""
        Object.defineProperty(navigator, 'clipboard', {value: undefined});
        document.execCommand = () => false;""")
    button.click()
    wait_until(lambda: dash_duo.find_element(f"#{ids.COPY_LINK_STATUS}").text
               == dash_duo.driver.current_url)
    assert button.text == "复制链接"
