"""The indicator SQL, one file per query, and the tiny registry that loads it.

Each file opens with a header of `-- key: value` lines:

    -- name: national_year
    -- definition: what the query returns, in words
    -- definition_zh: the same in Chinese, for the Chinese pages
    -- units: the unit of each returned measure
    -- params: name: meaning (one line each; "none" when it takes none)
    -- access: public | analyst | official (who may run it; indicator queries only)
    -- kind: macro (rollups only: a table macro of its parameters, not a table)

The registry refuses a file without a definition in both languages, or whose `$name`
placeholders differ from the parameters it declares, and an indicator query
without an access level: the query door checks it before running the query
(dashboard/access.py). Where the indicators of indicators/ are summed or divided,
a file names them with a token the registry expands: `{{sums:LEVEL}}` (the sums,
means and facts of the level below, for a group by), `{{rates:LEVEL}}` (', rate,
...' for a select) or `{{rate_columns:LEVEL}}` (', name, ...'), LEVEL being county,
province or nation; the expanded columns are documented from their declarations; and
`{{years}}` the campaign's years (indicators.YEARS) as a DuckDB range. Rollups live in
`rollups/`, numbered in build order; each
creates the table it is named after, or, of kind macro, a table macro: a definition
that a rollup and an indicator query both call, each with its own parameters.
"""

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import indicators as registry
from queries import thresholds

HERE = Path(__file__).parent
_HEADER = re.compile(r"^--\s*(name|definition_zh|definition|units|params|access|kind):\s*(.*)$")
# Who may run a query, least to most trusted: county-level aggregates and above,
# village-level aggregates, household rows (and lists of named or numbered people).
ACCESS_LEVELS = ("public", "analyst", "official")
_CONTINUATION = re.compile(r"^--\s{2,}(.*)$")
_CHINESE = re.compile(r"[\u4e00-\u9fff]")
_PLACEHOLDER = re.compile(r"\$([a-z_][a-z0-9_]*)")
_TOKEN = re.compile(r"\{\{(columns|sums|rates|rate_columns):(county|province|nation)\}\}")
_EXPAND = {"columns": registry.columns_sql, "sums": registry.sums_sql,
           "rates": registry.rates_sql, "rate_columns": registry.rate_columns}
_YEARS = re.compile(r"\{\{years\}\}")


class QueryFileError(ValueError):
    """A query file is missing its definition or declares the wrong parameters."""


@dataclass(frozen=True)
class Query:
    name: str
    definition: str
    units: str
    columns: dict[str, str]  # column -> unit and meaning, from the units lines
    params: dict[str, str]  # parameter -> meaning
    sql: str
    path: Path
    access: str = ""  # one of ACCESS_LEVELS; empty for rollups, which the door never runs
    kind: str = "table"  # rollups: "table", or "macro" for a table macro of the params
    definition_zh: str = ""  # the definition in Chinese


def _header(text: str) -> dict[str, list[str]]:
    """The header's fields, each as its first line followed by its continuation lines."""
    fields: dict[str, list[str]] = {}
    current = None
    for line in text.splitlines():
        if m := _HEADER.match(line):
            current = m.group(1)
            fields[current] = [m.group(2).strip()]
        elif current and (m := _CONTINUATION.match(line)):
            fields[current].append(m.group(1).strip())
        else:
            break
    return fields


def _pairs(lines: list[str]) -> dict[str, str]:
    pairs = (line.partition(":") for line in lines if line and line != "none")
    return {key.strip(): value.strip() for key, _, value in pairs}


def parse(path: Path, needs_access: bool = True) -> Query:
    text, generated = expand(path.read_text(encoding="utf-8"))
    fields = _header(text)
    for required in ("name", "definition", "definition_zh", "units", "params"):
        if required not in fields or not any(fields[required]):
            raise QueryFileError(f"{path}: header has no '{required}' line")
    if not _CHINESE.search(" ".join(fields["definition_zh"])):
        raise QueryFileError(f"{path}: 'definition_zh' must say it in Chinese")
    name = fields["name"][0]
    if name != re.sub(r"^\d+_", "", path.stem):
        raise QueryFileError(f"{path}: name '{name}' does not match the file name")
    params = _pairs(fields["params"])
    used = set(_PLACEHOLDER.findall(text))
    if used != set(params):
        raise QueryFileError(
            f"{path}: declares parameters {sorted(params)} but uses {sorted(used)}"
        )
    access = fields.get("access", [""])[0]
    if needs_access and access not in ACCESS_LEVELS:
        raise QueryFileError(f"{path}: header needs an 'access' line, one of {ACCESS_LEVELS}")
    kind = fields.get("kind", ["table"])[0]
    if kind not in ("table", "macro"):
        raise QueryFileError(f"{path}: kind must be 'table' or 'macro', not {kind!r}")
    units = fields["units"]
    return Query(
        name=name,
        definition=" ".join(fields["definition"]),
        units=units[0],
        columns={**_pairs(units[1:]), **generated},
        params=params,
        sql=text,
        path=path,
        access=access,
        kind=kind,
        definition_zh="".join(fields["definition_zh"]),
    )


def expand(text: str) -> tuple[str, dict[str, str]]:
    """The SQL with its indicator tokens expanded, and the columns they add, documented."""
    generated: dict[str, str] = {}

    def columns(match: re.Match) -> str:
        what, level = match.groups()
        # A rollup's rates come with the sums they are made of, which are its columns too.
        for i in registry.at(level):
            if what != "rate_columns" or i.kind == registry.RATE:
                unit = i.unit[0]
                generated[i.key] = i.definition[0] + (f" ({unit})" if unit else "")
        return _EXPAND[what](level)

    years = f"range({registry.YEARS.start}, {registry.YEARS.stop})"
    return _YEARS.sub(years, _TOKEN.sub(columns, text)), generated


@cache
def indicators() -> dict[str, Query]:
    """Every indicator query, by name."""
    return {q.name: q for q in map(parse, sorted(HERE.glob("*.sql")))}


@cache
def rollups() -> tuple[Query, ...]:
    """The rollup models, in build order."""
    paths = sorted((HERE / "rollups").glob("*.sql"))
    return tuple(parse(path, needs_access=False) for path in paths)


def run_rollups(con) -> None:
    """Materialise every rollup on a read-write build connection.

    A rollup with parameters (risk_thresholds) gets the risk rules' thresholds configured
    now (queries/thresholds.py).
    """
    configured = thresholds.monitoring()
    for query in rollups():
        if query.kind == "macro":
            con.execute(create_macro(query))
            continue
        params = {name: configured[name] for name in query.params}
        con.execute(f"CREATE OR REPLACE TABLE {query.name} AS {query.sql}", params)


def create_macro(query: Query) -> str:
    """The statement that defines a rollup of kind macro: its `$name` parameters become the
    macro's arguments."""
    body = _PLACEHOLDER.sub(r"\1", query.sql)
    return f"CREATE OR REPLACE MACRO {query.name}({', '.join(query.params)}) AS TABLE {body}"
