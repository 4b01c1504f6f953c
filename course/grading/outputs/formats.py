"""One way to print numbers and to make text safe in CSV, for every output."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from functools import lru_cache

from course.memo import ShortMemo
from course.text import format_points

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@lru_cache(maxsize=4096)  # a class's points take few distinct values; this runs for every cell
def render_points(value: float) -> str:
    """Points with up to four decimals and no trailing zeros: 1, 0.5, 0.6667."""
    return format_points(value, 4)


def render_percent(value: float) -> str:
    """A percentage with one decimal: 66.7."""
    text = f"{round(value, 1):.1f}"
    return "0.0" if text == "-0.0" else text


def escape_cell(value: object) -> str:
    """A CSV cell that a spreadsheet will not run as a formula (=, +, -, @, tab, CR get a leading ')."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def escape_row(values: Sequence[object]) -> list[str]:
    """Every cell of a CSV row made safe against formulas."""
    return [escape_cell(v) for v in values]


def as_text(value: object) -> str:
    """A cell's text as `csv.writer` takes it (None is empty)."""
    return "" if value is None else str(value)


class CsvCells:
    """Each distinct value's CSV cell (`prepare`d, then quoted as `csv.writer` quotes it, by `csv.writer`
    itself), worked out once: a long table repeats its learners, files, exercises and points on every row,
    and joined with commas, the cells are the row `writerow` writes (measured on scores.csv: a third of the
    time). Only for tables of text: 1 and 1.0 would share a cell here."""

    LIMIT = 65536
    """Cells kept; past it the memory starts again (a class's distinct cells fit many times over)."""

    def __init__(self, prepare: Callable[[object], str] = as_text) -> None:
        self.prepare = prepare
        self.known: ShortMemo[object, str] = ShortMemo(self.LIMIT)
        self._stream = io.StringIO()
        self._writer = csv.writer(self._stream, lineterminator="\n")

    def __call__(self, value: object) -> str:
        cell = self.known.get(value)
        if cell is None:
            text = self.prepare(value)
            if text:  # an empty cell is empty (a row of one empty cell is the only one written as "")
                self._stream.seek(0)
                self._stream.truncate()
                self._writer.writerow([text])
                text = self._stream.getvalue()[:-1]
            cell = self.known.put(value, text)
        return cell
