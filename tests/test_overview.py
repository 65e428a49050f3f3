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
from warehouse.schema import MEASURE_YEARS


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
                      "national_corrections", "province_measures_by_year",
                      "national_measures_by_year"):
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
    mongolia = database.run("province_counties", province="150000", year=2016).frame
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


def reached_by_year(raw, province: str | None = None) -> dict:
    """Households each batch first reached, by (batch, year), straight from the households."""
    where = "and county_adcode like ?" if province else ""
    batches = ", ".join(f"{column} as {measure}" for measure, column in MEASURE_YEARS.items())
    rows = raw.execute(f"""
        unpivot (select {batches} from households where removed_year is null {where})
        on {", ".join(MEASURE_YEARS)} into name measure value year""",
                       [province[:2] + "%"] if province else []).df()
    return rows.groupby(["measure", "year"]).size().to_dict()


def bars_by_batch(figure: dict) -> dict:
    """A chart's bars as {(batch name, year): households}, zeros left out."""
    return {(trace["name"], year): value for trace in figure["data"] if trace["type"] == "bar"
            for year, value in zip(trace["x"], trace["y"]) if value}


@pytest.mark.parametrize("where", ["/", f"/province/{GUIZHOU}"])
def test_the_five_batches_by_year_count_the_households_each_first_reached(client, raw, where):
    graph = ids.OVERVIEW_BATCHES_BY_YEAR if where == "/" else ids.PROVINCE_BATCHES_BY_YEAR
    totals = ids.OVERVIEW_BATCHES if where == "/" else ids.PROVINCE_BATCHES
    text = page(client, where)
    figure = figure_of(text, graph)
    expected = reached_by_year(raw, None if where == "/" else GUIZHOU)
    names = dict(zip(MEASURE_YEARS, ("Production and employment", "Relocation",
                                     "Ecological compensation", "Education", "Social security")))
    assert bars_by_batch(figure) == {(names[m], year): n for (m, year), n in expected.items()}
    # each batch's years add up to its total beside it
    bars = figure_of(text, totals)["data"][0]
    by_batch = {}
    for (name, _), n in bars_by_batch(figure).items():
        by_batch[name] = by_batch.get(name, 0) + n
    assert by_batch == dict(zip(bars["y"], bars["x"]))
    assert figure["layout"]["title"]["text"] == (
        "Five batches: households newly reached (synthetic)")
    assert figure["layout"]["meta"]["summary"].startswith("Production and employment, 2013")
    assert "no yearly figure of a batch is published" in text
    chinese = figure_of(page(client, where, "?lang=zh"), graph)
    assert chinese["layout"]["title"]["text"] == "“五个一批”历年新覆盖户数（合成数据）"
    assert [trace["name"] for trace in chinese["data"]][:2] == ["发展生产和就业", "易地扶贫搬迁"]
    assert chinese["layout"]["meta"]["summary"].startswith("发展生产和就业，2013年：")


def test_about_and_the_api_give_the_five_batches_by_year(client, public_db, raw):
    """Both queries are defined on /about in the page's language and served by /api; a
    visitor reads the public edition's counts, small ones withheld."""
    english, chinese = page(client, "/about"), page(client, "/about", "?lang=zh")
    for name in ("national_five_batches_by_year", "province_five_batches_by_year"):
        assert name in english and name in chinese
    assert "first reached in each year of the campaign" in english
    assert "每年新覆盖多少建档立卡户和人" in chinese
    rows = client.get(f"/api/province_five_batches_by_year.json?province={GUIZHOU}").get_json()
    assert {(r["measure"], r["year"]): r["households"] for r in rows if r["households"]} == (
        reached_by_year(raw, GUIZHOU))
    visitor = create_app(public_db, public=True).server.test_client()
    listed = {q["name"] for q in visitor.get("/api").get_json()["queries"]}
    assert {"national_five_batches_by_year", "province_five_batches_by_year"} <= listed
    published = visitor.get(f"/api/province_five_batches_by_year.json?province={GUIZHOU}")
    counts = [r["households"] for r in published.get_json()]
    assert len(counts) == len(rows) and not any(n is not None and 0 < n < 10 for n in counts)


def test_relocation_by_year_is_the_same_in_both_charts(client):
    """The batches' relocation by year counts the households whose people the relocation
    chart counts: a year with one has the other."""
    text = page(client, "/")
    moved = {year for (name, year) in bars_by_batch(figure_of(text, ids.OVERVIEW_BATCHES_BY_YEAR))
             if name == "Relocation"}
    people = figure_of(text, ids.OVERVIEW_RELOCATED)["data"][0]
    assert moved == {year for year, value in zip(people["x"], people["y"]) if value}


# --- East–West amounts ---------------------------------------------------------------------

def flows(trace: dict) -> dict:
    """A Sankey trace's links as {(source, target): value}."""
    names, link = trace["node"]["label"], trace["link"]
    return {(names[s], names[t]): v for s, t, v in zip(link["source"], link["target"],
                                                        link["value"])}


def test_the_overview_draws_fiscal_aid_east_to_west_marked_synthetic(client, raw):
    text = page(client, "/")
    figure = figure_of(text, ids.OVERVIEW_EAST_WEST)
    [trace] = figure["data"]
    assert trace["type"] == "sankey"
    links = flows(trace)
    total = raw.execute("select sum(fiscal_aid_yuan) from east_west_amounts").fetchone()[0]
    assert sum(links.values()) == pytest.approx(total)
    # A prefecture's pair flows into its province: Shanghai helps Yunnan and Zunyi (Guizhou).
    shanghai = dict(raw.execute("""
        select p.helped_province_adcode, sum(a.fiscal_aid_yuan) from east_west_amounts a
        join east_west_pairings p using (helper_zh, helped_zh)
        where a.helper_zh = '上海市' group by 1""").fetchall())
    assert links[("Shanghai", "Yunnan")] == pytest.approx(shanghai["530000"])
    assert links[("Shanghai", "Guizhou")] == pytest.approx(shanghai[GUIZHOU])
    assert figure["layout"]["title"]["text"].endswith("(synthetic)")
    assert figure["layout"]["meta"]["summary"].startswith("Fiscal aid, east to west, 2016–2020")
    assert "synthetic-mark" in text and "generated demo data" in text
    zh = figure_of(page(client, "/", "?lang=zh"), ids.OVERVIEW_EAST_WEST)
    assert zh["layout"]["title"]["text"].endswith("（合成数据）")
    assert ("上海市", "云南省") in flows(zh["data"][0])
    assert "亿元" in zh["layout"]["meta"]["summary"] or "万元" in zh["layout"]["meta"]["summary"]


def test_the_synthetic_note_gives_the_published_figures_the_amounts_add_up_to(client):
    """Every East–West figure of the published figures file is in the note, in words and
    as published, in both languages, on the overview and on a province page."""
    reference = Path(__file__).parents[1] / "warehouse" / "reference" / "published_figures.csv"
    with reference.open(encoding="utf-8") as f:
        published = [row for row in csv.DictReader(f) if row["figure"].startswith("east_west_")]
    assert len(published) >= 10
    gansu_aid = next(float(row["value"]) for row in published
                     if row["figure"] == "east_west_fiscal_aid_gansu_yuan")
    for address, query in (("/", ""), ("/", "?lang=zh"), (f"/province/{GUIZHOU}", "")):
        text = page(client, address, query)
        lang = "zh" if query else "en"
        for row in published:
            if row["unit"] == "yuan":
                assert large(float(row["value"]), "元" if lang == "zh" else "yuan", lang) in text
        assert ("甘肃获得财政援助资金" if lang == "zh" else "Gansu's fiscal aid") in text
    assert "Gansu's fiscal aid, 2016 to October 2020: " + large(gansu_aid, "yuan", "en") in \
        page(client, "/")
    assert "2019年财政援助资金229.00亿元" in page(client, "/", "?lang=zh")


def test_a_province_page_shows_what_its_partners_sent(client, raw):
    """Guizhou's East–West funds by year add up to what its pairs sent, and its people chart
    to the cadres each way and the professionals; Hainan, in no pair, has no such view."""
    text = page(client, f"/province/{GUIZHOU}")
    sent = raw.execute("""
        select sum(fiscal_aid_yuan), sum(cadres_to_west), sum(cadres_to_east),
               sum(professionals_to_west)
        from east_west_amounts join east_west_pairings using (helper_zh, helped_zh)
        where helped_province_adcode = ?""", [GUIZHOU]).fetchone()
    funds = figure_of(text, ids.PROVINCE_EAST_WEST_FUNDS)
    assert sum(y for trace in funds["data"] for y in trace["y"] if y) == pytest.approx(sent[0])
    assert {trace["name"] for trace in funds["data"]} >= {"Shanghai", "苏州市 (Jiangsu)",
                                                         "广州市 (Guangdong)"}
    people = figure_of(text, ids.PROVINCE_EAST_WEST_PEOPLE)
    assert [sum(y for y in trace["y"] if y) for trace in people["data"]] == list(sent[1:])
    assert [trace["name"] for trace in people["data"]] == [
        "Cadres sent west", "Cadres sent east", "Professionals sent west"]
    assert "East–West partners, 2016–2020 in all" in text and "synthetic-mark" in text
    # A helper's page names the areas it helps.
    guangdong = figure_of(page(client, "/province/440000"), ids.PROVINCE_EAST_WEST_FUNDS)
    assert {"Guangxi", "凉山彝族自治州 (Sichuan)"} <= {trace["name"] for trace in guangdong["data"]}
    hainan = page(client, "/province/460000")
    assert ids.PROVINCE_EAST_WEST_FUNDS not in hainan
    zh = figure_of(page(client, f"/province/{GUIZHOU}", "?lang=zh"), ids.PROVINCE_EAST_WEST_FUNDS)
    assert {trace["name"] for trace in zh["data"]} >= {"上海市", "苏州市"}


def test_a_county_page_gives_its_partners_totals(client, raw):
    """Libo: what Guangzhou sent to 黔南州 in 2016-2020, from the amounts."""
    fiscal, west = raw.execute("""
        select sum(fiscal_aid_yuan), sum(cadres_to_west) from east_west_amounts
        where helper_zh = '广州市' and helped_zh = '黔南布依族苗族自治州'""").fetchone()
    libo = page(client, "/county/522722")
    assert (f"What flowed to 黔南布依族苗族自治州 along the pair in 2016–2020: "
            f"{large(fiscal, 'yuan')} of fiscal aid") in libo
    assert f"{west:,.0f} cadres sent west" in libo
    assert f"财政援助资金{large(fiscal, '元', 'zh')}" in page(client, "/county/522722", "?lang=zh")


def test_the_public_edition_publishes_the_amounts_as_they_are(public_db, raw):
    """Amounts are yuan and people sent by governments, not counts of poor families: the
    public edition carries every row unchanged."""
    with duckdb.connect(str(public_db), read_only=True) as con:
        published = con.execute("select * from east_west_amounts order by all").fetchall()
    assert published == raw.execute("select * from east_west_amounts order by all").fetchall()
    assert len(published) > 150
