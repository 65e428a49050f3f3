"""Fresh starts: the server started again and again, each time with its first page opened
in a browser at once, as after a deploy or a restart.

    python bench/starts.py [--db PATH] [--workers 2] [--starts 30]

Each start runs gunicorn on a free loopback port (bench/load.py: an official site, a
Redis shared by the starts) and, as soon as one worker answers, opens /map in headless
Chromium with an empty cache (the internet cut off, as in the browser tests): the browser asks the fresh
workers for the page and all its scripts at once. A start passes when the page renders
(the router fills the page and its heading shows) without a reload and the console holds
no error. Prints each failure and the count.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from common import CHECKOUT, ensure_database, verdict

sys.path.insert(0, str(CHECKOUT / "tests"))
from conftest import pytest_setup_options  # noqa: E402  the browser tests' offline options

from load import gunicorn, redis_server  # noqa: E402

RENDERED = "#root h1"  # the page's heading: only there once the router has answered


def browser() -> webdriver.Chrome:
    options = pytest_setup_options()
    for flag in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options)


def one_start(db: Path, workers: int, redis_url: str, scratch: Path) -> str | None:
    """None when the first page rendered without a reload, else what went wrong."""
    driver = browser()
    try:
        with gunicorn(db, workers, redis_url, scratch / "access.log",
                      error_log=scratch / "gunicorn.log") as (port, _master):
            # gunicorn() returns once one worker answers; the page is opened at once, so
            # its scripts go to workers that have taken no request yet.
            driver.get(f"http://localhost:{port}/map")
            try:
                WebDriverWait(driver, 60).until(
                    lambda d: d.find_elements(By.CSS_SELECTOR, RENDERED))
            except TimeoutException:
                return "the page did not render"
            errors = [entry["message"] for entry in driver.get_log("browser")
                      if entry["level"] == "SEVERE"]
            return "; ".join(errors) or None
    finally:
        driver.quit()


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--db", type=Path, required=True)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--starts", type=int, default=30)
    args = p.parse_args()
    db = ensure_database(args.db)
    failures = 0
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as scratch, redis_server() as redis_url:
        for n in range(1, args.starts + 1):
            problem = one_start(db, args.workers, redis_url, Path(scratch))
            if problem:
                failures += 1
                print(f"start {n}: {problem}")
    print(f"{args.starts} starts of {args.workers} workers in {time.monotonic() - started:.0f} s: "
          f"{args.starts - failures} first pages rendered without a reload, {failures} did not "
          f"(target: every one): {verdict(failures == 0)}")


if __name__ == "__main__":
    main()
