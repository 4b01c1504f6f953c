"""The exercises' widgets: views of an `ExerciseSession`, one module per exercise type.

`build_widget(session)` asks the exercise's type (`course.exercises.types`) for its widget. Widgets
only present: they pass every change to the session and show what it reports.
This package imports ipywidgets, so only code that shows something imports it.
"""

from __future__ import annotations

import ipywidgets as widgets

from course.exercises.session import ExerciseSession
from course.exercises.types import registry
from course.exercises.widgets.base import ExerciseWidget


def build_widget(session: ExerciseSession) -> widgets.Widget:
    """The widget for the session's exercise type, showing its current answer and feedback."""
    widget_class = registry.type_of(session.exercise).widget()
    return widget_class(session)


__all__ = ["ExerciseWidget", "build_widget"]
