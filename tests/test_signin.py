"""Sign-in: passwords, lock-out, sessions that end, CSRF, tampered cookies, the users command."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from flask.sessions import SecureCookieSessionInterface
from roles import (
    LIBO,
    PASSWORD,
    SECRET,
    callback,
    csrf_of,
    make_accounts,
    page,
    sign_in,
    village_of,
)

from dashboard import auth, settings
from dashboard.app import create_app
from dashboard.auth import AccountError, Accounts, safe_next
from layouts import ids


@pytest.fixture
def accounts(tmp_path):
    return make_accounts(tmp_path / "accounts.sqlite")


@pytest.fixture
def app(demo_db, public_db, accounts):
    return create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)


@pytest.fixture
def client(app):
    return app.server.test_client()


def households_csv(client, demo_db):
    """Ask for Libo's household files as the download button does."""
    key = {"village_id": village_of(demo_db, LIBO), "lang": "en"}
    return callback(client, f"{ids.VILLAGE_DOWNLOAD}.data",
                    [(ids.VILLAGE_HOUSEHOLDS_CSV, "n_clicks", 1)], [(ids.VILLAGE_KEY, "data", key)])


def test_the_right_password_starts_a_session_that_reads_household_files(client, demo_db):
    assert households_csv(client, demo_db).status_code == 403
    response = sign_in(client, "libo", target=f"/county/{LIBO}")
    assert response.status_code == 303 and response.headers["Location"] == f"/county/{LIBO}"
    assert households_csv(client, demo_db).status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


@pytest.mark.parametrize("name, password", [("libo", "wrong password!"), ("nobody", PASSWORD),
                                            ("libo", "")])
def test_a_wrong_name_or_password_gets_one_message_and_no_session(client, demo_db, name,
                                                                  password):
    response = sign_in(client, name, password)
    assert response.status_code in (400, 401)
    if password:
        assert "Sign-in failed. Check the user name and password." in response.get_data(True)
    assert households_csv(client, demo_db).status_code == 403


def test_five_failures_lock_the_account_even_against_the_right_password(client, accounts):
    for _ in range(auth.MAX_FAILURES):
        assert sign_in(client, "libo", "not the password").status_code == 401
    assert sign_in(client, "libo").status_code == 401
    assert accounts.check("libo", PASSWORD) is None
    later = time.time() + auth.LOCK_SECONDS + 1
    assert accounts.check("libo", PASSWORD, now=later).name == "libo"


@pytest.fixture
def checked(accounts, monkeypatch):
    """The passwords checked against libo's real hash (not the decoy), in order."""
    seen, real, libo = [], auth._verify, accounts.get("libo").password_hash

    def counting(password_hash, password):
        if password_hash == libo:
            seen.append(password)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "_verify", counting)
    return seen


def test_twenty_parallel_guesses_get_only_the_allowed_tries(client, accounts, checked):
    clients = [client.application.test_client() for _ in range(20)]
    with ThreadPoolExecutor(20) as pool:
        statuses = list(pool.map(lambda c: sign_in(c[1], "libo", f"guess {c[0]}").status_code,
                                 enumerate(clients)))
    assert statuses == [401] * 20
    assert len(checked) == auth.MAX_FAILURES
    assert accounts.check("libo", PASSWORD) is None  # locked, even to the right password
    assert len(checked) == auth.MAX_FAILURES


def test_the_right_password_is_refused_while_the_last_tries_are_being_checked(accounts,
                                                                               monkeypatch):
    """A lock is taken before the slow check, not after: guesses in flight count already."""
    real, in_check, release = auth._verify, threading.Semaphore(0), threading.Event()

    def slow_when_wrong(password_hash, password):
        if password != PASSWORD:
            in_check.release()
            release.wait(timeout=60)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "_verify", slow_when_wrong)
    with ThreadPoolExecutor(auth.MAX_FAILURES) as pool:
        guesses = [pool.submit(accounts.check, "libo", f"guess {n}")
                   for n in range(auth.MAX_FAILURES)]
        for _ in guesses:
            assert in_check.acquire(timeout=60)
        assert accounts.check("libo", PASSWORD) is None
        release.set()
        assert [g.result() for g in guesses] == [None] * auth.MAX_FAILURES


def test_a_right_password_after_four_failures_signs_in_and_unlocks(accounts):
    for _ in range(auth.MAX_FAILURES - 1):
        assert accounts.check("libo", "nope") is None
    assert accounts.check("libo", PASSWORD).name == "libo"
    assert accounts.check("libo", "nope") is None
    assert accounts.check("libo", PASSWORD).name == "libo"


def test_one_success_resets_the_failure_count(accounts):
    for _ in range(auth.MAX_FAILURES - 1):
        assert accounts.check("libo", "nope") is None
    assert accounts.check("libo", PASSWORD) is not None
    assert accounts.check("libo", "nope") is None
    assert accounts.check("libo", PASSWORD) is not None  # one failure since: not locked


@pytest.mark.parametrize("token", [None, "", "forged-token"])
def test_a_form_without_the_sessions_csrf_token_is_refused(client, demo_db, token):
    csrf_of(client)  # the session has a token; the post does not carry it
    data = {"username": "libo", "password": PASSWORD, "next": "/"}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/signin", data=data)
    assert response.status_code == 400
    assert "The form expired" in response.get_data(True)
    assert households_csv(client, demo_db).status_code == 403


@pytest.mark.parametrize("ended", ["seen", "began"])
def test_a_session_ends_when_idle_or_too_old(client, demo_db, ended):
    sign_in(client, "libo")
    assert households_csv(client, demo_db).status_code == 200
    limit = settings.session_idle() if ended == "seen" else settings.session_max()
    with client.session_transaction() as session:
        session[ended] = time.time() - limit.total_seconds() - 1
    assert households_csv(client, demo_db).status_code == 403
    assert "user" not in json.dumps(dict(client.session_transaction().__enter__()))


def test_a_tampered_session_cookie_reads_as_a_visitor(app, client, demo_db):
    sign_in(client, "libo")
    value = client.get_cookie("poverty_session").value
    client.set_cookie("poverty_session", value[:-3] + ("AAA" if value[-3:] != "AAA" else "BBB"))
    assert households_csv(client, demo_db).status_code == 403


def test_a_cookie_signed_with_another_key_reads_as_a_visitor(app, client, demo_db):
    now = time.time()
    forged = {"user": "nation", "began": now, "seen": now,
              "key": app.server.config["ACCOUNTS"].get("nation").session_key}
    other = app.server.__class__("other")
    other.secret_key = "not the key"
    signer = SecureCookieSessionInterface().get_signing_serializer(other)
    client.set_cookie("poverty_session", signer.dumps(forged))
    assert households_csv(client, demo_db).status_code == 403


@pytest.mark.parametrize("change", [
    lambda accounts: accounts.set_password("libo", "a brand new password"),
    lambda accounts: accounts.set_role("libo", "official", "520000"),
    lambda accounts: accounts.set_role("libo", "analyst", "520000"),
    lambda accounts: (accounts.remove("libo"),
                      accounts.add("libo", PASSWORD, "official", LIBO)),
    lambda accounts: accounts.end_sessions("libo"),
], ids=["password", "jurisdiction", "role", "removed and added again", "ended"])
def test_an_account_change_ends_its_sessions_at_once(app, client, accounts, demo_db, change):
    other_device = app.server.test_client()
    sign_in(client, "libo")
    sign_in(other_device, "libo")
    assert households_csv(client, demo_db).status_code == 200
    change(accounts)
    for device in (client, other_device):
        assert households_csv(device, demo_db).status_code == 403
        assert '"children": "libo"' not in page(device, "/")


def test_a_cookie_copied_before_sign_out_opens_nothing_after(app, client, demo_db):
    sign_in(client, "libo")
    copy = app.server.test_client()
    copy.set_cookie("poverty_session", client.get_cookie("poverty_session").value)
    assert households_csv(copy, demo_db).status_code == 200
    with client.session_transaction() as session:
        token = session["csrf"]
    assert client.post("/signout", data={"csrf_token": token}).status_code == 303
    assert households_csv(copy, demo_db).status_code == 403
    assert sign_in(client, "libo").status_code == 303  # signing in again starts a new session
    assert households_csv(client, demo_db).status_code == 200
    assert households_csv(copy, demo_db).status_code == 403


def test_an_accounts_file_from_before_revocable_sessions_still_signs_in(tmp_path):
    path = tmp_path / "old.sqlite"
    con = sqlite3.connect(path)
    con.execute("""CREATE TABLE accounts (name TEXT PRIMARY KEY, password_hash TEXT NOT NULL,
        role TEXT NOT NULL, jurisdiction TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0,
        locked_until REAL NOT NULL DEFAULT 0, created_at TEXT NOT NULL)""")
    con.execute("INSERT INTO accounts (name, password_hash, role, jurisdiction, created_at) "
                "VALUES ('old', ?, 'official', 'all', '2026-01-01')",
                (auth._HASHER.hash(PASSWORD),))
    con.commit()
    con.close()
    accounts = Accounts(path)
    assert accounts.check("old", PASSWORD).session_generation == 0
    accounts.end_sessions("old")
    assert accounts.get("old").session_generation == 1


def test_sign_out_needs_the_token_and_ends_the_session(client, demo_db):
    sign_in(client, "libo")
    assert client.post("/signout", data={}).status_code == 400
    client.get("/signout")  # a link or an image on another page cannot sign anyone out
    assert households_csv(client, demo_db).status_code == 200
    with client.session_transaction() as session:
        token = session["csrf"]
    response = client.post("/signout", data={"csrf_token": token, "lang": "zh"})
    assert response.status_code == 303 and response.headers["Location"] == "/?lang=zh"
    assert households_csv(client, demo_db).status_code == 403


def test_sign_in_attempts_are_rate_limited_per_address(client):
    statuses = [sign_in(client, f"guess{n}", "wrong password").status_code for n in range(21)]
    assert statuses[:20] == [401] * 20 and statuses[20] == 429


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "evil", "/ok\r\nSet-Cookie: x=1"])
def test_after_sign_in_the_browser_never_leaves_the_site(target):
    assert safe_next(target) == "/"


def test_after_sign_in_the_browser_returns_where_it_was():
    assert safe_next("/county/522722?lang=zh") == "/county/522722?lang=zh"


def test_the_sign_in_page_is_bilingual_and_self_contained(client):
    english = client.get("/signin").get_data(True)
    chinese = client.get("/signin?lang=zh").get_data(True)
    assert "<h1>Sign in</h1>" in english and "<h1>登录</h1>" in chinese
    assert 'lang="zh-CN"' in chinese and "用户名" in chinese
    for form in (english, chinese):
        assert "http" not in form and "<script" not in form
        assert 'href="/assets/style.css"' in form


def test_the_header_names_the_user_their_role_and_jurisdiction(client):
    sign_in(client, "libo")
    text = page(client, "/")
    assert '"children": "libo"' in text and "Official · " in text
    assert '"children": "Libo County", "href": "/county/522722", "id": "home-link"' in text
    assert '"action": "/signout"' in text and ids.SIGN_OUT in text


def test_a_visitor_sees_a_sign_in_link(client):
    text = page(client, "/map")
    assert ids.SIGN_IN_LINK in text and "/signin?next=%2Fmap" in text


# ---------------------------------------------------------------- the accounts file

def test_no_account_is_shipped_and_the_file_is_private(tmp_path):
    accounts = Accounts(tmp_path / "new" / "accounts.sqlite")
    assert accounts.all() == []
    assert stat.S_IMODE(os.stat(accounts.path).st_mode) == 0o600


def test_passwords_are_stored_as_argon2_hashes(accounts):
    stored = accounts.get("libo").password_hash
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize("name, role, jurisdiction, password, message", [
    ("x", "official", "520000,530000", PASSWORD, "one province or one county"),
    ("x", "analyst", LIBO, PASSWORD, "provinces"),
    ("x", "admin", "all", PASSWORD, "role must be"),
    ("x y", "official", "all", PASSWORD, "user names"),
    ("x", "official", "all", "short", "at least 10"),
    ("libo", "official", "all", PASSWORD, "already an account"),
])
def test_accounts_refuse_what_does_not_fit(accounts, name, role, jurisdiction, password, message):
    with pytest.raises(AccountError, match=message):
        accounts.add(name, password, role, jurisdiction)


def test_the_generated_session_key_is_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv("POVERTY_SECRET_KEY", raising=False)
    monkeypatch.setenv("POVERTY_DATA_DIR", str(tmp_path))
    key = settings.secret_key()
    assert len(key) == 64 and settings.secret_key() == key
    assert stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode) == 0o600


def users(*args, stdin: str = ""):
    return subprocess.run([sys.executable, "-m", "dashboard", "users", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)


def test_the_users_command_adds_lists_changes_and_removes(tmp_path):
    file = str(tmp_path / "accounts.sqlite")
    added = users("--accounts", file, "add", "zj", "--role", "official", "--jurisdiction",
                  "513431", "--password-stdin", stdin=PASSWORD + "\n")
    assert added.returncode == 0, added.stderr
    assert Accounts(file).check("zj", PASSWORD).role == "official"
    assert users("--accounts", file, "set-role", "zj", "--role", "analyst",
                 "--jurisdiction", "510000").returncode == 0
    assert users("--accounts", file, "list").stdout == "zj\tanalyst\t510000\n"
    assert users("--accounts", file, "set-password", "zj", "--password-stdin",
                 stdin="another long password\n").returncode == 0
    assert Accounts(file).check("zj", PASSWORD) is None
    assert Accounts(file).check("zj", "another long password").role == "analyst"
    assert users("--accounts", file, "remove", "zj").returncode == 0
    missing = users("--accounts", file, "remove", "zj")
    assert missing.returncode == 1 and "no account named 'zj'" in missing.stderr


def test_a_password_is_never_taken_from_the_command_line(tmp_path):
    result = users("--accounts", str(tmp_path / "a.sqlite"), "add", "zj", "--role", "official",
                   "--jurisdiction", "all", "--password", PASSWORD)
    assert result.returncode == 2 and "unrecognized arguments" in result.stderr


def test_serve_says_how_to_create_the_first_account(demo_db, tmp_path, capsys):
    from dashboard.cli import _prepare_official_site

    db = tmp_path / "site.duckdb"
    db.write_bytes(demo_db.read_bytes())
    _prepare_official_site(db, tmp_path / "accounts.sqlite")
    assert "users add NAME --role official --jurisdiction all" in capsys.readouterr().err
    assert settings.public_db_path(db).exists()
