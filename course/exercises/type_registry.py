"""The one registry of exercise types: name → `ExerciseType`, filled by `@register`.

Every place that does something per type asks here (`type_of(exercise)` or
`by_name('raci_grid')`). The built-in types are the modules of `course.exercises.types`;
they are imported the first time the registry is asked, so adding a type is adding a
module (see CONTRIBUTING.md), not editing a list. The registry imports no type by name:
the types sit above it and register themselves.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any, TypeVar

from course.exercises.model import Exercise
from course.exercises.type_interface import ExerciseType

TYPES_PACKAGE = "course.exercises.types"
"""Every module of this package holds one type, named as the module."""

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
    package = importlib.import_module(TYPES_PACKAGE)
    for module in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{TYPES_PACKAGE}.{module.name}")


def names() -> list[str]:
    """Every registered type name, in alphabetical order (whatever order the modules were imported in)."""
    _load_builtin()
    return sorted(_TYPES)


def all_types() -> list[ExerciseType[Any]]:
    """Every registered type, by name."""
    _load_builtin()
    return [_TYPES[name] for name in sorted(_TYPES)]


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
