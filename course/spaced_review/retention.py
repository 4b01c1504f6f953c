"""Retention per item at one, three and seven days, from the review records of collected notebooks.

An instructor who collects review notebooks (`exercises/08_review.ipynb`, or any notebook a
learner ran `course.review()` in) gets `retention.csv` from `mlops-course grade`: for each item,
how many reviews were taken about one, three and seven days after the item was last studied,
and the share of them right at the first try. The first try is scored here, against the
grader's own definitions (never a score from the file). No grade depends on it, and nothing is
written when no review record was found.

A review `days` after the item was last studied counts towards the nearest window at or
below it: one day (1-2 days), three days (3-6), seven days (7 or more). A review on the day of
study (0 days) cannot happen through the kit and is left out. A learner's review, counted by
(learner, exercise, review number), counts once however many files hold it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank
from course.exercises.results import CORRECT
from course.exercises.scoring import score
from course.spaced_review.cases import case_definition
from course.spaced_review.review_records import ReviewRecord
from course.text import is_empty_answer

WINDOWS = ((1, 3), (3, 7), (7, None))
"""(from, up to but not including) days since the item was last studied, named by their first day."""
RETENTION_FILE = "retention.csv"
HEADER = [
    "exercise",
    "title",
    *(f"{name}_{start}d" for start, _ in WINDOWS for name in ("reviews", "recalled", "retention")),
]


@dataclass(frozen=True)
class ScoredTry:
    """A review's first try, scored by the grader: whose, which item, which review, how long after, whether right."""

    learner: str
    exercise: str
    number: int
    days: int
    recalled: bool


def window_of(days: int) -> int | None:
    """The window (1, 3 or 7) a review `days` after study counts towards, or None (the same day)."""
    for start, end in WINDOWS:
        if days >= start and (end is None or days < end):
            return start
    return None


def score_try(bank: ExerciseBank, learner: str, record: ReviewRecord) -> ScoredTry | None:
    """A review record's first try scored with the grader's key (None: no try, unknown item or version)."""
    if is_empty_answer(record.first_try) or record.exercise not in bank:
        return None
    exercise = bank.version(record.exercise, record.fingerprint)
    if exercise is None:
        try:
            exercise = case_definition(bank.get(record.exercise), record.case)
        except KeyError:
            return None
        if exercise.fingerprint != record.fingerprint:
            return None
    try:
        result = score(exercise, normalise(exercise, record.first_try))
    except AnswerError:
        return None
    return ScoredTry(learner, record.exercise, record.number, record.days, result.status == CORRECT)


def retention_rows(bank: ExerciseBank, tries: Iterable[ScoredTry]) -> list[list[str]]:
    """One row per reviewed item, in course order (see `HEADER`); the retention is a percentage, '' with no review."""
    counted: dict[tuple[str, str, int], ScoredTry] = {}
    for found in tries:
        counted.setdefault((found.learner.casefold(), found.exercise, found.number), found)
    tallies: dict[str, dict[int, list[int]]] = {}
    for found in counted.values():
        window = window_of(found.days)
        if window is None:
            continue
        tally = tallies.setdefault(found.exercise, {}).setdefault(window, [0, 0])
        tally[0] += 1
        tally[1] += found.recalled
    rows = []
    for exercise_id in [e for e in bank.ids() if e in tallies]:
        row = [exercise_id, bank.get(exercise_id).title]
        for start, _ in WINDOWS:
            reviews, recalled = tallies[exercise_id].get(start, [0, 0])
            row += [str(reviews), str(recalled), f"{100 * recalled / reviews:.0f}" if reviews else ""]
        rows.append(row)
    return rows
