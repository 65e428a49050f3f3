"""Downloadable tables: every file opens with a line saying where its rows come from."""

import io

import pandas as pd

from layouts.format import status, status_text
from layouts.i18n import pick

STATUS_COLUMN = ("{column}: status", "{column}：状态")


def source_note(synthetic: bool, build_id: str, origin: str, filters: dict) -> str:
    """The line that opens an exported file: where its rows come from and how they were chosen."""
    chosen = ", ".join(f"{key} {value}" for key, value in filters.items())
    return (f"Source: {'SYNTHETIC demo data' if synthetic else 'ingested data'}; "
            f"{origin}, build {build_id[:8]}; {chosen}")


def with_status(table: pd.DataFrame, column: str, values: list, lang: str,
                integer: bool = False) -> pd.DataFrame:
    """`table` with `column` holding the numbers of `values` (withheld and missing cells
    empty, counts as integers) and, after it, a status column saying which an empty cell is:
    withheld or no data."""
    numbers = pd.Series([None if status(v) else v for v in values], index=table.index,
                        dtype="Float64")
    table = table.assign(**{column: numbers.round().astype("Int64") if integer else numbers})
    table.insert(table.columns.get_loc(column) + 1, pick(STATUS_COLUMN, lang).format(
        column=column), [status_text(v, lang) for v in values])
    return table


def csv_text(table: pd.DataFrame, source: str) -> str:
    """The table as CSV under a '# Source: ...' line."""
    return f"# {source}\n" + table.to_csv(index=False)


def excel_bytes(table: pd.DataFrame, source: str) -> bytes:
    """One sheet: the source line in A1, the table from row 2."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer) as writer:
        table.to_excel(writer, index=False, startrow=1, sheet_name="data")
        writer.sheets["data"].cell(row=1, column=1, value=source)
    return buffer.getvalue()
