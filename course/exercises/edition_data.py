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
    """The learner edition's definition of one exercise (or one case of it): key-free, without the instructor's
    discussion notes, with its sealed practice key, and without other cases."""
    exercise_type = type_of(exercise)
    bare: Exercise = exercise_type.learner_definition(exercise)
    # The level's reason is for instructors too: it can say what the learner has to notice.
    # Its other cases hold keys: `learner_exercise_cases` makes each of them a learner definition of its own.
    if exercise.assessed:
        return replace(bare, discussion="", level_reason="", practice=PracticeSeal(), variants=())
    sealer = Sealer(exercise.id, salt)
    exercise_type.seal(exercise, sealer)
    return replace(bare, discussion="", level_reason="", practice=sealer.seal(), variants=())


def salt_name(exercise: Exercise, case: Exercise) -> str:
    """Under which name a case's practice-key salt is kept: the exercise's id for its base case (so adding cases
    keeps the base's salt), `id/case` for each other case (each case seals its own key under its own salt)."""
    return (
        exercise.id
        if case is exercise or not case.variant or case.variant == exercise.variant
        else (f"{exercise.id}/{case.variant}")
    )


def learner_exercise_cases(exercise: Exercise, salts: Mapping[str, str]) -> Exercise:
    """`learner_exercise` of an exercise and of each of its cases (the base holding the others), each case sealed
    under its own salt (`salt_name`): a learner can check a case they were given, and read no case's key."""
    base = learner_exercise(exercise, salts[salt_name(exercise, exercise)])
    cases = tuple(learner_exercise(case, salts[salt_name(exercise, case)]) for case in exercise.variants)
    return replace(base, variants=cases)


def learner_file_text(number: str, title: str, exercises: list[Exercise]) -> str:
    """One notebook's learner definitions as deterministic JSON text (an exercise's other cases as its `cases`)."""
    modes = {e.mode for e in exercises} or {MODES[0]}
    classes = learner_classes()

    def entry(exercise: Exercise) -> dict[str, Any]:
        return {"definition": _encode(exercise, classes), "practice": exercise.practice.to_json()}

    data = {
        "format": LEARNER_FILE_FORMAT,
        "notebook": number,
        "title": title,
        "mode": sorted(modes)[0],
        "exercises": [
            {**entry(e), **({"cases": [entry(case) for case in e.variants]} if e.variants else {})} for e in exercises
        ],
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
        exercise = _read_entry(path, f"exercises[{index}]", entry, classes)
        cases = entry.get("cases", []) if isinstance(entry, Mapping) else []
        if not isinstance(cases, list):
            raise DataFileError(path, f"exercises[{index}].cases", "is not a list of cases")
        others = tuple(
            _read_entry(path, f"exercises[{index}].cases[{at}]", case, classes) for at, case in enumerate(cases)
        )
        exercises.append(replace(exercise, variants=others))
    return str(data["notebook"]), str(data["title"]), exercises


def _read_entry(path: Path, where: str, entry: Any, classes: Mapping[str, type[Any]]) -> Exercise:
    """One learner definition (an exercise, or one of its cases) with its sealed practice key."""
    try:
        exercise = _decode(entry["definition"], classes)
        practice = PracticeSeal.from_json(entry["practice"])
    except (KeyError, TypeError, ValueError) as err:
        raise DataFileError(path, where, f"is not a learner definition: {err}") from None
    if not isinstance(exercise, Exercise):
        raise DataFileError(path, where, "is not an exercise")
    return replace(exercise, source=str(path), practice=practice)


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
