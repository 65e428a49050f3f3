"""axe-core in the browser tests: every page checked for accessibility, offline."""

from pathlib import Path

from browser import wait_until

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
