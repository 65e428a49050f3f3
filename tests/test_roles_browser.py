"""Each reader in headless Chromium, network cut off, under the site's Content-Security-Policy:
what each sees, and what each is refused. An empty console proves the policy blocks nothing
the pages need."""

import pytest
from browser import address, wait_until
from roles import LIBO, PASSWORD, SECRET, ZHAOJUE, make_accounts, village_of

from dashboard.app import create_app
from layouts import ids


@pytest.fixture
def official_site(demo_db, public_db, tmp_path):
    accounts = make_accounts(tmp_path / "accounts.sqlite")
    return create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)


def open_page(dash_duo, path: str, ready: str):
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}", timeout=30)
    return dash_duo.wait_for_element(ready, timeout=30)


def sign_in(dash_duo, name: str, path: str):
    """Fill in the sign-in form as a person would, then wait for the page it returns to."""
    dash_duo.driver.get(f"{dash_duo.server_url}/signin?next={path}")
    dash_duo.driver.find_element("id", "username").send_keys(name)
    dash_duo.driver.find_element("id", "password").send_keys(PASSWORD)
    dash_duo.driver.find_element("css selector", ".signin-form button").click()
    wait_until(lambda: address(dash_duo)["path"] == path)
    dash_duo.wait_for_element(f"#{ids.ACCOUNT_NAME}", timeout=30)


def refused(dash_duo, path: str) -> str:
    """The page's text, once it has said the reader may not see it."""
    open_page(dash_duo, path, f"#{ids.NOT_PERMITTED}")
    return dash_duo.find_element("main").text


def test_the_public_site(dash_duo, public_db):
    dash_duo.start_server(create_app(public_db, public=True))
    open_page(dash_duo, f"/county/{LIBO}", f"#{ids.COUNTY_KPIS}")
    assert "< 10 or withheld" in dash_duo.find_element(f"#{ids.PUBLIC_NOTE}").text
    villages = dash_duo.find_element(f"#{ids.COUNTY_VILLAGES}").text
    assert "Village lists are for officials" in villages
    assert dash_duo.find_elements(f"#{ids.SIGN_IN_LINK}") == []
    open_page(dash_duo, "/map?indicator=exited_people&year=2019",
              f"#{ids.MAP_GRAPH} .maplibregl-canvas")
    graph = f"document.querySelector('#{ids.MAP_GRAPH} .js-plotly-plot')"
    wait_until(lambda: dash_duo.driver.execute_script(f"return !!{graph}.data"))
    legend = dash_duo.driver.execute_script(f"return {graph}.data[0].colorbar.ticktext")
    assert "Suppressed: < 10 or withheld" in legend
    assert dash_duo.get_logs() == []
    # any id: the page is not there, and the site says so in its own style
    dash_duo.driver.get(f"{dash_duo.server_url}/village/1")
    dash_duo.wait_for_text_to_equal("h1", "Not in the public edition", timeout=20)
    assert dash_duo.find_element(f"#{ids.PUBLIC_NOTE}").is_displayed()


def test_a_visitor_to_the_official_site_gets_the_public_view(dash_duo, official_site, demo_db):
    dash_duo.start_server(official_site)
    text = refused(dash_duo, f"/village/{village_of(demo_db, LIBO)}")
    assert "Not permitted" in text and "Sign in" in text
    open_page(dash_duo, f"/county/{LIBO}", f"#{ids.COUNTY_KPIS}")
    assert dash_duo.find_element(f"#{ids.PUBLIC_NOTE}").is_displayed()
    assert dash_duo.find_element(f"#{ids.SIGN_IN_LINK}").text == "Sign in"
    nav = dash_duo.find_element(".site-header nav").text
    assert "Integrity checks" not in nav and "County map" in nav
    assert dash_duo.get_logs() == []


def test_an_official_of_libo(dash_duo, official_site, demo_db):
    dash_duo.start_server(official_site)
    sign_in(dash_duo, "libo", f"/county/{LIBO}")
    assert dash_duo.find_element(f"#{ids.ACCOUNT_NAME}").text == "libo · Official · Libo County"
    assert dash_duo.find_elements(f"#{ids.PUBLIC_NOTE}") == []
    dash_duo.find_element(f"#{ids.COUNTY_VILLAGES} a").click()
    dash_duo.wait_for_element(f"#{ids.VILLAGE_HOUSEHOLDS} .household", timeout=30)
    text = refused(dash_duo, f"/village/{village_of(demo_db, ZHAOJUE)}")
    assert "Not permitted" in text and "outside your role or jurisdiction" in text
    open_page(dash_duo, f"/county/{ZHAOJUE}", f"#{ids.COUNTY_KPIS}")
    assert dash_duo.find_elements(f"#{ids.COUNTY_VILLAGES} a") == []
    assert dash_duo.get_logs() == []
    dash_duo.find_element(f"#{ids.SIGN_OUT}").click()
    dash_duo.wait_for_element(f"#{ids.SIGN_IN_LINK}", timeout=30)
    assert "Not permitted" in refused(dash_duo, f"/village/{village_of(demo_db, LIBO)}")


def test_an_analyst_of_guizhou(dash_duo, official_site, demo_db):
    dash_duo.start_server(official_site)
    sign_in(dash_duo, "guizhou", f"/village/{village_of(demo_db, LIBO)}")
    dash_duo.wait_for_element(f"#{ids.VILLAGE_PROFILE}", timeout=30)
    assert "for officials" in dash_duo.find_element(f"#{ids.VILLAGE_HOUSEHOLDS}").text
    assert dash_duo.find_elements(".household") == []
    assert dash_duo.find_element(f"#{ids.ACCOUNT_NAME}").text == "guizhou · Analyst · Guizhou"
    assert "Not permitted" in refused(dash_duo, f"/village/{village_of(demo_db, ZHAOJUE)}")
    assert dash_duo.get_logs() == []


def test_a_national_official(dash_duo, official_site, demo_db):
    dash_duo.start_server(official_site)
    sign_in(dash_duo, "nation", f"/village/{village_of(demo_db, ZHAOJUE)}")
    dash_duo.wait_for_element(f"#{ids.VILLAGE_HOUSEHOLDS} .household", timeout=30)
    assert dash_duo.find_element(f"#{ids.ACCOUNT_NAME}").text == "nation · Official · All China"
    assert dash_duo.get_logs() == []
