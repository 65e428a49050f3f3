"""The county and village pages: their queries against the raw tables, their builders, and a browser."""

import csv
import json
import re
import shutil
from dataclasses import replace
from pathlib import Path

import duckdb
import pandas as pd
import plotly
import plotly.graph_objects as go
import pytest
from browser import console_errors_but_the_pages_own_404, wait_until

import queries
from dashboard.app import create_app
from dashboard.db import BadParameters, Database, UnknownQuery
from dashboard.pages import county, village
from layouts import ids
from layouts.county_page import (
    CAUSES,
    CountyData,
    area_text,
    category_bars,
    county_figures,
    county_kpis,
    evaluation_figure,
    income_figure,
    infrastructure_text,
    stacked_by_year,
    village_export,
    village_rows,
    villages_delisted_figure,
    yes_no,
)
from layouts.export import csv_text, source_note
from layouts.format import large
from layouts.village_page import (
    VillageData,
    cadre_timeline,
    household_codes,
    household_status,
    households_export,
    team_rows,
    village_page,
)
from layouts.village_page import income_figure as household_income_figure
from queries.results import Answer
from warehouse import answers as stored_answers
from warehouse.answers import per_county_queries, store_answers

LIBO = "522722"  # a national poverty county that left the list in 2019
PROGRAMME_NOT_POVERTY = "130121"  # Jingxing: in the programme, never a poverty county
OUTSIDE = "110101"  # Dongcheng District, Beijing: not in the programme


@pytest.fixture(scope="module")
def libo_village(database) -> int:
    """Libo's first poor village in the test database: it has households, teams and cadres."""
    return int(database.run("county_villages", adcode=LIBO).frame.village_id[0])


@pytest.fixture(scope="module")
def busiest(database) -> str:
    """The poverty county with the most registered households: data in every section."""
    counties = database.run("province_counties", province="520000", year=2016).frame
    return max(zip(counties.registered_households.fillna(0), counties.adcode))[1]


@pytest.fixture(scope="module")
def raw(demo_db):
    """A read-only connection to the test database for computing expected values by hand."""
    con = duckdb.connect(str(demo_db), read_only=True)
    yield lambda sql, *params: con.execute(sql, list(params)).fetchall()
    con.close()


def county_data(database, adcode=LIBO) -> CountyData:
    """The county page's data as the page reads it: an answer per section, the
    early-warning counts as the county's one row."""
    answers = database.run_for_county(list(county.SECTION_QUERIES.values()), adcode)
    sections = {key: answers[name].lists for key, name in county.SECTION_QUERIES.items()}
    early_warning = sections["early_warning"]
    sections["early_warning"] = {column: values[0] for column, values in early_warning.items()}
    return CountyData(**sections)


def assert_same_answer(stored: dict[str, list], live: pd.DataFrame, what: str) -> None:
    """A stored answer holds the live one's values: an integer column with a gap reads as
    floats from a frame, and a float sum may differ in its last bit."""
    expected = Answer(frame=live).lists
    assert list(stored) == list(expected), what
    for column, values in expected.items():
        nested = any(isinstance(v, dict) for v in values)  # `suppressed` marks
        assert stored[column] == (values if nested else pytest.approx(values)), \
            f"{what}: {column}"


def answer(database, name, adcode=LIBO) -> dict[str, list]:
    """One query's answer as the county page reads it: as columns."""
    return database.run(name, adcode=adcode).lists


def village_data(database, village_id: int) -> VillageData:
    profile = database.run("village_profile", village_id=village_id).frame.iloc[0].to_dict()
    one = {"adcode": profile["county_adcode"], "village_id": village_id}
    return VillageData(profile=profile,
                       teams=database.run("village_work_teams", village_id=village_id).frame,
                       cadres=database.run("village_cadres", village_id=village_id).frame,
                       households=database.run("village_households", **one).frame,
                       incomes=database.run("village_household_incomes", **one).frame)


# ---------------------------------------------------------------- the speed rule

def test_county_queries_never_read_the_households_table():
    for name, query in queries.indicators().items():
        if name.startswith("county_"):
            assert not re.search(r"\b(from|join)\s+households\b", query.sql), name


@pytest.mark.parametrize("name", ["village_households", "village_household_incomes"])
def test_village_household_queries_filter_by_county_and_village(name):
    sql = queries.indicators()[name].sql
    assert "county_adcode = $adcode and village_id = $village_id" in sql


def test_new_rollups_document_their_columns_and_come_after_the_others():
    names = [q.name for q in queries.rollups()]
    assert names.index("county_income_bands") > names.index("county_year")
    bands = next(q for q in queries.rollups() if q.name == "county_income_bands")
    assert set(bands.columns) == {"band", "households", "people"}


# ---------------------------------------------------------------- county queries

def test_county_profile_of_libo(database):
    profile = database.run("county_profile", adcode=LIBO).frame.iloc[0]
    assert (profile.name_en, profile.name_zh, profile.province_en) == (
        "Libo County", "荔波县", "Guizhou")
    assert profile.is_poverty_county and profile.in_programme
    assert profile.exit_year == 2019
    assert profile.contiguous_area == "滇桂黔石漠化区"


@pytest.mark.parametrize("adcode", ["999999", "abc", ""])
def test_county_profile_of_an_unknown_code_is_empty(database, adcode):
    assert database.run("county_profile", adcode=adcode).frame.empty


def test_county_trend_is_the_rollup_of_the_county(database, raw):
    trend = database.run("county_trend", adcode=LIBO).frame
    assert list(trend.year) == list(range(2013, 2021))
    exits = raw("select sum(members) from households where county_adcode = ? "
                "and exit_year is not null and removed_year is null", LIBO)[0][0]
    assert trend.exited_people.sum() == exits
    assert trend.set_index("year").loc[2019, "county_exited"]


def test_county_villages_lists_every_village_of_the_county(database, raw):
    villages = database.run("county_villages", adcode=LIBO).frame
    expected = raw("select village_id, name from villages where county_adcode = ?", LIBO)
    assert sorted(zip(villages.village_id, villages.name)) == sorted(expected)
    teams = raw("select count(*) from work_teams where county_adcode = ?", LIBO)[0][0]
    assert villages.work_teams.sum() == teams


def test_county_causes_count_the_registered_households(database, raw):
    causes = database.run("county_poverty_causes", adcode=LIBO).frame
    registered = raw("select count(*) from households where county_adcode = ? "
                     "and removed_year is null", LIBO)[0][0]
    assert causes.households.sum() == registered
    assert causes.share.sum() == pytest.approx(1)
    assert list(causes.households) == sorted(causes.households, reverse=True)


def test_county_five_batches_count_each_measure(database, raw):
    batches = database.run("county_five_batches", adcode=LIBO).frame.set_index("measure")
    relocated = raw("select count(*) from households where county_adcode = ? "
                    "and removed_year is null and measure_relocation", LIBO)[0][0]
    assert batches.loc["relocation", "households"] == relocated
    assert set(batches.index) == {"production", "relocation", "ecological", "education",
                                  "social_security"}
    assert (batches.share <= 1).all()


@pytest.mark.parametrize("name, key", [("county_funds_by_source", "source"),
                                       ("county_funds_by_purpose", "purpose")])
def test_county_funds_add_up_to_the_funds_table(database, raw, name, key):
    funds = database.run(name, adcode=LIBO).frame
    total = raw("select sum(amount_yuan) from funds where county_adcode = ?", LIBO)[0][0]
    assert funds.amount_yuan.sum() == pytest.approx(total)
    assert len(funds) == 8 * funds[key].nunique()


def test_county_evaluations_only_for_evaluated_counties(database):
    libo = database.run("county_evaluations", adcode=LIBO).frame
    assert list(libo.year) == [2016, 2017, 2018, 2019, 2020]
    assert libo.satisfaction_rate.between(0, 1).all()
    assert database.run("county_evaluations", adcode=PROGRAMME_NOT_POVERTY).frame.empty


def test_county_income_bands_cover_every_registered_household(database):
    bands = database.run("county_income_distribution", adcode=LIBO).frame
    trend = database.run("county_trend", adcode=LIBO).frame.set_index("year")
    per_year = bands.groupby("year").households.sum()
    for year, households in per_year.items():
        assert households == trend.loc[year, "registered_households"], year
    assert set(bands.band) <= {"below_line", "1_to_1_5", "1_5_to_2", "2_or_more"}


def test_income_band_edges_follow_the_poverty_line(raw):
    # Every household income below the 2016 line of 2,952 yuan must be in below_line.
    below = raw("select count(*) from households where county_adcode = ? and identified_year <= 2016 "
                "and (removed_year is null or removed_year > 2016) and income_2016 < 2952", LIBO)[0][0]
    banded = raw("select households from county_income_bands where adcode = ? and year = 2016 "
                 "and band = 'below_line'", LIBO)[0][0]
    assert banded == below > 0


def test_county_monitoring_counts_monitored_and_exited_households(database, raw, busiest):
    monitoring = database.run("county_post_exit_monitoring", adcode=busiest).frame
    monitored = raw("select count(*) from households where county_adcode = ? and removed_year is null "
                    "and monitoring_status = 'monitored'", busiest)[0][0]
    exited = database.run("county_trend", adcode=busiest).frame.exited_households.sum()
    assert monitoring.monitored_households.sum() == monitored > 0
    assert monitoring.exited_households.sum() == exited


def test_county_work_teams_by_level(database, raw):
    levels = database.run("county_work_teams_by_level", adcode=LIBO).frame
    assert levels.work_teams.sum() == raw(
        "select count(*) from work_teams where county_adcode = ?", LIBO)[0][0]
    assert levels.cadres.sum() == raw(
        "select count(*) from cadres where county_adcode = ? and team_id is not null",
        LIBO)[0][0]


# ---------------------------------------------------------------- village queries

def test_village_profile(database, raw, libo_village):
    profile = database.run("village_profile", village_id=libo_village).frame.iloc[0]
    assert (profile.county_adcode, profile.county_en) == (LIBO, "Libo County")
    assert profile.is_poor_village and [(profile.exit_year,)] == raw(
        "select exit_year from villages where village_id = ?", libo_village)
    assert database.run("village_profile", village_id=10 ** 15).frame.empty


def test_village_teams_and_cadres(database, raw, libo_village):
    teams = database.run("village_work_teams", village_id=libo_village).frame
    cadres = database.run("village_cadres", village_id=libo_village).frame
    assert teams.cadres_served.sum() == len(cadres) > 0
    assert teams.first_secretaries.sum() == (cadres.role == "first_secretary").sum()
    assert set(cadres.team_id) == set(teams.team_id)


def test_village_households_are_that_village_only(database, raw, libo_village):
    households = database.run("village_households", adcode=LIBO, village_id=libo_village).frame
    expected = raw("select household_id from households where village_id = ? order by 1",
                   libo_village)
    assert list(households.household_id) == [h for (h,) in expected]
    # the county filter is part of the key: the wrong county finds nothing
    assert database.run("village_households", adcode="110101", village_id=libo_village).frame.empty


def test_village_household_incomes_against_the_line(database, raw, libo_village):
    incomes = database.run("village_household_incomes", adcode=LIBO, village_id=libo_village).frame
    first = incomes.iloc[0]
    income = raw(f"select income_{int(first.year)} from households where household_id = ?",
                 int(first.household_id))[0][0]
    assert first.income_yuan == income
    assert first.income_to_line == pytest.approx(income / first.poverty_line_yuan)
    line_2020 = incomes[incomes.year == 2020].poverty_line_yuan.unique()
    assert list(line_2020) == [4000]


# ---------------------------------------------------------------- validation in the pages

@pytest.mark.parametrize("text, expected", [
    ("522722", "522722"), ("abc", None), ("52272", None), ("5227221", None),
    ("５２２７２２", None), ("522722\n", None), ("52272'", None), (None, None),
])
def test_adcodes_are_six_ascii_digits(text, expected):
    assert county.valid_adcode(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("1393", 1393), ("0", 0), ("-1", None), ("1e3", None), ("1" * 19, None), ("", None),
])
def test_village_ids_are_whole_numbers_that_fit(text, expected):
    assert village.valid_village_id(text) == expected


@pytest.mark.parametrize("junk", ["abc", "5227", "522722; drop table counties", "５２２７２２"])
def test_a_junk_adcode_never_reaches_a_query(monkeypatch, junk):
    monkeypatch.setattr(county, "database", lambda: pytest.fail("a query was run"))
    page = county.layout({}, "en", junk)
    assert page[0].children == "No such county"


def test_a_junk_village_id_never_reaches_a_query(monkeypatch):
    monkeypatch.setattr(village, "database", lambda: pytest.fail("a query was run"))
    assert village.layout({}, "zh", "12ab")[0].children == "没有这个村"


# ---------------------------------------------------------------- county builders

def test_county_figures_draw_every_section(database, busiest):
    # Through plotly.py's validator: the plain dicts must be figures it accepts.
    figures = {k: go.Figure(f)
               for k, f in county_figures(county_data(database, busiest), "en").items()}
    assert len(figures) == 15
    for graph_id, fig in figures.items():
        assert fig.data, graph_id  # the largest county has data for every chart
        assert fig.layout.template.layout.font.family  # styled by the 'poverty' template


def test_category_bars_put_the_largest_on_top_in_the_page_language(database):
    causes = answer(database, "county_poverty_causes")
    fig = go.Figure(category_bars(causes, "cause", CAUSES, "t", "zh"))
    bar = fig.data[0]
    assert list(bar.y)[-1] == CAUSES[causes["cause"][0]][1]  # top bar: the largest cause
    assert list(bar.x) == sorted(causes["households"])
    assert all(text.endswith("%") for text in bar.text)


def test_category_bars_of_nothing_say_no_data_and_of_zeros_draw_zeros():
    fig = go.Figure(category_bars({"cause": [], "households": []}, "cause", CAUSES, "Causes", "en"))
    assert not fig.data and fig.layout.annotations[0].text == "No data"
    zeros = category_bars({"cause": ["illness"], "households": [0]}, "cause", CAUSES, "Causes",
                          "en")
    assert zeros["data"][0]["x"] == [0] and zeros["data"][0]["hovertext"] == [
        "Illness: 0 households"]


def test_category_bars_draw_withheld_and_missing_counts_as_marks_not_bars():
    """A withheld count and a missing one have no bar; each is a mark on the axis of its own
    kind, below the bars, whose hover says which it is; a zero is a bar of no length."""
    withheld = {"below": 10, "columns": ["households"]}
    causes = {"cause": ["illness", "disaster", "labour", "other", "schooling"],
              "households": [40, None, 12, None, 0],
              "suppressed": [None, withheld, None, None, None]}
    fig = category_bars(causes, "cause", CAUSES, "Causes", "en")
    bar, *marks = fig["data"]
    assert bar["y"] == ["Disaster", "Other", "Schooling costs", "Weak labour ability", "Illness"]
    assert bar["x"] == [None, None, 0, 12, 40]
    assert {m["meta"]: (m["y"], m["x"], m["hovertext"]) for m in marks} == {
        "withheld": (["Disaster"], [0], ["Disaster: < 10 or withheld"]),
        "no data": (["Other"], [0], ["Other: no data"])}
    assert fig["layout"]["showlegend"]
    zh = category_bars(causes, "cause", CAUSES, "致贫原因", "zh")
    assert {m["name"] for m in zh["data"][1:]} == {"<10或不公布", "无数据"}


def test_stacked_funds_keep_the_order_and_the_total(database):
    funds = answer(database, "county_funds_by_source")
    labels = {"central": ("Central", "中央"), "social": ("Social", "社会")}
    fig = go.Figure(stacked_by_year(funds, "source", "amount_yuan", labels, "t", "yuan", "en"))
    names = [trace.name for trace in fig.data]
    assert names[:2] == ["Central", "Social"]  # labelled ones first, in the given order
    assert set(names[2:]) == {"city", "county", "provincial"}
    assert fig.layout.barmode == "stack"
    assert sum(sum(trace.y) for trace in fig.data) == pytest.approx(sum(funds["amount_yuan"]))


def test_evaluation_puts_satisfaction_on_its_own_axis(database):
    fig = go.Figure(evaluation_figure(answer(database, "county_evaluations"), "en"))
    assert [trace.yaxis or "y" for trace in fig.data] == ["y", "y", "y2"]
    assert fig.layout.yaxis.tickformat == ".1%"
    empty = go.Figure(evaluation_figure(answer(database, "county_evaluations", OUTSIDE), "en"))
    assert empty.layout.annotations[0].text == "No data"


def test_income_figure_needs_incomes_not_just_the_line(database):
    trend = answer(database, "county_trend")
    # the registry's incomes start in 2014: 2013 is marked as no data
    assert [t["name"] for t in income_figure(trend, "en")["data"]] == [
        "Mean per capita net income", "Poverty line", "No data"]
    no_incomes = trend | {"mean_income_yuan": [None] * len(trend["year"])}
    assert not income_figure(no_incomes, "en")["data"]
    # withheld incomes are not "no data": the line is drawn beside their marks
    withheld = no_incomes | {"suppressed": [{"below": 10, "columns": ["mean_income_yuan"]}]
                             * len(trend["year"])}
    assert [t.get("meta") for t in income_figure(withheld, "en")["data"]][-1] == "withheld"


def test_few_villages_get_whole_number_ticks(database):
    fig = go.Figure(villages_delisted_figure(answer(database, "county_trend"), "en"))
    assert (fig.layout.yaxis.tickmode, fig.layout.yaxis.dtick) == ("linear", 1)


def test_stored_answers_are_the_queries_own_answers(database, raw):
    names = [q.name for q in per_county_queries()]
    assert {"county_profile", "county_trend", "county_villages"} <= set(names)
    programme = [c for (c,) in raw("select adcode from counties where in_programme order by 1")]
    stored = raw("select count(distinct adcode), count(*) from answers")
    assert stored == [(len(programme), len(programme) * len(names))]
    # Every tenth county besides the named ones: the build answers all counties at once.
    for code in {LIBO, PROGRAMME_NOT_POVERTY, programme[-1], *programme[::10]}:
        answers = database.run_for_county(names, code)
        for name in names:
            assert_same_answer(answers[name].lists, database.run(name, adcode=code).frame,
                               f"{name} {code}")


def test_a_query_that_cannot_be_answered_at_once_is_answered_county_by_county(demo_db, tmp_path,
                                                                              monkeypatch):
    # Ordered by columns it does not return: the lateral statement cannot order it.
    neighbours = replace(queries.indicators()["county_profile"], name="neighbours", sql="""
        select name_en from counties
        where province_adcode = (select province_adcode from counties where adcode = $adcode)
        order by rural_population desc, adcode""")
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    con = duckdb.connect(str(path))
    codes = [LIBO, PROGRAMME_NOT_POVERTY]
    assert stored_answers._batched(con, neighbours, codes) is None
    monkeypatch.setattr(stored_answers, "per_county_queries", lambda: [neighbours])
    store_answers(con)
    for code in codes:
        stored = Answer.of_ipc(con.execute(
            "select frame from answers where adcode = ?", [code]).fetchone()[0]).lists
        assert_same_answer(stored, con.execute(neighbours.sql, {"adcode": code}).df(), code)
    con.close()


def test_a_county_without_stored_answers_is_answered_live(database):
    assert database._stored_answers(database.current, OUTSIDE) == {}  # none stored
    answers = database.run_for_county(["county_profile", "county_trend"], OUTSIDE)
    assert answers["county_profile"].lists["adcode"] == [OUTSIDE]
    assert answers["county_trend"].lists == answer(database, "county_trend", OUTSIDE)


def test_a_county_page_reads_its_stored_answers_once(demo_db, monkeypatch):
    db = Database(demo_db)
    reads, build = [], db.current
    cursor = build.cursor
    monkeypatch.setattr(build, "cursor", lambda: reads.append(1) or cursor())
    profile = db.run_for_county(["county_profile"], LIBO)["county_profile"]
    sections = db.run_for_county(list(county.SECTION_QUERIES.values()), LIBO)
    assert profile.lists["adcode"] == [LIBO] and sections["county_trend"].lists["year"]
    assert len(reads) == 1  # the profile's read brought the sections too
    assert db.run_for_county(["county_profile"], OUTSIDE)["county_profile"].lists["adcode"] == [
        OUTSIDE]


def test_stored_answers_are_checked_like_any_query(database):
    with pytest.raises(BadParameters):
        database.run_for_county(["county_trend", "province_kpis"], LIBO)  # not per county
    with pytest.raises(UnknownQuery):
        database.run_for_county(["no_such_query"], LIBO)


def test_county_kpis_show_the_rollup_totals(database, raw):
    data = county_data(database)
    section = county_kpis(LIBO, data, "en")
    values = {card.children[1].id: card.children[1].children for card in section.children}
    exited = [v for v in data.trend["exited_people"] if v is not None]  # none before 2014
    poor = [v for v in data.trend["poor_people_in_year"] if v is not None]
    assert values[ids.kpi("county_exited_people")] == large(sum(exited), "people")
    assert values[ids.kpi("county_peak_poor_people")] == large(max(poor), "people")
    teams = raw("select count(*) from work_teams where county_adcode = ?", LIBO)[0][0]
    assert values[ids.kpi("county_work_teams")] == str(teams)
    # the households at risk are /monitoring's count for the county
    assert values[ids.kpi("county_at_risk_households")] == large(
        database.run("county_early_warning", adcode=LIBO).frame.at_risk_households.iat[0],
        "households")


def test_village_rows_link_each_village_in_the_page_language(database, libo_village):
    villages = answer(database, "county_villages")
    row = village_rows(villages, "zh")[0]
    assert row["name"] == f"[{villages['name'][0]}](/village/{libo_village}?lang=zh)"
    assert row["poor"] == "是"
    assert row["infrastructure"].startswith("✓ 道路")


def test_village_export_and_its_source_line(database):
    table = village_export(database.run("county_villages", adcode=LIBO).frame, "en")
    assert list(table.columns) == ["village_id", "Village", "Poor village?", "Exit year",
                                   "Population", "road", "4G", "clinic", "safe water",
                                   "Work teams"]
    text = csv_text(table, source_note(True, "abcdef123456", "villages table", {"county": LIBO}))
    first, header = text.splitlines()[:2]
    assert first == "# Source: SYNTHETIC demo data; villages table, build abcdef12; county 522722"
    assert header.startswith("village_id,Village")


@pytest.mark.parametrize("value, expected", [(True, "yes"), (False, "no"), (None, "unknown"),
                                             (pd.NA, "unknown")])
def test_yes_no_tells_unknown_apart(value, expected):
    assert yes_no(value, "en") == expected


@pytest.mark.parametrize("row, lang, expected", [
    ({"has_road": True, "has_4g": False, "has_clinic": None, "has_safe_water": True}, "en",
     "✓ road · ✗ 4G · ✓ safe water"),
    ({"has_road": None, "has_4g": None, "has_clinic": None, "has_safe_water": None}, "zh", "不详"),
])
def test_infrastructure_text_leaves_out_unknowns(row, lang, expected):
    assert infrastructure_text(row, lang) == expected


@pytest.mark.parametrize("area, lang, expected", [
    ("乌蒙山区", "en", "乌蒙山区 (Wumeng Mountains)"), ("乌蒙山区", "zh", "乌蒙山区"),
    (None, "en", "none"),
])
def test_contiguous_area_names(area, lang, expected):
    assert area_text(area, lang) == expected


# ---------------------------------------------------------------- village builders

def test_household_codes_hide_the_registry_ids(database, libo_village):
    households = database.run("village_households", adcode=LIBO, village_id=libo_village).frame
    codes = household_codes(households)
    assert list(codes.values())[:2] == ["H-001", "H-002"]
    assert len(set(codes.values())) == len(households)
    assert not any(str(h) in code for h, code in codes.items())


@pytest.mark.parametrize("row, expected", [
    ({"removed_year": 2015, "exit_year": None}, ("Removed 2015 (wrongly listed)", "removed")),
    ({"removed_year": None, "exit_year": 2018}, ("Exited 2018", "exited")),
    ({"removed_year": None, "exit_year": None}, ("Still poor", "poor")),
])
def test_household_status(row, expected):
    assert household_status(row, "en") == expected


def test_household_income_figure_is_one_trace_with_codes_and_the_line(database, libo_village):
    data = village_data(database, libo_village)
    fig = go.Figure(household_income_figure(data.incomes, household_codes(data.households), "en"))
    households, line = fig.data
    assert households.y.count(None) == data.incomes.household_id.nunique()
    assert set(households.customdata) - {None} <= set(household_codes(data.households).values())
    assert list(line.y) == sorted(data.incomes.drop_duplicates("year").poverty_line_yuan)
    assert fig.layout.yaxis.type == "log"


def test_cadre_timeline_one_bar_per_cadre_secretaries_first(database, libo_village):
    cadres = database.run("village_cadres", village_id=libo_village).frame
    fig = go.Figure(cadre_timeline(cadres, "en"))
    secretaries, members = fig.data
    assert len(secretaries.y) + len(members.y) == len(cadres)
    # The first team's (or, before any team, the village's own) first secretaries come first.
    assert list(fig.layout.yaxis.categoryarray)[0].endswith("First secretary 1")
    first_team = cadres.team_id.iloc[0]
    first = cadres[(cadres.role == "first_secretary") & (cadres.team_id == first_team)]
    assert secretaries.base[0] == first.start_year.min() - 0.5


def test_team_rows_in_chinese(database, libo_village):
    teams = database.run("village_work_teams", village_id=libo_village).frame
    rows = team_rows(teams, "zh")
    first = teams.iloc[0]
    sent_by = {"central": "中央", "province": "省级", "city": "市级", "county": "县级"}
    assert rows[0]["team"] == "工作队 1" and rows[0]["sent_by"] == sent_by[first.sending_level]
    assert rows[0]["years"] == f"{first.start_year}–{first.end_year}"


def test_households_export_is_anonymised_with_incomes_by_year(database, libo_village):
    data = village_data(database, libo_village)
    table = households_export(data.households, data.incomes, "en")
    assert len(table) == len(data.households)
    assert "household_id" not in table.columns
    assert table["Household"].iloc[0] == "H-001"
    first = data.incomes[data.incomes.household_id == data.households.household_id.iloc[0]]
    assert table["Income 2014"].iloc[0] == first[first.year == 2014].income_yuan.iloc[0]
    assert not set(data.households.household_id.astype(str)) & set(table.astype(str).stack())


def test_village_page_shows_a_card_per_household_and_no_registry_id(database, libo_village):
    data = village_data(database, libo_village)
    page = json.dumps(village_page(data, "en"), cls=plotly.utils.PlotlyJSONEncoder)
    assert page.count('"data-code": "H-') == len(data.households)
    assert not any(re.search(rf"\b{h}\b", page) for h in data.households.household_id)


# ---------------------------------------------------------------- in the browser

def open_page(dash_duo, db_path, path, ready):
    dash_duo.start_server(create_app(db_path))
    dash_duo.wait_for_page(f"{dash_duo.server_url}{path}")
    return dash_duo.wait_for_element(ready, timeout=30)


def test_county_page_shows_the_database_numbers(dash_duo, demo_db, database, libo_village):
    open_page(dash_duo, demo_db, f"/county/{LIBO}", f"#{ids.COUNTY_KPIS}")
    trend = database.run("county_trend", adcode=LIBO).frame
    shown = dash_duo.find_element(f"#{ids.kpi('county_exited_people')}").text
    assert shown == large(trend.exited_people.sum(), "people")
    profile = dash_duo.find_element(f"#{ids.COUNTY_PROFILE}").text
    assert "Libo County" in profile and "in 2019" in profile and "National poverty county" in profile
    dash_duo.wait_for_element(f"#{ids.COUNTY_EXITS} .main-svg", timeout=20)
    drawn = dash_duo.driver.execute_script(
        f"const gd = document.querySelector('#{ids.COUNTY_EXITS} .js-plotly-plot');"
        "return Array.from(gd._fullData[0].y).filter(v => v !== null && !isNaN(v));")
    assert drawn == list(trend.exited_people.dropna())
    link = dash_duo.find_element(f"#{ids.COUNTY_VILLAGES} a")
    assert link.get_attribute("href").endswith(f"/village/{libo_village}")
    link.click()
    dash_duo.wait_for_element(f"#{ids.VILLAGE_HOUSEHOLDS}", timeout=30)
    name = database.run("village_profile", village_id=libo_village).frame.name[0]
    assert dash_duo.find_element("h1").text == name
    assert dash_duo.get_logs() == []


def test_village_page_shows_anonymised_household_files(dash_duo, demo_db, database, libo_village):
    open_page(dash_duo, demo_db, f"/village/{libo_village}", f"#{ids.VILLAGE_HOUSEHOLDS}")
    households = database.run("village_households", adcode=LIBO, village_id=libo_village).frame
    cards = dash_duo.find_elements(f"#{ids.VILLAGE_HOUSEHOLDS} .household")
    assert len(cards) == len(households)
    assert cards[0].find_element("css selector", "h3").text == "H-001"
    removed = dash_duo.find_elements(".badge-removed")
    assert len(removed) == households.removed_year.notna().sum() > 0
    source = dash_duo.driver.page_source
    assert not any(str(h) in source for h in households.household_id)
    county_link = dash_duo.find_element(f"#{ids.VILLAGE_COUNTY_LINK}")
    assert county_link.text == "Libo County"

    dash_duo.find_element(f"#{ids.VILLAGE_HOUSEHOLDS_CSV}").click()
    target = Path(dash_duo.download_path) / f"village_{libo_village}_households.csv"
    wait_until(target.exists)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: SYNTHETIC demo data; household registry")
    assert lines[0].endswith(f"village {libo_village}, county {LIBO}")
    rows = list(csv.DictReader(lines[1:]))
    assert [r["Household"] for r in rows][:2] == ["H-001", "H-002"]
    assert len(rows) == len(households)


def test_villages_csv_names_the_county_in_its_file_name(dash_duo, demo_db, libo_village):
    open_page(dash_duo, demo_db, f"/county/{LIBO}", f"#{ids.COUNTY_VILLAGES_CSV}")
    dash_duo.find_element(f"#{ids.COUNTY_VILLAGES_CSV}").click()
    target = Path(dash_duo.download_path) / f"county_{LIBO}_villages.csv"
    wait_until(target.exists)
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# Source: SYNTHETIC demo data; villages table")
    assert [row["village_id"] for row in csv.DictReader(lines[1:])] == [str(libo_village)]


@pytest.mark.parametrize("path", ["/county/999999", "/county/abc"])
def test_unknown_counties_say_so(dash_duo, demo_db, path):
    status = open_page(dash_duo, demo_db, path, f"#{ids.COUNTY_STATUS}")
    assert dash_duo.find_element("h1").text == "No such county"
    assert "six digits" in status.text
    assert console_errors_but_the_pages_own_404(dash_duo, path) == []


def test_outside_the_programme_and_sections_without_data(dash_duo, demo_db):
    status = open_page(dash_duo, demo_db, f"/county/{OUTSIDE}", f"#{ids.COUNTY_STATUS}")
    assert "Not in the programme" in status.text
    assert dash_duo.find_elements(f"#{ids.COUNTY_KPIS}") == []
    dash_duo.wait_for_page(f"{dash_duo.server_url}/county/{PROGRAMME_NOT_POVERTY}")
    dash_duo.wait_for_element(f"#{ids.COUNTY_EVALUATIONS} .main-svg", timeout=30)
    # not a poverty county: never evaluated, so that one section says "No data"
    assert "No data" in dash_duo.find_element(f"#{ids.COUNTY_EVALUATIONS}").text
    assert dash_duo.find_elements(f"#{ids.COUNTY_EXITS} .trace.bars .point")


@pytest.fixture(scope="module")
def no_villages_db(demo_db, tmp_path_factory) -> Path:
    """The test database with Libo's villages deleted: a programme county with no villages."""
    path = tmp_path_factory.mktemp("variant") / "no_villages.duckdb"
    shutil.copy(demo_db, path)
    con = duckdb.connect(str(path))
    con.execute("delete from villages where county_adcode = ?", [LIBO])
    store_answers(con)  # the stored answers are derived from the tables: store them again
    con.close()
    return path


def test_a_county_with_no_villages_shows_the_empty_state(dash_duo, no_villages_db):
    empty = open_page(dash_duo, no_villages_db, f"/county/{LIBO}", f"#{ids.COUNTY_VILLAGES}")
    assert empty.text == "No villages are recorded for this county."
    assert dash_duo.find_elements(f"#{ids.COUNTY_VILLAGES_CSV}") == []
    assert dash_duo.find_element(f"#{ids.COUNTY_KPIS}").is_displayed()


def test_chinese_labels(dash_duo, demo_db, libo_village):
    open_page(dash_duo, demo_db, f"/county/{LIBO}?lang=zh", f"#{ids.COUNTY_KPIS}")
    assert dash_duo.find_element("h1").text.startswith("荔波县")
    headings = [h.text for h in dash_duo.find_elements("h2")]
    assert headings == ["扶持谁？", "谁来扶？协作帮扶、村与驻村工作队", "怎么扶？", "如何退？"]
    assert "国家级贫困县" in dash_duo.find_element(f"#{ids.COUNTY_PROFILE}").text
    link = dash_duo.find_element(f"#{ids.COUNTY_VILLAGES} a")
    assert link.get_attribute("href").endswith(f"/village/{libo_village}?lang=zh")
    link.click()
    dash_duo.wait_for_element(f"#{ids.VILLAGE_HOUSEHOLDS}", timeout=30)
    assert "贫困户档案" in [h.text for h in dash_duo.find_elements("h2")]
    assert dash_duo.find_element(f"#{ids.VILLAGE_COUNTY_LINK}").text == "荔波县"


@pytest.mark.parametrize("path, ready", [
    (f"/county/{LIBO}", f"#{ids.COUNTY_MONITORING} .main-svg"),
    ("/village/{village}", f"#{ids.VILLAGE_INCOMES} .main-svg"),
])
def test_pages_fit_a_phone_screen(dash_duo, demo_db, path, ready, libo_village):
    dash_duo.driver.set_window_size(390, 844)
    open_page(dash_duo, demo_db, path.format(village=libo_village), ready)
    overflow = dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
