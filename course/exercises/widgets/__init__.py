"""The exercises' widgets: views of an `ExerciseSession`, one module per exercise type.

`widgets/<type>.py` holds the widget of the type `course/exercises/types/<type>.py`: it imports the
type and registers itself with `@shows(TheType)` (the type never imports its widget, so grading
never imports ipywidgets). `build_widget(session)` finds it by the type's name, importing that
module the first time: there is no list to edit. Widgets only present: they pass every change
to the session and show what it reports.
"""

from __future__ import annotations

import importlib

import ipywidgets as widgets

from course.exercises.session import ExerciseSession
from course.exercises.widgets.base import WIDGETS, ExerciseWidget


def widget_class(type_name: str) -> type[ExerciseWidget]:
    """The widget of a type; a type without one is a TypeError naming it and the module to add."""
    if type_name not in WIDGETS:
        try:
            importlib.import_module(f"{__name__}.{type_name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{type_name}":
                raise
    try:
        return WIDGETS[type_name]
    except KeyError:
        raise TypeError(
            f"exercise type {type_name!r} has no widget: add course/exercises/widgets/{type_name}.py "
            "with a class decorated @shows(<its type>)"
        ) from None


def build_widget(session: ExerciseSession) -> widgets.Widget:
    """The widget for the session's exercise type, showing its current answer and feedback."""
    return widget_class(session.exercise.type)(session)


__all__ = ["ExerciseWidget", "build_widget", "widget_class"]
