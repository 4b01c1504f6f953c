"""Feedback and hints teach the principle; they never name, describe or count their way to the key.

A learner who picks wrong and reads "the third duty in the QA box" has been handed the
answer in other words: the second attempt tests reading, not judgement. A literal check
(the key's own text) misses that, so this one compares *content words* (stemmed, common
words left out) and numbers:

- the feedback (and the misconception it names) on a wrong pick shares no content word with
  the keyed option(s) beyond what the learner already has in front of them: the question's
  title, prompt and profile, and the picked option's own text;
- in a matching exercise, the feedback on a wrong placement uses no name or hallmark word of
  the keyed category (for a role: its name, abbreviation, focus, duties on the team map,
  activities, outputs and MLOps responsibility, from the chapter data) that the wrong
  category, the item and the question do not use themselves;
- a value exercise's feedback on a mistake states no key value, in digits or in words;
- a hint shares no content word with any key beyond the question's own words, states no number
  the question does not state, and in a RACI grid never pairs a letter with a role or row;
- in an assessed notebook (the learner can go back), no later exercise and no later cell of the
  notebook uses a distinctive word of an earlier exercise's keyed topology or option;
- in a practice notebook (the learner can read ahead), no later exercise or cell that names the same case
  uses a distinctive phrase of an earlier key or the chapter's name for its topology.

Every exercise of every type in the shipped bank is read, and nothing here knows a type: each type
says which texts a learner reads before the key and what each must not give away
(`ExerciseType.early_texts`), everything a learner reads of an exercise (`learner_texts`) and the
options a learner picks one from (`option_groups`). A type cannot be registered without them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from course.chapter.loader import load_chapter
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank, load_file
from course.exercises.model import Choice, Exercise
from course.exercises.type_interface import EarlyText
from course.exercises.type_registry import all_types, type_of
from course.exercises.types.matching import Matching
from course.exercises.types.raci_grid import RaciGrid
from course.exercises.types.scenario import Scenario
from course.exercises.types.single_choice import SingleChoice
from course.exercises.types.value import Value
from tests.conftest import FIXTURE_EXERCISES

ROOT = Path(__file__).resolve().parents[1]

_COMMON_WORDS = """
    a about above after again against all also am an and another any are as at be because been before being
    below between both but by can cannot could did do does doing done down during each either else enough even
    ever every few for from further get gets getting give given gives go goes going had has have having he her
    here hers him his how however i if in into is it its itself just kept keep keeps know knows least less let
    like likely lot made make makes making many may me might more most much must my near need needs neither no
    nobody none nor not nothing now of off often on once one ones only onto or other others otherwise our ours
    out over own part per perhaps put quite rather really same say says see seen shall she should since so some
    someone something still such take takes than that the their theirs them then there these they thing things
    this those though through thus to too under until up upon us use used uses using very via was way ways we
    well were what whatever when where whether which while who whoever whole whom whose why will with within
    without would yes yet you your yours itself themselves whose right wrong here's it's that's there's isn't
    doesn't don't can't won't
"""
STOPWORDS = frozenset(re.split(r"\s+", _COMMON_WORDS.strip()))
NUMBER_WORDS = {
    "zero": 0,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "hundred": 100,
    "twice": 2,
    "half": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
}
"""Number words (and ordinals, which count as much as numbers do). "One" is left out of the general
rule (it is a pronoun far more often than a count); a value whose key is 1 checks it separately."""
SUFFIXES = ("ization", "isation", "ations", "ation", "ings", "ing", "ers", "er", "ied", "ies", "ed", "es", "s", "e")
YEARS = (1900, 2100)
"""A year in a citation ("Skelton & Pais, 2019") is not a count."""


def stem(word: str) -> str:
    """A crude stem: lower case, no possessive, the commonest English suffix off, at most 8 letters.

    Crude on purpose: "packaging"/"packaged", "monitors"/"monitoring", "provides"/"provided" meet,
    "productionization" and "product" do not.
    """
    word = word.lower().removesuffix("'s").removesuffix("’s")
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            if suffix in ("ed", "ing", "er", "ers", "ings") and word[-1] == word[-2] and word[-1] not in "aeiouls":
                word = word[:-1]  # embedd -> embed, as "embeds" gives
            break
    return word[:8]


def words(text: str) -> list[str]:
    return re.findall(r"[A-Za-z][A-Za-z/&'’-]*[A-Za-z]|[A-Za-z]", text)


def content(text: str) -> set[str]:
    """The stems of a text's content words (hyphenated words also count by their parts)."""
    out = set()
    for word in words(text):
        for part in {word, *word.split("-"), *word.split("/")}:
            lowered = part.lower().strip("'’")
            if len(lowered) >= 2 and lowered not in STOPWORDS:
                out.add(stem(lowered))
    return out


def numbers(text: str, *, with_one: bool = False) -> set[float]:
    """The numbers a text states, in digits or in words ("twenty-five" is 25, "twice" 2)."""
    found = {float(n.replace(",", "")) for n in re.findall(r"(?<![\w.])\d[\d,]*(?:\.\d+)?", text)}
    for word in re.findall(r"[A-Za-z]+(?:-[A-Za-z]+)*", text.lower()):
        parts = word.split("-")
        values = [NUMBER_WORDS.get(p) for p in parts]
        if with_one:
            values = [1 if p == "one" else v for p, v in zip(parts, values, strict=True)]
        known = [v for v in values if v is not None]
        if known:
            found.add(float(sum(known)) if len(known) == len(parts) and len(known) > 1 else float(known[0]))
    return found


# --- what each type puts in front of a learner ------------------------------------------------------


@dataclass(frozen=True)
class Probe:
    """One text a learner reads before they have the key, and what it must not reveal, in stems."""

    where: str
    text: str
    key: frozenset[str]
    """Stems that would name or describe the key."""
    allowed: frozenset[str]
    """Stems the learner already has at that point (the question, the pick)."""
    allowed_numbers: frozenset[float] | None = None
    """Numbers the text may state; None: any."""
    forbidden_numbers: frozenset[float] = frozenset()
    """Numbers it must never state (a value exercise's keys)."""
    with_one: bool = False


def role_hallmarks() -> dict[str, frozenset[str]]:
    """A role's name (lower case) to the stems of everything the chapter data says it is and does."""
    chapter = load_chapter()
    out = {}
    for role in chapter.roles:
        texts = [
            role.name,
            role.long_name,
            role.abbreviation,
            role.focus,
            *role.duties,
            *role.activities,
            *role.outputs,
            *role.mlops_responsibility,
        ]
        out[role.name.lower()] = frozenset().union(*(content(t) for t in texts))
    return out


HALLMARKS = role_hallmarks()


def category_hallmarks(text: str) -> frozenset[str]:
    """A text's stems; for a role's name, also everything the chapter says the role is and does."""
    return HALLMARKS.get(text.lower(), frozenset()) | content(text)


def speaks_of(text: str, terms: tuple[str, ...]) -> bool:
    """Does the text use one of the terms (a capital letter as a word of its own, "A" as an article aside)?"""
    lowered = {w.lower() for w in words(text)}
    if lowered & {t for t in terms if not t.isupper()}:
        return True
    capitals = [t for t in terms if t.isupper()]
    if not capitals:
        return False
    for match in re.finditer(r"\b(?:" + "|".join(map(re.escape, capitals)) + r")(?:/[A-Z])?\b", text):
        before = text[: match.start()].rstrip()
        opens_sentence = not before or before.endswith((".", "!", "?", ":", '"', "'"))
        if match.group() == "A" and opens_sentence and re.match(r" [a-z]", text[match.end() :]):
            continue
        return True
    return False


def probe(early: EarlyText) -> Probe:
    """The type's account of a text, in stems and numbers."""
    key = frozenset().union(*(content(t) for t in early.key), *(category_hallmarks(t) for t in early.key_names))
    if early.only_with and not speaks_of(early.text, early.only_with):
        key = frozenset()
    allowed = frozenset().union(*(content(t) for t in early.known), *(category_hallmarks(t) for t in early.known_names))
    stated = None if early.numbers_from is None else frozenset().union(*(numbers(t) for t in early.numbers_from))
    return Probe(early.where, early.text, key, allowed, stated, frozenset(early.key_numbers), early.one_is_a_number)


def probes_of(exercise: Exercise) -> list[Probe]:
    """Every text the exercise's type says a learner reads before the key (`ExerciseType.early_texts`)."""
    return [probe(early) for early in type_of(exercise).early_texts(exercise)]


def leaks(probe: Probe) -> list[str]:
    found = []
    shared = (content(probe.text) & probe.key) - probe.allowed
    if shared:
        named = sorted({w.lower() for w in words(probe.text) if content(w) & shared})
        found.append(f"{probe.where} shares {named} with the key: {probe.text}")
    stated = numbers(probe.text, with_one=probe.with_one)
    if probe.allowed_numbers is not None:
        extra = sorted(n for n in stated - probe.allowed_numbers if not YEARS[0] <= n <= YEARS[1])
        if extra:
            found.append(f"{probe.where} states {[f'{n:g}' for n in extra]}, which the question does not: {probe.text}")
    given = sorted(stated & probe.forbidden_numbers)
    if given:
        found.append(f"{probe.where} states the key value {[f'{n:g}' for n in given]}: {probe.text}")
    return found


def giveaways(exercise: Exercise) -> list[str]:
    return [line for probe in probes_of(exercise) for line in leaks(probe)]


BANK = list(load_bank(DEFAULT_DEFINITIONS_DIR).definitions())
"""Every question a learner may be given: each exercise and each of its cases."""


def test_every_registered_type_is_read():
    """Each type says what a learner reads before the key; a scored type has something to read in the bank."""
    read = {e.type for e in [*BANK, *load_bank(FIXTURE_EXERCISES)] if probes_of(e)}
    assert read == {t.name for t in all_types()}, "a registered type gives no text to check in either bank"


@pytest.mark.parametrize("exercise", BANK, ids=[f"{e.id}#{e.variant}" if e.variant else e.id for e in BANK])
def test_no_feedback_or_hint_paraphrases_the_key(exercise):
    found = giveaways(exercise)
    assert not found, "\n".join(found)


# --- an assessed notebook: later items do not reveal earlier answers ---------------------------------


def stems_in_order(text: str) -> list[str]:
    return [stem(w.lower()) for w in words(text) if w.lower() not in STOPWORDS and len(w) >= 2]


def pairs(text: str, window: int = 3) -> set[frozenset[str]]:
    """Two content words close together ("shared ... platform"): a phrase, whatever sits between."""
    seq = stems_in_order(text)
    return {frozenset((a, b)) for i, a in enumerate(seq) for b in seq[i + 1 : i + window] if a != b}


def topology_names(option_id: str) -> list[str]:
    """What the chapter calls a topology and its units, when an option is one of the chapter's models."""
    chapter = load_chapter()
    topology = next((t for t in chapter.topologies if t.id == option_id.replace("-", "_")), None)
    return [topology.name, *(u.name for u in topology.units)] if topology else []


def distinctive(exercise: Exercise) -> tuple[frozenset[str], frozenset[frozenset[str]]]:
    """The words and two-word phrases that name an exercise's single keys and nothing else on offer.

    For each set of options the learner picks one from (`ExerciseType.option_groups`): for one of the
    chapter's topologies, the chapter's own names for it and its units ("Embedded ML Teams", "Shared
    Platform"), less what the other options or the question also say; for any other key, the words and
    phrases of the keyed option that no other option and not the question uses.
    """
    single: set[str] = set()
    double: set[frozenset[str]] = set()
    for group in type_of(exercise).option_groups(exercise):
        if not group.pick_one:
            continue
        (key,) = group.keyed
        keyed_text = next(c.text for c in group.options if c.id == key)
        others = [t for c in group.options if c.id != key for t in (c.text, *topology_names(c.id))]
        names = topology_names(key) or [keyed_text]
        words_of_key = set().union(*(content(t) for t in names)) - set().union(*(content(t) for t in others))
        phrases = set().union(*(pairs(t) for t in names)) - set().union(*(pairs(t) for t in others))
        single |= words_of_key - content(group.question)
        double |= phrases - pairs(group.question)
    return frozenset(single), frozenset(double)


def learner_texts(exercise: Exercise) -> list[str]:
    """Everything a learner reads of an exercise before any feedback (`ExerciseType.learner_texts`)."""
    return type_of(exercise).learner_texts(exercise)


def notebook_cells_after(number: str, exercise_id: str) -> list[str]:
    """The markdown of the learners' exercise notebook after the cell that shows `exercise_id`."""
    path = next((ROOT / "exercises").glob(f"{number}_*.ipynb"))
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    shown = f'course.exercise("{exercise_id}")'
    start = next(i for i, c in enumerate(cells) if shown in "".join(c["source"]))
    return ["".join(c["source"]) for c in cells[start + 1 :] if c["cell_type"] == "markdown"]


ASSESSED = sorted({e.notebook for e in BANK if e.assessed})


def cross_item_leaks(exercises: list[Exercise], cells_after: Callable[[str], list[str]]) -> list[str]:
    found = []
    for exercise in exercises:
        words_of_key, phrases_of_key = distinctive(exercise)
        if not words_of_key and not phrases_of_key:
            continue
        later = [(f"{e.id}", t) for e in exercises if e is not exercise for t in learner_texts(e)]
        later += [(f"a cell after {exercise.id}", t) for t in cells_after(exercise.id)]
        for where, text in later:
            named = sorted({w.lower() for w in words(text) if content(w) & words_of_key})
            named += sorted(" ... ".join(sorted(p)) for p in pairs(text) & phrases_of_key)
            if named:
                found.append(f"{where} uses {named}, naming {exercise.id}'s key: {text[:140]}")
    return found


def seen_together(number: str) -> list[list[Exercise]]:
    """The exercises of a notebook as one learner sees them: for each case a learner may get (a case group gives
    one case in each of its exercises), that case of each exercise with cases, and every exercise without."""
    shipped = load_bank(DEFAULT_DEFINITIONS_DIR)
    exercises = shipped.for_notebook(number)
    cases = sorted({c.variant for e in exercises for c in shipped.variants(e.id) if c.variant}) or [""]
    return [[shipped.variant_named(e.id, case) or e for e in exercises] for case in cases]


@pytest.mark.parametrize("number", ASSESSED)
def test_an_assessed_notebook_never_reveals_an_earlier_answer(number):
    found = []
    for exercises in seen_together(number):
        found += cross_item_leaks(exercises, lambda exercise_id: notebook_cells_after(number, exercise_id))
    assert not found, "\n".join(found)


# --- a practice notebook: a later item does not reveal an earlier answer about the same case ---------------
# The learner can read ahead before answering, so a later prompt, option or cell must not say what an earlier
# exercise's key is. Practice notebooks reuse the course's cases (Northbank, Harbour & Co, St Brigid's...) and
# its vocabulary freely, so single words would flag everything: here a leak is a later sentence that names the
# same case as the earlier exercise (a proper noun of both) and uses one of the key's distinctive two-word
# phrases in the key's own order, or the chapter's name for the keyed topology ("Northbank's shared ML
# platform" after a question whose key is a shared platform for Northbank).

PRACTICE = sorted({e.notebook for e in BANK if not e.assessed})


@dataclass(frozen=True)
class CaseWords:
    """Capitalised words the course's texts never use in lower case: the names of its cases and people."""

    lower: frozenset[str]

    @classmethod
    def of(cls, exercises: Iterable[Exercise]) -> CaseWords:
        texts = " ".join(t for e in exercises for t in learner_texts(e))
        return cls(frozenset(w for w in re.findall(r"[A-Za-z][A-Za-z&-]*", texts) if w[0].islower()))

    def names(self, text: str) -> set[str]:
        found = {re.sub(r"['’]s$", "", w) for w in re.findall(r"\b[A-Z][a-z]+(?:['’]s)?\b", text)}
        return {w for w in found if len(w) > 2 and w.lower() not in self.lower}


def later_reveals(exercises: list[Exercise], cells_after: Callable[[str], list[str]], cases: CaseWords) -> list[str]:
    """In notebook order: each later exercise's texts and each later cell, against every earlier key."""
    found = []
    for at, exercise in enumerate(exercises):
        _, phrases_of_key = distinctive(exercise)
        topology = {n.lower() for n in topology_names(getattr(exercise, "topology_key", "") or "")}
        if not phrases_of_key and not topology:
            continue
        case = cases.names(" ".join([exercise.prompt, *(v for _, v in getattr(exercise, "profile", ()))]))
        key_phrases = {p for p in ordered_pairs(keyed_text(exercise)) if frozenset(p) in phrases_of_key}
        later = [(e.id, t) for e in exercises[at + 1 :] for t in learner_texts(e)]
        later += [(f"a cell after {exercise.id}", t) for t in cells_after(exercise.id)]
        for where, text in later:
            for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
                shared = case & cases.names(sentence)
                if not shared:
                    continue
                named = sorted(" ... ".join(p) for p in ordered_pairs(sentence) & key_phrases)
                named += sorted(n for n in topology if n in sentence.lower())
                if named:
                    found.append(f"{where} names {sorted(shared)} and uses {named}, {exercise.id}'s key: {sentence}")
    return found


def keyed_text(exercise: Exercise) -> str:
    """The text of the keyed option of a single choice or a scenario's topology ('' for other types)."""
    options = getattr(exercise, "topologies", None) or getattr(exercise, "choices", ())
    key = getattr(exercise, "topology_key", None) or getattr(exercise, "key", None)
    return next((c.text for c in options if c.id == key), "") if isinstance(key, str) else ""


def ordered_pairs(text: str, window: int = 3) -> set[tuple[str, str]]:
    """Two content words close together and in this order ("shared ... ML", not "team ... people")."""
    seq = stems_in_order(text)
    return {(a, b) for i, a in enumerate(seq) for b in seq[i + 1 : i + window] if a != b}


def in_notebook_order(number: str) -> list[Exercise]:
    path = next((ROOT / "exercises").glob(f"{number}_*.ipynb"))
    source = path.read_text(encoding="utf-8")
    exercises = [e for e in BANK if e.notebook == number]
    return sorted(exercises, key=lambda e: source.find(f'course.exercise(\\"{e.id}\\")'))


@pytest.mark.parametrize("number", PRACTICE)
def test_a_practice_notebook_never_reveals_an_earlier_answer_to_read_ahead(number):
    exercises = in_notebook_order(number)
    found = later_reveals(exercises, lambda eid: notebook_cells_after(number, eid), CaseWords.of(BANK))
    assert not found, "\n".join(found)


def test_the_read_ahead_check_catches_the_earlier_wording_of_the_interaction_question():
    """03.interaction once asked about "Northbank's shared ML platform" right after 03.bank, whose key is a
    shared platform for Northbank first: the check must see that, and not the same phrase about another case."""
    archived = load_file(DEFAULT_DEFINITIONS_DIR / "archive" / "03_team_topologies.yaml")
    old = next(e for e in archived if e.id == "03.interaction" and "Northbank" in e.prompt)
    bank_item = next(e for e in BANK if e.id == "03.bank")
    now = next(e for e in BANK if e.id == "03.interaction")
    found = later_reveals([bank_item, old], lambda _: [], CaseWords.of(BANK))
    assert found and "Northbank" in found[0] and "03.bank" in found[0], found
    assert not later_reveals([bank_item, now], lambda _: [], CaseWords.of(BANK))


# --- the check itself catches what it should -------------------------------------------------------------


def _choice_exercise(choices: tuple[Choice, ...], key: str, hints: tuple[str, ...] = ("Read the prompt.",)):
    return SingleChoice(
        id="99.x",
        type="single_choice",
        title="Who packages it?",
        prompt="A prototype must become a service. Who takes it on?",
        points=1,
        section="s",
        hints=hints,
        partial_credit="none",
        choices=choices,
        key=key,
    )


def test_a_paraphrase_of_the_keyed_option_is_caught():
    exercise = _choice_exercise(
        (
            Choice("mle", "The ML engineer, who turns notebooks into tested modules", "Right."),
            Choice("ds", "The data scientist", "Ask whose job is turning notebooks into modules.", "m"),
        ),
        "mle",
    )
    assert giveaways(exercise) == [
        "99.x wrong pick 'ds' (feedback) shares ['modules', 'notebooks', 'turning'] with the key: "
        "Ask whose job is turning notebooks into modules."
    ]


def test_a_principle_that_names_nothing_of_the_key_passes():
    exercise = _choice_exercise(
        (
            Choice("mle", "The ML engineer, who turns notebooks into tested modules", "Right."),
            Choice("ds", "The data scientist", "A prototype answers whether an idea works; a service must run.", "m"),
        ),
        "mle",
    )
    assert giveaways(exercise) == []


def test_a_matching_feedback_that_describes_the_keyed_role_is_caught():
    exercise = Matching(
        id="99.m",
        type="matching",
        title="Who does it?",
        prompt="Pick the role.",
        points=1,
        section="s",
        hints=("Ask who finishes it.",),
        partial_credit="per_item",
        categories=(),
        items=(),
    )
    from course.exercises.types.matching import Category, MatchItem

    exercise = Matching(
        **{
            **exercise.__dict__,
            "categories": (Category("pe", "Platform Engineer"), Category("mlops", "MLOps Engineer")),
        },
    )
    item = MatchItem("gpu", "GPU nodes", frozenset({"pe"}), "e", {"mlops": "That is the compute layer's box."})
    exercise = Matching(**{**exercise.__dict__, "items": (item,)})
    assert [g.split(" shares ")[1].split(" with")[0] for g in giveaways(exercise)] == ["['compute']"]


def test_a_value_mistake_that_states_a_key_in_words_is_caught():
    from course.exercises.types.value import CommonMistake, ValueField

    exercise = Value(
        id="99.v",
        type="value",
        title="Count",
        prompt="Count the tools.",
        points=2,
        section="s",
        hints=("Filter first.",),
        partial_credit="per_field",
        fields=(ValueField("a", "A", 4.0), ValueField("b", "B", 1.0)),
        mistakes=(CommonMistake("a", 13.0, "Four of them are shared."), CommonMistake("b", 0.0, "One is there.")),
    )
    assert len(giveaways(exercise)) == 2


def test_a_hint_that_counts_or_pairs_a_letter_with_a_role_is_caught():
    assert numbers("Three of the options belong to other roles.") == {3.0}
    grid = RaciGrid(
        id="99.g",
        type="raci_grid",
        title="Grid",
        prompt="Fill it in.",
        points=2,
        section="s",
        hints=("Ask who does each task.", "The validator does and answers for the check."),
        partial_credit="per_cell",
        activity_names=("Validate the model",),
        role_names=("Validator", "Data Scientist"),
    )
    found = giveaways(grid)
    assert len(found) == 1 and "hint 2" in found[0]


def test_a_later_item_that_names_an_earlier_key_is_caught():
    first = Scenario(
        id="99.t",
        type="scenario",
        title="Topology",
        prompt="Choose.",
        points=2,
        section="s",
        hints=("h",),
        partial_credit="per_part",
        mode="assessed",
        topologies=(
            Choice("embedded", "Model 1: embedded ML teams with a shared platform", "f"),
            Choice("centralized", "Model 2: a centralized ML platform team", "f", "m"),
        ),
        topology_key="embedded",
    )
    later = _choice_exercise((Choice("a", "a", "f"), Choice("b", "b", "f", "m")), "a")
    later = SingleChoice(**{**later.__dict__, "prompt": "The shared platform team staffs five teams."})
    found = cross_item_leaks([first, later], lambda _: ["Kestrel embeds its engineers."])
    assert len(found) == 2


def test_an_ordering_feedback_that_says_where_a_step_goes_is_caught():
    from course.exercises.types.ordering import Ordering, Step

    steps = (
        Step("b", "Roll back the model", "e", "Nothing is known yet about what broke.", "Every minute costs users."),
        Step("a", "Page the on-call engineer", "e", "", "Nobody acts until someone is told."),
        Step("c", "Write the review", "e", "It comes last, once the service is back.", ""),
    )
    exercise = Ordering(
        id="99.o",
        type="ordering",
        title="First moves",
        prompt="Put the steps in order.",
        points=3,
        section="s",
        hints=("Ask what each step needs before it can happen.", "The review is the fourth thing you do."),
        partial_credit="adjacent_pairs",
        steps=steps,
        key=("a", "b", "c"),
    )
    found = giveaways(exercise)
    assert [line.split(" shares ")[0].split(" states ")[0] for line in found] == [
        "99.o step 'c' (too soon)",
        "99.o hint 2",
    ], found
