"""The poverty-dashboard command as a user runs it: exit codes, messages, files left behind."""

import hashlib
import os
import subprocess
import sys

from test_ingest import write_good_dir


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_build_honours_poverty_db_and_shows_progress(tmp_path):
    db = tmp_path / "env.duckdb"
    result = run("build", "--scale", "0.0005", "--seed", "3", env={"POVERTY_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert "boundaries done in" in result.stderr and "rollups done in" in result.stderr
    assert not list(tmp_path.glob(".*building*"))


def test_build_refuses_a_nonsense_scale(tmp_path):
    result = run("build", "--scale", "-1", "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert "scale must be in (0, 2]" in result.stderr


def test_ingest_good_then_bad_keeps_the_good_database(tmp_path):
    db = tmp_path / "real.duckdb"
    source = write_good_dir(tmp_path / "export")
    assert run("ingest", str(source), "--db", str(db)).returncode == 0
    before = digest(db)

    households = source / "households.csv"
    lines = households.read_text().splitlines()
    header = lines[0].split(",")
    row = lines[1].split(",")
    row[header.index("identified_year")] = "twenty"
    households.write_text("\n".join([lines[0], ",".join(row), *lines[2:]]) + "\n")

    result = run("ingest", str(source), "--db", str(db))
    assert result.returncode == 1
    assert "households.csv:2: identified_year: 'twenty' is not an integer year" in result.stderr
    assert "was left as it was" in result.stderr
    assert digest(db) == before


def test_ingest_of_a_missing_folder_says_so(tmp_path):
    result = run("ingest", str(tmp_path / "nowhere"), "--db", str(tmp_path / "x.duckdb"))
    assert result.returncode == 2
    assert "is not a folder" in result.stderr
