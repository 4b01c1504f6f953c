"""A RACI matrix: activities by roles, each cell a parsed `Cell`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from course.raci.cells import RACI, Cell, Scheme, parse_cell

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RaciMatrix:
    """Rows are activities, columns are roles; every (activity, role) has a cell.

    Row and column order is kept as given, because it carries meaning (the
    chapter orders activities from problem framing to operations).
    """

    activities: tuple[str, ...]
    roles: tuple[str, ...]
    cells: Mapping[tuple[str, str], Cell] = field(repr=False)
    scheme: Scheme = RACI

    def __post_init__(self) -> None:
        for name, names in (("activity", self.activities), ("role", self.roles)):
            seen: set[str] = set()
            for item in names:
                if item in seen:
                    raise ValueError(f"{name} {item!r} appears twice")
                seen.add(item)

    @classmethod
    def from_rows(
        cls, rows: Mapping[str, Mapping[str, object]], roles: Iterable[str] | None = None, scheme: Scheme = RACI
    ) -> RaciMatrix:
        """Build from {activity: {role: cell text}}; a missing role cell is blank."""
        activities = tuple(rows)
        if roles is None:
            ordered: dict[str, None] = {}
            for row in rows.values():
                ordered.update(dict.fromkeys(row))
            roles = ordered
        roles = tuple(roles)
        cells = {}
        for activity, row in rows.items():
            for role in row:
                if role not in roles:
                    raise ValueError(f"activity {activity!r} names role {role!r}, which is not a column")
            for role in roles:
                cells[(activity, role)] = parse_cell(row.get(role), scheme, where=f"{activity!r} x {role!r}")
        return cls(activities, roles, MappingProxyType(cells), scheme)

    @classmethod
    def from_frame(cls, frame: pd.DataFrame, scheme: Scheme = RACI) -> RaciMatrix:
        """Build from a DataFrame with activities as the index and roles as columns."""
        rows = {
            str(activity): {str(role): frame.at[activity, role] for role in frame.columns} for activity in frame.index
        }
        return cls.from_rows(rows, [str(role) for role in frame.columns], scheme)

    def to_frame(self) -> pd.DataFrame:
        """A DataFrame of cell texts ('R/A', 'C', '' ...), activities as index, roles as columns."""
        import pandas as pd

        frame = pd.DataFrame(
            [[str(self.cell(a, r)) for r in self.roles] for a in self.activities],
            index=pd.Index(self.activities, name="activity"),
            columns=pd.Index(self.roles, name="role"),
        )
        return frame

    def cell(self, activity: str, role: str) -> Cell:
        return self.cells[(activity, role)]

    def row(self, activity: str) -> dict[str, Cell]:
        return {role: self.cells[(activity, role)] for role in self.roles}

    def column(self, role: str) -> dict[str, Cell]:
        return {activity: self.cells[(activity, role)] for activity in self.activities}

    def holders(self, activity: str, letter: str) -> list[str]:
        """Roles whose cell for `activity` contains `letter`, in column order."""
        return [role for role in self.roles if self.cells[(activity, role)].has(letter)]

    def as_texts(self) -> dict[str, dict[str, str]]:
        """{activity: {role: 'R/A'}}: the plain form answer records and data files use."""
        return {a: {r: str(self.cells[(a, r)]) for r in self.roles} for a in self.activities}

    def to_markdown(self) -> str:
        """A Markdown table, for notebooks and reports that have no pandas."""
        head = "| Activity | " + " | ".join(self.roles) + " |"
        rule = "|---" * (len(self.roles) + 1) + "|"
        body = [
            f"| {a} | " + " | ".join(str(self.cells[(a, r)]) or " " for r in self.roles) + " |" for a in self.activities
        ]
        return "\n".join([head, rule, *body])

    def __eq__(self, other: Any) -> bool:
        if not isinstance(other, RaciMatrix):
            return NotImplemented
        return (
            self.activities == other.activities
            and self.roles == other.roles
            and self.scheme == other.scheme
            and dict(self.cells) == dict(other.cells)
        )

    def __hash__(self) -> int:
        return hash((self.activities, self.roles))
