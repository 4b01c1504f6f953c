"""Every graded item explains itself: no wrong choice without the misconception and
feedback behind it, no matching item, RACI row or value without an explanation.

Walks every definition of the shipped bank (course/data/exercises) and of the
test fixture, so content added later is held to the same standard.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.definitions import (
    DEFAULT_DEFINITIONS_DIR,
    Choice,
    Exercise,
    FreeText,
    Matching,
    MultipleSelect,
    RaciGrid,
    Scenario,
    SingleChoice,
    Value,
    load_bank,
)

BANKS = {
    "shipped": DEFAULT_DEFINITIONS_DIR,
    "fixtures": Path(__file__).parent / "fixtures" / "exercises",
}


def _blank(value: str | None) -> bool:
    return not (value or "").strip()


def _choice_gaps(where: str, choices: tuple[Choice, ...], correct: set[str]) -> list[str]:
    gaps = []
    for choice in choices:
        if _blank(choice.feedback):
            gaps.append(f"{where}: choice {choice.id!r} has no feedback")
        if choice.id not in correct and _blank(choice.misconception):
            gaps.append(f"{where}: wrong choice {choice.id!r} names no misconception")
    return gaps


def feedback_gaps(exercise: Exercise) -> list[str]:
    """What a learner would be left without, for one exercise (empty when complete)."""
    where = f"{exercise.id} ({Path(exercise.source).name})"
    if isinstance(exercise, SingleChoice):
        return _choice_gaps(where, exercise.choices, {exercise.key})
    if isinstance(exercise, MultipleSelect):
        return _choice_gaps(where, exercise.choices, set(exercise.key))
    if isinstance(exercise, Scenario):
        return _choice_gaps(f"{where} topology", exercise.topologies, {exercise.topology_key}) + _choice_gaps(
            f"{where} reasons", exercise.reasons, set(exercise.reasons_key)
        )
    if isinstance(exercise, Matching):
        return [f"{where}: item {i.id!r} has no explanation" for i in exercise.items if _blank(i.explanation)]
    if isinstance(exercise, RaciGrid):
        return [
            f"{where}: activity {a!r} has no explanation"
            for a in exercise.activities
            if _blank(exercise.explanations.get(a))
        ]
    if isinstance(exercise, Value):
        return [f"{where}: no explanation"] if _blank(exercise.explanation) else []
    if isinstance(exercise, FreeText):
        return []
    return [f"{where}: unknown exercise type {exercise.type!r}"]


@pytest.mark.parametrize("bank_name", list(BANKS))
def test_every_graded_item_has_explanatory_feedback(bank_name):
    bank = load_bank(BANKS[bank_name])
    gaps = [gap for exercise in bank for gap in feedback_gaps(exercise)]
    assert not gaps, "\n".join(gaps)


def test_the_fixture_bank_is_walked(demo_bank):
    # The walk above must see every type, or a missing check would pass silently.
    assert {type(e) for e in demo_bank} == {
        SingleChoice,
        MultipleSelect,
        Matching,
        RaciGrid,
        Scenario,
        Value,
        FreeText,
    }


def test_the_walk_finds_a_gap():
    bare = SingleChoice(
        id="99.bare",
        type="single_choice",
        title="t",
        prompt="p",
        points=1,
        section="s",
        hints=("h",),
        partial_credit="none",
        choices=(Choice("a", "A", "Right."), Choice("b", "B", "")),
        key="a",
    )
    gaps = feedback_gaps(bare)
    assert any("'b' has no feedback" in g for g in gaps)
    assert any("'b' names no misconception" in g for g in gaps)
