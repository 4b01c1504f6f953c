"""multiple_select: tick every right option; wrong ticks take points off (right minus wrong)."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import choice_ids
from course.exercises.answer_samples import choice_sets, json_forms
from course.exercises.blind_play import BlindStrategy, choice_set_play
from course.exercises.disclosure import Judging
from course.exercises.model import COMMON_FIELDS, Choice, Exercise, key_in, parse_choices, require_misconceptions
from course.exercises.practice_key import Sealer, held_key
from course.exercises.results import Part, Score, finish, select_parts, without_credit
from course.exercises.sealed_parts import (
    bare_choices,
    missing_counted,
    picked_select_parts,
    seal_choices,
    ticked_too_many,
)
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
class MultipleSelect(Exercise):
    choices: tuple[Choice, ...] = ()
    key: frozenset[str] = frozenset()

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "choices": [[c.id, c.text] for c in self.choices]}


@register
class MultipleSelectType(ExerciseType[MultipleSelect]):
    name = "multiple_select"
    label = "multiple select"
    definition = MultipleSelect
    partial_credit = ("right_minus_wrong", "none")
    fields = ("choices", "answer")
    parts_are_choices = True
    judging = Judging(explained=1, counts=False, judge_all_from=None, noun="option")

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

    def practice_view(self, exercise: MultipleSelect, answer: list[str], full: Score) -> Score:
        """As the shared rule has it, with the right options left unticked counted, never named."""
        return super().practice_view(
            exercise, answer, replace(full, parts=missing_counted(full.parts, exercise.choices))
        )

    def unjudgeable(self, exercise: MultipleSelect, answer: list[str]) -> str | None:
        return ticked_too_many(len(answer), len(exercise.choices), _right_count(exercise))

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

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: MultipleSelect) -> list[str]:
        return sorted(exercise.key)

    def sample_answers(self, exercise: MultipleSelect, rng: random.Random) -> Iterator[Any]:
        yield None
        yield from choice_sets([c.id for c in exercise.choices], set(exercise.key), rng)

    def wrong_answers(self, exercise: MultipleSelect) -> list[WrongAnswer]:
        right = sorted(exercise.key)
        names = self.key_names(exercise)
        # One right option swapped for the wrong one: an answer that commits (no more ticks than right options),
        # so its Check explains the wrong pick.
        return [
            WrongAnswer(
                [*right[1:], c.id],
                f"wrong pick {c.id!r}",
                c.feedback,
                c.misconception,
                KeyNames(names.groups, f"{exercise.prompt} {c.text}"),
            )
            for c in exercise.choices
            if c.id not in exercise.key
        ]

    def blind_answers(self, exercise: MultipleSelect) -> list[BlindAnswer]:
        ids = [c.id for c in exercise.choices]
        half = ids[: (len(ids) + 1) // 2]
        return [
            BlindAnswer("tick every option", ids),
            BlindAnswer("tick the first option only", ids[:1]),
            BlindAnswer("tick the first half of the options", half),
            BlindAnswer("tick the second half of the options", ids[len(half) :]),
        ]

    def blind_strategies(self, exercise: MultipleSelect) -> list[BlindStrategy]:
        ids = [c.id for c in exercise.choices]
        noun = "(?:right )?option"
        return [
            *super().blind_strategies(exercise),
            BlindStrategy("tick every option, keep what is marked right", choice_set_play(ids, noun, lambda n: n)),
            BlindStrategy("tick half the options at a time", choice_set_play(ids, noun, lambda n: (n + 1) // 2)),
            BlindStrategy("tick two options at a time", choice_set_play(ids, noun, lambda n: 2)),
            BlindStrategy("tick one option at a time", choice_set_play(ids, noun, lambda n: 1)),
        ]

    def reordered(self, exercise: MultipleSelect, rng: random.Random) -> MultipleSelect:
        return replace(exercise, choices=tuple(rng.sample(exercise.choices, len(exercise.choices))))

    def key_names(self, exercise: MultipleSelect) -> KeyNames:
        wrong = " ".join(c.text for c in exercise.choices if c.id not in exercise.key)
        return KeyNames(
            (tuple(c.text for c in exercise.choices if c.id in exercise.key),), f"{exercise.prompt} {wrong}"
        )

    def key_traces(self, exercise: MultipleSelect) -> KeyTraces:
        key = self.normalise(exercise, self.key_answer(exercise))  # in the order of the options
        return KeyTraces(
            file_forms=(*json_forms(key), f"answer: [{', '.join(key)}]"),
            texts=tuple(c.feedback for c in exercise.choices if c.id in exercise.key),
            id_sets=(tuple(sorted(key)),),
        )

    def early_texts(self, exercise: MultipleSelect) -> list[EarlyText]:
        return choice_early_texts(exercise, exercise.choices, frozenset(exercise.key))

    def learner_texts(self, exercise: MultipleSelect) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints, *(c.text for c in exercise.choices)]

    def option_groups(self, exercise: MultipleSelect) -> list[OptionGroup]:
        keyed = frozenset(exercise.key)
        return [OptionGroup(exercise.id, exercise.choices, keyed, False, question_text(exercise))]


def _right_count(exercise: MultipleSelect) -> int:
    """How many options are right: from the key, or from the learner edition's sealed counts."""
    return len(exercise.key) if held_key(exercise) else int(exercise.practice.counts["right"])


def _finish(exercise: MultipleSelect, parts: list[Part], right: int, ticked: int, right_count: int) -> Score:
    """Total the parts; with partial_credit: none, only exactly the right options score."""
    if exercise.partial_credit == "none" and not (right == ticked == right_count):
        parts = without_credit(parts)
    wrong = ticked - right
    detail = f"{right} of {right_count} right options selected" + (
        f", {wrong} wrong (each wrong pick takes points off)." if wrong else "."
    )
    return finish(exercise, parts, detail)
