"""multiple_select: one check box per option."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course.exercises.results import Score
from course.exercises.types.multiple_select import MultipleSelect, MultipleSelectType
from course.exercises.widgets.base import ExerciseWidget, shows
from course.exercises.widgets.options import choice_boxes, select_items


@shows(MultipleSelectType)
class MultipleSelectWidget(ExerciseWidget):
    """One check box per option; right-minus-wrong scoring means ticking everything earns nothing."""

    def build_body(self) -> widgets.Widget:
        exercise: MultipleSelect = self.session.exercise  # type: ignore[assignment]
        self.boxes = choice_boxes(exercise.choices, self.answer_changed)
        note = widgets.HTML("Select every option that applies; each wrong pick takes points off.")
        box = widgets.VBox([note, *self.boxes.values()])
        box.add_class("mlc-choices")
        return box

    def read_answer(self) -> Any:
        return [choice_id for choice_id, box in self.boxes.items() if box.value]

    def show_answer(self, answer: Any) -> None:
        chosen = set(answer or [])
        for choice_id, box in self.boxes.items():
            box.value = choice_id in chosen

    def part_lines(self, score: Score, reveal: bool) -> list[str]:
        exercise: MultipleSelect = self.session.exercise  # type: ignore[assignment]
        return select_items(score.parts, exercise.choices, reveal, "right option")
