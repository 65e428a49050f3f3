"""Per-county answers, computed once at build time and stored in the database file.

A county page asks a dozen small questions of one county. DuckDB answers each in
about a millisecond, however small the table, so the page spent most of its time in
them. The build runs every indicator query answered per county (its one parameter is
`adcode`) for every programme county and stores each answer in the `answers` table as
Arrow IPC bytes, the same encoding the query cache uses: the query door hands back a
county's answers from one statement. They live in the file they were computed from,
so a new build can never be served an old answer.
"""

import re
from collections import Counter
from collections.abc import Callable

import duckdb
import pandas as pd
import pyarrow as pa

import queries
from queries.results import ANSWERS as TABLE
from queries.results import ipc


def per_county_queries() -> list[queries.Query]:
    """The indicator queries whose one parameter is a county's adcode."""
    return [q for q in queries.indicators().values() if list(q.params) == ["adcode"]]


OUTER = "answered_county"  # the alias of the county a batched query is answered for
FINAL_ORDER = re.compile(r"\border\s+by\s+([^()]*?)\s*$", re.IGNORECASE)
QUALIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\.(?=[a-z_])", re.IGNORECASE)


def _batched(con, query: queries.Query, counties: list[str]) -> dict[str, pa.Table] | None:
    """Every county's answer from one statement, or None when that would differ from asking.

    One statement per county costs about a millisecond each, whatever the scale: half a
    minute over 1,882 counties and a dozen queries. Here the query runs once, laterally
    for each county, its rows numbered in its own final order, and each county's answer
    is a slice of the result. A sample of counties asked one by one must agree, or the
    query is answered county by county.
    """
    order = FINAL_ORDER.search(query.sql)
    keys = QUALIFIER.sub("", order.group(1)) if order else ""
    sql = query.sql.replace("$adcode", f"{OUTER}.adcode")
    try:
        result = con.sql(f"""
            SELECT {OUTER}.adcode AS answer_county, answer.*
            FROM (SELECT adcode FROM counties WHERE in_programme) {OUTER},
                 LATERAL (SELECT *, row_number() OVER ({'ORDER BY ' + keys if keys else ''})
                              AS answer_row
                          FROM ({sql}) ordered) answer
            ORDER BY answer_county, answer_row""").to_arrow_table()
    except (duckdb.BinderException, duckdb.ParserException):  # e.g. it orders by a column
        return None  # it does not return
    rows = result.drop_columns(["answer_county", "answer_row"])
    of_row = result.column("answer_county").to_pylist()
    first, count = {}, Counter(of_row)
    for row, code in enumerate(of_row):
        first.setdefault(code, row)
    answers = {code: rows.slice(first.get(code, 0), count[code]) for code in counties}
    sample = counties[::max(1, len(counties) // 12)] + counties[-1:]
    for code in sample:
        try:
            pd.testing.assert_frame_equal(pd.DataFrame(answers[code].to_pydict()),
                                          pd.DataFrame(_asked(con, query, code).to_pydict()))
        except AssertionError:
            return None
    return answers


def _asked(con, query: queries.Query, adcode: str) -> pa.Table:
    return con.sql(query.sql, params={"adcode": adcode}).to_arrow_table()



def store_answers(con, prepare: Callable[[str, pa.Table], pa.Table] | None = None) -> None:
    """Answer every per-county query for every programme county, on a build connection.

    A query that reads a table this database does not hold (the public edition holds no
    villages) is left to be answered, or refused, when it is asked. `prepare(query, answer)`,
    when given, makes each answer what is stored (publish checks and rounds it).
    """
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} (adcode VARCHAR, query VARCHAR, frame BLOB)")
    counties = [code for (code,) in con.execute(
        "SELECT adcode FROM counties WHERE in_programme ORDER BY adcode").fetchall()]
    rows = []
    for query in per_county_queries():
        try:
            answers = _batched(con, query, counties) or {
                code: _asked(con, query, code) for code in counties}
        except duckdb.CatalogException:
            continue
        if prepare is not None:
            answers = {code: prepare(query.name, answer) for code, answer in answers.items()}
        rows += [(code, query.name, ipc(answer)) for code, answer in answers.items()]
    rows.sort()  # by county: DuckDB skips the row groups of every other county
    adcodes, names, frames = zip(*rows) if rows else ((), (), ())
    table = pa.table({"adcode": adcodes, "query": names, "frame": pa.array(frames, pa.binary())})
    con.register("new_answers", table)
    con.execute(f"INSERT INTO {TABLE} SELECT * FROM new_answers")
    con.unregister("new_answers")
