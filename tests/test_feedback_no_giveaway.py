"""Feedback on a wrong pick teaches the principle, never the answer.

A learner who picks wrong and reads "that is the ML engineer's job" has been
handed the key: the second attempt tests reading, not judgement. This test walks
every shipped definition and fails when the feedback on a wrong pick (or a hint)
names what the key names and the question itself does not: a role, a topology,
a short option's text or a matching category.
"""

from __future__ import annotations

import re

import pytest

from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.model import Choice, Exercise
from course.exercises.type_interface import KeyNames
from course.exercises.type_registry import type_of
from course.exercises.types.single_choice import SingleChoice

# Names that carry an answer when the key is one of them.
ROLE_NAMES = (
    "data scientist",
    "ml engineer",
    "mlops engineer",
    "data engineer",
    "platform engineer",
    "qa engineer",
    "founder",
    "product manager",
    "model-risk validator",
)
TOPOLOGY_NAMES = ("embedded", "centralized", "centralised", "central team", "full-stack")
SHORT_OPTION_WORDS = 5


def _pattern(term: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w/-])" + re.escape(term) + r"s?(?![\w/-])", re.IGNORECASE)


def _has(text: str, term: str) -> bool:
    return bool(_pattern(term).search(text))


def _option_core(text: str) -> str:
    core = re.sub(r"^(model \d+:\s*)", "", text.strip(), flags=re.IGNORECASE)
    core = re.sub(r"^(the|an|a)\s+", "", core, flags=re.IGNORECASE)
    return core.rstrip(".")


def answer_terms(right_texts: list[str], *, names_in_long: bool = True) -> set[str]:
    """What names the key: short options whole, and the role and topology names in them.

    With `names_in_long` (one keyed option, such as "Tomás, the ML engineer, who ...") the names in a
    long option count too; in a multiple select of statements they are facts, not the key.
    """
    terms: set[str] = set()
    for text in right_texts:
        core = _option_core(text)
        short = len(core.split()) <= SHORT_OPTION_WORDS
        if short:
            terms.add(core.lower())
        if short or names_in_long:
            terms |= {name for name in (*ROLE_NAMES, *TOPOLOGY_NAMES) if _has(text, name)}
    return terms


def _number(term: str) -> bool:
    return bool(re.fullmatch(r"-?\d+(\.\d+)?(e[+-]?\d+)?", term))


def _has_term(text: str, term: str) -> bool:
    """A name as a word (a plural too); a number as a number, not a digit of a longer one."""
    if _number(term):
        return bool(re.search(rf"(?<![\d.]){re.escape(term)}(?![\d.]\d)", text))
    return _has(text, term)


def key_terms(names: KeyNames) -> set[str]:
    """The terms that name the key: per group, `answer_terms` (a group of one counts names in a long text)."""
    terms: set[str] = set()
    for group in names.groups:
        for text in group:
            if _number(text):
                terms.add(text)
        terms |= answer_terms([t for t in group if not _number(t)], names_in_long=len(group) == 1)
    return terms


def _leaks(where: str, text: str, names: KeyNames) -> list[str]:
    terms = key_terms(names)
    return [
        f"{where} names {term!r}: {text[:120]}"
        for term in sorted(terms)
        if _has_term(text, term) and not _has_term(names.context, term)
    ]


def giveaways(exercise: Exercise) -> list[str]:
    """Wrong-answer feedback and hints of one exercise that name its key, whatever its type.

    The type lists its wrong answers with their feedback and what names the key beside each
    (`ExerciseType.wrong_answers`), and what names the key for a hint (`key_names`).
    """
    exercise_type = type_of(exercise)
    found: list[str] = []
    for wrong in exercise_type.wrong_answers(exercise):
        if wrong.feedback:
            found += _leaks(f"{exercise.id} {wrong.where}", wrong.feedback, wrong.key_names)
    names = exercise_type.key_names(exercise)
    for hint in exercise.hints:
        found += _leaks(f"{exercise.id} hint", hint, names)
    return found


SHIPPED = list(load_bank(DEFAULT_DEFINITIONS_DIR))


@pytest.mark.parametrize("exercise", SHIPPED, ids=[e.id for e in SHIPPED])
def test_wrong_pick_feedback_never_names_the_key(exercise):
    found = giveaways(exercise)
    assert not found, "\n".join(found)


def _single(choices: tuple[Choice, ...], key: str, hints: tuple[str, ...] = ("h",)) -> SingleChoice:
    return SingleChoice(
        id="99.x",
        type="single_choice",
        title="t",
        prompt="Who does it?",
        points=1,
        section="s",
        hints=hints,
        partial_credit="none",
        choices=choices,
        key=key,
    )


def test_the_walk_catches_a_named_role():
    exercise = _single(
        (
            Choice("mle", "Tomás, the ML engineer", "Right."),
            Choice("ds", "Lena, the data scientist", "No: that is the ML engineer's job.", "m"),
        ),
        "mle",
    )
    assert giveaways(exercise) == ["99.x wrong pick 'ds' names 'ml engineer': No: that is the ML engineer's job."]


def test_the_walk_catches_a_hint_and_spares_the_principle():
    exercise = _single(
        (
            Choice("mle", "The ML engineer", "Right."),
            Choice("ds", "The data scientist", "The prototype is done; what is left is making it serve.", "m"),
        ),
        "mle",
        hints=("Ask the ML engineer.",),
    )
    assert [g.split(" names ")[0] for g in giveaways(exercise)] == ["99.x hint"]
