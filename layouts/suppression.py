"""Reading the public edition's withheld cells from the rows the queries return.

A published row carries `suppressed`, {"below": threshold, "columns": [...]}, naming its
withheld columns (NULL in the database); a full build has no such column. These helpers
turn a withheld cell into a Suppressed marker, so it is drawn as neither a zero nor a gap.
"""

import pandas as pd

from layouts.format import Suppressed, is_missing, status

# A query's answer as columns: column name -> its values, None where missing. Small answers
# read this way skip pandas, which costs more than the figure itself.
Columns = dict[str, list]


def _mark(row_mark) -> tuple[Suppressed | None, frozenset]:
    """A row's marker and withheld columns (none for a row of a full build)."""
    if not isinstance(row_mark, dict):
        return None, frozenset()
    return Suppressed(int(row_mark["below"])), frozenset(row_mark["columns"])


def marked(row: dict) -> dict:
    """The row with each withheld value replaced by a Suppressed marker."""
    marker, columns = _mark(row.get("suppressed"))
    return {key: marker if key in columns else value for key, value in row.items()}


def withheld(frame: pd.DataFrame | Columns, column: str) -> bool:
    """Whether any row's `column` is withheld, in a frame or in columns."""
    return any(column in _mark(m)[1] for m in frame.get("suppressed", ()))


def flags(frame: pd.DataFrame, column: str) -> pd.Series:
    """Whether each row's `column` is withheld."""
    if "suppressed" not in frame:
        return pd.Series(False, index=frame.index)
    return frame["suppressed"].map(lambda m: column in _mark(m)[1]).astype(bool)


def cells(frame: pd.DataFrame | Columns, column: str) -> list:
    """The column's values, in a frame or columns, a Suppressed marker in place of each
    withheld one."""
    values = frame[column].tolist() if isinstance(frame, pd.DataFrame) else list(frame[column])
    if "suppressed" not in frame:
        return values
    return [marked({column: value, "suppressed": m})[column]
            for value, m in zip(values, frame["suppressed"])]


def marker(frame: pd.DataFrame | Columns) -> Suppressed | None:
    """The marker of the withheld cells of a frame or columns, if it has any."""
    if "suppressed" not in frame:
        return None
    return next((m for m, _ in map(_mark, frame["suppressed"]) if m is not None), None)


def total(frame: pd.DataFrame | Columns, column: str):
    """The column's sum (None without values), or the marker if a cell is withheld."""
    # A sum that skipped withheld cells would be wrong, not merely smaller.
    if withheld(frame, column):
        return marker(frame)
    present = [value for value in frame[column] if not is_missing(value)]
    return sum(present) if present else None


def table_values(frame: pd.DataFrame, column: str, lang: str) -> list:
    """The column for a table: numbers as they are, withheld cells as text."""
    return [v.text(lang) if isinstance(v, Suppressed) else v for v in cells(frame, column)]


STATUS_ORDER = {None: 0, "withheld": 1, "no data": 2}


def by_status(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """The rows, in their order, values first, then withheld cells, then missing ones: a
    table sorts withheld and missing cells after the numbers in the order it was given, so
    each kind stays together."""
    rank = [STATUS_ORDER[status(v)] for v in cells(frame, column)]
    return frame.assign(_status=rank).sort_values("_status", kind="stable").drop(
        columns="_status")


def sorted_last(frame: pd.DataFrame | Columns, lang: str) -> list[str]:
    """The texts a table sorts after every number, whichever way: its withheld cells'."""
    withheld_marker = marker(frame)
    return [withheld_marker.text(lang)] if withheld_marker else []
