"""Compare two RACI matrices cell by cell (answer against key)."""

from __future__ import annotations

from dataclasses import dataclass

from course.raci.cells import Cell
from course.raci.matrix import RaciMatrix


@dataclass(frozen=True)
class CellDifference:
    """One cell where `actual` differs from `expected` (None: the cell is absent)."""

    activity: str
    role: str
    expected: Cell
    actual: Cell | None

    def __str__(self) -> str:
        got = "nothing" if self.actual is None else (repr(str(self.actual)) if not self.actual.is_blank else "blank")
        want = repr(str(self.expected)) if not self.expected.is_blank else "blank"
        return f"{self.activity} x {self.role}: expected {want}, got {got}"


@dataclass(frozen=True)
class Comparison:
    """The result of comparing a matrix with a reference, over the reference's cells."""

    total: int
    differences: tuple[CellDifference, ...]
    missing_activities: tuple[str, ...]
    extra_activities: tuple[str, ...]
    missing_roles: tuple[str, ...]
    extra_roles: tuple[str, ...]

    @property
    def matched(self) -> int:
        return self.total - len(self.differences)

    @property
    def identical(self) -> bool:
        return not (self.differences or self.extra_activities or self.extra_roles)

    def wrong_in(self, activity: str) -> int:
        """How many cells of one reference row differ."""
        return sum(1 for diff in self.differences if diff.activity == activity)


def compare(expected: RaciMatrix, actual: RaciMatrix) -> Comparison:
    """Cell-by-cell differences of `actual` from `expected`, in reference order."""
    differences = []
    for activity in expected.activities:
        for role in expected.roles:
            want = expected.cell(activity, role)
            got = actual.cells.get((activity, role))
            if got is None or got.letters != want.letters:
                differences.append(CellDifference(activity, role, want, got))
    return Comparison(
        total=len(expected.activities) * len(expected.roles),
        differences=tuple(differences),
        missing_activities=tuple(a for a in expected.activities if a not in actual.activities),
        extra_activities=tuple(a for a in actual.activities if a not in expected.activities),
        missing_roles=tuple(r for r in expected.roles if r not in actual.roles),
        extra_roles=tuple(r for r in actual.roles if r not in expected.roles),
    )
