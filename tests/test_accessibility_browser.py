"""axe-core over every page, in both languages, as a visitor of an official site and of a
public one: no critical or serious violation, <html lang> names the page's language, and a
Chinese page has no English left on it (tests/chinese.py says what may stay). Each role
is checked in test_accessibility_roles_browser.py: two files, so two test processes share
the work."""

from accessibility import OTHER_TABS, assert_accessible, check_every_page, pages
from roles import SECRET, make_accounts

from dashboard.app import create_app


def test_every_page_for_a_visitor(dash_duo, demo_db, public_db, tmp_path):
    accounts = make_accounts(tmp_path / "accounts.sqlite")
    dash_duo.start_server(create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                                     public_db_path=public_db))
    found, english = {}, {}
    check_every_page(dash_duo, pages(demo_db) + OTHER_TABS, "visitor", found, english)
    assert_accessible(found, english)


def test_every_page_of_a_public_site(dash_duo, demo_db, public_db):
    dash_duo.start_server(create_app(public_db, public=True))
    found, english = {}, {}
    check_every_page(dash_duo, [p for p in pages(demo_db) if p != "/signin"], "public", found,
                     english)
    assert_accessible(found, english)
