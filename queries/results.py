"""The shapes a query's answer takes once it leaves DuckDB, shared by the build that stores
answers (warehouse/answers.py) and the app that reads them (dashboard/db.py, cache.py):
Arrow IPC bytes, as the answers table and the query cache hold them, and back."""

import pandas as pd
import pyarrow as pa

ANSWERS = "answers"  # the table of per-county answers stored by the build

# An answer as columns: each column's values as Python objects, None where missing. A
# county page reads a dozen small answers; as columns they cost it 0.2 ms, as DataFrames
# 2.8 ms, and its figures take plain lists anyway.
Columns = dict[str, list]


def ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def to_arrow(frame: pd.DataFrame) -> bytes:
    return ipc(pa.Table.from_pandas(frame, preserve_index=False))


def from_arrow(blob: bytes) -> pd.DataFrame:
    return pa.ipc.open_stream(blob).read_all().to_pandas()


def columns_from_arrow(blob: bytes) -> Columns:
    return pa.ipc.open_stream(blob).read_all().to_pydict()


def columns_of(frame: pd.DataFrame) -> Columns:
    """A frame's columns as a stored answer reads back: plain values, None where missing."""
    return pa.Table.from_pandas(frame, preserve_index=False).to_pydict()
