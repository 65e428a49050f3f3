"""Server time of the integrity and monitoring queries on a built database.

    python bench/integrity.py --db /work/bench-data/national.duckdb [--runs 30]
        [--public PUBLIC.duckdb]

Each query runs through the query door (read-only, bound parameters, no cache)
with the default thresholds, as the /integrity and /monitoring pages call it;
the map's recolour query runs in the same loop as the baseline to compare with.
/monitoring reads the early-warning rollups (monitoring_thresholds, then
monitoring_counties_stored and monitoring_areas_stored) while the thresholds in
force are theirs, and monitoring_counties only after a threshold was changed
without a rebuild; `--public` times the same reads on a public edition. A
build made before those rollups existed holds none of them: its rows say so.
"""

import argparse
import statistics
import time
from pathlib import Path

from dashboard.db import Database, NotHeld
from queries import thresholds

COUNTY = "522722"  # Libo County, Guizhou


def cases() -> dict:
    integrity, monitoring = thresholds.integrity(), thresholds.monitoring()
    return {
        "map recolour (county_values, baseline)": ("county_values", {"year": 2018}),
        "integrity_counties, all China": ("integrity_counties", {"area": "all", **integrity}),
        "integrity_counties, Guizhou": ("integrity_counties", {"area": "520000", **integrity}),
        "integrity_audit_years": ("integrity_audit_years", {}),
        "monitoring_thresholds": ("monitoring_thresholds", {}),
        "monitoring_counties_stored (page)": ("monitoring_counties_stored", {}),
        "monitoring_areas_stored (page)": ("monitoring_areas_stored", {}),
        "monitoring_counties (changed thresholds)": ("monitoring_counties", monitoring),
        "monitoring_villages, Libo": ("monitoring_villages", {"adcode": COUNTY, **monitoring}),
        "monitoring_visit_list, Libo": ("monitoring_visit_list", {"adcode": COUNTY, **monitoring}),
    }


PUBLIC_CASES = ("map recolour (county_values, baseline)", "monitoring_thresholds",
                "monitoring_counties_stored (page)", "monitoring_areas_stored (page)")


def measure(db: Database, labels, runs: int) -> None:
    print(f"{db.build.get('edition', 'full')} edition, {db.build.get('scale')} scale, "
          f"build {db.build_id[:8]}, {runs} runs each")
    print(f"{'query':45} {'rows':>6} {'median ms':>10} {'p95 ms':>8}")
    every = cases()
    for label in labels:
        name, params = every[label]
        times = []
        try:
            for _ in range(runs):
                started = time.perf_counter()
                rows = len(db.run(name, **params))
                times.append(1000 * (time.perf_counter() - started))
        except NotHeld:  # a build from before the early-warning rollups: rebuild to time them
            print(f"{label:45} not held by this build")
            continue
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{label:45} {rows:6d} {statistics.median(times):10.1f} {p95:8.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--public", type=Path, help="a public edition of --db to time as well")
    args = parser.parse_args()
    measure(Database(args.db), cases(), args.runs)
    if args.public:
        print()
        measure(Database(args.public), PUBLIC_CASES, args.runs)


if __name__ == "__main__":
    main()
