"""The county brief: what it says, who may read it, and that it prints on at most two A4 pages."""

import base64
import csv
import re

import pytest
from browser import address, wait_until
from conftest import PUBLISHED_LIST
from roles import LIBO, SECRET, make_accounts, page, sign_in

from dashboard.app import create_app
from layouts import ids

OUTSIDE = "110101"  # Dongcheng District, Beijing: not in the programme
A4_PAGES_AT_MOST = 2
CHARTS = (ids.BRIEF_WHO_IS_POOR, ids.BRIEF_WHO_HELPS, ids.BRIEF_HOW_HELPED, ids.BRIEF_WHEN_OVER)


def published_exit_year(adcode: str) -> int:
    """The year the county left the list, from the published list the build is made from."""
    with open(PUBLISHED_LIST, encoding="utf-8") as file:
        rows = {row["adcode_source"]: row for row in csv.DictReader(file)}
    return int(rows[adcode]["exit_year"])


@pytest.fixture(scope="module")
def open_site(demo_db):
    return create_app(demo_db).server.test_client()


@pytest.fixture(scope="module")
def official_site(demo_db, public_db, tmp_path_factory):
    accounts = make_accounts(tmp_path_factory.mktemp("accounts") / "accounts.sqlite")
    return create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                      public_db_path=public_db)


def test_the_brief_has_the_figures_charts_exit_year_and_source(open_site, database):
    text = page(open_site, f"/county/{LIBO}/brief")
    assert ids.COUNTY_KPIS in text and all(chart in text for chart in CHARTS)
    assert f"in {published_exit_year(LIBO)}" in text
    built = database.build["built_at"][:16].replace("T", " ")
    assert f"database built {built} UTC from synthetic data, build {database.build_id[:8]}" in text
    # Every section with generated figures says so: the key figures and the four charts.
    assert text.count('"synthetic-mark"') == 1 + len(CHARTS)
    assert "are generated demo data at 0.1% of the national scale" in text


def test_the_brief_works_in_chinese(open_site):
    text = page(open_site, f"/county/{LIBO}/brief", "?lang=zh")
    assert "县情简报" in text and f"{published_exit_year(LIBO)}年" in text
    assert "合成数据" in text and "数据库构建于" in text
    assert f'"href": "/county/{LIBO}?lang=zh"' in text  # back to the page, in Chinese


def test_the_county_page_links_to_its_brief(open_site):
    text = page(open_site, f"/county/{LIBO}", "?lang=zh")
    assert f'"href": "/county/{LIBO}/brief?lang=zh"' in text and "打印简报" in text


@pytest.mark.parametrize("adcode, says", [("999999", "No such county"), ("abc", "No such county"),
                                          (OUTSIDE, "Not in the programme")])
def test_a_brief_of_no_programme_county_says_why(open_site, adcode, says):
    assert says in page(open_site, f"/county/{adcode}/brief")


def test_the_brief_follows_the_county_pages_access_rules(official_site):
    visitor = official_site.server.test_client()
    official = official_site.server.test_client()
    sign_in(official, "libo")
    for client, withheld in ((visitor, True), (official, False)):
        county, brief = page(client, f"/county/{LIBO}"), page(client, f"/county/{LIBO}/brief")
        assert ("< 10 or withheld" in brief) == withheld == ("< 10 or withheld" in county)
        assert (ids.PUBLIC_NOTE in brief) == withheld
        # The brief's key figures are the county page's, as each reader sees them.
        assert kpi_values(brief) == kpi_values(county)


def kpi_values(text: str) -> list:
    """The values of a page's KPI cards, in order."""
    return re.findall(r'"children": "([^"]*)", "id": "kpi-county_[a-z_]+"', text)


def test_the_public_site_serves_the_brief(public_db):
    client = create_app(public_db, public=True).server.test_client()
    text = page(client, f"/county/{LIBO}/brief")
    assert ids.BRIEF_EXIT in text and ids.PUBLIC_NOTE in text


# ---------------------------------------------------------------- printed, in Chromium

def open_brief(dash_duo, demo_db, query=""):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/county/{LIBO}/brief{query}", timeout=30)
    for chart in CHARTS:
        dash_duo.wait_for_element(f"#{chart} .main-svg", timeout=30)


def pdf_pages(dash_duo) -> int:
    """Print the page to PDF as Chromium's print dialog would (A4 from the page's CSS)."""
    pdf = dash_duo.driver.execute_cdp_cmd("Page.printToPDF", {
        "preferCSSPageSize": True, "printBackground": True})
    data = base64.b64decode(pdf["data"])
    assert data.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page[^s]", data))


@pytest.mark.parametrize("query", ["", "?lang=zh"])
def test_the_brief_prints_on_at_most_two_a4_pages(dash_duo, demo_db, query):
    open_brief(dash_duo, demo_db, query)
    assert 1 <= pdf_pages(dash_duo) <= A4_PAGES_AT_MOST
    assert dash_duo.get_logs() == []


def test_the_county_page_itself_prints_on_more(dash_duo, demo_db):
    """The measure is sound: the whole county page does not fit two pages."""
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/county/{LIBO}", timeout=30)
    dash_duo.wait_for_element(f"#{ids.COUNTY_MONITORING} .main-svg", timeout=30)
    assert pdf_pages(dash_duo) > A4_PAGES_AT_MOST


def test_printed_there_is_no_menu_toolbar_or_button_and_no_chart_is_cut(dash_duo, demo_db):
    open_brief(dash_duo, demo_db)
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    shown = dash_duo.driver.execute_script("""
        const visible = (e) => getComputedStyle(e).display !== 'none'
            && e.getClientRects().length > 0;
        const all = (css) => Array.from(document.querySelectorAll(css));
        return {
            menus: all('.site-header, nav, .search, .copy-link').filter(visible).length,
            buttons: all('button, .modebar, .modebar-container').filter(visible).length,
            charts: all('.brief-chart').map(e => getComputedStyle(e).breakInside),
            kpis: all('.kpi-card').map(e => getComputedStyle(e).breakInside),
            source: visible(document.getElementById('brief-source')),
        };""")
    assert shown["menus"] == 0 and shown["buttons"] == 0
    assert shown["charts"] == ["avoid"] * len(CHARTS) and set(shown["kpis"]) == {"avoid"}
    assert shown["source"]
    dash_duo.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert dash_duo.find_element(f"#{ids.BRIEF_PRINT}").is_displayed()  # on screen it is there


def test_the_brief_fits_a_phone(dash_duo, demo_db):
    dash_duo.driver.set_window_size(390, 844)
    open_brief(dash_duo, demo_db, "?lang=zh")
    width = dash_duo.driver.execute_script("return document.documentElement.clientWidth")
    overflow = dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth") - width
    assert overflow <= 0


def test_print_brief_opens_from_the_county_page(dash_duo, demo_db):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/county/{LIBO}", timeout=30)
    dash_duo.wait_for_element(f"#{ids.COUNTY_BRIEF_LINK}", timeout=30).click()
    wait_until(lambda: address(dash_duo)["path"] == f"/county/{LIBO}/brief")
    dash_duo.wait_for_element(f"#{ids.BRIEF_EXIT}", timeout=30)
    assert dash_duo.find_element(f"#{ids.BRIEF_EXIT}").text.endswith(
        f"in {published_exit_year(LIBO)}")
