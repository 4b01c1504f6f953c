"""ordering: the steps in a list, moved up and down with two buttons (keyboard and mouse alike)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course.exercises.types.ordering import Ordering, OrderingType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows

KEYBOARD = (
    "Keyboard: Tab moves between the list and the buttons; the arrow keys select a step in the list; "
    "Space or Enter on Move up or Move down moves it; Ctrl+S saves."
)


@shows(OrderingType)
class OrderingWidget(ExerciseWidget):
    """A list box of the steps in the learner's order, and Move up / Move down for the selected step.

    The selection stays on the step that moved, so pressing Move up again keeps moving it. Every
    move records the order; Check scores the order shown, even if nothing was moved yet.
    """

    keyboard_note = KEYBOARD

    def build_body(self) -> widgets.Widget:
        exercise: Ordering = self.session.exercise  # type: ignore[assignment]
        self.order = [s.id for s in exercise.steps]
        self.steps = widgets.Select(options=self._options(), value=self.order[0], rows=len(self.order))
        labelled(self.steps, "Steps, in your order", hidden_label=True)
        self.steps.add_class("mlc-order-list")
        self.steps.layout.width = "100%"
        self.up_button = widgets.Button(description="Move up", tooltip="Move the selected step one place up")
        self.down_button = widgets.Button(description="Move down", tooltip="Move the selected step one place down")
        self.up_button.on_click(lambda _button: self.move(-1))
        self.down_button.on_click(lambda _button: self.move(1))
        note = widgets.HTML(
            "Select a step, then move it up or down until the list reads from first to last. "
            "Your order is recorded with every move; Check scores the order shown."
        )
        moves = widgets.HBox([self.up_button, self.down_button])
        moves.add_class("mlc-order-moves")
        box = widgets.VBox([note, self.steps, moves])
        box.add_class("mlc-order")
        return box

    def _options(self) -> list[tuple[str, str]]:
        exercise: Ordering = self.session.exercise  # type: ignore[assignment]
        return [(f"{n}. {exercise.step(step_id).text}", step_id) for n, step_id in enumerate(self.order, 1)]

    def _show_order(self, selected: str | None) -> None:
        self.steps.options = self._options()
        self.steps.value = selected if selected in self.order else self.order[0]

    def move(self, offset: int) -> None:
        """Move the selected step `offset` places (-1 up, +1 down) and record the new order."""
        selected = self.steps.value
        index = self.order.index(selected)
        target = index + offset
        if not 0 <= target < len(self.order):
            self.set_status(f"That step is already {'first' if offset < 0 else 'last'}.")
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self._syncing = True
        try:
            self._show_order(selected)
        finally:
            self._syncing = False
        self.submit(list(self.order))

    def read_answer(self) -> Any:
        return list(self.order)

    def show_answer(self, answer: Any) -> None:
        exercise: Ordering = self.session.exercise  # type: ignore[assignment]
        selected = self.steps.value
        self.order = list(answer) if answer else [s.id for s in exercise.steps]
        self._show_order(selected)

    def on_check(self) -> None:
        """Check the order shown: a learner who agrees with it has nothing to move first."""
        if self.session.answer is None:
            self.submit(list(self.order))
        super().on_check()
