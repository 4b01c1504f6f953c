"""Which definition a recorded answer is scored against: its version, and for an exercise with cases,
the case of the learner it is credited to.

The grader and the learner's `mlops-course check` both follow this one rule, so a learner's own check
never disagrees with the gradebook, and the check does not need the grader to know it.

Versions: a record carries the fingerprint of the question it answered. If the definitions know that
version (the current one, or a copy kept in `archive/`), the answer is scored against it; if not,
against the current version, noted. Cases: an answer to the learner's own case is scored against it;
an answer to another case is scored against the learner's own, with a finding for integrity.csv.
"""

from __future__ import annotations

from dataclasses import dataclass

from course.exercises.definitions import EARLIER_VERSION, UNKNOWN_VERSION, ExerciseBank
from course.exercises.model import Exercise
from course.exercises.record_reader import FoundRecord
from course.exercises.variants import variant_for
from course.text import NOT_GIVEN

OTHER_CASE = "answered case {given}, not the learner's own; graded against their case ({own})"
NAMED_OTHER_CASE = "the record names case {named} but answered case {given}; graded against the learner's case ({own})"
BEFORE_CASES = "recorded before the exercise had cases; graded against the case everyone saw then"
WITHOUT_ID = "recorded without a learner id, so the first case was shown; graded against it"
OTHER = "other case"
NO_ID = "no learner id"


@dataclass(frozen=True)
class CaseDecision:
    """The definition an answer is graded against, the note scores.csv shows, and for integrity.csv
    what is wrong with the case answered ('' when it is the learner's own)."""

    used: Exercise
    note: str
    finding: str = ""
    kind: str = ""
    """What the finding is about: OTHER (a case not the learner's), NO_ID (the first case, shown to a learner
    without an id), '' for none."""


def answered_case(bank: ExerciseBank, found: FoundRecord, owner: str | object | None = NOT_GIVEN) -> CaseDecision:
    """Which definition a record is graded against (see the module's docstring).

    `owner` is the learner the answer is credited to (their id decides their case; default: the id
    recorded with it). For an exercise without cases it is the version the record answered."""
    record = found.record
    current = bank.get(record.exercise)
    if not current.variant:
        return CaseDecision(*bank.answered_version(record.exercise, record.fingerprint))
    answered = bank.version(record.exercise, record.fingerprint)
    learner = record.learner if owner is NOT_GIVEN else owner
    own = variant_for(current, learner if isinstance(learner, str) else None)
    if answered is None:
        return CaseDecision(own, UNKNOWN_VERSION)
    given = answered.variant or current.variant  # a version from before the exercise had cases was its base
    if record.version >= 3 and (record.variant or "") != answered.variant:
        named = record.variant or "none"
        note = NAMED_OTHER_CASE.format(named=named, given=given, own=own.variant)
        return CaseDecision(own, note, note, OTHER)
    if given == own.variant:
        return CaseDecision(answered, "" if answered is own else EARLIER_VERSION)
    if record.version < 3 and not answered.variant:
        return CaseDecision(answered, BEFORE_CASES)
    if record.learner is None and given == current.variant:  # no id in the kernel: everyone sees the first case
        return CaseDecision(answered, WITHOUT_ID, f"answered case {given}, shown to every learner without an id", NO_ID)
    note = OTHER_CASE.format(given=given, own=own.variant)
    return CaseDecision(own, note, note, OTHER)


def definition_for(
    bank: ExerciseBank, found: FoundRecord, owner: str | object | None = NOT_GIVEN
) -> tuple[Exercise, str]:
    """The version (and case) of the exercise a record is graded against, and a note when it is not the current one."""
    decision = answered_case(bank, found, owner)
    return decision.used, decision.note
