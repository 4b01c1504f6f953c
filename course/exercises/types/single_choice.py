"""single_choice: pick one option; each wrong option names the misconception it diagnoses."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import choice_id
from course.exercises.blind_play import BlindStrategy, try_each
from course.exercises.model import COMMON_FIELDS, Choice, Exercise, key_in, parse_choices, require_misconceptions
from course.exercises.practice_key import Sealer
from course.exercises.results import Score, choice_part, finish
from course.exercises.sealed_parts import bare_choices, picked_choice_part, seal_choices
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    choice_early_texts,
    question_text,
)
from course.exercises.type_registry import register
from course.exercises.wording import MISCONCEPTIONS, short


@dataclass(frozen=True)
class SingleChoice(Exercise):
    choices: tuple[Choice, ...] = ()
    key: str = ""

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "choices": [[c.id, c.text] for c in self.choices]}


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

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: SingleChoice) -> str:
        return exercise.key

    def sample_answers(self, exercise: SingleChoice, rng: random.Random) -> Iterator[Any]:
        yield None
        yield from (c.id for c in exercise.choices)

    def wrong_answers(self, exercise: SingleChoice) -> list[WrongAnswer]:
        names = self.key_names(exercise)
        return [
            WrongAnswer(
                c.id,
                f"wrong pick {c.id!r}",
                c.feedback,
                c.misconception,
                KeyNames(names.groups, f"{exercise.prompt} {c.text}"),
            )
            for c in exercise.choices
            if c.id != exercise.key
        ]

    def blind_answers(self, exercise: SingleChoice) -> list[BlindAnswer]:
        return [
            BlindAnswer("the first option", exercise.choices[0].id),
            BlindAnswer("the last option", exercise.choices[-1].id),
            BlindAnswer("the longest option", max(exercise.choices, key=lambda c: len(c.text)).id),
        ]

    def blind_strategies(self, exercise: SingleChoice) -> list[BlindStrategy]:
        return [*super().blind_strategies(exercise), try_each([c.id for c in exercise.choices])]

    def reordered(self, exercise: SingleChoice, rng: random.Random) -> SingleChoice:
        return replace(exercise, choices=tuple(rng.sample(exercise.choices, len(exercise.choices))))

    def key_names(self, exercise: SingleChoice) -> KeyNames:
        wrong = " ".join(c.text for c in exercise.choices if c.id != exercise.key)
        return KeyNames(((exercise.choice(exercise.key).text,),), f"{exercise.prompt} {wrong}")

    def key_traces(self, exercise: SingleChoice) -> KeyTraces:
        key = exercise.key
        return KeyTraces(
            file_forms=(f"answer: {key}\n", f'answer: "{key}"', f'"key": "{key}"'),
            texts=(exercise.choice(key).feedback,),
        )

    def early_texts(self, exercise: SingleChoice) -> list[EarlyText]:
        return choice_early_texts(exercise, exercise.choices, frozenset({exercise.key}))

    def learner_texts(self, exercise: SingleChoice) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints, *(c.text for c in exercise.choices)]

    def option_groups(self, exercise: SingleChoice) -> list[OptionGroup]:
        keyed = frozenset({exercise.key})
        return [OptionGroup(exercise.id, exercise.choices, keyed, True, question_text(exercise))]


def _detail(correct: bool) -> str:
    return "Correct." if correct else "Not this one; read the feedback and try again."
