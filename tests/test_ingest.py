"""The validated ingest path: good exports load, every bad row is reported, nothing is half-built."""

import csv
import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from indicators import REGISTRY_YEARS
from warehouse import ingest as ingest_module
from warehouse.ingest import IngestError, ingest
from warehouse.schema import (
    MEASURE_YEARS,
    MEASURES,
    STANDARD_ITEMS,
    TABLES_BY_NAME,
)

COUNTIES = [  # 平泉县 became 平泉市 in 2017: the boundary name wins, with a warning
    {"adcode": "522722", "name_zh": "荔波县", "is_poverty_county": "true", "exit_year": "2019",
     "contiguous_area": "滇黔桂石漠化区", "rural_population": "150000"},
    {"adcode": "513431", "name_zh": "昭觉县", "is_poverty_county": "true", "exit_year": "2020",
     "contiguous_area": "乌蒙山区", "rural_population": "280000"},
    {"adcode": "130881", "name_zh": "平泉县", "is_poverty_county": "true", "exit_year": "2018",
     "contiguous_area": "燕山—太行山区", "rural_population": "400000"},
    {"adcode": "532822", "name_zh": "勐海县", "is_poverty_county": "false", "exit_year": "",
     "contiguous_area": "", "rural_population": ""},
]
VILLAGE_COUNTIES = ["522722", "522722", "513431", "513431", "130881", "532822"]
VILLAGE_NAMES = ["拉片村", "水维村", "阿土列尔村", "支尔莫村", "杨树岭村", "曼稿村"]


def write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def read_csv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def edit(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a CSV, addressed by its line number (header is line 1)."""
    rows = read_csv(path)
    rows[line - 2][column] = value
    write_csv(path, rows)


def household(i: int) -> dict:
    village = i % len(VILLAGE_COUNTIES) + 1
    exited = 2016 + i % 5 if i % 4 else None
    return {
        "household_id": str(1000 + i),
        "village_id": str(village),
        "county_adcode": VILLAGE_COUNTIES[village - 1],
        "members": str(1 + i % 7),
        "identified_year": "2014" if i % 3 else "2015",
        "cause": ("illness", "disaster", "schooling", "labour", "other")[i % 5],
        "removed_year": "",
        "exit_year": str(exited or ""),
        **{f"income_{y}": str(2500 + 900 * (y - 2014) + 37 * i) for y in REGISTRY_YEARS},
        **{f"measure_{m}": ("true" if (i + k) % 2 else "false") for k, m in enumerate(MEASURES)},
        # a batch's year where it was received, after registration (2014 or 2015)
        **{MEASURE_YEARS[m]: str(2016 + i % 3) if (i + k) % 2 else ""
           for k, m in enumerate(MEASURES) if m != "relocation"},
        "relocated_year": "2018" if i % 6 == 0 else "",
        **{f"{item}_year": str(2014 if i % 3 else 2015) for item, *_ in STANDARD_ITEMS},
        "monitoring_status": "monitored" if exited and i % 5 == 0 else "none",
    }


def write_good_dir(path: Path) -> Path:
    """A small, consistent export of every ingestable table."""
    path.mkdir(parents=True, exist_ok=True)
    write_csv(path / "counties.csv", COUNTIES)
    write_csv(path / "villages.csv", [
        {"village_id": str(v + 1), "county_adcode": county, "name": name,
         "is_poor_village": "true" if v % 3 else "false", "exit_year": "2019" if v % 3 else "",
         "population": str(800 + 150 * v), "has_road": "true", "has_4g": "true",
         "has_clinic": "false" if v == 2 else "true", "has_safe_water": ""}
        for v, (county, name) in enumerate(zip(VILLAGE_COUNTIES, VILLAGE_NAMES))
    ])
    write_csv(path / "households.csv", [household(i) for i in range(12)])
    write_csv(path / "work_teams.csv", [
        {"team_id": str(t + 1), "village_id": str(t + 1), "county_adcode": VILLAGE_COUNTIES[t],
         "sending_level": ("central", "province", "city", "county")[t],
         "start_year": "2015", "end_year": "2020" if t else "", "members": "3"}
        for t in range(4)
    ])
    write_csv(path / "cadres.csv", [
        {"cadre_id": str(c + 1), "team_id": str(c // 2 + 1), "village_id": str(c // 2 + 1),
         "county_adcode": VILLAGE_COUNTIES[c // 2],
         "role": "first_secretary" if c % 2 == 0 else "member",
         "start_year": "2015", "end_year": "2017" if c % 2 else ""}
        for c in range(8)
    ])
    write_csv(path / "funds.csv", [
        {"county_adcode": county, "year": str(year), "source": source, "purpose": "industry",
         "amount_yuan": "12500000.5"}
        for county in ("522722", "513431") for year in (2016, 2017)
        for source in ("central", "provincial")
    ])
    write_csv(path / "evaluations.csv", [
        {"county_adcode": county, "year": "2019", "sample_households": "400",
         "misidentification_rate": "0.01", "wrong_exit_rate": "0.005",
         "satisfaction_rate": "0.97"}
        for county in ("522722", "513431", "130881", "532822")
    ])
    write_csv(path / "county_year.csv", [
        {"adcode": county, "year": str(year), "registered_poor_people": "20000",
         "exited_people": "5000", "funds_yuan": "", "work_teams": "40", "cadres": "120"}
        for county in ("522722", "513431") for year in range(2017, 2021)
    ])
    # Headers as a Chinese export writes them; each pair as east_west_pairings names it.
    write_csv(path / "east_west_amounts.csv", [
        {"帮扶方": helper, "受援方": helped, "年份": f"{year}年",
         "财政援助资金（元）": str(30_000_000 + year), "社会帮扶资金（元）": "",
         "东部选派挂职干部": "3", "西部选派挂职干部": "4", "专业技术人才": "20",
         "引导企业数": "2", "企业实际投资（元）": "150000000", "消费扶贫金额": "8000000"}
        for helper, helped in (("广州市", "黔南布依族苗族自治州"), ("浙江省", "四川省"))
        for year in (2019, 2020)
    ])
    write_integrity_files(path)
    return path


def write_integrity_files(path: Path) -> None:
    """The integrity-check tables, consistent with the households of write_good_dir."""
    write_csv(path / "asset_matches.csv", [
        {"household_id": "1001", "asset_type": "vehicle", "matched_year": "2019",
         "value_yuan": "85000"},
        {"household_id": "1002", "asset_type": "business_registration", "matched_year": "2020",
         "value_yuan": ""},
        {"household_id": "1005", "asset_type": "public_salary", "matched_year": "2018",
         "value_yuan": "60000"},
    ])
    write_csv(path / "corrections.csv", [  # households identified in 2015 (i % 3 == 0)
        {"household_id": str(1000 + i), "year": "2015", "action": "added",
         "reason": "other" if i == 6 else "missed_poor"}
        for i in (0, 3, 6)
    ])
    write_csv(path / "audits.csv", [
        {"county_adcode": county, "year": str(year), "funds_sampled_yuan": "30000000",
         "violations_yuan": str(7_740_000 // (year - 2015)), "serious_violations_yuan": "50000"}
        for county in ("522722", "513431") for year in range(2016, 2020)
    ])
    write_csv(path / "monitoring_events.csv", [
        {"household_id": "1001", "year": "2021", "event": "illness", "cost_yuan": "30000",
         "income_yuan": "7000"},
        {"household_id": "1002", "year": "2022", "event": "income_drop", "cost_yuan": "",
         "income_yuan": "3500"},
        {"household_id": "1003", "year": "2025", "event": "disaster", "cost_yuan": "12000.5",
         "income_yuan": ""},
    ])


GOOD_COUNTS = {"villages": 6, "households": 12, "work_teams": 4, "cadres": 8, "funds": 8,
               "evaluations": 4, "county_year_panel": 8, "asset_matches": 3,
               "corrections": 3, "audits": 8, "monitoring_events": 3, "east_west_amounts": 4}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def query(db: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql).fetchall()


@pytest.fixture(scope="module")
def good_db(tmp_path_factory, cache_dir):
    """A database ingested once from the good directory, with the ingest's result."""
    root = tmp_path_factory.mktemp("good")
    source = write_good_dir(root / "export")
    (source / "README.txt").write_text("not a table")
    db = root / "poverty.duckdb"
    result = ingest(source, db, cache_dir)
    return db, result.build_id, result.warnings


@pytest.fixture
def previous_db(good_db, tmp_path):
    """A copy of the good database, standing for the one a failed ingest must not touch."""
    db = tmp_path / "db" / "poverty.duckdb"
    db.parent.mkdir()
    shutil.copy(good_db[0], db)
    return db


def test_good_directory_loads(good_db):
    db, build_id, _ = good_db
    for table, count in GOOD_COUNTS.items():
        assert query(db, f"SELECT count(*) FROM {table}") == [(count,)], table
    assert query(db, "SELECT value FROM build_info WHERE key = 'build_id'") == [(build_id,)]
    assert query(db, "SELECT value FROM build_info WHERE key = 'source'") == [("ingest",)]
    assert query(db, "SELECT count(*) FROM counties")[0][0] > 2800  # every boundary unit


def test_good_directory_sets_programme_from_counties_file(good_db):
    db = good_db[0]
    in_programme = query(db, "SELECT adcode FROM counties WHERE in_programme ORDER BY adcode")
    assert in_programme == sorted((c["adcode"],) for c in COUNTIES)
    assert query(db, "SELECT is_poverty_county, exit_year, contiguous_area, rural_population "
                     "FROM counties WHERE adcode = '513431'") == [(True, 2020, "乌蒙山区", 280000)]
    assert query(db, "SELECT is_poverty_county, exit_year FROM counties "
                     "WHERE adcode = '532822'") == [(False, None)]


def test_households_keep_every_column(good_db):
    db = good_db[0]
    expected = household(5)
    row = query(db, "SELECT * FROM households WHERE household_id = 1005")[0]
    columns = TABLES_BY_NAME["households"].column_names
    assert [str(v).lower() if v is not None else "" for v in row] == [
        expected[c] for c in columns]


def test_integrity_tables_keep_their_values(good_db):
    db = good_db[0]
    assert query(db, "SELECT * FROM asset_matches ORDER BY household_id") == [
        (1001, "vehicle", 2019, 85000.0), (1002, "business_registration", 2020, None),
        (1005, "public_salary", 2018, 60000.0)]
    assert query(db, "SELECT year, round(sum(violations_yuan) / sum(funds_sampled_yuan), 4) "
                     "FROM audits GROUP BY 1 ORDER BY 1") == [
        (2016, 0.258), (2017, 0.129), (2018, 0.086), (2019, 0.0645)]
    assert query(db, "SELECT * FROM monitoring_events ORDER BY household_id") == [
        (1001, 2021, "illness", 30000.0, 7000), (1002, 2022, "income_drop", None, 3500),
        (1003, 2025, "disaster", 12000.5, None)]
    assert query(db, "SELECT action, count(*) FROM corrections GROUP BY 1") == [("added", 3)]
    assert query(db, "SELECT count(*) FROM planted_anomalies") == [(0,)]  # synthetic only


def test_east_west_amounts_load_under_their_chinese_headers(good_db):
    assert query(good_db[0], "SELECT * FROM east_west_amounts WHERE helper_zh = '广州市' "
                             "ORDER BY year") == [
        ("广州市", "黔南布依族苗族自治州", year, 30_000_000.0 + year, None, 3, 4, 20, 2,
         150_000_000.0, 8_000_000.0) for year in (2019, 2020)]


def test_renamed_county_warns_and_keeps_boundary_name(good_db):
    db, _, warnings = good_db
    assert ("counties.csv:4: name_zh: '平泉县' differs from the boundary name '平泉市' "
            "(kept the boundary name)") in warnings
    assert query(db, "SELECT name_zh FROM counties WHERE adcode = '130881'") == [("平泉市",)]


def test_unknown_file_is_a_warning(good_db):
    assert any(w.startswith("README.txt: not a table file (ignored)") for w in good_db[2])


def test_counties_file_listing_some_units(tmp_path, cache_dir):
    source = tmp_path / "export"
    source.mkdir()
    write_csv(source / "counties.csv", [{"adcode": "522722", "in_programme": ""},
                                        {"adcode": "513431", "in_programme": "false"}])
    write_csv(source / "funds.csv", [
        {"county_adcode": county, "year": "2018", "source": "central", "purpose": "health",
         "amount_yuan": "1000"} for county in ("522722", "532822")])
    db = tmp_path / "poverty.duckdb"
    warnings = ingest(source, db, cache_dir).warnings
    assert query(db, "SELECT adcode FROM counties WHERE in_programme") == [("522722",)]
    assert query(db, "SELECT count(*) = (SELECT count(*) FROM counties) - 1 FROM counties "
                     "WHERE NOT in_programme") == [(True,)]
    assert ("funds.csv:1: 1 row(s) are in counties outside the programme per counties.csv "
            "(e.g. 532822); loaded anyway") in warnings


def test_without_counties_file_programme_is_where_rows_are(tmp_path, cache_dir):
    source = write_good_dir(tmp_path / "export")
    (source / "counties.csv").unlink()
    db = tmp_path / "poverty.duckdb"
    ingest(source, db, cache_dir)
    assert query(db, "SELECT adcode FROM counties WHERE in_programme ORDER BY adcode") == sorted(
        (c["adcode"],) for c in COUNTIES)
    assert query(db, "SELECT count(*) FROM counties WHERE is_poverty_county") == [(0,)]


def test_parquet_table_loads(tmp_path, cache_dir):
    source = write_good_dir(tmp_path / "export")
    to_parquet(source / "households.csv")
    db = tmp_path / "poverty.duckdb"
    ingest(source, db, cache_dir)
    assert query(db, "SELECT count(*), sum(members), count(exit_year) FROM households") == [
        (12, sum(1 + i % 7 for i in range(12)), 9)]


def to_parquet(csv_path: Path) -> Path:
    """Replace a CSV by a Parquet file with the same rows, numbers typed as a writer would."""
    parquet = csv_path.with_suffix(".parquet")
    with duckdb.connect() as con:
        con.execute(f"COPY (SELECT * FROM read_csv('{csv_path}')) TO '{parquet}' (FORMAT parquet)")
    csv_path.unlink()
    return parquet


def append_line(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8", newline="") as f:
        f.write(text + "\r\n")  # the csv module's line ending: DuckDB refuses mixed ones


def drop_column(path: Path, column: str) -> None:
    write_csv(path, [{k: v for k, v in row.items() if k != column} for row in read_csv(path)])


def parquet_with_bad_members(source: Path) -> None:
    edit(source / "households.csv", 2, "members", "0")
    to_parquet(source / "households.csv")


HOUSEHOLD_FIELDS = len(TABLES_BY_NAME["households"].columns)
BAD_INPUTS = {
    "unknown adcode": (
        lambda d: edit(d / "funds.csv", 3, "county_adcode", "999999"),
        "funds.csv:3: county_adcode: '999999' is not a county on the boundary map"),
    "village in the wrong county": (
        lambda d: edit(d / "households.csv", 8, "village_id", "3"),
        "households.csv:8: village_id: village 3 belongs to county 513431, not 522722"),
    "non-numeric year": (
        lambda d: edit(d / "households.csv", 4, "exit_year", "abc"),
        "households.csv:4: exit_year: 'abc' is not an integer year"),
    "negative count": (
        lambda d: edit(d / "villages.csv", 3, "population", "-5"),
        "villages.csv:3: population: -5 is below the minimum 0"),
    "missing column": (
        lambda d: drop_column(d / "cadres.csv", "role"),
        "cadres.csv:1: column 'role' is missing"),
    "malformed row": (
        lambda d: append_line(d / "households.csv", ",".join(["1"] * (HOUSEHOLD_FIELDS + 1))),
        (f"households.csv:14: malformed row: Expected Number of Columns: {HOUSEHOLD_FIELDS} "
         f"Found: {HOUSEHOLD_FIELDS + 1}")),
    "empty file": (
        lambda d: (d / "evaluations.csv").write_text(""),
        "evaluations.csv:1: file is empty: no header row"),
    "header only": (
        lambda d: (d / "work_teams.csv").write_text(
            (d / "work_teams.csv").read_text().splitlines()[0] + "\n"),
        "work_teams.csv:1: file is empty: no rows below the header"),
    "two files for one table": (
        lambda d: shutil.copy(d / "funds.csv", d / "funds.parquet"),
        "funds.parquet: funds.csv fills the same table; give one file"),
    "bad value in parquet": (
        parquet_with_bad_members,
        "households.parquet:row 1: members: 0 is outside 1..30"),
    "unknown asset type": (
        lambda d: edit(d / "asset_matches.csv", 2, "asset_type", "boat"),
        ("asset_matches.csv:2: asset_type: 'boat' is not one of vehicle, commercial_property, "
         "business_registration, public_salary")),
    "correction of an unknown household": (
        lambda d: edit(d / "corrections.csv", 3, "household_id", "9999"),
        "corrections.csv:3: household_id: household 9999 is not in households.csv"),
    "audit before the campaign": (
        lambda d: edit(d / "audits.csv", 2, "year", "2012"),
        "audits.csv:2: year: 2012 is outside 2013..2020"),
    "East–West pair not in the published list": (
        lambda d: edit(d / "east_west_amounts.csv", 3, "帮扶方", "深圳市"),
        "east_west_amounts.csv:3: helper_zh: '深圳市' is not in east_west_pairings"),
    "a batch's year without the batch": (
        lambda d: edit(d / "households.csv", 2, "measure_production_year", "2017"),
        "households.csv:2: measure_production_year: 2017 given, but measure_production is false"),
    "a relocation year without relocation": (
        lambda d: edit(d / "households.csv", 3, "relocated_year", "2018"),
        "households.csv:3: relocated_year: 2018 given, but measure_relocation is false"),
    "a batch's year before the household was registered": (
        lambda d: edit(d / "households.csv", 5, "measure_production_year", "2014"),
        "households.csv:5: measure_production_year: 2014 is before identified_year 2015"),
    "a batch's year after the campaign": (
        lambda d: edit(d / "households.csv", 3, "measure_production_year", "2021"),
        "households.csv:3: measure_production_year: 2021 is outside 2013..2020"),
    "monitoring event before the transition period": (
        lambda d: edit(d / "monitoring_events.csv", 2, "year", "2020"),
        "monitoring_events.csv:2: year: 2020 is outside 2021..2025"),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_and_previous_database_kept(case, previous_db, tmp_path,
                                                          cache_dir):
    mutate, message = BAD_INPUTS[case]
    source = write_good_dir(tmp_path / "export")
    mutate(source)
    before = sha256(previous_db)
    with pytest.raises(IngestError) as refused:
        ingest(source, previous_db, cache_dir)
    assert message in refused.value.problems
    assert message in str(refused.value)
    assert sha256(previous_db) == before
    assert [p.name for p in previous_db.parent.iterdir()] == [previous_db.name]


def test_every_bad_row_is_reported(tmp_path, previous_db, cache_dir):
    source = write_good_dir(tmp_path / "export")
    edit(source / "households.csv", 3, "members", "2.5")
    edit(source / "households.csv", 9, "members", "two")
    edit(source / "households.csv", 9, "cause", "flu")
    edit(source / "households.csv", 10, "measure_education", "maybe")
    edit(source / "households.csv", 11, "household_id", "1001")
    edit(source / "work_teams.csv", 3, "sending_level", "")
    edit(source / "cadres.csv", 5, "team_id", "99")
    edit(source / "funds.csv", 4, "amount_yuan", "nan")
    edit(source / "evaluations.csv", 2, "satisfaction_rate", "1.2")
    with pytest.raises(IngestError) as refused:
        ingest(source, previous_db, cache_dir)
    assert refused.value.problems == [
        "households.csv:3: members: '2.5' is not an integer",
        "households.csv:9: members: 'two' is not an integer; "
        "cause: 'flu' is not one of illness, disaster, schooling, labour, other",
        "households.csv:10: measure_education: 'maybe' is not true or false",
        "households.csv:11: household_id: 1001 repeats the key of line 3",
        "work_teams.csv:3: sending_level: value is missing",
        "cadres.csv:5: team_id: team 99 is not in work_teams.csv",
        "funds.csv:4: amount_yuan: 'nan' is not a number",
        "evaluations.csv:2: satisfaction_rate: 1.2 is outside 0..1",
    ]


def test_interrupted_ingest_keeps_previous_database(tmp_path, previous_db, cache_dir,
                                                    monkeypatch):
    def interrupt(con):
        raise KeyboardInterrupt

    monkeypatch.setattr(ingest_module, "run_rollups", interrupt)
    before = sha256(previous_db)
    with pytest.raises(KeyboardInterrupt):
        ingest(write_good_dir(tmp_path / "export"), previous_db, cache_dir)
    assert sha256(previous_db) == before
    assert [p.name for p in previous_db.parent.iterdir()] == [previous_db.name]


def test_households_without_villages_load_with_a_warning(tmp_path, cache_dir):
    source = write_good_dir(tmp_path / "export")
    (source / "villages.csv").unlink()
    (source / "work_teams.csv").unlink()
    (source / "cadres.csv").unlink()
    db = tmp_path / "poverty.duckdb"
    warnings = ingest(source, db, cache_dir).warnings
    assert ("households.csv:1: village_id: refers to villages, but there is no villages file; "
            "loaded unchecked") in warnings
    assert query(db, "SELECT count(*) FROM households") == [(GOOD_COUNTS["households"],)]
    assert query(db, "SELECT count(*) FROM villages") == [(0,)]
