"""The query registry and the one query door: definitions, parameters, read-only, safety."""

import time
from dataclasses import replace

import duckdb
import pytest
from conftest import serving, swap_in

import queries
from dashboard.db import (
    BadParameters,
    Database,
    DatabaseMissing,
    QueryTimeout,
    TooManyRows,
    UnknownQuery,
)
from queries import QueryFileError, parse, thresholds

HOSTILE = ["'; drop table households; --", "520000' OR '1'='1", "520000; DELETE FROM counties",
           "$province", "\x00", "5" * 10_000]


@pytest.mark.parametrize("query", [*queries.indicators().values(), *queries.rollups()],
                         ids=lambda q: q.name)
def test_every_query_has_a_definition_units_and_matching_params(query):
    assert len(query.definition) > 40
    assert len(query.definition_zh) > 15
    assert query.units or query.columns
    assert set(query.params) == set(queries._PLACEHOLDER.findall(query.sql))


def test_registry_refuses_a_file_without_definition(tmp_path):
    path = tmp_path / "bad.sql"
    path.write_text("-- name: bad\n-- units: people\n-- params: none\nselect 1\n")
    with pytest.raises(QueryFileError, match="definition"):
        parse(path)


@pytest.mark.parametrize("line", ["", "-- definition_zh: the same, in English\n"])
def test_registry_refuses_a_file_without_a_chinese_definition(tmp_path, line):
    path = tmp_path / "bad.sql"
    path.write_text("-- name: bad\n-- access: public\n-- definition: a test query that is "
                    f"long enough\n{line}-- units: people\n-- params: none\nselect 1\n",
                    encoding="utf-8")
    with pytest.raises(QueryFileError, match="definition_zh"):
        parse(path)


def test_a_chinese_definition_runs_over_its_continuation_lines(tmp_path):
    path = tmp_path / "good.sql"
    path.write_text("-- name: good\n-- access: public\n-- definition: a test query that is "
                    "long enough\n-- definition_zh: 每个县\n--   一行\n-- units: people\n"
                    "-- params: none\nselect 1\n", encoding="utf-8")
    assert parse(path).definition_zh == "每个县一行"


def test_registry_refuses_undeclared_parameters(tmp_path):
    path = tmp_path / "bad.sql"
    path.write_text("-- name: bad\n-- definition: a test query that is long enough\n"
                    "-- definition_zh: 测试查询\n-- units: people\n-- params: none\n"
                    "select $province\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="uses"):
        parse(path)


def test_every_indicator_runs_on_the_demo_database(database, demo_db):
    # A typical value for each parameter any query takes: Guizhou, 2018, the default
    # thresholds, and a Guizhou county with households at risk and work teams, with its
    # village that has a team and the most households.
    with duckdb.connect(str(demo_db), read_only=True) as con:
        [(adcode, village)] = con.execute(
            """SELECT h.county_adcode, arg_max(h.village_id, v.households)
               FROM households h
               JOIN (SELECT village_id, count(*) AS households FROM households
                     WHERE village_id IN (SELECT village_id FROM work_teams) GROUP BY 1) v
                 USING (village_id)
               WHERE h.county_adcode LIKE '52%'
               GROUP BY 1 ORDER BY count(*) FILTER (h.monitoring_status = 'monitored') DESC, 1
               LIMIT 1""").fetchall()
    sample = {"province": "520000", "area": "520000", "adcode": adcode, "year": 2018,
              "village_id": village, **thresholds.INTEGRITY, **thresholds.MONITORING}
    for name, query in queries.indicators().items():
        assert set(query.params) <= set(sample), f"add a sample value for {name}"
        frame = database.run(name, **{p: sample[p] for p in query.params}).frame
        assert not frame.empty, name


def test_registry_refuses_an_unknown_kind(tmp_path):
    path = tmp_path / "bad.sql"
    path.write_text("-- name: bad\n-- kind: view\n-- definition: a rollup of a kind the build "
                    "cannot make\n-- definition_zh: 测试查询\n-- units: people\n-- params: none\n"
                    "select 1\n", encoding="utf-8")
    with pytest.raises(QueryFileError, match="kind"):
        parse(path, needs_access=False)


def test_a_macro_rollup_takes_its_parameters_as_arguments():
    [macro] = [q for q in queries.rollups() if q.kind == "macro"]
    statement = queries.create_macro(macro)
    assert statement.startswith(f"CREATE OR REPLACE MACRO {macro.name}("
                                f"{', '.join(macro.params)}) AS TABLE")
    assert "$" not in statement


def test_rollup_columns_are_documented(demo_db):
    documented: dict[str, set[str]] = {}
    con = duckdb.connect(str(demo_db), read_only=True)
    for rollup in queries.rollups():
        names = set(rollup.columns)
        inherited = [m for c, m in rollup.columns.items() if c == "other columns"]
        for meaning in inherited:
            source = meaning.split("as in ")[1].split(",")[0].strip()
            names |= documented[source]
        documented[rollup.name] = names
        relation = (f"SELECT * FROM {rollup.name}({', '.join(['1'] * len(rollup.params))})"
                    if rollup.kind == "macro" else rollup.name)
        actual = {row[0] for row in con.execute(f"DESCRIBE {relation}").fetchall()}
        keys = {"adcode", "province_adcode", "year", "cause", "measure"}
        assert actual - keys <= names, (rollup.name, actual - keys - names)
    con.close()


def test_unknown_query_and_wrong_parameters_are_refused(database):
    with pytest.raises(UnknownQuery):
        database.run("households; drop table households")
    with pytest.raises(BadParameters):
        database.run("province_trend")
    with pytest.raises(BadParameters):
        database.run("province_trend", province="520000", extra="x")


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_are_bound_not_run(database, demo_db, value):
    frame = database.run("province_trend", province=value).frame
    assert frame.empty
    con = duckdb.connect(str(demo_db), read_only=True)
    assert con.execute("select count(*) from households").fetchall()[0][0] > 0
    assert con.execute("select count(*) from counties").fetchall()[0][0] == 2875
    con.close()


def test_database_is_opened_read_only(database):
    with pytest.raises(duckdb.Error):
        database.current.cursor().execute("delete from counties")


def test_row_cap(demo_db):
    capped = Database(demo_db, row_cap=3)
    with pytest.raises(TooManyRows):
        capped.run("national_trend")


def test_a_statement_past_the_time_limit_is_interrupted(demo_db):
    limited = Database(demo_db, time_limit=0.3)
    endless = replace(queries.indicators()["national_trend"], name="endless",
                      sql="select count(*) from range(1000000000000)")
    start = time.monotonic()
    with pytest.raises(QueryTimeout, match="endless"):
        limited._execute(limited.current, endless, {})
    assert time.monotonic() - start < 3
    assert not limited.run("national_trend").frame.empty  # the next statement runs as usual


def test_missing_database_names_the_fix(tmp_path):
    with pytest.raises(DatabaseMissing, match="poverty-dashboard build"):
        Database(tmp_path / "nope.duckdb")


def test_data_model_doc_matches_the_code():
    from pathlib import Path

    from warehouse.datamodel_doc import render

    doc = Path(__file__).resolve().parents[1] / "docs" / "data-model.md"
    assert doc.read_text(encoding="utf-8") == render(), \
        "regenerate: python -m warehouse.datamodel_doc > docs/data-model.md"


def test_a_new_build_swapped_in_is_read_without_a_restart(tmp_path, next_build, demo_db):
    path = tmp_path / "swap.duckdb"
    swap_in(next_build, path)  # scale 0.0005
    db = Database(path)
    before = db.run("national_kpis").frame.iloc[0]["exited_people"]
    second = swap_in((demo_db, Database(demo_db).build_id), path)  # scale 0.001
    serving(db, second)
    after = db.run("national_kpis").frame.iloc[0]["exited_people"]
    assert after > before
