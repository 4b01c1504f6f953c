"""Matching: a drop-down of categories for each item."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.types.matching import Matching, MatchingType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows

BLANK_LABEL = "— choose —"


@shows(MatchingType)
class MatchingWidget(ExerciseWidget):
    """Items down the left, each with a drop-down that starts blank."""

    def build_body(self) -> widgets.Widget:
        exercise: Matching = self.session.exercise  # type: ignore[assignment]
        options = [(BLANK_LABEL, ""), *[(c.text, c.id) for c in exercise.categories]]
        self.dropdowns: dict[str, widgets.Dropdown] = {}
        cells: list[widgets.Widget] = []
        for item in exercise.items:
            dropdown = widgets.Dropdown(options=options, value="", layout=widgets.Layout(width="auto"))
            labelled(dropdown, item.text, hidden_label=True)
            dropdown.observe(self.answer_changed, names="value")
            self.dropdowns[item.id] = dropdown
            label = widgets.HTML(Markup("<span>{}</span>").format(item.text))
            label.add_class("mlc-rowhead")
            cells += [label, dropdown]
        grid = widgets.GridBox(
            cells,
            layout=widgets.Layout(grid_template_columns="minmax(10em, max-content) minmax(12em, max-content)"),
        )
        grid.add_class("mlc-match")
        return grid

    def read_answer(self) -> Any:
        return {item_id: dropdown.value for item_id, dropdown in self.dropdowns.items()}

    def show_answer(self, answer: Any) -> None:
        placed = answer or {}
        for item_id, dropdown in self.dropdowns.items():
            dropdown.value = placed.get(item_id, "")
