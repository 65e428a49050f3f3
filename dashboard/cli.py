"""The `poverty-dashboard` command: build, ingest, serve."""

import argparse
import sys
from pathlib import Path

from dashboard import settings
from warehouse.progress import Progress


def _positive_scale(text: str) -> float:
    value = float(text)
    if not 0 < value <= 2:
        raise argparse.ArgumentTypeError(f"scale must be in (0, 2], got {text}")
    return value


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="poverty-dashboard",
        description="Dashboard of China's 2013-2020 targeted poverty-alleviation campaign.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    db_help = "database file (default: $POVERTY_DB or data/poverty.duckdb)"

    build = sub.add_parser("build", help="build the synthetic demo database")
    build.add_argument("--scale", type=_positive_scale, default=settings.DEFAULT_SCALE,
                       help=f"share of the national registry to generate "
                            f"(1.0 = 29.48 million households; default {settings.DEFAULT_SCALE})")
    build.add_argument("--seed", type=int, default=settings.DEFAULT_SEED)
    build.add_argument("--db", type=Path, help=db_help)

    ingest = sub.add_parser("ingest", help="build the database from real exports (CSV/Parquet)")
    ingest.add_argument("source_dir", type=Path, help="folder of table files, e.g. households.csv")
    ingest.add_argument("--db", type=Path, help=db_help)

    serve = sub.add_parser("serve", help="serve the dashboard (builds the demo first if needed)")
    serve.add_argument("--db", type=Path, help=db_help)
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8050)
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    db = args.db or settings.db_path()
    if args.command == "build":
        return build(db, args.scale, args.seed)
    if args.command == "ingest":
        return ingest(args.source_dir, db)
    return serve(db, args.host, args.port, args.workers)


def build(db: Path, scale: float, seed: int) -> int:
    from warehouse.build import build_synthetic

    build_synthetic(db, settings.cache_dir(), scale=scale, seed=seed, progress=Progress())
    return 0


def ingest(source_dir: Path, db: Path) -> int:
    from warehouse.ingest import IngestError, ingest as run_ingest

    if not source_dir.is_dir():
        print(f"error: {source_dir} is not a folder", file=sys.stderr)
        return 2
    try:
        _, warnings = run_ingest(source_dir, db, settings.cache_dir(), progress=Progress())
    except IngestError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"error: {len(e.problems)} problem(s) in {source_dir}; "
              f"{db} was left as it was", file=sys.stderr)
        return 1
    for warning in warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def serve(db: Path, host: str, port: int, workers: int) -> int:
    from dashboard.server import run

    if not db.exists():
        print(f"{db} does not exist yet: building the synthetic demo database "
              f"(scale {settings.DEFAULT_SCALE})", file=sys.stderr)
        build(db, settings.DEFAULT_SCALE, settings.DEFAULT_SEED)
    print(f"serving http://{host}:{port} from {db}", file=sys.stderr)
    run(db, host, port, workers)
    return 0
