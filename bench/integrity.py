"""Server time of the integrity and monitoring queries on a built database.

    python bench/integrity.py --db /work/bench-data/national.duckdb [--runs 30]

Each query runs through the query door (read-only, bound parameters, no cache)
with the default thresholds, as the /integrity and /monitoring pages call it;
the map's recolour query runs in the same loop as the baseline to compare with.
"""

import argparse
import statistics
import time
from pathlib import Path

from dashboard import thresholds
from dashboard.db import Database

COUNTY = "522722"  # Libo County, Guizhou


def cases() -> dict:
    integrity, monitoring = thresholds.integrity(), thresholds.monitoring()
    return {
        "map recolour (county_values, baseline)": ("county_values", {"year": 2018}),
        "integrity_counties, all China": ("integrity_counties", {"province": "all", **integrity}),
        "integrity_counties, Guizhou": ("integrity_counties", {"province": "520000", **integrity}),
        "integrity_audit_years": ("integrity_audit_years", {}),
        "monitoring_counties": ("monitoring_counties", monitoring),
        "monitoring_villages, Libo": ("monitoring_villages", {"adcode": COUNTY, **monitoring}),
        "monitoring_visit_list, Libo": ("monitoring_visit_list", {"adcode": COUNTY, **monitoring}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    db = Database(args.db)
    print(f"{db.build.get('scale')} scale, build {db.build_id[:8]}, {args.runs} runs each")
    print(f"{'query':45} {'rows':>6} {'median ms':>10} {'p95 ms':>8}")
    for label, (name, params) in cases().items():
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            rows = len(db.run(name, **params))
            times.append(1000 * (time.perf_counter() - started))
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{label:45} {rows:6d} {statistics.median(times):10.1f} {p95:8.1f}")


if __name__ == "__main__":
    main()
