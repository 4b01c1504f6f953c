"""ordering: the steps in a list, moved up and down with two buttons (keyboard and mouse alike).

The list and its buttons are one small front end (static/ordering.js): the order and the selection
live in the browser, so a move shows at once whatever the kernel is doing, and no press depends on
a round trip. A list whose clicks each went to the kernel, with the selection kept there too, moved
the wrong steps when clicks came faster than the kernel answered (a slow hub).

What the browser sends cannot be trusted to arrive in order either: JupyterLab 4.6 sends widget
messages over a kernel subshell, and ipykernel 7 handles a widget's messages in the main thread or
in the subshell's, depending on where it last replied from, so a later message can overtake an
earlier one. So every message from the list carries a count of the moves made in the browser, and
the kernel keeps the order with the highest count it has seen; Check and Reset pressed in this
exercise go through the list's own messages too, so a Check scores the order shown when it was
pressed, never one a late move would still change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeGuard

import anywidget
import ipywidgets as widgets
import traitlets

from course.exercises.types.ordering import Ordering, OrderingType
from course.exercises.widgets.base import ExerciseWidget, answer_control, shows

KEYBOARD = (
    "Keyboard: Tab moves between the list and the buttons; the arrow keys select a step in the list; "
    "Space or Enter on Move up or Move down moves it; Ctrl+S saves."
)
LIST_FILE = Path(__file__).resolve().parent / "static" / "ordering.js"
CHECK_CLASS, RESET_CLASS = "mlc-check-button", "mlc-reset-button"
"""The classes by which the list's front end finds its exercise's Check and Reset buttons."""


@answer_control(keyboard_note=True)
class StepList(anywidget.AnyWidget):
    """A list box of steps with Move up / Move down, moved in the browser.

    `value` is the order shown (step ids, named like every control's value). The browser sends
    {"order": [...], "moves": n} after each move, n counting its moves, the same with "check": true
    when Check is pressed, and {"reset": true, "moves": n} for Reset. The kernel takes an order only
    from a message newer than any it has taken, and sets `value` and `moves` back; the browser shows
    the kernel's order once the kernel has seen all of its moves.
    """

    _esm = LIST_FILE
    steps = traitlets.List(traitlets.List(traitlets.Unicode())).tag(sync=True)
    """[id, text] of each step, in the order the definition shows them."""
    value = traitlets.List(traitlets.Unicode()).tag(sync=True)
    moves = traitlets.Int(0).tag(sync=True)
    """The count of the newest browser message the kernel has taken."""
    description = traitlets.Unicode("").tag(sync=True)
    """The list's accessible name."""

    def __init__(self, steps: Sequence[tuple[str, str]], description: str) -> None:
        super().__init__(
            steps=[[step_id, text] for step_id, text in steps],
            value=[step_id for step_id, _ in steps],
            description=description,
        )
        self._on_move: list[Callable[[list[str]], None]] = []
        self._on_check: list[Callable[[], None]] = []
        self._on_reset: list[Callable[[], None]] = []
        self.lock = threading.RLock()
        """Held while a message is handled: the main thread and a subshell's may both deliver them."""
        self.on_msg(self._take_message)

    def on_move(self, callback: Callable[[list[str]], None]) -> None:
        """Call `callback(order)` when the browser's order changes (the order is taken already)."""
        self._on_move.append(callback)

    def on_check(self, callback: Callable[[], None]) -> None:
        """Call `callback()` when Check is pressed in the browser (after the order shown is taken)."""
        self._on_check.append(callback)

    def on_reset(self, callback: Callable[[], None]) -> None:
        """Call `callback()` when Reset is pressed in the browser."""
        self._on_reset.append(callback)

    def _take_message(self, _widget: object, content: object, _buffers: object) -> None:
        if not isinstance(content, dict) or type(content.get("moves")) is not int:
            return
        count: int = content["moves"]
        with self.lock:
            if content.get("reset") is True:
                self._reset(count)
                return
            order = content.get("order")
            if not self._is_order(order):
                # Not an order of these steps (only a broken page sends one): give the browser the kernel's.
                self.moves = max(self.moves, count)
                self.send_state(["value", "moves"])
                return
            if count > self.moves:  # an older message than one taken carries an older order: drop it
                self._take(order, count)
            if content.get("check") is True:
                for check in self._on_check:
                    check()

    def _is_order(self, order: object) -> TypeGuard[list[str]]:
        ids = sorted(step_id for step_id, _ in self.steps)
        return isinstance(order, list) and all(isinstance(s, str) for s in order) and sorted(order) == ids

    def _take(self, order: list[str], count: int) -> None:
        with self.hold_sync():  # one message: the browser never sees the new count with the old order
            self.moves = count
            self.value = list(order)
        for listener in self._on_move:
            listener(list(order))

    def _reset(self, count: int) -> None:
        later = list(self.value) if count < self.moves else None  # a move made after Reset came first
        self.moves = max(self.moves, count)
        for reset in self._on_reset:
            reset()
        if later is not None:
            self._take(later, self.moves)

    def __repr__(self) -> str:
        return f"StepList({list(self.value)!r})"


@shows(OrderingType)
class OrderingWidget(ExerciseWidget):
    """A list box of the steps in the learner's order, and Move up / Move down for the selected step.

    The selection stays on the step that moved, so pressing Move up again keeps moving it. Every
    move records the order; Check scores the order shown, even if nothing was moved yet.
    """

    keyboard_note = KEYBOARD

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.check_button.add_class(CHECK_CLASS)
        self.reset_button.add_class(RESET_CLASS)

    def build_body(self) -> widgets.Widget:
        exercise: Ordering = self.session.exercise  # type: ignore[assignment]
        self.steps = StepList([(s.id, s.text) for s in exercise.steps], "Steps, in your order")
        self.steps.on_move(self.submit)
        self.steps.on_check(self.on_check)
        self.steps.on_reset(self.on_reset)
        note = widgets.HTML(
            "Select a step, then move it up or down until the list reads from first to last. "
            "Your order is recorded with every move; Check scores the order shown."
        )
        box = widgets.VBox([note, self.steps])
        box.add_class("mlc-order")
        return box

    def read_answer(self) -> Any:
        return list(self.steps.value)

    def show_answer(self, answer: Any) -> None:
        exercise: Ordering = self.session.exercise  # type: ignore[assignment]
        self.steps.value = list(answer) if answer else [s.id for s in exercise.steps]

    def on_check(self) -> None:
        """Check the order shown: a learner who agrees with it has nothing to move first."""
        with self.steps.lock:
            if self.session.answer is None:
                self.submit(self.read_answer())
            super().on_check()

    def on_reset(self) -> None:
        with self.steps.lock:
            super().on_reset()

    def on_hint(self) -> None:
        with self.steps.lock:  # a button's click may come in another thread than a move
            super().on_hint()
