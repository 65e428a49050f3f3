"""A query's answer, the one shape every answer takes once it leaves DuckDB, whichever way it
came: run by the door, read back from the query cache, or stored by the build
(warehouse/answers.py) and read by a county page. Arrow IPC bytes are how the answers table
and the query cache hold it."""

import pandas as pd
import pyarrow as pa

ANSWERS = "answers"  # the table of per-county answers stored by the build

# An answer as columns: each column's values as Python objects, None where missing.
Columns = dict[str, list]


def ipc(table: pa.Table) -> bytes:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


class Answer:
    """One answer, as the Arrow table the cache and the stored answers hold (or DuckDB's
    frame, until a table is needed). Pages that compute on it read it as a pandas frame
    (`frame`); a county page, which only draws its answers, reads them as columns of plain
    values (`lists`): its dozen small answers cost it 0.3 ms that way and 2.5 ms as
    frames. Each view is made once, when first read. An answer belongs to the request
    that asked for it, so a caller may modify its frame."""

    __slots__ = ("_table", "_frame", "_lists")

    def __init__(self, table: pa.Table | None = None, frame: pd.DataFrame | None = None):
        if table is None and frame is None:
            raise ValueError("an answer needs a table or a frame")
        self._table, self._frame, self._lists = table, frame, None

    @classmethod
    def of_ipc(cls, blob: bytes) -> "Answer":
        return cls(table=pa.ipc.open_stream(blob).read_all())

    @property
    def table(self) -> pa.Table:
        # Arrow round-trips every frame the queries return unchanged (tests/test_cache.py):
        # a cached copy of DuckDB's frame reads back the same.
        if self._table is None:
            self._table = pa.Table.from_pandas(self._frame, preserve_index=False)
        return self._table

    def ipc(self) -> bytes:
        return ipc(self.table)

    @property
    def frame(self) -> pd.DataFrame:
        if self._frame is None:
            self._frame = self.table.to_pandas()
        return self._frame

    @property
    def lists(self) -> Columns:
        if self._lists is None:
            self._lists = self.table.to_pydict()
        return self._lists

    def __len__(self) -> int:
        return len(self._frame) if self._frame is not None else self._table.num_rows
