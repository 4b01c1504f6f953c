"""The standard analyses of a valid RACI matrix, by role and by activity.

Rules (see `rules`) say whether a matrix is usable; these analyses say where
it is likely to hurt: a role that does too much, a role that never owns
anything, an activity split across many doers or with a long list of people to
consult. Findings are prompts for discussion, not errors. Thresholds are
parameters because what counts as "many" depends on the team.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from course.raci.matrix import RaciMatrix

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class RoleLoad:
    """How many activities give a role each letter."""

    role: str
    counts: dict[str, int]
    blank: int
    owns: int
    """Activities where the role is R or A (or both): its real workload."""
    cells: dict[str, int] = field(repr=False, compare=False)
    """Activities per whole cell as printed ("R/A", "R", ..., "" for blank), in first-seen order."""

    @property
    def responsible(self) -> int:
        return self.counts.get("R", 0)

    @property
    def accountable(self) -> int:
        return self.counts.get("A", 0)


@dataclass(frozen=True)
class Finding:
    """Something an analysis noticed about one role or one activity."""

    check: str
    subject: str
    message: str


def role_loads(matrix: RaciMatrix) -> list[RoleLoad]:
    """Letter counts per role, in column order."""
    loads = []
    for role in matrix.roles:
        column = matrix.column(role).values()
        counts = {letter: sum(cell.has(letter) for cell in column) for letter in matrix.scheme.letters}
        owns = sum(cell.responsible or cell.accountable for cell in column)
        cells: dict[str, int] = {}
        for cell in column:
            cells[str(cell)] = cells.get(str(cell), 0) + 1
        loads.append(RoleLoad(role, counts, sum(cell.is_blank for cell in column), owns, cells))
    return loads


def role_findings(
    matrix: RaciMatrix, *, overload_share: float = 0.4, many_accountable_share: float = 0.4
) -> list[Finding]:
    """Per-role (column) checks.

    - overloaded: Responsible for more than `overload_share` of the activities;
    - many A's: Accountable for more than `many_accountable_share` of them
      (accountability may belong further down);
    - no R or A: the role never does or owns anything (is it needed here?);
    - no blank cell: the role is involved in every activity (too much?).
    """
    total = len(matrix.activities)
    responsible, accountable = matrix.scheme.meaning("R"), matrix.scheme.meaning("A")
    findings = []
    for load in role_loads(matrix):
        if total and load.responsible / total > overload_share:
            findings.append(
                Finding(
                    "overloaded",
                    load.role,
                    f"{load.role} is {responsible} for {load.responsible} of {total} activities: possibly overloaded.",
                )
            )
        if total and load.accountable / total > many_accountable_share:
            findings.append(
                Finding(
                    "many-accountable",
                    load.role,
                    f"{load.role} is {accountable} for {load.accountable} of {total} activities: could accountability sit closer to the work?",
                )
            )
        if load.owns == 0:
            findings.append(
                Finding(
                    "no-r-or-a",
                    load.role,
                    f"{load.role} is never {responsible} or {accountable}: is the role needed for this work?",
                )
            )
        if total and load.blank == 0:
            findings.append(
                Finding(
                    "no-blank", load.role, f"{load.role} has a letter on every activity: is it involved in too much?"
                )
            )
    return findings


def activity_findings(
    matrix: RaciMatrix, *, many_responsible: int = 2, many_consulted_or_informed: int = 3
) -> list[Finding]:
    """Per-activity (row) checks: no R, no A, many R's, many C's or many I's."""
    findings = []
    for activity in matrix.activities:
        responsible = matrix.holders(activity, "R")
        accountable = matrix.holders(activity, "A")
        if not responsible:
            findings.append(
                Finding(
                    "no-r",
                    activity,
                    f"{activity!r} has no {matrix.scheme.meaning('R')} role: the work may not get done.",
                )
            )
        if not accountable:
            findings.append(
                Finding(
                    "no-a", activity, f"{activity!r} has no {matrix.scheme.meaning('A')} role: nobody answers for it."
                )
            )
        if len(responsible) >= many_responsible:
            findings.append(
                Finding(
                    "many-r",
                    activity,
                    f"{activity!r} has {len(responsible)} {matrix.scheme.meaning('R')} roles: could the task be split?",
                )
            )
        for letter in ("C", "I"):
            word = matrix.scheme.meaning(letter)
            holders = matrix.holders(activity, letter)
            if len(holders) >= many_consulted_or_informed:
                findings.append(
                    Finding(
                        f"many-{letter.lower()}",
                        activity,
                        f"{activity!r} has {len(holders)} {word} roles: are they all needed?",
                    )
                )
    return findings


def workload_frame(matrix: RaciMatrix) -> pd.DataFrame:
    """Letter counts per role as a DataFrame (roles as index)."""
    import pandas as pd

    loads = role_loads(matrix)
    rows = {load.role: {**load.counts, "R or A": load.owns, "blank": load.blank} for load in loads}
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "role"
    return frame
