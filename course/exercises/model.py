"""What every exercise is, whatever its type: the common fields, an option of a choice, the levels and modes.

The bottom of the exercises' layers: a type module (`course/exercises/types/<type>.py`)
subclasses `Exercise` with its own content and key; nothing here knows a type.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from course.datafile import DataFileError, Fields

ID_PATTERN = re.compile(r"^(\d\d)\.[a-z0-9][a-z0-9-]*$")
COMMON_FIELDS = (
    "id",
    "type",
    "title",
    "prompt",
    "points",
    "section",
    "hints",
    "partial_credit",
    "level",
    "level_reason",
    "objectives",
    "discussion",
    "case",
    "variants",
    "case_group",
)
"""The YAML fields every exercise has; a type adds its own (`ExerciseType.fields`)."""
VARIANT_COMMON_FIELDS = ("title", "prompt", "hints", "discussion", "level_reason")
"""The common fields a variant may give its own value (besides its `case`); the rest (points, level,
objectives, section, partial credit) stay the exercise's, so every case is worth the same and assesses
the same thing. Which of its own fields a variant may change, each type says (`ExerciseType.variant_fields`)."""
CASE_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")
LEVELS = ("remember", "understand", "apply", "analyse", "evaluate", "create")
"""The cognitive level an exercise asks for (revised Bloom), declared so the course can show
how many points test recall and how many test judgement."""
APPLY_OR_ABOVE = LEVELS[2:]
EVALUATE_OR_ABOVE = LEVELS[4:]
OBJECTIVE_PATTERN = re.compile(r"^(\d\d)\.[a-z0-9][a-z0-9-]*$")
"""A lesson objective's id: the lesson's number, a dot, lowercase words (`03.maturity`)."""
MODES = ("practice", "assessed")
"""How a notebook's Check button behaves. `practice` (the default): instant feedback that explains.
`assessed`: Check records the answer and says so, with no correctness; feedback comes from the
grader's pages after the deadline, and the learner edition ships no key material for it."""


@dataclass(frozen=True)
class Choice:
    """An option of a choice question. Wrong options name the misconception they diagnose."""

    id: str
    text: str
    feedback: str
    misconception: str | None = None


@dataclass(frozen=True)
class Exercise:
    """What every exercise has. Subclasses add the type's content and key."""

    id: str
    type: str
    title: str
    prompt: str
    points: float
    section: str
    hints: tuple[str, ...]
    partial_credit: str
    level: str = "understand"
    level_reason: str = ""
    """One line: what the task makes the learner do that earns its level (the rubric is docs/levels.md)."""
    objectives: tuple[str, ...] = ()
    """The lesson objectives the exercise assesses, by id (`course/data/lessons.yaml`)."""
    discussion: str = ""
    """For instructors: how to debrief the exercise (the facilitator guide's answer key shows it)."""
    mode: str = "practice"
    """The notebook's mode (one of MODES), set by the definitions file's top-level `mode:`."""
    source: str = field(default="", compare=False)
    practice: Any = field(default=None, compare=False, repr=False)
    """None in the instructor's definitions (they hold the key). In the learner edition, the
    sealed practice key (`practice_key.PracticeSeal`; empty for an assessed exercise) and no key."""
    variant: str = ""
    """The id of the case this definition is ('' for an exercise written without a `case:`)."""
    case_name: str = ""
    """The case's name as the learner reads it ("Northbank, a retail bank")."""
    case_facts: tuple[tuple[str, str], ...] = ()
    """Facts of the case shown above the prompt, (label, text) in order (a type with a fact table of
    its own, such as a scenario's profile, may leave them out)."""
    case_group: str = ""
    """What the learner's case is drawn for (`course.exercises.variants`): the exercise's id, or a group
    named by `case_group:` that gives a learner the same case in every exercise of one story."""
    variants: tuple[Exercise, ...] = field(default=(), compare=False, repr=False)
    """The exercise's other cases, each a whole definition of the same type (only on the definition
    written first, the base; a case has none of its own). See `course.exercises.variants`."""

    @property
    def notebook(self) -> str:
        """The two-digit number of the notebook this exercise belongs to."""
        return self.id[:2]

    @property
    def graded(self) -> bool:
        return self.points > 0

    @property
    def assessed(self) -> bool:
        """True in an assessed notebook: Check records the answer and shows no correctness."""
        return self.mode == "assessed"

    @property
    def has_variants(self) -> bool:
        """Whether learners get different cases of this exercise (true on every case of such an exercise)."""
        return bool(self.variant)

    def learner_view(self) -> dict[str, Any]:
        """What the learner sees (no key, no points): the basis of the fingerprint.

        A case adds its id, name and facts, so every case has a fingerprint of its own (and an
        exercise without cases keeps the fingerprint it had before cases existed)."""
        view: dict[str, Any] = {"id": self.id, "type": self.type, "title": self.title, "prompt": self.prompt}
        if self.variant:
            view["case"] = {"id": self.variant, "name": self.case_name, "facts": [list(f) for f in self.case_facts]}
        return view

    @property
    def fingerprint(self) -> str:
        """A short hash of the learner's view: it changes when the question changes,
        not when the key or points change (a corrected key regrades old answers)."""
        canonical = json.dumps(self.learner_view(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def parse_choices(f: Fields, key: str = "choices") -> tuple[Choice, ...]:
    """The options of a choice field: unique ids, text, feedback, and the misconception a wrong one shows."""
    choices = []
    seen: set[str] = set()
    for c in f.records(key, allow_empty=False):
        c.reject_unknown(("id", "text", "feedback", "misconception"))
        choice_id = c.text("id")
        if choice_id in seen:
            raise c.error("id", f"duplicate choice id {choice_id!r}")
        seen.add(choice_id)
        choices.append(Choice(choice_id, c.text("text"), c.text("feedback"), c.text("misconception", None)))
    if len(choices) < 2:
        raise f.error(key, "expected at least two choices")
    return tuple(choices)


def require_misconceptions(f: Fields, key: str, choices: tuple[Choice, ...], correct: set[str]) -> None:
    """Every wrong option names the misconception it stands for."""
    for index, choice in enumerate(choices):
        if choice.id not in correct and not choice.misconception:
            raise DataFileError(
                f.file,
                f"{f.where(key)}[{index}].misconception",
                f"wrong choice {choice.id!r} needs the misconception it stands for (and its feedback says why it is wrong)",
            )


def key_in(f: Fields, key: str, value: str, options: list[str], what: str = "choice") -> str:
    """`value` if it is one of `options`, else an error naming the field."""
    if value not in options:
        raise f.error(key, f"the key {value!r} is not among the {what}s ({', '.join(options)})")
    return value
