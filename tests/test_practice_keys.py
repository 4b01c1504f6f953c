"""The practice check from a sealed key gives the instructor's points for every answer.

For every exercise of the shipped bank and of the fixture bank, many answers (the key,
each wrong option, placement or cell, each slip, values at and past the tolerance,
empty, partial and random ones) are scored both ways: by the instructor's `score` on the
definition with its key, and by `practice_check` on the learner edition's key-free
definition. Points, status and every part the learner's values make must agree; a part
for a right option left unticked is only counted in practice, never named.
"""

from __future__ import annotations

import json
import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.edition_data import learner_exercise, learner_file_text, read_learner_file
from course.exercises.model import Exercise
from course.exercises.practice_key import NoKeyError, PracticeSeal, Sealer, entry_index, new_salt
from course.exercises.scoring import score
from course.exercises.sealed_parts import MISSING_LABEL
from course.exercises.status import Status
from course.exercises.type_registry import type_of
from course.exercises.types.scenario import Scenario
from course.text import is_empty_answer

FIXTURES = Path(__file__).parent / "fixtures" / "exercises"
BANKS = {
    "shipped": load_bank(DEFAULT_DEFINITIONS_DIR),
    "fixture": load_bank(FIXTURES),
    "cases": load_bank(FIXTURES.parent / "variants"),
}
EXERCISES = [(name, e) for name, bank in BANKS.items() for e in bank.definitions()]
"""Every definition a learner may be given: each exercise and each of its cases."""
GIVEAWAYS = ("instead of", "too high", "too low", "the key is")


def _salt(exercise: Exercise) -> str:
    return "5a17" * 8


def _practice(exercise: Exercise) -> Exercise:
    return learner_exercise(replace(exercise, mode="practice"), _salt(exercise))


def _canonical_answers(exercise: Exercise) -> list[Any]:
    rng = random.Random(exercise.id)
    out, seen = [], set()
    for raw in type_of(exercise).sample_answers(exercise, rng):
        try:
            answer = normalise(exercise, raw)
        except AnswerError:
            continue
        marker = json.dumps(answer, sort_keys=True)
        if marker not in seen:
            seen.add(marker)
            out.append(answer)
    return out


# --- the comparison -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bank", "exercise"), EXERCISES, ids=[f"{b}:{e.id}" + (f"#{e.variant}" if e.variant else "") for b, e in EXERCISES]
)
def test_practice_check_scores_as_the_instructor_does(bank: str, exercise: Exercise) -> None:
    learner = _practice(exercise)
    checked = 0
    for answer in _canonical_answers(exercise):
        full = score(exercise, answer)
        sealed = score(learner, answer)
        where = f"{exercise.id} {answer!r}"
        assert sealed.points == pytest.approx(full.points, abs=1e-9), where
        assert sealed.max_points == full.max_points and sealed.status == full.status, where
        if is_empty_answer(answer):
            continue
        named = [p for p in sealed.parts if p.label != MISSING_LABEL]
        assert {(p.label, p.correct, round(p.points, 6)) for p in named} <= {
            (p.label, p.correct, round(p.points, 6)) for p in full.parts
        }, where
        assert sum(p.correct for p in sealed.parts) == sum(p.correct for p in full.parts), where
        assert sum(p.max_points for p in sealed.parts) == pytest.approx(sum(p.max_points for p in full.parts)), where
        for part in sealed.parts:
            if not part.correct:
                assert not any(g in part.feedback.lower() for g in GIVEAWAYS), (where, part.feedback)
                assert not any(g in (part.misconception or "").lower() for g in GIVEAWAYS), where
        checked += 1
    assert checked >= 1


def key_answer(exercise: Exercise) -> Any:
    """The instructor's key as an answer, as the exercise's type gives it."""
    return type_of(exercise).key_answer(exercise)


def test_the_key_itself_scores_full_marks_in_practice() -> None:
    for _, exercise in EXERCISES:
        if not type_of(exercise).scored:
            continue
        right = normalise(exercise, key_answer(exercise))
        checked = score(_practice(exercise), right)
        assert checked.points == exercise.points, exercise.id
        assert checked.status == Status.CORRECT, exercise.id


def test_learner_definitions_keep_the_fingerprint_and_round_trip(tmp_path: Path) -> None:
    bank = BANKS["shipped"]
    for number in bank.notebooks():
        learners = [_practice(e) for e in bank.for_notebook(number)]
        path = tmp_path / f"{number}_x.learner.json"
        path.write_text(learner_file_text(number, bank.titles[number], learners), encoding="utf-8")
        again = learner_file_text(number, bank.titles[number], learners)
        assert path.read_text(encoding="utf-8") == again
        _, title, read = read_learner_file(path)
        assert title == bank.titles[number]
        assert learner_file_text(number, title, read) == again  # NaN (a value's hidden number) != NaN
        for original, learner, back in zip(bank.for_notebook(number), learners, read, strict=True):
            assert back.fingerprint == original.fingerprint == learner.fingerprint
            assert back.practice == learner.practice and type(back) is type(original)


def test_an_index_does_not_open_its_entry() -> None:
    exercise = BANKS["shipped"].get("01.handoff")
    learner = _practice(exercise)
    index = entry_index(bytes.fromhex(learner.practice.salt), exercise.id, "choice", exercise.key)
    assert index in learner.practice.entries
    wrong_salt = PracticeSeal(new_salt(), learner.practice.counts, learner.practice.entries)
    assert wrong_salt.open(exercise.id, "choice", exercise.key) is None
    assert learner.practice.open(exercise.id, "choice", exercise.key)["right"] is True


def test_an_entry_opened_again_is_the_same_and_equal_values_of_other_types_stay_apart() -> None:
    """The seal remembers what it opened (a Check asks the same values again); 1, 1.0 and True are equal in
    Python but different values to seal, and a caller changing what it got changes nothing for the next."""
    sealer = Sealer("t.x", new_salt())
    sealer.add("p", 1, {"right": True, "feedback": "one"})
    sealer.add("p", True, {"right": False, "feedback": "yes"})
    seal = sealer.seal()
    for _ in range(2):
        assert seal.open("t.x", "p", 1) == {"right": True, "feedback": "one"}
        assert seal.open("t.x", "p", True) == {"right": False, "feedback": "yes"}
        assert seal.open("t.x", "p", 1.0) is None
        assert seal.open("t.y", "p", 1) is None
        seal.open("t.x", "p", 1)["feedback"] = "changed by a caller"
    assert seal == sealer.seal(), "what a seal remembers is not part of what it is"


@pytest.mark.parametrize("method", ["score", "reveal_key", "key_in_words", "misconception_lines"])
def test_key_bearing_methods_refuse_a_learner_definition(method: str) -> None:
    for _, exercise in EXERCISES:
        if not type_of(exercise).scored:
            continue
        learner = _practice(exercise)
        answer = normalise(exercise, key_answer(exercise))
        args = (learner,) if method in ("key_in_words", "misconception_lines") else (learner, answer)
        with pytest.raises(NoKeyError, match="learner edition holds no answer keys"):
            getattr(type_of(exercise), method)(*args)


def test_an_assessed_learner_definition_has_nothing_sealed_and_says_only_recorded() -> None:
    exercise = BANKS["shipped"].get("01.handoff")
    learner = learner_exercise(replace(exercise, mode="assessed"), _salt(exercise))
    assert learner.practice == PracticeSeal()
    checked = score(learner, exercise.key)
    assert checked.points == 0 and not checked.parts
    assert "recorded" in checked.summary.lower() and "correct" not in checked.summary.lower()


def test_a_right_reason_explains_itself_only_beside_the_right_topology() -> None:
    """A right reason's feedback may name the right topology ("... the case for embedded ML teams"):
    it opens only beside that topology, never beside a wrong one or none."""
    shipped: Scenario = BANKS["shipped"].get("06.topology")  # type: ignore[assignment]
    topology = next(c for c in shipped.topologies if c.id == shipped.topology_key)
    right = next(c for c in shipped.reasons if c.id in shipped.reasons_key)
    reason = replace(right, feedback=f"Yes: this is the case for {topology.text}.")
    exercise = replace(shipped, reasons=tuple(reason if c.id == right.id else c for c in shipped.reasons))
    learner = _practice(exercise)
    named = topology.text.lower()
    wrong_topology = next(c.id for c in exercise.topologies if c.id != exercise.topology_key)
    for given in (wrong_topology, None):
        answer = {"reasons": [reason.id]} | ({"topology": given} if given else {})
        part = next(p for p in score(learner, answer).parts if p.given == reason.id)
        assert part.correct and named not in (part.feedback + part.explanation).lower()
    answer = {"topology": exercise.topology_key, "reasons": [reason.id]}
    part = next(p for p in score(learner, answer).parts if p.given == reason.id)
    assert part.feedback == reason.feedback
