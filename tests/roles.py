"""Helpers shared by the access tests: accounts for each role, signing in, crafted callbacks."""

import json
import re

import duckdb

from dashboard.app import create_app
from dashboard.auth import Accounts

LIBO, ZHAOJUE, GUIZHOU = "522722", "513431", "520000"
PASSWORD = "correct horse battery staple"
# name -> (role, jurisdiction): the four readers the issue names, the public aside.
ROLES = {"libo": ("official", LIBO), "guizhou": ("analyst", GUIZHOU), "nation": ("official", "all")}
SECRET = "test-secret-" + "k" * 32


def village_of(db_path, county: str) -> int:
    """A village of the county in the test database, found with SQL, not hard-coded."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return con.execute("SELECT min(village_id) FROM villages WHERE county_adcode = ?",
                           [county]).fetchone()[0]
    finally:
        con.close()


def make_accounts(path) -> Accounts:
    accounts = Accounts(path)
    for name, (role, jurisdiction) in ROLES.items():
        accounts.add(name, PASSWORD, role, jurisdiction)
    return accounts


def csrf_of(client, path: str = "/signin") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def sign_in(client, name: str, password: str = PASSWORD, target: str = "/"):
    """Post the sign-in form as a browser would, token included; returns the response."""
    return client.post("/signin", data={"csrf_token": csrf_of(client), "username": name,
                                        "password": password, "next": target})


def callback(client, output: str, inputs: list, state: list = ()):
    """POST /_dash-update-component the way the browser does; inputs/state are (id, prop, value)."""
    def item(spec):
        component, prop, value = spec
        return {"id": component, "property": prop, "value": value}

    # Several outputs are joined as "..a.b...c.d.." and sent as a list.
    outputs = [dict(zip(("id", "property"), part.split(".", 1)))
               for part in output.strip(".").split("...")]
    body = {"output": output, "outputs": outputs if output.startswith("..") else outputs[0],
            "inputs": [item(i) for i in inputs], "state": [item(s) for s in state],
            "changedPropIds": [f"{i[0]}.{i[1]}" for i in inputs]}
    return client.post("/_dash-update-component", json=body)


def page(client, path: str, search: str = "") -> str:
    """The router's answer for a path as JSON text (what the browser would render)."""
    response = callback(client, "root.children", [("url", "pathname", path)],
                        [("url", "search", search)])
    assert response.status_code == 200, response.get_data(as_text=True)
    return json.dumps(response.get_json(), ensure_ascii=False)


def signed_in_client(demo_db, public_db, folder, name: str):
    """A test client of an official site, signed in as one of make_accounts' users."""
    accounts = make_accounts(folder / "accounts.sqlite")
    site = create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)
    client = site.server.test_client()
    sign_in(client, name)
    return client
