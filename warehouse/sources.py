"""Reads an export as officials hold it into text DuckDB can stage: CSV in UTF-8 (with or
without a BOM) or GBK/GB18030, comma-, tab- or semicolon-separated, an Excel workbook's
first sheet, or Parquet.

DuckDB reads UTF-8 CSV and Parquet itself. Anything else is first written as a UTF-8 CSV
into a scratch folder: a GB18030 file transcoded, a workbook's sheet with each cell as the
text a person sees (130631, not 130631.0), so every line keeps its number.
"""

import codecs
import csv
import datetime
import io
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
SUFFIXES = (*TEXT_SUFFIXES, ".parquet", ".xlsx")
DETECTED = ("utf-8", "gb18030")  # tried in this order; GB18030 reads GBK and GB2312 too
CHUNK = 1 << 24
HEADER_SEARCH = 20  # lines in which to look for the header, below any title lines
DELIMITERS = (",", "\t", ";")


class Unreadable(Exception):
    """The file cannot be read as text or as a workbook; the message says why."""


@dataclass
class Readable:
    """What DuckDB reads for one export: a UTF-8 CSV (or the Parquet file) and its layout."""

    path: Path  # the file DuckDB reads
    header: list[str]  # names as the file gives them
    header_line: int = 1  # 1-based line of the header; data follows it
    delimiter: str = ","
    encoding: str = "utf-8"  # as found in the original file
    kind: str = "csv"  # csv or parquet


def readable(source: Path, scratch: Path, encoding: str | None = None) -> Readable:
    """The export as DuckDB can read it; raises Unreadable with the reason."""
    suffix = source.suffix.lower()
    if suffix == ".xlsx":
        return _from_workbook(source, scratch)
    if suffix in TEXT_SUFFIXES:
        return _from_text(source, scratch, encoding)
    raise ValueError(f"not an export: {source.name}")


def _from_text(source: Path, scratch: Path, encoding: str | None) -> Readable:
    found = encoding or _detect_encoding(source)
    if encoding:
        _check_encoding(source, encoding)
    path = source
    if codecs.lookup(found).name not in ("utf-8", "utf-8-sig"):
        path = scratch / f"{source.stem}.utf8.csv"
        with open(source, encoding=found, newline="") as src, \
                open(path, "w", encoding="utf-8", newline="") as out:
            while chunk := src.read(CHUNK):
                out.write(chunk)
    with open(path, encoding="utf-8-sig", newline="") as f:
        head = [f.readline() for _ in range(HEADER_SEARCH)]
    delimiter = _delimiter("".join(head))
    lines = list(csv.reader(io.StringIO("".join(head)), delimiter=delimiter))
    header_line, header = _header(lines)
    return Readable(path, header, header_line, delimiter, found)


def _detect_encoding(source: Path) -> str:
    """UTF-8 if the whole file decodes as UTF-8, else GB18030 if it decodes as that."""
    for encoding in DETECTED:
        try:
            _check_encoding(source, encoding)
            return encoding
        except Unreadable:
            continue
    raise Unreadable(f"is neither UTF-8 nor GBK/GB18030 text ({_first_bad(source, 'utf-8')});"
                     " save it as UTF-8 or give its encoding with --encoding")


def _check_encoding(source: Path, encoding: str) -> None:
    try:
        decoder = codecs.getincrementaldecoder(encoding)()
    except LookupError:
        raise Unreadable(f"--encoding {encoding}: no such encoding") from None
    with open(source, "rb") as f:
        try:
            while chunk := f.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            raise Unreadable(f"is not {encoding} text ({_first_bad(source, encoding)}); save it "
                             "as UTF-8 or give its encoding with --encoding") from None


def _first_bad(source: Path, encoding: str) -> str:
    """'byte 0xc0 on line 2': where decoding first fails."""
    with open(source, "rb") as f:
        for number, line in enumerate(f, start=1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as e:
                return f"byte 0x{line[e.start]:02x} on line {number}"
    return "a sequence cut at the end of the file"


def _delimiter(head: str) -> str:
    """The separator of the first line: the most frequent of comma, tab and semicolon."""
    first = next((line for line in head.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=lambda d: (first.count(d), d == ","))


def _header(lines: list[list[str]]) -> tuple[int, list[str]]:
    """The header: the first line with two or more fields filled, below any title lines."""
    for number, fields in enumerate(lines, start=1):
        if sum(1 for field in fields if field.strip()) >= 2:
            return number, [field.strip() for field in fields]
    if lines and any(field.strip() for field in lines[0]):
        return 1, [field.strip() for field in lines[0]]
    raise Unreadable("file is empty: no header row")


def _from_workbook(source: Path, scratch: Path) -> Readable:
    import openpyxl

    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as e:  # a corrupt or non-Excel file: openpyxl raises many kinds
        raise Unreadable(f"is not an Excel workbook: {e}") from None
    try:
        sheet = book.worksheets[0]
        path = scratch / f"{source.stem}.sheet1.csv"
        head: list[list[str]] = []
        last_filled = 0
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
                cells = [_cell_text(value) for value in row]
                writer.writerow(cells)
                if any(cells):
                    last_filled = number
                if number <= HEADER_SEARCH:
                    head.append(cells)
    finally:
        book.close()
    if not last_filled:
        raise Unreadable("file is empty: its first sheet has no cells")
    _trim_lines(path, last_filled)
    header_line, header = _header(head)
    return Readable(path, header, header_line, ",", "xlsx")


def _trim_lines(path: Path, keep: int) -> None:
    """Drop the empty rows a sheet reports after its last filled one."""
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.readlines()[:keep]
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.writelines(lines)


def _cell_text(value) -> str:
    """A cell as a person reads it: whole numbers without '.0', dates as ISO dates."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    # One line per row keeps line numbers equal to the sheet's row numbers.
    return " ".join(str(value).split("\n")).strip()
