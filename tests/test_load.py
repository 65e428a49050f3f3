"""A short load test: two gunicorn workers and a real Redis behind bench/load.py."""

import json
import subprocess
import sys

from conftest import CHECKOUT


def test_two_workers_share_redis_and_answer_every_request(demo_db, public_db, tmp_path):
    """The workers find the public edition current beside the database (public_db)."""
    out = tmp_path / "load.json"
    result = subprocess.run(
        [sys.executable, "bench/load.py", "--db", str(demo_db), "--workers", "2",
         "--clients", "8", "--seconds", "5", "--json", str(out)],
        cwd=CHECKOUT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    figures = json.loads(out.read_text())
    assert figures["requests"] > 0 and figures["errors"] == 0
    by_worker = figures["requests_by_worker"]
    assert len(by_worker) == 2 and min(by_worker.values()) > 0  # both workers answered
    assert figures["redis_keys"] > 0  # the workers' query cache is the shared Redis
