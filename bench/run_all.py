"""Every benchmark of the national-scale issue, one after another, on one database.

    python bench/run_all.py [--db PATH]

Builds the scale-1.0 database first when it does not exist (calibration.py
measures the build itself: run it separately, it rebuilds). Each script prints
its figures beside their targets; docs/benchmarks.md records a run.
"""

import argparse
import subprocess
import sys
from pathlib import Path

from common import CHECKOUT, NATIONAL_DB, ensure_database

SCRIPTS = (
    ["interactions.py", "--actions", "600"],
    ["pandas_baseline.py", "--actions", "90"],
    ["page_load.py", "--runs", "3"],
    ["load.py", "--workers", "2", "--clients", "50", "--seconds", "60"],
)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    args = p.parse_args()
    db = ensure_database(args.db)
    failed = 0
    for script, *options in SCRIPTS:
        print(f"\n=== {script} {' '.join(options)}", flush=True)
        command = [sys.executable, str(CHECKOUT / "bench" / script), "--db", str(db), *options]
        failed += subprocess.run(command, cwd=CHECKOUT).returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
