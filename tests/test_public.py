"""The public edition and the public site: nothing below county level, no small count, and
no withheld count that subtraction or a system of published equations gives back."""

import csv
import fcntl
import io
import json
import shutil
import subprocess
import sys
import time

import duckdb
import numpy as np
import pandas as pd
import pytest
from conftest import serving
from roles import LIBO, callback, page
from test_county_village import assert_same_answer

from dashboard import thresholds
from dashboard.app import create_app
from layouts import ids
from layouts.format import Suppressed, large, number, share
from layouts.indicators import BY_KEY
from layouts.map import SUPPRESSED_COLOUR, classify, value_properties
from layouts.map_page import table_rows
from layouts.suppression import flags, withheld
from dashboard.db import Database
from warehouse.answers import from_arrow, per_county_queries
from warehouse.build import build_synthetic
from warehouse.progress import Progress
from warehouse.publish import (COPIED, FAMILIES, REGISTRY, RISK_COUNTS, TABLES, _ordered,
                               is_current, publish, relations)

THRESHOLD = 10
BELOW_COUNTY = {"village_id", "household_id", "team_id", "cadre_id"}
UPPER = {"province_year", "national_year", "province_totals", "national_totals",
         "province_risk", "national_risk"}
EARLY_WARNING = ("county_risk", "province_risk", "national_risk")


def frames(db_path) -> dict[str, pd.DataFrame]:
    """Every suppressible table, rows in key order (the order publish numbers them in)."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return {t.name: con.execute(_ordered(t)).df() for t in TABLES}
    finally:
        con.close()


@pytest.fixture(scope="module")
def public(public_db):
    return frames(public_db)


@pytest.fixture(scope="module")
def full(demo_db):
    return frames(demo_db)


# ---------------------------------------------------------------- what the edition holds

def test_no_table_holds_a_row_below_county_level(public_db):
    con = duckdb.connect(str(public_db), read_only=True)
    names = {row[0] for row in con.execute("SHOW TABLES").fetchall()}
    assert names == {*COPIED, *(t.name for t in TABLES), "build_info", "answers"}
    for name in names:
        columns = {row[0] for row in con.execute(f"DESCRIBE {name}").fetchall()}
        assert not columns & BELOW_COUNTY, name
    for query, frame in con.execute("SELECT query, frame FROM answers").fetchall():
        assert not set(from_arrow(frame).columns) & BELOW_COUNTY, query
    assert "county_villages" not in {q for (q,) in con.execute("SELECT query FROM answers")
                                     .fetchall()}
    info = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    con.close()
    assert info["edition"] == "public" and info["suppression_threshold"] == "10"


def test_no_published_count_is_between_zero_and_the_threshold(public):
    checked = 0
    for spec in TABLES:
        for column in spec.counts:
            values = public[spec.name][column].dropna()
            assert ((values == 0) | (values >= THRESHOLD)).all(), (spec.name, column)
            checked += len(values)
    assert checked > 10_000


def test_every_withheld_cell_is_null_and_flagged_and_nothing_else_went_missing(public, full):
    withheld = 0
    for spec in TABLES:
        published, truth = public[spec.name], full[spec.name]
        for column in spec.covered:
            flagged = flags(published, column)
            assert published.loc[flagged, column].isna().all(), (spec.name, column)
            lost = published[column].isna() & truth[column].notna()
            assert (lost == flagged).all(), (spec.name, column)
            withheld += int(flagged.sum())
    assert withheld > 1000  # the test database is tiny: most county counts are small


@pytest.mark.parametrize("rate, count", [("poverty_incidence", "still_poor_people"),
                                         ("funds_per_poor_person_yuan", "poor_people_in_year"),
                                         ("cadres_per_1000_poor", "poor_people_in_year")])
def test_a_rate_is_withheld_with_the_count_it_would_give_back(public, rate, count):
    county_year = public["county_year"]
    count_withheld, rate_withheld = flags(county_year, count), flags(county_year, rate)
    assert county_year.loc[count_withheld, rate].isna().all()
    assert (rate_withheld <= count_withheld).all() and rate_withheld.sum() > 100


def test_a_rows_people_and_households_are_withheld_as_whole_families(public):
    for name in ("county_year", "province_year", "national_year"):
        for family in FAMILIES:
            marks = pd.concat([flags(public[name], c) for c in family], axis=1)
            present = public[name][list(family)].notna() | marks.to_numpy()
            assert ((marks.to_numpy() == present.to_numpy()).all(axis=1)
                    | ~marks.to_numpy().any(axis=1)).all(), (name, family)


# ---------------------------------------------------------------- attacks on it

def test_a_province_total_minus_its_other_counties_never_gives_one_county(public, full):
    counties = public["county_year"]
    provinces = public["province_year"].set_index(["adcode", "year"])
    truth = full["county_year"]
    attacked = 0
    for column in REGISTRY:
        hidden = flags(counties, column)
        for (province, year), rows in counties[hidden].groupby(["province_adcode", "year"]):
            total = provinces.loc[(province, year), column]
            if pd.isna(total):  # the province is withheld too: nothing to subtract from
                continue
            group = counties[(counties.province_adcode == province) & (counties.year == year)]
            remainder = total - group.loc[~hidden.loc[group.index], column].sum()
            attacked += 1
            assert len(rows) >= 2, (province, year, column)
            assert remainder == truth.loc[rows.index, column].sum()  # the attack is exact...
            # ...and guessing that withheld cells are zeros gives back no cell either
            assert (truth.loc[rows.index, column] > 0).sum() != 1, (province, year, column)
    assert attacked > 100


@pytest.mark.parametrize("exits, so_far", [("exited_people", "cumulative_exited_people"),
                                           ("exited_households", "exited_households_so_far")])
def test_a_cumulative_count_minus_the_one_before_never_gives_a_years_exits(public, exits, so_far):
    """Two published cumulative counts give the exits between them: after a withheld year's
    exits no later cumulative count is published, so nothing spans a withheld year."""
    counties = public["county_year"].assign(
        # households exited so far: registered minus still poor, both published
        exited_households_so_far=lambda f: f.registered_households - f.still_poor_households,
        hidden=lambda f: flags(f, exits))
    attempts = 0
    for _, rows in counties.sort_values("year").groupby("adcode"):
        after_a_withheld_year = False
        for row in rows.itertuples():
            after_a_withheld_year = after_a_withheld_year or row.hidden
            if after_a_withheld_year:
                attempts += 1
                assert pd.isna(getattr(row, so_far)), (row.adcode, row.year)
    assert attempts > 100


@pytest.mark.parametrize("provinces", [("460000", "640000"), ("220000",)])
def test_solving_every_published_equation_at_once_gives_back_no_withheld_count(
        public, full, provinces):
    """The attacker's strongest linear attack: all equations between published cells (row
    identities, cumulative steps, province and national sums, totals, causes, bands) over
    these provinces' counties and every province and national cell, solved together."""
    cells = relations(full)
    for n, (table, row, column) in enumerate(cells.where):
        cells.hidden[n] = column in _withheld_columns(public[table], row)
    counties = set(full["county_year"].loc[full["county_year"].province_adcode.isin(provinces),
                                           "adcode"])

    def in_attack(cell):
        table, row, _ = cells.where[cell]
        key = "county_adcode" if table == "evaluations" else "adcode"
        return table in UPPER or full[table][key].iat[row] in counties

    unknowns = {c for c in range(len(cells.where)) if cells.hidden[c] and in_attack(c)}
    equations = [r for r in cells.relations if r.linear
                 and any(cells.hidden[c] for c in r.cells)
                 and all(c in unknowns for c in r.cells if cells.hidden[c])]
    order = {c: i for i, c in enumerate(sorted({c for r in equations for c in r.cells
                                                if cells.hidden[c]}))}
    matrix = np.zeros((len(equations), len(order)))
    for k, relation in enumerate(equations):
        for sign, side in ((1, relation.whole), (-1, relation.parts)):
            for c in side:
                if cells.hidden[c]:
                    matrix[k, order[c]] += sign
    _, values, vt = np.linalg.svd(matrix)
    free = vt[int((values > 1e-9).sum()):]  # every change to the unknowns no equation sees
    assert len(order) > 500 and free.shape[0] > 0
    determined = np.abs(free).max(axis=0) < 1e-9
    assert not determined.any(), [cells.where[c] for c, i in order.items() if determined[i]]


# ---------------------------------------------------------------- the early-warning counts

def test_the_early_warning_counts_are_published_with_their_thresholds(public_db, public):
    con = duckdb.connect(str(public_db), read_only=True)
    [published] = con.execute("SELECT * FROM risk_thresholds").df().to_dict("records")
    con.close()
    assert published == thresholds.monitoring()
    assert len(public["county_risk"]) > 800 and len(public["national_risk"]) == 1


def test_a_small_count_of_households_at_risk_is_withheld(public, full):
    withheld = 0
    for name in EARLY_WARNING:
        published, truth = public[name], full[name]
        for column in RISK_COUNTS:
            small = truth[column].between(1, THRESHOLD - 1)
            assert published.loc[small, column].isna().all() and flags(published, column)[
                small].all(), (name, column)
            withheld += int(small.sum())
        # the share goes with the count of households at risk and the exits it divides
        counts = flags(published, "at_risk_households") | flags(published, "exited_households")
        share = flags(published, "at_risk_share")
        assert (share == (counts & truth.at_risk_share.notna())).all(), name
    assert withheld > 100
    # at the test scale every county count of households at risk is small or withheld...
    assert public["county_risk"].at_risk_households.fillna(0).eq(0).all()
    # ...while the nation's is published as it is
    assert public["national_risk"].at_risk_households.iat[0] == \
        full["national_risk"].at_risk_households.iat[0] > THRESHOLD


def test_no_early_warning_relation_has_exactly_one_withheld_cell(public, full):
    cells = relations(full)
    for n, (table, row, column) in enumerate(cells.where):
        cells.hidden[n] = column in _withheld_columns(public[table], row)
    checked = 0
    for relation in cells.relations:
        if not any(cells.where[c][0] in EARLY_WARNING for c in relation.cells):
            continue
        hidden = [c for c in relation.cells if cells.hidden[c]]
        assert len(hidden) != 1, [cells.where[c] for c in relation.cells]
        assert sum(cells.values[c] > 0 for c in hidden) != 1, [cells.where[c] for c in hidden]
        checked += bool(hidden)
    assert checked > 100


def test_a_province_minus_its_other_counties_never_gives_one_countys_households_at_risk(
        public, full):
    counties, truth = public["county_risk"], full["county_risk"]
    provinces = public["province_risk"].set_index("adcode")
    attacked = 0
    for column in RISK_COUNTS:
        hidden = flags(counties, column)
        for province, rows in counties[hidden].groupby("province_adcode"):
            total = provinces.loc[province, column]
            if pd.isna(total):
                continue
            attacked += 1
            assert len(rows) >= 2 and (truth.loc[rows.index, column] > 0).sum() != 1, \
                (province, column)
    assert attacked > 20


def test_publish_applies_the_risk_thresholds_in_force(demo_db, public_db, public, tmp_path,
                                                       monkeypatch):
    assert is_current(demo_db, public_db)
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "3")
    assert not is_current(demo_db, public_db)  # an official site publishes its view again
    out = tmp_path / "public3.duckdb"
    publish(demo_db, out, progress=Progress(quiet=True))
    looser = frames(out)["national_risk"]
    con = duckdb.connect(str(out), read_only=True)
    [(multiple,)] = con.execute("SELECT risk_income_multiple FROM risk_thresholds").fetchall()
    con.close()
    assert multiple == 3.0
    default = public["national_risk"].low_income_households.iat[0]
    assert looser.low_income_households.iat[0] > default


def test_an_official_site_publishes_its_public_view_again_for_a_new_build(demo_db, cache_dir,
                                                                         tmp_path):
    db = tmp_path / "site.duckdb"
    shutil.copy(demo_db, db)
    site = create_app(db, accounts_path=tmp_path / "accounts.sqlite", secret_key="k" * 32)
    client, public_view = site.server.test_client(), site.server.config["PUBLIC_DATABASE"]
    assert public_view.build["source_build_id"] == Database(db).build_id
    new = tmp_path / "new.duckdb"
    new_build = build_synthetic(new, cache_dir, scale=0.001, seed=8, progress=Progress(quiet=True))
    new.replace(db)  # swapped in by rename, as build does
    serving(site.server.config["DATABASE"], new_build)  # opened and warmed in the background
    # A visitor is answered at once, from the previous edition, while the new one is written,
    # and told so.
    text = page(client, f"/county/{LIBO}")
    assert "Libo County" in text and "until the newest is published" in text
    deadline = time.monotonic() + 120
    while public_view.build["source_build_id"] != new_build:
        assert time.monotonic() < deadline, "the public edition was not published again"
        time.sleep(0.5)
    text = page(client, f"/county/{LIBO}")
    assert "Libo County" in text and "until the newest is published" not in text


def test_one_worker_at_a_time_publishes_the_public_view(demo_db, tmp_path, monkeypatch):
    db = tmp_path / "site.duckdb"
    shutil.copy(demo_db, db)
    site = create_app(db, accounts_path=tmp_path / "accounts.sqlite", secret_key="k" * 32)
    edition = site.server.config["PUBLIC_EDITION"]
    out = edition.public.path
    before = out.stat().st_ino
    monkeypatch.setenv("POVERTY_THRESHOLD_RISK_INCOME_MULTIPLE", "3")  # the edition is stale
    with open(out.with_suffix(".publishing"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another worker is publishing it
        edition._publish()
        assert out.stat().st_ino == before
    edition._publish()
    assert out.stat().st_ino != before


def _withheld_columns(frame: pd.DataFrame, row: int) -> list:
    mark = frame["suppressed"].iat[row]
    return list(mark["columns"]) if isinstance(mark, dict) else []


def test_publish_takes_a_threshold(demo_db, tmp_path):
    out = tmp_path / "public5.duckdb"
    result = subprocess.run([sys.executable, "-m", "dashboard", "publish", "--db", str(demo_db),
                             "--out", str(out), "--threshold", "5"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    published = frames(out)["county_year"]
    values = published["exited_people"].dropna()
    assert ((values == 0) | (values >= 5)).all() and (values.between(5, 9)).any()
    assert published["suppressed"].dropna().iloc[0]["below"] == 5
    assert not list(tmp_path.glob(".*building*"))


# ---------------------------------------------------------------- the public site

@pytest.fixture(scope="module")
def site(public_db):
    return create_app(public_db, public=True)


@pytest.mark.parametrize("path", ["/village/1393", "/village/x", "/signin", "/integrity",
                                  "/integrity/x"])
def test_the_public_site_has_no_village_integrity_or_sign_in_pages(site, path):
    client = site.server.test_client()
    assert client.get(path).status_code == 404
    assert client.post(path, data={}).status_code in (404, 405)


def test_serve_refuses_a_full_database_as_the_public_site(demo_db):
    result = subprocess.run([sys.executable, "-m", "dashboard", "serve", "--public", "--db",
                             str(demo_db)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 2 and "is not a public edition" in result.stderr


def test_the_public_site_registers_no_callback_below_county_level(site):
    outputs = " ".join(site.callback_map)
    for component in (ids.VILLAGE_DOWNLOAD, ids.COUNTY_DOWNLOAD, ids.MONITORING_COUNTY_DOWNLOAD,
                      "integrity"):
        assert component not in outputs
    assert ids.MONITORING_GRAPH in outputs  # the early-warning counts are public
    response = callback(site.server.test_client(), f"{ids.VILLAGE_DOWNLOAD}.data",
                        [(ids.VILLAGE_HOUSEHOLDS_CSV, "n_clicks", 1)],
                        [(ids.VILLAGE_KEY, "data", {"village_id": 1393})])
    assert response.status_code == 400 and b"household" not in response.data


def test_a_full_database_is_never_served_as_the_public_site(demo_db):
    with pytest.raises(ValueError, match="full database"):
        create_app(demo_db, public=True)


def test_the_public_site_shows_early_warning_counts_and_their_thresholds(site):
    client = site.server.test_client()
    assert client.get("/monitoring").status_code == 200
    text = page(client, "/monitoring", f"?county={LIBO}&tab=counties")
    assert "Risk rules this public edition's counts were computed with" in text
    assert "Income below 1.5× the 2020 poverty line (6,000 yuan per person)" in text
    assert "< 10 or withheld of its 39 exited households meet a risk rule." in text
    assert '"at_risk_households": "< 10 or withheld"' in text  # the counties table
    assert ids.PUBLIC_NOTE in text and "Village counts are for analysts" in text
    assert '"household_id"' not in text and '"village_name"' not in text


def test_a_crafted_early_warning_callback_gets_counts_and_never_households(site, demo_db,
                                                                          public_db, tmp_path):
    county = f"..{ids.MONITORING_COUNTY}.children...{ids.MONITORING_COUNTY_KEY}.data.."
    visits = f"{ids.MONITORING_COUNTY_DOWNLOAD}.data"
    official_site = create_app(demo_db, accounts_path=tmp_path / "accounts.sqlite",
                               secret_key="k" * 32, public_db_path=public_db)
    for app in (site, official_site):  # a visitor to either
        client = app.server.test_client()
        response = callback(client, county, [(ids.MONITORING_URL, "search", f"?county={LIBO}")],
                            [(ids.MONITORING_COUNTY_KEY, "data", "")])
        text = json.dumps(response.get_json(), ensure_ascii=False)
        assert response.status_code == 200 and "< 10 or withheld of its 39" in text
        assert "household_id" not in text and "village_name" not in text
        response = callback(client, visits, [(ids.MONITORING_VISITS_CSV, "n_clicks", 1)],
                            [(ids.MONITORING_COUNTY_KEY, "data", LIBO),
                             (ids.MONITORING_URL, "search", "")])
        # absent from the public site; on an official one the door refuses a visitor and
        # the callback sends nothing
        if app is site:
            assert response.status_code == 400
        else:
            assert response.status_code == 200 and response.get_json()["response"] == {}
        assert "household" not in response.get_data(as_text=True).lower()


def test_the_public_editions_stored_answers_are_its_own_suppressed_answers(public_db):
    edition = Database(public_db)
    names = [q.name for q in per_county_queries() if q.name != "county_villages"]
    assert set(edition._stored_answers(edition.current, LIBO)) == set(names)
    answers = edition.run_for_county(names, LIBO)
    for name in names:
        assert_same_answer(answers[name], edition.run(name, adcode=LIBO), name)
    assert any(withheld(columns, column) for columns in answers.values()
               for column in columns if column != "suppressed")  # withheld cells stay so


def test_the_county_page_shows_withheld_counts_and_no_village(site):
    text = page(site.server.test_client(), f"/county/{LIBO}")
    assert "< 10 or withheld" in text and ids.PUBLIC_NOTE in text
    assert "Village lists are for officials and analysts" in text
    assert "/village/" not in text and ids.SIGN_IN_LINK not in text


def test_the_map_export_tells_withheld_missing_and_zero_apart(site):
    client = site.server.test_client()
    response = callback(client, f"{ids.MAP_DOWNLOAD}.data",
                        [(ids.MAP_CSV, "n_clicks", 1), (ids.MAP_EXCEL, "n_clicks", 0)],
                        [(ids.MAP_URL, "search", "?indicator=still_poor_people&year=2019")])
    content = response.get_json()["response"][ids.MAP_DOWNLOAD]["data"]["content"]
    rows = list(csv.DictReader(io.StringIO(content.split("\n", 1)[1])))
    values = [r["Still poor at year end"] for r in rows]
    assert "< 10 or withheld" in values and {"0", "0.0"} & set(values)
    numbers = [float(v) for v in values if v and v[0].isdigit()]
    assert all(v == 0 or v >= THRESHOLD for v in numbers)


# ---------------------------------------------------------------- drawing withheld cells

def test_a_withheld_count_reads_the_same_everywhere_and_never_as_zero_or_no_data():
    marker = Suppressed(10)
    assert large(marker, "people") == number(marker) == share(marker) == "< 10 or withheld"
    assert large(marker, lang="zh") == "<10或不公布"
    assert BY_KEY["poverty_incidence"].text(marker, "en") == "< 10 or withheld"
    assert large(0, "people") == "0 people" and large(None) == "no data"


@pytest.fixture
def five_counties() -> pd.DataFrame:
    """Outside the programme, no data, withheld, zero and a value."""
    return pd.DataFrame({
        "adcode": ["1", "2", "3", "4", "5"], "in_programme": [False, True, True, True, True],
        "still_poor_people": [np.nan, np.nan, np.nan, 0.0, 120.0],
        "name_zh": list("abcde"), "name_en": list("abcde"),
        "province_zh": ["p"] * 5, "province_en": ["p"] * 5,
        "suppressed": [None, None, {"below": 10, "columns": ["still_poor_people"]}, None, None],
    })


def test_the_map_draws_withheld_counties_in_their_own_class_and_colour(five_counties):
    indicator = BY_KEY["still_poor_people"]
    codes, labels = classify(five_counties, indicator, "en")
    assert len(set(codes)) == 5
    assert labels[codes[2]] == "Suppressed: < 10 or withheld"
    properties = value_properties(five_counties, indicator, "en")
    assert properties["text"][1:4] == ["no data", "< 10 or withheld", "0 people"]
    colours = {round(edge * len(labels)): colour for edge, colour in properties["colorscale"][::2]}
    assert colours[codes[2]] == SUPPRESSED_COLOUR


def test_a_table_keeps_numbers_and_writes_withheld_cells_as_text(five_counties):
    rows = table_rows(five_counties, "still_poor_people", "en")
    assert [r["value"] for r in rows][1:] == ["< 10 or withheld", 0.0, 120.0]
    assert pd.isna(rows[0]["value"])
