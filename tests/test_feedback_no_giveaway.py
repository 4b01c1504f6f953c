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

from course.exercises.definitions import (
    DEFAULT_DEFINITIONS_DIR,
    Choice,
    Exercise,
    Matching,
    MultipleSelect,
    Scenario,
    SingleChoice,
    Value,
    load_bank,
)

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


def _leaks(where: str, text: str, terms: set[str], allowed: str) -> list[str]:
    return [
        f"{where} names {term!r}: {text[:120]}"
        for term in sorted(terms)
        if _has(text, term) and not _has(allowed, term)
    ]


def _choice_leaks(
    where: str, context: str, choices: tuple[Choice, ...], correct: set[str], extra: set[str]
) -> list[str]:
    right = [c.text for c in choices if c.id in correct]
    terms = answer_terms(right, names_in_long=len(correct) == 1) | extra
    found = []
    for choice in choices:
        if choice.id in correct:
            continue
        # A name the wrong option itself uses, or the question states, gives nothing away.
        found += _leaks(f"{where} wrong pick {choice.id!r}", choice.feedback, terms, context + " " + choice.text)
    return found


def giveaways(exercise: Exercise) -> list[str]:
    """Wrong-pick feedback and hints of one exercise that name its key."""
    where = exercise.id
    context = exercise.prompt
    found: list[str] = []
    if isinstance(exercise, SingleChoice | MultipleSelect):
        correct = {exercise.key} if isinstance(exercise, SingleChoice) else set(exercise.key)
        found += _choice_leaks(where, context, exercise.choices, correct, set())
        terms = answer_terms([c.text for c in exercise.choices if c.id in correct], names_in_long=len(correct) == 1)
        wrong_texts = " ".join(c.text for c in exercise.choices if c.id not in correct)
        for hint in exercise.hints:
            found += _leaks(f"{where} hint", hint, terms, context + " " + wrong_texts)
    elif isinstance(exercise, Scenario):
        profile = " ".join(v for _, v in exercise.profile)
        context = context + " " + profile
        topology = answer_terms([c.text for c in exercise.topologies if c.id == exercise.topology_key])
        found += _choice_leaks(f"{where} topology", context, exercise.topologies, {exercise.topology_key}, set())
        topology_names = {t for t in topology if t in TOPOLOGY_NAMES}
        found += _choice_leaks(f"{where} reasons", context, exercise.reasons, set(exercise.reasons_key), topology_names)
        for hint in exercise.hints:
            found += _leaks(f"{where} hint", hint, topology, context)
    elif isinstance(exercise, Matching):
        for item in exercise.items:
            terms = {exercise.category_text(c).lower() for c in item.accepted}
            for placed, text in item.misconceptions.items():
                allowed = context + " " + item.text + " " + exercise.category_text(placed)
                found += _leaks(f"{where} item {item.id!r} placed in {placed!r}", text, terms, allowed)
    elif isinstance(exercise, Value):
        for mistake in exercise.mistakes:
            expected = next(f.expected for f in exercise.fields if f.id == mistake.field)
            number = f"{expected:g}"
            if re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", mistake.feedback):
                found.append(f"{where} mistake {mistake.value:g} on {mistake.field!r} states the answer {number}")
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
