"""Query results cached across requests, workers and machines, keyed by the database's build.

In-process (flask-caching's SimpleCache) by default; a shared Redis when REDIS_URL is
set, so every worker on every machine reuses what one of them computed, with each
worker's most recent answers kept in front of it. A result is stored as Arrow IPC bytes:
Redis is a trust boundary, and nothing read back from it is ever unpickled.
"""

import functools
import json
import logging
import os
import time
from dataclasses import dataclass
from typing import Callable

import pyarrow as pa
import redis
from flask_caching.backends import RedisCache, SimpleCache
from redis.backoff import NoBackoff
from redis.retry import Retry

from queries.results import Answer

log = logging.getLogger(__name__)

KEY_PREFIX = "poverty:"
# A new build changes every key, so an old build's entries are never read again; expiring
# them after a day clears a shared Redis without anyone having to flush it.
REDIS_TIMEOUT = 24 * 3600
# About 2,000 results of a few kB to a few hundred kB: tens of MB per worker at most.
LOCAL_ENTRIES = 2000
# With Redis, the most recent answers each worker keeps in front of it: a map page's
# answers are a few to a few tens of kB, so about 10 MB per worker.
NEAR_ENTRIES = 500
# The longest a cache read or a rate-limit count waits on Redis, connecting or answering.
# A healthy Redis on the local network answers in under a millisecond; a frozen one then
# costs a request at most this, once per Breaker pause.
REDIS_WAIT = 0.1


class BytesOnly:
    """A cachelib serializer that stores bytes as they are and refuses anything else."""

    def dumps(self, value) -> bytes:
        if not isinstance(value, bytes):
            raise TypeError(f"only bytes are cached, not {type(value).__name__}")
        return value

    def loads(self, value: bytes | None) -> bytes | None:
        return value


class ArrowRedisCache(RedisCache):
    serializer = BytesOnly()  # cachelib's default would unpickle whatever Redis hands back


class LocalCache(SimpleCache):
    serializer = BytesOnly()  # no pickling round trip for bytes that are already serialised


def cache_key(build_id: str, name: str, params: dict) -> str:
    """One key per build, query and parameter values: a new build never reads an old answer."""
    return f"{build_id}:{name}:{json.dumps(params, sort_keys=True, default=str)}"


class Breaker:
    """Whether to skip Redis for now: for `pause` seconds after it fails.

    A Redis that stops answering costs a timeout (REDIS_WAIT) per call, and a page makes
    several: skipped after the first, it costs a worker one timeout per pause instead.
    """

    def __init__(self, pause: float = 10.0, clock=time.monotonic):
        self.pause, self.clock = pause, clock
        self._until = 0.0

    @property
    def open(self) -> bool:
        return self.clock() < self._until

    def trip(self) -> None:
        self._until = self.clock() + self.pause


class QueryCache:
    """The `cache(build_id, name, params, compute)` callable the query door calls.

    With a shared backend (Redis), `local` is a small cache in this process in front of it:
    the answers a worker is asked most never wait on Redis, and while Redis cannot be
    reached (a failure, or a timeout on a machine too busy to answer in REDIS_WAIT) the
    worker goes on from them, computing only what it does not hold.
    """

    def __init__(self, backend, timeout: int = 0, breaker: Breaker | None = None,
                 local: "LocalCache | None" = None):
        self.backend = backend
        self.timeout = timeout
        self.breaker = breaker or Breaker()
        self.local = local

    def __call__(self, build_id: str, name: str, params: dict,
                 compute: Callable[[], Answer]) -> Answer:
        key = cache_key(build_id, name, params)
        blob = self.local.get(key) if self.local is not None else None
        shared = blob is None
        if shared:
            blob = self._get(key)
        if blob is not None:
            try:
                answer = Answer.of_ipc(blob)
            except (pa.ArrowException, OSError):  # not Arrow: recomputed and overwritten
                log.warning("unreadable query cache entry %s", key)
            else:
                if shared and self.local is not None:
                    self.local.set(key, blob)
                return answer
        answer = compute()
        blob = answer.ipc()
        if self.local is not None:
            self.local.set(key, blob)
        self._set(key, blob)
        return answer

    # A cache outage may slow the dashboard down a little; it must not stop it.
    def _get(self, key: str) -> bytes | None:
        if self.breaker.open:
            return None
        try:
            return self.backend.get(key)
        except redis.RedisError as e:
            self.breaker.trip()
            log.warning("query cache unavailable for %g s, computing %s: %s",
                        self.breaker.pause, key, e)
            return None

    def _set(self, key: str, blob: bytes) -> None:
        if self.breaker.open:
            return
        try:
            self.backend.set(key, blob, timeout=self.timeout)
        except redis.RedisError as e:
            self.breaker.trip()
            log.warning("query cache unavailable for %g s, not storing %s: %s",
                        self.breaker.pause, key, e)


@dataclass(frozen=True)
class SharedRedis:
    """The Redis every worker and machine shares, and this process's breaker for it: one
    failure, in the query cache or a rate limit, pauses every use of it in the process."""
    client: redis.Redis
    breaker: Breaker


@functools.cache
def _shared(url: str) -> SharedRedis:
    # A call waits at most REDIS_WAIT and is not retried: redis-py would otherwise retry a
    # failed call (a dead Redis then costs several waits), and computing the answer or
    # counting in the process is always the fallback.
    client = redis.Redis.from_url(url, socket_connect_timeout=REDIS_WAIT,
                                  socket_timeout=REDIS_WAIT, retry=Retry(NoBackoff(), 0))
    return SharedRedis(client, Breaker())


def shared_redis() -> SharedRedis | None:
    """The Redis at REDIS_URL, one client per process, or None when REDIS_URL is unset."""
    url = os.environ.get("REDIS_URL")
    return _shared(url) if url else None


def from_environment() -> QueryCache:
    """Redis at REDIS_URL when it is set, else a cache in this process."""
    shared = shared_redis()
    if shared is None:
        return QueryCache(LocalCache(threshold=LOCAL_ENTRIES, default_timeout=0))
    return QueryCache(ArrowRedisCache(host=shared.client, key_prefix=KEY_PREFIX,
                                      default_timeout=REDIS_TIMEOUT),
                      timeout=REDIS_TIMEOUT, breaker=shared.breaker,
                      local=LocalCache(threshold=NEAR_ENTRIES, default_timeout=0))
