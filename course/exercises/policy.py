"""Grading policies: which recorded answer counts, and what extra attempts cost.

    final        the final answer (the default)
    first        the answer at the first Check
    penalty:X    the final answer, less X of the exercise's points per attempt beyond the first (floored at 0)

One policy for everyone: the grader (`mlops-course grade --policy`, else the course
config) and the learner's own view (`course.progress()`, `mlops-course check`) apply
the same one (the learner's view to what a Check shows, see `progress`).

An attempt is a Check of a changed answer (see `session`). A record with no first
checked answer (a version 1 record from an older notebook, or an answer never
checked) is graded on its final answer under `first`; the grader says how many
fell back. `penalty:X` needs no first checked answer: it uses the attempts count,
which version 1 records also carry (there it counts every check).

The course config is `course.yaml` beside the definitions folder (for the shipped
course, `course/data/course.yaml`); it also says how practice notebooks count (`PracticeWeight`):

    grading:
      policy: penalty:0.25
      practice_weight: 0
      practice_measure: completion
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
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
    return course_grading(definitions).policy


MEASURES = ("completion", "first_check", "points")
"""What practice notebooks bring to the grade when they carry weight (see `PracticeWeight`)."""


@dataclass(frozen=True)
class PracticeWeight:
    """How practice notebooks count in the grade: `weight` (0 to 1) of it, by `measure`.

    completion   the share of a practice notebook's exercises answered
    first_check  the share of its points earned by the answers first checked
    points       the share of its points under the grading policy

    0 (the default) keeps practice formative: the gradebook shows it apart and the grade is the
    assessed notebooks' alone. None of it is evidence of what a learner knows: the learner edition's
    practice keys can be opened offline, so a first check can be prepared and a record written by hand.
    """

    weight: float = 0.0
    measure: str = MEASURES[0]

    def describe(self) -> str:
        """How practice counts, in words ('formative: shown apart, not part of the grade')."""
        if not self.weight:
            return "formative: shown apart, not part of the grade"
        return f"{self.weight:.0%} of the grade, by {self.measure.replace('_', '-')}"


@dataclass(frozen=True)
class CourseGrading:
    """The `grading:` section of the course config."""

    policy: Policy = field(default_factory=Policy)
    practice: PracticeWeight = field(default_factory=PracticeWeight)


def course_grading(definitions: Path) -> CourseGrading:
    """The course config's `grading:` section (defaults when there is none). Raises DataFileError naming the
    file, the field and its line."""
    from course.datafile import DataFileError, Fields, read_yaml

    path = config_path(definitions)
    if not path.is_file():
        return CourseGrading()
    try:
        top = Fields(read_yaml(path), path)
        top.reject_unknown(("grading",))
        if not top.has("grading"):
            return CourseGrading()
        grading = top.mapping("grading")
        grading.reject_unknown(("policy", "practice_weight", "practice_measure"))
        policy = Policy()
        if grading.has("policy"):
            try:
                policy = parse_policy(grading.text("policy"))
            except PolicyError as err:
                raise grading.error("policy", str(err)) from None
        weight = float(grading.number("practice_weight", 0.0))
        if not 0 <= weight <= 1:
            raise grading.error("practice_weight", f"expected a share of the grade between 0 and 1, got {weight:g}")
        measure = grading.choice("practice_measure", MEASURES, MEASURES[0])
    except DataFileError as err:
        field_name = err.field.rsplit(".", 1)[-1].split("[", 1)[0]
        line = _line_of(path, f"{field_name}:") if field_name else 0
        if not line or f"(line {line})" in str(err):
            raise
        raise DataFileError(err.file, err.field, f"{err.problem} (line {line})") from None
    return CourseGrading(policy, PracticeWeight(weight, measure))


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
