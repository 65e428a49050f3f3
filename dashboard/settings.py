"""Where things live and how the server runs, from the environment with safe defaults."""

import os
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
DEFAULT_SCALE = 0.02
DEFAULT_SEED = 2014


def data_dir() -> Path:
    return Path(os.environ.get("POVERTY_DATA_DIR", CHECKOUT / "data"))


def db_path() -> Path:
    """The database file: POVERTY_DB, else data/poverty.duckdb in the checkout."""
    return Path(os.environ.get("POVERTY_DB", data_dir() / "poverty.duckdb"))


def cache_dir() -> Path:
    """Where the simplified boundaries are cached between builds."""
    return data_dir() / "cache"


def debug() -> bool:
    return os.environ.get("POVERTY_DEBUG", "") == "1"
