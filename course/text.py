"""The course's shared words for small things: an empty answer, points as text, HTML escaping.

The bottom layer: every other module may import it, it imports nothing of the course.
"""

from __future__ import annotations

import html
from typing import Any

EMPTY_ANSWERS: tuple[Any, ...] = (None, "", [], {})


def is_empty_answer(answer: Any) -> bool:
    """True for "no answer yet" in any of its canonical shapes (None, '', [], {})."""
    return answer in EMPTY_ANSWERS


def format_points(value: float, decimals: int = 2) -> str:
    """Points as people write them: 2, 0.5, 3.67 (at most `decimals` decimals, no trailing zeros, no -0)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def esc(value: object) -> str:
    """Text made safe inside HTML, quotes included (None is the empty string)."""
    return html.escape("" if value is None else str(value), quote=True)
