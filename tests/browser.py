"""Helpers shared by the browser tests."""

import time
from urllib.parse import parse_qs, urlparse


def wait_until(condition, timeout: float = 20) -> None:
    """Poll `condition` until it holds; fail the test when it never does."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def address(dash_duo) -> dict:
    """The browser's current path and query parameters."""
    url = urlparse(dash_duo.driver.current_url)
    return {"path": url.path, **{k: v[0] for k, v in parse_qs(url.query).items()}}
