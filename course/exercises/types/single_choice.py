"""single_choice: pick one option; each wrong option names the misconception it diagnoses."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from course.datafile import Fields
from course.exercises.answers import choice_id
from course.exercises.definitions import COMMON_FIELDS, SingleChoice, key_in, parse_choices, require_misconceptions
from course.exercises.practice_key import Sealer
from course.exercises.scoring import Score, choice_part, finish
from course.exercises.sealed_parts import bare_choices, picked_choice_part, seal_choices
from course.exercises.types.base import ExerciseType
from course.exercises.types.registry import register
from course.exercises.types.wording import MISCONCEPTIONS, short

if TYPE_CHECKING:
    from course.exercises.widgets.base import ExerciseWidget


@register
class SingleChoiceType(ExerciseType[SingleChoice]):
    name = "single_choice"
    label = "single choice"
    definition = SingleChoice
    partial_credit = ("none",)
    fields = ("choices", "answer")
    parts_are_choices = True

    def parse(self, f: Fields, common: dict[str, Any]) -> SingleChoice:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        choices = parse_choices(f)
        key = key_in(f, "answer", f.text("answer"), [c.id for c in choices])
        require_misconceptions(f, "choices", choices, {key})
        return SingleChoice(**common, choices=choices, key=key)

    def normalise(self, exercise: SingleChoice, answer: Any) -> str:
        return choice_id(exercise, exercise.choices, answer)

    def score(self, exercise: SingleChoice, answer: str) -> Score:
        chosen = exercise.choice(answer)
        part = choice_part(chosen, exercise.points, answer == exercise.key)
        return finish(exercise, [part], _detail(part.correct))

    def learner_definition(self, exercise: SingleChoice) -> SingleChoice:
        return replace(exercise, key="", choices=bare_choices(exercise.choices))

    def seal(self, exercise: SingleChoice, sealer: Sealer) -> None:
        seal_choices(sealer, "choice", exercise.choices, {exercise.key})

    def check_sealed(self, exercise: SingleChoice, answer: str) -> Score:
        part = picked_choice_part(exercise, "choice", exercise.choice(answer), exercise.points)
        return finish(exercise, [part], _detail(part.correct))

    def live_options(self, exercise: SingleChoice) -> tuple[str, list[tuple[str, str]]]:
        return "option", [(c.id, c.text) for c in exercise.choices]

    def picked(self, exercise: SingleChoice, answer: str) -> list[str]:
        return [answer] if answer else []

    def key_options(self, exercise: SingleChoice) -> frozenset[str]:
        return frozenset({exercise.key})

    def describe_progress(self, exercise: SingleChoice, answer: str) -> str:
        return f"choice {answer}"

    def describe_answer(self, exercise: SingleChoice, answer: str) -> str:
        return exercise.choice(answer).text

    def reveal_key(self, exercise: SingleChoice, answer: Any) -> str:
        right = exercise.choice(exercise.key)
        return f"{right.text}. {right.feedback}"

    def key_in_words(self, exercise: SingleChoice) -> str:
        return short(exercise.choice(exercise.key).text)

    def misconception_lines(self, exercise: SingleChoice) -> tuple[str, list[str]]:
        lines = [f"- *{c.misconception}* (option: {c.text})" for c in exercise.choices if c.id != exercise.key]
        return MISCONCEPTIONS, lines

    def widget(self) -> type[ExerciseWidget]:
        from course.exercises.widgets.choice import SingleChoiceWidget

        return SingleChoiceWidget


def _detail(correct: bool) -> str:
    return "Correct." if correct else "Not this one; read the feedback and try again."
