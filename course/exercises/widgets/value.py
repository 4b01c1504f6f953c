"""Value: numbers the learner computes with pandas, typed in or submitted from code.

Each field is a text box, so an unanswered field is empty rather than a
misleading 0; what is typed goes through the same checks as an answer given
in code (a word instead of a number is reported, not recorded), and each
field says whether it is recorded.
"""

from __future__ import annotations

import json
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.types.value import Value, ValueType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows


@shows(ValueType)
class ValueWidget(ExerciseWidget):
    """A number box per field, with the code that submits the same answer."""

    keyboard_note = None  # text boxes take every key, so no notebook shortcut interferes

    def build_body(self) -> widgets.Widget:
        exercise: Value = self.session.exercise  # type: ignore[assignment]
        self.fields: dict[str, widgets.Text] = {}
        self.states: dict[str, widgets.HTML] = {}
        rows = []
        for spec in exercise.fields:
            box = widgets.Text(
                value="", placeholder="a number", continuous_update=False, style={"description_width": "initial"}
            )
            labelled(box, spec.label)
            box.add_class("mlc-labelled")
            box.observe(self.answer_changed, names="value")
            state = widgets.HTML()
            state.add_class("mlc-field-state")
            self.fields[spec.id], self.states[spec.id] = box, state
            row = widgets.HBox([box, state])
            row.add_class("mlc-value-row")
            rows.append(row)
        code = widgets.HTML(self._code_hint_html())
        return widgets.VBox([*rows, code])

    def _code_hint_html(self) -> Markup:
        exercise: Value = self.session.exercise  # type: ignore[assignment]
        if len(exercise.fields) == 1:
            value = "value"
        else:
            value = "{" + ", ".join(f"{json.dumps(f.id)}: …" for f in exercise.fields) + "}"
        return Markup(
            '<div class="mlc-code-hint">Compute the answer with pandas in a code cell, then type it here '
            "or submit it from code: <code>ex.answer({value})</code> or "
            "<code>course.answer({id}, {value})</code>.</div>"
        ).format(value=value, id=json.dumps(exercise.id))

    def read_answer(self) -> Any:
        """Typed text per field; empty fields are left out (no value yet)."""
        return {field_id: box.value.strip() for field_id, box in self.fields.items() if box.value.strip()}

    def show_answer(self, answer: Any) -> None:
        answer = answer or {}
        for field_id, box in self.fields.items():
            box.value = format(answer[field_id], "g") if field_id in answer else ""

    def after_change(self) -> None:
        answer = self.session.answer or {}
        for field_id, state in self.states.items():
            if field_id in answer:
                state.value = Markup("✎ recorded: {}").format(format(answer[field_id], "g"))
            else:
                state.value = "· no value yet: type one"
