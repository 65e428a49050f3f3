"""axe-core over every page, in both languages, as a visitor and as each role, in one
browser: no critical or serious violation, <html lang> names the page's language, and a
Chinese page has no English left on it (tests/chinese.py says what may stay)."""

from accessibility import FAILING, html_lang, settled, violations
from browser import address, wait_until
from chinese import page_english
from roles import GUIZHOU, LIBO, PASSWORD, ROLES, SECRET, make_accounts, village_of

from dashboard.app import create_app
from layouts import ids

HTML_LANG = {"": "en", "?lang=zh": "zh-CN"}


# The tabs a page opens on its own are checked with it; the others once, as a visitor.
OTHER_TABS = ["/map?tab=table&province=520000", "/map?tab=chart", "/monitoring?tab=counties",
              "/integrity?tab=ranking"]


def pages(demo_db) -> list[str]:
    return ["/", "/map", f"/province/{GUIZHOU}", f"/county/{LIBO}",
            f"/village/{village_of(demo_db, LIBO)}", "/monitoring", "/integrity", "/about",
            f"/county/{LIBO}/brief", "/search?q=lbx", "/signin", "/no-such-page"]


def with_lang(path: str, suffix: str) -> str:
    if not suffix:
        return path
    return path + ("&" if "?" in path else "?") + suffix[1:]


def check_every_page(dash_duo, paths: list[str], reader: str, found: dict,
                     english: dict) -> None:
    driver = dash_duo.driver
    for path in paths:
        for suffix, lang in HTML_LANG.items():
            url = with_lang(path, suffix)
            driver.get(dash_duo.server_url + url)
            settled(driver)
            assert html_lang(driver) == lang, (reader, url)
            found[(reader, url)] = violations(driver) + unnamed_charts(driver)
            left = page_english(driver) if suffix else set()
            if left:
                english[(reader, url)] = left


def unnamed_charts(driver) -> list[dict]:
    """Charts a screen reader cannot name, as a serious finding (axe-core does not look
    inside a chart's <div>)."""
    count = driver.execute_script(
        "return document.querySelectorAll('.js-plotly-plot:not([aria-label])').length")
    return [{"id": "chart-name", "impact": "serious", "help": "Charts must have a name",
             "count": count, "nodes": []}] if count else []


def sign_in(dash_duo, name: str) -> None:
    driver = dash_duo.driver
    driver.get(f"{dash_duo.server_url}/signin?next=/about")
    driver.find_element("id", "username").send_keys(name)
    driver.find_element("id", "password").send_keys(PASSWORD)
    driver.find_element("css selector", ".signin-form button").click()
    wait_until(lambda: address(dash_duo)["path"] == "/about")
    dash_duo.wait_for_element(f"#{ids.ACCOUNT_NAME}", timeout=30)


def report(found: dict) -> str:
    lines = []
    for (reader, url), items in found.items():
        for v in items:
            lines.append(f"{reader} {url}: {v['impact']} {v['id']} x{v['count']} "
                         f"({v['help']}) {v['nodes']}")
    return "\n".join(lines)


def failing(found: dict) -> dict:
    return {key: [v for v in items if v["impact"] in FAILING]
            for key, items in found.items() if any(v["impact"] in FAILING for v in items)}


def test_every_page_for_every_reader(dash_duo, demo_db, public_db, tmp_path):
    accounts = make_accounts(tmp_path / "accounts.sqlite")
    dash_duo.start_server(create_app(demo_db, accounts_path=accounts.path, secret_key=SECRET,
                                     public_db_path=public_db))
    paths, found, english = pages(demo_db), {}, {}
    check_every_page(dash_duo, paths + OTHER_TABS, "visitor", found, english)
    for name in ROLES:
        sign_in(dash_duo, name)
        check_every_page(dash_duo, paths, name, found, english)
        dash_duo.find_element(f"#{ids.SIGN_OUT}").click()
        dash_duo.wait_for_element(f"#{ids.SIGN_IN_LINK}", timeout=30)
    print(report(found))
    assert failing(found) == {}, report(failing(found))
    assert english == {}, english


def test_every_page_of_a_public_site(dash_duo, demo_db, public_db):
    dash_duo.start_server(create_app(public_db, public=True))
    found, english = {}, {}
    check_every_page(dash_duo, [p for p in pages(demo_db) if p != "/signin"], "public", found,
                     english)
    print(report(found))
    assert failing(found) == {}, report(failing(found))
    assert english == {}, english
