"""The published list of poverty counties loads as officials hold it: Excel or GBK, Chinese
headers, 是/否 and 2019年, codes crossed onto today's units, 城西区 left alone."""

import csv
from collections import Counter
from pathlib import Path

import duckdb
import openpyxl
import pytest
from conftest import PUBLISHED_LIST
from test_ingest import sha256, write_good_dir

from warehouse.ingest import IngestError, ingest

# Announced exits per year (the yearly announcements, as shipped with the list).
ANNOUNCED = {2016: 28, 2017: 125, 2018: 283, 2019: 344, 2020: 52}
RECODED = {"532600": "532601", "622900": "622901", "610981": "610928"}


def published_rows() -> list[dict]:
    with open(PUBLISHED_LIST, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def chinese_rows(flag: bool, year_suffix: str = "") -> tuple[list[str], list[list[str]]]:
    """The list with the headers of an official's copy."""
    header = ["省", "市", "县", "行政区划代码", "摘帽年份"] + (["是否贫困县"] if flag else [])
    rows = [[r["province"], r["prefecture"], r["county"], r["adcode_source"],
             r["exit_year"] + year_suffix] + (["是"] if flag else [])
            for r in published_rows()]
    return header, rows


def write_xlsx(path: Path, header: list[str], rows: list[list]) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["全国832个国家级贫困县名单"])  # a title row above the header, as published
    sheet.append(header)
    for row in rows:
        # A spreadsheet keeps codes as numbers.
        sheet.append([int(v) if i == 3 else v for i, v in enumerate(row)])
    book.save(path)


def write_text(path: Path, header: list[str], rows: list[list], encoding: str,
               delimiter: str = ",") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=delimiter)
        writer.writerow(header)
        writer.writerows(rows)


def query(db: Path, sql: str, *params) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def check_loaded_as_published(db: Path) -> None:
    assert query(db, "SELECT adcode, exit_year FROM counties "
                     "WHERE adcode IN ('522722', '513431') ORDER BY 1") == [
        ("513431", 2020), ("522722", 2019)]
    exits = dict(query(db, "SELECT year, counties_exited FROM national_year "
                           "WHERE counties_exited > 0"))
    assert exits == ANNOUNCED
    flagged = query(db, "SELECT count(*), sum(poverty_list_entries) FROM counties "
                        "WHERE is_poverty_county")
    assert flagged == [(831, 832)]
    # Per province, as listed.
    listed = Counter(r["province"] for r in published_rows())
    loaded = dict(query(db, """SELECT p.name_zh, sum(c.poverty_list_entries) FROM counties c
                               JOIN provinces p ON p.adcode = c.province_adcode
                               WHERE c.is_poverty_county GROUP BY 1"""))
    assert loaded == dict(listed)
    # 冷湖行委 is listed under 西宁's 城西区's code; the district stays what it is.
    assert query(db, "SELECT is_poverty_county, in_programme, exit_year FROM counties "
                     "WHERE adcode = '630104'") == [(False, False, None)]


@pytest.fixture(scope="module")
def from_xlsx(tmp_path_factory, cache_dir):
    root = tmp_path_factory.mktemp("xlsx")
    (root / "export").mkdir()
    header, rows = chinese_rows(flag=False, year_suffix="年")
    write_xlsx(root / "export" / "全国832个国家级贫困县名单.xlsx", header, rows)
    return root / "poverty.duckdb", ingest(root / "export", root / "poverty.duckdb", cache_dir)


def test_the_list_loads_from_excel_with_chinese_headers(from_xlsx):
    db, result = from_xlsx
    check_loaded_as_published(db)
    assert any("read as the counties table (by its header)" in line for line in result.summary)
    assert any("read as the national poverty-county list" in line for line in result.summary)
    assert ("national poverty counties: 832 on 831 boundary units; exits per year: 2016 28, "
            "2017 125, 2018 283, 2019 344, 2020 52") in result.summary


def test_each_crossing_is_one_warning_and_the_summary_counts_them(from_xlsx):
    _, result = from_xlsx
    crossed = [w for w in result.warnings if "placed on" in w]
    # Line numbers are the sheet's rows: a title row, then the header.
    lines = {r["adcode_source"]: i + 3 for i, r in enumerate(published_rows())}
    for listed, unit in RECODED.items():
        assert sum(w.startswith(f"全国832个国家级贫困县名单.xlsx:{lines[listed]}: adcode: "
                                f"{listed} ") and f"placed on {unit} " in w
                   for w in crossed) == 1, listed
    merged = [w for w in crossed if "冷湖行委" in w]
    assert len(merged) == 1 and "placed on 632803 (茫崖市), merged" in merged[0]
    assert len(crossed) == 4
    placed = next(line for line in result.summary if "rows placed on the boundary map" in line)
    assert placed.endswith("832 rows placed on the boundary map: 789 as listed, 39 renamed, "
                           "3 re-coded, 1 merged")


@pytest.mark.parametrize("encoding, delimiter", [("gbk", ","), ("gb18030", "\t")])
def test_the_list_loads_from_a_gbk_file_with_an_explicit_flag(tmp_path, cache_dir, encoding,
                                                             delimiter):
    header, rows = chinese_rows(flag=True)
    (tmp_path / "export").mkdir()
    write_text(tmp_path / "export" / "counties.csv", header, rows, encoding, delimiter)
    db = tmp_path / "poverty.duckdb"
    result = ingest(tmp_path / "export", db, cache_dir)
    check_loaded_as_published(db)
    assert "counties.csv: read as GB18030 text" in result.summary


def test_a_file_in_another_encoding_is_named_as_such(tmp_path, cache_dir):
    header, rows = chinese_rows(flag=True)
    (tmp_path / "export").mkdir()
    write_text(tmp_path / "export" / "counties.csv", header, rows, "gbk")
    with pytest.raises(IngestError) as refused:
        ingest(tmp_path / "export", tmp_path / "poverty.duckdb", cache_dir, encoding="utf-8")
    [problem] = refused.value.problems
    assert problem.startswith("counties.csv:1: is not utf-8 text (byte 0x")
    assert "on line 1" in problem and "--encoding" in problem  # the header is Chinese


def test_a_row_naming_another_county_is_left_out(tmp_path, cache_dir):
    (tmp_path / "export").mkdir()
    write_text(tmp_path / "export" / "counties.csv", ["县代码", "县名称", "是否贫困县", "退出年份"],
               [["522722", "荔波县", "是", "2019"], ["522732", "荔波县", "是", "2019"],
                ["513431", "昭觉县", "是", "2020年"], ["532822", "勐海县", "否", ""]],
               "utf-8-sig")
    db = tmp_path / "poverty.duckdb"
    result = ingest(tmp_path / "export", db, cache_dir)
    assert ("counties.csv:3: name_zh: '荔波县' is not 522732 (三都水族自治县): row left out"
            in result.warnings)
    assert query(db, "SELECT adcode FROM counties WHERE is_poverty_county ORDER BY 1") == [
        ("513431",), ("522722",)]
    assert query(db, "SELECT in_programme FROM counties WHERE adcode = '522732'") == [(False,)]
    assert any(line.endswith("4 rows placed on the boundary map: 3 as listed, 1 left out")
               for line in result.summary)


def test_an_exit_year_for_a_county_off_the_list_is_refused(tmp_path, cache_dir):
    (tmp_path / "export").mkdir()
    write_text(tmp_path / "export" / "counties.csv", ["adcode", "is_poverty_county", "exit_year"],
               [["522722", "true", "2019"], ["532822", "否", "2018"]], "utf-8")
    with pytest.raises(IngestError) as refused:
        ingest(tmp_path / "export", tmp_path / "poverty.duckdb", cache_dir)
    assert refused.value.problems == [
        "counties.csv:3: exit_year: 2018 given for a county that is not a national poverty "
        "county"]


def test_a_malformed_row_hides_no_other_row_and_reports_once(tmp_path, cache_dir):
    source = write_good_dir(tmp_path / "export")
    path = source / "households.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = "1003,1,522722"  # a short row: one line, not one per missing column
    fields = lines[8].split(",")
    fields[3] = "0"  # members below the minimum, five lines further down
    lines[8] = ",".join(fields)
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    previous = tmp_path / "previous.duckdb"
    previous.write_bytes(b"the previous database")
    before = sha256(previous)
    with pytest.raises(IngestError) as refused:
        ingest(source, previous, cache_dir)
    households = [p for p in refused.value.problems if p.startswith("households.csv")]
    assert len(households) == 2
    assert households[0].startswith("households.csv:4: malformed row: ")
    assert households[1] == "households.csv:9: members: 0 is outside 1..30"
    assert sha256(previous) == before
