"""axe-core in the browser tests: every page checked for accessibility, offline."""

from pathlib import Path

from browser import wait_until

AXE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# What fails a page; "moderate" and "minor" findings are reported, not failed.
FAILING = ("critical", "serious")

SETTLED = """return !!document.querySelector('#main') && !!window.store
    && !window.store.getState().isLoading
    && ['requested', 'prioritized', 'executing', 'watched', 'blocked'].every(
        k => !(window.store.getState().callbacks[k] || []).length)
    && !document.querySelector('[data-dash-is-loading="true"]');"""
FLASK_PAGE = "return document.readyState === 'complete' && !!document.querySelector('#main');"

RUN = """const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(result => done(result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help, count: v.nodes.length,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))), error => done(String(error)));"""


def settled(driver) -> None:
    """Until the page is drawn: a Dash page once no callback is pending, a server page
    (the sign-in form) once loaded."""
    wait_until(lambda: driver.execute_script(
        "return !!document.querySelector('#react-entry-point')")
        and driver.execute_script(SETTLED) or driver.execute_script(
        "return !document.querySelector('#react-entry-point')") and driver.execute_script(
        FLASK_PAGE), timeout=60)


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
