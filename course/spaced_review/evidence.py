"""What a record's first check says about an item: whether it comes back for review, how hard, and why.

Records hold no timestamps (by design: stored outputs stay deterministic and a graded record
carries nothing but answers), so "answered slowly" is defined from what a record does hold,
the answer at the first Check and `attempts` (checks of a changed answer):

| first check            | checks | FSRS rating | what the learner reads                                  |
|------------------------|--------|-------------|---------------------------------------------------------|
| wrong                  | any    | Again       | wrong at the first check                                |
| partly right           | >= 3   | Again       | partly right at the first check, right only after N checks |
| partly right           | 1-2    | Hard        | partly right at the first check                         |
| right                  | >= 2   | Hard        | right at the first check, then changed and checked again |
| right                  | 1      | (none)      | not reviewed: it was recalled                           |

Only practice items of a scored type are reviewed. An assessed item is never reviewed: its
notebook shows no correctness before the deadline, and a review's feedback would (the learner
edition cannot even tell, as it ships no key for it). A reflection is collected, not scored. A
version 1 record keeps no first checked answer, and a record that contradicts itself
(`records.inconsistency`) was not written by the kit: neither is evidence.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fsrs import Rating

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.records import PracticeCase
from course.exercises.results import CORRECT, INCORRECT, PARTIAL, Score
from course.exercises.scoring import score
from course.exercises.type_registry import type_of
from course.text import is_empty_answer

SLOW_CHECKS = 3
"""A partly right first check that took this many checks to finish counts as forgotten (Again)."""


@dataclass(frozen=True)
class FirstCheck:
    """An item's first-check evidence, from a saved record or a journal entry."""

    exercise_id: str
    fingerprint: str
    first_checked: Any
    attempts: int
    practised: tuple[str, ...] = ()
    """Other cases checked with "Try another case" beside the answer: their feedback was seen too."""


def practised_cases(practice_cases: Iterable[PracticeCase]) -> tuple[str, ...]:
    """The ids of the practice cases a learner checked (an unchecked one showed no feedback)."""
    return tuple(case.variant for case in practice_cases if case.attempts > 0)


@dataclass(frozen=True)
class Miss:
    """An item that comes back for review: its first rating for the scheduler and the reason in words."""

    exercise_id: str
    rating: Rating
    reason: str


def reviewable(exercise: Exercise) -> bool:
    """Whether an exercise can come back for review: a practice item of a scored type."""
    return not exercise.assessed and type_of(exercise).scored and exercise.graded


def rating_for(result: Score, attempts: int) -> tuple[Rating, str] | None:
    """The FSRS rating and reason for a first check scored `result` after `attempts` checks (None: recalled)."""
    if result.status == CORRECT:
        if attempts >= 2:
            return Rating.Hard, "right at the first check, then changed and checked again"
        return None
    if result.status == PARTIAL:
        if attempts >= SLOW_CHECKS:
            return Rating.Again, f"partly right at the first check, right only after {attempts} checks"
        return Rating.Hard, "partly right at the first check"
    if result.status == INCORRECT:
        return Rating.Again, "wrong at the first check"
    return None  # unanswered, or only recorded: nothing to judge


def miss_of(bank: ExerciseBank, evidence: FirstCheck) -> Miss | None:
    """The miss a first check shows, or None (recalled, not reviewable, or no usable evidence)."""
    if evidence.exercise_id not in bank or is_empty_answer(evidence.first_checked):
        return None
    current = bank.get(evidence.exercise_id)
    if not reviewable(current):
        return None
    answered = bank.version(evidence.exercise_id, evidence.fingerprint) or current
    try:
        result = score(answered, normalise(answered, evidence.first_checked))
    except AnswerError:
        return None
    found = rating_for(result, max(evidence.attempts, 1))
    if found is None:
        return None
    return Miss(evidence.exercise_id, found[0], found[1])
