"""Per-learner cases: which case of an exercise a learner gets, and which to offer next.

An exercise may be written with several cases (`case:` and `variants:` in its YAML, see
docs/exercise-format.md): each is a whole definition of the same type, with its own facts,
wording, key and feedback, so that classmates answer different questions and a learner who
got one right can practise on another. The definition the bank gives for an exercise is its
base case, holding the others in `variants`.

Which case a learner gets depends only on the learner's id and what the case is drawn for
(the exercise's id, or its `case_group`, so one story's exercises give the same case): every
case is scored with a keyed hash of (group, learner, case id) and the highest score wins
(rendezvous hashing). So the choice is the same in every kernel, in the grader and on every
machine (SHA-256, never Python's `hash`, which changes per process), it does not depend on
the order the cases are written in, and adding a case later moves only the learners the new
case wins, about one in the new number of cases. A learner without an id gets the base case.
The same scores, in descending order, are the learner's own order of the other cases: the
next case to practise on (`other_variant`).

Everything here is pure: it takes definitions and returns one of them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence

from course.exercises.model import Exercise

HASH_PERSON = "mlops-course case"


def variants_of(exercise: Exercise) -> tuple[Exercise, ...]:
    """Every case of an exercise, the base first; an exercise without cases is its only case.

    Give it the exercise as the bank has it (`bank.get(id)`): a case taken on its own knows no siblings."""
    return (exercise, *exercise.variants)


def learner_key(learner: str) -> str:
    """The form of a learner id the choice is made from: two spellings of one id get one case."""
    return unicodedata.normalize("NFC", learner.strip()).casefold()


def case_score(group: str, learner: str, case_id: str) -> int:
    """A learner's score for one case: a stable 64-bit number (the highest score is their case)."""
    material = "\x00".join((HASH_PERSON, group, learner_key(learner), case_id)).encode("utf-8", "surrogatepass")
    return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")


def case_order(exercise: Exercise, learner: str | None) -> list[Exercise]:
    """The exercise's cases in this learner's order: their own first, then the next to practise on.

    Without a learner id the base comes first and the others follow as written."""
    cases = list(variants_of(exercise))
    if learner is None or not learner.strip() or len(cases) < 2:
        return cases
    group = exercise.case_group or exercise.id
    return sorted(cases, key=lambda case: (-case_score(group, learner, case.variant), case.variant))


def variant_for(exercise: Exercise, learner: str | None) -> Exercise:
    """The case this learner gets (the base for an exercise without cases, or a learner without an id)."""
    return case_order(exercise, learner)[0]


def variant_named(exercise: Exercise, case_id: str) -> Exercise | None:
    """The case with this id, if the exercise has one."""
    return next((case for case in variants_of(exercise) if case.variant == case_id), None)


def other_variant(exercise: Exercise, learner: str | None, seen: Sequence[str] | Iterable[str] = ()) -> Exercise | None:
    """A fresh case of the exercise for this learner to practise on, or None when it has only one.

    `seen` holds the case ids the learner has answered, oldest first (their own case among them, or
    it is added). The next unseen case in the learner's order comes back; once every case was seen,
    the one seen longest ago that is not the last one seen, so the cases keep coming round."""
    order = case_order(exercise, learner)
    if len(order) < 2:
        return None
    seen = list(dict.fromkeys(seen))
    if order[0].variant not in seen:  # their own case counts as seen, before any other
        seen.insert(0, order[0].variant)
    fresh = [case for case in order if case.variant not in seen]
    if fresh:
        return fresh[0]
    by_id = {case.variant: case for case in order}
    last = seen[-1]
    return next(by_id[case_id] for case_id in seen if case_id in by_id and case_id != last)


__all__ = [
    "case_order",
    "case_score",
    "learner_key",
    "other_variant",
    "variant_for",
    "variant_named",
    "variants_of",
]
