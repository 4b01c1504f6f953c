"""Value: numbers the learner computes with pandas, typed in or submitted from code.

A number box always shows a number, so the widget tracks which fields hold an
answer: a field counts once the learner types into it (or answers in code),
and each field says whether it is recorded.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets

from course.exercises.definitions import Value
from course.exercises.widgets.base import ExerciseWidget, esc, labelled


class ValueWidget(ExerciseWidget):
    """A number box per field, with the code that submits the same answer."""

    keyboard_note = None  # text boxes take every key, so no notebook shortcut interferes

    def build_body(self) -> widgets.Widget:
        exercise: Value = self.session.exercise  # type: ignore[assignment]
        self.given: set[str] = set()
        self.fields: dict[str, widgets.FloatText] = {}
        self.states: dict[str, widgets.HTML] = {}
        rows = []
        for spec in exercise.fields:
            box = widgets.FloatText(value=0.0, continuous_update=True, style={"description_width": "initial"})
            labelled(box, spec.label)
            box.add_class("mlc-labelled")
            box.observe(self._field_changed(spec.id), names="value")
            state = widgets.HTML()
            state.add_class("mlc-field-state")
            self.fields[spec.id], self.states[spec.id] = box, state
            row = widgets.HBox([box, state])
            row.add_class("mlc-value-row")
            rows.append(row)
        code = widgets.HTML(self._code_hint_html())
        return widgets.VBox([*rows, code])

    def _code_hint_html(self) -> str:
        exercise: Value = self.session.exercise  # type: ignore[assignment]
        if len(exercise.fields) == 1:
            value = "value"
        else:
            value = "{" + ", ".join(f"{json.dumps(f.id)}: …" for f in exercise.fields) + "}"
        return (
            '<div class="mlc-code-hint">Compute the answer with pandas in a code cell, then type it here '
            f"or submit it from code: <code>ex.answer({esc(value)})</code> or "
            f"<code>course.answer({esc(json.dumps(exercise.id))}, {esc(value)})</code>.</div>"
        )

    def _field_changed(self, field_id: str) -> Any:
        def observer(change: Any) -> None:
            if self._syncing:
                return
            self.given.add(field_id)
            self.answer_changed(change)

        return observer

    def read_answer(self) -> Any:
        return {field_id: box.value for field_id, box in self.fields.items() if field_id in self.given}

    def show_answer(self, answer: Any) -> None:
        answer = answer or {}
        self.given = set(answer)
        for field_id, box in self.fields.items():
            box.value = float(answer.get(field_id, 0.0))

    def after_change(self) -> None:
        answer = self.session.answer or {}
        for field_id, state in self.states.items():
            if field_id in answer:
                state.value = f"✎ recorded: {esc(format(answer[field_id], 'g'))}"
            else:
                state.value = "· no value yet: type one"
