"""Server time and bytes per user action on the map, province and county pages.

    python bench/interactions.py [--db PATH] [--actions 600]

Drives the real Flask app in this process with the callback requests the browser
sends (see common.py), once with the query cache and once without, and prints
the median and 95th percentile of each page's actions beside the targets, and
the compressed bytes a map recolour sends.
"""

import argparse
import time
from pathlib import Path

from common import (BROWSER_HEADERS, CALLBACK_URL, MAP_RECOLOUR, NATIONAL_DB, ensure_database,
                    page_action, percentiles, verdict, workload)

TARGET_P50_MS, TARGET_P95_MS, TARGET_RECOLOUR_BYTES = 20, 50, 50_000


def make_app(db_path: Path, cached: bool):
    from dashboard.app import create_app

    app = create_app(db_path)
    if not cached:
        app.server.config["DATABASE"].cache = None
    return app


def run_action(client, action) -> dict:
    """Post every request of one action; its server time, bytes on the wire and the patch's."""
    total_ms, total_bytes, patch_bytes = 0.0, 0, 0
    for output, body in action.requests:
        start = time.perf_counter()
        response = client.post(CALLBACK_URL, json=body, headers=BROWSER_HEADERS)
        total_ms += (time.perf_counter() - start) * 1000
        if response.status_code not in (200, 204):  # 204: every output is no_update
            raise RuntimeError(f"{output}: HTTP {response.status_code} {response.data[:200]!r}")
        total_bytes += len(response.data)
        if output == MAP_RECOLOUR:
            patch_bytes = len(response.data)
    return {"page": action.page, "kind": action.kind, "tab": action.params.get("tab"),
            "ms": total_ms, "bytes": total_bytes, "patch_bytes": patch_bytes}


def measure(db_path: Path, n_actions: int, cached: bool) -> list[dict]:
    """One record per action of the workload, after opening the map once (geometry loaded)."""
    app = make_app(db_path, cached)
    client = app.server.test_client()
    run_action(client, page_action(app.callback_map, "/map", "map"))
    return [run_action(client, a) for a in workload(app.callback_map, db_path, n_actions)]


def summary(records: list[dict]) -> dict:
    """Per page: action time percentiles."""
    return {page: percentiles([r["ms"] for r in records if r["page"] == page])
            for page in ("map", "province", "county")}


def print_report(label: str, records: list[dict]) -> None:
    print(f"\n{label}: server time per action, ms (target median ≤ {TARGET_P50_MS}, "
          f"p95 ≤ {TARGET_P95_MS})")
    print(f"{'page':10s} {'actions':>8s} {'median':>8s} {'p95':>8s} {'p99':>8s}  verdict")
    for page, p in summary(records).items():
        ok = p["p50"] <= TARGET_P50_MS and p["p95"] <= TARGET_P95_MS
        print(f"{page:10s} {p['n']:8d} {p['p50']:8.1f} {p['p95']:8.1f} {p['p99']:8.1f}  "
              f"{verdict(ok)}")


def print_bytes(records: list[dict]) -> None:
    changes = [r for r in records if r["page"] == "map" and r["kind"] in ("indicator", "year")]
    on_map = [r for r in changes if r["tab"] == "map"]
    patch = max(r["patch_bytes"] for r in on_map)
    action = max(r["bytes"] for r in on_map)
    print(f"\nbytes sent when the map changes indicator or year (compressed, largest of "
          f"{len(on_map)}): figure patch {patch:,} B; whole action (every callback it sends) "
          f"{action:,} B; target ≤ {TARGET_RECOLOUR_BYTES:,} B: "
          f"{verdict(action <= TARGET_RECOLOUR_BYTES)}")
    on_table = [r["bytes"] for r in changes if r["tab"] == "table"]
    if on_table:
        print(f"the same change with the table tab open refills the table: largest "
              f"{max(on_table):,} B")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--actions", type=int, default=600)
    args = p.parse_args()
    db = ensure_database(args.db)
    cached = measure(db, args.actions, cached=True)
    print_report("with the query cache (in-process)", cached)
    print_report("without a cache", measure(db, args.actions, cached=False))
    print_bytes(cached)


if __name__ == "__main__":
    main()
