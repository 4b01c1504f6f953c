"""Scored parts and scores, and the pieces every type scores with.

A `Score` is the result of scoring one answer: points, status, a summary and one
`Part` per scored piece (a choice, an item, a row, a rule, a value). Feedback comes
in two layers: `feedback` says what is wrong and why (the misconception behind a wrong
choice) without giving the answer away, so a second attempt still makes the learner
think; `explanation` gives the full reasoning, shown once the part is right
(`session.EXPLANATION_RULE`) or in graded feedback. Pure: no type, no file, no widget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from course.exercises.model import Choice, Exercise
from course.exercises.status import Status
from course.text import format_points

CORRECT, PARTIAL, INCORRECT = Status.CORRECT, Status.PARTIAL, Status.INCORRECT
UNANSWERED, COLLECTED = Status.UNANSWERED, Status.COLLECTED


@dataclass(frozen=True)
class Part:
    """One scored piece of an answer: a choice, a matching item, a RACI row, a rule, a value."""

    label: str
    points: float
    max_points: float
    correct: bool
    feedback: str
    explanation: str = ""
    given: str | None = None
    misconception: str | None = None


@dataclass(frozen=True)
class Score:
    """The result of scoring one answer."""

    exercise_id: str
    points: float
    max_points: float
    status: Status
    summary: str
    parts: tuple[Part, ...] = ()
    case: str = ""
    """The case of the exercise scored ('' for an exercise without cases): an answer is right or not for a case."""

    @property
    def misconceptions(self) -> tuple[str, ...]:
        return tuple(p.misconception for p in self.parts if p.misconception)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def readable_points(points: float) -> str:
    """Points for a learner's eyes: one decimal at most (1.1, not 1.09), so partial credit reads
    at a glance; the score itself keeps its precision."""
    return format_points(points, 1)


def status_for(points: float, max_points: float) -> Status:
    """The one status rule: all the points is correct, some is partial, none is incorrect."""
    if points >= max_points - 1e-9:
        return CORRECT
    return PARTIAL if points > 1e-9 else INCORRECT


def finish(exercise: Exercise, parts: list[Part], detail: str, *, points: float | None = None) -> Score:
    """Total the parts (floored at zero: wrong picks never cost more than the exercise is worth)."""
    total = sum(p.points for p in parts) if points is None else points
    points = round(min(max(0.0, total), exercise.points), 4)
    summary = f"{readable_points(points)} of {readable_points(exercise.points)} points. {detail}".strip()
    return Score(exercise.id, points, exercise.points, status_for(points, exercise.points), summary, tuple(parts))


def without_credit(parts: list[Part]) -> list[Part]:
    """The same parts and feedback, scoring nothing (partial_credit: none and not all right)."""
    return [replace(p, points=0.0) for p in parts]


def right_pick(choice: Choice, points: float, feedback: str) -> Part:
    """A picked option that is right: its feedback is also its explanation."""
    return Part(choice.text, points, points, True, feedback, feedback, choice.id)


def wrong_pick(choice: Choice, points: float, max_points: float, feedback: str, misconception: str | None) -> Part:
    """A picked option that is wrong, naming the misconception it diagnoses."""
    return Part(choice.text, points, max_points, False, feedback, "", choice.id, misconception)


def choice_part(choice: Choice, points: float, correct: bool) -> Part:
    if correct:
        return right_pick(choice, points, choice.feedback)
    return wrong_pick(choice, 0.0, points, choice.feedback, choice.misconception)


def select_weights(points: float, choices: int, right: int) -> tuple[float, float]:
    """(what a right pick earns, what a wrong pick costs): right-minus-wrong over `choices` options
    of which `right` are right, so ticking everything earns nothing."""
    wrong = choices - right
    return points / right, points / wrong if wrong else 0.0


def select_parts(choices: tuple[Choice, ...], key: frozenset[str], selected: set[str], points: float) -> list[Part]:
    """Right-minus-wrong parts: each correct pick earns points/len(key) and each wrong pick costs
    points/(number of wrong choices), so ticking everything earns nothing."""
    unit, penalty = select_weights(points, len(choices), len(key))
    parts = []
    for choice in choices:
        if choice.id in key and choice.id in selected:
            parts.append(right_pick(choice, unit, choice.feedback))
        elif choice.id in key:
            parts.append(
                Part(
                    choice.text,
                    0.0,
                    unit,
                    False,
                    "One of the right options is not selected yet.",
                    choice.feedback,
                    None,
                )
            )
        elif choice.id in selected:
            parts.append(wrong_pick(choice, -penalty, 0.0, choice.feedback, choice.misconception))
    return parts
