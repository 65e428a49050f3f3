"""One small deterministic demo database, built once per test run and shared by the suite."""

import fcntl
import os
import shutil
import socket
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
import redis
from dash.testing.application_runners import BaseDashRunner, ThreadedRunner
from dash.testing.composite import DashComposite
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.support.wait import WebDriverWait

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


def built_once(tmp_path_factory, name: str, build) -> tuple[Path, str]:
    """`build(path)` run once per test run, however many processes run the tests (pytest
    -n): the first to ask builds, under a lock, and the others wait for it and share what it
    built. Returns the path and what `build` returned, as text. Tests copy a shared build
    before changing it."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each worker has its own folder in the run's
        shared = shared.parent
    folder = shared / f"shared-{name}"
    folder.mkdir(exist_ok=True)
    path, done = folder / f"{name}.duckdb", folder / "built"
    with open(folder / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            done.write_text(str(build(path)))
    return path, done.read_text()


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory, cache_dir) -> Path:
    """A synthetic database at scale 0.001 (about 29,500 households), seed 7."""
    return built_once(tmp_path_factory, "demo", lambda path: build_synthetic(
        path, cache_dir, scale=TEST_SCALE, seed=TEST_SEED, progress=Progress(quiet=True)))[0]


@pytest.fixture(scope="session")
def clean_db(tmp_path_factory, cache_dir) -> Path:
    """The demo database's scale and seed built with no anomalies planted."""
    return built_once(tmp_path_factory, "clean", lambda path: build_synthetic(
        path, cache_dir, scale=TEST_SCALE, seed=TEST_SEED, progress=Progress(quiet=True),
        anomalies=False))[0]


@pytest.fixture(scope="session")
def next_build(tmp_path_factory, cache_dir) -> tuple[Path, str]:
    """Another build with other numbers (scale 0.0005, seed 3), built once: the tests of a
    new build swapped in under a running site copy it in with `swap_in`. Returns its path
    and build id."""
    return built_once(tmp_path_factory, "next", lambda path: build_synthetic(
        path, cache_dir, scale=0.0005, seed=3, progress=Progress(quiet=True)))


def swap_in(build: tuple[Path, str], target: Path) -> str:
    """Put a copy of a built database in place of `target` as `build` does: written beside
    it, then renamed over it. Returns the build id now at `target`."""
    source, build_id = build
    scratch = target.with_name(f".{target.name}.swapping")
    shutil.copy(source, scratch)
    scratch.replace(target)
    return build_id


def official_site(demo_db: Path, public_db: Path, folder: Path) -> Path:
    """A copy of the demo database with its public edition already published beside it (as
    `serve` leaves it), so an official site over it starts without publishing again."""
    from dashboard import settings

    site = folder / "site.duckdb"
    shutil.copy(demo_db, site)
    shutil.copy(public_db, settings.public_db_path(site))
    return site


@pytest.fixture(scope="session")
def public_db(demo_db) -> Path:
    """The public edition of the demo database: county level and up, counts under 10 withheld.

    Published where an official site over the demo database looks for it (beside it), so
    those sites, and the gunicorn workers of the load and fault runs, find it current and
    do not publish it again (an official site that came first has published it already)."""
    from dashboard import settings
    from warehouse.publish import ensure_published

    public = settings.public_db_path(demo_db)
    with open(public.with_name(f".{public.name}.test-lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # published by the first process of a run to ask
        return ensure_published(demo_db, public)


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


class SessionChrome(DashComposite):
    """dash_duo over one Chromium for the whole session, started once (a start and a quit
    cost over a second each) and reset between tests: a blank page, no cookies, the first
    window only at its first size with no phone's screen emulated, screen media, this
    test's download folder and no browser log left from before. Each test still starts its
    own server on a free port, so no page's storage or cache is another test's. A browser
    that stops answering is replaced."""

    kept = None  # (driver, window size)
    poll = 0.1  # seconds between checks of a condition waited on (dash.testing's: 0.5)

    def _wait_for(self, method, timeout, msg):
        """dash.testing's waits, checking the condition every `poll` seconds."""
        try:
            return WebDriverWait(self.driver, self.wait_timeout if timeout is None else timeout,
                                 poll_frequency=self.poll).until(method)
        except Exception as err:
            raise TimeoutException(str(msg(self.driver) if callable(msg) else msg)) from err

    def get_webdriver(self):
        if SessionChrome.kept is not None:
            driver, size = SessionChrome.kept
            try:
                self._reset(driver, size)
                return driver
            except Exception:  # whatever went wrong, a new browser is the cure
                SessionChrome.quit()
        driver = super().get_webdriver()
        SessionChrome.kept = driver, driver.get_window_size()
        self._reset(driver, SessionChrome.kept[1])
        return driver

    def _reset(self, driver, size) -> None:
        for handle in driver.window_handles[1:]:
            driver.switch_to.window(handle)
            driver.close()
        driver.switch_to.window(driver.window_handles[0])
        driver.get("about:blank")
        driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})  # a phone test's
        driver.execute_cdp_cmd("Page.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": self.download_path})
        driver.set_window_size(size["width"], size["height"])
        driver.get_log("browser")  # read, and so cleared

    def __exit__(self, exc_type, exc_val, traceback):
        try:  # leave the page before its server stops, so it asks nothing more of it
            self.driver.get("about:blank")
        except Exception:  # the next test starts a new browser
            SessionChrome.quit()
        # The server is stopped next by raising SystemExit in each of its threads: let the
        # answers under way finish first (a quitting browser used to give them the time).
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and any(
                thread.name.endswith("(process_request_thread)")
                for thread in threading.enumerate()):
            time.sleep(0.05)

    @staticmethod
    def quit() -> None:
        if SessionChrome.kept is not None:
            driver, SessionChrome.kept = SessionChrome.kept[0], None
            try:
                driver.quit()
            except Exception:  # already gone
                pass


@pytest.fixture
def dash_thread_server():
    """dash.testing's threaded server, on a free port: dash.testing counts ports up from 8050
    in each process, so processes running tests side by side (pytest -n) would share them."""
    BaseDashRunner._next_port = free_port()
    with ThreadedRunner() as runner:
        yield runner


@pytest.fixture
def dash_duo(request, dash_thread_server, tmpdir):
    """dash.testing's dash_duo, over the session's one Chromium (SessionChrome)."""
    with SessionChrome(
        server=dash_thread_server,
        browser=request.config.getoption("webdriver"),
        headless=request.config.getoption("headless"),
        options=request.config.hook.pytest_setup_options(),
        download_path=tmpdir.mkdir("download").strpath,
        percy_run=False,
    ) as duo:
        yield duo


def pytest_sessionfinish(session):
    SessionChrome.quit()


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
