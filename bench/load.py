"""Sustained load: gunicorn workers and a shared Redis on loopback, many clients, a bounded time.

    python bench/load.py [--db PATH] [--workers 2] [--clients 50] [--seconds 60]
                         [--pages map|all] [--json out.json]

Starts its own redis-server and gunicorn on free 127.0.0.1 ports, then each
client thread repeats map actions (the callback requests a browser sends, see
common.py) over one keep-alive connection until the time is up. Prints the
throughput, the errors and the 50th/95th/99th percentile of request latency,
which workers answered, each worker's resident memory and the keys in Redis.
Everything it started is stopped before it exits.
"""

import argparse
import http.client
import json
import os
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import psutil
import redis

from common import (CALLBACK_URL, CHECKOUT, NATIONAL_DB, ensure_database, percentiles, verdict,
                    workload)

TARGET_P95_MS, TARGET_RSS_MB = 300, 500


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(ready, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not start in {timeout:g} s")
        time.sleep(0.1)


def start_redis(port: int) -> subprocess.Popen:
    """A redis-server on a loopback port that writes nothing to disk, answering once returned."""
    process = subprocess.Popen(["redis-server", "--port", str(port), "--bind", "127.0.0.1",
                                "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
    client = redis.Redis(host="127.0.0.1", port=port)

    def answers() -> bool:
        try:
            return client.ping()
        except redis.ConnectionError:
            return False

    wait_until(answers, 10, "redis-server")
    return process


@contextmanager
def redis_server():
    """A redis-server on a free loopback port that writes nothing to disk; yields its URL."""
    port = free_port()
    process = start_redis(port)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def gunicorn(db: Path, workers: int, redis_url: str, access_log: Path, error_log=None):
    """gunicorn serving the app on a free loopback port; yields (port, master process)."""
    port = free_port()
    env = {**os.environ, "POVERTY_DB": str(db), "REDIS_URL": redis_url}
    errors = subprocess.DEVNULL if error_log is None else open(error_log, "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--threads", "4",
         "--timeout", "60", "--bind", f"127.0.0.1:{port}", "--access-logfile", str(access_log),
         "--access-logformat", "%(p)s %(s)s", "dashboard.wsgi:server"],
        cwd=CHECKOUT, env=env, stdout=subprocess.DEVNULL, stderr=errors)

    def answers() -> bool:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/_dash-layout")
            return connection.getresponse().status == 200
        except OSError:
            return False

    master = psutil.Process(process.pid)
    try:
        wait_until(answers, 120, "gunicorn")
        yield port, master
    finally:
        started = master.children(recursive=True)  # workers, and what they started
        process.terminate()
        process.wait(timeout=30)
        for child in started:  # e.g. a publication of the public edition, left running
            if child.is_running():
                child.terminate()
        if error_log is not None:
            errors.close()


def served_callback_map(port: int) -> dict:
    """The served app's callbacks by output, as its page reads them: what the workload's
    request bodies are shaped after."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/_dash-dependencies")
    callbacks = json.loads(connection.getresponse().read())
    connection.close()
    return {callback["output"]: callback for callback in callbacks}


def client_loop(port: int, actions: list, deadline: float, seed: int, results: list) -> None:
    """One simulated user: random actions back to back, each over its own keep-alive connection."""
    rng = random.Random(seed)
    latencies, errors = [], 0
    headers = {"Content-Type": "application/json", "Accept-Encoding": "gzip, br"}
    while time.monotonic() < deadline:
        # A connection per action, as many users' browsers would open: a long-lived one
        # stays with whichever worker accepted it, and the other workers would sit idle.
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _output, body in rng.choice(actions).requests:
            start = time.perf_counter()
            try:
                connection.request("POST", CALLBACK_URL, json.dumps(body), headers)
                response = connection.getresponse()
                response.read()
                ok = response.status in (200, 204)
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
            latencies.append((time.perf_counter() - start) * 1000)
            errors += not ok
        connection.close()
    results.append((latencies, errors))


def drive(port: int, actions: list, clients: int, seconds: float) -> dict:
    """Run the clients for `seconds`; throughput, errors and latency percentiles."""
    results: list = []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=client_loop, args=(port, actions, deadline, i, results))
               for i in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - start
    latencies = [ms for lat, _ in results for ms in lat]
    return {"requests": len(latencies), "seconds": elapsed,
            "throughput": len(latencies) / elapsed, "errors": sum(e for _, e in results),
            **percentiles(latencies)}


def run(db: Path, workers: int, clients: int, seconds: float, pages: str) -> dict:
    """Start Redis and gunicorn, drive them, measure, stop them; the figures as a dict."""
    load_before = os.getloadavg()  # the machine's load: other work skews every figure here
    with tempfile.TemporaryDirectory() as scratch, redis_server() as redis_url:
        access_log = Path(scratch) / "access.log"
        with gunicorn(db, workers, redis_url, access_log) as (port, master):
            actions = [a for a in workload(served_callback_map(port), db, 900)
                       if pages == "all" or a.page == "map"]
            figures = drive(port, actions, clients, seconds)
            figures["load_before"], figures["load_after"] = load_before, os.getloadavg()
            figures["worker_rss_mb"] = [round(w.memory_info().rss / 2**20, 1)
                                        for w in master.children()]
        figures["redis_keys"] = redis.Redis.from_url(redis_url).dbsize()
        answered = {}
        for line in access_log.read_text().splitlines():
            pid, status = line.split()
            answered[pid] = answered.get(pid, 0) + 1
        figures["requests_by_worker"] = answered
    return figures


def report(figures: dict, workers: int, clients: int) -> None:
    ok = figures["errors"] == 0 and figures["p95"] <= TARGET_P95_MS
    print(f"{workers} gunicorn workers, {clients} clients, {figures['seconds']:.0f} s: "
          f"{figures['requests']:,} requests, {figures['throughput']:.0f} req/s, "
          f"{figures['errors']} errors")
    before, after = figures["load_before"], figures["load_after"]
    print(f"machine: {os.cpu_count()} cores, load average {before[0]:.2f} before the run, "
          f"{after[0]:.2f} at its end (the 1-minute average, this run's own load included)")
    print(f"latency ms: p50 {figures['p50']:.0f}, p95 {figures['p95']:.0f}, "
          f"p99 {figures['p99']:.0f} (target: no errors, p95 ≤ {TARGET_P95_MS}): {verdict(ok)}")
    rss = figures["worker_rss_mb"]
    print(f"worker resident memory MB: {rss} (target ≤ {TARGET_RSS_MB}): "
          f"{verdict(max(rss) <= TARGET_RSS_MB)}")
    print(f"requests by worker pid: {figures['requests_by_worker']}; "
          f"keys in Redis: {figures['redis_keys']}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=60)
    p.add_argument("--pages", choices=("map", "all"), default="map")
    p.add_argument("--json", type=Path, help="also write the figures here")
    args = p.parse_args()
    figures = run(ensure_database(args.db), args.workers, args.clients, args.seconds, args.pages)
    report(figures, args.workers, args.clients)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
