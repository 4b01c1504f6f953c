"""ordering: put 4 to 6 steps in order; each step that follows the right step earns its share (adjacent pairs).

The score counts adjacent pairs: the learner's first step, and each step after the one before it,
earns points/steps when the key has it in exactly that place (first, or right after that step).
Adjacent pairs rather than Kendall tau, because:

- guessing earns little: a shuffled order keeps on average one pair of the key, about 1/steps of
  the points, where Kendall tau gives half of them to any random order;
- the parts are what a learner can act on: "B does not come right after A" names two steps side
  by side, and its feedback says why B cannot come there (too soon: something must happen first;
  too late: it cannot wait for A), never where B goes;
- one step moved far costs the two or three pairs around it, not every pair it crosses.

Each step's `explanation` says why it comes where it does (shown once the pair leading to it is
right); `too_early` says why it cannot come before what it depends on, `too_late` why it cannot
wait. The steps are shown in the order the definition lists them, which must not be the key.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError, choice_id, type_name
from course.exercises.answer_samples import json_forms
from course.exercises.blind_play import BlindStrategy, Check, is_right
from course.exercises.disclosure import Judging
from course.exercises.model import COMMON_FIELDS, Choice, Exercise, key_in
from course.exercises.practice_key import Sealer
from course.exercises.results import Part, Score, finish, without_credit
from course.exercises.sealed_parts import open_value
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
    question_text,
)
from course.exercises.type_registry import register
from course.exercises.wording import MISCONCEPTIONS, first_sentence, short

MIN_STEPS, MAX_STEPS = 4, 6
START = ""
"""The step before the first: the pair (START, s) says that s comes first."""
TOO_EARLY, TOO_LATE = "too soon", "left too late"
POSITION_WORDS = ("first", "second", "last", "final", "opening", "closing", "start", "end")
"""How a placement's feedback would say where a step goes rather than why it cannot stand where it is."""


@dataclass(frozen=True)
class Step:
    """One step to place. The texts after `text` are the instructor's (the learner edition seals them)."""

    id: str
    text: str
    explanation: str = ""
    """Why the step comes where it does: shown once the step follows the right one."""
    too_early: str = ""
    """Why it cannot come before what it depends on (empty for the key's first step, never too early)."""
    too_late: str = ""
    """Why it cannot wait (empty for the key's last step, never too late)."""


@dataclass(frozen=True)
class Ordering(Exercise):
    steps: tuple[Step, ...] = ()
    """In the order shown to the learner."""
    key: tuple[str, ...] = ()
    """The step ids in the right order (empty in the learner edition)."""

    def step(self, step_id: str) -> Step:
        return next(s for s in self.steps if s.id == step_id)

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "steps": [[s.id, s.text] for s in self.steps]}


@register
class OrderingType(ExerciseType[Ordering]):
    name = "ordering"
    label = "put in order"
    definition = Ordering
    partial_credit = ("adjacent_pairs", "none")
    fields = ("steps", "answer")
    judging = Judging(noun="step")

    def parse(self, f: Fields, common: dict[str, Any]) -> Ordering:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        records = list(f.records("steps", allow_empty=False))
        if not MIN_STEPS <= len(records) <= MAX_STEPS:
            raise f.error("steps", f"expected {MIN_STEPS} to {MAX_STEPS} steps, got {len(records)}")
        ids = [s.text("id") for s in records]
        if len(set(ids)) != len(ids):
            raise f.error("steps", "step ids must be unique")
        key = tuple(key_in(f, "answer", value, ids, "step") for value in f.texts("answer", allow_empty=False))
        if sorted(key) != sorted(ids):
            raise f.error("answer", f"expected every step id once, in the right order ({', '.join(ids)})")
        kept = _key_pairs(key) & _key_pairs(tuple(ids))
        if kept:
            before, after = sorted(kept)[0]
            raise f.error(
                "steps",
                f"the order shown already has {after!r} {'first' if before == START else f'right after {before!r}'}, "
                "as in the answer: list the steps so that no step follows the one it follows in the answer "
                "(the order shown would earn points without a thought)",
            )
        steps = []
        for record, step_id in zip(records, ids, strict=True):
            record.reject_unknown(("id", "text", "explanation", "too_early", "too_late"))
            position = key.index(step_id)
            # Only the feedback a wrong placement can call for is asked for: the first step is never too
            # early and the last never too late.
            too_early = record.text("too_early") if position > 0 else record.text("too_early", "")
            too_late = record.text("too_late") if position < len(key) - 1 else record.text("too_late", "")
            steps.append(Step(step_id, record.text("text"), record.text("explanation"), too_early, too_late))
        return Ordering(**common, steps=tuple(steps), key=key)

    def normalise(self, exercise: Ordering, answer: Any) -> list[str]:
        if isinstance(answer, str) or not isinstance(answer, list | tuple):
            raise AnswerError(f"{exercise.id}: expected a list of the step ids in order, got {type_name(answer)}")
        options = tuple(Choice(s.id, s.text, "") for s in exercise.steps)
        order = [choice_id(exercise, options, item, "step") for item in answer]
        if len(set(order)) != len(order):
            raise AnswerError(f"{exercise.id}: each step goes in the order once ({', '.join(order)})")
        if order and len(order) != len(exercise.steps):
            missing = ", ".join(s.id for s in exercise.steps if s.id not in order)
            raise AnswerError(f"{exercise.id}: put every step in the order; missing: {missing}")
        return order

    def score(self, exercise: Ordering, answer: list[str]) -> Score:
        return _score_pairs(exercise, answer, lambda before, step: _placed(exercise, before, step))

    # --- the learner edition: one sealed entry per ordered pair of steps (and per possible first step) -----

    def learner_definition(self, exercise: Ordering) -> Ordering:
        return replace(exercise, key=(), steps=tuple(Step(s.id, s.text) for s in exercise.steps))

    def seal(self, exercise: Ordering, sealer: Sealer) -> None:
        for before in (START, *exercise.key):
            for step in exercise.steps:
                if step.id != before:
                    right, feedback, misconception = _placed(exercise, before, step)
                    sealer.add(
                        "pair",
                        [before, step.id],
                        {"right": right, "feedback": feedback, "misconception": misconception},
                    )

    def check_sealed(self, exercise: Ordering, answer: list[str]) -> Score:
        def judge(before: str, step: Step) -> tuple[bool, str, str | None]:
            opened = open_value(exercise, "pair", [before, step.id])
            return opened.right, opened.feedback, opened.misconception

        return _score_pairs(exercise, answer, judge)

    def unjudgeable(self, exercise: Ordering, answer: list[str]) -> str | None:
        shown = [s.id for s in exercise.steps]
        if answer not in (shown, shown[::-1]):
            return None
        how = "in the order they are listed" if answer == shown else "in the order they are listed, reversed"
        return (
            f"These are the steps {how}: the list is shuffled on purpose, so its order says nothing about yours. "
            "Put the steps in the order you would take them, then check again."
        )

    def live_options(self, exercise: Ordering) -> tuple[str, list[tuple[str, str]]]:
        return "first step", [(s.id, s.text) for s in exercise.steps]

    def picked(self, exercise: Ordering, answer: list[str]) -> list[str]:
        return answer[:1]

    def key_options(self, exercise: Ordering) -> frozenset[str]:
        return frozenset(exercise.key[:1])

    # --- words ------------------------------------------------------------------------------------------------

    def describe_progress(self, exercise: Ordering, answer: list[str]) -> str:
        return f"{len(answer)} steps in order"

    def describe_answer(self, exercise: Ordering, answer: list[str]) -> str:
        return "\n".join(f"{n}. {exercise.step(step_id).text}" for n, step_id in enumerate(answer, 1))

    def reveal_key(self, exercise: Ordering, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: Ordering) -> str:
        return " → ".join(short(exercise.step(step_id).text, 40) for step_id in exercise.key)

    def misconception_lines(self, exercise: Ordering) -> tuple[str, list[str]]:
        lines = []
        for step_id in exercise.key:
            step = exercise.step(step_id)
            if step.too_early:
                lines.append(f"- *{step.text}: {TOO_EARLY}*. {first_sentence(step.too_early)}")
            if step.too_late:
                lines.append(f"- *{step.text}: {TOO_LATE}*. {first_sentence(step.too_late)}")
        return MISCONCEPTIONS, lines

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: Ordering) -> list[str]:
        return list(exercise.key)

    def sample_answers(self, exercise: Ordering, rng: random.Random) -> Iterator[Any]:
        yield None
        key = list(exercise.key)
        yield key
        yield [s.id for s in exercise.steps]
        yield key[::-1]
        for i in range(len(key)):
            for j in range(i + 1, len(key)):
                swapped = list(key)
                swapped[i], swapped[j] = swapped[j], swapped[i]
                yield swapped
        for _ in range(20):
            yield rng.sample(key, len(key))

    def wrong_answers(self, exercise: Ordering) -> list[WrongAnswer]:
        """Each step swapped with the one after it: the later one now comes too soon."""
        found = []
        for index in range(len(exercise.key) - 1):
            order = list(exercise.key)
            order[index], order[index + 1] = order[index + 1], order[index]
            step = exercise.step(order[index])
            found.append(
                WrongAnswer(
                    order,
                    f"{step.id!r} moved one place earlier",
                    step.too_early,
                    f"{step.text}: {TOO_EARLY}",
                    KeyNames((), exercise.prompt),
                )
            )
        return found

    def blind_answers(self, exercise: Ordering) -> list[BlindAnswer]:
        shown = [s.id for s in exercise.steps]
        by_text = sorted(exercise.steps, key=lambda s: s.text.lower())
        by_length = sorted(exercise.steps, key=lambda s: len(s.text))
        return [
            BlindAnswer("the steps in the order shown", shown),
            BlindAnswer("the order shown, reversed", shown[::-1]),
            BlindAnswer("alphabetical order", [s.id for s in by_text]),
            BlindAnswer("shortest step first", [s.id for s in by_length]),
        ]

    def blind_strategies(self, exercise: Ordering) -> list[BlindStrategy]:
        return [
            *super().blind_strategies(exercise),
            BlindStrategy("keep each step marked right after its step, try another for the rest", _follow(exercise)),
        ]

    def reordered(self, exercise: Ordering, rng: random.Random) -> Ordering:
        return replace(exercise, steps=tuple(rng.sample(exercise.steps, len(exercise.steps))))

    def key_names(self, exercise: Ordering) -> KeyNames:
        return KeyNames((), exercise.prompt)  # every step is shown; the key is their order

    def key_traces(self, exercise: Ordering) -> KeyTraces:
        key = list(exercise.key)
        return KeyTraces(
            file_forms=(*json_forms(key), f"answer: [{', '.join(key)}]"),
            texts=tuple(s.explanation for s in exercise.steps),
        )

    def early_texts(self, exercise: Ordering) -> list[EarlyText]:
        # The key is each step's place: a "too soon" or "left too late" says why the step cannot stand
        # there, never its place (a position word or a number the question does not state itself).
        question = question_text(exercise)
        known = (question, *(s.text for s in exercise.steps))
        found = [
            EarlyText(
                f"{exercise.id} step {step.id!r} ({label})",
                text,
                key=POSITION_WORDS,
                known=known,
                numbers_from=(question,),
            )
            for step in exercise.steps
            for label, text in ((TOO_EARLY, step.too_early), (TOO_LATE, step.too_late))
            if text
        ]
        return found + hint_texts(exercise, POSITION_WORDS, known, (question,))

    def learner_texts(self, exercise: Ordering) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints, *(s.text for s in exercise.steps)]

    def option_groups(self, exercise: Ordering) -> list[OptionGroup]:
        return []  # every step is placed; the key is their order, not one of them


def _follow(exercise: Ordering) -> Any:
    """Blind play: build the order step by step from the pairs the checks marked right, trying a step
    not yet marked wrong wherever no pair is known."""

    def play(check: Check) -> Iterator[Any]:
        steps = [s.id for s in exercise.steps]
        steps = steps[1:] + steps[:1]  # the order shown (or reversed) is not judged: start one step on
        right: dict[str, str] = {}
        wrong: set[tuple[str, str]] = set()
        while True:
            order: list[str] = []
            before = START
            while len(order) < len(steps):
                left = [s for s in steps if s not in order]
                known = right.get(before)
                fresh = [s for s in left if (before, s) not in wrong]
                step = known if known in left else (fresh or left)[0]
                order.append(step)
                before = step
            yield order
            result = check(order)
            if is_right(result):
                return
            learnt = len(right) + len(wrong)
            for part in result.parts:
                number = part.label.split(".", 1)[0]
                if not number.isdigit() or not 0 < int(number) <= len(order):
                    continue
                index = int(number) - 1
                pair = (order[index - 1] if index else START, order[index])
                if part.correct:
                    right[pair[0]] = pair[1]
                else:
                    wrong.add(pair)
            if len(right) + len(wrong) == learnt:
                steps = steps[1:] + steps[:1]

    return play


def _key_pairs(order: tuple[str, ...]) -> set[tuple[str, str]]:
    """The adjacent pairs of an order, with (START, first)."""
    return set(zip((START, *order), order, strict=False))


def _placed(exercise: Ordering, before: str, step: Step) -> tuple[bool, str, str | None]:
    """Is `step` right after `before` (START: first) in the key? With the feedback and misconception to show."""
    where = exercise.key.index(step.id)
    if where == (0 if before == START else exercise.key.index(before) + 1):
        return True, step.explanation, None
    if before != START and where < exercise.key.index(before):
        return False, step.too_late, f"{step.text}: {TOO_LATE}"
    return False, step.too_early, f"{step.text}: {TOO_EARLY}"


def _score_pairs(exercise: Ordering, answer: list[str], judge: Any) -> Score:
    """One part per step of the learner's order: is it in the right place after the step before it?
    `judge(before, step)` says (right, feedback, misconception), from the key or from the sealed entries."""
    unit = exercise.points / len(exercise.steps)
    parts = []
    before = START
    for number, step_id in enumerate(answer, 1):
        step = exercise.step(step_id)
        right, feedback, misconception = judge(before, step)
        given = "first" if before == START else f"after {exercise.step(before).text}"
        label = f"{number}. {step.text}"
        if right:
            parts.append(Part(label, unit, unit, True, feedback or "In the right place.", feedback, given))
        else:
            parts.append(Part(label, 0.0, unit, False, feedback, "", given, misconception))
        before = step_id
    right_count = sum(p.correct for p in parts)
    if exercise.partial_credit == "none" and right_count != len(parts):
        parts = without_credit(parts)
    detail = f"{right_count} of {len(exercise.steps)} steps follow the right step."
    return finish(exercise, parts, detail)
