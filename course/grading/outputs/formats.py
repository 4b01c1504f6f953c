"""One way to print numbers and to make text safe in CSV, for every output."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

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
