"""Holding under faults: a fresh worker's first page, refused requests on kept-alive
connections, framed answers, and bench/faults.py's swap, Redis and killed-worker runs."""

import gc
import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from conftest import CHECKOUT, free_port

from dashboard.app import create_app, ready_to_serve
from dashboard.security import DISCARD_BYTES, MAX_REQUEST_BYTES

STARTS = 30


def first_page_requests(client) -> list[str]:
    """What a browser asks for after the page itself: its scripts, stylesheets, the layout
    and the callbacks' list."""
    page = client.get("/").get_data(as_text=True)
    files = re.findall(r'<script src="([^"]+)"', page) + re.findall(r'<link[^>]+href="([^"]+)"',
                                                                      page)
    return [url for url in files if url.startswith("/")] + ["/_dash-layout", "/_dash-dependencies"]


def test_every_first_page_after_a_start_renders(demo_db):
    """A worker loads the app, then a browser asks for everything on the page at once. Dash
    refused its own scripts ("dash" is not a registered library) to the threads that raced
    into its set-up; the page then stayed on "Loading..." until reloaded."""
    urls = first_page_requests(create_app(demo_db).server.test_client())
    assert any("/_dash-component-suites/dash/" in url for url in urls)
    try:
        for _ in range(STARTS):
            app = ready_to_serve(create_app(demo_db))  # what a worker does before any request
            clients = [app.server.test_client() for _ in urls]
            with ThreadPoolExecutor(len(urls)) as pool:
                statuses = list(pool.map(lambda pair: pair[0].get(pair[1]).status_code,
                                         zip(clients, urls)))
            assert statuses == [200] * len(urls), dict(zip(urls, statuses))
    finally:
        gc.unfreeze()  # a worker keeps what it froze; this test process does not


# ---------------------------------------------------------------- over a real connection

@pytest.fixture(scope="module")
def public_site(public_db, tmp_path_factory):
    """gunicorn serving the public site, as the Procfile runs it, with a low callback limit."""
    port = free_port()
    log = tmp_path_factory.mktemp("site") / "gunicorn.log"
    env = {**os.environ, "POVERTY_PUBLIC": "1", "POVERTY_DB": str(public_db),
           "POVERTY_CALLBACKS_PER_MINUTE": "3"}
    env.pop("REDIS_URL", None)
    with open(log, "w") as errors:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--workers", "1", "--threads", "4",
             "--bind", f"127.0.0.1:{port}", "dashboard.wsgi:server"],
            cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=errors)
        try:
            deadline = time.monotonic() + 120
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def callback_body(pad: int = 0) -> str:
    return json.dumps({"output": "root.children",
                       "outputs": {"id": "root", "property": "children"},
                       "inputs": [{"id": "url", "property": "pathname", "value": "/about"}],
                       "state": [{"id": "url", "property": "search", "value": ""}],
                       "changedPropIds": ["url.pathname"], "pad": "x" * pad})


def send(connection, method: str, path: str, body=None):
    connection.request(method, path, body, {"Content-Type": "application/json",
                                            "Accept-Encoding": "gzip, br"})
    response = connection.getresponse()
    return response, response.read()


def test_answers_are_framed_so_a_cut_one_is_never_taken_for_whole(public_site):
    """A worker killed while answering must not leave the client with a short body it takes
    for the whole answer: each answer says its length, or comes in chunks that end."""
    connection = http.client.HTTPConnection("127.0.0.1", public_site, timeout=30)
    for method, path, body in [("GET", "/", None), ("GET", "/_dash-layout", None),
                               ("GET", "/_dash-dependencies", None),
                               ("GET", "/assets/style.css", None), ("GET", "/nowhere", None),
                               ("POST", "/_dash-update-component", callback_body())]:
        response, data = send(connection, method, path, body)
        framing = response.getheader("Content-Length"), response.getheader("Transfer-Encoding")
        assert framing[0] == str(len(data)) or framing[1] == "chunked", (path, framing)


def test_refused_requests_leave_the_connection_working(public_site):
    connection = http.client.HTTPConnection("127.0.0.1", public_site, timeout=30)
    too_large = b"x" * (2 * MAX_REQUEST_BYTES)
    response, _ = send(connection, "POST", "/_dash-update-component", too_large)
    assert response.status == 413 and response.getheader("Connection") == "keep-alive"
    assert send(connection, "GET", "/_dash-layout")[0].status == 200  # the same connection
    statuses = []
    for _ in range(6):  # past the limit of 3 a minute, each with a body of 300 kB
        statuses.append(send(connection, "POST", "/_dash-update-component",
                             callback_body(300_000))[0].status)
        assert send(connection, "GET", "/_dash-layout")[0].status == 200
    assert 429 in statuses


def test_a_body_too_large_to_read_is_refused_on_a_connection_said_to_close(public_site):
    with socket.create_connection(("127.0.0.1", public_site), timeout=30) as raw:
        raw.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: test\r\n"
                    b"Content-Type: application/json\r\n"
                    b"Content-Length: %d\r\n\r\n" % (DISCARD_BYTES + 1) + b"x" * 1000)
        head = raw.recv(65536).split(b"\r\n\r\n")[0].decode()
    # 413, or 429 once the test before has spent this address's callbacks for the minute
    assert head.startswith(("HTTP/1.1 413", "HTTP/1.1 429")) and "Connection: close" in head


# ---------------------------------------------------------------- bench/faults.py

def test_swaps_redis_outages_and_a_killed_worker_cost_no_wrong_answer(demo_db, tmp_path):
    """bench/faults.py at the test scale: the figures it prints are timed; what is checked
    here is what must hold on any machine."""
    out = tmp_path / "faults.json"
    result = subprocess.run(
        [sys.executable, "bench/faults.py", "--db", str(demo_db), "--workers", "2",
         "--clients", "6", "--seconds", "4", "--actions", "90", "--no-wait-for-republish",
         "--json", str(out)],
        cwd=CHECKOUT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    for phase in ("baseline", "swap", "redis-stopped", "redis-frozen", "worker-killed"):
        assert figures[phase]["requests"] > 0 and figures[phase]["wrong"] == 0, phase
    for phase in ("baseline", "swap", "redis-stopped", "redis-frozen"):
        assert figures[phase]["errors"] == 0, phase
    assert figures["worker-killed"]["errors_after_death"] == 0
    assert figures["worker-killed"]["answered_by_the_new_worker"] > 0
    assert figures["server_log_errors"] == 0
