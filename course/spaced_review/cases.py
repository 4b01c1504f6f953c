"""Which case a review item shows: the one place that decides it.

A review should make the learner retrieve the idea, not the answer to a question they have
already seen answered: each review item is a fresh case where the exercise has more than one
(per-learner variants, `course.exercises.variants`), never the case whose feedback the learner
saw last. `review_case` is the seam: everything else in the review asks it, and records the case
it returned (in the schedule's `seen` list and in the review record).

The learner's own case comes first (`variant_for`, the case drawn from their id, which they
answered in the exercise notebook); a review takes the next case in the learner's own order that
they have not seen (`other_variant`), and once all have been seen, the one seen longest ago that
is not the last. An exercise with one case shows it again, at least a day after its feedback (the
schedule never makes an item due on the day it was last studied), and says so (`fresh` is False).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from course.exercises.model import Exercise
from course.exercises.variants import other_variant, variant_for, variant_named, variants_of

BASE_CASE = "base"
"""The case id of an exercise written without cases: its definition as written."""


@dataclass(frozen=True)
class ReviewCase:
    """The definition a review item shows, the id of its case, and whether the learner meets it for the first time."""

    exercise: Exercise
    case: str
    fresh: bool


def case_id(definition: Exercise) -> str:
    """A case's id (`BASE_CASE` for an exercise without cases)."""
    return definition.variant or BASE_CASE


def cases_of(exercise: Exercise) -> tuple[str, ...]:
    """The ids of an exercise's cases, the base first (one, `BASE_CASE`, for an exercise without cases)."""
    return tuple(case_id(case) for case in variants_of(exercise))


def case_definition(exercise: Exercise, case: str) -> Exercise:
    """The definition of one case of an exercise (as the bank gives it); KeyError for a case it does not have."""
    if case == BASE_CASE and not exercise.variant:
        return exercise
    found = variant_named(exercise, case)
    if found is None:
        raise KeyError(f"{exercise.id} has no case {case!r}")
    return found


def first_case(exercise: Exercise, learner: str | None) -> str:
    """The case the learner answers in the exercise notebook: their own, drawn from their id."""
    return case_id(variant_for(exercise, learner))


def review_case(exercise: Exercise, learner: str | None, seen: Sequence[str]) -> ReviewCase:
    """The case to show for a review of `exercise` (as the bank gives it): one the learner has not seen,
    where one exists; `seen` lists the cases already shown with feedback, oldest first."""
    chosen = other_variant(exercise, learner, [case for case in seen if case != BASE_CASE])
    if chosen is None:  # one case: the same question again, a day or more later
        return ReviewCase(exercise, case_id(exercise), False)
    return ReviewCase(chosen, case_id(chosen), case_id(chosen) not in seen)
