"""One small deterministic demo database, built once per session and shared by the suite."""

import socket
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
import redis
from selenium import webdriver

from warehouse.build import build_synthetic
from warehouse.progress import Progress

CHECKOUT = Path(__file__).resolve().parents[1]
# The simplified boundaries are cached in the checkout's data folder (gitignored),
# so they are built once per machine, not once per test run.
BOUNDARY_CACHE = CHECKOUT / "data" / "cache"
# The published list of poverty counties as shipped: tests take their expectations from it.
PUBLISHED_LIST = CHECKOUT / "warehouse" / "reference" / "poverty_counties_832.csv"
TEST_SCALE = 0.001
TEST_SEED = 7


def serving(db, build_id: str, timeout: float = 120) -> None:
    """Wait until the database serves the build: a swapped-in build is opened and warmed in
    the background, and each call of build_id notices it."""
    deadline = time.monotonic() + timeout
    while db.build_id != build_id:
        assert time.monotonic() < deadline, f"{db.path} never served build {build_id}"
        time.sleep(0.05)


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


@pytest.fixture(scope="session")
def risk_county(demo_db) -> str:
    """The Guizhou county with the most households under post-exit monitoring (those at risk
    by the default rules), the lowest code on a tie: where early-warning tests look."""
    with duckdb.connect(str(demo_db), read_only=True) as con:
        return con.execute(
            """SELECT county_adcode FROM households
               WHERE monitoring_status = 'monitored' AND county_adcode LIKE '52%'
               GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""").fetchall()[0][0]


@pytest.fixture(scope="session")
def risk_county_shown(demo_db, public_db, risk_county) -> dict:
    """How that county's households at risk and exited households read on an official site
    and on the public one (the public edition's value, or its withheld mark), and its name."""
    counts = """SELECT at_risk_households, exited_households, c.name_en, {withheld}
                FROM county_risk r JOIN counties c USING (adcode) WHERE adcode = ?"""
    with duckdb.connect(str(demo_db), read_only=True) as con:
        [(at_risk, exited, name, _)] = con.execute(
            counts.format(withheld="NULL"), [risk_county]).fetchall()
    with duckdb.connect(str(public_db), read_only=True) as con:
        [(public_at_risk, public_exited, _, withheld)] = con.execute(
            counts.format(withheld="coalesce(r.suppressed.columns, [])"),
            [risk_county]).fetchall()

    def public(column, value):
        return "< 10 or withheld" if column in withheld else f"{value:,}"

    return {"name": name, "official": (f"{at_risk:,}", f"{exited:,}"),
            "public": (public("at_risk_households", public_at_risk),
                       public("exited_households", public_exited))}


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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def redis_url():
    """A real redis-server on a free loopback port, with nothing written to disk."""
    port = free_port()
    server = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                               "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    deadline = time.time() + 10
    while True:
        try:
            client.ping()
            break
        except redis.ConnectionError:
            if time.time() > deadline:
                server.kill()
                raise
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(timeout=10)


@pytest.fixture
def dead_redis_url() -> str:
    """The address of a Redis that is not there: nothing listens on the port."""
    return f"redis://127.0.0.1:{free_port()}/0"


@pytest.fixture
def silent_redis():
    """A Redis that has stopped answering: it accepts connections and never replies.
    Yields its address and the connections made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(64)
    connections = []

    def accept():
        while True:
            try:
                connections.append(server.accept()[0])
            except OSError:  # closed at teardown
                return

    threading.Thread(target=accept, daemon=True).start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0", connections
    server.close()
    for connection in connections:
        connection.close()
