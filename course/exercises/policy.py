"""Grading policies: which recorded answer counts, and what extra attempts cost.

    final        the final answer (the default)
    first        the answer at the first Check
    penalty:X    the final answer, less X of the exercise's points per attempt beyond the first (floored at 0)

One policy for everyone: the grader (`mlops-course grade --policy`, else the course
config) and the learner's own view (`course.progress()`, `mlops-course check`) apply
the same one, so a learner sees the points the gradebook will give.

An attempt is a Check of a changed answer (see `session`). A record with no first
checked answer (a version 1 record from an older notebook, or an answer never
checked) is graded on its final answer under `first`; the grader says how many
fell back. `penalty:X` needs no first checked answer: it uses the attempts count,
which version 1 records also carry (there it counts every check).

The course config is `course.yaml` beside the definitions folder (for the shipped
course, `course/data/course.yaml`):

    grading:
      policy: penalty:0.25
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.errors import CourseError
from course.exercises.results import Score, status_for
from course.text import format_points, is_empty_answer

FINAL, FIRST, PENALTY = "final", "first", "penalty"
CONFIG_NAME = "course.yaml"


class PolicyError(CourseError, ValueError):
    """A policy string that is not one of final, first, penalty:X."""


@dataclass(frozen=True)
class Policy:
    """A grading policy (see the module docstring)."""

    kind: str = FINAL
    penalty: float = 0.0

    @property
    def name(self) -> str:
        """The policy as it is written (`penalty:0.25`)."""
        return f"{PENALTY}:{self.penalty:g}" if self.kind == PENALTY else self.kind

    def describe(self) -> str:
        """The policy in words, for the learner's and the grader's tables."""
        if self.kind == FIRST:
            return "first: the answer at your first Check counts"
        if self.kind == PENALTY:
            return (
                f"{self.name}: your final answer counts, less {self.penalty:.0%} of the exercise's points "
                "for each attempt after the first"
            )
        return "final: your final answer counts"

    def answer_to_grade(self, final: Any, first_checked: Any) -> tuple[Any, bool]:
        """(the answer this policy grades, whether it fell back to the final one for lack of a first checked answer)."""
        if self.kind != FIRST:
            return final, False
        if is_empty_answer(first_checked):
            return final, True
        return first_checked, False

    def points(self, points: float, max_points: float, attempts: int) -> float:
        """The points an answer scoring `points` keeps after `attempts` checks."""
        if self.kind != PENALTY or attempts <= 1:
            return points
        return round(max(0.0, points - self.penalty * max_points * (attempts - 1)), 4)


def parse_policy(text: str) -> Policy:
    """A policy from its written form. Raises PolicyError saying what is accepted."""
    value = str(text).strip()
    if value in (FINAL, FIRST):
        return Policy(value)
    if value.startswith(f"{PENALTY}:"):
        amount = value.split(":", 1)[1].strip()
        try:
            share = float(amount)
        except ValueError:
            share = math.nan
        if math.isfinite(share) and 0 <= share <= 1:
            return Policy(PENALTY, share)
        raise PolicyError(f"penalty must be a share of the points between 0 and 1 (penalty:0.25), got {amount!r}")
    raise PolicyError(f"expected final, first or penalty:X (X between 0 and 1), got {value[:40]!r}")


def config_path(definitions: Path) -> Path:
    """The course config that goes with a definitions folder (or file): `course.yaml` beside the folder."""
    folder = definitions if definitions.is_dir() else definitions.parent
    return folder.parent / CONFIG_NAME


def configured_policy(definitions: Path) -> Policy:
    """The policy the course config names (final when there is no config). Raises DataFileError."""
    from course.datafile import Fields, read_yaml

    path = config_path(definitions)
    if not path.is_file():
        return Policy()
    top = Fields(read_yaml(path), path)
    top.reject_unknown(("grading",))
    if not top.has("grading"):
        return Policy()
    grading = top.mapping("grading")
    grading.reject_unknown(("policy",))
    if not grading.has("policy"):
        return Policy()
    try:
        return parse_policy(grading.text("policy"))
    except PolicyError as err:
        raise grading.error("policy", f"{err} (line {_line_of(path, 'policy:')})") from None


def _line_of(path: Path, text: str) -> int:
    """The first line of a file holding `text` (0 when none does), so an error points at it."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith(text):
            return number
    return 0


def with_policy(result: Score, policy: Policy, attempts: int) -> Score:
    """A score with the policy's attempt penalty taken off (status follows the points)."""
    points = policy.points(result.points, result.max_points, attempts)
    if points == result.points:
        return result
    status = status_for(points, result.max_points)
    summary = f"{format_points(points)} of {format_points(result.max_points)} points after {attempts} attempts ({policy.name})."
    return Score(result.exercise_id, points, result.max_points, status, summary, result.parts, result.case)
