"""Server time per keystroke of the header's place search, on a built database.

    python bench/search.py [--db PATH] [--public PUBLIC.duckdb] [--names 150]

Drives the real Flask app in this process (create_app(...).server.test_client()) with
the callback request the browser sends for each keystroke: every prefix of what a user
types for Libo (荔波县, Libo, libo county, lìbō, lbx, 522722) and for `--names` other
places drawn with a fixed seed (Chinese name, English name, pinyin, initials and code).
Each request's time is measured around the whole POST (dispatch, search, components,
JSON). In the same run and loop: the same callback with an empty box (Dash's own cost of
a callback round trip, the floor under any keystroke) and the map's recolour callback
(the action interactions.py measures, target median 20 ms) as baselines; Enter (GET
/search, answered by a redirect); and the index built once per build and worker (the
first keystroke after a new build pays it). `--public` does the same on the public
edition, as a public site serves it (its callback rate limit raised: one client here
types for hundreds of users).
"""

import argparse
import os
import random
import time
from pathlib import Path

from common import BROWSER_HEADERS, CALLBACK_URL, NATIONAL_DB, MAP_RECOLOUR, ensure_database
from common import percentiles, verdict

TARGET_MS = 20
SUGGEST = "..place-suggestions.children...place-search-status.children.."
LIBO = ["荔波县", "Libo", "libo county", "lìbō", "lbx", "522722"]


def suggest_body(text: str) -> dict:
    return {"output": SUGGEST,
            "outputs": [{"id": "place-suggestions", "property": "children"},
                        {"id": "place-search-status", "property": "children"}],
            "inputs": [{"id": "place-search", "property": "value", "value": text}],
            "state": [{"id": "place-search-near", "property": "value", "value": ""},
                      {"id": "url", "property": "search", "value": ""}],
            "changedPropIds": ["place-search.value"]}


def recolour_body(year: int) -> dict:
    return {"output": MAP_RECOLOUR,
            "outputs": [{"id": "map-graph", "property": "figure"},
                        {"id": "map-drawn-year", "property": "data"}],
            "inputs": [{"id": "map-indicator", "property": "value", "value": "poverty_incidence"},
                       {"id": "map-year", "property": "value", "value": year}],
            "state": [{"id": "map-url", "property": "search", "value": ""}],
            "changedPropIds": ["map-year.value"]}


def typed_texts(index, names: int, seed: int = 1) -> list[str]:
    """What users type, whole: Libo's names and `names` other places' in one of five ways."""
    from dashboard.search import _keys

    rng = random.Random(seed)
    texts = list(LIBO)
    for place in rng.sample(index.places, names):
        way = rng.choice(("zh", "en", "pinyin", "initials", "code"))
        keys = _keys(place)
        texts.append({"zh": place.name_zh, "en": place.name_en.lower(),
                      "pinyin": max(keys.words, key=len), "initials": keys.initials[-1],
                      "code": place.adcode}[way])
    return texts


def keystrokes(texts: list[str]) -> list[str]:
    """Every prefix of every text: one callback per key pressed."""
    return [text[:n] for text in texts for n in range(1, len(text) + 1)]


def timed(call) -> float:
    started = time.perf_counter()
    response = call()
    elapsed = 1000 * (time.perf_counter() - started)
    if response.status_code not in (200, 204, 303):
        raise RuntimeError(f"HTTP {response.status_code}: {response.data[:200]!r}")
    return elapsed


def measure(db_path: Path, names: int, public: bool) -> None:
    from dashboard import search
    from dashboard.app import create_app

    if public:  # the limit still counts each request; one user here types for hundreds
        os.environ["POVERTY_CALLBACKS_PER_MINUTE"] = "1000000"
    app = create_app(db_path, public=public)
    client = app.server.test_client()
    database = app.server.config["DATABASE"]
    print(f"\n{database.build.get('edition', 'full')} edition, scale "
          f"{database.build.get('scale')}, build {database.build_id[:8]}")
    started = time.perf_counter()
    with app.server.test_request_context():
        index = search.index_for(database)
    index_ms = 1000 * (time.perf_counter() - started)
    post = lambda body: lambda: client.post(CALLBACK_URL, json=body, headers=BROWSER_HEADERS)
    client.post(CALLBACK_URL, json=recolour_body(2014), headers=BROWSER_HEADERS)  # classes made
    texts = typed_texts(index, names)
    keys = keystrokes(texts)
    rows = {"keystroke (suggestions)": [], "empty box (callback floor)": [],
            "map recolour (baseline)": [], "Enter (GET /search)": []}
    for n, key in enumerate(keys):  # interleaved, so the machine's noise falls on all alike
        rows["keystroke (suggestions)"].append(timed(post(suggest_body(key))))
        rows["empty box (callback floor)"].append(timed(post(suggest_body(""))))
        if n % 5 == 0:
            rows["map recolour (baseline)"].append(timed(post(recolour_body(2014 + n % 7))))
    for text in texts:
        rows["Enter (GET /search)"].append(timed(lambda: client.get("/search", query_string={
            "q": text})))
    print(f"{len(texts)} texts typed, {len(keys)} keystrokes; index of {len(index.places)} "
          f"places built in {index_ms:.0f} ms (once per build and worker)")
    print(f"{'server time, ms':30} {'n':>6} {'median':>8} {'p95':>8} {'p99':>8} {'max':>8}")
    stats = {label: percentiles(times) | {"max": max(times)} for label, times in rows.items()}
    for label, p in stats.items():
        print(f"{label:30} {p['n']:6d} {p['p50']:8.2f} {p['p95']:8.2f} {p['p99']:8.2f} "
              f"{p['max']:8.2f}")
    keystroke, floor = stats["keystroke (suggestions)"], stats["empty box (callback floor)"]
    recolour = stats["map recolour (baseline)"]
    print(f"keystroke / map recolour, median: {keystroke['p50'] / recolour['p50']:.2f}; "
          f"keystroke - empty box, median: {keystroke['p50'] - floor['p50']:.2f} ms "
          "(the search itself)")
    over = {label: sum(t > TARGET_MS for t in rows[label])
            for label in ("keystroke (suggestions)", "empty box (callback floor)")}
    print(f"over {TARGET_MS} ms: {over['keystroke (suggestions)']} keystrokes and "
          f"{over['empty box (callback floor)']} empty-box callbacks of {len(keys)} each (the "
          "machine's own pauses hit both alike)")
    print(f"each keystroke ≤ {TARGET_MS} ms: p99 {verdict(keystroke['p99'] <= TARGET_MS)}, "
          f"max {verdict(keystroke['max'] <= TARGET_MS)}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--public", type=Path, help="also measure this public edition")
    p.add_argument("--names", type=int, default=150)
    args = p.parse_args()
    measure(ensure_database(args.db), args.names, public=False)
    if args.public:
        measure(args.public, args.names, public=True)


if __name__ == "__main__":
    main()
