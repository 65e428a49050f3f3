"""The one door every query passes through: read-only, parameters bound, rows capped, time-limited.

A new build renamed over the file is opened and warmed in the background (its first
queries, the stored answers of recent counties, and whatever the app adds, such as the
map geometry) while requests are answered from the build they were reading; then they
switch to it at once. No request waits for a swap.
"""

import json
import logging
import os
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import duckdb

import queries
from queries.results import ANSWERS, Answer

log = logging.getLogger(__name__)

CATALOG = "poverty"  # the name the database file is attached under
MEMORY_LIMIT = "128MB"
# What a new build is warmed with before requests switch to it: the most recent distinct
# queries and counties asked of the build being served (a few seconds at scale 1.0 at most).
WARM_QUERIES, WARM_COUNTIES = 64, 16


class QueryError(Exception):
    """A query could not be answered; the message is safe to show a user."""


class UnknownQuery(QueryError):
    pass


class BadParameters(QueryError):
    pass


class QueryTimeout(QueryError):
    pass


class TooManyRows(QueryError):
    pass


class DatabaseMissing(QueryError):
    pass


class NotHeld(QueryError):
    """The query reads tables this database does not hold (the public edition holds fewer)."""


class AccessDenied(QueryError):
    """The caller may not read this query with these parameters."""


# guard(query, params) raises AccessDenied; cache(build_id, name, params, compute) returns
# an answer, computing it on a miss. Both are plugged in by the app; None means no check /
# no cache (the CLI, the build, the tests of the door itself). A warmer(db, build) readies
# something of a new build before requests switch to it (the app's map geometry).
Guard = Callable[[queries.Query, dict], None]
Cache = Callable[[str, str, dict, Callable[[], Answer]], Answer]
Warmer = Callable[["Database", "Build"], object]


class Watchdog:
    """Interrupts statements that run past their deadline, from one thread for all of them.

    A timer per statement would start a thread per query: 0.1 ms each, a tenth of the
    time of the small rollup reads a page makes a dozen of.
    """

    def __init__(self, tick: float = 0.05):
        self.tick = tick
        self._deadlines: dict[object, tuple[float, object]] = {}  # token -> (deadline, cursor)
        self._lock = threading.Lock()
        self._thread = self._start()

    def _start(self) -> threading.Thread:
        thread = threading.Thread(target=self._patrol, daemon=True, name="query-watchdog")
        thread.start()
        return thread

    @contextmanager
    def watch(self, cursor, seconds: float):
        token = object()
        with self._lock:
            self._deadlines[token] = (time.monotonic() + seconds, cursor)
            if not self._thread.is_alive():  # a forked worker inherits no threads
                self._thread = self._start()
        try:
            yield
        finally:
            with self._lock:
                del self._deadlines[token]

    def _patrol(self) -> None:
        while True:
            time.sleep(self.tick)
            now = time.monotonic()
            # Under the lock: a statement that has just finished is not unwatched (and its
            # cursor closed) while it is being interrupted.
            with self._lock:
                for deadline, cursor in self._deadlines.values():
                    if deadline <= now:
                        cursor.interrupt()


class Build:
    """One build of the database file, opened read-only in a DuckDB instance of its own.

    A fresh in-memory instance attaches the file: duckdb.connect(path) would hand back the
    instance it caches for that path, still reading the replaced file (duckdb#15912). Each
    web worker has its own instances, whose buffer pool would otherwise grow to 80% of the
    machine's memory caching blocks of the file: bounded, the worker stays within its
    memory goal, and the queries here need far less. The instance is never closed while a
    statement may still be running on it: it closes when the last reference goes, after the
    requests that were reading it have finished.
    """

    def __init__(self, path: Path, inode: int):
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
        self.inode = inode
        self.info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        self.has_stored_answers = bool(con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
            [CATALOG, ANSWERS]).fetchone()[0])
        self._con = con
        self._lock = threading.Lock()  # DuckDB refuses a second call on a busy connection

    @property
    def build_id(self) -> str:
        return self.info.get("build_id", "")

    def cursor(self):
        with self._lock:
            cursor = self._con.cursor()
        cursor.execute(f"USE {CATALOG}")  # a cursor starts in the in-memory catalog
        return cursor


class Database:
    """A read-only DuckDB file that moves to a new build swapped in by rename, without a stall."""

    def __init__(self, path: Path, row_cap: int = 50_000, time_limit: float = 10.0,
                 guard: Guard | None = None, cache: Cache | None = None):
        self.path = Path(path)
        self.row_cap = row_cap
        self.time_limit = time_limit
        self.guard = guard
        self.cache = cache
        self.warmers: list[Warmer] = []
        self._watchdog = Watchdog()
        self._last_county = threading.local()  # see _stored_answers
        self._recent_queries: OrderedDict[str, tuple[str, dict]] = OrderedDict()
        self._recent_counties: OrderedDict[str, None] = OrderedDict()
        self._recent_lock = threading.Lock()
        self._swap_lock = threading.Lock()
        self._swapping = None  # the inode being opened and warmed in the background
        self._refused = None  # an inode that could not be opened: not tried again
        try:
            self._build = Build(self.path, os.stat(self.path).st_ino)
        except FileNotFoundError:
            raise DatabaseMissing(
                f"database {self.path} does not exist: run `poverty-dashboard build` first"
            ) from None

    # ------------------------------------------------------------ which build is served

    @property
    def current(self) -> Build:
        """The build requests read now. A new file at the path starts being opened and
        warmed in the background; until it is ready, this is the build before it."""
        try:
            inode = os.stat(self.path).st_ino
        except FileNotFoundError:  # removed: the open build is still readable
            return self._build
        if inode != self._build.inode and inode not in (self._swapping, self._refused):
            with self._swap_lock:
                if self._swapping is None:
                    self._swapping = inode
                    threading.Thread(target=self._swap_in, args=(inode,), daemon=True,
                                     name="swap-in-new-build").start()
        return self._build

    def _swap_in(self, inode: int) -> None:
        try:
            try:
                build = Build(self.path, inode)
            except (duckdb.Error, OSError) as e:
                self._refused = inode
                log.error("%s was replaced by a file that cannot be opened; still serving "
                          "build %s: %s", self.path, self._build.build_id, e)
                return
            self._warm(build)
            if os.stat(self.path).st_ino == inode:  # not replaced again meanwhile
                self._build = build
                log.info("%s: now serving build %s", self.path, build.build_id)
        except Exception:
            log.exception("swapping in the new build of %s", self.path)
        finally:
            self._swapping = None

    def _warm(self, build: Build) -> None:
        """Ready a new build for requests: the app's warmers, then what was asked recently."""
        for warmer in self.warmers:
            try:
                warmer(self, build)
            except Exception:
                log.exception("warming build %s of %s", build.build_id, self.path)
        with self._recent_lock:
            recent = list(self._recent_queries.values())
            counties = list(self._recent_counties)
        for name, params in recent:
            try:
                self.run_on(build, name, **params)
            except QueryError:
                pass  # it failed on the old build too, or is not held by this one
        for adcode in counties:
            self._stored_answers(build, adcode)

    def _remember(self, name: str, params: dict) -> None:
        key = name + json.dumps(params, sort_keys=True, default=str)
        with self._recent_lock:
            self._recent_queries[key] = (name, params)
            self._recent_queries.move_to_end(key)
            if len(self._recent_queries) > WARM_QUERIES:
                self._recent_queries.popitem(last=False)

    @property
    def build(self) -> dict:
        """What the build being served records about itself (build_info)."""
        return self.current.info

    @property
    def build_id(self) -> str:
        return self.current.build_id

    @property
    def has_stored_answers(self) -> bool:
        return self.current.has_stored_answers

    @property
    def is_synthetic(self) -> bool:
        return self.build.get("synthetic") == "true"

    @property
    def synthetic_scale(self) -> float | None:
        """The share of the national registry a synthetic build holds; None for real data."""
        return float(self.build.get("scale", 1)) if self.is_synthetic else None

    # ------------------------------------------------------------ queries

    def run(self, name: str, **params) -> Answer:
        """Run the named indicator query with bound parameters; answers at most row_cap rows."""
        query = self._checked(name, params)
        self._remember(name, params)
        return self._answer(self.current, query, params)

    def run_on(self, build: Build, name: str, **params) -> Answer:
        """A query of one given build, through the cache, without the access check: what
        warming a build runs (the answers it caches are checked when they are read)."""
        return self._answer(build, self._query(name, params), params)

    def _answer(self, build: Build, query: queries.Query, params: dict) -> Answer:
        if self.cache is not None:  # the key carries the build id: never an old build's answer
            return self.cache(build.build_id, query.name, params,
                              lambda: self._execute(build, query, params))
        return self._execute(build, query, params)

    def run_for_county(self, names: list[str], adcode: str) -> dict[str, Answer]:
        """Several per-county queries of one county, by name: the answers the build stored
        (warehouse/answers.py) read in one statement, and any it did not store run as usual."""
        params = {"adcode": adcode}
        checked = [self._checked(name, params) for name in names]  # every check before any read
        build = self.current
        stored = self._stored_answers(build, adcode)
        if stored:
            with self._recent_lock:
                self._recent_counties[adcode] = None
                self._recent_counties.move_to_end(adcode)
                if len(self._recent_counties) > WARM_COUNTIES:
                    self._recent_counties.popitem(last=False)
        answers = {}
        for query in checked:
            if query.name in stored:
                answer = Answer.of_ipc(stored[query.name])
                self._within_cap(query.name, len(answer))
            else:
                self._remember(query.name, params)
                answer = self._answer(build, query, params)
            answers[query.name] = answer
        return answers

    def _query(self, name: str, params: dict) -> queries.Query:
        query = queries.indicators().get(name)
        if query is None:
            raise UnknownQuery(f"no query named {name!r}")
        if set(params) != set(query.params):
            raise BadParameters(
                f"query {name!r} takes {sorted(query.params)}, got {sorted(params)}"
            )
        return query

    def _checked(self, name: str, params: dict) -> queries.Query:
        """The named query, once its parameters and the caller's access are checked."""
        query = self._query(name, params)
        if self.guard is not None:
            self.guard(query, params)  # before the cache: a cached answer is checked too
        return query

    def _stored_answers(self, build: Build, adcode: str) -> dict[str, bytes]:
        """Every stored answer of the county. A page asks for its county's profile first,
        then for its sections: the thread's last county is kept, so that is one read."""
        if not build.has_stored_answers:
            return {}
        key = (build.build_id, adcode)
        last = getattr(self._last_county, "answers", None)
        if last is not None and last[0] == key:
            return last[1]
        cursor = build.cursor()
        try:
            rows = cursor.execute(f"SELECT query, frame FROM {ANSWERS} WHERE adcode = $adcode",
                                  {"adcode": adcode}).fetchall()
        except (duckdb.ConversionException, duckdb.InvalidInputException) as e:
            raise BadParameters(f"stored answers: {e}") from None
        finally:
            cursor.close()
        self._last_county.answers = (key, dict(rows))
        return self._last_county.answers[1]

    def _within_cap(self, name: str, rows: int) -> None:
        if rows > self.row_cap:
            raise TooManyRows(f"query {name!r} returned more than {self.row_cap} rows")

    def _execute(self, build: Build, query: queries.Query, params: dict) -> Answer:
        name = query.name
        capped = f"SELECT * FROM ({query.sql}\n) LIMIT {self.row_cap + 1}"
        cursor = build.cursor()
        try:
            with self._watchdog.watch(cursor, self.time_limit):
                frame = cursor.execute(capped, params).df()
        except duckdb.InterruptException:
            raise QueryTimeout(f"query {name!r} ran past {self.time_limit:g} s") from None
        except (duckdb.ConversionException, duckdb.InvalidInputException) as e:
            raise BadParameters(f"query {name!r}: {e}") from None
        except duckdb.CatalogException:  # e.g. a village query on the public edition
            raise NotHeld(f"query {name!r} reads tables this database does not hold") from None
        finally:
            cursor.close()
        self._within_cap(name, len(frame))
        return Answer(frame=frame)
