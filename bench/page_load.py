"""First load of the map page in headless Chromium: bytes transferred and time until drawn.

    python bench/page_load.py [--db PATH] [--runs 3]

Serves the app with gunicorn on loopback (bench/load.py's servers), opens the
map once per worker so each has its geometry loaded, then opens /map in a fresh
headless Chromium per run, with the internet cut off as in the browser tests,
and reads the browser's own performance entries: the compressed bytes of
everything the page loaded (HTML, scripts, layout, callbacks, geometry) and the
time from navigation until MapLibre reports the map loaded with every county in
it. A second visit in the same browser shows what its cache saves.
"""

import argparse
import http.client
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver

from common import CALLBACK_URL, CHECKOUT, NATIONAL_DB, ensure_database, page_action, verdict
from load import gunicorn, redis_server

sys.path.insert(0, str(CHECKOUT / "tests"))
from conftest import pytest_setup_options  # noqa: E402  the browser tests' network cut-off

TARGET_BYTES, TARGET_DRAW_S = 1.5e6, 3.0
# Drawn: MapLibre reports the map loaded and the county source holds every county.
MAP_DRAWN = """const gd = document.querySelector('#map-graph .js-plotly-plot');
    const map = gd && gd._fullLayout && gd._fullLayout.map && gd._fullLayout.map._subplot.map;
    if (!map || !map.loaded()) return false;
    const sources = Object.keys(map.getStyle().sources);
    const drawn = sources.length > 0 && map.querySourceFeatures(sources[0]).length >= 2875;
    return drawn && performance.now();"""
ENTRIES = """return [performance.getEntriesByType('navigation')[0],
                   ...performance.getEntriesByType('resource')]
    .map(e => [e.name, e.transferSize, e.encodedBodySize, e.decodedBodySize]);"""


def browser() -> webdriver.Chrome:
    options = pytest_setup_options()
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--window-size=1280,900"):
        options.add_argument(flag)
    return webdriver.Chrome(options=options)


def wait_for(driver, script: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := driver.execute_script(script):
            return result
        time.sleep(0.05)
    raise TimeoutError("the map did not load")


def settled_entries(driver) -> list:
    """The performance entries once no new request has started for a second."""
    entries, since = driver.execute_script(ENTRIES), time.monotonic()
    while time.monotonic() - since < 1:
        time.sleep(0.2)
        now = driver.execute_script(ENTRIES)
        if len(now) != len(entries):
            entries, since = now, time.monotonic()
    return entries


def warm(db: Path, port: int, requests: int = 8) -> None:
    """Open /map on the server a few times, over new connections so every worker loads its
    geometry (about 3 s once per worker and build): the runs then time a warm server."""
    from dashboard.app import create_app

    _output, body = page_action(create_app(db).callback_map, "/map", "map").requests[0]
    for _ in range(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", CALLBACK_URL, json.dumps(body),
                           {"Content-Type": "application/json"})
        connection.getresponse().read()
        connection.close()


def visit(driver, url: str) -> tuple[float, list]:
    """Seconds from navigation until the map is loaded, and every entry's sizes."""
    driver.get(url)
    drawn_ms = wait_for(driver, MAP_DRAWN)
    return drawn_ms / 1000, settled_entries(driver)


def print_entries(entries: list, top: int = 8) -> None:
    print(f"  {'transferred':>12s} {'decoded':>12s}  resource")
    for name, transferred, _encoded, decoded in sorted(entries, key=lambda e: -e[1])[:top]:
        print(f"  {transferred:12,d} {decoded:12,d}  {name.split('/', 3)[-1][:90]}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--runs", type=int, default=3)
    args = p.parse_args()
    db = ensure_database(args.db)
    with tempfile.TemporaryDirectory() as scratch, redis_server() as redis_url:
        with gunicorn(db, 2, redis_url, Path(scratch) / "access.log") as (port, _master):
            warm(db, port)
            url = f"http://localhost:{port}/map"  # the resolver rules let only localhost through
            draws, first_bytes = [], []
            for run in range(args.runs):
                driver = browser()
                try:
                    seconds, entries = visit(driver, url)
                    draws.append(seconds)
                    first_bytes.append(sum(e[1] for e in entries))
                    if run == args.runs - 1:
                        print(f"first load of /map: {len(entries)} requests, largest:")
                        print_entries(entries)
                        _, again = visit(driver, url)
                        print(f"second visit, same browser: {sum(e[1] for e in again):,} B "
                              f"transferred (cached scripts and geometry are not fetched again)")
                finally:
                    driver.quit()
    total = statistics.median(first_bytes)
    print(f"first load bytes (compressed, as transferred; median of {args.runs}): {total:,.0f} B "
          f"(target ≤ {TARGET_BYTES:,.0f}): {verdict(total <= TARGET_BYTES)}")
    draw = statistics.median(draws)
    print(f"all counties drawn after navigation: median {draw:.2f} s, runs "
          f"{', '.join(f'{d:.2f}' for d in draws)} (target ≤ {TARGET_DRAW_S:g} s): "
          f"{verdict(draw <= TARGET_DRAW_S)}")


if __name__ == "__main__":
    main()
