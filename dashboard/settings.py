"""Where things live and how the server runs, from the environment with safe defaults."""

import functools
import os
import secrets
import stat
from datetime import timedelta
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parents[1]
PRIVATE_FOLDER_MODE = 0o700
DEFAULT_SCALE = 0.02
DEFAULT_SEED = 2014


def data_dir() -> Path:
    """The data folder: POVERTY_DATA_DIR, else data/ in the checkout. It holds the database,
    the accounts and the session key, so only its owner may enter it (0700)."""
    return _private(Path(os.environ.get("POVERTY_DATA_DIR", CHECKOUT / "data")))


@functools.cache
def _private(folder: Path) -> Path:
    """The folder, created 0700, or narrowed to 0700 when it is this user's and looser."""
    folder.mkdir(mode=PRIVATE_FOLDER_MODE, parents=True, exist_ok=True)
    mode = folder.stat()
    if stat.S_IMODE(mode.st_mode) & 0o077 and mode.st_uid == os.getuid():
        folder.chmod(PRIVATE_FOLDER_MODE)
    return folder


def db_path() -> Path:
    """The database file: POVERTY_DB, else data/poverty.duckdb in the checkout."""
    if path := os.environ.get("POVERTY_DB"):
        return Path(path)
    return data_dir() / "poverty.duckdb"


def cache_dir() -> Path:
    """Where the simplified boundaries are cached between builds."""
    return data_dir() / "cache"


def debug() -> bool:
    return os.environ.get("POVERTY_DEBUG", "") == "1"


def accounts_path() -> Path:
    """The accounts database: POVERTY_ACCOUNTS, else accounts.sqlite in the data folder."""
    if path := os.environ.get("POVERTY_ACCOUNTS"):
        return Path(path)
    return data_dir() / "accounts.sqlite"


def public_db_path(db: Path) -> Path:
    """Where the public edition of a full database is published beside it."""
    return db.with_name(f"{db.stem}.public{db.suffix}")


def secret_key() -> str:
    """The key that signs session cookies: POVERTY_SECRET_KEY, else a key file made once."""
    if key := os.environ.get("POVERTY_SECRET_KEY"):
        return key
    path = data_dir() / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written whole under another name, readable by this user only, then linked into
        # place: workers starting together all read the one key that won.
        scratch = path.with_name(f".secret_key.{os.getpid()}.{secrets.token_hex(4)}")
        fd = os.open(scratch, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(secrets.token_hex(32))
        try:
            os.link(scratch, path)
        except FileExistsError:
            pass
        finally:
            scratch.unlink()
    return path.read_text(encoding="ascii").strip()


def _number(name: str, default: float) -> float:
    return float(os.environ.get(name, default))


def session_idle() -> timedelta:
    """A session ends after this long without a request."""
    return timedelta(minutes=_number("POVERTY_SESSION_IDLE_MINUTES", 30))


def session_max() -> timedelta:
    """A session ends this long after sign-in, however busy."""
    return timedelta(hours=_number("POVERTY_SESSION_MAX_HOURS", 8))


def secure_cookies() -> bool:
    """Send the session cookie over HTTPS only: set POVERTY_SECURE_COOKIES=1 behind TLS."""
    return os.environ.get("POVERTY_SECURE_COOKIES", "") == "1"


def signin_per_minute() -> int:
    return int(_number("POVERTY_SIGNIN_PER_MINUTE", 20))


def callbacks_per_minute() -> int:
    """Callback requests per client address and minute on the public site."""
    return int(_number("POVERTY_CALLBACKS_PER_MINUTE", 600))


def trusted_proxies() -> int:
    """How many reverse proxies in front of the app set X-Forwarded-For (0: none)."""
    return int(_number("POVERTY_TRUSTED_PROXIES", 0))


def deployment() -> dict:
    """create_app's options for dashboard.wsgi from the environment: an official site by default."""
    public = os.environ.get("POVERTY_PUBLIC", "") == "1"
    return {"public": public,
            "require_login": os.environ.get("POVERTY_REQUIRE_LOGIN", "") == "1",
            "accounts_path": None if public else accounts_path()}
