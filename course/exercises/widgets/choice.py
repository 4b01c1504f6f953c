"""Single choice (radio buttons) and multiple select (check boxes)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.definitions import Choice, MultipleSelect, SingleChoice
from course.exercises.scoring import Part, Score
from course.exercises.widgets.base import ExerciseWidget, labelled, part_item


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


def choice_boxes(choices: tuple[Choice, ...], observer: Any) -> dict[str, widgets.Checkbox]:
    """A labelled check box per choice, keyed by choice id."""
    boxes = {}
    for choice in choices:
        box = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto"))
        labelled(box, choice.text)
        box.observe(observer, names="value")
        boxes[choice.id] = box
    return boxes


def select_items(
    parts: tuple[Part, ...] | list[Part], choices: tuple[Choice, ...], reveal: bool, noun: str
) -> list[str]:
    """Feedback items for a set of check boxes.

    The scorer adds a part for each right option left unticked, labelled with
    that option; listing those would give the answer away, so until explanations
    are due they are only counted.
    """
    texts = {c.text for c in choices}
    shown: set[str] = set()
    items, missed = [], []
    for part in parts:
        if part.given is None and not part.correct and part.label in texts:
            missed.append(part)
        else:
            items.append(part_item(part, reveal, shown))
    if missed and reveal:
        items += [part_item(part, reveal, shown, label=f"Also right: {part.label}") for part in missed]
    elif missed:
        count = len(missed)
        plural = "s" if count != 1 else ""
        items.append(
            Markup('<li class="mlc-bad"><span class="mlc-mark" aria-hidden="true">✘</span>{}</li>').format(
                f"{count} {noun}{plural} not selected yet."
            )
        )
    return items
