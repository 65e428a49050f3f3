"""The `poverty-dashboard` command: build, ingest, publish, serve and users."""

import argparse
import getpass
import os
import sys
from pathlib import Path

from dashboard import settings
from warehouse.progress import Progress


def _positive_scale(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"scale must be a number in (0, 2], got {text!r}")
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
    accounts_help = "accounts file (default: $POVERTY_ACCOUNTS or data/accounts.sqlite)"

    build = sub.add_parser("build", help="build the synthetic demo database")
    build.add_argument("--scale", type=_positive_scale, default=settings.DEFAULT_SCALE,
                       help=f"share of the national registry to generate "
                            f"(1.0 = 29.48 million households; default {settings.DEFAULT_SCALE})")
    build.add_argument("--seed", type=int, default=settings.DEFAULT_SEED,
                       help=f"random seed: the same seed builds the same database "
                            f"(default {settings.DEFAULT_SEED})")
    build.add_argument("--db", type=Path, help=db_help)

    ingest = sub.add_parser("ingest", help="build the database from real exports "
                                           "(CSV, Excel or Parquet)")
    ingest.add_argument("source_dir", type=Path,
                        help="folder of table files, e.g. households.csv or counties.xlsx")
    ingest.add_argument("--db", type=Path, help=db_help)
    ingest.add_argument("--encoding", help="encoding of the text files, e.g. gbk (default: "
                                           "UTF-8 or GB18030, detected)")

    publish = sub.add_parser("publish", help="write the public edition: county level and up, "
                                             "small counts suppressed")
    publish.add_argument("--db", type=Path, help=db_help)
    publish.add_argument("--out", type=Path, required=True, help="the public database to write")
    publish.add_argument("--threshold", type=_threshold, default=10,
                         help="withhold counts of people or households below this (default 10)")
    publish.add_argument("--if-stale", action="store_true",
                         help="do nothing when OUT is already the public edition of the "
                              "database's current build")

    serve = sub.add_parser("serve", help="serve the dashboard (builds the demo first if needed)")
    serve.add_argument("--db", type=Path, help=db_help)
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    serve.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    site = serve.add_mutually_exclusive_group()
    site.add_argument("--public", action="store_true",
                      help="the read-only public site over a published edition (--db PUBLIC)")
    site.add_argument("--require-login", action="store_true",
                      help="an official site that shows nothing before sign-in")
    serve.add_argument("--accounts", type=Path, help=accounts_help)

    users = sub.add_parser("users", help="accounts of officials and analysts (a change of "
                                         "password, role or jurisdiction, and a removal, end "
                                         "the account's sessions)")
    users.add_argument("--accounts", type=Path, help=accounts_help)
    actions = users.add_subparsers(dest="action", required=True)
    add = actions.add_parser("add", help="create an account (the password is asked for)")
    add.add_argument("name")
    _role_arguments(add)
    _password_argument(add)
    actions.add_parser("list", help="every account with its role and jurisdiction")
    remove = actions.add_parser("remove", help="delete an account")
    remove.add_argument("name")
    set_role = actions.add_parser("set-role", help="change an account's role and jurisdiction")
    set_role.add_argument("name")
    _role_arguments(set_role)
    set_password = actions.add_parser("set-password", help="change an account's password "
                                                           "(the new one is asked for)")
    set_password.add_argument("name")
    _password_argument(set_password)
    return p


def _password_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--password-stdin", action="store_true",
                   help="read the password from the first line of standard input")


def _threshold(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"threshold must be a whole number, got {text!r}")
    if value < 1:
        raise argparse.ArgumentTypeError(f"threshold must be at least 1, got {text}")
    return value


def _role_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--role", required=True, choices=("official", "analyst"))
    p.add_argument("--jurisdiction", required=True,
                   help="'all'; for an official, one province or county adcode (520000 or "
                        "522722); for an analyst, province adcodes separated by commas")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    settings.data_dir()  # made private (0700) before anything is written there
    db = getattr(args, "db", None) or settings.db_path()
    if args.command in ("build", "ingest", "serve") and (problem := _unusable_location(db)):
        print(f"error: --db {db}: {problem}", file=sys.stderr)
        return 2
    if args.command == "build":
        return build(db, args.scale, args.seed)
    if args.command == "ingest":
        return ingest(args.source_dir, db, args.encoding)
    if args.command == "publish":
        return publish(db, args.out, args.threshold, args.if_stale)
    accounts = args.accounts or settings.accounts_path()
    if args.command == "users":
        return users(accounts, args)
    return serve(db, args.host, args.port, args.workers,
                 {"public": args.public, "require_login": args.require_login,
                  "accounts_path": None if args.public else accounts})


def _unusable_location(db: Path) -> str | None:
    """Why a database cannot be written at `db`, if it cannot: its folder is a file, or
    cannot be made or written."""
    folder = next((p for p in (db.parent, *db.parent.parents) if p.exists()), None)
    if folder is not None and not folder.is_dir():
        return f"{folder} is a file, not a folder"
    if db.is_dir():
        return "is a folder; give a file name such as poverty.duckdb"
    if folder is not None and not os.access(folder, os.W_OK):
        return f"{folder} cannot be written"
    return None


def build(db: Path, scale: float, seed: int) -> int:
    from warehouse.build import build_synthetic

    build_synthetic(db, settings.cache_dir(), scale=scale, seed=seed, progress=Progress())
    return 0


def ingest(source_dir: Path, db: Path, encoding: str | None = None) -> int:
    from warehouse.ingest import IngestError
    from warehouse.ingest import ingest as run_ingest

    if not source_dir.is_dir():
        print(f"error: {source_dir} is not a folder", file=sys.stderr)
        return 2
    try:
        result = run_ingest(source_dir, db, settings.cache_dir(), progress=Progress(),
                            encoding=encoding)
    except IngestError as e:
        for problem in e.problems:
            print(problem, file=sys.stderr)
        print(f"error: {len(e.problems)} problem(s) in {source_dir}; "
              f"{db} was left as it was", file=sys.stderr)
        return 1
    for warning in result.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    for line in result.summary:
        print(line, file=sys.stderr)
    return 0


def publish(db: Path, out: Path, threshold: int, if_stale: bool = False) -> int:
    from warehouse.publish import UnclassifiedColumn, is_current
    from warehouse.publish import publish as write_public_edition

    if not db.exists():
        print(f"error: {db} does not exist: build or ingest it first", file=sys.stderr)
        return 2
    if if_stale and is_current(db, out, threshold):
        print(f"{out} is already the public edition of {db}'s current build")
        return 0
    try:
        write_public_edition(db, out, threshold, progress=Progress())
    except UnclassifiedColumn as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    return 0


def users(accounts_path: Path, args) -> int:
    from dashboard.auth import AccountError, Accounts

    accounts = Accounts(accounts_path)
    try:
        if args.action in ("add", "set-role") and (unknown := _unknown_areas(args.jurisdiction)):
            raise AccountError(f"--jurisdiction: {', '.join(unknown)} is no province or county "
                               "on the map")
        if args.action == "add":
            accounts.add(args.name, _password(args.password_stdin), args.role, args.jurisdiction)
            print(f"added {args.name} ({args.role}, {args.jurisdiction})", file=sys.stderr)
        elif args.action == "set-role":
            if not accounts.set_role(args.name, args.role, args.jurisdiction):
                raise AccountError(f"no account named {args.name!r}")
        elif args.action == "set-password":
            if accounts.get(args.name) is None:
                raise AccountError(f"no account named {args.name!r}")
            accounts.set_password(args.name, _password(args.password_stdin))
        elif args.action == "remove":
            if not accounts.remove(args.name):
                raise AccountError(f"no account named {args.name!r}")
        else:
            for account in accounts.all():
                print(f"{account.name}\t{account.role}\t{account.jurisdiction}")
    except AccountError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    return 0


def _unknown_areas(jurisdiction: str) -> list[str]:
    """The codes of a jurisdiction that name no province or county: checked against the
    database when there is one, else against the boundaries."""
    codes = {c.strip() for c in jurisdiction.split(",")} - {"all", ""}
    if not codes:
        return []
    db = settings.db_path()
    if db.exists():
        import duckdb

        with duckdb.connect(str(db), read_only=True) as con:
            known = {a for (a,) in con.execute(
                "SELECT adcode FROM provinces UNION SELECT adcode FROM counties").fetchall()}
    else:
        from geodata.boundaries import load_boundaries

        known = set(load_boundaries(settings.cache_dir()).adcode)
    return sorted(codes - known)


def _password(from_stdin: bool) -> str:
    """The new password: one line of standard input, or typed twice without echo."""
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != password:
        from dashboard.auth import AccountError

        raise AccountError("the two passwords differ")
    return password


def serve(db: Path, host: str, port: int, workers: int, options: dict) -> int:
    from dashboard.server import run

    if options["public"]:
        from warehouse.publish import is_public_edition

        if not db.exists() or not is_public_edition(db):
            print(f"error: {db} is not a public edition: write one with "
                  "`poverty-dashboard publish --db FULL --out PUBLIC.duckdb`", file=sys.stderr)
            return 2
    else:
        if not db.exists():
            print(f"{db} does not exist yet: building the synthetic demo database "
                  f"(scale {settings.DEFAULT_SCALE})", file=sys.stderr)
            build(db, settings.DEFAULT_SCALE, settings.DEFAULT_SEED)
        _prepare_official_site(db, options["accounts_path"])
    print(f"serving http://{host}:{port} from {db}", file=sys.stderr)
    run(db, host, port, workers, options)
    return 0


def _prepare_official_site(db: Path, accounts_path: Path) -> None:
    """Publish the public view before the workers start, and say how to add the first account."""
    from dashboard.auth import Accounts
    from warehouse.publish import ensure_published

    ensure_published(db, settings.public_db_path(db))
    if not Accounts(accounts_path).all():
        print(f"no accounts yet in {accounts_path}: visitors get the public view. Create the "
              "first account with\n  poverty-dashboard users add NAME --role official "
              "--jurisdiction all", file=sys.stderr)
