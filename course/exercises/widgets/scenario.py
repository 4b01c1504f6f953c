"""Scenario: an organisation's profile, a topology to choose and the reasons for it."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.results import Score
from course.exercises.types.scenario import Scenario, ScenarioType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows
from course.exercises.widgets.options import choice_boxes, select_items


@shows(ScenarioType)
class ScenarioWidget(ExerciseWidget):
    """A fact table, then topology radio buttons and reason check boxes."""

    def build_body(self) -> widgets.Widget:
        exercise: Scenario = self.session.exercise  # type: ignore[assignment]
        rows = Markup("").join(
            Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(k, v) for k, v in exercise.profile
        )
        facts = widgets.HTML(
            Markup('<table class="mlc-facts"><caption class="mlc-sr">The organisation</caption>{}</table>').format(rows)
        )
        self.topology = widgets.RadioButtons(
            options=[(c.text, c.id) for c in exercise.topologies],
            value=None,
            layout=widgets.Layout(width="auto"),
            style={"description_width": "initial"},
        )
        labelled(self.topology, "Topology")
        self.topology.observe(self.answer_changed, names="value")
        self.reasons = choice_boxes(exercise.reasons, self.answer_changed)
        reasons_head = widgets.HTML(
            '<p class="mlc-part-heading">Reasons (select every one that applies; each wrong one takes points off)</p>'
        )
        box = widgets.VBox([facts, self.topology, reasons_head, *self.reasons.values()])
        box.add_class("mlc-choices")
        return box

    def read_answer(self) -> Any:
        return {
            "topology": self.topology.value,
            "reasons": [choice_id for choice_id, box in self.reasons.items() if box.value],
        }

    def show_answer(self, answer: Any) -> None:
        answer = answer or {}
        self.topology.value = answer.get("topology")
        chosen = set(answer.get("reasons", []))
        for choice_id, box in self.reasons.items():
            box.value = choice_id in chosen

    def part_lines(self, score: Score, reveal: bool) -> list[str]:
        exercise: Scenario = self.session.exercise  # type: ignore[assignment]
        return select_items(score.parts, exercise.reasons, reveal, "right reason")
