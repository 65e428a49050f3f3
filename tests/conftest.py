"""One small deterministic demo database, built once per session and shared by the suite."""

from pathlib import Path

import pytest

from warehouse.build import build_synthetic
from warehouse.progress import Progress

CHECKOUT = Path(__file__).resolve().parents[1]
# The simplified boundaries are cached in the checkout's data folder (gitignored),
# so they are built once per machine, not once per test run.
BOUNDARY_CACHE = CHECKOUT / "data" / "cache"
TEST_SCALE = 0.001
TEST_SEED = 7


@pytest.fixture(scope="session")
def cache_dir() -> Path:
    return BOUNDARY_CACHE


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, cache_dir) -> Path:
    """A synthetic database at scale 0.001 (about 29,500 households), seed 7."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_synthetic(path, cache_dir, scale=TEST_SCALE, seed=TEST_SEED, progress=Progress(quiet=True))
    return path


@pytest.fixture(scope="session")
def database(demo_db):
    from dashboard.db import Database

    return Database(demo_db)
