"""The learner edition's exercise definitions: no keys, sealed practice keys, one JSON file per notebook.

`learner_exercise` turns an instructor's definition into what learners get: the
type's `learner_definition` (every field the learner sees, keys emptied), without
the instructor's discussion notes, carrying a `PracticeSeal` (the type's sealed entries; nothing for
an assessed notebook). `learner_file_text` writes a notebook's worth as
`NN_topic.learner.json`; `read_learner_file` reads it back, and
`definitions.load_bank` does so for any folder holding such files, so the
edition's `course` package loads its definitions with no flag.

The JSON names each value's class (from a fixed list: nothing else is ever
built from the file) so the definitions come back exactly, and is written with
sorted keys, so the same definitions and salts give the same bytes.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import fields, is_dataclass, replace
from pathlib import Path
from typing import Any

from course.datafile import DataFileError
from course.exercises import definitions as d
from course.exercises.practice_key import PracticeSeal, Sealer
from course.raci.cells import Scheme

FORMAT = "mlops-course learner definitions 1"
CLASSES: dict[str, type[Any]] = {
    cls.__name__: cls
    for cls in (
        d.Choice,
        d.Category,
        d.MatchItem,
        d.ValueField,
        d.CommonMistake,
        d.RubricLevel,
        d.RubricCriterion,
        d.SingleChoice,
        d.MultipleSelect,
        d.Matching,
        d.RaciGrid,
        d.Scenario,
        d.Value,
        d.FreeText,
    )
}
NOT_STORED = ("source", "practice")


def holds_keys(definitions: Path) -> bool:
    """False for a learner edition's definitions (a file or folder of `*.learner.json`, no YAML)."""
    if definitions.is_file():
        return not definitions.name.endswith(d.LEARNER_SUFFIX)
    if not definitions.is_dir():
        return True
    return any(definitions.glob("*.yaml")) or not any(definitions.glob(d.LEARNER_FILES))


def is_learner_edition() -> bool:
    """True when this installed `course` is the learner edition (its shipped definitions hold no keys)."""
    return not holds_keys(d.DEFAULT_DEFINITIONS_DIR)


INSTRUCTOR_TOOL = (
    "{command} is an instructor's tool and this is the learner edition (no solutions, no answer keys); "
    "run it in the instructor's copy of the course"
)


def learner_exercise(exercise: d.Exercise, salt: str) -> d.Exercise:
    """The learner edition's definition of one exercise: key-free, without the instructor's
    discussion notes, with its sealed practice key."""
    from course.exercises.types.registry import type_of

    exercise_type = type_of(exercise)
    bare: d.Exercise = exercise_type.learner_definition(exercise)
    # The level's reason is for instructors too: it can say what the learner has to notice.
    if exercise.assessed:
        return replace(bare, discussion="", level_reason="", practice=PracticeSeal())
    sealer = Sealer(exercise.id, salt)
    exercise_type.seal(exercise, sealer)
    return replace(bare, discussion="", level_reason="", practice=sealer.seal())


def learner_file_text(number: str, title: str, exercises: list[d.Exercise]) -> str:
    """One notebook's learner definitions as deterministic JSON text."""
    modes = {e.mode for e in exercises} or {d.MODES[0]}
    data = {
        "format": FORMAT,
        "notebook": number,
        "title": title,
        "mode": sorted(modes)[0],
        "exercises": [{"definition": _encode(e), "practice": e.practice.to_json()} for e in exercises],
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def read_learner_file(path: Path) -> tuple[str, str, list[d.Exercise]]:
    """Notebook number, title and exercises of a learner definitions file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        raise DataFileError(path, "", f"cannot read learner definitions: {err}") from None
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise DataFileError(path, "format", f"expected {FORMAT!r} (a learner edition's definitions file)")
    exercises = []
    for index, entry in enumerate(data.get("exercises", [])):
        try:
            exercise = _decode(entry["definition"])
            practice = PracticeSeal.from_json(entry["practice"])
        except (KeyError, TypeError, ValueError) as err:
            raise DataFileError(path, f"exercises[{index}]", f"is not a learner definition: {err}") from None
        if not isinstance(exercise, d.Exercise):
            raise DataFileError(path, f"exercises[{index}]", "is not an exercise")
        exercises.append(replace(exercise, source=str(path), practice=practice))
    return str(data["notebook"]), str(data["title"]), exercises


def _encode(value: Any) -> Any:
    if isinstance(value, Scheme):
        return {"@scheme": value.name}
    if is_dataclass(value) and not isinstance(value, type):
        if type(value).__name__ not in CLASSES:
            raise TypeError(f"{type(value).__name__} has no place in a learner definitions file")
        out = {"@": type(value).__name__}
        out.update({f.name: _encode(getattr(value, f.name)) for f in fields(value) if f.name not in NOT_STORED})
        return out
    if isinstance(value, tuple):
        return {"@tuple": [_encode(v) for v in value]}
    if isinstance(value, frozenset | set):
        return {"@set": sorted(_encode(v) for v in value)}
    if isinstance(value, Mapping):
        return {"@map": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    if isinstance(value, float) and math.isnan(value):
        return {"@float": "nan"}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"{type(value).__name__} has no place in a learner definitions file")


def _decode(value: Any) -> Any:
    if isinstance(value, list):
        return [_decode(v) for v in value]
    if not isinstance(value, Mapping):
        return value
    if "@" in value:
        cls = CLASSES[str(value["@"])]
        return cls(**{k: _decode(v) for k, v in value.items() if k != "@"})
    if "@scheme" in value:
        return d.SCHEMES[str(value["@scheme"])]
    if "@tuple" in value:
        return tuple(_decode(v) for v in value["@tuple"])
    if "@set" in value:
        return frozenset(_decode(v) for v in value["@set"])
    if "@map" in value:
        return {_decode(k): _decode(v) for k, v in value["@map"]}
    if "@float" in value:
        return float(value["@float"])
    raise ValueError(f"unknown value {sorted(value)[:3]}")
