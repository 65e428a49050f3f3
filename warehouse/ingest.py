"""Loads real exports (one file per table) into a new database, validated first.

Files are read as officials hold them (warehouse/sources.py: CSV in UTF-8 or GBK, tab- or
comma-separated, Excel workbooks, Parquet), with English or Chinese headers (each
column's aliases in the schema) and values such as 是/否 and 2019年. A file is named after
its table (counties.xlsx), or recognised by its header.

Every file is staged as text in DuckDB and every check is SQL over the staged rows, so a
30-million-row households file validates without a Python loop per row. All problems in
all files are collected and raised together, one line per bad row; a refused or
interrupted ingest leaves the previous database byte for byte as it was (see
`new_database`). A counties file's rows are placed on the boundary units by
warehouse/county_list.py: known re-codings and mergers are crossed, and a row whose name
contradicts the unit at its code is left out, each with a warning.
"""

import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from queries import run_rollups
from warehouse.answers import store_answers
from warehouse.build import (
    load_geography,
    load_reference_figures,
    new_database,
    write_build_info,
)
from warehouse.county_list import Placer
from warehouse.progress import Progress
from warehouse.schema import (
    ADCODE_UNIT,
    INGESTABLE,
    TABLES_BY_NAME,
    YEAR_UNIT,
    Column,
    Table,
)
from warehouse.sources import SUFFIXES, Readable, Unreadable, readable

# Files are named after their table, except the panel.
FILE_STEMS = {"county_year_panel": "county_year"}
TABLE_BY_STEM = {FILE_STEMS.get(name, name): TABLES_BY_NAME[name] for name in INGESTABLE}
EXPECTED_FILES = (f"{', '.join(TABLE_BY_STEM)} as .csv, .xlsx or .parquet, or a file whose "
                  "header names a table's columns")

# Counties columns that load_geography fills from the boundaries: a counties file cannot
# change them (counties get renamed, e.g. 平泉县 -> 平泉市), so differences are warnings.
BOUNDARY_COLUMNS = {
    "name_zh": "name", "name_en": "name", "prefecture_zh": "prefecture",
    "province_adcode": "province", "province_zh": "province",
}

INTEGER_TYPES = ("SMALLINT", "INTEGER", "BIGINT")
TYPE_NOUNS = {"DOUBLE": "a number", "BOOLEAN": "true or false"}
TRUE_WORDS, FALSE_WORDS = ("是", "yes", "y", "√"), ("否", "no", "n", "×")
SHOWN_PROBLEMS = 100  # in the exception text; `problems` keeps all of them


class IngestError(Exception):
    """The input was refused; `problems` lists every reason as 'file:line: column: reason'."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        shown = self.problems[:SHOWN_PROBLEMS]
        more = len(self.problems) - len(shown)
        super().__init__(
            f"{len(self.problems)} problem(s) in the input:\n" + "\n".join(shown)
            + (f"\n... and {more} more" if more else "")
        )


@dataclass
class Ingested:
    """A loaded database: its build id, the warnings and a summary of what was read."""

    build_id: str
    warnings: list[str]
    summary: list[str]


@dataclass
class Source:
    """One input file, the table it fills, and what staging found in it."""

    table: Table
    path: Path
    read: Readable | None = None  # what DuckDB reads, once the file could be opened
    names: dict[str, str] = field(default_factory=dict)  # schema column -> header in the file
    rows: int = 0
    usable: bool = False  # staged, with rows: safe to check against
    is_list: bool = False  # a counties file read as the poverty-county list

    @property
    def columns(self) -> list[str]:
        """Schema columns present in the file, in schema order (informational ones last)."""
        return [c.name for c in all_columns(self.table) if c.name in self.names]

    @property
    def stored(self) -> list[str]:
        return [c for c in self.columns if c in self.table.column_names]

    @property
    def is_parquet(self) -> bool:
        return self.path.suffix.lower() == ".parquet"

    @property
    def order(self) -> int:
        return INGESTABLE.index(self.table.name)

    @property
    def stage(self) -> str:
        return _q(f"stage_{self.table.name}")

    @property
    def typed(self) -> str:
        return _q(f"typed_{self.table.name}")

    def at(self, line: int | None = None) -> str:
        """Where a problem is: 'file:line' (the header's line or the sheet's row number as
        a person sees it), 'file:row N' in Parquet."""
        # A CSV "line" is the record number after the header: the physical line unless a
        # quoted value earlier in the file spans lines.
        if not self.is_parquet:
            return f"{self.path.name}:{line or (self.read.header_line if self.read else 1)}"
        return self.path.name if line is None else f"{self.path.name}:row {line}"

    def line_word(self) -> str:
        return "row" if self.is_parquet else "line"


class Findings:
    """Problems (which refuse the input), warnings and summary lines, in file and line order.

    Problems of one row are joined into one line."""

    def __init__(self):
        self._problems: dict[tuple, list[str]] = {}
        self._warnings: list[tuple[int, int, str]] = []
        self.summary: list[str] = []

    def problem(self, src: Source, line: int | None, text: str) -> None:
        key = (src.order, line or 0, src.at(line))
        if text not in self._problems.setdefault(key, []):
            self._problems[key].append(text)

    def warning(self, src: Source | None, line: int | None, text: str) -> None:
        where = src.at(line) + ": " if src else ""
        self._warnings.append((src.order if src else -1, line or 0, where + text))

    @property
    def problems(self) -> list[str]:
        return [f"{where}: {'; '.join(texts)}"
                for (_, _, where), texts in sorted(self._problems.items())]

    @property
    def warnings(self) -> list[str]:
        return [text for *_, text in sorted(self._warnings, key=lambda p: p[:2])]


def all_columns(table: Table) -> tuple[Column, ...]:
    return (*table.columns, *table.informational)


def ingest(source_dir: Path, db_path: Path, cache_dir: Path, progress: Progress | None = None,
           encoding: str | None = None) -> Ingested:
    """Validate the files in `source_dir` and build a database from them at `db_path`.

    `encoding` overrides the detected encoding of every text file.
    """
    progress = progress or Progress(quiet=True)
    source_dir = Path(source_dir)
    findings = Findings()
    with tempfile.TemporaryDirectory(prefix="ingest-") as scratch:
        sources = find_sources(source_dir, Path(scratch), encoding, findings)
        with new_database(db_path) as con:
            load_geography(con, cache_dir, progress)
            load_reference_figures(con)
            for src in sources:
                stage(con, src, findings, progress)
            t0 = time.perf_counter()
            validate(con, sources, findings)
            if findings.problems:
                raise IngestError(findings.problems)
            progress.say(f"validated in {time.perf_counter() - t0:.1f}s")
            load(con, sources, findings, progress)
            run_rollups(con)
            build_id = write_build_info(con, source="ingest", synthetic="false",
                                        source_dir=str(source_dir))
            store_answers(con)
            summarise_programme(con, findings)
    return Ingested(build_id, findings.warnings, findings.summary)


# --- finding and opening the files ---

def find_sources(source_dir: Path, scratch: Path, encoding: str | None,
                 findings: Findings) -> list[Source]:
    """One Source per table file in `source_dir`, in build order; other files are warnings."""
    if not source_dir.is_dir():
        raise IngestError([f"{source_dir}: no such directory"])
    found: dict[str, Source] = {}
    for path in sorted(source_dir.iterdir()):
        if path.name.startswith((".", "~$")):  # .DS_Store, editor and Excel lock files
            continue
        if path.suffix.lower() not in SUFFIXES or not path.is_file():
            findings.warning(None, None, f"{path.name}: not a table file (ignored); expected "
                                         f"{EXPECTED_FILES}")
            continue
        named = TABLE_BY_STEM.get(path.stem)
        if named is not None and named.name in found:
            findings.problem(Source(named, path), None, f"{found[named.name].path.name} fills "
                                                        "the same table; give one file")
            continue
        src = open_source(path, scratch, encoding, findings)
        if src is None:
            continue
        if src.table.name in found:
            findings.problem(src, None, f"{found[src.table.name].path.name} fills the same "
                                        "table; give one file")
        else:
            found[src.table.name] = src
    if not found:
        raise IngestError(findings.problems or
                          [f"{source_dir}: no table files (expected {EXPECTED_FILES})"])
    return sorted(found.values(), key=lambda src: src.order)


def open_source(path: Path, scratch: Path, encoding: str | None,
                findings: Findings) -> Source | None:
    """The Source for one file: its table by name, or else by the columns its header names."""
    table = TABLE_BY_STEM.get(path.stem)
    placeholder = Source(table or TABLES_BY_NAME["counties"], path)
    try:
        read = (Readable(path, parquet_header(path), kind="parquet", encoding="parquet")
                if placeholder.is_parquet else readable(path, scratch, encoding))
    except Unreadable as e:
        if table is None:
            findings.warning(None, None, f"{path.name}: not read ({e}); ignored")
        else:
            findings.problem(placeholder, None, str(e))
        return None
    table = table or table_of(read.header)
    if table is None:
        findings.warning(None, None, f"{path.name}: not a table file (ignored); expected "
                                     f"{EXPECTED_FILES}")
        return None
    src = Source(table, path, read)
    if read.encoding not in ("utf-8", "parquet", "xlsx"):
        findings.summary.append(f"{path.name}: read as {read.encoding.upper()} text")
    if path.stem not in TABLE_BY_STEM:
        findings.summary.append(f"{path.name}: read as the {table.name} table (by its header)")
    return src


def parquet_header(path: Path) -> list[str]:
    with duckdb.connect() as con:
        try:
            cursor = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(path)])
            cursor.fetchall()
            return [d[0] for d in cursor.description]
        except duckdb.Error as e:
            raise Unreadable(f"cannot be read: {first_line(e)}") from None


def header_key(name: str) -> str:
    """A header as compared with names and aliases: trimmed, case and bracket style ignored."""
    return name.strip().lstrip("\ufeff").lower().replace("（", "(").replace("）", ")")


def column_names(table: Table, header: list[str]) -> dict[str, str]:
    """Schema column -> the header naming it (its own name or an alias), first one wins."""
    known = {}
    for col in all_columns(table):
        if col.ingested:
            for name in (col.name, *col.aliases):
                known.setdefault(header_key(name), col.name)
    names: dict[str, str] = {}
    for given in header:
        col = known.get(header_key(given))
        if col is not None and col not in names:
            names[col] = given
    return names


def table_of(header: list[str]) -> Table | None:
    """The one table whose required columns the header all names (most columns named wins)."""
    fits = []
    for name in INGESTABLE:
        table = TABLES_BY_NAME[name]
        names = column_names(table, header)
        if set(required_columns(table)) <= set(names):
            fits.append((len(names), name))
    fits.sort(reverse=True)
    if not fits or (len(fits) > 1 and fits[0][0] == fits[1][0]):
        return None
    return TABLES_BY_NAME[fits[0][1]]


# --- staging: every file becomes a temp table of trimmed text plus its line number ---

def stage(con, src: Source, findings: Findings, progress: Progress) -> None:
    """Read one file into its stage table and check its shape (readable, not empty, columns)."""
    t0 = time.perf_counter()
    header = src.read.header
    for name in sorted({n for n in header if n and header.count(n) > 1}):
        findings.problem(src, None, f"column '{name}' appears more than once")
    src.names = column_names(src.table, header)
    derived = {c.name for c in all_columns(src.table) if not c.ingested}
    for name in header:
        if name and name not in src.names.values():
            why = ("is derived by the build" if header_key(name) in derived
                   else f"is not in the {src.table.name} table")
            findings.warning(src, None, f"column '{name}' {why} (ignored)")
    try:
        rejects = stage_parquet(con, src) if src.is_parquet else stage_csv(con, src)
    except duckdb.Error as e:
        findings.problem(src, None, f"cannot be read: {first_line(e)}")
        return
    for line, message in rejects:
        findings.problem(src, line, f"malformed row: {message}")
    # Rows a spreadsheet leaves blank are not rows.
    if src.columns:
        con.execute(f"DELETE FROM {src.stage} WHERE "
                    + " AND ".join(f"{_q(c)} IS NULL" for c in src.columns))
    src.rows = con.execute(f"SELECT count(*) FROM {src.stage}").fetchall()[0][0]
    if src.rows == 0 and not rejects:
        findings.problem(src, None, "file is empty: no rows below the header")
    for name in required_columns(src.table):
        if name not in src.columns:
            findings.problem(src, None, f"column '{name}' is missing")
    src.usable = src.rows > 0
    if src.table.name == "counties" and "adcode" in src.columns:
        place_counties(con, src, findings)
    progress.say(f"{src.path.name}: {src.rows:,} rows read in {time.perf_counter() - t0:.1f}s")


def stage_csv(con, src: Source) -> list[tuple[int, str]]:
    """Stage a CSV as text; returns its malformed rows as (line, DuckDB's reason)."""
    read = src.read
    # Names come from the schema (an allowlist); other header fields, and repeats of a name,
    # get placeholders. Giving every column up front skips the sniffer, which refuses a
    # malformed file outright instead of reporting its bad rows.
    by_header = {given: col for col, given in src.names.items()}
    names = [by_header[n] if n in by_header and n not in read.header[:i] else f"_ignored_{i}"
             for i, n in enumerate(read.header)]
    spec = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    # Rejects tables keep rows from earlier scans: one pair per table keeps them apart.
    rejects, scans = f"rejects_{src.table.name}", f"rejects_scan_{src.table.name}"
    con.execute(
        f"""CREATE TEMP TABLE {_q(f'kept_{src.table.name}')} AS
            SELECT ordinality AS _record{staged_columns(src, "{}")}
            FROM read_csv(?, columns = {spec}, header = true, auto_detect = false,
                          skip = {read.header_line - 1}, delim = {_lit(read.delimiter)},
                          quote = '"', escape = '"', store_rejects = true,
                          rejects_table = {_lit(rejects)}, rejects_scan = {_lit(scans)})
                 WITH ORDINALITY""",
        [str(read.path)],
    )
    # One line per malformed row: DuckDB can log several errors, or the same one twice.
    bad = con.execute(f"SELECT line, min(error_message) FROM {_q(rejects)} "
                      "GROUP BY line ORDER BY line").fetchall()
    # DuckDB numbers the rows it kept; each kept row's line skips the rejected lines
    # before it (the j-th rejected line comes after line - 1 - header_line - (j - 1) rows).
    con.execute(f"""CREATE TEMP TABLE {_q(f'skips_{src.table.name}')} AS
                    SELECT line - {read.header_line} - row_number() OVER (ORDER BY line)
                               AS after, row_number() OVER (ORDER BY line) AS skipped
                    FROM (SELECT DISTINCT line FROM {_q(rejects)})""")
    con.execute(f"""CREATE TEMP TABLE {src.stage} AS
                    SELECT r._record + {read.header_line} + coalesce(s.skipped, 0) AS _line,
                           r.* EXCLUDE (_record), 1 AS _entries
                    FROM {_q(f'kept_{src.table.name}')} r
                    ASOF LEFT JOIN {_q(f'skips_{src.table.name}')} s ON r._record > s.after""")
    con.execute(f"DROP TABLE {_q(f'kept_{src.table.name}')}")
    con.execute(f"DROP TABLE {_q(f'skips_{src.table.name}')}")
    return bad


def stage_parquet(con, src: Source) -> list[tuple[int, str]]:
    """Stage a Parquet file as text (a Parquet file has no malformed rows to return)."""
    con.execute(
        f"""CREATE TEMP TABLE {src.stage} AS
            SELECT file_row_number + 1 AS _line{staged_columns(src, "CAST({} AS VARCHAR)")},
                   1 AS _entries
            FROM read_parquet(?, file_row_number = true)""",
        [str(src.path)],
    )
    return []


def staged_columns(src: Source, read: str) -> str:
    """', col, ...' selecting each present column as trimmed text, blank meaning missing.

    `read` formats the column as the file names it: a schema name for a CSV (its columns
    are named on reading), the file's own header for Parquet."""
    out = []
    for col in all_columns(src.table):
        if col.name not in src.names:
            continue
        given = col.name if not src.is_parquet else src.names[col.name]
        text = f"nullif(trim({read.format(_q(given))}), '')"
        if col.unit == ADCODE_UNIT:
            # 130631.0: a code a spreadsheet stored as a number.
            text = f"regexp_replace({text}, '^(\\d{{6}})\\.0+$', '\\1')"
        out.append(f", {text} AS {_q(col.name)}")
    return "".join(out)


def required_columns(table: Table) -> list[str]:
    """Columns a file must have: the NOT NULL ones; a counties file needs only its key."""
    if table.name == "counties":
        return list(table.key)
    return [c.name for c in table.columns if not c.nullable and c.ingested]


# --- a counties file: each row placed on a boundary unit ---

def place_counties(con, src: Source, findings: Findings) -> None:
    """Cross re-coded and merged counties; leave out rows naming another place; read a file
    without a poverty flag but with exit years as the poverty-county list."""
    name = _q("name_zh") if "name_zh" in src.columns else "NULL"
    rows = con.execute(f"SELECT _line, adcode, {name} FROM {src.stage} "
                       "WHERE adcode IS NOT NULL ORDER BY _line").fetchall()
    units = dict(con.execute("SELECT adcode, name_zh FROM counties").fetchall())
    placer = Placer(units)
    counts: Counter = Counter()
    moved, left_out = [], []
    for line, adcode, listed_name in rows:
        placement = placer.place(adcode, listed_name)
        counts[placement.how] += 1
        if placement.how in ("re-coded", "merged"):
            moved.append((line, placement.adcode))
            findings.warning(src, line, f"adcode: {adcode} ({listed_name or 'no name'}) placed "
                             f"on {placement.adcode} ({units[placement.adcode]}), "
                             f"{placement.how}: {placement.note}")
        elif placement.how == "left out":
            left_out.append(line)
            findings.warning(src, line, f"name_zh: '{listed_name}' is not {adcode} "
                             f"({units[adcode]}): row left out")
    if moved:
        con.executemany(f"UPDATE {src.stage} SET adcode = ? WHERE _line = ?",
                        [(adcode, line) for line, adcode in moved])
    if left_out:
        con.executemany(f"DELETE FROM {src.stage} WHERE _line = ?", [(ln,) for ln in left_out])
        src.rows -= len(left_out)
    merge_placed(con, src, [adcode for _, adcode in moved], findings)
    src.is_list = "is_poverty_county" not in src.columns and "exit_year" in src.columns
    if src.is_list:
        findings.summary.append(f"{src.path.name}: no is_poverty_county column but exit years: "
                                "read as the national poverty-county list, every row a "
                                "poverty county")
    shown = ", ".join(f"{counts[how]} {how}" for how in
                      ("as listed", "renamed", "re-coded", "merged", "left out") if counts[how])
    findings.summary.append(f"{src.path.name}: {len(rows)} rows placed on the boundary map: "
                            f"{shown}" + (f", {counts['unknown code']} with unknown codes"
                                          if counts["unknown code"] else ""))


def merge_placed(con, src: Source, targets: list[str], findings: Findings) -> None:
    """Rows crossed onto a unit another row also names become one row standing for both,
    which leaves the list with the later of their exit years."""
    year = normalised(column(src.table, "exit_year")) if "exit_year" in src.columns else "NULL"
    for adcode in sorted(set(targets)):
        rows = con.execute(f"SELECT _line, {year} FROM {src.stage} WHERE adcode = ? "
                           "ORDER BY _line", [adcode]).fetchall()
        if len(rows) < 2:
            continue
        years = sorted({y for _, y in rows if y is not None})
        if len(years) > 1:
            findings.warning(src, rows[-1][0], f"exit_year: the rows placed on {adcode} give "
                                               f"{', '.join(years)}; kept the latest")
        first = rows[0][0]
        con.execute(f"UPDATE {src.stage} SET _entries = ? WHERE _line = ?", [len(rows), first])
        if years and "exit_year" in src.columns:
            con.execute(f"UPDATE {src.stage} SET exit_year = ? WHERE _line = ?",
                        [years[-1], first])
        con.execute(f"DELETE FROM {src.stage} WHERE adcode = ? AND _line <> ?", [adcode, first])
        src.rows -= len(rows) - 1


# --- validation: SQL over the stage tables ---

def validate(con, sources: list[Source], findings: Findings) -> None:
    """Check values, keys and references of every usable file; warn about renamed counties."""
    usable = [src for src in sources if src.usable]
    for src in usable:
        con.execute(f"CREATE TEMP VIEW {src.typed} AS SELECT _line, _entries"
                    + "".join(f", {typed(column(src.table, c))} AS {_q(c)}"
                              for c in src.columns)
                    + f" FROM {src.stage}")
    by_table = {src.table.name: src for src in sources}
    for src in usable:
        check_values(con, src, findings)
        check_within_row(con, src, findings)
        check_keys(con, src, findings)
        check_references(con, src, by_table, findings)
        if src.table.name == "counties":
            check_exit_years(con, src, findings)
            warn_renamed(con, src, findings)


def column(table: Table, name: str) -> Column:
    return next(c for c in all_columns(table) if c.name == name)


def normalised(col: Column) -> str:
    """SQL of a staged value with the spellings officials use turned into the schema's."""
    raw = _q(col.name)
    if col.unit == YEAR_UNIT:
        # 2019年, 2019年度
        return f"coalesce(nullif(regexp_extract({raw}, '^(\\d{{4}})\\s*年度?$', 1), ''), {raw})"
    if col.type == "BOOLEAN":
        words = [f"WHEN {_lit(w)} THEN 'true'" for w in TRUE_WORDS]
        words += [f"WHEN {_lit(w)} THEN 'false'" for w in FALSE_WORDS]
        return f"CASE lower({raw}) {' '.join(words)} ELSE {raw} END"
    if col.choice_aliases:
        spellings = " ".join(f"WHEN {_lit(a)} THEN {_lit(c)}" for a, c in col.choice_aliases)
        return f"CASE {raw} {spellings} ELSE {raw} END"
    return raw


def typed(col: Column) -> str:
    """SQL casting a staged text value to the column's type; NULL when it does not fit."""
    value = normalised(col)
    if col.type in INTEGER_TYPES:
        # try_cast rounds '3.5' to 4: a value is an integer only if it equals its integer cast.
        as_int = f"try_cast({value} AS {col.type})"
        return f"CASE WHEN try_cast({value} AS DECIMAL(38, 18)) = {as_int} THEN {as_int} END"
    if col.type == "DOUBLE":
        # try_cast accepts 'nan' and 'inf', which no amount or rate can be.
        as_double = f"try_cast({value} AS DOUBLE)"
        return f"CASE WHEN isfinite({as_double}) THEN {as_double} END"
    if col.type == "VARCHAR":
        return value
    return f"try_cast({value} AS {col.type})"


def value_problem(col: Column, required: bool) -> str | None:
    """SQL giving 'column: reason' for a bad staged value of `col`, NULL for a good one."""
    raw, value, shown = _q(col.name), typed(col), f"'''' || {_q(col.name)} || ''''"
    checks = []
    if col.type != "VARCHAR":
        noun = TYPE_NOUNS.get(col.type) or (
            "an integer year" if col.unit == YEAR_UNIT else "an integer")
        checks.append((f"{value} IS NULL", f"{shown} || {_lit(' is not ' + noun)}"))
    if col.min is not None and col.max is not None:
        checks.append((f"{value} NOT BETWEEN {col.min!r} AND {col.max!r}",
                       f"{raw} || {_lit(f' is outside {col.min:g}..{col.max:g}')}"))
    elif col.min is not None:
        checks.append((f"{value} < {col.min!r}",
                       f"{raw} || {_lit(f' is below the minimum {col.min:g}')}"))
    if col.choices:
        checks.append((f"{value} NOT IN ({', '.join(map(_lit, col.choices))})",
                       f"{shown} || {_lit(' is not one of ' + ', '.join(col.choices))}"))
    if not checks and not required:
        return None
    missing = _lit("value is missing") if required else "NULL"
    whens = " ".join(f"WHEN {test} THEN {message}" for test, message in checks)
    return f"{_lit(col.name + ': ')} || CASE WHEN {raw} IS NULL THEN {missing} {whens} END"


def check_values(con, src: Source, findings: Findings) -> None:
    """Types, ranges, choices and missing values, every bad value of every row."""
    required = set(required_columns(src.table))
    exprs = [e for c in src.columns
             if (e := value_problem(column(src.table, c), c in required)) is not None]
    if not exprs:
        return
    rows = con.execute(
        f"""SELECT _line, problems FROM (
                SELECT _line, list_filter([{', '.join(exprs)}], lambda p: p IS NOT NULL) AS problems
                FROM {src.stage})
            WHERE len(problems) > 0"""
    ).fetchall()
    for line, problems in rows:
        for text in problems:
            findings.problem(src, line, text)


def check_within_row(con, src: Source, findings: Findings) -> None:
    """A value against the row's other columns, as the schema declares (a batch's year only
    where the batch was received, and not before the household was registered); a bad value
    is reported by check_values alone."""
    for col in (column(src.table, c) for c in src.columns):
        value = _q(col.name)
        if col.given_if in src.columns:
            for line, year in con.execute(
                    f"""SELECT _line, {value} FROM {src.typed}
                        WHERE {value} IS NOT NULL AND {_q(col.given_if)} = false""").fetchall():
                findings.problem(src, line, f"{col.name}: {year} given, but {col.given_if} "
                                            "is false")
        if col.not_before in src.columns:
            earlier = _q(col.not_before)
            for line, year, other in con.execute(
                    f"""SELECT _line, {value}, {earlier} FROM {src.typed}
                        WHERE {value} < {earlier}""").fetchall():
                findings.problem(src, line, f"{col.name}: {year} is before {col.not_before} "
                                            f"{other}")


def check_keys(con, src: Source, findings: Findings) -> None:
    """Every row whose primary key repeats an earlier row's."""
    if not set(src.table.key) <= set(src.columns):
        return
    key = [_q(c) for c in src.table.key]
    cols = ", ".join(key)
    rows = con.execute(
        f"""WITH dup AS (
                SELECT {cols}, min(_line) AS first FROM {src.typed}
                WHERE {' AND '.join(f'{k} IS NOT NULL' for k in key)}
                GROUP BY {cols} HAVING count(*) > 1)
            SELECT t._line, dup.first, {', '.join(f't.{k}' for k in key)}
            FROM {src.typed} t JOIN dup USING ({cols})
            WHERE t._line > dup.first"""
    ).fetchall()
    for line, first, *values in rows:
        shown = str(values[0]) if len(values) == 1 else f"({', '.join(map(str, values))})"
        findings.problem(src, line, f"{', '.join(src.table.key)}: {shown} repeats the key of "
                                    f"{src.line_word()} {first}")


def references(table: Table) -> dict[str, str]:
    """Column -> the 'table.column' its values must exist in."""
    if table.name == "counties":
        # A counties file's rows must be boundary units; its province comes from the boundaries.
        return {"adcode": "counties.adcode"}
    return {c.name: c.references for c in table.columns if c.references}


def county_column(table: Table) -> str | None:
    """The column saying which county a row is in, if the table has one."""
    return next((c for c, ref in references(table).items() if ref == "counties.adcode"), None)


def check_references(con, src: Source, by_table: dict[str, Source], findings: Findings) -> None:
    """Adcodes must be boundary counties; villages and teams must exist (in the row's county)."""
    for col, ref in references(src.table).items():
        if col not in src.columns:
            continue
        target_table, target_col = ref.split(".")
        if target_table == "counties":
            check_adcodes(con, src, col, findings)
        elif target_table not in INGESTABLE:  # a reference table the build loads itself
            check_in_reference(con, src, col, target_table, target_col, findings)
        elif target_table not in by_table:
            # Any subset of tables may be ingested: a missing target is a gap, not an error.
            findings.warning(src, None, f"{col}: refers to {target_table}, but there is no "
                                        f"{target_table} file; loaded unchecked")
        elif by_table[target_table].usable and target_col in by_table[target_table].columns:
            check_rows_exist(con, src, col, by_table[target_table], target_col, findings)


def check_adcodes(con, src: Source, col: str, findings: Findings) -> None:
    """Every adcode in `col` must be a county-level unit on the boundary map."""
    rows = con.execute(
        f"""SELECT s._line, s.{_q(col)} FROM {src.typed} s
            ANTI JOIN counties c ON c.adcode = s.{_q(col)}
            WHERE s.{_q(col)} IS NOT NULL"""
    ).fetchall()
    for line, adcode in rows:
        findings.problem(src, line, f"{col}: '{adcode}' is not a county on the boundary map")


def check_in_reference(con, src: Source, col: str, table: str, target_col: str,
                       findings: Findings) -> None:
    """Every `col` value must be in the reference table the build loaded (e.g. a published
    East–West pair's helper)."""
    rows = con.execute(
        f"""SELECT s._line, s.{_q(col)} FROM {src.typed} s
            ANTI JOIN {_q(table)} t ON t.{_q(target_col)} = s.{_q(col)}
            WHERE s.{_q(col)} IS NOT NULL"""
    ).fetchall()
    for line, value in rows:
        findings.problem(src, line, f"{col}: '{value}' is not in {table}")


def check_rows_exist(con, src: Source, col: str, target: Source, target_col: str,
                     findings: Findings) -> None:
    """Every `col` value must be a `target_col` in the target file, in the same county."""
    here, there = county_column(src.table), county_column(target.table)
    compare = here in src.columns and there in target.columns
    # Without both county columns only existence is checked (NULL <> x is never true).
    own, theirs = (f"s.{_q(here)}", f"min({_q(there)})") if compare else ("NULL", "NULL")
    rows = con.execute(
        f"""SELECT s._line, s.{_q(col)}, t.county, {own}
            FROM {src.typed} s
            LEFT JOIN (SELECT {_q(target_col)} AS key, {theirs} AS county
                       FROM {target.typed} GROUP BY 1) t ON t.key = s.{_q(col)}
            WHERE s.{_q(col)} IS NOT NULL AND (t.key IS NULL OR t.county <> {own})"""
    ).fetchall()
    noun = target_col.removesuffix("_id")
    for line, key, target_county, own_county in rows:
        if target_county is None or own_county is None:
            findings.problem(src, line, f"{col}: {noun} {key} is not in {target.path.name}")
        else:
            findings.problem(src, line, f"{col}: {noun} {key} belongs to county "
                                        f"{target_county}, not {own_county}")


def check_exit_years(con, src: Source, findings: Findings) -> None:
    """Only a national poverty county leaves the list."""
    if "exit_year" not in src.columns or "is_poverty_county" not in src.columns:
        return
    for line, year in con.execute(
            f"""SELECT _line, exit_year FROM {src.typed}
                WHERE exit_year IS NOT NULL AND is_poverty_county = false""").fetchall():
        findings.problem(src, line, f"exit_year: {year} given for a county that is not a "
                                    "national poverty county")


def warn_renamed(con, src: Source, findings: Findings) -> None:
    """Names in a counties file are informational: a differing one is a warning (a province
    or prefecture written short, 贵州 for 贵州省, is not)."""
    boundary = {"province_zh": "p.name_zh", "province_adcode": "c.province_adcode"}
    for col in (c for c in BOUNDARY_COLUMNS if c in src.columns):
        theirs = boundary.get(col, f"c.{_q(col)}")
        short = (f"AND NOT starts_with({theirs}, s.{_q(col)})"
                 if col in ("province_zh", "prefecture_zh") else "")
        rows = con.execute(
            f"""SELECT s._line, s.{_q(col)}, {theirs} FROM {src.typed} s
                JOIN counties c ON c.adcode = s.adcode
                JOIN provinces p ON p.adcode = c.province_adcode
                WHERE s.{_q(col)} IS DISTINCT FROM {theirs} AND s.{_q(col)} IS NOT NULL
                  {short}"""
        ).fetchall()
        label = BOUNDARY_COLUMNS[col]
        for line, given, unit in rows:
            findings.warning(src, line, f"{col}: '{given}' differs from the boundary {label} "
                                        f"'{unit}' (kept the boundary {label})")


# --- loading ---

def load(con, sources: list[Source], findings: Findings, progress: Progress) -> None:
    """Insert every validated file, then set which counties are in the programme."""
    counties = next((src for src in sources if src.table.name == "counties"), None)
    for src in sources:
        if src is not counties:
            t0 = time.perf_counter()
            cols = ", ".join(map(_q, src.stored))
            # Households sorted by county and village: zone maps let a village page skip the rest.
            order = " ORDER BY county_adcode, village_id" if src.table.name == "households" else ""
            con.execute(f"INSERT INTO {_q(src.table.name)} ({cols}) SELECT {cols} FROM {src.typed}{order}")
            progress.say(f"{src.table.name}: {src.rows:,} rows loaded in "
                         f"{time.perf_counter() - t0:.1f}s")
    if counties:
        update_counties(con, counties)
        warn_outside_programme(con, counties, sources, findings)
    else:
        mark_programme_counties(con, sources)


def update_counties(con, src: Source) -> None:
    """Join the counties file onto the boundary units: the units it lists are in the programme."""
    given = [c for c in src.stored if c not in BOUNDARY_COLUMNS and c not in src.table.key
             and c not in ("in_programme", "is_poverty_county")]
    # A blank cell keeps the boundary unit's value (false, or NULL).
    sets = [f"{_q(c)} = coalesce(s.{_q(c)}, counties.{_q(c)})" for c in given]
    sets.append("in_programme = "
                + ("coalesce(s.in_programme, true)" if "in_programme" in src.columns else "true"))
    poverty = ("true" if src.is_list else "coalesce(s.is_poverty_county, false)"
               if "is_poverty_county" in src.columns else "false")
    sets.append(f"is_poverty_county = {poverty}")
    sets.append(f"poverty_list_entries = CASE WHEN {poverty} THEN s._entries ELSE 0 END")
    con.execute(f"UPDATE counties SET {', '.join(sets)} FROM {src.typed} s "
                "WHERE counties.adcode = s.adcode")


def mark_programme_counties(con, sources: list[Source]) -> None:
    """Without a counties file, the programme is every county an ingested row is in."""
    selects = [f"SELECT {_q(col)} FROM {_q(src.table.name)}"
               for src in sources if (col := county_column(src.table)) in src.columns]
    if selects:
        con.execute(f"UPDATE counties SET in_programme = true "
                    f"WHERE adcode IN ({' UNION '.join(selects)})")


def warn_outside_programme(con, counties: Source, sources: list[Source],
                           findings: Findings) -> None:
    """Rows in counties the counties file leaves outside the programme load, with a warning."""
    for src in sources:
        col = county_column(src.table)
        if src is counties or col not in src.columns:
            continue
        count, example = con.execute(
            f"""SELECT count(*), min(t.{_q(col)}) FROM {_q(src.table.name)} t
                JOIN counties c ON c.adcode = t.{_q(col)} WHERE NOT c.in_programme"""
        ).fetchall()[0]
        if count:
            findings.warning(src, None, f"{count:,} row(s) are in counties outside the programme "
                                        f"per {counties.path.name} (e.g. {example}); loaded anyway")


def summarise_programme(con, findings: Findings) -> None:
    """The poverty counties as loaded, with their exits per year, for the summary."""
    entries, units = con.execute("""SELECT coalesce(sum(poverty_list_entries), 0),
                                           count(*) FILTER (WHERE is_poverty_county)
                                    FROM counties""").fetchall()[0]
    if not units:
        findings.summary.append("national poverty counties: none (no counties file flags any)")
        return
    exits = con.execute("""SELECT exit_year, sum(poverty_list_entries) FROM counties
                           WHERE is_poverty_county GROUP BY 1 ORDER BY 1 NULLS LAST""").fetchall()
    per_year = ", ".join(f"{year if year is not None else 'no exit year'} {n}"
                         for year, n in exits)
    findings.summary.append(f"national poverty counties: {entries} on {units} boundary units; "
                            f"exits per year: {per_year}")


def first_line(error: Exception) -> str:
    """The first line of a DuckDB error; the rest is hints about options we set on purpose."""
    return str(error).strip().splitlines()[0]


def _q(identifier: str) -> str:
    """Quote an identifier taken from the schema."""
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A SQL string literal for text built from the schema (never from user input)."""
    return "'" + text.replace("'", "''") + "'"
