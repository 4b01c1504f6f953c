"""The one registry of exercise types: name → `ExerciseType`, filled by `@register`.

Every place that does something per type asks here (`type_of(exercise)` or
`by_name('raci_grid')`). The built-in types are the modules of this package; they
are imported the first time the registry is asked, so adding a type is adding a
module (see CONTRIBUTING.md), not editing a list.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, TypeVar

from course.exercises.definitions import Exercise
from course.exercises.types.base import ExerciseType

NOT_TYPES = frozenset({"base", "registry", "wording"})
"""Modules of this package that hold shared code, not a type."""

_TYPES: dict[str, ExerciseType[Any]] = {}
_loaded = False

T = TypeVar("T", bound=type[ExerciseType[Any]])


def register(cls: T) -> T:
    """Class decorator: add a type to the registry. A type missing a part fails here, at import."""
    for attribute in ("name", "label", "definition", "partial_credit", "fields"):
        if not hasattr(cls, attribute):
            raise TypeError(f"exercise type {cls.__name__} does not set `{attribute}`")
    if not issubclass(cls.definition, Exercise):
        raise TypeError(f"exercise type {cls.__name__}: `definition` must be an Exercise dataclass")
    if not cls.partial_credit:
        raise TypeError(f"exercise type {cls.__name__}: `partial_credit` needs at least one option")
    instance = cls()  # raises TypeError naming the abstract methods a type leaves out
    if cls.name in _TYPES and type(_TYPES[cls.name]) is not cls:
        raise TypeError(
            f"exercise type {cls.name!r} is registered twice ({type(_TYPES[cls.name]).__name__}, {cls.__name__})"
        )
    _TYPES[cls.name] = instance
    return cls


def unregister(name: str) -> None:
    """Remove a type (tests that register a demo type clean up with this)."""
    _TYPES.pop(name, None)


def _load_builtin() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    package = importlib.import_module("course.exercises.types")
    for module in pkgutil.iter_modules(package.__path__):
        if module.name not in NOT_TYPES:
            importlib.import_module(f"course.exercises.types.{module.name}")


def names() -> list[str]:
    """Every registered type name, built-in ones first in file order."""
    _load_builtin()
    return list(_TYPES)


def all_types() -> list[ExerciseType[Any]]:
    _load_builtin()
    return list(_TYPES.values())


def by_name(name: str) -> ExerciseType[Any]:
    """The type called `name`; an unknown name is a KeyError listing the known ones."""
    _load_builtin()
    try:
        return _TYPES[name]
    except KeyError:
        raise KeyError(f"no exercise type {name!r} (known: {', '.join(_TYPES)})") from None


def type_of(exercise: Exercise) -> ExerciseType[Any]:
    """The type of a definition."""
    return by_name(exercise.type)
