"""The exercises' widgets: views of an `ExerciseSession`, one module per exercise type.

`build_widget(session)` picks the widget for the session's exercise. Widgets
only present: they pass every change to the session and show what it reports.
This package imports ipywidgets, so only code that shows something imports it.
"""

from __future__ import annotations

import ipywidgets as widgets

from course.exercises.session import ExerciseSession
from course.exercises.widgets.base import ExerciseWidget
from course.exercises.widgets.choice import MultipleSelectWidget, SingleChoiceWidget
from course.exercises.widgets.free_text import FreeTextWidget
from course.exercises.widgets.matching import MatchingWidget
from course.exercises.widgets.raci_grid import RaciGridWidget
from course.exercises.widgets.scenario import ScenarioWidget
from course.exercises.widgets.value import ValueWidget

WIDGETS: dict[str, type[ExerciseWidget]] = {
    "single_choice": SingleChoiceWidget,
    "multiple_select": MultipleSelectWidget,
    "matching": MatchingWidget,
    "raci_grid": RaciGridWidget,
    "scenario": ScenarioWidget,
    "value": ValueWidget,
    "free_text": FreeTextWidget,
}


def build_widget(session: ExerciseSession) -> widgets.Widget:
    """The widget for the session's exercise type, showing its current answer and feedback."""
    try:
        widget_class = WIDGETS[session.exercise.type]
    except KeyError:
        raise ValueError(f"no widget for exercise type {session.exercise.type!r}") from None
    return widget_class(session)


__all__ = ["WIDGETS", "ExerciseWidget", "build_widget"]
