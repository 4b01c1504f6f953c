"""What an exercise type is: the one interface every type module implements.

A type owns everything that depends on its kind of question: its definition (a frozen
dataclass), reading its YAML fields, putting an answer in canonical form, scoring it,
saying in words how far an answer has got and what it was, what graded feedback may
reveal, what the instructor notes list, what the learner edition keeps and seals, and
how it describes itself to the tests (sample, right, wrong and blind answers, and the
traces its key would leave). Each type lives in one module, `course/exercises/types/<type>.py`,
as a subclass of `ExerciseType` decorated with `@register`; a subclass that leaves out a
part cannot be instantiated, so the module fails at import instead of falling back
silently at run time. Its widget lives in `course/exercises/widgets/<type>.py`, which
imports the type (never the reverse).

The methods without a body below are the parts every type must provide. The
ones with a body (`accept`, `practice_check`, the learner edition's `learner_definition`, `seal`
and `check_sealed`, and `live_options`, `picked`, `key_options`) are hooks with a sensible shared
behaviour that a type overrides when it needs more (`checked_score`, `practice_view` and `unjudgeable`
too: what a practice Check may show, see `course.exercises.disclosure`).

The learner edition's definitions hold no key (see `course.exercises.practice_key`): a type
says how its definition loses the key (`learner_definition`), what it seals for practice
(`seal`) and how it checks from what it sealed (`check_sealed`). The methods that need the
key (`KEY_METHODS`) refuse a learner edition's definition with NoKeyError instead of
answering from an empty key.
"""

from __future__ import annotations

import functools
import random
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import KW_ONLY, dataclass, field
from typing import Any, ClassVar, Generic, TypeVar

from course.datafile import Fields
from course.exercises.blind_play import BlindStrategy, static
from course.exercises.disclosure import Judging, disclose, not_judged
from course.exercises.model import Choice, Exercise
from course.exercises.practice_key import NoKeyError, Sealer, held_key, require_key
from course.exercises.results import Score
from course.exercises.status import Status

E = TypeVar("E", bound=Exercise)
KEY_METHODS = (
    "score",
    "reveal_key",
    "key_in_words",
    "misconception_lines",
    "key_options",
    "key_answer",
    "sample_answers",
    "wrong_answers",
    "key_names",
    "key_traces",
    "early_texts",
    "option_groups",
)
"""What answers from the key: on a learner edition's definition these raise NoKeyError."""
ASSESSED_SUMMARY = "Answer recorded. It is graded after the deadline; feedback comes with your grade."


def _needs_key(name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def guarded(self: ExerciseType[Any], exercise: Exercise, *args: Any, **kwargs: Any) -> Any:
        require_key(exercise, f"{type(self).__name__}.{name}")
        return method(self, exercise, *args, **kwargs)

    guarded.needs_key = True  # type: ignore[attr-defined]
    return guarded


class ExerciseType(ABC, Generic[E]):
    """One kind of exercise (single choice, RACI grid, ...) and everything that depends on it."""

    name: ClassVar[str]
    """The `type:` value in the definition files ('raci_grid')."""
    label: ClassVar[str]
    """The kind in words for the instructor notes ('RACI grid')."""
    definition: ClassVar[type[Exercise]]
    """The frozen dataclass holding one exercise of this type."""
    partial_credit: ClassVar[tuple[str, ...]]
    """The `partial_credit:` values allowed; the first is the default."""
    fields: ClassVar[tuple[str, ...]]
    """The YAML fields this type adds to the common ones (for the JSON Schema and unknown-key checks)."""
    scored: ClassVar[bool] = True
    """False for a type that is collected for the instructor, never scored automatically."""
    parts_are_choices: ClassVar[bool] = False
    """True when a wrong part is named by its label alone (an option), not label → given."""
    needs_key: ClassVar[tuple[str, ...]] = KEY_METHODS
    """The methods that read the key (a type whose scoring needs none, free_text, empties this)."""
    judging: ClassVar[Judging] = Judging()
    """How much a practice Check of an answer that is not right yet may tell (`course.exercises.disclosure`)."""
    variant_fields: ClassVar[tuple[str, ...] | None] = None
    """Of `fields`, those a case (`variants:` in YAML) may give its own value; None: all of them. A type
    keeps out what would make its cases unlike in kind (a RACI grid's rules and their points)."""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for name in cls.needs_key:
            method = cls.__dict__.get(name)
            if callable(method) and not getattr(method, "needs_key", False):
                setattr(cls, name, _needs_key(name, method))

    # --- the definition ---------------------------------------------------------------------------------------

    @classmethod
    def changeable_fields(cls) -> tuple[str, ...]:
        """The type's YAML fields a case may change (`variant_fields`, or every field)."""
        return cls.fields if cls.variant_fields is None else cls.variant_fields

    @abstractmethod
    def parse(self, f: Fields, common: dict[str, Any]) -> E:
        """Build the definition from its YAML fields (`common` holds the fields every type has)."""

    # --- an answer --------------------------------------------------------------------------------------------

    @abstractmethod
    def normalise(self, exercise: E, answer: Any) -> Any:
        """The canonical (plain JSON, deterministic) form of a non-None answer, or AnswerError."""

    def accept(self, exercise: E, answer: Any) -> tuple[Any, list[str]]:
        """What a session keeps of a learner's answer before `normalise`, with notes on what was changed."""
        return answer, []

    @abstractmethod
    def score(self, exercise: E, answer: Any) -> Score:
        """Score a canonical, non-empty answer (the empty one is scored once, in `scoring.score`)."""

    def checked_score(self, exercise: E, answer: Any) -> Score:
        """The score of a canonical, non-empty answer as far as this definition can tell.

        On the instructor's definitions it is the score itself. On the learner edition's it is
        worked out from the sealed entries of exactly the values given (`check_sealed`), with the
        same points and the same parts right or wrong; an assessed exercise there has nothing
        sealed, so it says the answer is recorded and nothing about correctness.
        """
        if held_key(exercise):
            return self.score(exercise, answer)
        if exercise.assessed:
            return Score(exercise.id, 0.0, exercise.points, Status.COLLECTED, ASSESSED_SUMMARY)
        return self.check_sealed(exercise, answer)

    def practice_check(self, exercise: E, answer: Any) -> Score:
        """What the Check button of a practice exercise shows for a canonical, non-empty answer: the
        `checked_score` of a right answer, and of one that is not right yet only what it has earned
        (`practice_view`), the same on the instructor's definition and on the learner edition's."""
        full = self.checked_score(exercise, answer)
        if full.status != Status.CORRECT and self.scored and not exercise.assessed:
            return self.practice_view(exercise, answer, full)
        return full

    def practice_view(self, exercise: E, answer: Any, full: Score) -> Score:
        """The Check of an answer that is not right yet (`course.exercises.disclosure`): not judged part by
        part when its shape says nothing (`unjudgeable`), else within the type's `judging`."""
        reason = self.unjudgeable(exercise, answer)
        if reason:
            return not_judged(full, reason)
        return disclose(full, self.judging_of(exercise))

    def judging_of(self, exercise: E) -> Judging:
        """The type's `judging` for one exercise (a type whose chance level depends on the question adapts it)."""
        return self.judging

    def unjudgeable(self, exercise: E, answer: Any) -> str | None:
        """Why a canonical answer's shape cannot be judged part by part (every option ticked, one category for
        every item), with what to do instead; None for an answer that can. Worked out without the key, so the
        learner edition says the same; a key never has such a shape (`definitions` refuses one)."""
        return None

    # --- the learner edition ----------------------------------------------------------------------------------

    def learner_definition(self, exercise: E) -> E:
        """The definition as the learner edition ships it: no key (the instructor's notes, common to
        every type, are dropped once, by `edition_data.learner_exercise`).

        Types replace their key fields with empty values here; every field of `learner_view`
        stays, so the fingerprint (and the grading of records) is unchanged.
        """
        return exercise

    def seal(self, exercise: E, sealer: Sealer) -> None:
        """Add the sealed entries (and counts) a practice check of this exercise needs."""

    def check_sealed(self, exercise: E, answer: Any) -> Score:
        """`practice_check` on a learner edition's definition: scored from `exercise.practice` alone."""
        raise NoKeyError(f"{self.name} exercises have no practice check without their key")

    def live_options(self, exercise: E) -> tuple[str, list[tuple[str, str]]] | None:
        """For the live view: what its bars count ('option', 'ticked') and the options (id, text),
        or None to count outcomes (correct, partly, not yet). Choice types override it."""
        return None

    def picked(self, exercise: E, answer: Any) -> list[str]:
        """The option ids a canonical answer picks (only asked when `live_options` is not None)."""
        return []

    def key_options(self, exercise: E) -> frozenset[str]:
        """Of the `live_options`, the ids the key picks: the class report marks them for the instructor."""
        return frozenset()

    # --- words ------------------------------------------------------------------------------------------------

    @abstractmethod
    def describe_progress(self, exercise: E, answer: Any) -> str:
        """How much of a non-empty answer is given ('7 of 11 activities')."""

    @abstractmethod
    def describe_answer(self, exercise: E, answer: Any) -> str:
        """A non-empty canonical answer in words, with the question's own labels (graded feedback)."""

    @abstractmethod
    def reveal_key(self, exercise: E, answer: Any) -> str:
        """What graded feedback shows of the key for an answer that is not right ('' for nothing)."""

    @abstractmethod
    def key_in_words(self, exercise: E) -> str:
        """The key, short enough for the facilitator guide's one-page answer key."""

    @abstractmethod
    def misconception_lines(self, exercise: E) -> tuple[str, list[str]]:
        """The heading and Markdown lines of the misconceptions (or slips, or rubric) the notes list."""

    # --- what the tests walk ----------------------------------------------------------------------------------
    # Every test that walks exercises asks the type, so a new type is tested as soon as it is registered, and
    # a type that cannot say these things cannot be registered.

    @abstractmethod
    def key_answer(self, exercise: E) -> Any:
        """The key as a learner would give it: full marks (for a type that is not scored, an answer it collects)."""

    @abstractmethod
    def sample_answers(self, exercise: E, rng: random.Random) -> Iterator[Any]:
        """Raw answers worth scoring both ways (the key, each wrong option, placement or value, partial and
        random ones): `tests/test_practice_keys.py` compares the sealed practice check with `score` on them."""

    @abstractmethod
    def wrong_answers(self, exercise: E) -> list[WrongAnswer]:
        """One wrong answer per wrong option, placement, cell or slip the definition words feedback for:
        its feedback must reach the learner and its misconception the class report, naming no key."""

    @abstractmethod
    def blind_answers(self, exercise: E) -> list[BlindAnswer]:
        """Answers a learner could try knowing nothing of the subject (tick every option, the same letter in
        every open cell, every item in one category, the steps in the order shown). Built from what the
        learner sees only: the learner edition's definition gives the same list."""

    def blind_strategies(self, exercise: E) -> list[BlindStrategy]:
        """Ways to play the Check knowing nothing of the subject: each blind answer handed in as it is, then
        the type's adaptive searches that read each check's feedback (see `course.exercises.blind_play`).
        Built, like `blind_answers`, from what the learner sees."""
        return [static(blind.strategy, blind.answer) for blind in self.blind_answers(exercise)]

    def reordered(self, exercise: E, rng: random.Random) -> E:
        """The same question with what it lists (options, items, categories, steps, rows) shown in another
        order, for blind play: a strategy that meets the key in one order only is lucky, not blind-proof."""
        return exercise

    @abstractmethod
    def key_names(self, exercise: E) -> KeyNames:
        """What names the key in words (a hint must not use it) and what the learner reads anyway."""

    @abstractmethod
    def key_traces(self, exercise: E) -> KeyTraces:
        """How the key would show if it leaked into the learner edition, in a file or on an object."""

    @abstractmethod
    def early_texts(self, exercise: E) -> list[EarlyText]:
        """Every text a learner can read before they have the key (a wrong pick's feedback and the
        misconception it names, a wrong placement's feedback, a hint), each with what it must not give away."""

    @abstractmethod
    def learner_texts(self, exercise: E) -> list[str]:
        """Everything a learner reads of the exercise before any feedback: title, prompt, hints, and its
        options, items, steps, rows or labels (an assessed notebook's later items must not name an earlier key)."""

    @abstractmethod
    def option_groups(self, exercise: E) -> list[OptionGroup]:
        """The sets of options a learner picks from, with the keyed ones ([] for a type without options):
        the key must not stand out by form (the longest option, the one without an absolute word)."""


@dataclass(frozen=True)
class KeyNames:
    """Texts that name an exercise's key, and the text a learner reads anyway.

    `groups` holds one group per part of the key (the right option of a single choice, the right
    options of a multiple select, a right category): in a group of one, the role and topology names
    inside a long text name the key too; in a larger group they are facts of the statements. A name
    that also appears in `context` (the prompt, a wrong option's own text) gives nothing away.
    """

    groups: tuple[tuple[str, ...], ...] = ()
    context: str = ""


@dataclass(frozen=True)
class WrongAnswer:
    """A wrong answer a learner can give, and what its feedback must do."""

    answer: Any
    """The raw answer (any form `normalise` accepts)."""
    where: str
    """The wrong part in words, for a failing test ("wrong pick 'ds'", "'proto' placed in 'mle'")."""
    feedback: str = ""
    """The definition's own feedback for it: the learner must see it ('' where the type words its own)."""
    misconception: str | None = None
    """The misconception the class report must count for it."""
    key_names: KeyNames = field(default_factory=KeyNames)
    """What its feedback must not name."""


@dataclass(frozen=True)
class BlindAnswer:
    """An answer shape a learner could try without knowing anything, named for a failing test."""

    strategy: str
    answer: Any


@dataclass(frozen=True)
class KeyTraces:
    """The key as it would show in the learner edition if it leaked (none of it may).

    `file_forms`: how a file would spell it (a YAML `answer:` line, the canonical key as JSON);
    `texts`: texts that exist only to explain the key (a right option's feedback, an explanation);
    `id_sets`, `mappings`, `numbers`: the key's values as a walk over the edition's objects would meet
    them (a set of right ids, sorted; an item → category or role → letters mapping; an expected number).
    """

    file_forms: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()
    id_sets: tuple[tuple[str, ...], ...] = ()
    mappings: tuple[Mapping[str, Any], ...] = ()
    numbers: tuple[float, ...] = ()


@dataclass(frozen=True)
class EarlyText:
    """A text a learner reads before they have the key, and what it must not give away.

    `tests/test_feedback_paraphrase.py` reads it: the text may share no content word with `key` and
    `key_names` beyond the words of `known` and `known_names`, may state only the numbers `numbers_from`
    states, and never one of `key_numbers`. A name in `key_names` or `known_names` that the chapter
    describes (a role) stands for all the chapter says of it (its focus, duties, outputs).
    """

    where: str
    """The text's place, for a failing test ("wrong pick 'ds' (feedback)", "hint 2")."""
    text: str
    _: KW_ONLY
    key: tuple[str, ...] = ()
    """Texts that name or describe the key."""
    key_names: tuple[str, ...] = ()
    """Names that are the key (a right category): what the chapter says of them names the key too."""
    known: tuple[str, ...] = ()
    """What the learner has in front of them at that point (the question, their pick): its words are free."""
    known_names: tuple[str, ...] = ()
    """Names the learner picked (a category they placed an item in): what the chapter says of them is free."""
    numbers_from: tuple[str, ...] | None = ()
    """The texts whose numbers it may state; None: any number."""
    key_numbers: tuple[float, ...] = ()
    """Numbers it must never state, in digits or words (the expected values)."""
    one_is_a_number: bool = False
    """Read "one" as 1 (when 1 is among `key_numbers`); elsewhere it is a pronoun far more often."""
    only_with: tuple[str, ...] = ()
    """When given, the key counts only in a text that also uses one of these words (in a grid, a letter or
    what a letter means): a hint may name a role or a row, never pair one with a letter. A capital letter
    here is matched as a capital word ("A" opening a sentence before a lower-case word is the article)."""


@dataclass(frozen=True)
class OptionGroup:
    """A set of options a learner picks from, and the keyed ones among them."""

    where: str
    """The exercise id, and the part when it has several ("04.t topology")."""
    options: tuple[Choice, ...]
    keyed: frozenset[str]
    pick_one: bool
    """True when the learner picks exactly one option (a single choice, a scenario's topology)."""
    question: str
    """What the question says around the options (title, prompt and, in a scenario, the profile)."""


def question_text(exercise: Exercise, *more: str) -> str:
    """What the question itself says, one line each: title, prompt and what else frames it (a profile)."""
    return "\n".join((exercise.title, exercise.prompt, *more))


def wrong_pick_texts(
    where: str, question: str, options: tuple[Choice, ...], keyed: frozenset[str], also_key: tuple[str, ...] = ()
) -> list[EarlyText]:
    """The feedback and misconception of each wrong option: they must not echo the keyed options' texts
    (nor `also_key`) beyond the question and the picked option's own words."""
    key = (*(c.text for c in options if c.id in keyed), *also_key)
    return [
        EarlyText(
            f"{where} wrong pick {c.id!r} ({label})",
            text,
            key=key,
            known=(question, c.text),
            numbers_from=(question, c.text),
        )
        for c in options
        if c.id not in keyed
        for label, text in (("feedback", c.feedback), ("misconception", c.misconception or ""))
    ]


def hint_texts(
    exercise: Exercise, key: tuple[str, ...], known: tuple[str, ...], numbers_from: tuple[str, ...], **more: Any
) -> list[EarlyText]:
    """The exercise's hints, each read against the same key and what the learner has before them."""
    return [
        EarlyText(f"{exercise.id} hint {index}", hint, key=key, known=known, numbers_from=numbers_from, **more)
        for index, hint in enumerate(exercise.hints, 1)
    ]


def choice_early_texts(exercise: Exercise, options: tuple[Choice, ...], keyed: frozenset[str]) -> list[EarlyText]:
    """A choice question's wrong picks and hints: a hint may use the question's and the wrong options' words."""
    question = question_text(exercise)
    key = tuple(c.text for c in options if c.id in keyed)
    wrong = tuple(c.text for c in options if c.id not in keyed)
    return [
        *wrong_pick_texts(exercise.id, question, options, keyed),
        *hint_texts(exercise, key, (question, *wrong), (question,)),
    ]
