"""Review records: what a review writes into the notebook, apart from the graded answer records.

A review item displays its own output, under `MIME_TYPE` (not the answer records' type), so a
review never changes a graded answer: the grader, `mlops-course check` and the kernel's
restore read answer records only. A review record keeps the first try (the answer at the
review's first Check: later tries only get feedback), the case shown, which review of the
item this is and how many days after the item was last studied. No score (the grader scores
the first try itself, against its own key) and no timestamp (days are a count, not a date).

`mlops-course grade` reads these to report retention per item at one, three and seven days
(`retention`); no grade depends on them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from course.exercises.model import Exercise
from course.exercises.record_reader import Shown, answer_shape_problem, shown_data
from course.text import is_empty_answer

MIME_TYPE = "application/vnd.mlops-course.review+json"
REVIEW_FORMAT = "mlops-course-review"
REVIEW_VERSION = 1
MAX_TEXT = 80
MAX_COUNT = 10_000


@dataclass(frozen=True)
class ReviewRecord:
    """A parsed review record: `first_try` is as stored (normalise it before scoring)."""

    exercise: str
    fingerprint: str
    case: str
    learner: str | None
    number: int
    days: int
    first_try: Any


def make_review_record(
    exercise: Exercise, case: str, learner: str | None, number: int, days: int, first_try: Any
) -> dict[str, Any]:
    """The JSON of a review record (`first_try` None until the first Check)."""
    return {
        "format": REVIEW_FORMAT,
        "version": REVIEW_VERSION,
        "exercise": exercise.id,
        "fingerprint": exercise.fingerprint,
        "case": case,
        "learner": learner,
        "review": number,
        "days": days,
        "first_try": first_try,
    }


def summary_line(record: dict[str, Any]) -> str:
    """The `text/plain` line shown where the record is displayed as text."""
    days = record["days"]
    gap = f"{days} day{'s' if days != 1 else ''} after you last studied it"
    if is_empty_answer(record["first_try"]):
        return f"Review {record['review']} of {record['exercise']} ({gap}): not tried yet."
    return (
        f"Review {record['review']} of {record['exercise']} ({gap}): first try recorded. Save the notebook to keep it."
    )


def review_bundle(record: dict[str, Any]) -> dict[str, Any]:
    return {MIME_TYPE: record, "text/plain": summary_line(record)}


class ReviewRecordError(ValueError):
    """A review record that is not one this kit writes."""


def parse_review_record(data: Any) -> ReviewRecord:
    """Check a review record read from a file (hostile input: sizes and types checked)."""
    if isinstance(data, str) and len(data) < 200_000:
        try:
            data = json.loads(data)
        except (ValueError, RecursionError):
            raise ReviewRecordError("not valid JSON") from None
    if not isinstance(data, dict) or data.get("format") != REVIEW_FORMAT:
        raise ReviewRecordError("not a review record of this course")
    if data.get("version") != REVIEW_VERSION:
        raise ReviewRecordError(f"review record version {str(data.get('version'))[:20]!r} is not supported")
    texts = {}
    for name in ("exercise", "fingerprint", "case"):
        value = data.get(name)
        if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
            raise ReviewRecordError(f"field {name!r} must be a short text")
        texts[name] = value
    counts = {}
    for name in ("review", "days"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_COUNT:
            raise ReviewRecordError(f"field {name!r} must be a whole number from 0 to {MAX_COUNT}")
        counts[name] = value
    learner = data.get("learner")
    if learner is not None and (not isinstance(learner, str) or len(learner) > 200):
        raise ReviewRecordError("field 'learner' must be a short text or null")
    problem = answer_shape_problem(data.get("first_try"))
    if problem:
        raise ReviewRecordError(f"its first try is {problem}")
    return ReviewRecord(
        texts["exercise"],
        texts["fingerprint"],
        texts["case"],
        learner,
        counts["review"],
        counts["days"],
        data.get("first_try"),
    )


def extract_review_records(notebook: dict[str, Any], shown: Shown | None = None) -> tuple[list[ReviewRecord], int]:
    """The review records in a parsed notebook's outputs, and how many were unusable (`shown`: as for
    `extract_records`)."""
    found, bad = [], 0
    for _, data in shown_data(notebook) if shown is None else shown:
        if MIME_TYPE not in data:
            continue
        try:
            found.append(parse_review_record(data[MIME_TYPE]))
        except ReviewRecordError:
            bad += 1
    return found, bad
