"""Levels that are true and objectives that are assessed.

Every exercise says which level of thinking it asks for and why (`level_reason`, by the rubric in
docs/levels.md), and which lesson objectives it assesses (`objectives`, ids from
course/data/lessons.yaml). The shares of points per level are the course's promise; the map from
objectives to exercises shows no objective is left untested. Single-answer items must not give
their key away by form: the keyed option is not the longest one as a habit, and a distractor is not
struck out by an absolute word the keyed options never use.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.model import APPLY_OR_ABOVE, EVALUATE_OR_ABOVE, Choice, Exercise
from course.exercises.type_interface import OptionGroup
from course.exercises.type_registry import type_of
from course.lessons import load_lessons, objectives_by_id

BANK = list(load_bank(DEFAULT_DEFINITIONS_DIR))
DEFINITIONS = list(load_bank(DEFAULT_DEFINITIONS_DIR).definitions())
"""Every question a learner may be given: each exercise and each of its cases (points count per exercise)."""
LESSONS = load_lessons()
OBJECTIVES = objectives_by_id(LESSONS)
TOTAL = sum(e.points for e in BANK)


def share(levels: tuple[str, ...]) -> float:
    return sum(e.points for e in BANK if e.level in levels) / TOTAL


def test_the_shares_of_points_per_level_keep_the_courses_promise():
    assert share(APPLY_OR_ABOVE) >= 0.60, f"{share(APPLY_OR_ABOVE):.0%} of points at apply or above"
    assert share(EVALUATE_OR_ABOVE) >= 0.20, f"{share(EVALUATE_OR_ABOVE):.0%} of points at evaluate or create"
    assert share(("remember",)) <= 0.20, f"{share(('remember',)):.0%} of points at remember"


@pytest.mark.parametrize(
    "exercise", DEFINITIONS, ids=[f"{e.id}#{e.variant}" if e.variant else e.id for e in DEFINITIONS]
)
def test_every_exercise_says_why_it_has_its_level_and_what_it_assesses(exercise: Exercise):
    assert len(exercise.level_reason.split()) >= 6, "level_reason: one line saying what earns the level"
    assert exercise.objectives, "objectives: the lesson objectives this exercise assesses"
    unknown = [o for o in exercise.objectives if o not in OBJECTIVES]
    assert not unknown, f"objectives not in course/data/lessons.yaml: {unknown}"
    later = [o for o in exercise.objectives if o[:2] > exercise.notebook]
    assert not later, f"assesses objectives of a later lesson: {later}"


def objective_map() -> dict[str, list[str]]:
    """Each objective of a lesson with exercises, to the exercises that assess it."""
    assessed: dict[str, list[str]] = defaultdict(list)
    for exercise in BANK:
        for objective in exercise.objectives:
            assessed[objective].append(exercise.id)
    return {o.id: assessed.get(o.id, []) for lesson in LESSONS if lesson.has_practice for o in lesson.objectives}


def test_every_objective_of_a_lesson_with_exercises_is_assessed():
    untested = [objective for objective, exercises in objective_map().items() if not exercises]
    assert not untested, f"objectives no exercise assesses: {untested}"


def test_the_objectives_once_untested_are_now_assessed():
    # Conway's law and cognitive load, Microsoft's maturity model, RASCI, writing a Team API,
    # Shankar et al.'s three Vs, the decision roles of lesson 2.
    mapped = objective_map()
    assert {"03.conway", "03.team-load"} <= set(mapped["03.org-design"])
    assert "03.maturity-people" in mapped["03.maturity"]
    assert "04.rasci" in mapped["04.variants"]
    assert "05.write-team-api" in mapped["05.team-api"]
    assert "05.three-vs" in mapped["05.three-vs"]
    assert "02.decision-owner" in mapped["02.decision-roles"]


# --- form must not give the key away ---------------------------------------------------------------------


def option_groups() -> list[OptionGroup]:
    """The sets of options of every exercise in the bank, as each type gives them."""
    return [group for exercise in BANK for group in type_of(exercise).option_groups(exercise)]


def single_answer_items() -> list[tuple[str, tuple[Choice, ...], str]]:
    """Every set of options a learner picks one from, with its key (`ExerciseType.option_groups`)."""
    return [(g.where, g.options, next(iter(g.keyed))) for g in option_groups() if g.pick_one]


def keyed_is_longest(choices: tuple[Choice, ...], key: str) -> bool:
    lengths = {c.id: len(c.text) for c in choices}
    return lengths[key] == max(lengths.values()) and list(lengths.values()).count(lengths[key]) == 1


def test_the_keyed_option_is_not_the_longest_as_a_habit():
    items = single_answer_items()
    longest = [item_id for item_id, choices, key in items if keyed_is_longest(choices, key)]
    # By chance alone about one item in four would have its key longest.
    assert len(longest) <= len(items) // 4, (
        f"the key is the longest option in {len(longest)} of {len(items)}: {longest}"
    )


def test_the_longest_option_check_catches_a_habit():
    def option(cid: str, words: int) -> Choice:
        return Choice(cid, " ".join(["word"] * words), "f", None if cid == "k" else "m")

    assert keyed_is_longest((option("k", 12), option("a", 5), option("b", 6)), "k")
    assert not keyed_is_longest((option("k", 6), option("a", 12), option("b", 6)), "k")


STRIKEABLE = re.compile(r"\b(always|never|only|nobody|no one|no longer|at all|for good|permanently|whatever)\b", re.I)
"""Absolute words a test-wise learner strikes out without knowing the subject."""


def choice_groups() -> list[tuple[str, tuple[Choice, ...], set[str]]]:
    return [(g.where, g.options, set(g.keyed)) for g in option_groups()]


def struck_by_an_absolute(choices: tuple[Choice, ...], keyed: set[str]) -> list[str]:
    """Wrong options with an absolute word, when no keyed option uses one (then the word is a tell)."""
    if any(STRIKEABLE.search(c.text) for c in choices if c.id in keyed):
        return []
    return [c.id for c in choices if c.id not in keyed and STRIKEABLE.search(c.text)]


def test_no_distractor_is_struck_out_by_an_absolute_word():
    found = {where: ids for where, choices, keyed in choice_groups() if (ids := struck_by_an_absolute(choices, keyed))}
    assert not found, found


def test_the_absolute_word_check_catches_a_tell():
    choices = (Choice("k", "The ML engineer fixes it", "f"), Choice("x", "Models always go to the data team", "f", "m"))
    assert struck_by_an_absolute(choices, {"k"}) == ["x"]
    fair = (
        Choice("k", "Only the ML engineer fixes it", "f"),
        Choice("x", "Models always go to the data team", "f", "m"),
    )
    assert struck_by_an_absolute(fair, {"k"}) == []
