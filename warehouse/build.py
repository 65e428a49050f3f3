"""Builds a database file: boundaries, then the synthetic or ingested tables, then rollups
and the stored per-county answers.

Every build writes a new file beside the target and renames it over the
target only when complete, so readers never see a half-written database
and a failed build leaves the previous file byte for byte as it was.
"""

import csv
import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import shapely

from geodata.boundaries import load_boundaries
from queries import run_rollups
from warehouse import schema
from warehouse.answers import store_answers
from warehouse.progress import Progress

PUBLISHED_FIGURES = Path(__file__).with_name("reference") / "published_figures.csv"
EAST_WEST_PAIRINGS = Path(__file__).with_name("reference") / "east_west_pairings.csv"


# A full database holds household files: readable by its owner only (docs/security.md).
DATABASE_MODE = 0o600


@contextmanager
def new_database(target: Path, create=schema.create_all):
    """Yield a connection to a fresh file; on success swap it in for `target` atomically.

    `create` makes the tables first (every table of the model; publish makes its own).
    The file is written in a folder of its own that only this user can enter, so no one
    else can open it while it is written, and it is renamed into place with DATABASE_MODE.
    """
    target = Path(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".building",
                                   dir=target.parent))
    scratch = folder / target.name
    con = duckdb.connect(str(scratch))
    con.execute("SET enable_progress_bar = false")  # our own progress lines say enough
    try:
        create(con)
        yield con
        con.execute("CHECKPOINT")
        con.close()
        with open(scratch, "rb") as f:
            os.fsync(f.fileno())
        os.chmod(scratch, DATABASE_MODE)
        os.replace(scratch, target)
    except BaseException:
        con.close()
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def load_geography(con, cache_dir: Path, progress: Progress) -> None:
    """Fill provinces, counties (programme columns left empty) and boundaries."""
    with progress.step("boundaries"):
        units = load_boundaries(cache_dir, progress=progress)
        provinces = units[units.level == "province"]
        counties = units[units.level == "county"]
        con.register("province_units", provinces[["adcode", "name_zh", "name_en"]])
        con.execute("INSERT INTO provinces SELECT adcode, name_zh, name_en FROM province_units")
        con.register(
            "county_units",
            counties[["adcode", "name_zh", "name_en", "prefecture_zh", "province_adcode"]],
        )
        con.execute(
            """INSERT INTO counties (adcode, name_zh, name_en, prefecture_zh, province_adcode,
                                     in_programme, is_poverty_county, poverty_list_entries)
               SELECT adcode, name_zh, name_en, prefecture_zh, province_adcode, false, false, 0
               FROM county_units"""
        )
        shapes = units[["level", "adcode"]].copy()
        shapes["geojson"] = shapely.to_geojson(units.geometry.values, indent=None)
        con.register("shapes", shapes)
        con.execute("INSERT INTO boundaries SELECT level, adcode, geojson FROM shapes")
        for name in ("province_units", "county_units", "shapes"):
            con.unregister(name)
        progress.say(f"{len(counties)} county units, {len(provinces)} provinces")


def load_reference_figures(con) -> None:
    with open(PUBLISHED_FIGURES, encoding="utf-8") as f:
        rows = [
            (r["figure"], int(r["year"]), float(r["value"]), r["unit"], r["source"])
            for r in csv.DictReader(f)
        ]
    con.executemany("INSERT INTO reference_figures VALUES (?, ?, ?, ?, ?)", rows)
    _load_east_west_pairings(con)


def _load_east_west_pairings(con) -> None:
    """The published pairs, their provinces crossed onto the boundary package's codes (the
    provinces must be loaded)."""
    codes = dict(con.execute("SELECT name_zh, adcode FROM provinces").fetchall())
    with open(EAST_WEST_PAIRINGS, encoding="utf-8") as f:
        rows = [(r["helper_zh"], r["helper_level"], codes[r["helper_province_zh"]],
                 r["helped_prefecture_zh"] or r["helped_province_zh"],
                 "prefecture" if r["helped_prefecture_zh"] else "province",
                 codes[r["helped_province_zh"]], r["confidence"], r["source"], r["source_zh"])
                for r in csv.DictReader(f)]
    con.executemany("INSERT INTO east_west_pairings VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def write_build_info(con, **facts) -> str:
    build_id = uuid.uuid4().hex
    facts = {"build_id": build_id, "built_at": datetime.now(timezone.utc).isoformat(), **facts}
    con.executemany(
        "INSERT INTO build_info VALUES (?, ?)", [(k, str(v)) for k, v in facts.items()]
    )
    return build_id


def build_synthetic(db_path: Path, cache_dir: Path, scale: float, seed: int,
                    progress: Progress | None = None, anomalies: bool = True) -> str:
    """Build the synthetic demo database at `db_path`; returns the build id.

    `anomalies=False` plants nothing for the integrity checks to find (a clean database).
    """
    from warehouse.synthetic import generate

    progress = progress or Progress()
    with new_database(db_path) as con:
        load_geography(con, cache_dir, progress)
        load_reference_figures(con)
        with progress.step(f"synthetic data (scale {scale}, seed {seed})"):
            generate(con, scale=scale, seed=seed, progress=progress, anomalies=anomalies)
        # Written before the rollups: national_year scales the survey figures by it.
        build_id = write_build_info(con, source="synthetic", synthetic="true",
                                    scale=scale, seed=seed, anomalies=str(anomalies).lower())
        with progress.step("rollups"):
            run_rollups(con)
        with progress.step("per-county answers"):
            store_answers(con)
    progress.say(f"database ready: {db_path}")
    return build_id
