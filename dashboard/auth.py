"""Sign-in for officials and analysts: accounts, sessions in signed cookies, CSRF, lock-out.

Accounts live in a small SQLite file beside the DuckDB database (the app opens DuckDB
read-only), passwords hashed with argon2. A session is Flask's signed cookie holding the
user name, when the session began and when it was last used, and the account's session
key: it ends after settings.session_idle() without a request, settings.session_max()
after sign-in, and, for every session of the user at once, at sign-out or when the
account's password, role or jurisdiction changes or it is removed (the key changes). The
sign-in page is a small server-rendered form in the app's style, English or Chinese, with
no script at all.
"""

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from html import escape
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask, Response, abort, current_app, g, redirect, request, session

from dashboard import access, settings
from dashboard.security import client_ip, rate_limit, short
from layouts.i18n import html_lang, language, other_language, pick, t
from layouts.state import href

MAX_FAILURES = 5  # wrong passwords in a row before an account is locked
LOCK_SECONDS = 15 * 60
MIN_PASSWORD = 10
USERNAME = re.compile(r"[A-Za-z0-9_.@-]{1,64}")
SESSION_KEYS = ("user", "began", "seen", "key")  # what a signed-in session holds
OPEN_PATHS = ("/signin", "/assets/", "/_favicon.ico")  # reachable before sign-in
_HASHER = PasswordHasher()


class AccountError(ValueError):
    """A bad user name, role, jurisdiction or password; the message says which."""


@dataclass(frozen=True)
class Account:
    name: str
    role: str
    jurisdiction: str  # "all", or adcodes separated by commas
    password_hash: str
    session_generation: int = 0  # counts the times every session of the account was ended

    @property
    def user(self) -> access.User:
        return access.User(self.name, self.role,
                           access.parse_jurisdiction(self.jurisdiction, self.role))

    @property
    def session_key(self) -> str:
        """What a session must carry to be the account's: it changes with the password, the
        role, the jurisdiction and at every sign-out, and each change ends every session."""
        facts = (self.password_hash, self.role, self.jurisdiction, str(self.session_generation))
        return hashlib.sha256("\0".join(facts).encode()).hexdigest()[:32]


@cache
def _decoy_hash() -> str:
    return _HASHER.hash(secrets.token_hex(16))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_new(name: str, role: str, jurisdiction: str, password: str | None = None) -> None:
    """AccountError unless the name, role, jurisdiction (and password) make a valid account."""
    if not USERNAME.fullmatch(name):
        raise AccountError("user names are 1-64 letters, digits and . _ @ -")
    try:
        access.parse_jurisdiction(jurisdiction, role)
    except ValueError as e:
        raise AccountError(str(e)) from None
    if password is not None and len(password) < MIN_PASSWORD:
        raise AccountError(f"passwords need at least {MIN_PASSWORD} characters")


class Accounts:
    """The accounts file: who may sign in, with which role and jurisdiction."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():  # password hashes: readable by this user only
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        con = sqlite3.connect(self.path, timeout=10)
        con.execute("""CREATE TABLE IF NOT EXISTS accounts (
            name TEXT PRIMARY KEY, password_hash TEXT NOT NULL, role TEXT NOT NULL,
            jurisdiction TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
            locked_until REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL,
            session_generation INTEGER NOT NULL DEFAULT 0)""")
        columns = {row[1] for row in con.execute("PRAGMA table_info(accounts)")}
        if "session_generation" not in columns:  # a file written before sessions could end
            with con:
                con.execute("ALTER TABLE accounts ADD COLUMN "
                            "session_generation INTEGER NOT NULL DEFAULT 0")
        return con

    def add(self, name: str, password: str, role: str, jurisdiction: str) -> None:
        check_new(name, role, jurisdiction, password)
        areas = access.jurisdiction_text(access.parse_jurisdiction(jurisdiction, role))
        with closing(self._connect()) as con, con:
            try:
                con.execute("INSERT INTO accounts (name, password_hash, role, jurisdiction, "
                            "created_at) VALUES (?, ?, ?, ?, ?)",
                            (name, _HASHER.hash(password), role, areas,
                             datetime.now(timezone.utc).isoformat(timespec="seconds")))
            except sqlite3.IntegrityError:
                raise AccountError(f"there is already an account named {name!r}") from None

    def remove(self, name: str) -> bool:
        with closing(self._connect()) as con, con:
            return con.execute("DELETE FROM accounts WHERE name = ?", (name,)).rowcount == 1

    def set_role(self, name: str, role: str, jurisdiction: str) -> bool:
        check_new(name, role, jurisdiction)
        areas = access.jurisdiction_text(access.parse_jurisdiction(jurisdiction, role))
        with closing(self._connect()) as con, con:
            return con.execute("UPDATE accounts SET role = ?, jurisdiction = ? WHERE name = ?",
                               (role, areas, name)).rowcount == 1

    def set_password(self, name: str, password: str) -> bool:
        if len(password) < MIN_PASSWORD:
            raise AccountError(f"passwords need at least {MIN_PASSWORD} characters")
        with closing(self._connect()) as con, con:
            return con.execute("UPDATE accounts SET password_hash = ? WHERE name = ?",
                               (_HASHER.hash(password), name)).rowcount == 1

    def end_sessions(self, name: str) -> None:
        """Every session of the account ends now, on every worker and machine sharing the file."""
        with closing(self._connect()) as con, con:
            con.execute("UPDATE accounts SET session_generation = session_generation + 1 "
                        "WHERE name = ?", (name,))

    _COLUMNS = "name, role, jurisdiction, password_hash, session_generation"

    def get(self, name: str) -> Account | None:
        with closing(self._connect()) as con:
            row = con.execute(f"SELECT {self._COLUMNS} FROM accounts WHERE name = ?",
                              (name,)).fetchone()
        return Account(*row) if row else None

    def all(self) -> list[Account]:
        with closing(self._connect()) as con:
            rows = con.execute(f"SELECT {self._COLUMNS} FROM accounts ORDER BY name").fetchall()
        return [Account(*row) for row in rows]

    def check(self, name: str, password: str, now: float | None = None) -> Account | None:
        """The account when the password is right and the account is not locked; else None.

        The attempt is counted as a failure before its password is checked, in one statement,
        and the attempt that reaches MAX_FAILURES locks the account: guesses sent in parallel
        get MAX_FAILURES checks between them, however many are in flight. A right password
        then takes its failure back, and lifts the lock only if its own attempt set it.
        """
        now = time.time() if now is None else now
        lock = now + LOCK_SECONDS
        with closing(self._connect()) as con:
            with con:
                row = con.execute(
                    "UPDATE accounts SET "
                    "failures = CASE WHEN failures + 1 >= :most THEN 0 ELSE failures + 1 END, "
                    "locked_until = CASE WHEN failures + 1 >= :most THEN :lock "
                    "ELSE locked_until END "
                    "WHERE name = :name AND locked_until <= :now "
                    "RETURNING password_hash, locked_until",
                    {"most": MAX_FAILURES, "lock": lock, "name": name, "now": now}).fetchone()
            # An unknown name costs a hash too, and so does a locked account: the time an
            # answer takes tells nothing.
            if row is None:
                _verify(_decoy_hash(), password)
                return None
            password_hash, locked_until = row
            if not _verify(password_hash, password):
                return None
            with con:
                con.execute("UPDATE accounts SET failures = 0, locked_until = CASE "
                            "WHEN locked_until = :mine THEN 0 ELSE locked_until END "
                            "WHERE name = :name", {"mine": lock, "name": name})
                if _HASHER.check_needs_rehash(password_hash):
                    con.execute("UPDATE accounts SET password_hash = ? WHERE name = ?",
                                (_HASHER.hash(password), name))
        return self.get(name)


# ---------------------------------------------------------------- sessions and CSRF

def begin_session(account: Account) -> None:
    session.clear()  # nothing from before sign-in carries over
    session.permanent = True
    now = time.time()
    session.update(user=account.name, began=now, seen=now, key=account.session_key,
                   csrf=secrets.token_urlsafe(32))  # a new token for the new session


def end_session() -> None:
    for key in SESSION_KEYS:
        session.pop(key, None)


def _session_account(now: float) -> Account | None:
    """The signed-in account, or None when there is none or the session has ended."""
    name, began, seen = (session.get(key) for key in ("user", "began", "seen"))
    if not isinstance(name, str) or not all(isinstance(v, (int, float)) for v in (began, seen)):
        return None
    if (now - began > settings.session_max().total_seconds()
            or now - seen > settings.session_idle().total_seconds()):
        return None
    account = current_app.config["ACCOUNTS"].get(name)
    if account is None or not hmac.compare_digest(str(session.get("key", "")),
                                                 account.session_key):
        return None
    return account


def load_user() -> None:
    """Before every request: who is asking, from the signed session cookie."""
    now = time.time()
    account = _session_account(now) if "user" in session else None
    try:
        g.user = account.user if account else None
    except ValueError:  # a jurisdiction the accounts file should never hold
        g.user = None
    if "user" in session and g.user is None:
        end_session()
    elif g.user is not None and now - session["seen"] > 60:
        session["seen"] = now  # rewrite the cookie at most once a minute


def require_login():
    """Before every request when the site is closed: nothing without signing in first."""
    if g.get("user") is not None or request.path.startswith(OPEN_PATHS):
        return None
    if request.method == "GET" and not request.path.startswith(("/_dash", "/geo/", "/api")):
        return redirect("/signin?" + urlencode({"next": request.full_path.rstrip("?")}), 303)
    return short(401, "Sign in first. 请先登录。")


def csrf_token() -> str:
    """The session's token that every form posts back."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def _csrf_ok() -> bool:
    sent, kept = request.form.get("csrf_token", ""), session.get("csrf", "")
    return bool(sent) and bool(kept) and hmac.compare_digest(str(sent), str(kept))


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site, never another site."""
    if not target or any(c in target for c in "\\\r\n") or target.startswith("//"):
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return "/"
    return target


# ---------------------------------------------------------------- the pages

L = {
    "title": ("Sign in", "登录"),
    "lede": ("Officials and analysts sign in to see their jurisdiction's villages and "
             "household files. Everyone can read the public pages without an account.",
             "干部和分析人员登录后可查看本辖区的村级数据和贫困户档案。"
             "公开页面无需登录即可浏览。"),
    "username": ("User name", "用户名"),
    "password": ("Password", "密码"),
    "submit": ("Sign in", "登录"),
    "failed": ("Sign-in failed. Check the user name and password. After "
               f"{MAX_FAILURES} failed attempts an account is locked for "
               f"{LOCK_SECONDS // 60} minutes.",
               "登录失败，请检查用户名和密码。"
               f"连续失败{MAX_FAILURES}次后，账户将锁定"
               f"{LOCK_SECONDS // 60}分钟。"),
    "too_many": ("Too many sign-in attempts from this address: wait a minute.",
                 "此地址登录尝试过多，请一分钟后再试。"),
    "expired_form": ("The form expired. Please try again.", "表单已过期，请重试。"),
    # {command} is set as code: it is typed as written, in either language.
    "help": ("Accounts are created by the administrator with {command}.",
             "账户由管理员使用 {command} 创建。"),
}


def _text(key: str, lang: str) -> str:
    return pick(L[key], lang)


def signin_page(lang: str, target: str, error: str | None = None, name: str = "") -> str:
    """The sign-in form, in the app's style, with nothing from outside this server."""
    other = other_language(lang)
    switch = href("/signin", other, next=target)
    home = href("/", lang)
    message = (f'<p class="status-card signin-error" role="alert">{escape(_text(error, lang))}</p>'
               if error else "")
    return f"""<!DOCTYPE html>
<html lang="{html_lang(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(_text("title", lang))} · {escape(t("product", lang))}</title>
<link rel="stylesheet" href="/assets/style.css">
</head>
<body>
<header class="site-header">
<div class="product">{escape(t("product", lang))}</div>
<nav aria-label="{escape(t("nav_pages", lang))}"><a href="{home}">{escape(t("overview", lang))}</a>
<a href="{escape(switch)}" lang="{html_lang(other)}" class="lang">{escape(t("language", lang))}</a></nav>
</header>
<main class="page signin-page" id="main">
<h1>{escape(_text("title", lang))}</h1>
<p class="lede">{escape(_text("lede", lang))}</p>
{message}
<form method="post" action="/signin" class="signin-form">
<input type="hidden" name="csrf_token" value="{escape(csrf_token())}">
<input type="hidden" name="next" value="{escape(target)}">
<input type="hidden" name="lang" value="{lang}">
<label for="username">{escape(_text("username", lang))}</label>
<input id="username" name="username" autocomplete="username" required maxlength="64"
 value="{escape(name)}" autofocus>
<label for="password">{escape(_text("password", lang))}</label>
<input id="password" name="password" type="password" autocomplete="current-password" required
 maxlength="1024">
<button type="submit">{escape(_text("submit", lang))}</button>
</form>
<p class="note">{escape(_text("help", lang)).format(
    command="<code>poverty-dashboard users add</code>")}</p>
</main>
</body>
</html>
"""


def _page(lang: str, target: str, status: int = 200, error: str | None = None,
          name: str = "") -> Response:
    response = Response(signin_page(lang, target, error, name), status=status,
                        mimetype="text/html")
    response.headers["Cache-Control"] = "no-store"
    return response


def signin() -> Response:
    """GET shows the form; POST checks it, rate-limited per address, and starts a session."""
    lang = language(request.values)
    target = safe_next(request.values.get("next"))
    if request.method == "GET":
        return _page(lang, target)
    if not current_app.config["SIGNIN_LIMIT"].allow(client_ip()):
        return _page(lang, target, 429, "too_many")
    if not _csrf_ok():
        return _page(lang, target, 400, "expired_form")
    name = request.form.get("username", "")[:64]
    password = request.form.get("password", "")[:1024]
    account = current_app.config["ACCOUNTS"].check(name, password) if name and password else None
    if account is None:
        return _page(lang, target, 401, "failed", name)
    begin_session(account)
    if target == "/":  # no page to return to: the reader's own jurisdiction
        target = current_app.config["HOME_PATH"](account.user, lang)
    return redirect(target, 303)


def signout() -> Response:
    """POST with the session's CSRF token ends every session of the user, on every device:
    a copy of the cookie taken before opens nothing after."""
    if not _csrf_ok():
        abort(400)
    if g.get("user") is not None:
        current_app.config["ACCOUNTS"].end_sessions(g.user.name)
    session.clear()
    return redirect(href("/", language(request.form)), 303)


def install(server: Flask, accounts: Accounts, secret_key: str, require_login_first: bool) -> None:
    """Sessions, the sign-in and sign-out routes and, for a closed site, the login gate."""
    server.secret_key = secret_key
    server.config.update(
        ACCOUNTS=accounts, SIGNIN_LIMIT=rate_limit(settings.signin_per_minute(), "signin"),
        SESSION_COOKIE_NAME="poverty_session", SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax", SESSION_COOKIE_SECURE=settings.secure_cookies(),
        PERMANENT_SESSION_LIFETIME=settings.session_max(),
    )
    server.before_request(load_user)
    if require_login_first:
        server.before_request(require_login)
    server.add_url_rule("/signin", "signin", signin, methods=["GET", "POST"])
    server.add_url_rule("/signout", "signout", signout, methods=["POST"])
