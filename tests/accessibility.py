"""axe-core in the browser tests: every page checked for accessibility, offline."""

from pathlib import Path

from browser import address, wait_until
from chinese import page_english
from roles import GUIZHOU, LIBO, PASSWORD, village_of

from layouts import ids

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# What fails a page; "moderate" and "minor" findings are reported, not failed.
FAILING = ("critical", "serious")

# A Dash page is drawn once no callback is pending and every chart is drawn and named
# (assets/poverty.js names each when plotly.js has drawn it); the sign-in form, a page of
# the server's own, once loaded.
SETTLED = """const state = window.store && window.store.getState();
if (!document.querySelector('#react-entry-point')) { return document.readyState === 'complete'; }
return !!document.querySelector('#main') && !!state && !state.isLoading
    && ['requested', 'prioritized', 'executing', 'watched', 'blocked'].every(
        k => !(state.callbacks[k] || []).length)
    && !document.querySelector('[data-dash-is-loading="true"]')
    && Array.from(document.querySelectorAll('.dash-graph')).every(graph => {
        const chart = graph.querySelector('.js-plotly-plot');
        return chart && chart.getAttribute('role') === 'figure'
            && !graph.querySelector('.maplibregl-canvas[aria-label="Map"]'); });"""

RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), error => done(String(error)));"""


def settled(driver) -> None:
    wait_until(lambda: driver.execute_script(SETTLED), timeout=60)


def violations(driver) -> list[dict]:
    """axe-core's violations on the page in the browser: rule, impact, count, a few nodes."""
    if not driver.execute_script("return typeof axe !== 'undefined'"):
        driver.execute_script(AXE)
    driver.set_script_timeout(120)
    found = driver.execute_async_script(RUN)
    assert isinstance(found, list), found
    return found


def html_lang(driver) -> str:
    return driver.execute_script("return document.documentElement.lang")


HTML_LANG = {"": "en", "?lang=zh": "zh-CN"}


# The tabs a page opens on its own are checked with it; the others once, as a visitor.
OTHER_TABS = ["/map?tab=table&province=520000", "/map?tab=chart", "/monitoring?tab=counties",
              "/integrity?tab=ranking"]


def pages(demo_db) -> list[str]:
    return ["/", "/map", f"/province/{GUIZHOU}", f"/county/{LIBO}",
            f"/village/{village_of(demo_db, LIBO)}", "/monitoring", "/integrity", "/about",
            f"/county/{LIBO}/brief", "/search?q=lbx", "/signin", "/no-such-page"]


def with_lang(path: str, suffix: str) -> str:
    if not suffix:
        return path
    return path + ("&" if "?" in path else "?") + suffix[1:]


def check_every_page(dash_duo, paths: list[str], reader: str, found: dict,
                     english: dict) -> None:
    driver = dash_duo.driver
    for path in paths:
        for suffix, lang in HTML_LANG.items():
            url = with_lang(path, suffix)
            driver.get(dash_duo.server_url + url)
            settled(driver)
            assert html_lang(driver) == lang, (reader, url)
            found[(reader, url)] = violations(driver) + unnamed_charts(driver)
            left = page_english(driver) if suffix else set()
            if left:
                english[(reader, url)] = left


def unnamed_charts(driver) -> list[dict]:
    """Charts a screen reader cannot name, as a serious finding (axe-core does not look
    inside a chart's <div>)."""
    count = driver.execute_script(
        "return document.querySelectorAll('.js-plotly-plot:not([aria-label])').length")
    return [{"id": "chart-name", "impact": "serious", "help": "Charts must have a name",
             "count": count, "nodes": []}] if count else []


def sign_in(dash_duo, name: str) -> None:
    driver = dash_duo.driver
    driver.get(f"{dash_duo.server_url}/signin?next=/about")
    driver.find_element("id", "username").send_keys(name)
    driver.find_element("id", "password").send_keys(PASSWORD)
    driver.find_element("css selector", ".signin-form button").click()
    wait_until(lambda: address(dash_duo)["path"] == "/about")
    dash_duo.wait_for_element(f"#{ids.ACCOUNT_NAME}", timeout=30)


def report(found: dict) -> str:
    lines = []
    for (reader, url), items in found.items():
        for v in items:
            lines.append(f"{reader} {url}: {v['impact']} {v['id']} x{v['count']} "
                         f"({v['help']}) {v['nodes']}")
    return "\n".join(lines)


def failing(found: dict) -> dict:
    return {key: [v for v in items if v["impact"] in FAILING]
            for key, items in found.items() if any(v["impact"] in FAILING for v in items)}


def assert_accessible(found: dict, english: dict) -> None:
    """Every finding printed; the test fails on a critical or serious one, or on English left
    on a Chinese page."""
    print(report(found))
    assert failing(found) == {}, report(failing(found))
    assert english == {}, english
