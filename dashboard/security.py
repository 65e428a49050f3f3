"""Hardening for every response: security headers, one error handler, rate and size limits.

No request may ever get a 500 or a traceback (issue "Three audiences, one codebase"):
an access check that fails is a 403, a query that cannot be answered a 400, and any
other failure, such as a hand-made callback POST Dash cannot dispatch, is logged here
and answered with a short 400.
"""

import logging
import threading
import time
from collections import deque

import dash
import redis
from flask import Flask, Response, current_app, request
from werkzeug.exceptions import HTTPException
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wsgi import LimitedStream

from dashboard import cache, settings
from dashboard.db import AccessDenied, QueryError

log = logging.getLogger(__name__)

MAX_REQUEST_BYTES = 1024 * 1024  # a callback POST is a few kilobytes
# A refused request's body is read to its end, up to this size, so that the connection can
# carry the client's next request: gunicorn drains only 64 kB of an unread body, then closes
# a connection it has just announced as kept alive. A larger body is refused with
# "Connection: close" (dashboard/server.py's pre_request hook).
DISCARD_BYTES = 8 * MAX_REQUEST_BYTES
CALLBACK_PATH = "/_dash-update-component"


def rate_limit(limit: int, scope: str, seconds: float = 60.0):
    """At most `limit` events per key and `seconds`: counted in the Redis all workers and
    machines share when REDIS_URL is set, else in this process."""
    shared = cache.shared_redis()
    local = SlidingWindow(limit, seconds)
    return local if shared is None else SharedWindow(shared, limit, scope, seconds, local)


class SlidingWindow:
    """At most `limit` events per key in any `seconds`, counted in this process only.

    Each gunicorn worker keeps its own count, so with N workers a client may get up to
    N times the limit: generous limits make that acceptable (see docs/security.md).
    """

    def __init__(self, limit: int, seconds: float = 60.0, clock=time.monotonic):
        self.limit, self.seconds, self.clock = limit, seconds, clock
        self._events: dict[str, deque] = {}
        self._lock = threading.Lock()

    def allow(self, key: str) -> bool:
        now = self.clock()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and events[0] <= now - self.seconds:
                events.popleft()
            if len(events) >= self.limit:
                return False
            events.append(now)
            if len(self._events) > 10_000:  # forget idle clients so memory stays bounded
                self._events = {k: v for k, v in self._events.items() if v}
            return True


class SharedWindow:
    """At most `limit` events per key in each `seconds`-long window, counted in Redis.

    Fixed windows (one counter per key and window, expiring after it) cost one round trip
    per event; a client may get up to twice the limit across a window's edge. While Redis
    cannot be reached, each process counts on its own (`fallback`), asking Redis again
    only after the breaker's pause.
    """

    def __init__(self, shared: cache.SharedRedis, limit: int, scope: str, seconds: float,
                 fallback: SlidingWindow, clock=time.time):
        self.client, self.breaker = shared.client, shared.breaker
        self.limit, self.scope, self.seconds = limit, scope, seconds
        self.fallback, self.clock = fallback, clock

    def allow(self, key: str) -> bool:
        if self.breaker.open:
            return self.fallback.allow(key)
        window = int(self.clock() // self.seconds)
        counter = f"{cache.KEY_PREFIX}rate:{self.scope}:{key}:{window}"
        try:
            count, _ = (self.client.pipeline().incr(counter)
                        .expire(counter, int(self.seconds) + 1).execute())
        except redis.RedisError as e:
            self.breaker.trip()
            log.warning("rate limits counted in this process for %g s, Redis unavailable: %s",
                        self.breaker.pause, e)
            return self.fallback.allow(key)
        return count <= self.limit


def client_ip() -> str:
    """The client's address (behind proxies, POVERTY_TRUSTED_PROXIES makes it the client's)."""
    return request.remote_addr or "unknown"


def content_security_policy(script_hashes) -> str:
    """Only this server's files; Dash's one inline script by hash; blob workers for MapLibre."""
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'", *script_hashes],
        # Plotly and Dash set styles on elements and add <style> rules at run time.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "worker-src": ["'self'", "blob:"],  # MapLibre starts its workers from blob: URLs
        "child-src": ["'self'", "blob:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def _discard(stream) -> None:
    while stream.read(64 * 1024):
        pass


def read_to_end(response: Response) -> Response:
    """After every request: whatever the answer, the body is read to its end, so the next
    request on the connection starts where this one ends (a refusal need not have read it).
    A body within the limit through the request's own stream, which knows what was read
    already; a larger one, which Werkzeug refuses (413) without reading, from the input
    itself, up to DISCARD_BYTES."""
    length = request.content_length or 0
    if 0 < length <= MAX_REQUEST_BYTES:
        _discard(request.stream)
    elif MAX_REQUEST_BYTES < length <= DISCARD_BYTES:
        _discard(LimitedStream(request.environ["wsgi.input"], length))
    return response


def short(status: int, message: str) -> Response:
    """A plain-text answer that says what went wrong and nothing more."""
    return Response(message.rstrip() + "\n", status=status, mimetype="text/plain")


def handle_error(error: Exception):
    """The one error handler: 403 for a refused query, 400 for anything else that fails."""
    if isinstance(error, AccessDenied):
        return short(403, "Not permitted. 无权访问。")
    if isinstance(error, QueryError):
        return short(400, f"Bad request: {str(error)[:200]}")
    if isinstance(error, HTTPException) and error.code is not None and error.code < 500:
        return error
    current_app.logger.exception("request failed: %s %s", request.method, request.path)
    return short(400, "Bad request.")


def install(app: dash.Dash, public: bool) -> None:
    """Headers, the error handler and the limits; call after every callback is registered."""
    server: Flask = app.server
    server.debug = False
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = content_security_policy(app.csp_hashes())

    @server.after_request
    def headers(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = policy
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Referrer-Policy"] = "same-origin"
        return response

    server.register_error_handler(Exception, handle_error)
    server.after_request(read_to_end)
    if proxies := settings.trusted_proxies():  # rate limits count clients, not the proxy
        server.wsgi_app = ProxyFix(server.wsgi_app, x_for=proxies, x_proto=proxies)
    if public:
        limit = rate_limit(settings.callbacks_per_minute(), "callbacks")

        @server.before_request
        def limit_callbacks():
            if request.path == CALLBACK_PATH and not limit.allow(client_ip()):
                return short(429, "Too many requests: wait a minute. 请求过多，请稍候。")
