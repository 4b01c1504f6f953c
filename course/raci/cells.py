"""RACI cells: the letters one role holds for one activity.

A cell is a set of letters drawn from a `Scheme`. The scheme says which letters
exist and which may share a cell, so RASCI (which adds S, Support) is a second
scheme, not a second parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from course.errors import CourseError

SEPARATORS = re.compile(r"[\s/,+&]+")


class CellError(CourseError, ValueError):
    """A cell's text is not a valid set of letters for its scheme."""


@dataclass(frozen=True)
class Scheme:
    """A responsibility-charting vocabulary.

    `letters` is in canonical print order; `combinable` lists the letters that
    may share one cell (in RACI only R and A: "R/A").
    """

    name: str
    letters: tuple[str, ...]
    meanings: tuple[str, ...]
    combinable: frozenset[str]

    def meaning(self, letter: str) -> str:
        return self.meanings[self.letters.index(letter)]

    def valid_cells(self) -> tuple[Cell, ...]:
        """Every cell this scheme allows, blank first, in print order."""
        cells = [Cell(frozenset(), self)] + [Cell(frozenset({letter}), self) for letter in self.letters]
        combined = frozenset(self.combinable)
        if len(combined) > 1:
            cells.insert(1 + len(self.letters), Cell(combined, self))
        return tuple(cells)


RACI = Scheme(
    name="RACI",
    letters=("R", "A", "C", "I"),
    meanings=("Responsible", "Accountable", "Consulted", "Informed"),
    combinable=frozenset({"R", "A"}),
)

RASCI = Scheme(
    name="RASCI",
    letters=("R", "A", "S", "C", "I"),
    meanings=("Responsible", "Accountable", "Support", "Consulted", "Informed"),
    combinable=frozenset({"R", "A"}),
)


@dataclass(frozen=True)
class Cell:
    """The letters one role holds for one activity (possibly none)."""

    letters: frozenset[str]
    scheme: Scheme = RACI

    @property
    def is_blank(self) -> bool:
        return not self.letters

    @property
    def responsible(self) -> bool:
        return "R" in self.letters

    @property
    def accountable(self) -> bool:
        return "A" in self.letters

    def has(self, letter: str) -> bool:
        return letter in self.letters

    def __str__(self) -> str:
        return format_cell(self)


def format_cell(cell: Cell) -> str:
    """The canonical text of a cell: letters in scheme order joined by '/', '' if blank."""
    return "/".join(letter for letter in cell.scheme.letters if letter in cell.letters)


def parse_cell(text: object, scheme: Scheme = RACI, *, where: str = "") -> Cell:
    """Parse a cell such as 'R/A', 'r / a', 'A,R', 'C' or '' into a `Cell`.

    Case and spaces are tolerated; None and NaN read as blank. Anything else
    raises `CellError` naming the cell (`where`) and what is allowed.
    """
    label = f"cell {where}: " if where else ""
    if text is None or (isinstance(text, float) and text != text):
        return Cell(frozenset(), scheme)
    if not isinstance(text, str):
        raise CellError(f"{label}expected text ({_allowed_text(scheme)}), got {type(text).__name__} {text!r}")
    try:
        return _parse_text(text, scheme)
    except CellError as err:
        raise CellError(f"{label}{err}") from None


@lru_cache(maxsize=1024)
def _parse_text(text: str, scheme: Scheme) -> Cell:
    """A cell's text parsed (a `Cell` is immutable, and a class writes the same few texts again and again, so
    each is parsed once); an error says what is wrong, without naming the cell."""
    allowed = _allowed_text(scheme)
    compact = text.strip().upper()
    if compact in {"", "-", "—"}:
        return Cell(frozenset(), scheme)
    parts = [part for part in SEPARATORS.split(compact) if part]
    if not parts:
        raise CellError(f"{text!r} has separators but no letters; expected {allowed}")
    if len(parts) == 1 and len(parts[0]) > 1 and set(parts[0]) <= set(scheme.letters):
        parts = list(parts[0])  # "RA" written without a separator
    unknown = [part for part in parts if part not in scheme.letters]
    if unknown:
        raise CellError(f"{text!r} is not a {scheme.name} cell: {unknown[0]!r} is not a letter; expected {allowed}")
    letters = frozenset(parts)
    if len(letters) != len(parts):
        raise CellError(f"{text!r} repeats a letter; expected {allowed}")
    if len(letters) > 1 and not letters <= scheme.combinable:
        raise CellError(
            f"{text!r} combines letters that cannot share a cell; "
            f"only {'/'.join(x for x in scheme.letters if x in scheme.combinable)} may be combined; expected {allowed}"
        )
    return Cell(letters, scheme)


@lru_cache(maxsize=8)
def _allowed_text(scheme: Scheme) -> str:
    """The valid cells in words, for error messages (cached: parse_cell is on the grader's hot path)."""
    shown = [format_cell(cell) for cell in scheme.valid_cells() if not cell.is_blank]
    return ", ".join(shown) + " or blank"
