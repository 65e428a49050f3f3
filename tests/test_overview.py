"""The overview's and the province page's five batches, relocation and 2015 correction,
against the registry's own households, and as the public edition publishes them."""

import csv
import json
from pathlib import Path

import duckdb
import pytest
from roles import GUIZHOU, page

from dashboard.app import create_app
from layouts import ids
from layouts.format import large


@pytest.fixture(scope="module")
def raw(demo_db):
    with duckdb.connect(str(demo_db), read_only=True) as con:
        yield con


def corrected_people(raw, province: str | None = None) -> dict[str, int]:
    """People removed and added in 2015, straight from the corrections and households."""
    where = "and h.county_adcode like ?" if province else ""
    rows = raw.execute(f"""
        select k.action, sum(h.members) from corrections k join households h using (household_id)
        where k.year = 2015 {where} group by all""",
                       [province[:2] + "%"] if province else []).fetchall()
    return dict(rows)


def figure_of(text: str, graph_id: str) -> dict:
    """A graph's figure in a rendered page."""
    def find(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == graph_id:
                return node["props"]["figure"]
            for value in node.values():
                if (found := find(value)) is not None:
                    return found
        if isinstance(node, list):
            for value in node:
                if (found := find(value)) is not None:
                    return found
        return None
    return find(json.loads(text))


@pytest.fixture(scope="module")
def client(demo_db):
    return create_app(demo_db).server.test_client()


def test_the_overview_gives_the_2015_correction_as_the_registry_records_it(client, raw):
    people = corrected_people(raw)
    assert people["removed"] > people["added"] > 0  # 9.29 against 8.07 million, as published
    figure = figure_of(page(client, "/"), ids.OVERVIEW_CORRECTION)
    assert figure["layout"]["title"]["text"] == (
        f"2015 correction (people): {large(people['removed'])} removed, "
        f"{large(people['added'])} added")
    assert sum(figure["data"][0]["x"]) == people["removed"] + people["added"]


def test_the_overview_gives_the_five_batches_and_the_people_relocated(client, raw):
    reached = dict(raw.execute("""
        select 'relocation', count(*) filter (where measure_relocation) from households
        where removed_year is null
        union all select 'education', count(*) filter (where measure_education) from households
        where removed_year is null""").fetchall())
    relocated = raw.execute("""select sum(members) from households
                               where measure_relocation and removed_year is null""").fetchone()[0]
    text = page(client, "/")
    bars = figure_of(text, ids.OVERVIEW_BATCHES)["data"][0]
    by_name = dict(zip(bars["y"], bars["x"]))
    assert by_name["Relocation"] == reached["relocation"]
    assert by_name["Education"] == reached["education"]
    assert large(relocated, "people") in text
    assert "易地扶贫搬迁人口" in page(client, "/", "?lang=zh")


def test_the_province_page_gives_its_own_correction(client, raw):
    people = corrected_people(raw, GUIZHOU)
    figure = figure_of(page(client, f"/province/{GUIZHOU}"), ids.PROVINCE_CORRECTION)
    assert sum(figure["data"][0]["x"]) == people["removed"] + people["added"]
    chinese = figure_of(page(client, f"/province/{GUIZHOU}", "?lang=zh"), ids.PROVINCE_CORRECTION)
    assert chinese["layout"]["title"]["text"].startswith("2015年“回头看”")


def test_the_public_edition_publishes_them_under_the_threshold_rule(public_db):
    with duckdb.connect(str(public_db), read_only=True) as con:
        for table in ("province_measures", "national_measures", "province_corrections",
                      "national_corrections"):
            counts = con.execute(f"select households, people from {table}").df()
            assert not counts.stack().between(1, 9).any(), table
        # a national cell is never published beside all but one of its provinces' cells
        leaks = con.execute("""
            select n.action, n.reason from national_corrections n
            join province_corrections p using (action, reason)
            where n.people is not null
            group by all having count(*) filter (where p.people is null) = 1""").fetchall()
        assert leaks == []


def test_the_overview_lists_every_published_east_west_pair(client):
    text = page(client, "/")
    with open(Path(__file__).parents[1] / "warehouse" / "reference" / "east_west_pairings.csv",
              encoding="utf-8") as f:
        pairs = list(csv.DictReader(f))
    assert len(pairs) > 30
    for pair in pairs:
        assert pair["helper_zh"] in text and pair["helped_province_zh"] in page(
            client, "/", "?lang=zh")


def test_each_pair_says_where_it_is_published_in_the_page_language(client):
    english, chinese = page(client, "/"), page(client, "/", "?lang=zh")
    with open(Path(__file__).parents[1] / "warehouse" / "reference" / "east_west_pairings.csv",
              encoding="utf-8") as f:
        for pair in csv.DictReader(f):
            assert f'"title": "{pair["source"]}"' in english
            assert f'"title": "{pair["source_zh"]}"' in chinese
            assert pair["source"] not in chinese


def test_a_province_page_lists_its_pairs_helped_or_helping(client):
    guizhou = page(client, f"/province/{GUIZHOU}")
    assert "六盘水市 (Guizhou)" in guizhou and "大连市 (Liaoning)" in guizhou
    assert "read in the 2016 text" in guizhou
    # Hebei is helped only in its prefectures; Inner Mongolia as a whole province.
    assert "Inner Mongolia (whole province)" in page(client, "/province/150000")
    assert "no East–West pair" in page(client, "/province/460000")  # Hainan


def test_a_county_page_names_its_eastern_partner(client, database):
    """Libo (黔南州, Guizhou) is helped by Guangzhou under its prefecture's own pair; a county
    of Inner Mongolia by Beijing under its province's."""
    libo = page(client, "/county/522722")
    assert "广州市 (Guangdong), helping 黔南布依族苗族自治州" in libo
    assert "as commonly reprinted, unconfirmed" in libo
    mongolia = database.run("province_counties", province="150000", year=2016)
    county = mongolia.adcode.iloc[0]
    assert "北京市, helping Inner Mongolia" in page(client, f"/county/{county}")
    assert "北京市，结对帮扶内蒙古自治区" in page(client, f"/county/{county}", "?lang=zh")


def test_the_people_relocated_by_year_add_up_to_those_relocated(client, raw):
    by_year = dict(raw.execute("""select relocated_year, sum(members) from households
                                  where relocated_year is not null and removed_year is null
                                  group by all""").fetchall())
    bars = figure_of(page(client, "/"), ids.OVERVIEW_RELOCATED)["data"][0]
    drawn = {year: value for year, value in zip(bars["x"], bars["y"]) if value}
    assert drawn == by_year and min(by_year) >= 2016  # the relocation drive's years
