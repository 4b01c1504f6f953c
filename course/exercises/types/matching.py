"""matching: place each item in a category; a placement may carry its own feedback and misconception."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError, plain, type_name
from course.exercises.answer_samples import json_forms
from course.exercises.blind_play import BlindStrategy, Check, is_right
from course.exercises.disclosure import Judging
from course.exercises.model import COMMON_FIELDS, Exercise, key_in
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
from course.exercises.wording import PLACEMENTS, first_sentence, short


@dataclass(frozen=True)
class Category:
    id: str
    text: str


@dataclass(frozen=True)
class MatchItem:
    """An item to place in a category. `accepted` may hold several categories
    (Airflow belongs to both the MLOps and the Data Engineer toolbox)."""

    id: str
    text: str
    accepted: frozenset[str]
    explanation: str
    misconceptions: Mapping[str, str] = field(default_factory=dict)
    """Wrong category to the feedback a learner gets for it."""
    misconception_names: Mapping[str, str] = field(default_factory=dict)
    """Wrong category to the misconception it shows, named for the class report."""


@dataclass(frozen=True)
class Matching(Exercise):
    items: tuple[MatchItem, ...] = ()
    categories: tuple[Category, ...] = ()

    def category_text(self, category_id: str) -> str:
        return next(c.text for c in self.categories if c.id == category_id)

    def learner_view(self) -> dict[str, Any]:
        return {
            **super().learner_view(),
            "items": [[i.id, i.text] for i in self.items],
            "categories": [[c.id, c.text] for c in self.categories],
        }


@register
class MatchingType(ExerciseType[Matching]):
    name = "matching"
    label = "matching"
    definition = Matching
    partial_credit = ("per_item", "none")
    fields = ("categories", "items")
    judging = Judging(noun="item")

    def parse(self, f: Fields, common: dict[str, Any]) -> Matching:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        categories = []
        for c in f.records("categories", allow_empty=False):
            c.reject_unknown(("id", "text"))
            categories.append(Category(c.text("id"), c.text("text")))
        category_ids = [c.id for c in categories]
        if len(set(category_ids)) != len(category_ids):
            raise f.error("categories", "category ids must be unique")
        items = [self._item(i, category_ids) for i in f.records("items", allow_empty=False)]
        if len({i.id for i in items}) != len(items):
            raise f.error("items", "item ids must be unique")
        return Matching(**common, items=tuple(items), categories=tuple(categories))

    @staticmethod
    def _item(i: Fields, category_ids: list[str]) -> MatchItem:
        i.reject_unknown(("id", "text", "answer", "explanation", "misconceptions"))
        raw = i.raw("answer")
        accepted = [raw] if isinstance(raw, str) else list(i.texts("answer", allow_empty=False))
        for value in accepted:
            key_in(i, "answer", value, category_ids, "categorie")
        misconceptions: dict[str, str] = {}
        names: dict[str, str] = {}
        mis = i.mapping("misconceptions", {})
        for category in mis.data:
            name = str(category)
            key_in(mis, name, name, category_ids, "categorie")
            if category in accepted:
                raise mis.error(name, "is an accepted answer, so it is not a misconception")
            if isinstance(mis.raw(name), Mapping):
                entry = mis.mapping(name)
                entry.reject_unknown(("misconception", "feedback"))
                names[name] = entry.text("misconception")
                misconceptions[name] = entry.text("feedback")
            else:
                misconceptions[name] = mis.text(name)
        return MatchItem(
            i.text("id"), i.text("text"), frozenset(accepted), i.text("explanation"), misconceptions, names
        )

    def normalise(self, exercise: Matching, answer: Any) -> dict[str, str]:
        answer = plain(answer)
        if not isinstance(answer, Mapping):
            raise AnswerError(f"{exercise.id}: expected a mapping of item to category, got {type_name(answer)}")
        items = {i.id: i for i in exercise.items} | {i.text: i for i in exercise.items}
        categories = {c.id: c.id for c in exercise.categories} | {c.text: c.id for c in exercise.categories}
        out: dict[str, str] = {}
        for raw_item, raw_category in answer.items():
            item = items.get(raw_item) if isinstance(raw_item, str) else None
            if item is None:
                raise AnswerError(f"{exercise.id}: {str(raw_item)[:80]!r} is not an item of this exercise")
            if raw_category is None or raw_category == "":
                continue
            category = categories.get(raw_category) if isinstance(raw_category, str) else None
            if category is None:
                names = ", ".join(c.id for c in exercise.categories)
                raise AnswerError(
                    f"{exercise.id}: {str(raw_category)[:80]!r} for {item.id!r} is not a category ({names})"
                )
            out[item.id] = category
        order = [i.id for i in exercise.items]
        return {k: out[k] for k in sorted(out, key=order.index)}

    def score(self, exercise: Matching, answer: dict[str, str]) -> Score:
        unit = exercise.points / len(exercise.items)
        parts = []
        for item in exercise.items:
            placed = answer.get(item.id)
            if placed is None:
                parts.append(_unplaced(item, unit, item.explanation))
            elif placed in item.accepted:
                parts.append(_placement(item, unit, exercise.category_text(placed), True, item.explanation))
            else:
                feedback = item.misconceptions.get(placed, "")
                misconception = item.misconception_names.get(placed)
                text = exercise.category_text(placed)
                parts.append(_placement(item, unit, text, False, feedback, item.explanation, misconception))
        return _finish(exercise, parts)

    def learner_definition(self, exercise: Matching) -> Matching:
        items = tuple(
            replace(i, accepted=frozenset(), explanation="", misconceptions={}, misconception_names={})
            for i in exercise.items
        )
        return replace(exercise, items=items)

    def seal(self, exercise: Matching, sealer: Sealer) -> None:
        for item in exercise.items:
            for category in sorted(item.accepted):
                sealer.add(item.id, category, {"right": True, "feedback": item.explanation})
            for placed, feedback in item.misconceptions.items():
                payload = {"right": False, "feedback": feedback, "misconception": item.misconception_names.get(placed)}
                sealer.add(item.id, placed, payload)

    def check_sealed(self, exercise: Matching, answer: dict[str, str]) -> Score:
        unit = exercise.points / len(exercise.items)
        parts = []
        for item in exercise.items:
            placed = answer.get(item.id)
            if placed is None:
                parts.append(_unplaced(item, unit))
                continue
            opened = open_value(exercise, item.id, placed)
            text = exercise.category_text(placed)
            parts.append(_placement(item, unit, text, opened.right, opened.feedback, "", opened.misconception))
        return _finish(exercise, parts)

    def judging_of(self, exercise: Matching) -> Judging:
        """Every item is marked from halfway between what guessing places right (one in as many as there are
        categories) and the whole key: with two categories, half right is no better than a coin."""
        return replace(self.judging, judge_all_from=(1 + 1 / len(exercise.categories)) / 2)

    def unjudgeable(self, exercise: Matching, answer: dict[str, str]) -> str | None:
        """Every item placed so far (three or more) in one category, or all but one of five or more."""
        placed = list(answer.values())
        if len(placed) < 3:
            return None
        top = max(set(placed), key=placed.count)
        crowded = placed.count(top)
        if crowded < len(placed) - (1 if len(placed) >= 5 else 0):
            return None
        which = "Every item" if crowded == len(placed) else f"All but one of the {len(placed)} items"
        return (
            f"{which} you placed {'is' if crowded == len(placed) else 'are'} in {exercise.category_text(top)!r}. "
            "The categories are there to tell these items apart, so an answer that puts them (nearly) all in one "
            "says nothing about which you would defend. Place each item where you would argue it belongs, "
            "then check again."
        )

    def describe_progress(self, exercise: Matching, answer: dict[str, str]) -> str:
        return f"{len(answer)} of {len(exercise.items)} items placed"

    def describe_answer(self, exercise: Matching, answer: dict[str, str]) -> str:
        items = {i.id: i.text for i in exercise.items}
        return "\n".join(f"{items[i]} → {exercise.category_text(c)}" for i, c in answer.items())

    def reveal_key(self, exercise: Matching, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: Matching) -> str:
        return "; ".join(
            f"{short(i.text, 40)} → {' or '.join(exercise.category_text(c) for c in sorted(i.accepted))}"
            for i in exercise.items
        )

    def misconception_lines(self, exercise: Matching) -> tuple[str, list[str]]:
        lines = []
        for item in exercise.items:
            for placed, feedback in item.misconceptions.items():
                name = item.misconception_names.get(placed)
                named = f"*{name}*. " if name else ""
                lines.append(f"- {item.text} → {exercise.category_text(placed)}: {named}{first_sentence(feedback)}")
        return PLACEMENTS, lines

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: Matching) -> dict[str, str]:
        return {i.id: sorted(i.accepted)[0] for i in exercise.items}

    def sample_answers(self, exercise: Matching, rng: random.Random) -> Iterator[Any]:
        yield None
        categories = [c.id for c in exercise.categories]
        key = self.key_answer(exercise)
        yield key
        for item in exercise.items:
            for category in categories:
                yield {**key, item.id: category}
            yield {k: v for k, v in key.items() if k != item.id}
        for _ in range(20):
            yield {i.id: rng.choice(categories) for i in exercise.items if rng.random() < 0.8}

    def wrong_answers(self, exercise: Matching) -> list[WrongAnswer]:
        found = []
        for item in exercise.items:
            right = tuple(exercise.category_text(c) for c in sorted(item.accepted))
            for category in exercise.categories:
                if category.id in item.accepted:
                    continue
                context = f"{exercise.prompt} {item.text} {category.text}"
                found.append(
                    WrongAnswer(
                        {item.id: category.id},
                        f"item {item.id!r} placed in {category.id!r}",
                        item.misconceptions.get(category.id, ""),
                        item.misconception_names.get(category.id),
                        KeyNames(tuple((text,) for text in right), context),
                    )
                )
        return found

    def blind_answers(self, exercise: Matching) -> list[BlindAnswer]:
        found = [
            BlindAnswer(f"every item in {c.text!r}", {i.id: c.id for i in exercise.items}) for c in exercise.categories
        ]
        cycle = {i.id: exercise.categories[n % len(exercise.categories)].id for n, i in enumerate(exercise.items)}
        found.append(BlindAnswer("the categories in turn, in the order shown", cycle))
        return found

    def blind_strategies(self, exercise: Matching) -> list[BlindStrategy]:
        return [
            *super().blind_strategies(exercise),
            BlindStrategy(
                "one category for every item, then move what is marked wrong", _rotate(exercise, False, False)
            ),
            BlindStrategy("the categories in turn, then move what is marked wrong", _rotate(exercise, True, False)),
            BlindStrategy("the categories in turn, then move all not marked right", _rotate(exercise, True, True)),
        ]

    def reordered(self, exercise: Matching, rng: random.Random) -> Matching:
        items = tuple(rng.sample(exercise.items, len(exercise.items)))
        return replace(
            exercise, items=items, categories=tuple(rng.sample(exercise.categories, len(exercise.categories)))
        )

    def key_names(self, exercise: Matching) -> KeyNames:
        return KeyNames((), exercise.prompt)  # the categories are all shown; a hint may name any of them

    def key_traces(self, exercise: Matching) -> KeyTraces:
        key = self.normalise(exercise, self.key_answer(exercise))
        return KeyTraces(
            file_forms=json_forms(key),
            texts=tuple(i.explanation for i in exercise.items),
            id_sets=tuple(tuple(sorted(i.accepted)) for i in exercise.items if len(i.accepted) > 1),
        )

    def early_texts(self, exercise: Matching) -> list[EarlyText]:
        question = question_text(exercise)
        found = []
        for item in exercise.items:
            key = tuple(exercise.category_text(c) for c in sorted(item.accepted))
            for placed, feedback in item.misconceptions.items():
                where = f"{exercise.id} item {item.id!r} placed in {placed!r}"
                name = item.misconception_names.get(placed, "")
                found += [
                    EarlyText(
                        f"{where} ({label})",
                        text,
                        key_names=key,
                        known=(question, item.text),
                        known_names=(exercise.category_text(placed),),
                        numbers_from=(exercise.prompt,),
                    )
                    for label, text in (("feedback", feedback), ("misconception", name))
                ]
        # The categories are all shown: a hint may name any, never describe one.
        every = tuple(c.text for c in exercise.categories)
        return found + hint_texts(exercise, (), (question, *every), (exercise.prompt,), key_names=every)

    def learner_texts(self, exercise: Matching) -> list[str]:
        return [
            exercise.title,
            exercise.prompt,
            *exercise.hints,
            *(i.text for i in exercise.items),
            *(c.text for c in exercise.categories),
        ]

    def option_groups(self, exercise: Matching) -> list[OptionGroup]:
        return []  # every item is placed in one of the same categories: no option stands out by form


def _rotate(exercise: Matching, spread: bool, move_unjudged: bool) -> Any:
    """Blind play: place the items (all in one category, or the categories in turn), then move each item
    marked wrong (or, with `move_unjudged`, every item not marked right) to the least used category it has
    not tried; a check that judges nothing brings the categories in turn, one step further each time."""
    items = [i.id for i in exercise.items]
    by_text = {i.text: i.id for i in exercise.items}

    def play(check: Check) -> Iterator[Any]:
        categories = [c.id for c in exercise.categories]
        texts = {c.text: c.id for c in exercise.categories}
        shift = 0

        def in_turn() -> dict[str, str]:
            return {item: categories[(n + shift) % len(categories)] for n, item in enumerate(items)}

        current = in_turn() if spread else {item: categories[0] for item in items}
        tried: dict[str, set[str]] = {item: set() for item in items}
        right: set[str] = set()
        while True:
            yield dict(current)
            result = check(dict(current))
            if is_right(result):
                return
            verdicts = {
                by_text[p.label]: p.correct
                for p in result.parts
                if p.label in by_text and texts.get(p.given or "") == current[by_text[p.label]]
            }
            if not verdicts:
                shift += 1
                current = {item: right_or(current, item, right, in_turn()) for item in items}
                continue
            for item in items:
                verdict = verdicts.get(item)
                if item in right or verdict:
                    right.add(item)
                    continue
                if verdict is None and not move_unjudged:
                    continue
                tried[item].add(current[item])
                untried = [c for c in categories if c not in tried[item]]
                if untried:
                    used = list(current.values())
                    current[item] = min(untried, key=used.count)

    return play


def right_or(current: dict[str, str], item: str, right: set[str], other: dict[str, str]) -> str:
    """An item's category: kept when it was marked right, else taken from `other`."""
    return current[item] if item in right else other[item]


def _unplaced(item: MatchItem, unit: float, explanation: str = "") -> Part:
    return Part(item.text, 0.0, unit, False, "Not placed yet.", explanation)


def _placement(
    item: MatchItem,
    unit: float,
    placed: str,
    right: bool,
    feedback: str,
    explanation: str = "",
    misconception: str | None = None,
) -> Part:
    """An item placed in the category `placed` (its text): a right placement's feedback is its explanation;
    a wrong one without feedback of its own gets a generic nudge."""
    if right:
        return Part(item.text, unit, unit, True, feedback, feedback, placed)
    feedback = feedback or _not_here(item, placed)
    return Part(item.text, 0.0, unit, False, feedback, explanation, placed, misconception)


def _not_here(item: MatchItem, wrong: str) -> str:
    return f"{item.text} does not belong with {wrong}. Think about who uses it or produces it day to day."


def _finish(exercise: Matching, parts: list[Part]) -> Score:
    if exercise.partial_credit == "none" and not all(p.correct for p in parts):
        parts = without_credit(parts)
    right = sum(p.correct for p in parts)
    return finish(exercise, parts, f"{right} of {len(exercise.items)} items placed correctly.")
