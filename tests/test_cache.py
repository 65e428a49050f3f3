"""The query cache: hits and misses, a new build never served stale, Redis shared and distrusted."""

import fcntl
import json
import pickle
import re
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
import redis
from conftest import official_site, serving, swap_in

import queries
from dashboard import cache, geo
from dashboard.app import create_app
from dashboard.db import Database
from queries.results import Answer


@pytest.fixture
def counting():
    """A compute function that counts its calls."""
    calls = []

    def compute_with(frame):
        def compute():
            calls.append(1)
            return Answer(frame=frame)
        return compute

    compute_with.calls = calls
    return compute_with


def test_a_hit_does_not_compute_and_returns_the_same_frame(database, counting):
    frame = database.run("county_values", year=2018).frame
    query_cache = cache.QueryCache(cache.LocalCache())
    first = query_cache("b1", "county_values", {"year": 2018}, counting(frame)).frame
    second = query_cache("b1", "county_values", {"year": 2018}, counting(frame)).frame
    assert len(counting.calls) == 1
    assert first.equals(frame) and second.equals(frame)
    assert second is not first  # a fresh frame each time: callers may change theirs
    query_cache("b1", "county_values", {"year": 2019}, counting(frame))
    query_cache("b2", "county_values", {"year": 2018}, counting(frame))
    assert len(counting.calls) == 3  # other parameters, other build: misses


def test_arrow_round_trips_every_query_answer_unchanged(database):
    village = database.run("county_villages", adcode="522722").frame.village_id.iloc[0]
    sample = {"adcode": "522722", "year": 2018, "province": "520000", "village_id": int(village)}
    answered = 0
    for name, query in queries.indicators().items():
        if set(query.params) <= set(sample):  # the threshold-driven checks have their own tests
            frame = database.run(name, **{k: sample[k] for k in query.params}).frame
            pd.testing.assert_frame_equal(Answer.of_ipc(Answer(frame=frame).ipc()).frame, frame)
            answered += 1
    assert answered >= 25


def test_the_app_caches_in_process_by_default(demo_db, monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    db = create_app(demo_db).server.config["DATABASE"]
    assert isinstance(db.cache.backend, cache.LocalCache)
    db.run("provinces")
    key = cache.cache_key(db.build_id, "provinces", {})
    assert db.cache.backend.get(key).startswith(b"\xff\xff\xff\xff")  # Arrow IPC, not pickle


def test_a_new_build_swapped_in_is_answered_with_its_numbers(demo_db, next_build, tmp_path,
                                                            monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    live = tmp_path / "live.duckdb"
    shutil.copy(demo_db, live)
    app = create_app(live)
    client = app.server.test_client()
    db = app.server.config["DATABASE"]
    before = db.run("national_trend").frame  # cached under the old build

    new_build = swap_in(next_build, live)
    fresh = Database(live)  # no cache: the truth of the new file
    serving(db, new_build)
    # Warmed before requests switched: the recent query is already answered for the new build.
    assert db.cache.backend.get(cache.cache_key(new_build, "national_trend", {})) is not None
    after = db.run("national_trend").frame
    assert after.equals(fresh.run("national_trend").frame)
    assert not after.equals(before)
    page = client.post("/_dash-update-component", json={
        "output": "root.children", "outputs": {"id": "root", "property": "children"},
        "inputs": [{"id": "url", "property": "pathname", "value": "/"}],
        "state": [{"id": "url", "property": "search", "value": ""}],
        "changedPropIds": ["url.pathname"]})
    assert fresh.build_id[:8] in page.get_data(as_text=True)


@pytest.fixture
def live(demo_db, tmp_path):
    """A copy of the demo database, served and then replaced by rename as `build` does."""
    path = tmp_path / "live.duckdb"
    shutil.copy(demo_db, path)
    return path


def test_no_request_waits_while_a_new_build_is_warmed(live, next_build):
    db = Database(live, cache=cache.QueryCache(cache.LocalCache()))
    old_build, before = db.build_id, db.run("national_trend").frame
    warming, finish = threading.Event(), threading.Event()
    db.warmers.append(lambda db, build: (warming.set(), finish.wait(timeout=120)))
    new_build = swap_in(next_build, live)

    assert db.run("national_trend").frame.equals(before)  # noticed, and answered from the old build
    assert warming.wait(timeout=120)
    for _ in range(3):  # the new build is being warmed: requests go on with the old one
        assert db.run("national_trend").frame.equals(before) and db.build_id == old_build
    finish.set()
    serving(db, new_build)
    assert db.run("national_trend").frame.equals(Database(live).run("national_trend").frame)


def test_a_statement_begun_on_the_old_build_finishes_after_the_swap(live, next_build):
    db = Database(live)
    old = db.current
    cursor = old.cursor()  # a request that has begun reading the old build
    new_build = swap_in(next_build, live)
    serving(db, new_build)
    counties = cursor.execute("SELECT count(*) FROM counties").fetchone()[0]
    assert counties == 2875 and old.build_id != new_build


def test_a_file_that_cannot_be_opened_leaves_the_build_served(live, tmp_path):
    db = Database(live)
    served = db.build_id
    broken = tmp_path / "broken.duckdb"
    broken.write_bytes(b"not a database at all")
    broken.replace(live)
    for _ in range(20):
        assert not db.run("provinces").frame.empty and db.build_id == served


def test_every_build_of_the_same_boundaries_shares_one_map_geometry(demo_db, public_db):
    full, public = Database(demo_db), Database(public_db)
    assert full.build_id != public.build_id
    assert geo.for_database(full) is geo.for_database(public)


def test_workers_starting_together_publish_the_public_view_once(demo_db, tmp_path):
    site = tmp_path / "site.duckdb"
    shutil.copy(demo_db, site)
    with ThreadPoolExecutor(2) as pool:
        apps = list(pool.map(lambda _: create_app(site, accounts_path=tmp_path / "a.sqlite",
                                                  secret_key="k" * 32), range(2)))
    editions = {app.server.config["PUBLIC_DATABASE"].build_id for app in apps}
    assert len(editions) == 1  # the second waited for the first, then found it current


def test_a_worker_starting_while_another_publishes_serves_the_edition_in_place(
        demo_db, public_db, tmp_path, monkeypatch):
    site = official_site(demo_db, public_db, tmp_path)
    options = {"accounts_path": tmp_path / "a.sqlite", "secret_key": "k" * 32}
    edition = create_app(site, **options).server.config["PUBLIC_DATABASE"]
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "3")  # the edition is stale
    pool = ThreadPoolExecutor(1)
    with open(edition.path.with_suffix(".publishing"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker is publishing it
        started = pool.submit(create_app, site, **options)
        try:
            app = started.result(timeout=120)  # it did not wait for the lock
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    pool.shutdown()
    assert app.server.config["PUBLIC_DATABASE"].build_id == edition.build_id


def test_workers_share_results_through_redis(demo_db, redis_url, monkeypatch, counting):
    monkeypatch.setenv("REDIS_URL", redis_url)
    one, other = (Database(demo_db, cache=cache.from_environment()) for _ in range(2))
    assert isinstance(one.cache.backend, cache.ArrowRedisCache)
    expected = one.run("province_trend", province="520000").frame
    compute = counting(None)
    shared = other.cache(other.build_id, "province_trend", {"province": "520000"}, compute)
    assert shared.frame.equals(expected) and counting.calls == []
    keys = redis.Redis.from_url(redis_url).keys(f"{cache.KEY_PREFIX}{one.build_id}:*")
    assert keys and 0 < redis.Redis.from_url(redis_url).ttl(keys[0]) <= cache.REDIS_TIMEOUT


def test_a_workers_recent_answers_do_not_wait_on_redis(database, redis_url, monkeypatch,
                                                       counting):
    monkeypatch.setenv("REDIS_URL", redis_url)
    frame = database.run("provinces").frame
    query_cache, reads = cache.from_environment(), []
    backend_get = query_cache.backend.get
    monkeypatch.setattr(query_cache.backend, "get",
                        lambda key: reads.append(key) or backend_get(key))
    for _ in range(3):
        assert query_cache("b-near", "provinces", {}, counting(frame)).frame.equals(frame)
    assert len(counting.calls) == 1 and len(reads) == 1  # the first asked Redis, then computed
    other_worker = cache.from_environment()  # its own, empty, local answers
    assert other_worker("b-near", "provinces", {}, counting(None)).frame.equals(frame)  # from Redis
    assert len(counting.calls) == 1


def test_nothing_read_from_redis_is_unpickled(database, redis_url, tmp_path, monkeypatch):
    frame = database.run("provinces").frame
    monkeypatch.setenv("REDIS_URL", redis_url)
    marker = tmp_path / "pwned"
    planted = pickle.dumps(Exploit(str(marker)))
    client = redis.Redis.from_url(redis_url)
    key = cache.cache_key("b-evil", "provinces", {})
    # What cachelib's own serializer would write and unpickle: '!' and a pickle.
    client.set(cache.KEY_PREFIX + key, b"!" + planted)
    answer = cache.from_environment()("b-evil", "provinces", {}, lambda: Answer(frame=frame))
    assert answer.frame.equals(frame)  # recomputed, never unpickled
    assert not marker.exists()
    assert client.get(cache.KEY_PREFIX + key).startswith(b"\xff\xff\xff\xff")  # overwritten


def test_a_redis_outage_still_answers_and_computes_each_answer_once(database, monkeypatch,
                                                                   counting, dead_redis_url):
    monkeypatch.setenv("REDIS_URL", dead_redis_url)
    frame = database.run("provinces").frame
    query_cache = cache.from_environment()
    for _ in range(3):
        assert query_cache("b1", "provinces", {}, counting(frame)).frame.equals(frame)
    assert len(counting.calls) == 1  # then kept in the process while Redis is away


def test_a_redis_that_stops_answering_costs_one_timeout_per_pause(database, monkeypatch,
                                                                  counting, silent_redis):
    url, connections = silent_redis
    monkeypatch.setenv("REDIS_URL", url)
    frame = database.run("provinces").frame
    query_cache = cache.from_environment()
    for _ in range(5):
        assert query_cache("b1", "provinces", {}, counting(frame)).frame.equals(frame)
    assert len(counting.calls) == 1
    assert len(connections) == 1  # the first read timed out; the rest skipped Redis


def test_a_redis_call_waits_a_tenth_of_a_second_at_most_and_is_not_retried(monkeypatch,
                                                                          silent_redis):
    url, connections = silent_redis
    monkeypatch.setenv("REDIS_URL", url)
    shared = cache.shared_redis()
    options = shared.client.connection_pool.connection_kwargs
    assert options["socket_timeout"] == options["socket_connect_timeout"] == cache.REDIS_WAIT
    assert cache.REDIS_WAIT <= 0.1
    with pytest.raises(redis.TimeoutError):
        shared.client.get("anything")
    assert len(connections) == 1  # tried once, not again on another connection
    assert cache.shared_redis() is shared  # one client, and one breaker, per process


class Exploit:
    """A pickle that creates a file when loaded."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def test_only_bytes_are_stored():
    with pytest.raises(TypeError):
        cache.BytesOnly().dumps({"not": "bytes"})


# --- HTTP caching: content-hashed URLs, immutable, 304 on revalidation ---

def test_geometry_is_immutable_brotli_and_revalidates_to_304(demo_db):
    app = create_app(demo_db)
    client = app.server.test_client()
    geometry = geo.for_database(app.server.config["DATABASE"])
    url = geometry.url("county")
    first = client.get(url, headers={"Accept-Encoding": "gzip, br"})
    assert first.status_code == 200 and first.headers["Content-Encoding"] == "br"
    assert "immutable" in first.headers["Cache-Control"]
    again = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    features = json.loads(plain.data)["features"]
    assert len(features) == 2875 and "Content-Encoding" not in plain.headers
    assert client.get(url.replace(geometry.files["county"].digest, "0" * 16)).status_code == 404


def test_the_national_view_draws_lighter_geometry_than_a_province(demo_db):
    app = create_app(demo_db)
    files = geo.for_database(app.server.config["DATABASE"]).files
    assert len(files["county"].br) < len(files["county_detail"].br) / 2


def test_scripts_carry_fingerprints_and_plotly_is_the_small_bundle(demo_db):
    client = create_app(demo_db).server.test_client()
    page = client.get("/map").get_data(as_text=True)
    scripts = re.findall(r'<script src="([^"]+)"', page)
    [renderer] = [s for s in scripts if re.search(r"dash_renderer\.v[0-9_]+m\d+\.min\.js", s)]
    # A fingerprinted URL changes with the file, so Dash lets browsers keep it a year.
    assert "max-age=31536000" in client.get(renderer).headers["Cache-Control"]
    [bundle] = [s for s in scripts if s.startswith("/vendor/plotly-")]
    response = client.get(bundle, headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and "immutable" in response.headers["Cache-Control"]
    assert len(response.data) < 800_000  # the full plotly.min.js is 1.1 MB even as Brotli
    assert not any("plotly.min.js" in s for s in scripts)
