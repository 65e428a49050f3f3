"""One small deterministic demo database, built once per session and shared by the suite."""

from pathlib import Path

import pytest
from selenium import webdriver

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
def public_db(tmp_path_factory, demo_db) -> Path:
    """The public edition of the demo database: county level and up, counts under 10 withheld."""
    from warehouse.publish import publish

    path = tmp_path_factory.mktemp("public") / "public.duckdb"
    publish(demo_db, path, progress=Progress(quiet=True))
    return path


@pytest.fixture(scope="session")
def database(demo_db):
    from dashboard.db import Database

    return Database(demo_db)


def pytest_setup_options():
    """Browser tests run with the internet cut off: only the test server on loopback answers."""
    options = webdriver.ChromeOptions()
    # Every host name but localhost fails to resolve, and any other address goes to a dead
    # proxy (Chrome never proxies loopback), so a fetch from a CDN would fail the page.
    options.add_argument("--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost")
    options.add_argument("--proxy-server=http://127.0.0.1:9")
    for flag in ("--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"):
        options.add_argument(flag)
    return options
