"""The validity rules of a RACI matrix.

Exactly one role answers for each activity (one A) and at least one role does
the work (at least one R). A matrix that breaks these leaves work undone or
unowned, so every problem names the activity and the rule it breaks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from course.raci.cells import RACI
from course.raci.matrix import RaciMatrix

ONE_ACCOUNTABLE = "exactly-one-accountable"
SOME_RESPONSIBLE = "at-least-one-responsible"
UNKNOWN_ROLE = "unknown-role"
UNKNOWN_ACTIVITY = "unknown-activity"

RULE_TEXT = {
    ONE_ACCOUNTABLE: f"exactly one role must be {RACI.meaning('A')} (A) for each activity",
    SOME_RESPONSIBLE: f"at least one role must be {RACI.meaning('R')} (R) for each activity",
    UNKNOWN_ROLE: "every column must be a known role",
    UNKNOWN_ACTIVITY: "every row must be a known activity",
}


@dataclass(frozen=True)
class Problem:
    """One broken rule, with the activity or role it concerns."""

    rule: str
    message: str
    activity: str | None = None
    role: str | None = None

    def __str__(self) -> str:
        return self.message


def validate(
    matrix: RaciMatrix,
    *,
    known_roles: Iterable[str] | None = None,
    known_activities: Iterable[str] | None = None,
) -> list[Problem]:
    """Every rule the matrix breaks, in row order; an empty list means valid."""
    problems: list[Problem] = []
    if known_roles is not None:
        known = set(known_roles)
        for role in matrix.roles:
            if role not in known:
                problems.append(
                    Problem(UNKNOWN_ROLE, f"Role {role!r} is not a known role: {RULE_TEXT[UNKNOWN_ROLE]}.", role=role)
                )
    if known_activities is not None:
        known = set(known_activities)
        for activity in matrix.activities:
            if activity not in known:
                problems.append(
                    Problem(
                        UNKNOWN_ACTIVITY,
                        f"Activity {activity!r} is not a known activity: {RULE_TEXT[UNKNOWN_ACTIVITY]}.",
                        activity,
                    )
                )
    for activity in matrix.activities:
        problems.extend(activity_problems(matrix, activity))
    return problems


def activity_problems(matrix: RaciMatrix, activity: str) -> list[Problem]:
    """The rules one row breaks; the RACI grid widget shows these live."""
    problems = []
    accountable = matrix.holders(activity, "A")
    accountable_word, responsible_word = matrix.scheme.meaning("A"), matrix.scheme.meaning("R")
    if len(accountable) != 1:
        found = (
            f"no {accountable_word} role"
            if not accountable
            else f"{len(accountable)} {accountable_word} roles ({', '.join(accountable)})"
        )
        problems.append(Problem(ONE_ACCOUNTABLE, f"{activity!r} has {found}: {RULE_TEXT[ONE_ACCOUNTABLE]}.", activity))
    if not matrix.holders(activity, "R"):
        problems.append(
            Problem(
                SOME_RESPONSIBLE,
                f"{activity!r} has no {responsible_word} role: {RULE_TEXT[SOME_RESPONSIBLE]}.",
                activity,
            )
        )
    return problems
