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
import pyarrow as pa
import pytest
from conftest import official_site, serving, swap_in
from roles import GUIZHOU, LIBO, callback, page
from test_county_village import assert_same_answer

import disclosure
import queries
from dashboard.app import create_app
from dashboard.db import Database
from layouts import ids
from layouts.format import Suppressed, large, number, share
from layouts.indicators import by_key
from layouts.map import SUPPRESSED_COLOUR, classify, value_properties
from layouts.map_page import export_table, table_rows
from layouts.suppression import flags, marked, withheld
from queries import thresholds
from queries.results import Answer
from warehouse import answers
from warehouse.answers import per_county_queries
from warehouse.progress import Progress
from warehouse.publish import (
    COPIED,
    FAMILIES,
    RISK_COUNTS,
    TABLES,
    UnclassifiedColumn,
    _ordered,
    is_current,
    publish,
)

THRESHOLD = 10
BELOW_COUNTY = {"village_id", "household_id", "team_id", "cadre_id"}
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
        assert not set(pa.ipc.open_stream(frame).schema.names) & BELOW_COUNTY, query
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


def test_no_stored_answer_holds_a_count_between_zero_and_the_threshold(public_db):
    """The county page's stored answers are the public tables' own: no small count either,
    whatever table a query reads."""
    con = duckdb.connect(str(public_db), read_only=True)
    checked = 0
    for query, blob in con.execute("SELECT query, frame FROM answers").fetchall():
        answer = Answer.of_ipc(blob).lists
        for column in disclosure.counts(disclosure.ANSWERS[query]):
            values = [v for v in answer.get(column, ()) if v is not None]
            assert all(v == 0 or v >= THRESHOLD for v in values), (query, column)
            checked += len(values)
    con.close()
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
def test_a_rate_is_withheld_with_the_count_it_would_give_back(public, full, rate, count):
    """Unless it is 0: zero divided by any count is zero, and tells nothing of it."""
    county_year, truth = public["county_year"], full["county_year"]
    count_withheld, rate_withheld = flags(county_year, count), flags(county_year, rate)
    nonzero = truth[rate].notna() & truth[rate].ne(0)
    assert county_year.loc[count_withheld & nonzero, rate].isna().all()
    assert (county_year.loc[count_withheld & ~nonzero, rate].fillna(0) == 0).all()
    assert (rate_withheld <= count_withheld).all() and rate_withheld.sum() > 100


def test_a_rows_people_and_households_are_withheld_as_whole_families(public, full):
    """Their non-zero cells: a zero describes no family and is always published."""
    for name in ("county_year", "province_year", "national_year"):
        for family in FAMILIES:
            marks = pd.concat([flags(public[name], c) for c in family], axis=1).to_numpy()
            nonzero = (full[name][list(family)].fillna(0) != 0).to_numpy()
            assert ((marks == nonzero).all(axis=1) | ~marks.any(axis=1)).all(), (name, family)


def test_a_zero_is_never_withheld(public, full):
    zeros = 0
    for spec in TABLES:
        for column in spec.counts:
            zero = full[spec.name][column].eq(0)
            assert not flags(public[spec.name], column)[zero].any(), (spec.name, column)
            assert public[spec.name].loc[zero, column].eq(0).all(), (spec.name, column)
            zeros += int(zero.sum())
    assert zeros > 1000


def test_no_one_is_still_poor_in_2020_on_the_public_map(site, full):
    """Where the registry says no one is still poor, the public map says 0, not withheld."""
    county_year = full["county_year"]
    assert county_year.loc[county_year.year == 2020, "still_poor_people"].eq(0).all()
    response = callback(site.server.test_client(),
                        f"..{ids.MAP_GRAPH}.figure...{ids.MAP_DRAWN_YEAR}.data..",
                        [(ids.MAP_INDICATOR, "value", "still_poor_people"),
                         (ids.MAP_YEAR, "value", 2020)], [(ids.MAP_URL, "search", "")])
    assert response.status_code == 200, response.get_data(as_text=True)
    # The legend keeps every class across years (so it stands still while playing);
    # what must not appear is a county drawn or described as withheld.
    operations = response.get_json()["response"][ids.MAP_GRAPH]["figure"]["operations"]
    texts = next(op["params"]["value"] for op in operations if op["location"][-1] == "text")
    assert set(texts) == {"0 people", "Not in the programme"}
    legend = next(op["params"]["value"] for op in operations if op["location"][-1] == "colorbar")
    classes = next(op["params"]["value"] for op in operations if op["location"][-1] == "z")
    withheld = legend["tickvals"][next(i for i, text in enumerate(legend["ticktext"])
                                       if "withheld" in text)]
    assert withheld not in classes


# ---------------------------------------------------------------- attacks on it

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
        discloses = truth.at_risk_share.notna() & truth.at_risk_share.ne(0)
        assert (share == (counts & discloses)).all(), name
    assert withheld > 100
    # at the test scale every county count of households at risk is small or withheld...
    assert public["county_risk"].at_risk_households.fillna(0).eq(0).all()
    # ...while the nation's is published as it is
    assert public["national_risk"].at_risk_households.iat[0] == \
        full["national_risk"].at_risk_households.iat[0] > THRESHOLD


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


def test_an_official_site_publishes_its_public_view_again_for_a_new_build(demo_db, public_db,
                                                                         next_build, tmp_path):
    db = official_site(demo_db, public_db, tmp_path)
    site = create_app(db, accounts_path=tmp_path / "accounts.sqlite", secret_key="k" * 32)
    client, public_view = site.server.test_client(), site.server.config["PUBLIC_DATABASE"]
    assert public_view.build["source_build_id"] == Database(db).build_id
    new_build = swap_in(next_build, db)  # swapped in by rename, as build does
    serving(site.server.config["DATABASE"], new_build)  # opened and warmed in the background
    # A visitor is answered at once, from the previous edition, while the new one is written,
    # and told so.
    text = page(client, f"/county/{LIBO}")
    assert "Libo County" in text and "until the newest is published" in text
    # Publishing takes the demo about 20 s, and several minutes beside a national build.
    deadline = time.monotonic() + 600
    while public_view.build["source_build_id"] != new_build:
        assert time.monotonic() < deadline, "the public edition was not published again"
        time.sleep(0.1)
    text = page(client, f"/county/{LIBO}")
    assert "Libo County" in text and "until the newest is published" not in text


def test_one_worker_at_a_time_publishes_the_public_view(demo_db, public_db, tmp_path,
                                                        monkeypatch):
    db = official_site(demo_db, public_db, tmp_path)
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


def withheld_columns(frame: pd.DataFrame, row: int) -> list:
    mark = frame["suppressed"].iat[row]
    return list(mark["columns"]) if isinstance(mark, dict) else []


def test_publish_refuses_a_column_that_is_not_classified(demo_db, tmp_path):
    """A new count column would otherwise be published raw: publish stops, names it, and
    leaves no edition behind."""
    db, out = tmp_path / "full.duckdb", tmp_path / "public.duckdb"
    shutil.copy(demo_db, db)
    con = duckdb.connect(str(db))
    con.execute("ALTER TABLE county_year ADD COLUMN widowed_people BIGINT DEFAULT 3")
    con.close()
    with pytest.raises(UnclassifiedColumn, match="county_year.widowed_people"):
        publish(db, out, progress=Progress(quiet=True))
    result = subprocess.run([sys.executable, "-m", "dashboard", "publish", "--db", str(db),
                             "--out", str(out)], capture_output=True, text=True, timeout=600)
    assert result.returncode == 2 and "county_year.widowed_people" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists() and not list(tmp_path.glob(".*building*"))


def test_publish_refuses_a_stored_answer_column_that_is_not_classified(demo_db, tmp_path,
                                                                      monkeypatch):
    """A new per-county query, stored with the edition: its columns must be classified too."""
    extra = queries.Query(
        "county_widows", "households by county", "", {}, {"adcode": "the county"},
        "select count(*) as widowed_households from county_causes where adcode = $adcode",
        queries.HERE / "county_widows.sql", access="public")
    known = answers.per_county_queries()
    monkeypatch.setattr(answers, "per_county_queries", lambda: [*known, extra])
    out = tmp_path / "public.duckdb"
    with pytest.raises(UnclassifiedColumn, match="county_widows"):
        publish(demo_db, out, progress=Progress(quiet=True))
    assert not out.exists()


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
    response = client.get(path)
    assert response.status_code == 404
    assert b'<div id="react-entry-point">' in response.data  # the styled page, not a bare 404
    assert client.post(path, data={}).status_code in (404, 405)
    if path.startswith(("/village", "/integrity")):
        assert "Not in the public edition" in page(client, path)
        assert "不在公开范围内" in page(client, path, "?lang=zh")


@pytest.mark.parametrize("path", ["/nowhere", "/map/extra", "/county", "/about/x"])
def test_an_unknown_page_is_a_styled_404(site, path):
    client = site.server.test_client()
    response = client.get(path)
    assert response.status_code == 404 and b'<div id="react-entry-point">' in response.data
    assert "Page not found" in page(client, path)
    assert client.get("/map").status_code == 200 and client.get("/").status_code == 200
    chinese = page(client, path, "?lang=zh")
    assert "找不到页面" in chinese
    assert links_to(json.loads(chinese), "返回全国总览") == ["/?lang=zh"]  # home, in Chinese


def links_to(component, text: str) -> list[str]:
    """The addresses of the links reading `text` in a rendered component tree (as JSON)."""
    if isinstance(component, list):
        return [href for child in component for href in links_to(child, text)]
    if not isinstance(component, dict):
        return []
    own = [component["href"]] if component.get("children") == text and "href" in component else []
    return own + links_to(list(component.values()), text)


@pytest.mark.parametrize("path, says", [("/county/999999", "No such county"),
                                        ("/county/abc/brief", "No such county"),
                                        ("/province/990000", "No such province")])
def test_an_address_naming_no_place_is_a_404_that_says_so(site, path, says):
    client = site.server.test_client()
    response = client.get(path)
    assert response.status_code == 404 and b'<div id="react-entry-point">' in response.data
    assert says in page(client, path)
    assert client.get(f"/county/{LIBO}").status_code == 200
    assert client.get(f"/county/{LIBO}/brief").status_code == 200
    assert client.get(f"/province/{GUIZHOU}").status_code == 200


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


def county_risk_text(public: dict, adcode: str, lang: str = "en") -> str:
    """What /monitoring says of one county's counts, from the published row."""
    row = marked(public["county_risk"].set_index("adcode").loc[adcode].to_dict())
    sentence = ("{n} of its {m} exited households meet a risk rule." if lang == "en"
                else "该县{m}户脱贫户中有{n}户触发风险规则。")
    return sentence.format(n=number(row["at_risk_households"], lang=lang),
                           m=number(row["exited_households"], lang=lang))


def test_the_public_site_shows_early_warning_counts_and_their_thresholds(site, public,
                                                                           risk_county):
    client = site.server.test_client()
    assert client.get("/monitoring").status_code == 200
    for lang in ("en", "zh"):
        text = page(client, "/monitoring", f"?county={risk_county}&tab=counties"
                    + ("&lang=zh" if lang == "zh" else ""))
        assert county_risk_text(public, risk_county, lang) in text
        # to the public: no file, no setting, no village to click through to
        for private in ("thresholds.py", "POVERTY_", ".duckdb", "/village/", "its villages",
                        "其各村"):
            assert private not in text, private
        assert '"household_id"' not in text and '"village_name"' not in text
    text = page(client, "/monitoring", f"?county={risk_county}&tab=counties")
    assert "Risk rules this public edition's counts were computed with" in text
    assert "Income below 1.5× the 2020 poverty line (6,000 yuan per person)" in text
    assert "the rules' counts overlap" in text and "Click a county to see its counts" in text
    assert "Counts by village and the households to visit are not published" in text
    assert ids.PUBLIC_NOTE in text


def test_a_crafted_early_warning_callback_gets_counts_and_never_households(
        site, demo_db, public_db, tmp_path, risk_county, risk_county_shown):
    county = f"..{ids.MONITORING_COUNTY}.children...{ids.MONITORING_COUNTY_KEY}.data.."
    visits = f"{ids.MONITORING_COUNTY_DOWNLOAD}.data"
    official_site = create_app(demo_db, accounts_path=tmp_path / "accounts.sqlite",
                               secret_key="k" * 32, public_db_path=public_db)
    for app in (site, official_site):  # a visitor to either
        client = app.server.test_client()
        response = callback(client, county,
                            [(ids.MONITORING_URL, "search", f"?county={risk_county}")],
                            [(ids.MONITORING_COUNTY_KEY, "data", "")])
        text = json.dumps(response.get_json(), ensure_ascii=False)
        at_risk, exited = risk_county_shown["public"]
        assert response.status_code == 200 and f"{at_risk} of its {exited}" in text
        assert "household_id" not in text and "village_name" not in text
        response = callback(client, visits, [(ids.MONITORING_VISITS_CSV, "n_clicks", 1)],
                            [(ids.MONITORING_COUNTY_KEY, "data", risk_county),
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
        assert_same_answer(answers[name].lists, edition.run(name, adcode=LIBO).frame, name)
    assert any(withheld(answer.lists, column) for answer in answers.values()
               for column in answer.lists if column != "suppressed")  # withheld cells stay so


def test_the_county_page_shows_withheld_counts_and_no_village(site):
    text = page(site.server.test_client(), f"/county/{LIBO}")
    assert "< 10 or withheld" in text and ids.PUBLIC_NOTE in text
    assert "Village lists are for officials and analysts" in text
    assert "/village/" not in text and ids.SIGN_IN_LINK not in text


def early_warning_figures(client, adcode: str, lang: str = "en") -> dict:
    """One county's households at risk and exited households as each public page and the
    download show them."""
    suffix = "&lang=zh" if lang == "zh" else ""
    county_page = json.loads(page(client, f"/county/{adcode}", suffix.replace("&", "?")))
    kpi = find(county_page, ids.kpi("county_at_risk_households"))["children"]
    monitoring = page(client, "/monitoring", f"?county={adcode}&tab=counties{suffix}")
    table = find(json.loads(monitoring), ids.MONITORING_TABLE)["data"]
    row = next(r for r in table if r["adcode"] == adcode)
    response = callback(client, f"{ids.MONITORING_DOWNLOAD}.data",
                        [(ids.MONITORING_CSV, "n_clicks", 1)],
                        [(ids.MONITORING_URL, "search", suffix.replace("&", "?"))])
    content = response.get_json()["response"][ids.MONITORING_DOWNLOAD]["data"]["content"]
    exported = next(r for r in csv.DictReader(io.StringIO(content.split("\n", 1)[1]))
                    if r["adcode"] == adcode)
    return {"county page": kpi, "monitoring text": monitoring, "table": row,
            "download": exported}


def find(tree, component_id: str) -> dict:
    """The props of the component with this id in a rendered layout."""
    if isinstance(tree, dict):
        props = tree.get("props", {})
        if props.get("id") == component_id:
            return props
        children = [*tree.values()]
    elif isinstance(tree, list):
        children = tree
    else:
        return {}
    return next((found for child in children if (found := find(child, component_id))), {})


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_libos_early_warning_figure_is_the_same_on_every_public_page(site, public, lang):
    """The county page, /monitoring's text, its table and its download agree: withheld on
    one is withheld on all, and a number is the same number."""
    client = site.server.test_client()
    row = marked(public["county_risk"].set_index("adcode").loc[LIBO].to_dict())
    figures = early_warning_figures(client, LIBO, lang)
    at_risk = row["at_risk_households"]
    text = number(at_risk, lang=lang)
    assert figures["county page"] == large(at_risk, "households" if lang == "en" else "户", lang)
    assert county_risk_text(public, LIBO, lang) in figures["monitoring text"]
    assert figures["table"]["at_risk_households"] == (
        text if isinstance(at_risk, Suppressed) else at_risk)
    header = "Households at risk" if lang == "en" else "风险户"
    status = ("withheld" if lang == "en" else "不公布") if isinstance(at_risk, Suppressed) else ""
    assert figures["download"][header] == ("" if status else str(int(at_risk)))
    assert figures["download"][f"{header}{': status' if lang == 'en' else '：状态'}"] == status


def test_every_countys_early_warning_figure_agrees_between_its_page_and_monitoring(site, public):
    """Each programme county of one province: its page shows what /monitoring shows."""
    client = site.server.test_client()
    risk = public["county_risk"]
    for adcode in risk.adcode[risk.province_adcode == GUIZHOU]:
        row = marked(risk.set_index("adcode").loc[adcode].to_dict())
        kpi = find(json.loads(page(client, f"/county/{adcode}")),
                   ids.kpi("county_at_risk_households"))["children"]
        assert kpi == large(row["at_risk_households"], "households"), adcode


def test_the_map_export_tells_withheld_missing_and_zero_apart(site):
    """Empty numeric cells with a status column saying which; counts as whole numbers.
    Cadres per 1,000 poor people has no value where no one was poor that year."""
    client = site.server.test_client()
    for indicator in ("still_poor_people", "cadres_per_1000_poor"):
        header = by_key()[indicator].title("en")
        statuses, values = set(), set()
        for year in range(2014, 2021):
            response = callback(client, f"{ids.MAP_DOWNLOAD}.data",
                                [(ids.MAP_CSV, "n_clicks", 1), (ids.MAP_EXCEL, "n_clicks", 0)],
                                [(ids.MAP_URL, "search", f"?indicator={indicator}&year={year}")])
            content = response.get_json()["response"][ids.MAP_DOWNLOAD]["data"]["content"]
            for row in csv.DictReader(io.StringIO(content.split("\n", 1)[1])):
                statuses.add(row[f"{header}: status"])
                if row[f"{header}: status"]:
                    assert row[header] == ""
                    continue
                values.add(float(row[header]))
                if indicator == "still_poor_people":
                    assert row[header].isdigit()  # "157", never "157.0"
                    assert int(row[header]) == 0 or int(row[header]) >= THRESHOLD
        assert 0 in values and len(values) > 1, indicator
        assert statuses >= {"", "withheld"}, indicator
    assert statuses == {"", "withheld", "no data"}


# ---------------------------------------------------------------- drawing withheld cells

def test_a_withheld_count_reads_the_same_everywhere_and_never_as_zero_or_no_data():
    marker = Suppressed(10)
    assert large(marker, "people") == number(marker) == share(marker) == "< 10 or withheld"
    assert large(marker, lang="zh") == "<10或不公布"
    assert by_key()["poverty_incidence"].text(marker, "en") == "< 10 or withheld"
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
    indicator = by_key()["still_poor_people"]
    codes, labels = classify(five_counties, indicator, "en")
    assert len(set(codes)) == 5
    assert labels[codes[2]] == "Suppressed: < 10 or withheld"
    properties = value_properties(five_counties, indicator, "en")
    assert properties["text"][1:4] == ["no data", "< 10 or withheld", "0 people"]
    colours = {round(edge * len(labels)): colour for edge, colour in properties["colorscale"][::2]}
    assert colours[codes[2]] == SUPPRESSED_COLOUR


def test_a_table_keeps_numbers_and_writes_withheld_cells_as_text(five_counties):
    """Values first, then withheld cells, then missing ones: a table keeps each kind
    together when sorted (the browser test sorts it)."""
    rows = table_rows(five_counties, "still_poor_people", "en")
    assert [r["value"] for r in rows][:3] == [0.0, 120.0, "< 10 or withheld"]
    assert pd.isna(rows[3]["value"])


def test_an_export_leaves_withheld_and_missing_cells_empty_with_their_status(five_counties):
    table = export_table(five_counties, "still_poor_people", "zh")
    header = by_key()["still_poor_people"].title("zh")
    assert table[header].dtype == "Int64"
    assert table[header].tolist()[:2] == [0, 120] and table[header].isna().tolist()[2:] == [
        True, True]
    assert table[f"{header}：状态"].tolist() == ["", "", "不公布", "无数据"]
