"""Turn what a learner (or a submitted file) gives as an answer into its canonical form.

The same checks serve the widget, the programmatic API and the grader reading
a submission, so a wrong answer type gets the same clear message everywhere.
Canonical answers are plain JSON (strings, numbers, lists, dicts), sorted where
order carries no meaning, so that records are deterministic.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from course.exercises.definitions import (
    Exercise,
    FreeText,
    Matching,
    MultipleSelect,
    RaciGrid,
    Scenario,
    SingleChoice,
    Value,
)
from course.raci.cells import CellError, parse_cell


class AnswerError(ValueError):
    """An answer of the wrong type or shape for its exercise."""


def normalise(exercise: Exercise, answer: Any) -> Any:
    """The canonical form of `answer` for `exercise`, or AnswerError saying what is expected.

    None means "no answer yet" for every type.
    """
    if answer is None:
        return None
    handler = _NORMALISERS[type(exercise)]
    return handler(exercise, answer)


def _type_name(value: Any) -> str:
    return type(value).__name__


def _plain(value: Any) -> Any:
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


def _choice_id(exercise: Exercise, choices: tuple, value: Any, what: str = "choice") -> str:
    if not isinstance(value, str):
        raise AnswerError(
            f"{exercise.id}: expected a {what} id such as {choices[0].id!r}, got {_type_name(value)} {value!r}"[:300]
        )
    for choice in choices:
        if value.strip() in (choice.id, choice.text):
            return choice.id
    ids = ", ".join(c.id for c in choices)
    plural = "topologies" if what == "topology" else f"{what}s"
    raise AnswerError(f"{exercise.id}: {value[:80]!r} is not one of the {plural} ({ids})")


def _choice_ids(exercise: Exercise, choices: tuple, value: Any, what: str = "choice") -> list[str]:
    if isinstance(value, str) or not isinstance(value, list | tuple | set | frozenset):
        raise AnswerError(f"{exercise.id}: expected a list of {what} ids, got {_type_name(value)} {str(value)[:80]!r}")
    ids = {_choice_id(exercise, choices, item, what) for item in value}
    order = [c.id for c in choices]
    return sorted(ids, key=order.index)


def _single(exercise: SingleChoice, answer: Any) -> str:
    return _choice_id(exercise, exercise.choices, answer)


def _multiple(exercise: MultipleSelect, answer: Any) -> list[str]:
    return _choice_ids(exercise, exercise.choices, answer)


def _matching(exercise: Matching, answer: Any) -> dict[str, str]:
    answer = _plain(answer)
    if not isinstance(answer, Mapping):
        raise AnswerError(f"{exercise.id}: expected a mapping of item to category, got {_type_name(answer)}")
    items = {i.id: i for i in exercise.items} | {i.text: i for i in exercise.items}
    categories = {c.id: c.id for c in exercise.categories} | {c.text: c.id for c in exercise.categories}
    out: dict[str, str] = {}
    for raw_item, raw_category in answer.items():
        item = items.get(raw_item) if isinstance(raw_item, str) else None
        if item is None:
            raise AnswerError(f"{exercise.id}: {str(raw_item)[:80]!r} is not an item of this exercise")
        if raw_category is None or raw_category == "":
            continue
        category = categories.get(raw_category) if isinstance(raw_category, str) else None
        if category is None:
            names = ", ".join(c.id for c in exercise.categories)
            raise AnswerError(f"{exercise.id}: {str(raw_category)[:80]!r} for {item.id!r} is not a category ({names})")
        out[item.id] = category
    order = [i.id for i in exercise.items]
    return {k: out[k] for k in sorted(out, key=order.index)}


def _raci(exercise: RaciGrid, answer: Any) -> dict[str, dict[str, str]]:
    if hasattr(answer, "to_dict") and hasattr(answer, "index") and hasattr(answer, "columns"):
        answer = {str(a): {str(r): answer.at[a, r] for r in answer.columns} for a in answer.index}
    if not isinstance(answer, Mapping):
        raise AnswerError(
            f"{exercise.id}: expected {{activity: {{role: letters}}}} or a DataFrame, got {_type_name(answer)}"
        )
    out: dict[str, dict[str, str]] = {}
    for activity, row in answer.items():
        if activity not in exercise.activities:
            raise AnswerError(f"{exercise.id}: {str(activity)[:80]!r} is not an activity of this grid")
        if not isinstance(row, Mapping):
            raise AnswerError(
                f"{exercise.id}: the row for {activity!r} must map role to letters, got {_type_name(row)}"
            )
        cells = {}
        for role, text in row.items():
            if role not in exercise.roles:
                raise AnswerError(f"{exercise.id}: {str(role)[:80]!r} is not a role of this grid")
            if (activity, role) in exercise.given:
                continue
            try:
                cell = str(parse_cell(text, exercise.scheme, where=f"{activity!r} x {role!r}"))
            except CellError as err:
                raise AnswerError(f"{exercise.id}: {err}") from None
            if cell:
                cells[role] = cell
        if cells:
            out[activity] = {r: cells[r] for r in exercise.roles if r in cells}
    return {a: out[a] for a in exercise.activities if a in out}


def _scenario(exercise: Scenario, answer: Any) -> dict[str, Any]:
    if not isinstance(answer, Mapping):
        raise AnswerError(f"{exercise.id}: expected {{'topology': id, 'reasons': [ids]}}, got {_type_name(answer)}")
    unknown = set(answer) - {"topology", "reasons"}
    if unknown:
        raise AnswerError(
            f"{exercise.id}: unexpected part {sorted(map(str, unknown))[0]!r}; expected 'topology' and 'reasons'"
        )
    out: dict[str, Any] = {}
    if answer.get("topology") not in (None, ""):
        out["topology"] = _choice_id(exercise, exercise.topologies, answer["topology"], "topology")
    if answer.get("reasons"):
        out["reasons"] = _choice_ids(exercise, exercise.reasons, answer["reasons"], "reason")
    return out


def _number(exercise: Exercise, value: Any, label: str) -> float:
    value = _plain(value)
    if isinstance(value, bool) or not isinstance(value, int | float):
        if isinstance(value, str):
            try:
                value = float(value.strip())
            except ValueError:
                raise AnswerError(f"{exercise.id}: {label} must be a number, got the text {value[:40]!r}") from None
        else:
            raise AnswerError(f"{exercise.id}: {label} must be a number, got {_type_name(value)}")
    if not math.isfinite(value):
        raise AnswerError(f"{exercise.id}: {label} must be a finite number, got {value}")
    return int(value) if float(value).is_integer() else float(value)


def _value(exercise: Value, answer: Any) -> dict[str, float]:
    answer = _plain(answer)
    fields = {f.id: f for f in exercise.fields} | {f.label: f for f in exercise.fields}
    if not isinstance(answer, Mapping):
        if len(exercise.fields) != 1:
            names = ", ".join(f.id for f in exercise.fields)
            raise AnswerError(
                f"{exercise.id}: expected a mapping with a number for each of {names}, got {_type_name(answer)}"
            )
        return {exercise.fields[0].id: _number(exercise, answer, "the answer")}
    out: dict[str, float] = {}
    for key, value in answer.items():
        spec = fields.get(key) if isinstance(key, str) else None
        if spec is None:
            raise AnswerError(f"{exercise.id}: {str(key)[:80]!r} is not one of the values asked for")
        if value is None:
            continue
        out[spec.id] = _number(exercise, value, repr(spec.label))
    order = [f.id for f in exercise.fields]
    return {k: out[k] for k in sorted(out, key=order.index)}


def _free_text(exercise: FreeText, answer: Any) -> str:
    if not isinstance(answer, str):
        raise AnswerError(f"{exercise.id}: expected text, got {_type_name(answer)}")
    if len(answer) > exercise.max_chars:
        raise AnswerError(f"{exercise.id}: the text is {len(answer)} characters; at most {exercise.max_chars} are kept")
    return answer.strip()


LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def accept(exercise: Exercise, answer: Any) -> tuple[Any, list[str]]:
    """What a session keeps of a learner's answer: its canonical form, and notes on what was changed.

    Stricter than nothing, kinder than `normalise` (which a grader uses on submissions): a
    free text with a character no file can hold (a lone surrogate, from a broken paste) keeps
    everything else, and one over the length limit keeps its first `max_chars` characters.
    Raises AnswerError for anything else `normalise` refuses.
    """
    notes: list[str] = []
    if isinstance(exercise, FreeText) and isinstance(answer, str):
        cleaned, count = LONE_SURROGATE.subn(REPLACEMENT, answer)
        if count:
            notes.append(
                f"{count} character{'s' if count != 1 else ''} that cannot be saved in a file (a broken paste) "
                f"{'were' if count != 1 else 'was'} replaced by {REPLACEMENT}; the rest of your text is recorded."
            )
        if len(cleaned) > exercise.max_chars:
            notes.append(
                f"Your text is {len(cleaned)} characters; the first {exercise.max_chars} are recorded "
                "and the rest was left out. Shorten it to keep the ending you want."
            )
            cleaned = cleaned[: exercise.max_chars]
        answer = cleaned
    return normalise(exercise, answer), notes


_NORMALISERS = {
    SingleChoice: _single,
    MultipleSelect: _multiple,
    Matching: _matching,
    RaciGrid: _raci,
    Scenario: _scenario,
    Value: _value,
    FreeText: _free_text,
}


def describe_progress(exercise: Exercise, answer: Any) -> str:
    """How much of an answer is given, in words ('7 of 11 activities')."""
    if answer in (None, "", [], {}):
        return "no answer yet"
    if isinstance(exercise, SingleChoice):
        return f"choice {answer}"
    if isinstance(exercise, MultipleSelect):
        return f"{len(answer)} selected"
    if isinstance(exercise, Matching):
        return f"{len(answer)} of {len(exercise.items)} items placed"
    if isinstance(exercise, RaciGrid):
        done = sum(1 for a in exercise.activities if a in answer)
        return f"{done} of {len(exercise.activities)} activities"
    if isinstance(exercise, Scenario):
        parts = []
        if "topology" in answer:
            parts.append(f"topology {answer['topology']}")
        parts.append(f"{len(answer.get('reasons', []))} reasons")
        return ", ".join(parts)
    if isinstance(exercise, Value):
        return f"{len(answer)} of {len(exercise.fields)} values"
    if isinstance(exercise, FreeText):
        return f"{len(answer.split())} words"
    return "answered"
