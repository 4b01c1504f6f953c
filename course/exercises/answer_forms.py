"""The shapes an answer comes in, and the checks every type uses to read one.

The same checks serve the widget, the programmatic API and the grader reading a
submission, so a wrong answer type gets the same clear message everywhere. A type's
`normalise` builds its canonical form (plain JSON, sorted where order carries no
meaning) with these.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from course.errors import CourseError
from course.exercises.model import Choice, Exercise


class AnswerError(CourseError, ValueError):
    """An answer of the wrong type or shape for its exercise."""


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
