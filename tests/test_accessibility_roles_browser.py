"""axe-core over every page, in both languages, signed in as each role (the visitor and
the public site are in test_accessibility_browser.py): no critical or serious violation,
<html lang> names the page's language, and no English is left on a Chinese page."""

from accessibility import assert_accessible, check_every_page, pages, sign_in
from roles import ROLES, SECRET, make_accounts

from dashboard.app import create_app
from layouts import ids


def test_every_page_for_every_role(dash_duo, demo_db, public_db, tmp_path):
    accounts = make_accounts(tmp_path / "accounts.sqlite")
    dash_duo.start_server(create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                                     public_db_path=public_db))
    paths, found, english = pages(demo_db), {}, {}
    for name in ROLES:
        sign_in(dash_duo, name)
        check_every_page(dash_duo, paths, name, found, english)
        dash_duo.find_element(f"#{ids.SIGN_OUT}").click()
        dash_duo.wait_for_element(f"#{ids.SIGN_IN_LINK}", timeout=30)
    assert_accessible(found, english)
