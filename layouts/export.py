"""Downloadable tables: every file opens with a line saying where its rows come from."""

import io

import pandas as pd


def source_note(synthetic: bool, build_id: str, origin: str, filters: dict) -> str:
    """The line that opens an exported file: where its rows come from and how they were chosen."""
    chosen = ", ".join(f"{key} {value}" for key, value in filters.items())
    return (f"Source: {'SYNTHETIC demo data' if synthetic else 'ingested data'}; "
            f"{origin}, build {build_id[:8]}; {chosen}")


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
