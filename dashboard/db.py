"""The one door every query passes through: read-only, parameters bound, rows capped, time-limited."""

import os
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

import queries
from warehouse.answers import TABLE as ANSWERS
from warehouse.answers import Columns, columns_from_arrow, columns_of


CATALOG = "poverty"  # the name the database file is attached under
MEMORY_LIMIT = "128MB"


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
# a frame, computing it on a miss. Both are plugged in by the app; None means no check /
# no cache (the CLI, the build, the tests of the door itself).
Guard = Callable[[queries.Query, dict], None]
Cache = Callable[[str, str, dict, Callable[[], pd.DataFrame]], pd.DataFrame]


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


class Database:
    """A read-only DuckDB file that reopens itself when a new build is swapped in."""

    def __init__(self, path: Path, row_cap: int = 50_000, time_limit: float = 10.0,
                 guard: Guard | None = None, cache: Cache | None = None):
        self.path = Path(path)
        self.row_cap = row_cap
        self.time_limit = time_limit
        self.guard = guard
        self.cache = cache
        self._lock = threading.Lock()
        self._con = None
        self._opened_inode = None
        self._watchdog = Watchdog()
        self._last_county = threading.local()  # see _stored_answers
        self._connect()

    def _connect(self) -> None:
        try:
            stat = os.stat(self.path)
        except FileNotFoundError:
            raise DatabaseMissing(
                f"database {self.path} does not exist: run `poverty-dashboard build` first"
            ) from None
        # A fresh in-memory instance attaching the file: duckdb.connect(path) would hand back the
        # instance it caches for that path, still reading the replaced file (duckdb#15912).
        # Each web worker has its own DuckDB instance, whose buffer pool would otherwise grow
        # to 80% of the machine's memory caching blocks of the file: bounded, the worker stays
        # within its memory goal, and the queries here need far less.
        con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT})
        quoted = str(self.path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
        old, self._con, self._opened_inode = self._con, con, stat.st_ino
        if old is not None:
            old.close()
        self.build = dict(con.execute("SELECT key, value FROM build_info").fetchall())
        self.has_stored_answers = bool(con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = ? AND table_name = ?",
            [CATALOG, ANSWERS]).fetchone()[0])

    def _reopen_if_swapped(self) -> None:
        # A build swaps a new file in by rename; a changed inode means reopen.
        with self._lock:
            if os.stat(self.path).st_ino != self._opened_inode:
                self._connect()

    def _cursor(self):
        self._reopen_if_swapped()
        with self._lock:
            cursor = self._con.cursor()
        cursor.execute(f"USE {CATALOG}")  # a cursor starts in the in-memory catalog
        return cursor

    def current_build(self) -> dict:
        """The build info of the file at the path now: a swapped-in build is reopened first."""
        self._reopen_if_swapped()
        return self.build

    @property
    def build_id(self) -> str:
        return self.build.get("build_id", "")

    @property
    def is_synthetic(self) -> bool:
        return self.build.get("synthetic") == "true"

    @property
    def synthetic_scale(self) -> float | None:
        """The share of the national registry a synthetic build holds; None for real data."""
        return float(self.build.get("scale", 1)) if self.is_synthetic else None

    def run(self, name: str, **params) -> pd.DataFrame:
        """Run the named indicator query with bound parameters; returns at most row_cap rows."""
        query = self._checked(name, params)
        if self.cache is not None:
            # Even a cache hit checks for a new file: the key must carry the current build id.
            self._reopen_if_swapped()
            return self.cache(self.build_id, name, params, lambda: self._execute(query, params))
        return self._execute(query, params)

    def run_for_county(self, names: list[str], adcode: str) -> dict[str, Columns]:
        """Several per-county queries of one county, by name, answered as columns: the
        answers the build stored (warehouse/answers.py) read in one statement, and any it
        did not store run as usual."""
        params = {"adcode": adcode}
        checked = [self._checked(name, params) for name in names]  # every check before any read
        stored = self._stored_answers(adcode)
        answers = {}
        for query in checked:
            if query.name in stored:
                answer = columns_from_arrow(stored[query.name])
                self._within_cap(query.name, len(next(iter(answer.values()), ())))
            else:
                answer = columns_of(self.run(query.name, **params))
            answers[query.name] = answer
        return answers

    def _checked(self, name: str, params: dict) -> queries.Query:
        """The named query, once its parameters and the caller's access are checked."""
        query = queries.indicators().get(name)
        if query is None:
            raise UnknownQuery(f"no query named {name!r}")
        if set(params) != set(query.params):
            raise BadParameters(
                f"query {name!r} takes {sorted(query.params)}, got {sorted(params)}"
            )
        if self.guard is not None:
            self.guard(query, params)  # before the cache: a cached answer is checked too
        return query

    def _stored_answers(self, adcode: str) -> dict[str, bytes]:
        """Every stored answer of the county. A page asks for its county's profile first,
        then for its sections: the thread's last county is kept, so that is one read."""
        self._reopen_if_swapped()
        if not self.has_stored_answers:
            return {}
        key = (self.build_id, adcode)
        last = getattr(self._last_county, "answers", None)
        if last is not None and last[0] == key:
            return last[1]
        cursor = self._cursor()
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

    def _execute(self, query: queries.Query, params: dict) -> pd.DataFrame:
        name = query.name
        capped = f"SELECT * FROM ({query.sql}\n) LIMIT {self.row_cap + 1}"
        cursor = self._cursor()
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
        return frame
