"""Turn what a learner (or a submitted file) gives as an answer into its canonical form.

The same checks serve the widget, the programmatic API and the grader reading
a submission, so a wrong answer type gets the same clear message everywhere.
Canonical answers are plain JSON (strings, numbers, lists, dicts), sorted where
order carries no meaning, so that records are deterministic.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from course.errors import CourseError
from course.exercises.definitions import Choice, Exercise
from course.exercises.types.registry import type_of
from course.text import is_empty_answer


class AnswerError(CourseError, ValueError):
    """An answer of the wrong type or shape for its exercise."""


def normalise(exercise: Exercise, answer: Any) -> Any:
    """The canonical form of `answer` for `exercise`, or AnswerError saying what is expected.

    None means "no answer yet" for every type.
    """
    if answer is None:
        return None
    return type_of(exercise).normalise(exercise, answer)


def type_name(value: Any) -> str:
    return type(value).__name__


def plain(value: Any) -> Any:
    """pandas Series / DataFrame and numpy scalars to plain Python, without importing them."""
    if hasattr(value, "to_dict") and callable(value.to_dict) and not isinstance(value, Mapping):
        try:
            return value.to_dict()
        except TypeError:
            return value
    if hasattr(value, "item") and callable(value.item) and not isinstance(value, str | bytes):
        try:
            return value.item()
        except (TypeError, ValueError):
            return value
    return value


def choice_id(exercise: Exercise, choices: tuple[Choice, ...], value: Any, what: str = "choice") -> str:
    if not isinstance(value, str):
        raise AnswerError(
            f"{exercise.id}: expected a {what} id such as {choices[0].id!r}, got {type_name(value)} {value!r}"[:300]
        )
    for choice in choices:
        if value.strip() in (choice.id, choice.text):
            return choice.id
    ids = ", ".join(c.id for c in choices)
    plural = "topologies" if what == "topology" else f"{what}s"
    raise AnswerError(f"{exercise.id}: {value[:80]!r} is not one of the {plural} ({ids})")


def choice_ids(exercise: Exercise, choices: tuple[Choice, ...], value: Any, what: str = "choice") -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise AnswerError(f"{exercise.id}: expected a list of {what} ids, got {type_name(value)} {str(value)[:80]!r}")
    ids = {choice_id(exercise, choices, item, what) for item in value}
    order = [c.id for c in choices]
    return sorted(ids, key=order.index)


def number(exercise: Exercise, value: Any, label: str) -> float:
    value = plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise AnswerError(f"{exercise.id}: {label} must be a number, got the text {value[:40]!r}") from None
        else:
            raise AnswerError(f"{exercise.id}: {label} must be a number, got {type_name(value)}")
    if not math.isfinite(value):
        raise AnswerError(f"{exercise.id}: {label} must be a finite number, got {value}")
    return int(value) if float(value).is_integer() else float(value)


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
