"""What every registered type tells the tests about itself, checked on every exercise of both banks.

The walks elsewhere (practice keys, feedback, giveaways, the learner edition) trust these answers;
this checks that they are answers: the key scores full marks, each wrong answer does not, the
sample and blind answers are valid, and the blind answers are worked out from what a learner sees.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path

import pytest

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.edition_data import learner_exercise
from course.exercises.scoring import score
from course.exercises.status import Status
from course.exercises.type_registry import all_types, type_of

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"
EXERCISES = [*load_bank(DEFAULT_DEFINITIONS_DIR), *load_bank(FIXTURES)]


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_the_key_scores_full_marks_and_each_wrong_answer_does_not(exercise):
    exercise_type = type_of(exercise)
    result = score(exercise, normalise(exercise, exercise_type.key_answer(exercise)))
    assert result.status == (Status.CORRECT if exercise_type.scored else Status.COLLECTED), exercise.id
    assert result.points == exercise.points
    for wrong in exercise_type.wrong_answers(exercise):
        assert score(exercise, normalise(exercise, wrong.answer)).status != Status.CORRECT, wrong.where


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_sample_and_blind_answers_are_answers(exercise):
    exercise_type = type_of(exercise)
    samples = list(exercise_type.sample_answers(exercise, random.Random(0)))
    valid = 0
    for answer in samples:
        try:
            normalise(exercise, answer)
            valid += 1
        except AnswerError:
            pass
    assert valid >= 2, f"{exercise.id}: the samples must hold at least the empty answer and one more"
    for blind in exercise_type.blind_answers(exercise):
        assert score(exercise, normalise(exercise, blind.answer)).max_points == exercise.points, blind.strategy


@pytest.mark.parametrize("exercise", EXERCISES, ids=[e.id for e in EXERCISES])
def test_blind_answers_need_nothing_a_learner_cannot_see(exercise):
    """The learner edition's definition (no key) gives the same blind answers as the instructor's."""
    exercise_type = type_of(exercise)
    learner = learner_exercise(replace(exercise, mode="practice"), "00" * 16)
    assert exercise_type.blind_answers(learner) == exercise_type.blind_answers(exercise)


def test_every_scored_type_offers_blind_strategies_and_wrong_answers():
    """A scored type with nothing to try blind, or no wrong answer, cannot be checked for giveaways."""
    bank = load_bank(FIXTURES)
    for exercise_type in all_types():
        exercises = [e for e in bank if e.type == exercise_type.name]
        assert exercises, (
            f"the fixture bank has no {exercise_type.name} exercise (tests/fixtures/exercises/99_demo.yaml)"
        )
        if exercise_type.scored:
            for exercise in exercises:
                assert exercise_type.blind_answers(exercise), exercise.id
                assert exercise_type.wrong_answers(exercise), exercise.id
