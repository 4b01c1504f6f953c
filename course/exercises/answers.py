"""Turn what a learner (or a submitted file) gives as an answer into its canonical form, whatever the type.

The entry points every caller uses (`normalise`, `accept`, `describe_progress`); each asks
the exercise's type. Canonical answers are plain JSON (strings, numbers, lists, dicts),
sorted where order carries no meaning, so that records are deterministic.
"""

from __future__ import annotations

from typing import Any

from course.exercises.model import Exercise
from course.exercises.type_registry import type_of
from course.text import is_empty_answer


def normalise(exercise: Exercise, answer: Any) -> Any:
    """The canonical form of `answer` for `exercise`, or AnswerError saying what is expected.

    None means "no answer yet" for every type.
    """
    if answer is None:
        return None
    return type_of(exercise).normalise(exercise, answer)


def accept(exercise: Exercise, answer: Any) -> tuple[Any, list[str]]:
    """What a session keeps of a learner's answer: its canonical form, and notes on what was changed.

    Stricter than nothing, kinder than `normalise` (which a grader uses on submissions): a
    free text with a character no file can hold (a lone surrogate, from a broken paste) keeps
    everything else, and one over the length limit keeps its first `max_chars` characters.
    Raises AnswerError for anything else `normalise` refuses.
    """
    answer, notes = type_of(exercise).accept(exercise, answer)
    return normalise(exercise, answer), notes


def describe_progress(exercise: Exercise, answer: Any) -> str:
    """How much of an answer is given, in words ('7 of 11 activities')."""
    if is_empty_answer(answer):
        return "no answer yet"
    return type_of(exercise).describe_progress(exercise, answer)
