"""Faults under load: a database swap, Redis stopped, Redis frozen and a worker killed,
each during the load test, against a baseline without fault measured in the same run.

    python bench/faults.py [--db PATH] [--workers 2] [--clients 50] [--seconds 30]
                           [--faults swap,redis-stopped,redis-frozen,worker-killed]
                           [--actions 900] [--no-wait-for-republish]
                           [--server-log gunicorn.log] [--json out.json]

It serves a hard link of the database (and of its public edition, when that is current)
from a scratch folder beside it, with its own redis-server and gunicorn (bench/load.py),
as an official site: the clients are visitors, so they read the public edition. Before
anything is timed, every request of the workload is sent once and its answer kept: the
reference each later answer must equal. Then one phase of --seconds without fault and one
per fault, the clients repeating the same map actions in each (bench/load.py's clients,
a connection per action, and a browser's one retry of a request whose kept-alive
connection was closed before any answer came), the fault a quarter into its phase, the
phase lasting until the fault has played out:

- swap: a copy of the database under a new build id, written before the phases, renamed
  over the served file as `build` does; the site then publishes its public view again in
  the background and swaps that in too (the phase lasts until 5 s after that, unless
  --no-wait-for-republish);
- redis-stopped: redis-server terminated, started again on its port at 60% of the phase;
- redis-frozen: redis-server stopped with SIGSTOP, resumed with SIGCONT at 60%;
- worker-killed: one worker killed with SIGKILL; gunicorn starts another (the phase lasts
  until that one has answered).

For each phase it prints the requests, errors, wrong answers (a 200 whose body is not the
reference's, an empty one included), latency percentiles and maximum, and the longest stall
(the longest time in which no response completed); for the killed worker, the errors of
requests begun after it died. Everything it started is stopped, and the scratch folder
removed, before it exits.
"""

import argparse
import gzip
import hashlib
import http.client
import json
import os
import random
import shutil
import signal
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import brotli
import duckdb
import psutil

from common import CALLBACK_URL, NATIONAL_DB, ensure_database, percentiles, verdict, workload
from load import free_port, gunicorn, served_callback_map, start_redis

FAULTS = ("swap", "redis-stopped", "redis-frozen", "worker-killed")
HEADERS = {"Content-Type": "application/json", "Accept-Encoding": "gzip, br"}
FAULT_AT, RECOVER_AT = 0.25, 0.6  # of the phase
MAX_PHASE = 600  # seconds a fault may take to play out
AFTER = 5.0  # seconds after a fault's moment whose requests are the fault's to answer for
MAX_SWAP_WAIT_MS = 1000  # no request waits longer during a swap
REDIS_FREEZE_MS = 100  # what a frozen Redis may add to a request, about


@dataclass(frozen=True)
class Exchange:
    start: float
    end: float
    error: bool  # no answer, a cut-short answer, or a status other than 200 or 204
    wrong: bool  # an answer that is not the reference's


def connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=30)


def answer_of(response: http.client.HTTPResponse) -> str:
    """The status and a digest of the decoded body; reading raises IncompleteRead when the
    body is shorter than its Content-Length or its chunks say."""
    body = response.read()
    encoding = response.getheader("Content-Encoding")
    if encoding == "br":
        body = brotli.decompress(body)
    elif encoding == "gzip":
        body = gzip.decompress(body)
    return f"{response.status}:{hashlib.sha1(body).hexdigest()}"


def exchange(port: int, connection, payload: str, reused: bool):
    """One callback request; (connection, status, answer). A browser sends a request again,
    once, on a new connection when a connection it reused was closed before any answer."""
    try:
        connection.request("POST", CALLBACK_URL, payload, HEADERS)
        response = connection.getresponse()
    except ConnectionError:  # reset, refused, closed without a status line, broken pipe
        if not reused:
            raise
        connection.close()
        connection = connect(port)
        connection.request("POST", CALLBACK_URL, payload, HEADERS)
        response = connection.getresponse()
    return connection, response.status, answer_of(response)


def client_loop(port: int, actions: list, deadline: list, seed: int, reference: dict,
                out: list) -> None:
    """One simulated user: random actions back to back, a connection per action, until
    deadline[0]."""
    rng = random.Random(seed)
    while time.monotonic() < deadline[0]:
        connection, reused = connect(port), False
        for _output, body in rng.choice(actions).requests:
            payload = json.dumps(body)
            start = time.monotonic()
            try:
                connection, status, answer = exchange(port, connection, payload, reused)
                reused, error = True, status not in (200, 204)
                wrong = not error and answer != reference[payload]
            except (OSError, http.client.HTTPException):
                error, wrong = True, False
                connection.close()
                connection, reused = connect(port), False
            out.append(Exchange(start, time.monotonic(), error, wrong))
        connection.close()


def references(port: int, actions: list) -> dict:
    """Every request of the workload sent once, with nothing wrong: payload -> answer."""
    payloads = sorted({json.dumps(body) for action in actions for _, body in action.requests})
    answers, lock = {}, threading.Lock()

    def send(share: list) -> None:
        connection = connect(port)
        for payload in share:
            connection, status, answer = exchange(port, connection, payload, True)
            if status not in (200, 204):
                raise RuntimeError(f"the reference request failed with {status}: {payload}")
            with lock:
                answers[payload] = answer
        connection.close()

    threads = [threading.Thread(target=send, args=(payloads[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if len(answers) != len(payloads):
        raise RuntimeError("the reference pass did not answer every request")
    return answers


# ---------------------------------------------------------------- the faults

class Fault:
    """Injected a quarter into its phase, recovered (when there is anything to do) at 60%;
    the phase lasts until the fault has played out, --seconds at least."""
    name = ""
    injected_at = None

    def inject(self) -> None:
        raise NotImplementedError

    def recover(self) -> None:
        pass

    def over(self) -> bool:
        return True

    def moments(self) -> dict:
        """When what the fault does happens: the requests begun in the AFTER seconds after
        each are the fault's to answer for."""
        return {"the fault": self.injected_at}

    def notes(self, phase_start: float) -> str:
        return ""


class Swap(Fault):
    """Over once the public edition has been published again and served for a while."""
    name = "swap"
    SERVED = 5.0  # seconds of load after the public edition is renamed into place

    def __init__(self, served: Path, replacement: Path, public: Path, wait_for_republish: bool):
        self.served, self.replacement, self.public = served, replacement, public
        self.wait_for_republish = wait_for_republish
        self.republished_at = None

    def inject(self) -> None:
        before = self.public.stat().st_ino
        os.replace(self.replacement, self.served)
        self.injected_at = time.monotonic()
        threading.Thread(target=self._watch_public, args=(before,), daemon=True).start()

    def _watch_public(self, before: int) -> None:
        try:
            while self.public.stat().st_ino == before:
                time.sleep(0.05)
        except FileNotFoundError:  # the run is over and its folder removed
            return
        self.republished_at = time.monotonic()

    def over(self) -> bool:
        return not self.wait_for_republish or (
            self.republished_at is not None
            and time.monotonic() > self.republished_at + self.SERVED)

    def moments(self) -> dict:
        return {"the new build": self.injected_at,
                "the new public edition": self.republished_at}

    def notes(self, phase_start: float) -> str:
        republished = ("not yet republished" if self.republished_at is None else
                       f"republished at {self.republished_at - phase_start:.1f} s")
        return f"new build at {self.injected_at - phase_start:.1f} s, public edition {republished}"


class RedisStopped(Fault):
    name = "redis-stopped"

    def __init__(self, redis: "RedisProcess"):
        self.redis = redis

    def inject(self) -> None:
        self.redis.process.terminate()
        self.redis.process.wait(timeout=10)
        self.injected_at = time.monotonic()

    def recover(self) -> None:
        self.redis.process = start_redis(self.redis.port)
        self.recovered_at = time.monotonic()

    def moments(self) -> dict:
        return {"Redis stopped": self.injected_at, "Redis started again": self.recovered_at}


class RedisFrozen(Fault):
    name = "redis-frozen"

    def __init__(self, redis: "RedisProcess"):
        self.redis = redis

    def inject(self) -> None:
        self.redis.process.send_signal(signal.SIGSTOP)
        self.injected_at = time.monotonic()

    def recover(self) -> None:
        self.redis.process.send_signal(signal.SIGCONT)
        self.recovered_at = time.monotonic()

    def moments(self) -> dict:
        return {"Redis frozen": self.injected_at, "Redis resumed": self.recovered_at}


class WorkerKilled(Fault):
    """Over once the worker gunicorn starts instead has answered requests."""
    name = "worker-killed"

    def __init__(self, master: psutil.Process, access_log: Path):
        self.master, self.access_log = master, access_log
        self.dead_at = None
        self.before = {f"<{worker.pid}>" for worker in master.children()}  # as gunicorn logs it

    def inject(self) -> None:
        victim = self.master.children()[0]
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        self.dead_at = self.injected_at = time.monotonic()

    def moments(self) -> dict:
        return {"its death": self.dead_at}

    def answered_by_the_new_worker(self) -> int:
        pids = [line.split()[0] for line in self.access_log.read_text().splitlines()]
        return sum(pid not in self.before for pid in pids)

    def over(self) -> bool:
        return self.answered_by_the_new_worker() > 0

    def notes(self, phase_start: float) -> str:
        return f"{self.answered_by_the_new_worker():,} answered by the new worker"


@dataclass
class RedisProcess:
    port: int
    process: object

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


# ---------------------------------------------------------------- phases

def run_phase(port: int, actions: list, clients: int, seconds: float, reference: dict,
              fault: Fault | None) -> dict:
    """The load for `seconds`, or until the fault has played out, the fault injected and
    recovered on schedule; its figures."""
    out: list[Exchange] = []
    start = time.monotonic()
    deadline = [start + seconds]  # extended while the fault is not over
    threads = [threading.Thread(target=client_loop,
                                args=(port, actions, deadline, i, reference, out))
               for i in range(clients)]
    for thread in threads:
        thread.start()
    fault_at = None
    if fault is not None:
        time.sleep(max(0.0, start + FAULT_AT * seconds - time.monotonic()))
        fault_at = time.monotonic()
        fault.inject()
        time.sleep(max(0.0, start + RECOVER_AT * seconds - time.monotonic()))
        fault.recover()
        while not fault.over():
            if time.monotonic() > start + MAX_PHASE:
                raise RuntimeError(f"{fault.name} did not play out in {MAX_PHASE} s")
            deadline[0] = max(deadline[0], time.monotonic() + 1)
            time.sleep(0.1)
    for thread in threads:
        thread.join()
    figures = summary(out, start, deadline[0])
    if fault is not None:
        figures["fault_at_s"] = round(fault_at - start, 2)
        figures["notes"] = fault.notes(start)
        if isinstance(fault, WorkerKilled):
            figures["errors_after_death"] = sum(e.error and e.start > fault.dead_at for e in out)
            figures["errors_in_flight"] = figures["errors"] - figures["errors_after_death"]
            figures["answered_by_the_new_worker"] = fault.answered_by_the_new_worker()
        figures["longest_ms"] = longest_by_moment(out, fault.moments())
        if isinstance(fault, Swap):
            if fault.republished_at is not None:
                figures["republished_after_s"] = round(
                    fault.republished_at - fault.injected_at, 1)
    return figures


def longest_by_moment(out: list[Exchange], moments: dict) -> dict:
    """The longest request begun in the AFTER seconds after each moment, and elsewhere in
    the phase: a stall the fault causes shows after its moments, the machine's own noise
    everywhere."""
    moments = {name: at for name, at in moments.items() if at is not None}  # happened
    longest = dict.fromkeys([*(f"after {name}" for name in moments), "elsewhere"], 0.0)
    for e in out:
        ms = (e.end - e.start) * 1000
        near = [f"after {name}" for name, at in moments.items() if at <= e.start < at + AFTER]
        for name in near or ["elsewhere"]:
            longest[name] = max(longest[name], ms)
    return longest


def summary(out: list[Exchange], start: float, deadline: float) -> dict:
    latencies = [(e.end - e.start) * 1000 for e in out]
    answered = sorted(e.end for e in out if not e.error)
    moments = [start, *answered, max(deadline, answered[-1] if answered else deadline)]
    stall = max(b - a for a, b in zip(moments, moments[1:]))
    return {"seconds": deadline - start, "requests": len(out), "errors": sum(e.error for e in out),
            "wrong": sum(e.wrong for e in out), **percentiles(latencies),
            "max": max(latencies, default=float("nan")), "longest_stall_ms": stall * 1000}


# ---------------------------------------------------------------- the run

def replacement_of(db: Path, folder: Path) -> Path:
    """A copy of the database under a new build id: what rebuilding the same data swaps in,
    with every answer the same and every cache key new."""
    copy = folder / "next.duckdb"
    shutil.copyfile(db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("UPDATE build_info SET value = ? WHERE key = 'build_id'", [uuid.uuid4().hex])
    return copy


def serve_copy(db: Path, folder: Path) -> tuple[Path, Path]:
    """Hard links of the database and, when current, its public edition: served, swapped and
    republished in the scratch folder, the originals never touched."""
    from dashboard.settings import public_db_path
    from warehouse.publish import is_current

    served = folder / "served.duckdb"
    os.link(db, served)
    public = public_db_path(served)
    if public_db_path(db).exists() and is_current(db, public_db_path(db)):
        os.link(public_db_path(db), public)
    return served, public


def run(db: Path, workers: int, clients: int, seconds: float, faults: list[str],
        actions_drawn: int = 900, server_log: Path | None = None,
        wait_for_republish: bool = True) -> dict:
    figures = {"cores": os.cpu_count(), "load_before": os.getloadavg()}
    folder = Path(tempfile.mkdtemp(prefix=".faults-", dir=db.parent))
    redis = None
    try:
        served, public = serve_copy(db, folder)
        replacement = replacement_of(db, folder) if "swap" in faults else None
        redis = RedisProcess(free_port(), None)
        redis.process = start_redis(redis.port)
        with gunicorn(served, workers, redis.url, folder / "access.log",
                      error_log=folder / "gunicorn.log") as (port, master):
            actions = [a for a in workload(served_callback_map(port), db, actions_drawn)
                       if a.page == "map"]
            reference = references(port, actions)
            figures["distinct_requests"] = len(reference)
            made = {"swap": lambda: Swap(served, replacement, public, wait_for_republish),
                    "redis-stopped": lambda: RedisStopped(redis),
                    "redis-frozen": lambda: RedisFrozen(redis),
                    "worker-killed": lambda: WorkerKilled(master, folder / "access.log")}
            figures["baseline"] = run_phase(port, actions, clients, seconds, reference, None)
            for name in faults:
                figures[name] = run_phase(port, actions, clients, seconds, reference,
                                          made[name]())
        figures["load_after"] = os.getloadavg()
        log = (folder / "gunicorn.log").read_text()
        figures["server_log_errors"] = log.count("Traceback")
        if server_log is not None:
            server_log.write_text(log)
    finally:
        if redis is not None and redis.process is not None:
            redis.process.send_signal(signal.SIGCONT)
            redis.process.terminate()
            redis.process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def report(figures: dict, faults: list[str], workers: int, clients: int, seconds: float) -> None:
    before, after = figures["load_before"], figures["load_after"]
    print(f"{workers} gunicorn workers, {clients} clients, phases of {seconds:g} s or more, "
          f"{figures['distinct_requests']:,} distinct requests; machine: {figures['cores']} "
          f"cores, load average {before[0]:.2f} / {before[1]:.2f} / {before[2]:.2f} before, "
          f"{after[0]:.2f} / {after[1]:.2f} / {after[2]:.2f} after")
    print(f"{'phase':<14} {'s':>4} {'requests':>9} {'errors':>7} {'wrong':>6} {'p50 ms':>7} "
          f"{'p95 ms':>7} {'max ms':>7} {'longest stall ms':>17}")
    for name in ("baseline", *faults):
        f = figures[name]
        print(f"{name:<14} {f['seconds']:>4.0f} {f['requests']:>9,} {f['errors']:>7} "
              f"{f['wrong']:>6} {f['p50']:>7.0f} {f['p95']:>7.0f} {f['max']:>7.0f} "
              f"{f['longest_stall_ms']:>17.0f}" + (f"  {f['notes']}" if f.get("notes") else ""))
    base = figures["baseline"]
    print("p95 against the baseline's, same run: "
          + ", ".join(f"{name} {figures[name]['p95'] / base['p95']:.2f}x" for name in faults))
    clean = {name: figures[name]["errors"] == 0 and figures[name]["wrong"] == 0
             for name in ("baseline", *faults)}
    for name in faults:
        print(f"{name}: longest request begun in the {AFTER:g} s after " + ", ".join(
            f"{moment[len('after '):]} {ms:.0f} ms" for moment, ms in
            figures[name]["longest_ms"].items() if moment != "elsewhere")
              + f"; elsewhere in the phase {figures[name]['longest_ms']['elsewhere']:.0f} ms "
              f"(the baseline's longest {base['max']:.0f} ms)")
    if "swap" in faults:
        swap = figures["swap"]
        if "republished_after_s" in swap:
            print(f"swap: the public edition was published again and renamed into place "
                  f"{swap['republished_after_s']:g} s after the new build")
        caused = max(ms for moment, ms in swap["longest_ms"].items() if moment != "elsewhere")
        ok = clean["swap"] and caused <= MAX_SWAP_WAIT_MS
        print(f"swap: longest request after a swap {caused:.0f} ms (target ≤ {MAX_SWAP_WAIT_MS}), "
              f"no errors or wrong answers: {verdict(ok)}")
    for name in ("redis-stopped", "redis-frozen"):
        if name in faults:
            caused = max(ms for moment, ms in figures[name]["longest_ms"].items()
                         if moment != "elsewhere")
            added = caused - base["max"]
            print(f"{name}: longest request after it {added:+.0f} ms against the baseline's "
                  f"longest (target: about {REDIS_FREEZE_MS} ms at most), no errors or wrong "
                  f"answers: {verdict(clean[name] and added <= 1.5 * REDIS_FREEZE_MS)}")
    if "worker-killed" in faults:
        killed = figures["worker-killed"]
        ok = killed["errors_after_death"] == 0 and killed["wrong"] == 0
        print(f"worker-killed: {killed['errors_in_flight']} requests in flight failed, "
              f"{killed['errors_after_death']} begun after its death, {killed['wrong']} wrong "
              f"or empty answers (target: 0 after, 0 wrong): {verdict(ok)}")
    print(f"tracebacks in the server's log: {figures['server_log_errors']}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, default=NATIONAL_DB)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--clients", type=int, default=50)
    p.add_argument("--seconds", type=float, default=30)
    p.add_argument("--faults", default=",".join(FAULTS),
                   help=f"comma-separated, in order; any of {', '.join(FAULTS)}")
    p.add_argument("--actions", type=int, default=900,
                   help="user actions drawn, a third of them on the map (as bench/load.py)")
    p.add_argument("--json", type=Path, help="also write the figures here")
    p.add_argument("--server-log", type=Path, help="keep gunicorn's log here")
    p.add_argument("--wait-for-republish", action=argparse.BooleanOptionalAction, default=True,
                   help="the swap's phase lasts until the public edition is published again "
                        "and served (published at low priority, it takes long on a busy "
                        "machine; without, it may be swapped in during a later phase)")
    args = p.parse_args()
    faults = [f for f in args.faults.split(",") if f]
    if unknown := set(faults) - set(FAULTS):
        p.error(f"unknown faults: {', '.join(sorted(unknown))}")
    figures = run(ensure_database(args.db).resolve(), args.workers, args.clients, args.seconds,
                  faults, args.actions, args.server_log, args.wait_for_republish)
    report(figures, faults, args.workers, args.clients, args.seconds)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
