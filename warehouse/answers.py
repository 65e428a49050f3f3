"""Per-county answers, computed once at build time and stored in the database file.

A county page asks a dozen small questions of one county. DuckDB answers each in
about a millisecond, however small the table, so the page spent most of its time in
them. The build runs every indicator query answered per county (its one parameter is
`adcode`) for every programme county and stores each answer in the `answers` table as
Arrow IPC bytes, the same encoding the query cache uses: the query door hands back a
county's answers from one statement. They live in the file they were computed from,
so a new build can never be served an old answer.
"""

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
            answers = [(code, query.name, to_arrow(con.execute(query.sql, {"adcode": code}).df()))
                       for code in counties]
        except duckdb.CatalogException:
            continue
        rows += answers
    rows.sort()  # by county: DuckDB skips the row groups of every other county
    adcodes, names, frames = zip(*rows) if rows else ((), (), ())
    table = pa.table({"adcode": adcodes, "query": names, "frame": pa.array(frames, pa.binary())})
    con.register("new_answers", table)
    con.execute(f"INSERT INTO {TABLE} SELECT * FROM new_answers")
    con.unregister("new_answers")
