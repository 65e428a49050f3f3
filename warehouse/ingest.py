"""Loads real exports (one CSV or Parquet file per table) into a new database, validated first.

Every file is staged as text in DuckDB and every check is SQL over the staged rows, so a
30-million-row households file validates without a Python loop per row. All problems in
all files are collected and raised together; a refused or interrupted ingest leaves the
previous database byte for byte as it was (see `new_database`).
"""

import csv
import time
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
from warehouse.progress import Progress
from warehouse.schema import INGESTABLE, TABLES_BY_NAME, Column, Table

# Files are named after their table, except the panel.
FILE_STEMS = {"county_year_panel": "county_year"}
TABLE_BY_STEM = {FILE_STEMS.get(name, name): TABLES_BY_NAME[name] for name in INGESTABLE}
SUFFIXES = (".csv", ".parquet")

# Counties columns that load_geography fills from the boundaries: a counties file cannot
# change them (counties get renamed, e.g. 平泉县 -> 平泉市), so differences are warnings.
BOUNDARY_COLUMNS = {
    "name_zh": "name", "name_en": "name", "prefecture_zh": "prefecture",
    "province_adcode": "province",
}

INTEGER_TYPES = ("SMALLINT", "INTEGER", "BIGINT")
TYPE_NOUNS = {"DOUBLE": "a number", "BOOLEAN": "true or false"}
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
class Source:
    """One input file, the table it fills, and what staging found in it."""

    table: Table
    path: Path
    columns: list[str] = field(default_factory=list)  # schema columns present in the file
    rows: int = 0
    usable: bool = False  # staged completely, with rows: safe to check against

    @property
    def is_csv(self) -> bool:
        return self.path.suffix.lower() == ".csv"

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
        """Where a problem is: 'file:line' in a CSV (header is line 1), 'file:row N' in Parquet."""
        # A CSV "line" is the record number + 1: the physical line unless a quoted value
        # earlier in the file spans lines (DuckDB numbers records, not lines, on success).
        if self.is_csv:
            return f"{self.path.name}:{line or 1}"
        return self.path.name if line is None else f"{self.path.name}:row {line}"

    def line_word(self) -> str:
        return "line" if self.is_csv else "row"


class Findings:
    """Problems (which refuse the input) and warnings, reported in file and line order."""

    def __init__(self):
        self._problems: list[tuple[int, int, str]] = []
        self._warnings: list[tuple[int, int, str]] = []

    def problem(self, src: Source, line: int | None, text: str) -> None:
        self._problems.append((src.order, line or 0, f"{src.at(line)}: {text}"))

    def warning(self, src: Source | None, line: int | None, text: str) -> None:
        where = src.at(line) + ": " if src else ""
        self._warnings.append((src.order if src else -1, line or 0, where + text))

    @property
    def problems(self) -> list[str]:
        return [text for *_, text in sorted(self._problems, key=lambda p: p[:2])]

    @property
    def warnings(self) -> list[str]:
        return [text for *_, text in sorted(self._warnings, key=lambda p: p[:2])]


def ingest(source_dir: Path, db_path: Path, cache_dir: Path,
           progress: Progress | None = None) -> tuple[str, list[str]]:
    """Validate the files in `source_dir` and build a database from them at `db_path`."""
    progress = progress or Progress(quiet=True)
    source_dir = Path(source_dir)
    findings = Findings()
    sources = find_sources(source_dir, findings)
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
    return build_id, findings.warnings


def find_sources(source_dir: Path, findings: Findings) -> list[Source]:
    """One Source per table file in `source_dir`, in build order; other files are warnings."""
    if not source_dir.is_dir():
        raise IngestError([f"{source_dir}: no such directory"])
    found: dict[str, Source] = {}
    for path in sorted(source_dir.iterdir()):
        if path.name.startswith("."):  # .DS_Store, editor swap files: not exports
            continue
        table = TABLE_BY_STEM.get(path.stem) if path.suffix.lower() in SUFFIXES else None
        if table is None or not path.is_file():
            findings.warning(None, None, f"{path.name}: not a table file (ignored); expected "
                             f"{', '.join(TABLE_BY_STEM)} as .csv or .parquet")
        elif table.name in found:
            findings.problem(Source(table, path), None,
                             f"{found[table.name].path.name} fills the same table; give one file")
        else:
            found[table.name] = Source(table, path)
    if not found:
        expected = f"{', '.join(TABLE_BY_STEM)} as .csv or .parquet"
        raise IngestError([f"{source_dir}: no table files (expected {expected})"])
    return sorted(found.values(), key=lambda src: src.order)


# --- staging: every file becomes a temp table of trimmed text plus its line number ---

def stage(con, src: Source, findings: Findings, progress: Progress) -> None:
    """Read one file into its stage table and check its shape (readable, not empty, columns)."""
    t0 = time.perf_counter()
    header = read_header(src, findings) if src.is_csv else parquet_header(con, src, findings)
    if header is None:
        return
    known = set(src.table.column_names)
    for name in header:
        if name not in known:
            findings.warning(src, None, f"column '{name}' is not in the {src.table.name} "
                             "table (ignored)")
    src.columns = [c for c in src.table.column_names if c in header]
    try:
        rejects = stage_csv(con, src, header) if src.is_csv else stage_parquet(con, src)
    except duckdb.Error as e:
        findings.problem(src, None, f"cannot be read: {first_line(e)}")
        return
    for line, message in rejects:
        findings.problem(src, line, f"malformed row: {message}")
    src.rows = con.execute(f"SELECT count(*) FROM {src.stage}").fetchall()[0][0]
    if src.rows == 0:
        findings.problem(src, None, "file is empty")
    for name in required_columns(src.table):
        if name not in src.columns:
            findings.problem(src, None, f"column '{name}' is missing")
    # Rows after a malformed one would get wrong line numbers: report the file as malformed only.
    src.usable = not rejects and src.rows > 0
    progress.say(f"{src.path.name}: {src.rows:,} rows read in {time.perf_counter() - t0:.1f}s")


def read_header(src: Source, findings: Findings) -> list[str] | None:
    """The CSV header's column names, or None (and a problem) when there is none."""
    with open(src.path, "rb") as f:
        first = f.readline()
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        findings.problem(src, None, "the header is not UTF-8 text")
        return None
    names = [name.strip() for name in next(csv.reader([text]), [])]
    if not any(names):
        findings.problem(src, None, "file is empty")
        return None
    for name in sorted({n for n in names if names.count(n) > 1}):
        findings.problem(src, None, f"column '{name}' appears more than once")
    return names


def parquet_header(con, src: Source, findings: Findings) -> list[str] | None:
    """The Parquet file's column names, or None (and a problem) when it cannot be read."""
    try:
        cursor = con.execute("SELECT * FROM read_parquet(?) LIMIT 0", [str(src.path)])
        cursor.fetchall()
    except duckdb.Error as e:
        findings.problem(src, None, f"cannot be read: {first_line(e)}")
        return None
    return [d[0] for d in cursor.description]


def stage_csv(con, src: Source, header: list[str]) -> list[tuple[int, str]]:
    """Stage a CSV as text; returns its malformed rows as (line, DuckDB's reason)."""
    # Names come from the schema (an allowlist); other header fields, and repeats of a name,
    # get placeholders. Giving every column up front skips the sniffer, which refuses a
    # malformed file outright instead of reporting its bad rows.
    names = [n if n in src.columns and n not in header[:i] else f"_ignored_{i}"
             for i, n in enumerate(header)]
    spec = "{" + ", ".join(f"{_lit(n)}: 'VARCHAR'" for n in names) + "}"
    # Rejects tables keep rows from earlier scans: one pair per table keeps them apart.
    rejects, scans = f"rejects_{src.table.name}", f"rejects_scan_{src.table.name}"
    con.execute(
        f"""CREATE TEMP TABLE {src.stage} AS
            SELECT ordinality + 1 AS _line{staged_columns(src, "{}")}
            FROM read_csv(?, columns = {spec}, header = true, auto_detect = false,
                          delim = ',', quote = '"', escape = '"', store_rejects = true,
                          rejects_table = {_lit(rejects)}, rejects_scan = {_lit(scans)})
                 WITH ORDINALITY""",
        [str(src.path)],
    )
    # DuckDB can log the same error twice for one line.
    return con.execute(f"SELECT DISTINCT line, error_message FROM {_q(rejects)} "
                       "ORDER BY ALL").fetchall()


def stage_parquet(con, src: Source) -> list[tuple[int, str]]:
    """Stage a Parquet file as text (a Parquet file has no malformed rows to return)."""
    con.execute(
        f"""CREATE TEMP TABLE {src.stage} AS
            SELECT file_row_number + 1 AS _line{staged_columns(src, "CAST({} AS VARCHAR)")}
            FROM read_parquet(?, file_row_number = true)""",
        [str(src.path)],
    )
    return []


def staged_columns(src: Source, read: str) -> str:
    """', col, ...' selecting each present column as trimmed text, blank meaning missing."""
    return "".join(f", nullif(trim({read.format(_q(c))}), '') AS {_q(c)}" for c in src.columns)


def required_columns(table: Table) -> list[str]:
    """Columns a file must have: the NOT NULL ones; a counties file needs only its key."""
    if table.name == "counties":
        return list(table.key)
    return [c.name for c in table.columns if not c.nullable]


# --- validation: SQL over the stage tables ---

def validate(con, sources: list[Source], findings: Findings) -> None:
    """Check values, keys and references of every usable file; warn about renamed counties."""
    usable = [src for src in sources if src.usable]
    for src in usable:
        con.execute(f"CREATE TEMP VIEW {src.typed} AS SELECT _line"
                    + "".join(f", {typed(src.table.column(c))} AS {_q(c)}" for c in src.columns)
                    + f" FROM {src.stage}")
    by_table = {src.table.name: src for src in sources}
    for src in usable:
        check_values(con, src, findings)
        check_keys(con, src, findings)
        check_references(con, src, by_table, findings)
        if src.table.name == "counties":
            warn_renamed(con, src, findings)


def typed(col: Column) -> str:
    """SQL casting a staged text value to the column's type; NULL when it does not fit."""
    raw = _q(col.name)
    if col.type in INTEGER_TYPES:
        # try_cast rounds '3.5' to 4: a value is an integer only if it equals its integer cast.
        as_int = f"try_cast({raw} AS {col.type})"
        return f"CASE WHEN try_cast({raw} AS DECIMAL(38, 18)) = {as_int} THEN {as_int} END"
    if col.type == "DOUBLE":
        # try_cast accepts 'nan' and 'inf', which no amount or rate can be.
        as_double = f"try_cast({raw} AS DOUBLE)"
        return f"CASE WHEN isfinite({as_double}) THEN {as_double} END"
    if col.type == "VARCHAR":
        return raw
    return f"try_cast({raw} AS {col.type})"


def value_problem(col: Column, required: bool) -> str | None:
    """SQL giving 'column: reason' for a bad staged value of `col`, NULL for a good one."""
    raw, value, shown = _q(col.name), typed(col), f"'''' || {_q(col.name)} || ''''"
    checks = []
    if col.type != "VARCHAR":
        noun = TYPE_NOUNS.get(col.type) or (
            "an integer year" if col.unit == "calendar year" else "an integer")
        checks.append((f"{value} IS NULL", f"{shown} || {_lit(' is not ' + noun)}"))
    if col.min is not None and col.max is not None:
        checks.append((f"{value} NOT BETWEEN {col.min!r} AND {col.max!r}",
                       f"{raw} || {_lit(f' is outside {col.min:g}..{col.max:g}')}"))
    elif col.min is not None:
        checks.append((f"{value} < {col.min!r}",
                       f"{raw} || {_lit(f' is below the minimum {col.min:g}')}"))
    if col.choices:
        checks.append((f"{raw} NOT IN ({', '.join(map(_lit, col.choices))})",
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
             if (e := value_problem(src.table.column(c), c in required)) is not None]
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


def warn_renamed(con, src: Source, findings: Findings) -> None:
    """Names in a counties file are informational: a differing one is a warning."""
    for col in (c for c in BOUNDARY_COLUMNS if c in src.columns):
        rows = con.execute(
            f"""SELECT s._line, s.{_q(col)}, c.{_q(col)} FROM {src.typed} s
                JOIN counties c ON c.adcode = s.adcode
                WHERE s.{_q(col)} IS DISTINCT FROM c.{_q(col)} AND s.{_q(col)} IS NOT NULL"""
        ).fetchall()
        label = BOUNDARY_COLUMNS[col]
        for line, given, boundary in rows:
            findings.warning(src, line, f"{col}: '{given}' differs from the boundary {label} "
                                        f"'{boundary}' (kept the boundary {label})")


# --- loading ---

def load(con, sources: list[Source], findings: Findings, progress: Progress) -> None:
    """Insert every validated file, then set which counties are in the programme."""
    counties = next((src for src in sources if src.table.name == "counties"), None)
    for src in sources:
        if src is not counties:
            t0 = time.perf_counter()
            cols = ", ".join(map(_q, src.columns))
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
    given = [c for c in src.columns
             if c not in BOUNDARY_COLUMNS and c not in src.table.key and c != "in_programme"]
    # A blank cell keeps the boundary unit's value (false, or NULL).
    sets = [f"{_q(c)} = coalesce(s.{_q(c)}, counties.{_q(c)})" for c in given]
    sets.append("in_programme = "
                + ("coalesce(s.in_programme, true)" if "in_programme" in src.columns else "true"))
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


def first_line(error: Exception) -> str:
    """The first line of a DuckDB error; the rest is hints about options we set on purpose."""
    return str(error).strip().splitlines()[0]


def _q(identifier: str) -> str:
    """Quote an identifier taken from the schema."""
    return '"' + identifier.replace('"', '""') + '"'


def _lit(text: str) -> str:
    """A SQL string literal for text built from the schema (never from user input)."""
    return "'" + text.replace("'", "''") + "'"
