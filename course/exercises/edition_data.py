"""The learner edition's exercise definitions: no keys, sealed practice keys, one JSON file per notebook.

`learner_exercise` turns an instructor's definition into what learners get: the
type's `learner_definition` (every field the learner sees, keys emptied), without
the instructor's discussion notes, carrying a `PracticeSeal` (the type's sealed entries; nothing for
an assessed notebook). `learner_file_text` writes a notebook's worth as
`NN_topic.learner.json`; `read_learner_file` reads it back, and
`definitions.load_bank` does so for any folder holding such files, so the
edition's `course` package loads its definitions with no flag.

The JSON names each value's class so the definitions come back exactly. The classes it
may build are those of the registered types: each type's definition dataclass and the
dataclasses its fields hold (`learner_classes`, read from their type hints), nothing else.
It is written with sorted keys, so the same definitions and salts give the same bytes.
"""

from __future__ import annotations

import json
import math
import typing
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from course.datafile import DataFileError
from course.exercises.model import MODES, Exercise
from course.exercises.practice_key import PracticeSeal, Sealer
from course.exercises.type_registry import all_types, type_of

LEARNER_FILE_FORMAT = "mlops-course learner definitions 1"
LEARNER_SUFFIX = ".learner.json"
LEARNER_FILES = f"*{LEARNER_SUFFIX}"
"""The learner edition's definitions files: no keys, sealed practice keys."""
NOT_STORED = ("source", "practice", "variants")
"""Fields a definition is not written with: where it was read from, its seal and its other cases
(each case is an entry of its own, with its own seal)."""


def learner_classes() -> dict[str, type[Any]]:
    """The classes a learner definitions file may name: every registered type's definition
    and the dataclasses its fields hold, found from their type hints (no list to keep)."""
    found: dict[str, type[Any]] = {}

    def visit(hint: Any) -> None:
        if isinstance(hint, type) and is_dataclass(hint):
            if found.get(hint.__name__) is hint:
                return
            if hint.__name__ in found:
                raise TypeError(f"two classes named {hint.__name__} in learner definitions")
            found[hint.__name__] = hint
            for name, value in typing.get_type_hints(hint).items():
                if name not in NOT_STORED:
                    visit(value)
        for argument in typing.get_args(hint):
            visit(argument)

    for exercise_type in all_types():
        visit(exercise_type.definition)
    return found


def learner_exercise(exercise: Exercise, salt: str) -> Exercise:
    """The learner edition's definition of one exercise: key-free, without the instructor's
    discussion notes, with its sealed practice key."""
    exercise_type = type_of(exercise)
    bare: Exercise = exercise_type.learner_definition(exercise)
    # The level's reason is for instructors too: it can say what the learner has to notice.
    if exercise.assessed:
        return replace(bare, discussion="", level_reason="", practice=PracticeSeal())
    sealer = Sealer(exercise.id, salt)
    exercise_type.seal(exercise, sealer)
    return replace(bare, discussion="", level_reason="", practice=sealer.seal())


def learner_file_text(number: str, title: str, exercises: list[Exercise]) -> str:
    """One notebook's learner definitions as deterministic JSON text."""
    modes = {e.mode for e in exercises} or {MODES[0]}
    classes = learner_classes()
    data = {
        "format": LEARNER_FILE_FORMAT,
        "notebook": number,
        "title": title,
        "mode": sorted(modes)[0],
        "exercises": [{"definition": _encode(e, classes), "practice": e.practice.to_json()} for e in exercises],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def read_learner_file(path: Path) -> tuple[str, str, list[Exercise]]:
    """Notebook number, title and exercises of a learner definitions file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFileError(path, "", f"cannot read learner definitions: {err}") from None
    if not isinstance(data, Mapping) or data.get("format") != LEARNER_FILE_FORMAT:
        raise DataFileError(path, "format", f"expected {LEARNER_FILE_FORMAT!r} (a learner edition's definitions file)")
    classes = learner_classes()
    exercises = []
    for index, entry in enumerate(data.get("exercises", [])):
        try:
            exercise = _decode(entry["definition"], classes)
            practice = PracticeSeal.from_json(entry["practice"])
        except (KeyError, TypeError, ValueError) as err:
            raise DataFileError(path, f"exercises[{index}]", f"is not a learner definition: {err}") from None
        if not isinstance(exercise, Exercise):
            raise DataFileError(path, f"exercises[{index}]", "is not an exercise")
        exercises.append(replace(exercise, source=str(path), practice=practice))
    return str(data["notebook"]), str(data["title"]), exercises


def _encode(value: Any, classes: Mapping[str, type[Any]]) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        if classes.get(type(value).__name__) is not type(value):
            raise TypeError(f"{type(value).__name__} has no place in a learner definitions file")
        out = {"@": type(value).__name__}
        out.update(
            {f.name: _encode(getattr(value, f.name), classes) for f in fields(value) if f.name not in NOT_STORED}
        )
        return out
    if isinstance(value, tuple):
        return {"@tuple": [_encode(v, classes) for v in value]}
    if isinstance(value, frozenset | set):
        return {"@set": sorted(_encode(v, classes) for v in value)}
    if isinstance(value, Mapping):
        return {"@map": [[_encode(k, classes), _encode(v, classes)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v, classes) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return {"@float": "nan"}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} has no place in a learner definitions file")


def _decode(value: Any, classes: Mapping[str, type[Any]]) -> Any:
    if isinstance(value, list):
        return [_decode(v, classes) for v in value]
    if not isinstance(value, Mapping):
        return value
    if "@" in value:
        cls = classes.get(str(value["@"]))
        if cls is None:
            raise ValueError(f"no class {str(value['@'])[:40]!r} in learner definitions")
        return cls(**{k: _decode(v, classes) for k, v in value.items() if k != "@"})
    if "@tuple" in value:
        return tuple(_decode(v, classes) for v in value["@tuple"])
    if "@set" in value:
        return frozenset(_decode(v, classes) for v in value["@set"])
    if "@map" in value:
        return {_decode(k, classes): _decode(v, classes) for k, v in value["@map"]}
    if "@float" in value:
        return float(value["@float"])
    raise ValueError(f"unknown value {sorted(value)[:3]}")
