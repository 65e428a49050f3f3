"""The one door every query passes through: read-only, parameters bound, rows capped, time-limited."""

import os
import threading
from pathlib import Path

from typing import Callable

import duckdb
import pandas as pd

import queries


CATALOG = "poverty"  # the name the database file is attached under


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
        con = duckdb.connect()
        quoted = str(self.path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
        old, self._con, self._opened_inode = self._con, con, stat.st_ino
        if old is not None:
            old.close()
        self.build = dict(con.execute("SELECT key, value FROM build_info").fetchall())

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
        query = queries.indicators().get(name)
        if query is None:
            raise UnknownQuery(f"no query named {name!r}")
        if set(params) != set(query.params):
            raise BadParameters(
                f"query {name!r} takes {sorted(query.params)}, got {sorted(params)}"
            )
        if self.guard is not None:
            self.guard(query, params)  # before the cache: a cached answer is checked too
        if self.cache is not None:
            # Even a cache hit checks for a new file: the key must carry the current build id.
            self._reopen_if_swapped()
            return self.cache(self.build_id, name, params, lambda: self._execute(query, params))
        return self._execute(query, params)

    def _execute(self, query: queries.Query, params: dict) -> pd.DataFrame:
        name = query.name
        capped = f"SELECT * FROM ({query.sql}\n) LIMIT {self.row_cap + 1}"
        cursor = self._cursor()
        timer = threading.Timer(self.time_limit, cursor.interrupt)
        timer.start()
        try:
            frame = cursor.execute(capped, params).df()
        except duckdb.InterruptException:
            raise QueryTimeout(f"query {name!r} ran past {self.time_limit:g} s") from None
        except (duckdb.ConversionException, duckdb.InvalidInputException) as e:
            raise BadParameters(f"query {name!r}: {e}") from None
        except duckdb.CatalogException:  # e.g. a village query on the public edition
            raise NotHeld(f"query {name!r} reads tables this database does not hold") from None
        finally:
            timer.cancel()
            cursor.close()
        if len(frame) > self.row_cap:
            raise TooManyRows(f"query {name!r} returned more than {self.row_cap} rows")
        return frame
