"""Helpers shared by the browser tests."""

import time
from urllib.parse import parse_qs, urlparse

from selenium.common.exceptions import StaleElementReferenceException


# How long a condition may take before a test fails: long, because a passing test waits
# only until it holds, and a machine running a build beside the suite can take this long.
PATIENCE = 60


def wait_until(condition, timeout: float = PATIENCE, state=None) -> None:
    """Poll `condition` until it holds; fail the test when it never does, saying what
    `state()` reads then.

    An element re-rendered between finding it and reading it counts as "not yet".
    """
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            if condition():
                return
        except StaleElementReferenceException:
            pass
        time.sleep(0.1)
    raise AssertionError("condition not met in time" + (f": {state()}" if state else ""))


def address(dash_duo) -> dict:
    """The browser's current path and query parameters."""
    url = urlparse(dash_duo.driver.current_url)
    return {"path": url.path, **{k: v[0] for k, v in parse_qs(url.query).items()}}


def graph_script(graph_id: str) -> str:
    """JavaScript binding `gd` to the Plotly graph of the dcc.Graph with this id."""
    return f"const gd = document.querySelector('#{graph_id} .js-plotly-plot');"


def figure(dash_duo, graph_id: str, expression: str):
    """The value of a JavaScript expression over that graph's `gd`."""
    return dash_duo.driver.execute_script(graph_script(graph_id) + f"return {expression};")


def wait_for_map(dash_duo, graph_id: str) -> None:
    """Until MapLibre has drawn the map with the counties in it.

    Its style can finish loading before the geometry arrives, so a loaded map is not enough;
    and before the style, the map has none to read (getStyle() is undefined): not yet drawn.
    """
    dash_duo.wait_for_element(f"#{graph_id} .js-plotly-plot .maplibregl-canvas",
                              timeout=PATIENCE)
    drawn = """(() => {
        const map = gd._fullLayout.map._subplot.map, style = map && map.getStyle();
        const sources = style ? Object.keys(style.sources) : [];
        return map.loaded() && sources.length > 0
            && map.querySourceFeatures(sources[0]).length > 0; })()"""
    # What a map that never settles is waiting for (seen once, under load, at 60 s).
    state = """(() => {
        const map = gd._fullLayout.map._subplot.map, style = map.getStyle();
        const gl = map.getCanvas().getContext('webgl2') || map.getCanvas().getContext('webgl');
        return {loaded: map.loaded(), styleLoaded: map.isStyleLoaded(),
                moving: map.isMoving(), contextLost: !gl || gl.isContextLost(),
                sources: Object.keys(style ? style.sources : {}).map(s => [s,
                    map.isSourceLoaded(s), map.querySourceFeatures(s).length]),
                zoom: map.getZoom(), center: map.getCenter(),
                layers: style ? style.layers.length : null,
                traces: gd.data.map(t => [t.type, typeof t.geojson,
                                          (t.locations || []).length])}; })()"""
    wait_until(lambda: figure(dash_duo, graph_id, drawn),
               state=lambda: (figure(dash_duo, graph_id, state), dash_duo.get_logs()))


def console_errors_but_the_pages_own_404(dash_duo, path: str) -> list:
    """The console's entries, less the one a page answered with status 404 logs for itself
    (an address naming no place is answered so, on purpose)."""
    own = f"{path} - Failed to load resource: the server responded with a status of 404"
    return [entry for entry in dash_duo.get_logs() if own not in entry["message"]]
