"""Step 4 of grading: score each recorded answer with the learner's own scorer.

Answers go through `answers.normalise` and `scoring.score`, the code behind
the notebook's Check button, so the gradebook never disagrees with what the
learner saw. Nothing else in the submission is used: any score, key or points
written into a notebook are never read.

Versions: a record carries the fingerprint of the question it answered. If
the definitions know that version (the current one, or a copy kept in the
definitions folder's `archive/`), the answer is graded against it. If not,
it is graded against the current version and flagged in the `note` column,
so a teacher can look at it; if it no longer fits the current question, it
scores 0 as `rejected`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from course.exercises.answer_forms import AnswerError
from course.exercises.answered_case import OTHER, CaseDecision, answered_case
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.policy import FIRST, Policy, with_policy
from course.exercises.record_reader import FoundRecord
from course.exercises.results import Score
from course.exercises.scoring import score
from course.exercises.status import Status
from course.exercises.variants import variant_for
from course.memo import Memo, ShortMemo
from course.text import NOT_GIVEN, is_empty_answer, json_key

REJECTED = Status.REJECTED
NO_FIRST_CHECK = "no first checked answer on record (never checked, or an older notebook): final answer graded"
INCONSISTENT = "the record contradicts itself (see integrity.csv): final answer graded under final"
MEMO_SIZE = 8192
"""Entries in each memory of scored answers (see `course.memo.Memo`): a class's distinct answers to the
chapter's exercises fit (about 2,200 in 10,000 benchmark files, where 1,024 entries missed twice as often)."""


@dataclass(frozen=True)
class Graded:
    """One exercise of a submission: the definition used, the canonical answer, its score."""

    exercise: Exercise
    answer: Any
    score: Score
    status: Status
    note: str = ""
    problem: tuple[str, str] | None = None


def grade_exercise(
    bank: ExerciseBank, exercise: Exercise, found: FoundRecord | None, owner: str | object | None = NOT_GIVEN
) -> Graded:
    """Score one exercise of a submission on its final answer (unanswered when there is no record).

    `owner`: the learner it is credited to, whose case an exercise with cases is graded against; with no
    record at all, that case is the one left unanswered."""
    if found is None:
        learner = owner if isinstance(owner, str) else None
        return _memo(variant_for(exercise, learner) if exercise.variant else exercise, "", None, b"")
    kept = _finals.get(id(found))
    if kept is not None and kept[0] is found and kept[1] is exercise and kept[2] is bank and kept[3] == owner:
        return kept[4]
    decision = case_decision(bank, found, owner)
    misfit = decision.kind != OTHER  # an answer to another case that does not fit the learner's is no file error
    graded = _memo(decision.used, decision.note, found.record.answer, _answer_key(found.record.answer), misfit)
    return _finals.put(id(found), (found, exercise, bank, owner, graded))[4]


_finals: ShortMemo[int, tuple[FoundRecord, Exercise, ExerciseBank, object, Graded]] = ShortMemo(256)
"""The last records graded on their final answer, asked again for the first check of a record that has none
(most records: a learner who never pressed Check), so the second time costs one lookup. The entries keep the
record, definition and bank alive, so their ids are not reused (a file's records are asked for within the file)."""


_decisions: Memo[tuple[int, int, object], tuple[FoundRecord, ExerciseBank, CaseDecision]] = Memo(64)
_versions: Memo[tuple[int, str, str], tuple[ExerciseBank, CaseDecision]] = Memo(MEMO_SIZE)


def case_decision(bank: ExerciseBank, found: FoundRecord, owner: str | object | None = NOT_GIVEN) -> CaseDecision:
    """`answered_case`, worked out once: for an exercise without cases once per version answered (the same
    for every file), else once per record of a file (its final answer, its first check and the integrity
    step all ask). The entries keep the bank and record alive, so their ids are not reused."""
    record = found.record
    if not bank.get(record.exercise).variant:
        version_key = (id(bank), record.exercise, record.fingerprint)
        known = _versions.get(version_key)
        if known is not None and known[0] is bank:
            return known[1]
        return _versions.put(version_key, (bank, answered_case(bank, found, owner)))[1]
    key = (id(found), id(bank), owner)
    kept = _decisions.get(key)
    if kept is not None and kept[0] is found and kept[1] is bank:
        return kept[2]
    return _decisions.put(key, (found, bank, answered_case(bank, found, owner)))[2]


def grade_first_checked(
    bank: ExerciseBank, exercise: Exercise, found: FoundRecord | None, owner: str | object | None = NOT_GIVEN
) -> tuple[Graded, bool]:
    """The exercise scored on the answer first checked, and whether it fell back to the final answer (none on record)."""
    if found is None or is_empty_answer(found.record.first_checked):
        graded = grade_exercise(bank, exercise, found, owner)
        return graded, found is not None and not is_empty_answer(found.record.answer)
    decision = case_decision(bank, found, owner)
    first = found.record.first_checked
    if same_json(first, found.record.answer):
        first = found.record.answer  # most answers never change after their first check: its key is known
    return _memo(decision.used, decision.note, first, _answer_key(first), decision.kind != OTHER), False


def grade_with_policy(
    bank: ExerciseBank,
    exercise: Exercise,
    found: FoundRecord | None,
    policy: Policy,
    owner: str | object | None = NOT_GIVEN,
) -> Graded:
    """Score one exercise as the policy says: the final or first checked answer, less any attempt penalty."""
    if found is None:
        return grade_exercise(bank, exercise, None, owner)
    graded, fell_back = (
        grade_first_checked(bank, exercise, found, owner)
        if policy.kind == FIRST
        else (grade_exercise(bank, exercise, found, owner), False)
    )
    penalised = with_policy(graded.score, policy, found.record.attempts)
    if penalised is graded.score and not fell_back:
        return graded
    return _adjusted(graded, penalised, fell_back)


_policy_graded: Memo[tuple[int, float, str, str, bool], tuple[Graded, Graded]] = Memo(MEMO_SIZE)


def _adjusted(graded: Graded, penalised: Score, fell_back: bool) -> Graded:
    """The Graded with the policy's score and note. Memoised like the Graded itself (a class's fallbacks
    and penalties repeat), so that feedback keyed by the Graded is rendered once for them too; the key
    holds every field in which `penalised` may differ from `graded.score`."""
    key = (id(graded), penalised.points, penalised.status, penalised.summary, fell_back)
    found = _policy_graded.get(key)
    if found is not None and found[0] is graded:
        return found[1]
    note = "; ".join(filter(None, [graded.note, NO_FIRST_CHECK if fell_back else ""]))
    adjusted = replace(
        graded, score=penalised, status=penalised.status if graded.answer is not None else graded.status, note=note
    )
    return _policy_graded.put(key, (graded, adjusted))[1]


def _grade(used: Exercise, note: str, raw: Any, misfit_is_problem: bool = True) -> Graded:
    """Score a raw answer against `used`; one that does not fit scores 0 as rejected, and is a problem for
    errors.csv unless it answered another case (integrity.csv names that already)."""
    try:
        answer = normalise(used, raw)
    except AnswerError as err:
        rejected = Score(used.id, 0.0, used.points, REJECTED, "The recorded answer does not fit this question.")
        problem = (f"The answer recorded for {used.id} does not fit the question, so it scored 0.", str(err))
        note = "; ".join(filter(None, [note, str(err)]))
        return Graded(used, None, rejected, REJECTED, note, problem if misfit_is_problem else None)
    result = score(used, answer)
    return Graded(used, answer, result, result.status, note)


_KEY = json_key(json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True))
"""Made once: `json.dumps` with options builds an encoder on every call."""

_keys: Memo[int, tuple[Any, bytes]] = Memo(64)


def _answer_key(raw: Any) -> bytes:
    """The answer as canonical JSON (`course.text.json_key`), the memo's key. A file's final answers are keyed again for the
    class report's first-check evidence, so the last few keys are kept by the answer object itself."""
    found = _keys.get(id(raw))
    if found is not None and found[0] is raw:
        return found[1]
    return _keys.put(id(raw), (raw, _KEY(raw)))[1]


def same_json(a: Any, b: Any) -> bool:
    """Whether two decoded JSON values have the same canonical JSON text (stricter than ==: 1, 1.0 and
    True differ, and so do 0.0 and -0.0), so that one may stand for the other as a memo key."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_json(value, b[key]) for key, value in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(map(same_json, a, b))
    if isinstance(a, float):
        return repr(a) == repr(b)
    return bool(a == b)


_graded: Memo[tuple[int, str, bytes, bool], Graded] = Memo(MEMO_SIZE)


def _memo(used: Exercise, note: str, raw: Any, key: bytes, misfit_is_problem: bool = True) -> Graded:
    """Keyed by the definition object, which the entry keeps alive (so its id cannot be reused)."""
    memo_key = (id(used), note, key, misfit_is_problem)
    found = _graded.get(memo_key)
    if found is None or found.exercise is not used:
        found = _graded.put(memo_key, _grade(used, note, raw, misfit_is_problem))
    return found


def earns_full_points(case: Exercise, answer: Any) -> bool:
    """Whether an answer earns every point of this definition (a case of the exercise it answered); scored
    through the same memory as every recorded answer, since a class gives the same wrong answers again."""
    graded = _memo(case, "", answer, _answer_key(answer), False)
    return graded.answer is not None and graded.score.points >= case.points - 1e-9


def grade_notebook(
    bank: ExerciseBank,
    exercises: list[Exercise],
    latest: dict[str, FoundRecord],
    policy: Policy | None = None,
    untrusted: frozenset[str] = frozenset(),
    owner: str | object | None = NOT_GIVEN,
) -> list[Graded]:
    """Every exercise of one course notebook (`bank.for_notebook`), in the definitions' order; the
    `untrusted` ones (records that contradict themselves) on their final answer under `final` only.
    `owner`: the learner the notebook is credited to (their case of each exercise with cases)."""
    policy = policy or Policy()
    return [
        _untrusted(grade_exercise(bank, exercise, latest.get(exercise.id), owner))
        if exercise.id in untrusted
        else grade_with_policy(bank, exercise, latest.get(exercise.id), policy, owner)
        for exercise in exercises
    ]


def _untrusted(graded: Graded) -> Graded:
    return replace(graded, note="; ".join(filter(None, [graded.note, INCONSISTENT])))
