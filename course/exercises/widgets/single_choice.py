"""single_choice: radio buttons."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course.exercises.types.single_choice import SingleChoice, SingleChoiceType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows


@shows(SingleChoiceType)
class SingleChoiceWidget(ExerciseWidget):
    """Radio buttons, none selected until the learner picks one."""

    def build_body(self) -> widgets.Widget:
        exercise: SingleChoice = self.session.exercise  # type: ignore[assignment]
        self.radio = widgets.RadioButtons(
            options=[(c.text, c.id) for c in exercise.choices],
            value=None,
            layout=widgets.Layout(width="auto"),
            style={"description_width": "initial"},
        )
        labelled(self.radio, "Your answer")
        self.radio.observe(self.answer_changed, names="value")
        box = widgets.VBox([self.radio])
        box.add_class("mlc-choices")
        return box

    def read_answer(self) -> Any:
        return self.radio.value

    def show_answer(self, answer: Any) -> None:
        self.radio.value = answer
