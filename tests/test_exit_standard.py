"""The exit standard (两不愁三保障, safe water beside it): its indicators agree with the
registry and with the integrity check, they are published under the disclosure rules, and
the county page, the village files and the map show them."""

import duckdb
import plotly.graph_objects as go
import pytest
from roles import LIBO, page
from test_county_village import county_data, libo_village, village_data  # noqa: F401

import indicators as registry
from dashboard.app import create_app
from layouts import ids
from layouts.county_page import county_figures
from layouts.indicators import by_key
from layouts.village_page import GUARANTEES, households_export

ITEMS = [key for key, *_ in registry.STANDARD]


@pytest.fixture(scope="module")
def full(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        yield {name: con.table(name).df() for name in ("county_year", "national_year",
                                                        "integrity_county")}


@pytest.fixture(scope="module")
def public(public_db):
    with duckdb.connect(str(public_db), read_only=True) as con:
        yield con.table("county_year").df()


def test_met_and_short_add_up_to_the_households_recorded(full):
    rows = full["county_year"].dropna(subset=["standard_households"])
    assert len(rows) > 0
    for key in ITEMS:
        met, short = rows[f"meets_{key}_households"], rows[f"short_{key}_households"]
        assert (met + short == rows.standard_households).all(), key
        assert (rows.meets_all_households <= met).all(), key  # all items: at most each one
    assert (rows.standard_households <= rows.registered_households).all()


def test_the_registry_meets_the_standard_by_2020_but_for_the_planted_cases(full):
    """By the end of 2020 every exited household meets the standard, except those the
    integrity check flags as exited with a guarantee unmet."""
    nation = full["national_year"].set_index("year")
    assert nation.meets_all_share.dropna().is_monotonic_increasing
    flagged = int(full["integrity_county"].standard_unmet_households.sum())
    assert flagged > 0
    assert nation.loc[2020, "short_all_households"] == flagged


def test_exits_with_a_guarantee_unmet_are_the_integrity_checks_own(full):
    """Counted year by year in county_year and once per household by the integrity check,
    from the same registry: the totals agree county by county."""
    by_year = full["county_year"].groupby("adcode").exited_unmet_households.sum()
    checked = full["integrity_county"].set_index("adcode").standard_unmet_households
    assert (by_year.reindex(checked.index).fillna(0) == checked).all()


def test_the_public_edition_never_gives_a_withheld_count_back_by_subtraction(public):
    """Met + short = recorded: a row never shows two of the three and hides the third, and
    no published count of them is between 1 and 9."""
    for key in ITEMS:
        cells = public[["standard_households", f"meets_{key}_households",
                        f"short_{key}_households"]]
        assert not cells.isna().sum(axis=1).eq(1).any(), key
        assert not cells.stack().between(1, 9).any(), key


def test_the_county_page_draws_each_item_and_all_of_them(database):
    figure = go.Figure(county_figures(county_data(database), "en")[ids.COUNTY_STANDARD])
    names = [trace.name for trace in figure.data if trace.mode == "lines+markers"]
    assert names == [english for _, (english, _), _ in registry.STANDARD]
    whole = next(trace for trace in figure.data if trace.name == names[-1])
    assert max(y for y in whole.y if y is not None) <= 1


def test_the_county_page_explains_the_standard_and_the_line_in_both_languages(database):
    client = create_app(database.path).server.test_client()
    english = page(client, f"/county/{LIBO}")
    assert "2,300 yuan" in english and "两不愁三保障" in english
    assert "2300元" in page(client, f"/county/{LIBO}", "?lang=zh")


def test_a_household_file_says_when_each_guarantee_was_secured(database, libo_village):  # noqa: F811
    data = village_data(database, libo_village)
    export = households_export(data.households, data.incomes, "zh")
    for _, (english, chinese) in GUARANTEES:
        assert chinese in export.columns
    years = export[[chinese for _, (_, chinese) in GUARANTEES]].stack()
    assert years.between(2013, 2020).all()


def test_the_map_offers_the_share_meeting_the_whole_standard():
    assert "meets_all_share" in by_key()
