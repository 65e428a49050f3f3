"""The poverty-dashboard command as a user runs it: exit codes, messages, files left behind."""

import hashlib
import os
import stat
import subprocess
import sys

from test_ingest import write_good_dir


def run(*args, env=None):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True,
                          text=True, env={**os.environ, **(env or {})}, timeout=600)


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_build_honours_poverty_db_and_shows_progress(tmp_path):
    db = tmp_path / "env.duckdb"
    result = run("build", "--scale", "0.0005", "--seed", "3", env={"POVERTY_DB": str(db)})
    assert result.returncode == 0, result.stderr
    assert db.exists()
    assert "boundaries done in" in result.stderr and "rollups done in" in result.stderr
    assert not list(tmp_path.glob(".*building*"))


def test_the_data_folder_and_the_databases_in_it_are_private(tmp_path, demo_db):
    """Household files are readable by the owner only: the data folder 0700 (an existing
    one narrowed), every database written 0600, whatever the umask."""
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    os.chmod(data, 0o755)
    result = subprocess.run(
        [sys.executable, "-c", "import os, sys; os.umask(0o022); "
         "from dashboard.cli import main; sys.exit(main(sys.argv[1:]))",
         "publish", "--db", str(demo_db), "--out", str(data / "public.duckdb")],
        capture_output=True, text=True, timeout=600,
        env={**os.environ, "POVERTY_DATA_DIR": str(data)})
    assert result.returncode == 0, result.stderr
    assert mode(data) == 0o700
    assert mode(data / "public.duckdb") == 0o600
    assert mode(demo_db) == 0o600
    fresh = tmp_path / "new" / "data"
    assert run("users", "list", env={"POVERTY_DATA_DIR": str(fresh)}).returncode == 0
    assert mode(fresh) == 0o700 and mode(fresh / "accounts.sqlite") == 0o600


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
