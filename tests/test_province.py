"""The province page: its queries, figure and table builders, and the page in headless Chromium."""

import csv
import io
import json
from pathlib import Path
from urllib.parse import urlparse

import numpy as np
import openpyxl
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from browser import address, console_errors_but_the_pages_own_404, wait_until
from conftest import PUBLISHED_LIST
from selenium.webdriver.common.keys import Keys

from dashboard.app import create_app
from dashboard.pages import province as page
from layouts import ids
from layouts.compare import compared_trend
from layouts.export import csv_text, excel_bytes
from layouts.format import large
from layouts.indicators import offered
from layouts.province_page import (
    comparison_figure,
    comparison_for,
    export_filename,
    export_source,
    export_table,
    kpi_cards,
    province_page,
    ranked,
    table_note,
    table_rows,
    trend_charts,
)

GUIZHOU = "520000"
LIBO = "522722"
GUIZHOU_ROW = {"adcode": GUIZHOU, "name_zh": "贵州省", "name_en": "Guizhou",
               "counties_in_programme": 71, "poverty_counties": 66}


def rendered(component) -> str:
    """A component tree as the JSON the browser receives."""
    return json.dumps(component, cls=plotly.utils.PlotlyJSONEncoder, ensure_ascii=False)


@pytest.fixture(scope="module")
def app(demo_db):
    return create_app(demo_db)


@pytest.fixture(scope="module")
def guizhou_2018(database):
    return database.run("province_counties", province=GUIZHOU, year=2018).frame


# --- queries ---------------------------------------------------------------------------

def test_province_counties_are_the_provinces_poverty_counties(database, guizhou_2018):
    assert len(guizhou_2018) == 66  # the published count for Guizhou
    assert LIBO in set(guizhou_2018.adcode)
    assert guizhou_2018.county_exit_year.between(2016, 2020).all()
    jiangsu = database.run("province_counties", province="320000", year=2018).frame
    assert jiangsu.empty  # Jiangsu has no programme county


def test_province_counties_carry_the_county_year_values(database, guizhou_2018):
    everywhere = database.run("county_values", year=2018).frame.set_index("adcode")
    mine = guizhou_2018.set_index("adcode")
    for indicator in offered():
        pd.testing.assert_series_equal(mine[indicator.key],
                                       everywhere.loc[mine.index, indicator.key],
                                       check_dtype=False, check_names=False)
    assert mine.loc[LIBO, "name_en"] == "Libo County"


def test_province_kpis_are_the_province_totals(database):
    kpis = database.run("province_kpis", province=GUIZHOU).frame.iloc[0]
    assert kpis.poverty_counties == 66  # as published
    assert kpis.counties_delisted == 66
    counties = database.run("provinces").frame.set_index("adcode").loc[GUIZHOU]
    assert kpis.counties_in_programme == counties.counties_in_programme >= 66
    trend = database.run("province_trend", province=GUIZHOU).frame
    assert kpis.exited_people == trend.exited_people.sum() > 0
    assert kpis.peak_poor_people == trend.poor_people_in_year.max()


def test_province_kpis_add_up_to_the_nation(database):
    codes = database.run("provinces").frame.query("counties_in_programme > 0").adcode
    provinces = pd.concat([database.run("province_kpis", province=c).frame for c in codes])
    nation = database.run("national_kpis").frame.iloc[0]
    assert provinces.exited_people.sum() == nation.exited_people
    assert provinces.poverty_counties.sum() == 832
    assert provinces.work_teams_sent.sum() == nation.work_teams_sent


def test_province_kpis_of_an_unknown_province_are_empty(database):
    assert database.run("province_kpis", province="999999").frame.empty


def test_province_comparison_puts_the_province_beside_the_nation(database):
    frame = database.run("province_comparison", province=GUIZHOU).frame
    assert sorted(frame.area.unique()) == ["nation", "province"]
    assert list(frame[frame.area == "nation"].year) == list(range(2013, 2021))
    province = frame[frame.area == "province"].set_index("year")
    nation = frame[frame.area == "nation"].set_index("year")
    trend = database.run("province_trend", province=GUIZHOU).frame.set_index("year")
    national = database.run("national_trend").frame.set_index("year")
    assert province.loc[2018, "still_poor_share"] == pytest.approx(round(  # to 0.1 point
        trend.loc[2018, "still_poor_people"] / trend.loc[2018, "registered_people"], 3))
    assert nation.loc[2018, "poverty_incidence"] == pytest.approx(
        national.loc[2018, "poverty_incidence"])
    # Guizhou's counties announced as out of poverty by the end of 2018, in the shipped list.
    with open(PUBLISHED_LIST, encoding="utf-8") as f:
        by_2018 = sum(r["province"] == "贵州省" and int(r["exit_year"]) <= 2018
                      for r in csv.DictReader(f))
    assert province.loc[2018, "counties_delisted_share"] == pytest.approx(by_2018 / 66)
    assert province.loc[2020, "counties_delisted_share"] == 1
    assert nation.loc[2020, "counties_delisted_share"] == 1


# --- figure and table builders ---------------------------------------------------------

def test_kpi_cards_count_the_provinces_own_poverty_counties(database):
    kpis = database.run("province_kpis", province=GUIZHOU).frame.iloc[0].to_dict()
    text = rendered(kpi_cards(kpis, "en"))
    assert "of the province's 66 national poverty counties" in text
    assert f'"{large(kpis["funds_fiscal_yuan"], "yuan")}"' in text
    assert "registry, 2014" in text  # the peak year of the demo registry
    assert "本省国家级贫困县共66个" in rendered(kpi_cards(kpis, "zh"))


def test_trend_charts_draw_the_province_year_rollup(database):
    trend = database.run("province_trend", province=GUIZHOU).frame
    charts = trend_charts(trend, "en").children
    figures = {chart.children.id: go.Figure(chart.children.figure) for chart in charts}
    # A missing value travels as None (a gap), which reads back as NaN.
    np.testing.assert_array_equal(np.array(figures[ids.TREND_EXITS].data[0].y, float),
                                  trend.exited_people)
    assert sum(figures[ids.TREND_COUNTIES].data[0].y) == 66
    teams = figures[ids.TREND_TEAMS].data
    assert [t.name for t in teams] == ["Work teams serving", "Cadres serving"]
    assert [t.name for t in figures[ids.TREND_FUNDS].data] == ["All fiscal funds", "Central funds"]


@pytest.mark.parametrize("indicator", offered(), ids=lambda i: i.key)
def test_every_indicator_has_a_fair_comparison(database, indicator):
    comparison = comparison_for(indicator.key)
    assert comparison.column in database.run("province_comparison", province=GUIZHOU).frame
    assert comparison.from_count == (indicator.kind in ("count", "year"))
    assert comparison.kind in ("share", "ratio", "yuan")


def test_comparison_figure_draws_province_and_nation_and_says_how(database):
    frame = database.run("province_comparison", province=GUIZHOU).frame
    trend = database.run("province_trend", province=GUIZHOU).frame
    fig = go.Figure(comparison_figure(frame, "still_poor_people", "Guizhou", 2018, "en", trend))
    # the registry starts in 2014: 2013 is marked as no data for both
    assert [trace.name for trace in fig.data] == ["Guizhou", "All China", "No data"]
    assert fig.data[2].x == (2013,) and fig.data[2].hovertext == (
        "Guizhou, 2013: no data<br>All China, 2013: no data",)
    np.testing.assert_array_equal(np.array(fig.data[0].y, float),
                                  frame[frame.area == "province"].still_poor_share)
    assert fig.layout.title.text == "Still poor at year end, % of the registry"
    assert fig.layout.title.subtitle.text == "A share, not a count: the nation is far larger."
    assert fig.layout.shapes[0].x0 == 2018  # the ranking year is marked

    rate = go.Figure(comparison_figure(frame, "funds_per_poor_person_yuan", "贵州省", 2018, "zh",
                                      trend))
    assert [trace.name for trace in rate.data][:2] == ["贵州省", "全国"]
    assert rate.layout.title.subtitle.text == "本身是比率，直接对比。"


def test_comparison_figure_says_no_data_when_the_province_has_none(database):
    frame = database.run("province_comparison", province=GUIZHOU).frame
    nation_only = frame[frame.area == "nation"]
    trend = database.run("province_trend", province=GUIZHOU).frame
    empty = go.Figure(comparison_figure(nation_only, "poverty_incidence", "Guizhou", 2018, "en",
                                        trend))
    assert empty.data == ()
    assert empty.layout.annotations[0].text == "No data"


def test_table_ranks_highest_first_and_links_each_county(guizhou_2018):
    rows = table_rows(guizhou_2018, "poverty_incidence", "en")
    assert len(rows) == 66
    assert rows[0]["rank"] == 1
    assert rows[0]["value"] == guizhou_2018.poverty_incidence.max()
    libo = next(r for r in rows if r["adcode"] == LIBO)
    assert libo["county"] == f"[Libo County](/county/{LIBO})"
    zh = next(r for r in table_rows(guizhou_2018, "poverty_incidence", "zh") if r["adcode"] == LIBO)
    assert zh["county"] == f"[荔波县](/county/{LIBO}?lang=zh)"


def test_counties_without_a_value_come_last_unranked():
    counties = pd.DataFrame({"adcode": ["1", "2", "3"], "income_to_line": [1.5, None, 2.5]})
    order = ranked(counties, "income_to_line")
    assert list(order.adcode) == ["3", "1", "2"]
    assert list(order["rank"].iloc[:2]) == [1, 2] and pd.isna(order["rank"].iloc[2])


def test_table_note_names_count_indicator_and_year():
    assert table_note(66, "poverty_incidence", 2018, "en").startswith(
        "66 national poverty counties, ranked by Poverty incidence in 2018")
    assert "in 2018" not in table_note(66, "county_exit_year", 2018, "en")  # one value per county
    assert table_note(0, "poverty_incidence", 2018, "zh") == "本省没有国家级贫困县，无可排名。"


def test_csv_download_names_its_source_and_filters(guizhou_2018):
    table = export_table(guizhou_2018, "poverty_incidence", "en")
    source = export_source(GUIZHOU_ROW, "poverty_incidence", 2018, True, "0123456789abcdef")
    lines = csv_text(table, source).splitlines()
    assert lines[0] == ("# Source: SYNTHETIC demo data; poverty registry rollup county_year, "
                        "build 01234567; province 520000 Guizhou, national poverty counties, "
                        "indicator poverty_incidence, year 2018")
    rows = list(csv.DictReader(lines[1:]))
    assert len(rows) == 66
    assert rows[0]["Rank"] == "1"
    libo = next(r for r in rows if r["adcode"] == LIBO)
    assert libo["County (Chinese)"] == "荔波县" and libo["County (English)"] == "Libo County"
    assert float(libo["Poverty incidence"]) == pytest.approx(
        guizhou_2018.set_index("adcode").loc[LIBO, "poverty_incidence"])
    assert export_filename(GUIZHOU, "poverty_incidence", 2018, "csv") == \
        "poverty_province_520000_poverty_incidence_2018.csv"


def test_excel_download_has_the_source_line_then_the_table(guizhou_2018):
    table = export_table(guizhou_2018, "still_poor_people", "zh")
    sheet = openpyxl.load_workbook(io.BytesIO(excel_bytes(table, "Source: test"))).active
    assert sheet["A1"].value == "Source: test"
    assert [cell.value for cell in sheet[2]][:3] == ["排名", "adcode", "县（中文）"]
    assert sheet.max_row == 2 + 66


def test_a_province_with_no_data_shows_no_data_states(database, guizhou_2018):
    no_rows = {name: database.run(name, province=GUIZHOU).frame.iloc[0:0]
               for name in ("province_trend", "province_comparison", "province_five_batches",
                            "province_five_batches_by_year", "province_correction_2015",
                            "province_east_west",
                            "province_east_west_amounts")}
    columns = database.run("province_kpis", province=GUIZHOU).frame.columns
    kpis = dict.fromkeys(columns, float("nan"))
    state = {"indicator": "still_poor_people", "year": 2018}
    county_trends = compared_trend(no_rows["province_trend"], "Guizhou", [],
                                   "still_poor_people", "en")
    html_page = province_page(GUIZHOU_ROW, state, kpis, no_rows["province_trend"],
                              guizhou_2018.iloc[0:0], no_rows["province_comparison"],
                              county_trends, [], no_rows["province_five_batches"],
                              no_rows["province_five_batches_by_year"],
                              no_rows["province_correction_2015"],
                              no_rows["province_east_west"],
                              no_rows["province_east_west_amounts"],
                              database.run("east_west_published").frame, True, "en")
    text = rendered(html_page)
    assert text.count('"no data"') >= 5  # every KPI card
    # every trend chart, the comparison, counties over time, the five batches in all and by
    # year, and the correction
    assert text.count('"No data"') >= 10
    assert "This province has no national poverty counties" in text


# --- the page module --------------------------------------------------------------------

@pytest.mark.parametrize("adcode", ["999999", "abc", "110000", "52000", "520000' OR '1'='1", ""])
def test_only_provinces_with_programme_counties_are_found(app, adcode):
    with app.server.app_context():
        assert page.find_province(adcode) is None
        assert page.layout({}, "en", adcode=adcode)[0].id == ids.PROVINCE_NOT_FOUND


def test_guizhou_is_found(app):
    with app.server.app_context():
        assert page.find_province(GUIZHOU)["name_en"] == "Guizhou"


def test_a_province_without_poverty_counties_renders(app):
    with app.server.app_context():
        text = rendered(page.layout({}, "en", adcode="320000"))  # Jiangsu
    assert "Jiangsu" in text
    assert "This province has no national poverty counties" in text


@pytest.mark.parametrize("query, expected", [
    ({}, {"indicator": "still_poor_people", "year": 2017, "compare": []}),
    ({"indicator": "income_to_line", "year": "2019"},
     {"indicator": "income_to_line", "year": 2019, "compare": []}),
    ({"indicator": "households; drop", "year": "1999"},
     {"indicator": "still_poor_people", "year": 2017, "compare": []}),
    ({"year": "abc"}, {"indicator": "still_poor_people", "year": 2017, "compare": []}),
])
def test_parse_state_falls_back_on_anything_unknown(query, expected):
    assert page.STATE.parse(query) == expected


# --- in the browser ---------------------------------------------------------------------

def open_page(dash_duo, demo_db, path):
    dash_duo.start_server(create_app(demo_db))
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")


def cells(dash_duo, column: str) -> list:
    return dash_duo.find_elements(f"#{ids.PROVINCE_TABLE} td[data-dash-column={column}]")


def first_county(dash_duo) -> str:
    return cells(dash_duo, "county")[0].text


def wait_for_table(dash_duo, rows: int = 66):
    dash_duo.wait_for_element(f"#{ids.PROVINCE_TABLE} td[data-dash-column=county] a", timeout=20)
    wait_until(lambda: len(cells(dash_duo, "county")) == rows)


def expected_first(database, indicator: str, year: int, lang: str = "en") -> str:
    counties = database.run("province_counties", province=GUIZHOU, year=year).frame
    top = ranked(counties, indicator).iloc[0]
    return top.name_zh if lang == "zh" else top.name_en


def test_guizhou_page_ranks_its_66_poverty_counties(dash_duo, demo_db, database):
    dash_duo.driver.set_window_size(1280, 4200)  # the whole page in the screenshot
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}")
    wait_for_table(dash_duo)
    assert dash_duo.find_element("h1").text == "Guizhou"
    assert [c.text for c in cells(dash_duo, "rank")][:1] == ["1"]
    assert first_county(dash_duo) == expected_first(database, "still_poor_people", 2017)
    link = dash_duo.find_element(f"#{ids.PROVINCE_TABLE} td[data-dash-column=county] a")
    assert urlparse(link.get_attribute("href")).path.startswith("/county/52")
    assert dash_duo.find_element(f"#{ids.PROVINCE_TABLE_NOTE}").text.startswith(
        "66 national poverty counties, ranked by Still poor at year end in 2017")

    kpis = database.run("province_kpis", province=GUIZHOU).frame.iloc[0]
    assert dash_duo.find_element(f"#{ids.kpi('counties_delisted')}").text == "66"
    assert dash_duo.find_element(f"#{ids.kpi('exited_people')}").text == large(
        kpis.exited_people, "people")
    dash_duo.wait_for_element(f"#{ids.TREND_EXITS} .trace.bars", timeout=20)
    dash_duo.wait_for_element(f"#{ids.PROVINCE_COMPARISON} .scatterlayer .trace", timeout=20)
    legend = dash_duo.find_element(f"#{ids.PROVINCE_COMPARISON} .legend").text
    assert "Guizhou" in legend and "All China" in legend
    dash_duo.driver.save_screenshot("/tmp/province.png")
    assert dash_duo.get_logs() == []


def test_the_table_filters_and_sorts_in_the_browser(dash_duo, demo_db, guizhou_2018):
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}?year=2018")
    wait_for_table(dash_duo)
    table = f"#{ids.PROVINCE_TABLE}"
    dash_duo.find_element(f"{table} th[data-dash-column=value] .column-header--sort").click()
    lowest = guizhou_2018.still_poor_people.min()
    wait_until(lambda: float(cells(dash_duo, "value")[0].text.replace(",", "")) == lowest)

    search = dash_duo.find_element(f"{table} th.dash-filter[data-dash-column=county] input")
    search.send_keys("Libo" + Keys.ENTER)
    wait_until(lambda: [c.text for c in cells(dash_duo, "county")] == ["Libo County"])


def test_changing_the_indicator_reranks_and_updates_the_address(dash_duo, demo_db, database):
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}")
    wait_for_table(dash_duo)
    dash_duo.select_dcc_dropdown(f"#{ids.PROVINCE_INDICATOR}",
                                 value="Income against the poverty line")
    wait_until(lambda: address(dash_duo).get("indicator") == "income_to_line")
    assert address(dash_duo) == {"path": f"/province/{GUIZHOU}", "indicator": "income_to_line",
                                 "year": "2017"}
    wanted = expected_first(database, "income_to_line", 2017)
    wait_until(lambda: first_county(dash_duo) == wanted)
    header = dash_duo.find_element(f"#{ids.PROVINCE_TABLE} th[data-dash-column=value]").text
    assert "Income against the poverty line" in header
    wait_until(lambda: "Income against the poverty line" in dash_duo.find_element(
        f"#{ids.PROVINCE_COMPARISON} .gtitle").text)

    dash_duo.driver.back()
    wait_until(lambda: "Still poor" in dash_duo.find_element(f"#{ids.PROVINCE_INDICATOR}").text)
    wanted = expected_first(database, "still_poor_people", 2017)
    wait_until(lambda: first_county(dash_duo) == wanted)


def test_an_address_with_indicator_and_year_reopens_that_view(dash_duo, demo_db, database):
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}?indicator=poverty_incidence&year=2019")
    wait_for_table(dash_duo)
    assert "Poverty incidence" in dash_duo.find_element(f"#{ids.PROVINCE_INDICATOR}").text
    assert "in 2019" in dash_duo.find_element(f"#{ids.PROVINCE_TABLE_NOTE}").text
    assert first_county(dash_duo) == expected_first(database, "poverty_incidence", 2019)
    dash_duo.wait_for_element(f"#{ids.PROVINCE_COMPARISON} .gtitle", timeout=20)
    assert dash_duo.find_element(f"#{ids.PROVINCE_COMPARISON} .gtitle").text.startswith(
        "Poverty incidence")


def test_the_csv_button_downloads_the_view_in_the_address(dash_duo, demo_db):
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}?indicator=income_to_line&year=2019")
    wait_for_table(dash_duo)
    dash_duo.find_element(f"#{ids.PROVINCE_CSV}").click()
    target = Path(dash_duo.download_path) / "poverty_province_520000_income_to_line_2019.csv"
    wait_until(target.exists)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: SYNTHETIC demo data")
    assert len(list(csv.DictReader(lines[1:]))) == 66


@pytest.mark.parametrize("adcode", ["999999", "abc"])
def test_an_unknown_province_says_so(dash_duo, demo_db, adcode):
    open_page(dash_duo, demo_db, f"/province/{adcode}")
    dash_duo.wait_for_element(f"#{ids.PROVINCE_NOT_FOUND}", timeout=20)
    assert dash_duo.find_element("h1").text == "No such province"
    assert dash_duo.find_element(f"#{ids.PROVINCE_NOT_FOUND} code").text == adcode
    links = dash_duo.find_elements(f"#{ids.PROVINCE_NOT_FOUND} li a")
    assert len(links) == 28  # every province with programme counties
    assert console_errors_but_the_pages_own_404(dash_duo, f"/province/{adcode}") == []


def test_the_chinese_page_has_chinese_labels(dash_duo, demo_db, database):
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}?lang=zh")
    wait_for_table(dash_duo)
    assert dash_duo.find_element("h1").text == "贵州省"
    header = dash_duo.find_element(f"#{ids.PROVINCE_TABLE} th[data-dash-column=rank]").text
    assert header == "排名"
    assert first_county(dash_duo) == expected_first(database, "still_poor_people", 2017, "zh")
    assert "年末未脱贫人口" in dash_duo.find_element(f"#{ids.PROVINCE_INDICATOR}").text
    dash_duo.wait_for_element(f"#{ids.PROVINCE_COMPARISON} .legend", timeout=20)
    assert "全国" in dash_duo.find_element(f"#{ids.PROVINCE_COMPARISON} .legend").text


def test_the_province_page_fits_a_phone_screen(dash_duo, demo_db):
    dash_duo.driver.set_window_size(390, 844)
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}")
    wait_for_table(dash_duo)
    dash_duo.wait_for_element(f"#{ids.PROVINCE_COMPARISON} .main-svg", timeout=20)
    overflow = dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    dash_duo.driver.save_screenshot("/tmp/province-phone.png")
    assert overflow <= 0


def test_the_map_links_to_the_chosen_province(dash_duo, demo_db):
    open_page(dash_duo, demo_db, "/map?province=520000&indicator=poverty_incidence&year=2018")
    link = dash_duo.wait_for_element(f"#{ids.PROVINCE_MAP_LINK}", timeout=30)
    assert link.text == "Open province page"
    assert urlparse(link.get_attribute("href")).path == f"/province/{GUIZHOU}"
    link.click()
    wait_for_table(dash_duo)
    assert address(dash_duo) == {"path": f"/province/{GUIZHOU}", "indicator": "poverty_incidence",
                                 "year": "2018"}
    assert dash_duo.find_element("h1").text == "Guizhou"


def test_the_map_hides_the_province_link_for_all_china(dash_duo, demo_db):
    open_page(dash_duo, demo_db, "/map")
    link = dash_duo.wait_for_element(f"#{ids.PROVINCE_MAP_LINK}", timeout=30)
    assert not link.is_displayed()
    dash_duo.select_dcc_dropdown(f"#{ids.MAP_PROVINCE}", value="Guizhou")
    wait_until(link.is_displayed)
    assert urlparse(link.get_attribute("href")).path == f"/province/{GUIZHOU}"


def test_the_east_west_partners_are_drawn_in_chinese(dash_duo, demo_db, database):
    """Guizhou in Chinese: a stacked bar per partner and year, the people sent each way,
    each with its summary, and the partners' table on a phone without widening the page."""
    amounts = database.run("province_east_west_amounts", province=GUIZHOU).frame
    partners = amounts.helper_zh.nunique()
    dash_duo.driver.set_window_size(390, 844)
    open_page(dash_duo, demo_db, f"/province/{GUIZHOU}?lang=zh")
    funds = f"#{ids.PROVINCE_EAST_WEST_FUNDS}"
    wait_until(lambda: len(dash_duo.find_elements(f"{funds} .trace.bars")) == partners,
               timeout=30)
    assert len(dash_duo.find_elements(f"{funds} .trace.bars .point")) == partners * 5
    people = f"#{ids.PROVINCE_EAST_WEST_PEOPLE}"
    wait_until(lambda: len(dash_duo.find_elements(f"{people} .trace.bars")) == 3)
    wait_until(lambda: dash_duo.find_element(f"{people}-summary").get_attribute(
        "textContent").startswith("东部选派干部, 2016"))
    assert dash_duo.find_element(f"{funds}-summary").get_attribute("textContent")
    assert dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert dash_duo.get_logs() == []
