"""Score an answer against its definition: the one entry point, whatever the type.

One scorer for everyone: the widget's Check button, the learner's self-check
in the terminal and the auto-grader all call `score`, so a learner never sees
one score in the notebook and another in the gradebook. It asks the exercise's
type (`type_registry.type_of`); the pieces of a score are in `results`.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from course.exercises.model import Exercise
from course.exercises.practice_key import held_key
from course.exercises.results import UNANSWERED, Score
from course.exercises.type_registry import type_of
from course.text import format_points, is_empty_answer


def score(exercise: Exercise, answer: Any) -> Score:
    """Score a canonical answer (see `answers.normalise`); an empty one scores as unanswered.

    The score names the case it was scored against, for an exercise with cases."""
    result = _score(exercise, answer)
    return replace(result, case=exercise.variant) if exercise.variant else result


def _score(exercise: Exercise, answer: Any) -> Score:
    exercise_type = type_of(exercise)
    if is_empty_answer(answer):
        if not exercise_type.scored:
            return Score(exercise.id, 0.0, 0.0, UNANSWERED, "No reflection written yet.")
        return Score(
            exercise.id,
            0.0,
            exercise.points,
            UNANSWERED,
            f"No answer yet (0 of {format_points(exercise.points)} points).",
        )
    if not held_key(exercise):  # the learner edition: checked from the sealed practice key
        return exercise_type.checked_score(exercise, answer)
    return exercise_type.score(exercise, answer)


def practice_check(exercise: Exercise, answer: Any) -> Score:
    """What the Check button of a practice exercise shows for a canonical answer: a right answer in full,
    one not right yet no more than it has earned (`ExerciseType.practice_check`). Like `score`, it names the
    case it was checked against."""
    if is_empty_answer(answer):
        return score(exercise, answer)
    result = type_of(exercise).practice_check(exercise, answer)
    return replace(result, case=exercise.variant) if exercise.variant else result
