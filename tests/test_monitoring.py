"""Early warning: the risk counts against the raw events, who sees households, and the page."""

import csv
import json
from pathlib import Path

import duckdb
import pandas as pd
import plotly
import pytest
from browser import address, graph_script, wait_for_map, wait_until
from flask import g

import queries
from dashboard import access
from dashboard.app import create_app
from dashboard.pages import monitoring as page
from layouts import ids
from layouts.monitoring_page import export_villages, rule_items, visit_reason
from queries import thresholds

PARSED = "522722"  # any county code, for the address parser
RULES = thresholds.MONITORING
# The risk rules written out by hand over the raw tables, as tests/test_synthetic.py does.
AT_RISK = """SELECT h.county_adcode, h.household_id,
                    bool_or(e.income_yuan < 1.5 * 4000) AS low_income,
                    bool_or(e.cost_yuan > h.income_2020 * h.members) AS high_cost,
                    bool_or(e.income_yuan < 0.7 * h.income_2020) AS income_drop
             FROM monitoring_events e JOIN households h USING (household_id)
             WHERE h.exit_year IS NOT NULL AND h.removed_year IS NULL
             GROUP BY ALL HAVING low_income OR high_cost OR income_drop"""


def rendered(component) -> str:
    """A component tree as the JSON the browser receives."""
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def raw(demo_db):
    """A read-only connection to the test database for computing expected values by hand."""
    con = duckdb.connect(str(demo_db), read_only=True)
    yield lambda sql, *params: con.execute(sql, list(params)).fetchall()
    con.close()


@pytest.fixture(scope="module")
def at_risk(raw) -> dict[str, set[int]]:
    """The households at risk by county, from the raw events."""
    by_county: dict[str, set[int]] = {}
    for county, household, *_ in raw(AT_RISK):
        by_county.setdefault(county, set()).add(household)
    return by_county


@pytest.fixture(scope="module")
def county(risk_county) -> str:
    return risk_county


@pytest.fixture(scope="module")
def shown(risk_county_shown) -> dict:
    return risk_county_shown


@pytest.fixture(scope="module")
def official(county) -> access.User:
    return access.User("official", "official", frozenset({county}))


@pytest.fixture(scope="module")
def counties(database):
    return database.run("monitoring_counties", **RULES).frame


# ---------------------------------------------------------------- the counts

def test_county_counts_are_the_households_meeting_a_rule(counties, at_risk, raw):
    shown = counties[counties.at_risk_households > 0].set_index("adcode").at_risk_households
    assert shown.to_dict() == {county: len(h) for county, h in at_risk.items()}
    [(monitored,)] = raw("SELECT count(*) FROM households WHERE monitoring_status = 'monitored'")
    assert counties.at_risk_households.sum() == monitored > 0


def test_each_rule_counts_its_own_households(counties, raw):
    rules = raw(f"SELECT count(*) FILTER (low_income), count(*) FILTER (high_cost), "
                f"count(*) FILTER (income_drop) FROM ({AT_RISK})")[0]
    assert tuple(counties[f"{r}_households"].sum() for r in
                 ("low_income", "high_cost", "income_drop")) == rules
    assert min(rules) > 0


def test_shares_are_of_exited_households(counties, raw, county):
    [(exited,)] = raw("SELECT count(*) FROM households WHERE exit_year IS NOT NULL "
                      "AND removed_year IS NULL")
    assert counties.exited_households.sum() == exited
    row = counties.set_index("adcode").loc[county]
    assert row.at_risk_share == pytest.approx(row.at_risk_households / row.exited_households)
    assert counties.exited_households[~counties.in_programme].isna().all()


def test_villages_add_up_to_their_county(database, counties, county, at_risk):
    villages = database.run("monitoring_villages", adcode=county, **RULES).frame
    row = counties.set_index("adcode").loc[county]
    assert villages.at_risk_households.sum() == row.at_risk_households == len(at_risk[county])
    assert villages.village_name.notna().all()


def test_the_villages_export_has_the_columns_shown(database, county, at_risk):
    table = export_villages(database.run("monitoring_villages", adcode=county, **RULES).frame, "zh")
    assert list(table.columns) == ["village_id", "村", "贫困村？", "风险户", "收入规则", "支出规则",
                                   "收入下降规则"]
    assert table["风险户"].sum() == len(at_risk[county])
    assert set(table["贫困村？"]) <= {"是", "否"}


def test_the_rules_are_parameters_not_a_rebuild(database, counties):
    none = database.run("monitoring_counties", risk_income_multiple=0, risk_cost_share=1e9,
                        risk_income_drop=1).frame
    assert none.at_risk_households.sum() == 0
    looser = database.run("monitoring_counties", **{**RULES, "risk_income_multiple": 3}).frame
    assert looser.low_income_households.sum() > counties.low_income_households.sum()


def test_the_rollup_holds_no_household_identifier(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    columns = {row[0] for row in con.execute("DESCRIBE monitoring_risk").fetchall()}
    con.close()
    assert "household_id" not in columns and "lowest_income_to_line" in columns


def test_access_levels_follow_the_grain():
    levels = {name: q.access for name, q in queries.indicators().items()
              if name.startswith("monitoring_")}
    assert levels == {"monitoring_counties": "public", "monitoring_counties_stored": "public",
                      "monitoring_areas_stored": "public", "monitoring_thresholds": "public",
                      "monitoring_villages": "analyst", "monitoring_visit_list": "official"}
    assert "h.county_adcode = $adcode" in queries.indicators()["monitoring_visit_list"].sql


# ---------------------------------------------------------------- the rollups the page reads

def test_the_rollups_hold_the_counts_at_the_thresholds_of_the_build(database, counties):
    assert database.run("monitoring_thresholds").frame.iloc[0].to_dict() == RULES
    stored = database.run("monitoring_counties_stored").frame
    pd.testing.assert_frame_equal(stored, counties, check_dtype=False)
    areas = database.run("monitoring_areas_stored").frame.set_index(["level", "adcode"], drop=False)
    programme = counties[counties.in_programme]
    nation = areas[areas.level == "nation"].iloc[0]
    guizhou = areas.loc[("province", "520000")]
    assert nation.at_risk_households == programme.at_risk_households.sum() > 0
    assert guizhou.at_risk_people == programme[
        programme.province_adcode == "520000"].at_risk_people.sum() > 0
    assert nation.at_risk_share == pytest.approx(
        programme.at_risk_households.sum() / programme.exited_households.sum())


def test_the_page_reads_the_rollups_while_the_thresholds_are_theirs(app):
    with app.server.test_request_context():
        found = page.counts()
    assert found.query == "monitoring_counties_stored" and found.rules == RULES
    assert not found.published


def test_a_changed_threshold_needs_no_rebuild(app, database, counties, monkeypatch):
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "3")
    with app.server.test_request_context():
        found = page.counts()
    assert found.query == "monitoring_counties"
    assert found.rules == {**RULES, "risk_income_multiple": 3.0}
    assert found.counties.low_income_households.sum() > counties.low_income_households.sum()
    nation = page.area_totals(found.areas, "all")
    assert nation["low_income_households"] == found.counties.low_income_households.sum()
    guizhou = found.counties[found.counties.province_adcode == "520000"]
    assert page.area_totals(found.areas, "520000")["at_risk_households"] == \
        guizhou.at_risk_households.sum()


# ---------------------------------------------------------------- the visit list

def test_the_visit_list_is_the_countys_households_at_risk(database, at_risk, raw, county):
    visits = database.run("monitoring_visit_list", adcode=county, **RULES).frame
    assert set(visits.household_id) == at_risk[county]
    assert (visits[["low_income", "high_cost", "income_drop"]].any(axis=1)).all()
    in_county = raw("SELECT household_id FROM households WHERE county_adcode = ?", county)
    assert set(visits.household_id) <= {h for (h,) in in_county}


def test_each_visit_says_why_with_its_figures(database, county):
    visits = database.run("monitoring_visit_list", adcode=county, **RULES).frame
    for row in visits.to_dict("records"):
        text = visit_reason(row, RULES, "en")
        assert text.startswith(str(row["events"])[:4])  # the year of its first event
        if row["high_cost"]:
            assert f"costs of {row['largest_cost_yuan']:,.0f} yuan" in text
        if row["low_income"]:
            assert "below the limit of 6,000" in text
        assert "nan" not in text and visit_reason(row, RULES, "zh")


def test_the_rules_in_use_are_written_out():
    items = rule_items(RULES, 4000, "en")
    assert items == ["Income below 1.5× the 2020 poverty line (6,000 yuan per person)",
                     "Illness or disaster costs above the household's 2020 income",
                     "Income down by more than 30% from 2020"]
    assert rule_items({**RULES, "risk_cost_share": 2}, 4000, "zh")[1] == \
        "因病因灾支出超过该户2020年收入的2倍"


# ---------------------------------------------------------------- who sees what

GUIZHOU_ANALYST = access.User("guizhou", "analyst", frozenset({"520000"}))


@pytest.fixture(scope="module")
def app(demo_db):
    return create_app(demo_db)


@pytest.fixture(scope="module")
def guarded(demo_db, public_db, tmp_path_factory):
    """The app with sign-in, whose query door runs access.guard for the signed-in user;
    a visitor reads the public edition."""
    accounts = tmp_path_factory.mktemp("accounts") / "accounts.sqlite"
    return create_app(demo_db, accounts_path=accounts, secret_key="k" * 32,
                      public_db_path=public_db)


def page_as(app, user: access.User | None, county: str) -> str:
    """The page as `user` sees it (None: a visitor who has not signed in)."""
    with app.server.test_request_context():
        g.user = user
        return rendered(page.layout({"county": county}, "en"))


def other_county(at_risk, county) -> str:
    return next(c for c, households in sorted(at_risk.items()) if c != county and households)


def test_a_county_official_sees_the_visit_list_of_their_county(guarded, at_risk, county, official):
    text = page_as(guarded, official, county)
    for household in at_risk[county]:
        assert f'"household_id": {household}' in text
    assert '"village_name"' in text
    assert "Households to visit" in text and "for officials of this county" not in text


def test_a_county_official_sees_counts_only_elsewhere(guarded, at_risk, official, county):
    other = other_county(at_risk, county)
    text = page_as(guarded, official, other)
    assert '"household_id"' not in text and '"village_name"' not in text
    assert "The list of households to visit is for officials of this county" in text
    n = len(at_risk[other])
    assert f"{n} of its" in text  # the county's count is public


@pytest.mark.parametrize("user", [GUIZHOU_ANALYST, access.User("all", "analyst", None), None],
                         ids=["province analyst", "national analyst", "public"])
def test_analysts_and_the_public_see_counts_never_household_rows(guarded, user, county, shown):
    text = page_as(guarded, user, county)
    assert '"household_id"' not in text
    analyst = user is not None
    at_risk, exited = shown["official" if analyst else "public"]
    assert f"{at_risk} of its {exited} exited households meet a risk rule." in text
    if analyst:
        assert "The list of households to visit is for officials of this county" in text
    else:  # nothing below the county in the public edition
        assert "Counts by village and the households to visit are not published" in text
    assert ('"village_name"' in text) == analyst  # village counts for analysts only
    with guarded.server.test_request_context():
        g.user = user
        assert page.visit_list(county) is None


def test_the_open_development_app_has_no_access_check(app, at_risk, county):
    """Without accounts (the page tests, `make serve` on demo data) the door checks nothing."""
    text = page_as(app, None, county)
    assert all(f'"household_id": {h}' in text for h in at_risk[county])


# ---------------------------------------------------------------- the page module

@pytest.mark.parametrize("query, expected", [
    ({}, {"measure": "at_risk_households", "province": "all", "tab": "map", "county": ""}),
    ({"measure": "at_risk_share", "province": "520000", "tab": "counties", "county": PARSED},
     {"measure": "at_risk_share", "province": "520000", "tab": "counties", "county": PARSED}),
    ({"measure": "x", "province": "1", "tab": "y", "county": "52272'; --"},
     {"measure": "at_risk_households", "province": "all", "tab": "map", "county": ""}),
])
def test_parse_state_falls_back_on_anything_unknown(app, query, expected):
    with app.server.test_request_context():
        assert page.STATE.parse(query) == expected


def test_an_unknown_county_says_so(app):
    text = page_as(app, None, "999999")
    assert "No county in the programme has the code “999999”." in text


def test_thresholds_from_the_environment_reach_the_page(app, monkeypatch):
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "2")
    text = page_as(app, None, "")
    assert "Income below 2× the 2020 poverty line (8,000 yuan per person)" in text


def test_the_county_page_shows_the_households_at_risk_this_page_counts(app, monkeypatch, county):
    """At the build's thresholds from its stored counts; at others, counted again, as here:
    a county whose count the looser rule changes shows the new count on both pages."""
    from dashboard.pages import county as county_page
    from layouts.format import large

    def counted() -> pd.Series:
        with app.server.test_request_context():
            g.user = None
            return page.counts().counties.set_index("adcode").at_risk_households

    def shown(adcode: str) -> str:
        with app.server.test_request_context():
            g.user = None
            layout = json.loads(rendered(county_page.layout({}, "en", adcode=adcode)))
        return kpi_value(layout, ids.kpi("county_at_risk_households"))

    stored = counted()
    assert shown(county) == large(stored[county], "households")
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "3")
    looser = counted()
    changed = looser[looser.fillna(0) != stored.fillna(0)].index
    assert len(changed) and shown(changed[0]) == large(looser[changed[0]], "households")


def kpi_value(tree, kpi_id: str):
    """The text of the KPI value with this id in a rendered layout."""
    if isinstance(tree, dict):
        if tree.get("props", {}).get("id") == kpi_id:
            return tree["props"]["children"]
        tree = list(tree.values())
    if isinstance(tree, list):
        return next((v for v in (kpi_value(t, kpi_id) for t in tree) if v is not None), None)
    return None


# ---------------------------------------------------------------- in the browser

GRAPH = ids.MONITORING_GRAPH
FIGURE = graph_script(GRAPH)


def open_page(dash_duo, demo_db, query=""):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}/monitoring{query}")
    dash_duo.wait_for_element(f"#{ids.MONITORING_PROVINCE}", timeout=20)


def test_the_page_shows_its_rules_and_a_click_opens_a_county(dash_duo, demo_db, at_risk, county,
                                                           shown):
    dash_duo.driver.set_window_size(1280, 2400)
    open_page(dash_duo, demo_db)
    wait_for_map(dash_duo, GRAPH)
    rules = dash_duo.find_element(f"#{ids.MONITORING_RULES}").text
    assert "Income below 1.5× the 2020 poverty line (6,000 yuan per person)" in rules
    assert "Income down by more than 30% from 2020" in rules
    assert dash_duo.driver.execute_script(FIGURE + "return gd.data[0].locations.length") == 2875
    dash_duo.driver.execute_script(FIGURE + f"""
        gd.emit('plotly_click', {{points: [{{curveNumber: 0, pointNumber: 0,
            location: '{county}', data: gd.data[0], fullData: gd._fullData[0]}}]}});""")
    wait_until(lambda: address(dash_duo).get("county") == county)
    dash_duo.wait_for_text_to_equal(f"#{ids.MONITORING_COUNTY} h2",
                                    f"{shown['name']}: households at risk", timeout=20)
    households = [c.text for c in dash_duo.find_elements(
        f"#{ids.MONITORING_VISITS} td[data-dash-column=household_id]")]
    assert sorted(map(int, households)) == sorted(at_risk[county])
    dash_duo.driver.save_screenshot("/tmp/monitoring.png")
    dash_duo.find_element(f"#{ids.MONITORING_VISITS_CSV}").click()
    target = Path(dash_duo.download_path) / f"monitoring_visits_{county}.csv"
    wait_until(target.exists)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: SYNTHETIC demo data")
    assert "risk_income_drop 0.3" in lines[0]
    assert len(list(csv.DictReader(lines[1:]))) == len(at_risk[county])
    dash_duo.find_element(f"#{ids.MONITORING_COUNTY} a").click()
    wait_until(lambda: address(dash_duo)["path"] == f"/county/{county}")
    assert dash_duo.get_logs() == []


def test_the_counties_table_follows_the_province(dash_duo, demo_db, counties):
    open_page(dash_duo, demo_db, "?tab=counties")
    dash_duo.select_dcc_dropdown(f"#{ids.MONITORING_PROVINCE}", value="Guizhou")
    wait_until(lambda: address(dash_duo).get("province") == "520000")
    guizhou = counties[(counties.province_adcode == "520000") & (counties.exited_households > 0)]
    wait_until(lambda: dash_duo.find_element(f"#{ids.kpi('monitoring_at_risk')}").text.startswith(
        f"{guizhou.at_risk_households.sum():,}"))
    first = dash_duo.find_element(f"#{ids.MONITORING_TABLE} td[data-dash-column=county]").text
    top = guizhou.sort_values(["at_risk_households", "adcode"], ascending=[False, True]).iloc[0]
    assert first == top.name_en


def test_the_map_moves_to_the_province(dash_duo, demo_db):
    open_page(dash_duo, demo_db)
    wait_for_map(dash_duo, GRAPH)
    dash_duo.select_dcc_dropdown(f"#{ids.MONITORING_PROVINCE}", value="Guizhou")
    # Onto the province's finer boundaries, with no callback failing.
    wait_until(lambda: "/geo/county_detail-" in dash_duo.driver.execute_script(
        FIGURE + "return gd.data[0].geojson"))
    assert dash_duo.get_logs() == []


def test_the_page_in_chinese_on_a_phone(dash_duo, demo_db, county):
    dash_duo.driver.set_window_size(390, 844)
    open_page(dash_duo, demo_db, f"?county={county}&lang=zh")
    dash_duo.wait_for_text_to_equal("h1", "返贫预警：有返贫风险的脱贫户", timeout=20)
    wait_for_map(dash_duo, GRAPH)
    assert "人均收入低于2020年贫困线的1.5倍（6,000元）" in dash_duo.find_element(
        f"#{ids.MONITORING_RULES}").text
    assert "因病" in dash_duo.find_element(f"#{ids.MONITORING_VISITS}").text
    overflow = dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    dash_duo.driver.save_screenshot("/tmp/monitoring-phone-zh.png")
    assert overflow <= 0


def test_the_public_site_shows_counts_with_their_thresholds(dash_duo, public_db, county, shown):
    """The public site in Chromium, internet cut off (conftest): the map and table of
    counts, labelled with the published thresholds, withheld cells marked, no household."""
    dash_duo.driver.set_window_size(1280, 2400)
    dash_duo.start_server(create_app(public_db, public=True))
    open_url(dash_duo, f"/monitoring?county={county}&measure=at_risk_share")
    wait_for_map(dash_duo, GRAPH)
    rules = dash_duo.find_element(f"#{ids.MONITORING_RULES}").text
    assert "Risk rules this public edition's counts were computed with" in rules
    assert "Income below 1.5× the 2020 poverty line (6,000 yuan per person)" in rules
    legend = dash_duo.driver.execute_script(FIGURE + "return gd.data[0].colorbar.ticktext")
    assert "Suppressed: < 10 or withheld" in legend
    dash_duo.wait_for_text_to_equal(f"#{ids.MONITORING_COUNTY} h2",
                                    f"{shown['name']}: households at risk", timeout=20)
    section = dash_duo.find_element(f"#{ids.MONITORING_COUNTY}").text
    at_risk, exited = shown["public"]
    assert f"{at_risk} of its {exited} exited households" in section
    assert "Counts by village and the households to visit are not published" in section
    assert dash_duo.find_elements(f"#{ids.MONITORING_VISITS} td") == []
    assert "Early warning" in dash_duo.find_element(".site-header nav").text
    con = duckdb.connect(str(public_db), read_only=True)
    [(nation,)] = con.execute("SELECT at_risk_households FROM national_risk").fetchall()
    con.close()
    assert dash_duo.find_element(f"#{ids.kpi('monitoring_at_risk')}").text.startswith(
        f"{nation:,} households")
    open_url(dash_duo, "/monitoring?tab=counties")
    dash_duo.wait_for_element(f"#{ids.MONITORING_TABLE} td[data-dash-column=at_risk_households]")
    cells = {c.text for c in dash_duo.find_elements(
        f"#{ids.MONITORING_TABLE} td[data-dash-column=at_risk_households]")}
    assert "< 10 or withheld" in cells
    assert dash_duo.get_logs() == []


def open_url(dash_duo, path: str) -> None:
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")
    dash_duo.wait_for_element(f"#{ids.MONITORING_PROVINCE}", timeout=20)
