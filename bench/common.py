"""What the benchmarks share: the database, real callback payloads, the workload, statistics.

A user action (pick an indicator, move the year, choose a province, open a county)
is the list of callback requests the browser sends for it; its server time is the
sum of theirs.
"""

import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

CHECKOUT = Path(__file__).resolve().parents[1]
NATIONAL_DB = Path("/work/bench-data/national.duckdb")
# What a browser announces: every response is measured as it would travel.
BROWSER_HEADERS = {"Accept-Encoding": "gzip, deflate, br", "Content-Type": "application/json"}
CALLBACK_URL = "/_dash-update-component"

MAP_SYNC = ("..map-url.search...map-indicator.value...map-year.value...map-province.value"
            "...map-tabs.value...map-compare.value..")
MAP_LINK = "..province-map-link.href...province-map-link.style.."
MAP_RECOLOUR = "..map-graph.figure...map-drawn-year.data.."
MAP_TABLE = "..map-table.data...map-table.columns.."
MAP_TREND = "map-trend.figure"
PROVINCE_SYNC = ("..province-url.search...province-indicator.value...province-year.value"
                 "...province-compare.value..")
PROVINCE_COUNTY_TRENDS = "province-county-trends.figure"
PROVINCE_TABLE = "..province-table.data...province-table.columns...province-table-note.children.."
PROVINCE_COMPARISON = "province-comparison.figure"
ROUTER = "root.children"


@dataclass(frozen=True)
class Action:
    page: str  # map | province | county
    kind: str  # what the user did
    requests: tuple  # (output key, body) per callback the browser sends
    params: dict  # what the user asked for: indicator, year, province or adcode


def ensure_database(path: Path, scale: float = 1.0, seed: int = 7) -> Path:
    """The database at `path`, built first when it does not exist."""
    if not path.exists():
        print(f"building {path} at scale {scale} (a few minutes)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "dashboard", "build", "--scale", str(scale),
                        "--seed", str(seed), "--db", str(path)], check=True, cwd=CHECKOUT)
    return path


def callback_body(callback_map: dict, output: str, values: dict, changed: list[str]) -> dict:
    """The JSON body Dash's renderer posts for one callback; `values` maps 'id.prop' to value."""
    spec = callback_map[output]

    def deps(items):
        return [{"id": d["id"], "property": d["property"],
                 "value": values.get(f"{d['id']}.{d['property']}")} for d in items]

    if output.startswith(".."):
        outputs = [{"id": part.rsplit(".", 1)[0], "property": part.rsplit(".", 1)[1]}
                   for part in output.strip(".").split("...")]
    else:
        target, prop = output.split("@")[0].rsplit(".", 1)
        outputs = {"id": target, "property": prop}
    return {"output": output, "outputs": outputs, "inputs": deps(spec["inputs"]),
            "state": deps(spec["state"]), "changedPropIds": changed}


def programme_provinces(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute("""SELECT DISTINCT province_adcode FROM counties WHERE in_programme
                              ORDER BY 1""").fetchall()
    return [r[0] for r in rows]


def poverty_counties(db_path: Path) -> list[str]:
    with duckdb.connect(str(db_path), read_only=True) as con:
        rows = con.execute(
            "SELECT adcode FROM counties WHERE is_poverty_county ORDER BY 1").fetchall()
    return [r[0] for r in rows]


def _map_search(state: dict) -> str:
    from dashboard.pages.map import STATE

    return STATE.search(state, "en")


def map_action(callback_map: dict, before: dict, after: dict, kind: str) -> Action:
    """The callbacks a map change sends: those whose inputs changed, then the address's."""
    values = {"map-indicator.value": after["indicator"], "map-year.value": after["year"],
              "map-province.value": after["province"], "map-tabs.value": after["tab"],
              "map-url.search": _map_search(before), "map-url.pathname": "/map"}
    outputs = [MAP_SYNC, MAP_TABLE]  # the table's callback answers only while it shows
    if kind in ("indicator", "year"):
        outputs.append(MAP_RECOLOUR)
    if kind == "province":
        outputs.append(next(k for k in callback_map if k.startswith("map-graph.figure@")))
    if kind != "year":
        outputs.append(MAP_TREND)
    changed = [f"map-{kind}s.value" if kind == "tab" else f"map-{kind}.value"]
    requests = [(o, callback_body(callback_map, o, values, changed)) for o in outputs]
    # The address changes, so the browser sends the address sync and the link callbacks too.
    moved = {**values, "map-url.search": _map_search(after)}
    requests += [(o, callback_body(callback_map, o, moved, ["map-url.search"]))
                 for o in (MAP_SYNC, MAP_LINK)]
    return Action("map", kind, tuple(requests), after)


def province_action(callback_map: dict, adcode: str, indicator: str, year: int,
                    kind: str) -> Action:
    """Re-ranking a province's counties after an indicator or year change."""
    from dashboard.pages.province import STATE

    values = {"province-indicator.value": indicator, "province-year.value": year,
              "province-url.pathname": f"/province/{adcode}",
              "province-url.search": STATE.search({"indicator": indicator, "year": year}, "en")}
    changed = f"province-{kind}.value"
    outputs = [PROVINCE_SYNC, PROVINCE_TABLE, PROVINCE_COMPARISON]
    if kind == "indicator":  # the counties-over-time chart follows the indicator
        outputs.append(PROVINCE_COUNTY_TRENDS)
    requests = [(o, callback_body(callback_map, o, values, [changed])) for o in outputs]
    requests.append((PROVINCE_SYNC, callback_body(callback_map, PROVINCE_SYNC, values,
                                                  ["province-url.search"])))
    return Action("province", kind, tuple(requests),
                  {"province": adcode, "indicator": indicator, "year": year})


def page_action(callback_map: dict, pathname: str, page: str) -> Action:
    """Opening a page: the router renders its layout."""
    values = {"url.pathname": pathname, "url.search": ""}
    body = callback_body(callback_map, ROUTER, values, ["url.pathname"])
    return Action(page, "open", ((ROUTER, body),), {"adcode": pathname.rsplit("/", 1)[-1]})


def workload(callback_map: dict, db_path: Path, n: int, seed: int = 1) -> list[Action]:
    """n user actions, a third per page, drawn with a fixed seed so every run is the same."""
    from indicators import REGISTRY_YEARS
    from layouts.indicators import offered
    from layouts.map_page import NATION, TABS

    rng = random.Random(seed)
    keys = [i.key for i in offered()]
    provinces = programme_provinces(db_path)
    counties = poverty_counties(db_path)
    state = {"indicator": keys[0], "year": 2017, "province": NATION, "tab": "map"}
    actions = []
    for i in range(n):
        if i % 3 == 0:
            # Mostly the map itself; now and then another tab (the table refills on opening).
            kind = rng.choice(("indicator", "year", "province") * 3 + ("tab",))
            new = {"indicator": rng.choice(keys), "year": rng.choice(REGISTRY_YEARS),
                   "province": rng.choice([NATION, *provinces]), "tab": rng.choice(TABS)}
            after = {**state, kind: new[kind]}
            actions.append(map_action(callback_map, state, after, kind))
            state = after
        elif i % 3 == 1:
            actions.append(province_action(callback_map, rng.choice(provinces),
                                           rng.choice(keys), rng.choice(REGISTRY_YEARS),
                                           rng.choice(("indicator", "year"))))
        else:
            actions.append(page_action(callback_map, f"/county/{rng.choice(counties)}", "county"))
    return actions


def percentiles(values_ms) -> dict:
    """Median, 95th and 99th percentile of a list of milliseconds."""
    a = np.asarray(values_ms, dtype=float)
    if a.size == 0:
        return {"n": 0, "p50": float("nan"), "p95": float("nan"), "p99": float("nan")}
    return {"n": int(a.size), "p50": float(np.percentile(a, 50)),
            "p95": float(np.percentile(a, 95)), "p99": float(np.percentile(a, 99))}


def verdict(ok: bool) -> str:
    return "meets" if ok else "MISSES"
