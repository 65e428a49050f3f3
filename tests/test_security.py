"""Attacks on the official site: crafted callback POSTs as each role, hostile values in every
input of every callback, headers, limits; and the access rule of every query."""

import json
import time

import pytest
import redis
from flask import g
from roles import (
    GUIZHOU,
    LIBO,
    PASSWORD,
    SECRET,
    ZHAOJUE,
    callback,
    make_accounts,
    page,
    sign_in,
    village_of,
)

import queries
from dashboard import access, cache
from dashboard.app import create_app
from dashboard.db import AccessDenied
from dashboard.security import SharedWindow, SlidingWindow
from layouts import ids
from queries import QueryFileError, parse

READERS = ("public", "guizhou", "libo", "nation")  # public: not signed in
HOSTILE = ["'; DROP TABLE households; --", f"{LIBO}' OR '1'='1", "../../etc/passwd",
           "<script>alert(1)</script>", 10**40, -1, 3.5, True, None, [LIBO, ZHAOJUE],
           {"adcode": ZHAOJUE, "village_id": {"$gt": 0}}, list(range(20_000)), "9" * 50_000]


@pytest.fixture(scope="module")
def site(demo_db, public_db, tmp_path_factory):
    accounts = make_accounts(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    return create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)


@pytest.fixture(scope="module")
def villages(demo_db):
    return {LIBO: village_of(demo_db, LIBO), ZHAOJUE: village_of(demo_db, ZHAOJUE)}


def client_as(site, reader: str):
    client = site.server.test_client()
    if reader != "public":
        assert sign_in(client, reader).status_code == 303
    return client


@pytest.fixture(scope="module")
def clients(site):
    return {reader: client_as(site, reader) for reader in READERS}


# ---------------------------------------------------------------- every query says who runs it

@pytest.mark.parametrize("query", queries.indicators().values(), ids=lambda q: q.name)
def test_every_query_declares_who_may_run_it(query):
    assert query.access in queries.ACCESS_LEVELS


def test_household_and_village_queries_are_not_public():
    levels = {name: q.access for name, q in queries.indicators().items()}
    assert {levels[n] for n in ("village_households", "village_household_incomes",
                                "village_cadres", "monitoring_visit_list")} == {"official"}
    assert {levels[n] for n in ("county_villages", "village_profile",
                                "village_work_teams")} == {"analyst"}
    for name, query in queries.indicators().items():
        # Nothing public reads a table below county level, but the guard's own lookup of a
        # village's county, which it runs only for analysts and officials.
        if query.access == "public" and name != "village_county":
            assert not any(f"from {t}" in query.sql or f"join {t}" in query.sql
                           for t in ("households", "villages", "work_teams", "cadres")), name


def test_a_query_file_without_an_access_line_is_refused(tmp_path):
    path = tmp_path / "bad.sql"
    path.write_text("-- name: bad\n-- definition: a test query that is long enough to pass\n"
                    "-- definition_zh: 测试查询\n-- units: people\n-- params: none\nselect 1\n",
                    encoding="utf-8")
    with pytest.raises(QueryFileError, match="access"):
        parse(path)
    path.write_text(path.read_text(encoding="utf-8").replace(
        "-- params", "-- access: everyone\n-- params"), encoding="utf-8")
    with pytest.raises(QueryFileError, match="access"):
        parse(path)


# ---------------------------------------------------------------- the guard itself

USERS = {"public": access.PUBLIC,
         "guizhou": access.User("guizhou", "analyst", frozenset({GUIZHOU})),
         "libo": access.User("libo", "official", frozenset({LIBO})),
         "nation": access.User("nation", "official", None)}


@pytest.mark.parametrize("reader, query, params, allowed", [
    ("public", "county_trend", {"adcode": ZHAOJUE}, True),
    ("public", "county_villages", {"adcode": LIBO}, False),
    ("guizhou", "county_villages", {"adcode": LIBO}, True),
    ("guizhou", "county_villages", {"adcode": ZHAOJUE}, False),
    ("guizhou", "village_households", {"adcode": LIBO, "village_id": "libo"}, False),
    ("libo", "village_households", {"adcode": LIBO, "village_id": "libo"}, True),
    ("libo", "village_households", {"adcode": LIBO, "village_id": "zhaojue"}, False),
    ("libo", "village_households", {"adcode": ZHAOJUE, "village_id": "zhaojue"}, False),
    ("libo", "village_profile", {"village_id": 10**12}, False),  # no such village: refused
    ("libo", "village_profile", {"village_id": "1393"}, False),  # not a whole number
    ("libo", "county_villages", {"adcode": [LIBO]}, False),
    ("nation", "village_households", {"adcode": ZHAOJUE, "village_id": "zhaojue"}, True),
    ("nation", "village_profile", {"village_id": 10**12}, True),  # allowed, and empty
])
def test_the_guard_places_every_request_in_a_jurisdiction(site, villages, reader, query, params,
                                                          allowed):
    params = {k: villages[LIBO] if v == "libo" else villages[ZHAOJUE] if v == "zhaojue" else v
              for k, v in params.items()}
    database = site.server.config["DATABASE"]
    with site.server.test_request_context():
        g.user = USERS[reader]
        if allowed:
            database.run(query, **params)
        else:
            with pytest.raises(AccessDenied):
                database.run(query, **params)


def test_outside_a_request_the_guard_fails_closed(site, villages):
    with pytest.raises(AccessDenied):
        site.server.config["DATABASE"].run("village_profile", village_id=villages[LIBO])


# ---------------------------------------------------------------- pages, as each reader

@pytest.mark.parametrize("reader, county, sees", [
    ("public", LIBO, "not permitted"), ("public", ZHAOJUE, "not permitted"),
    ("guizhou", LIBO, "teams"), ("guizhou", ZHAOJUE, "not permitted"),
    ("libo", LIBO, "files"), ("libo", ZHAOJUE, "not permitted"),
    ("nation", LIBO, "files"), ("nation", ZHAOJUE, "files"),
])
def test_the_village_page_as_each_reader(clients, villages, reader, county, sees):
    text = page(clients[reader], f"/village/{villages[county]}")
    assert ("Not permitted" in text) == (sees == "not permitted")
    assert ('"data-code": "H-001"' in text) == (sees == "files")
    assert ("Cadres' terms and household files are for officials" in text) == (sees == "teams")


@pytest.mark.parametrize("reader, county, lists", [
    ("public", LIBO, False), ("guizhou", LIBO, True), ("guizhou", ZHAOJUE, False),
    ("libo", LIBO, True), ("libo", ZHAOJUE, False), ("nation", ZHAOJUE, True),
])
def test_the_county_page_links_villages_only_inside_the_jurisdiction(clients, villages, reader,
                                                                      county, lists):
    text = page(clients[reader], f"/county/{county}")
    assert "Libo County" in text or "Zhaojue County" in text  # the county aggregates are public
    assert (f"/village/{villages[county]}" in text) == lists
    assert ("Village lists are for officials and analysts" in text) != lists


def test_a_visitor_gets_the_public_edition_and_a_signed_in_reader_the_full_one(clients):
    public, official = page(clients["public"], f"/county/{LIBO}"), page(clients["libo"],
                                                                        f"/county/{LIBO}")
    assert "< 10 or withheld" in public and ids.PUBLIC_NOTE in public
    assert "< 10 or withheld" not in official and ids.PUBLIC_NOTE not in official


# ---------------------------------------------------------------- crafted callback POSTs

def download(site, client, what: str, key):
    """The village page's CSV buttons and the county page's, posted by hand."""
    if what == "villages":
        return callback(client, f"{ids.COUNTY_DOWNLOAD}.data",
                        [(ids.COUNTY_VILLAGES_CSV, "n_clicks", 1)], [(ids.COUNTY_KEY, "data", key)])
    button = ids.VILLAGE_HOUSEHOLDS_CSV if what == "households" else ids.VILLAGE_TEAMS_CSV
    # The teams button shares the download with allow_duplicate: its output key has "@".
    output = next(k for k in site.callback_map if k.startswith(f"{ids.VILLAGE_DOWNLOAD}.data")
                  and (what == "households") == ("@" not in k))
    return callback(client, output, [(button, "n_clicks", 1)], [(ids.VILLAGE_KEY, "data", key)])


# (what, county) -> the readers who get it; everyone else gets 403 and nothing else
GRANTED = {("households", LIBO): {"libo", "nation"}, ("households", ZHAOJUE): {"nation"},
           ("teams", LIBO): {"libo", "guizhou", "nation"}, ("teams", ZHAOJUE): {"nation"},
           ("villages", LIBO): {"libo", "guizhou", "nation"}, ("villages", ZHAOJUE): {"nation"}}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("what, county", list(GRANTED))
def test_downloads_as_each_reader(site, clients, villages, reader, what, county):
    key = {"adcode": county} if what == "villages" else {"village_id": villages[county]}
    response = download(site, clients[reader], what, {**key, "lang": "en"})
    if reader in GRANTED[what, county]:
        assert response.status_code == 200
        assert f"{'county' if what == 'villages' else 'village'} " in response.get_data(True)
    else:
        assert response.status_code == 403
        assert response.get_data(True) == "Not permitted. 无权访问。\n"


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("what", ["households", "teams", "villages"])
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_hostile_download_keys_get_nothing(site, clients, reader, what, value):
    for key in (value, {"village_id": value, "adcode": value, "lang": value}):
        response = download(site, clients[reader], what, key)
        assert "Traceback" not in response.get_data(True)
        if reader == "nation":  # may read anything: a key that happens to be valid is fine
            assert response.status_code != 500
        else:
            assert response.status_code in (204, 400, 403, 413) or empty(response)


def empty(response) -> bool:
    """A callback that chose not to update anything: 200 with no output (Dash's no_update)."""
    return response.status_code == 200 and response.get_json() == {"multi": True, "response": {}}


def crafted(site, key: str, value) -> dict:
    """A POST for the registered callback `key` with `value` in every input and state."""
    spec = site.callback_map[key]
    outputs = [{"id": part.split(".")[0], "property": part.split(".", 1)[1]}
               for part in key.strip(".").split("...")]
    return {"output": key, "outputs": outputs if key.startswith("..") else outputs[0],
            "inputs": [{**i, "value": value} for i in spec["inputs"]],
            "state": [{**s, "value": value} for s in spec["state"]],
            "changedPropIds": [f"{i['id']}.{i['property']}" for i in spec["inputs"]]}


@pytest.mark.parametrize("reader", ["public", "libo"])
@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v)[:20])
def test_hostile_values_in_every_input_of_every_callback(site, clients, reader, value):
    answered = 0
    for key in site.callback_map:
        response = clients[reader].post("/_dash-update-component",
                                        data=json.dumps(crafted(site, key, value)),
                                        content_type="application/json")
        text = response.get_data(True)
        assert response.status_code in (200, 204, 400, 403, 413), (key, response.status_code)
        assert "Traceback" not in text and '"data-code": "H-' not in text, key
        answered += response.status_code == 200
    assert answered > 0  # the payloads reach the callbacks, not only the door


def test_crafted_payloads_have_the_browsers_shape(site, clients):
    """One output, several outputs, a duplicate output: each reaches its callback."""
    keys = ["root.children", next(k for k in site.callback_map if k.startswith("..map-url.")),
            next(k for k in site.callback_map if k.startswith(f"{ids.MAP_GRAPH}.figure@"))]
    for key in keys:
        response = clients["nation"].post("/_dash-update-component", json=crafted(site, key, None))
        assert response.status_code == 200, key


def test_an_indicator_outside_the_list_falls_back_to_the_default(clients):
    response = callback(clients["public"], f"..{ids.MAP_TABLE}.data...{ids.MAP_TABLE}.columns..",
                        [(ids.MAP_INDICATOR, "value", "households; drop table households"),
                         (ids.MAP_YEAR, "value", 2018), (ids.MAP_PROVINCE, "value", GUIZHOU),
                         (ids.MAP_TABS, "value", "table")],
                        [(ids.MAP_URL, "search", "")])
    assert response.status_code == 200
    columns = response.get_json()["response"][ids.MAP_TABLE]["columns"]
    value = next(column for column in columns if column["id"] == "value")
    assert value["name"] == "Still poor at year end (people)"


@pytest.mark.parametrize("body, content_type, status", [
    ("{not json", "application/json", 400),
    ("[]", "application/json", 400),
    ('{"output": "nothing.here", "outputs": {"id": "nothing", "property": "here"}, '
     '"inputs": [], "state": [], "changedPropIds": []}', "application/json", 400),
    ("output=root.children", "application/x-www-form-urlencoded", 415),
    (json.dumps({"output": "x", "pad": "x" * 2_000_000}), "application/json", 413),
])
def test_malformed_callback_posts_are_4xx_without_a_traceback(clients, body, content_type,
                                                              status):
    response = clients["libo"].post("/_dash-update-component", data=body,
                                    content_type=content_type)
    assert response.status_code == status
    assert "Traceback" not in response.get_data(True)


# ---------------------------------------------------------------- headers and limits

@pytest.mark.parametrize("method, path", [("GET", "/"), ("GET", "/signin"),
                                          ("GET", "/assets/style.css"),
                                          ("GET", "/geo/county-nothing.geojson"),
                                          ("POST", "/_dash-update-component")])
def test_every_response_carries_the_security_headers(clients, method, path):
    response = clients["public"].open(path, method=method, json={} if method == "POST" else None)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    policy = dict(part.strip().split(" ", 1) for part in
                  response.headers["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'sha256-" in policy["script-src"]
    assert "blob:" in policy["worker-src"] and policy["object-src"] == "'none'"


def test_debug_is_off(site):
    assert site.server.debug is False and not site._dev_tools.ui


def test_callbacks_are_rate_limited_on_the_public_site(public_db, monkeypatch):
    monkeypatch.setenv("POVERTY_CALLBACKS_PER_MINUTE", "5")
    client = create_app(public_db, public=True).server.test_client()
    statuses = [page_status(client) for _ in range(6)]
    assert statuses == [200] * 5 + [429]


def test_workers_share_the_rate_limit_through_redis(public_db, redis_url, monkeypatch):
    monkeypatch.setenv("REDIS_URL", redis_url)
    monkeypatch.setenv("POVERTY_CALLBACKS_PER_MINUTE", "5")
    workers = [create_app(public_db, public=True).server.test_client() for _ in range(2)]
    while time.time() % 60 > 55:  # all six requests in one minute's window
        time.sleep(0.5)
    statuses = [page_status(workers[i % 2]) for i in range(6)]
    assert statuses == [200] * 5 + [429]  # counted in one window, not 5 per worker


def test_a_shared_window_counts_per_address_and_minute(redis_url):
    now = [600.0]
    shared = cache.SharedRedis(redis.Redis.from_url(redis_url), cache.Breaker())
    window = SharedWindow(shared, 2, "test", 60, SlidingWindow(2), clock=lambda: now[0])
    assert [window.allow("10.0.0.1") for _ in range(3)] == [True, True, False]
    assert window.allow("10.0.0.2")  # another address has its own count
    now[0] += 60
    assert window.allow("10.0.0.1")  # a new minute
    counter = f"{cache.KEY_PREFIX}rate:test:10.0.0.1:11"
    assert 0 < redis.Redis.from_url(redis_url).ttl(counter) <= 61  # gone after its minute


def test_rate_limits_hold_in_each_worker_while_redis_is_down(public_db, dead_redis_url,
                                                              monkeypatch):
    monkeypatch.setenv("REDIS_URL", dead_redis_url)
    monkeypatch.setenv("POVERTY_CALLBACKS_PER_MINUTE", "5")
    client = create_app(public_db, public=True).server.test_client()
    assert [page_status(client) for _ in range(6)] == [200] * 5 + [429]


def test_a_redis_that_stops_answering_is_not_waited_for_on_every_request(public_db, monkeypatch,
                                                                         silent_redis):
    url, connections = silent_redis
    monkeypatch.setenv("REDIS_URL", url)
    monkeypatch.setenv("POVERTY_CALLBACKS_PER_MINUTE", "5")
    client = create_app(public_db, public=True).server.test_client()
    assert [page_status(client) for _ in range(6)] == [200] * 5 + [429]
    # One timeout, in the rate limit or the query cache, pauses both: one breaker per process.
    assert len(connections) == 1


def test_callbacks_are_not_rate_limited_on_the_official_site(clients):
    assert {page_status(clients["libo"]) for _ in range(30)} == {200}


def page_status(client) -> int:
    return callback(client, "root.children", [("url", "pathname", "/about")],
                    [("url", "search", "")]).status_code


def test_a_closed_site_shows_nothing_before_sign_in(demo_db, public_db, tmp_path):
    accounts = make_accounts(tmp_path / "accounts.sqlite")
    closed = create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                        public_db_path=public_db, require_login=True).server.test_client()
    home = closed.get("/")
    assert home.status_code == 303 and home.headers["Location"] == "/signin?next=%2F"
    assert page_status(closed) == 401
    assert closed.get("/_dash-layout").status_code == 401
    assert closed.get("/assets/style.css").status_code == 200
    assert closed.get("/signin").status_code == 200
    assert sign_in(closed, "guizhou", PASSWORD).status_code == 303
    assert page_status(closed) == 200 and closed.get("/").status_code == 200


@pytest.mark.parametrize("options, message", [
    ({"public": True, "accounts_path": "a.sqlite"}, "no sign-in"),
    ({"require_login": True}, "needs accounts_path"),
])
def test_contradictory_deployments_are_refused(demo_db, options, message):
    with pytest.raises(ValueError, match=message):
        create_app(demo_db, **options)
