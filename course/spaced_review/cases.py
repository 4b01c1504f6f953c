"""Which case a review item shows: the one place that decides it.

A review should make the learner retrieve the idea, not the answer to a question they have
already seen answered: each review item is a fresh case where the exercise has more than one
(per-learner variants), never the case whose feedback the learner saw last. `review_case` is
the seam: everything else in the review asks it, and records the case it returned (in the
schedule's `seen` list and in the review record), so the variants plug in here and nowhere else.

Exercises have one case today (`BASE_CASE`, the definition itself): a review then shows it
again, at least a day after its feedback (the schedule never makes an item due on the day it
was last studied), and says so (`ReviewCase.fresh` is False). When the bank offers variants
(a function giving an exercise's variant for a learner, and another one), `review_case` picks
a variant the learner has not seen, in a deterministic order, and wraps the variant's definition.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from course.exercises.model import Exercise

BASE_CASE = "base"
"""The case of an exercise without variants: its definition as written."""


@dataclass(frozen=True)
class ReviewCase:
    """The definition a review item shows, the id of its case, and whether the learner meets it for the first time."""

    exercise: Exercise
    case: str
    fresh: bool


def cases_of(exercise: Exercise) -> tuple[str, ...]:
    """The ids of an exercise's cases, in the bank's order (one, `BASE_CASE`, until variants exist)."""
    return (BASE_CASE,)


def case_definition(exercise: Exercise, case: str) -> Exercise:
    """The definition of one case of an exercise (the exercise itself for `BASE_CASE`)."""
    if case != BASE_CASE:
        raise KeyError(f"{exercise.id} has no case {case!r}")
    return exercise


def first_case(exercise: Exercise, learner: str | None) -> str:
    """The case the learner answered in the exercise notebook (their own variant, once there are variants)."""
    return cases_of(exercise)[0]


def review_case(exercise: Exercise, learner: str | None, seen: Sequence[str]) -> ReviewCase:
    """The case to show for a review of `exercise`: one the learner has not seen, where one exists.

    `seen` lists the cases already shown with feedback, oldest first. Among unseen cases the
    choice is fixed by the learner and the number of reviews so far (a re-run shows the same
    case); when every case has been seen, the one seen longest ago, never the last one
    (unless there is only one).
    """
    cases = cases_of(exercise)
    unseen = [case for case in cases if case not in seen]
    if unseen:
        key = f"{learner or ''}|{exercise.id}|{len(seen)}".encode()
        chosen = unseen[int(hashlib.sha256(key).hexdigest(), 16) % len(unseen)]
        return ReviewCase(case_definition(exercise, chosen), chosen, True)
    last_seen = {case: index for index, case in enumerate(seen) if case in cases}
    earlier = sorted((index, case) for case, index in last_seen.items() if case != seen[-1])
    chosen = earlier[0][1] if earlier else seen[-1]
    return ReviewCase(case_definition(exercise, chosen), chosen, False)
