"""Every wrong answer a learner can give gets feedback that explains it, and the misconception behind it
reaches the class report.

Loading a bank already refuses a wrong choice without feedback or misconception; what it cannot
see is whether the scorer passes them on. So this walks every wrong option and every wrong
placement of the shipped bank and the test fixture, scores it, and checks what the learner
and the report get.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.model import Exercise
from course.exercises.scoring import score
from course.exercises.type_registry import all_types, type_of

BANKS = {
    "shipped": DEFAULT_DEFINITIONS_DIR,
    "fixtures": Path(__file__).parent / "fixtures" / "exercises",
}


def wrong_answers(exercise: Exercise) -> list[tuple[object, str, str | None]]:
    """(answer, feedback the learner must see, misconception the report must get) per wrong answer,
    as the exercise's type lists them (`ExerciseType.wrong_answers`)."""
    return [(w.answer, w.feedback, w.misconception) for w in type_of(exercise).wrong_answers(exercise)]


def cases() -> list[tuple[str, str, object, str, str | None]]:
    return [
        (name, exercise.id, answer, feedback, misconception)
        for name, folder in BANKS.items()
        for exercise in load_bank(folder)
        for answer, feedback, misconception in wrong_answers(exercise)
    ]


@pytest.mark.parametrize("bank_name", list(BANKS))
def test_every_wrong_answer_is_scored_with_its_feedback_and_misconception(bank_name):
    bank = load_bank(BANKS[bank_name])
    problems = []
    checked = 0
    for exercise in bank:
        for answer, feedback, misconception in wrong_answers(exercise):
            checked += 1
            result = score(exercise, normalise(exercise, answer))
            wrong = [p for p in result.parts if not p.correct and p.given is not None]
            if not wrong:
                problems.append(f"{exercise.id} {answer!r}: scored without a wrong part")
                continue
            if not all(p.feedback.strip() for p in wrong):
                problems.append(f"{exercise.id} {answer!r}: a wrong part has no feedback")
            if feedback and not any(p.feedback == feedback for p in wrong):
                problems.append(f"{exercise.id} {answer!r}: the option's own feedback is not shown")
            if misconception and misconception not in result.misconceptions:
                problems.append(f"{exercise.id} {answer!r}: misconception {misconception!r} does not reach the report")
            if result.status == "correct":
                problems.append(f"{exercise.id} {answer!r}: a wrong answer scores as correct")
    assert checked > 10, "the walk must see the wrong options of every choice-like exercise"
    assert not problems, "\n".join(problems)


def test_the_walk_sees_every_scored_type(demo_bank):
    """Each registered type that scores has an exercise in the fixture bank and a wrong answer to walk."""
    walked = {e.type for e in demo_bank if wrong_answers(e)}
    assert walked == {t.name for t in all_types() if t.scored}
