"""Answer records: how an answer travels inside the learner's own notebook.

Every change to an answer replaces one output of the exercise cell with a
MIME bundle: the machine-readable record under `MIME_TYPE` and one line of
`text/plain` a person can read. Saved with the notebook, the record lets the
grader and `mlops-course check` read answers without running anything.

A record carries no score, key or timestamp: the grader scores answers itself
(it never trusts a submission), and stored outputs stay deterministic.

Attempts are evidence (format version 2): besides the current answer, a record
keeps `first_checked` (the answer at the learner's first Check), `attempts`
(checks of a changed answer: Check again on an unchanged answer is not an
attempt) and `history` (the last `HISTORY_LIMIT` checked answers, each different
from the one before, oldest first), so a record stays small. Version 1 records
(no first checked answer, no history) are still read: their `first_checked` is
None and their `attempts` counts every check, as version 1 did.

Cases (format version 3): an exercise written with several cases gives each learner one
(`course.exercises.variants`), and the record names it in `variant` (the case id; null for
an exercise without cases). The fingerprint names the case too (each case has its own), so a
record of version 1 or 2, written before the kit had cases, needs no `variant`: it answered
the question its fingerprint names, which for an exercise that has cases now is its base
case as it was then (see docs/grading-guide.md). `practice_cases` (only when there are
some) keeps the learner's answers to other cases tried for practice ("Try another case"),
beside the answer to their own case: the grader never grades them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from course.errors import CourseError
from course.exercises.answers import describe_progress
from course.exercises.model import Exercise
from course.frozen import built
from course.text import is_empty_answer

MIME_TYPE = "application/vnd.mlops-course.answer+json"
RECORD_FORMAT = "mlops-course-answer"
FORMAT_VERSION = 3
READ_VERSIONS = (1, 2, 3)
HISTORY_LIMIT = 5
"""How many checked answers a record keeps (the last ones; `first_checked` is kept apart)."""
SAVE_REMINDER = "Save the notebook (Ctrl+S) to keep it in the file."
MAX_ID_LENGTH = 80
PRACTICE_CASES_LIMIT = 12
"""How many other cases a record keeps answers to (an exercise has a few cases; more is not a record of ours)."""


class RecordError(CourseError, ValueError):
    """A record in a notebook is malformed (wrong types, missing fields, unknown format)."""


@dataclass(frozen=True)
class PracticeCase:
    """An answer to another case of an exercise, tried for practice after the learner's own case was right."""

    variant: str
    fingerprint: str
    answer: Any
    attempts: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "variant": self.variant,
            "fingerprint": self.fingerprint,
            "answer": self.answer,
            "attempts": self.attempts,
        }


def practice_cases_of(value: Any) -> tuple[PracticeCase, ...]:
    """The practice cases a record or journal entry holds; anything malformed is left out (they are never
    graded, so a damaged one must not cost the learner the answer beside it)."""
    if not isinstance(value, list) or len(value) > PRACTICE_CASES_LIMIT:
        return ()
    found = []
    for item in value:
        if not isinstance(item, dict):
            continue
        variant, fingerprint, attempts = item.get("variant"), item.get("fingerprint"), item.get("attempts", 0)
        if not isinstance(variant, str) or not isinstance(fingerprint, str) or not variant or not fingerprint:
            continue
        if len(variant) > MAX_ID_LENGTH or len(fingerprint) > MAX_ID_LENGTH:
            continue
        if not isinstance(attempts, int) or isinstance(attempts, bool) or attempts < 0:
            continue
        found.append(PracticeCase(variant, fingerprint, item.get("answer"), attempts))
    return tuple(found)


@dataclass(frozen=True)
class AnswerRecord:
    """A parsed record. `answer` is as stored: check it with `answers.normalise`."""

    exercise: str
    fingerprint: str
    type: str
    answer: Any
    attempts: int
    revision: int
    learner: str | None = None
    first_checked: Any = None
    """The answer at the first Check (None: never checked, or a version 1 record)."""
    history: tuple[Any, ...] = ()
    """The last checked answers, oldest first (empty in a version 1 record)."""
    version: int = FORMAT_VERSION
    variant: str | None = None
    """The case answered (None: an exercise without cases, or a record from before version 3)."""
    practice_cases: tuple[PracticeCase, ...] = ()
    """Answers to other cases tried for practice (never graded)."""


EARLIER_VERSION_NOTE = (
    "This answer was given to an earlier version of this question. It stays in the notebook as it was "
    "(and is graded against that version) until you change it."
)
OTHER_CASE_NOTE = (
    "The answer in this notebook was given to another case of this exercise ({given}){who}, not to your "
    "case ({yours}). It stays in the notebook as it was until you answer your case; it is graded against "
    "your case."
)


def make_record(
    exercise: Exercise,
    answer: Any,
    *,
    attempts: int,
    revision: int,
    learner: str | None,
    fingerprint: str | None = None,
    first_checked: Any = None,
    history: tuple[Any, ...] | list[Any] = (),
    variant: str | None = None,
    practice_cases: tuple[PracticeCase, ...] | list[PracticeCase] = (),
) -> dict[str, Any]:
    """The JSON record for a canonical answer (`fingerprint` and `variant`: of the version and case it
    answered, default the exercise's own)."""
    return {
        "format": RECORD_FORMAT,
        "version": FORMAT_VERSION,
        "exercise": exercise.id,
        "fingerprint": fingerprint or exercise.fingerprint,
        "variant": (exercise.variant if variant is None else variant) or None,
        "type": exercise.type,
        "learner": learner,
        "answer": answer,
        "attempts": attempts,
        "revision": revision,
        "first_checked": first_checked,
        "history": list(history)[-HISTORY_LIMIT:],
    } | ({"practice_cases": [case.to_json() for case in practice_cases]} if practice_cases else {})


def summary_line(exercise: Exercise, record: dict[str, Any]) -> str:
    """The `text/plain` line shown where the record is displayed as text."""
    if is_empty_answer(record["answer"]):
        return f"No answer recorded yet for {exercise.id} ({exercise.title})."
    checks = record["attempts"]
    checked = f", checked {checks} time{'s' if checks != 1 else ''}" if checks else ", not checked yet"
    given = record.get("variant")
    if given and given != exercise.variant:
        return f"Answer recorded for {exercise.id} (case {given}, not yours){checked}. {SAVE_REMINDER}"
    if record.get("fingerprint", exercise.fingerprint) != exercise.fingerprint:
        return f"Answer recorded for {exercise.id}{checked}. {EARLIER_VERSION_NOTE} {SAVE_REMINDER}"
    case = f" (case: {exercise.case_name})" if exercise.case_name else ""
    progress = describe_progress(exercise, record["answer"])
    return f"Answer recorded for {exercise.id}{case}: {progress}{checked}. {SAVE_REMINDER}"


def bundle(exercise: Exercise, record: dict[str, Any]) -> dict[str, Any]:
    """The MIME bundle to display (or update) for a record."""
    return {MIME_TYPE: record, "text/plain": summary_line(exercise, record)}


def parse_record(data: Any) -> AnswerRecord:
    """Check a record read from a file. Raises RecordError with what is wrong."""
    if not isinstance(data, dict):
        raise RecordError(f"an answer record must be a JSON object, found {type(data).__name__}")
    if data.get("format") != RECORD_FORMAT:
        raise RecordError(f"not an answer record of this course (format {str(data.get('format'))[:40]!r})")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in READ_VERSIONS:
        raise RecordError(
            f"answer record version {str(version)[:20]!r} is not supported "
            f"(this kit reads versions {', '.join(map(str, READ_VERSIONS))})"
        )
    for name in ("exercise", "fingerprint", "type"):
        value = data.get(name)
        if not isinstance(value, str) or not value or len(value) > MAX_ID_LENGTH:
            raise RecordError(f"answer record field {name!r} must be a short text, found {type(value).__name__}")
    for name in ("attempts", "revision"):
        value = data.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise RecordError(f"answer record field {name!r} must be a whole number >= 0, found {str(value)[:20]!r}")
    learner = data.get("learner")
    if learner is not None and (not isinstance(learner, str) or len(learner) > 200):
        raise RecordError("answer record field 'learner' must be a short text or null")
    history = data.get("history", []) if version >= 2 else []
    if not isinstance(history, list) or len(history) > HISTORY_LIMIT:
        raise RecordError(f"answer record field 'history' must be a list of at most {HISTORY_LIMIT} answers")
    variant = data.get("variant") if version >= 3 else None
    if variant is not None and (not isinstance(variant, str) or not variant or len(variant) > MAX_ID_LENGTH):
        raise RecordError("answer record field 'variant' must be a short text (a case id) or null")
    return built(  # every field named: a grader parses tens of thousands (see `course.frozen`)
        AnswerRecord,
        exercise=data["exercise"],
        fingerprint=data["fingerprint"],
        type=data["type"],
        answer=data.get("answer"),
        attempts=data["attempts"],
        revision=data["revision"],
        learner=learner,
        first_checked=data.get("first_checked") if version >= 2 else None,
        history=tuple(history),
        version=version,
        variant=variant,
        practice_cases=practice_cases_of(data.get("practice_cases")) if version >= 3 else (),
    )


def inconsistency(record: AnswerRecord) -> str | None:
    """What in a version 2 record contradicts how the session writes it, else None.

    The session adds a checked answer to `history` and counts an attempt in the same step, only
    when the answer differs from the one checked last, and keeps the first one as `first_checked`;
    each checked answer was set by a change, which raises `revision`. A record that breaks these
    was written by hand, so its first check and attempts cannot be trusted (see `policy`).
    Version 1 records keep none of these fields and are not checked.
    """
    if record.version < 2:
        return None
    history, first = record.history, record.first_checked
    checked = len(history)
    if checked > record.attempts:
        return f"its history holds {checked} checked answers, but it counts {record.attempts} attempt(s)"
    if checked > record.revision:
        return f"its history holds {checked} checked answers, but the answer changed only {record.revision} time(s)"
    if any(earlier == later for earlier, later in itertools.pairwise(history)):
        return "its history holds the same checked answer twice in a row (a re-check is not recorded)"
    if is_empty_answer(first):
        return "its history holds checked answers, but no first checked answer" if checked else None
    if record.attempts == 0:
        return "it holds a first checked answer, but counts no attempt"
    if checked == record.attempts and history[0] != first:
        return "its first checked answer is not the first answer in its complete history"
    return None
