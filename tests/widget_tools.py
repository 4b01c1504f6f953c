"""Helpers for the widget tests: walk a widget tree and read what it shows as plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets as widgets

from course.exercises.definitions import load_bank
from course.exercises.type_registry import all_types, type_of
from course.exercises.widgets import widget_class
from course.exercises.widgets.base import OWN_CONTROLS

FIXTURE_BANK = load_bank(Path(__file__).parent / "fixtures" / "exercises")


def _code_answer(exercise: Any) -> Any:
    """A wrong answer where the type offers one (feedback to show), else the key."""
    exercise_type = type_of(exercise)
    wrong = exercise_type.wrong_answers(exercise)
    return wrong[0].answer if wrong else exercise_type.key_answer(exercise)


CODE_ANSWERS: dict[str, Any] = {e.id: _code_answer(e) for e in FIXTURE_BANK}
"""An answer for every fixture exercise, as a learner could give it in code."""

for _type in all_types():
    widget_class(_type.name)  # every type's widget module imported: its own controls are registered
ANSWER_CONTROLS = (
    widgets.Dropdown,
    widgets.RadioButtons,
    widgets.Checkbox,
    widgets.Text,
    widgets.Textarea,
    *OWN_CONTROLS,
)
"""Native controls: ipywidgets', and those a type's widget defines itself (`@answer_control`)."""
LIST_CONTROLS = (
    widgets.Dropdown,
    widgets.RadioButtons,
    widgets.Checkbox,
    *(control for control, keyboard_note in OWN_CONTROLS.items() if keyboard_note),
)
"""Controls whose keys a learner needs told (the widget's keyboard note)."""


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and all its descendants, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def text(value: str) -> str:
    """What an HTML widget's value reads as: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", value))).strip()


def visible(widget: widgets.DOMWidget) -> bool:
    return widget.layout.display != "none"


def controls(widget: widgets.Widget, kind: type | tuple[type, ...] = ANSWER_CONTROLS) -> list[widgets.Widget]:
    return [w for w in walk(widget) if isinstance(w, kind)]


def shown(widget: widgets.Widget) -> list[tuple[Any, Any]]:
    """What the answer controls show: each one's value, and for a list its options in order."""
    return [(c.value, tuple(getattr(c, "options", ()))) for c in controls(widget)]


def button(widget: widgets.Widget, name: str) -> widgets.Button:
    (found,) = [w for w in walk(widget) if isinstance(w, widgets.Button) and w.description == name]
    return found
