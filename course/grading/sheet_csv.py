"""Read a CSV file the way a spreadsheet saved it: whichever encoding and separator it chose.

Spreadsheets save CSV in several ways: UTF-8 with or without a byte order mark (LibreOffice,
Excel's "CSV UTF-8"), Windows-1252 (Excel's "CSV (Comma delimited)" on Windows), UTF-16 with
tabs (Excel's "Unicode Text"), and with semicolons where the comma is the decimal separator
(European locales). The encoding comes from the byte order mark, else UTF-8 if the bytes are
valid UTF-8, else Windows-1252; the separator is the one that splits the header row into the
columns expected. What cannot be read is a `SheetError` whose message names the fix.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterable

SEPARATORS = (",", ";", "\t")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16: its mark starts with UTF-16's
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
WORKBOOK = b"PK\x03\x04"
SAVE_AS_CSV = "save it from the spreadsheet as CSV UTF-8 (File > Save As, file type CSV)"


class SheetError(ValueError):
    """A file that is not CSV text a spreadsheet writes; the message says what to do."""


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a CSV file's bytes, or SheetError."""
    if data.startswith(WORKBOOK):
        raise SheetError(f"it is a spreadsheet workbook (.xlsx or .ods), not CSV: {SAVE_AS_CSV}")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decoded(data, encoding)
    head = data[:400]
    if head and head[1::2].count(0) > len(head) // 4:  # UTF-16 without a mark: every other byte of ASCII is 0
        return _decoded(data, "utf-16-le")
    if head and head[0::2].count(0) > len(head) // 4:
        return _decoded(data, "utf-16-be")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as err:
        raise SheetError(f"it is neither UTF-8 nor Windows-1252 text (byte {err.start}): {SAVE_AS_CSV}") from None


def _decoded(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as err:
        raise SheetError(f"it is damaged {encoding} text (byte {err.start}): {SAVE_AS_CSV}") from None


def read_rows(data: bytes, expected: Iterable[str]) -> tuple[list[list[str]], str, str]:
    """(rows, encoding, separator): the separator is the first that gives a header with every `expected`
    column; if none does, the rows split at commas (the caller names the columns that are missing)."""
    text, encoding = decode(data)
    expected = list(expected)
    first_line = text.split("\n", 1)[0]
    separator = next((sep for sep in SEPARATORS if set(expected) <= set(header_cells(_split(first_line, sep)))), ",")
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
    except csv.Error as err:
        raise SheetError(f"it is not well-formed CSV ({err}): {SAVE_AS_CSV}") from None
    return rows, encoding, separator


def _split(line: str, separator: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=separator), [])
    except csv.Error:
        return []


GARBLED_BOM = "\u00ef\u00bb\u00bf"
"""UTF-8's byte order mark read as Windows-1252 or Latin-1: a spreadsheet that opened the file in another
character set keeps it as text at the start of the first cell."""


def header_cells(row: list[str]) -> list[str]:
    """The header row's names, without spaces around them or a byte order mark kept as text."""
    cells = [cell.strip() for cell in row]
    if cells:
        cells[0] = cells[0].lstrip("\ufeff").removeprefix(GARBLED_BOM).strip()
    return cells


def column_letter(index: int) -> str:
    """A spreadsheet's name for the column at `index` (0 -> A, 26 -> AA), to point a person at a cell."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
