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

import duckdb
import pandas as pd
import pyarrow as pa

import queries

TABLE = "answers"


def to_arrow(frame: pd.DataFrame) -> bytes:
    sink = pa.BufferOutputStream()
    table = pa.Table.from_pandas(frame, preserve_index=False)
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def from_arrow(blob: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(blob).read_all().to_pandas()


def per_county_queries() -> list[queries.Query]:
    """The indicator queries whose one parameter is a county's adcode."""
    return [q for q in queries.indicators().values() if list(q.params) == ["adcode"]]


OUTER = "answered_county"  # the alias of the county a batched query is answered for
FINAL_ORDER = re.compile(r"\border\s+by\s+([^()]*?)\s*$", re.IGNORECASE)
QUALIFIER = re.compile(r"\b[a-z_][a-z0-9_]*\.(?=[a-z_])", re.IGNORECASE)


def _batched(con, query: queries.Query, counties: list[str]) -> dict[str, pd.DataFrame] | None:
    """Every county's answer from one statement, or None when that would differ from asking.

    One statement per county costs about a millisecond each, whatever the scale: half a
    minute over 1,882 counties and a dozen queries. Here the query runs once, laterally
    for each county, its rows numbered in its own final order; each county's rows then
    take the types DuckDB gives a frame of them alone (a nullable integer column without
    a null is a plain one, a string column of nulls holds None). A sample of counties asked one by one must agree, or the
    query is answered county by county.
    """
    order = FINAL_ORDER.search(query.sql)
    keys = QUALIFIER.sub("", order.group(1)) if order else ""
    sql = query.sql.replace("$adcode", f"{OUTER}.adcode")
    try:
        frame = con.execute(f"""
            SELECT {OUTER}.adcode AS answer_county, answer.*
            FROM (SELECT adcode FROM counties WHERE in_programme) {OUTER},
                 LATERAL (SELECT *, row_number() OVER ({'ORDER BY ' + keys if keys else ''})
                              AS answer_row
                          FROM ({sql}) ordered) answer
            ORDER BY answer_county, answer_row""").df()
    except (duckdb.BinderException, duckdb.ParserException):  # e.g. it orders by a column
        return None  # it does not return
    empty = con.execute(query.sql, {"adcode": ""}).df()
    groups = dict(tuple(frame.groupby("answer_county", sort=False)))
    answers = {code: _alone(groups[code].drop(columns=["answer_county", "answer_row"]))
               if code in groups else empty for code in counties}
    sample = counties[::max(1, len(counties) // 12)] + counties[-1:]
    for code in sample:
        try:
            pd.testing.assert_frame_equal(answers[code], con.execute(
                query.sql, {"adcode": code}).df())
        except AssertionError:
            return None
    return answers


def _alone(rows: pd.DataFrame) -> pd.DataFrame:
    """A county's rows cut from every county's, typed as DuckDB types a frame of them alone."""
    rows = rows.reset_index(drop=True)
    for column, dtype in rows.dtypes.items():
        missing = rows[column].isna()
        if isinstance(dtype, pd.StringDtype) and missing.all():
            rows[column] = pd.Series([None] * len(rows), dtype=object)  # no string to type
        elif isinstance(dtype, pd.api.extensions.ExtensionDtype) and dtype.kind in "iub" \
                and not missing.any():
            rows[column] = rows[column].to_numpy(dtype.numpy_dtype)
    return rows


def store_answers(con) -> None:
    """Answer every per-county query for every programme county, on a build connection.

    A query that reads a table this database does not hold (the public edition holds no
    villages) is left to be answered, or refused, when it is asked.
    """
    con.execute(f"CREATE OR REPLACE TABLE {TABLE} (adcode VARCHAR, query VARCHAR, frame BLOB)")
    counties = [code for (code,) in con.execute(
        "SELECT adcode FROM counties WHERE in_programme ORDER BY adcode").fetchall()]
    rows = []
    for query in per_county_queries():
        try:
            answers = _batched(con, query, counties) or {
                code: con.execute(query.sql, {"adcode": code}).df() for code in counties}
        except duckdb.CatalogException:
            continue
        rows += [(code, query.name, to_arrow(frame)) for code, frame in answers.items()]
    rows.sort()  # by county: DuckDB skips the row groups of every other county
    adcodes, names, frames = zip(*rows) if rows else ((), (), ())
    table = pa.table({"adcode": adcodes, "query": names, "frame": pa.array(frames, pa.binary())})
    con.register("new_answers", table)
    con.execute(f"INSERT INTO {TABLE} SELECT * FROM new_answers")
    con.unregister("new_answers")
