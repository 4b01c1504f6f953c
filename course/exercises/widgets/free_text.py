"""Free text: a reflection, recorded as it is typed and collected for the instructor."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.results import Score
from course.exercises.types.free_text import FreeText, FreeTextType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows


@shows(FreeTextType)
class FreeTextWidget(ExerciseWidget):
    """A text area with a live word count; never scored."""

    keyboard_note = None  # text boxes take every key, so no notebook shortcut interferes

    def build_body(self) -> widgets.Widget:
        exercise: FreeText = self.session.exercise  # type: ignore[assignment]
        self.text = widgets.Textarea(
            value="",
            placeholder=f"Write {exercise.label[:1].lower()}{exercise.label[1:]} here.",
            continuous_update=True,
            layout=widgets.Layout(width="100%"),
            style={"description_width": "initial"},
        )
        labelled(self.text, exercise.label)
        self.text.add_class("mlc-textarea")
        self.text.add_class("mlc-labelled")
        self.text.observe(self.answer_changed, names="value")
        self.word_count = widgets.HTML()
        self.word_count.add_class("mlc-wordcount")
        note = widgets.HTML(
            f"Not scored: your text is collected for your instructor. Up to {exercise.max_chars} characters are kept."
        )
        note.add_class("mlc-legend")
        return widgets.VBox([self.text, self.word_count, note])

    def read_answer(self) -> Any:
        return self.text.value

    def part_lines(self, score: Score, reveal: bool) -> list[str]:
        """None: the summary says what was collected, and an unscored text is never marked right or wrong."""
        return []

    def show_answer(self, answer: Any) -> None:
        self.text.value = answer or ""

    def after_change(self) -> None:
        exercise: FreeText = self.session.exercise  # type: ignore[assignment]
        words = len(self.text.value.split())
        aim = f" (aim for at least {exercise.min_words})" if exercise.min_words else ""
        mark = "✔ " if exercise.min_words and words >= exercise.min_words else ""
        self.word_count.value = Markup("{}{} word{}{}").format(mark, words, "s" if words != 1 else "", aim)
