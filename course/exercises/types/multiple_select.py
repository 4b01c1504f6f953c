"""multiple_select: tick every right option; wrong ticks take points off (right minus wrong)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from course.datafile import Fields
from course.exercises.answers import choice_ids
from course.exercises.definitions import COMMON_FIELDS, MultipleSelect, key_in, parse_choices, require_misconceptions
from course.exercises.practice_key import Sealer
from course.exercises.scoring import Part, Score, finish, select_parts, without_credit
from course.exercises.sealed_parts import bare_choices, picked_select_parts, seal_choices
from course.exercises.types.base import ExerciseType
from course.exercises.types.registry import register
from course.exercises.types.wording import MISCONCEPTIONS, short

if TYPE_CHECKING:
    from course.exercises.widgets.base import ExerciseWidget


@register
class MultipleSelectType(ExerciseType[MultipleSelect]):
    name = "multiple_select"
    label = "multiple select"
    definition = MultipleSelect
    partial_credit = ("right_minus_wrong", "none")
    fields = ("choices", "answer")
    parts_are_choices = True

    def parse(self, f: Fields, common: dict[str, Any]) -> MultipleSelect:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        choices = parse_choices(f)
        ids = [c.id for c in choices]
        key = frozenset(key_in(f, "answer", k, ids) for k in f.texts("answer", allow_empty=False))
        if len(key) == len(choices):
            raise f.error("answer", "every choice is correct: add wrong choices, or the question tests nothing")
        require_misconceptions(f, "choices", choices, set(key))
        return MultipleSelect(**common, choices=choices, key=key)

    def normalise(self, exercise: MultipleSelect, answer: Any) -> list[str]:
        return choice_ids(exercise, exercise.choices, answer)

    def score(self, exercise: MultipleSelect, answer: list[str]) -> Score:
        selected = set(answer)
        parts = select_parts(exercise.choices, exercise.key, selected, exercise.points)
        return _finish(exercise, parts, len(selected & exercise.key), len(selected), len(exercise.key))

    def learner_definition(self, exercise: MultipleSelect) -> MultipleSelect:
        return replace(exercise, key=frozenset(), choices=bare_choices(exercise.choices))

    def seal(self, exercise: MultipleSelect, sealer: Sealer) -> None:
        seal_choices(sealer, "choice", exercise.choices, exercise.key)
        sealer.counts["right"] = len(exercise.key)

    def check_sealed(self, exercise: MultipleSelect, answer: list[str]) -> Score:
        right_count = int(exercise.practice.counts["right"])
        selected = set(answer)
        parts, right = picked_select_parts(exercise, "choice", exercise.choices, selected, exercise.points, right_count)
        return _finish(exercise, parts, right, len(selected), right_count)

    def live_options(self, exercise: MultipleSelect) -> tuple[str, list[tuple[str, str]]]:
        return "ticked", [(c.id, c.text) for c in exercise.choices]

    def picked(self, exercise: MultipleSelect, answer: list[str]) -> list[str]:
        return list(answer)

    def key_options(self, exercise: MultipleSelect) -> frozenset[str]:
        return exercise.key

    def describe_progress(self, exercise: MultipleSelect, answer: list[str]) -> str:
        return f"{len(answer)} selected"

    def describe_answer(self, exercise: MultipleSelect, answer: list[str]) -> str:
        return "; ".join(exercise.choice(c).text for c in answer)

    def reveal_key(self, exercise: MultipleSelect, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: MultipleSelect) -> str:
        return "; ".join(short(c.text, 50) for c in exercise.choices if c.id in exercise.key)

    def misconception_lines(self, exercise: MultipleSelect) -> tuple[str, list[str]]:
        lines = [f"- *{c.misconception}* (option: {c.text})" for c in exercise.choices if c.id not in exercise.key]
        return MISCONCEPTIONS, lines

    def widget(self) -> type[ExerciseWidget]:
        from course.exercises.widgets.choice import MultipleSelectWidget

        return MultipleSelectWidget


def _finish(exercise: MultipleSelect, parts: list[Part], right: int, ticked: int, right_count: int) -> Score:
    """Total the parts; with partial_credit: none, only exactly the right options score."""
    if exercise.partial_credit == "none" and not (right == ticked == right_count):
        parts = without_credit(parts)
    wrong = ticked - right
    detail = f"{right} of {right_count} right options selected" + (
        f", {wrong} wrong (each wrong pick takes points off)." if wrong else "."
    )
    return finish(exercise, parts, detail)
