"""Exercise definitions: the data that drives the widget, the self-check and the grader.

Definitions live in `course/data/exercises/NN_topic.yaml`, one file per
exercise notebook. Each is validated when loaded (an unknown id, a key that is
not among the choices, a wrong choice without feedback are errors naming the
file and field) and carries a fingerprint of what the learner sees, so an
answer records which version of the question it answered.

The environment variable `MLOPS_COURSE_EXERCISES` points the kit at another
definitions folder (or file) instead of the shipped one: the notebook API
(`course.exercises.api.bank()`), `mlops-course check` and `mlops-course grade`
all read it through `configured_definitions()`. Tests use it to run a kernel
on the fixture bank; an instructor can use it to try out adapted exercises.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from course.datafile import DataFileError, Fields, read_yaml
from course.raci.cells import RACI, RASCI, Scheme
from course.raci.matrix import RaciMatrix
from course.raci.rules import ONE_ACCOUNTABLE, RULE_TEXT, SOME_RESPONSIBLE

DEFAULT_DEFINITIONS_DIR = Path(__file__).resolve().parent.parent / "data" / "exercises"
DEFINITIONS_ENV = "MLOPS_COURSE_EXERCISES"
LEARNER_SUFFIX = ".learner.json"
LEARNER_FILES = f"*{LEARNER_SUFFIX}"
"""The learner edition's definitions files: no keys, sealed practice keys."""
ID_PATTERN = re.compile(r"^(\d\d)\.[a-z0-9][a-z0-9-]*$")
SCHEMES = {"RACI": RACI, "RASCI": RASCI}
RACI_RULES = (ONE_ACCOUNTABLE, SOME_RESPONSIBLE)
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
)
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

    def learner_view(self) -> dict[str, Any]:
        """What the learner sees (no key, no points): the basis of the fingerprint."""
        return {"id": self.id, "type": self.type, "title": self.title, "prompt": self.prompt}

    @property
    def fingerprint(self) -> str:
        """A short hash of the learner's view: it changes when the question changes,
        not when the key or points change (a corrected key regrades old answers)."""
        canonical = json.dumps(self.learner_view(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class SingleChoice(Exercise):
    choices: tuple[Choice, ...] = ()
    key: str = ""

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "choices": [[c.id, c.text] for c in self.choices]}


@dataclass(frozen=True)
class MultipleSelect(Exercise):
    choices: tuple[Choice, ...] = ()
    key: frozenset[str] = frozenset()

    def choice(self, choice_id: str) -> Choice:
        return next(c for c in self.choices if c.id == choice_id)

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "choices": [[c.id, c.text] for c in self.choices]}


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


@dataclass(frozen=True)
class RaciGrid(Exercise):
    """Fill a RACI matrix. `given` cells are shown filled and locked, and not scored;
    `rules` name the validity rules that earn `rule_points` when the answer keeps them."""

    key: RaciMatrix | None = None
    given: Mapping[tuple[str, str], str] = field(default_factory=dict)
    explanations: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    rule_points: float = 0.0
    scheme: Scheme = RACI
    activity_names: tuple[str, ...] = ()
    role_names: tuple[str, ...] = ()
    """The rows and columns when there is no key to take them from (the learner edition)."""

    @property
    def activities(self) -> tuple[str, ...]:
        return self.key.activities if self.key else self.activity_names

    @property
    def roles(self) -> tuple[str, ...]:
        return self.key.roles if self.key else self.role_names

    @property
    def scored_cells(self) -> list[tuple[str, str]]:
        return [(a, r) for a in self.activities for r in self.roles if (a, r) not in self.given]

    def learner_view(self) -> dict[str, Any]:
        return {
            **super().learner_view(),
            "activities": list(self.activities),
            "roles": list(self.roles),
            "given": sorted([a, r, v] for (a, r), v in self.given.items()),
            "scheme": self.scheme.name,
        }


@dataclass(frozen=True)
class Scenario(Exercise):
    """An organisation profile: pick a topology, then the reasons that justify it."""

    profile: tuple[tuple[str, str], ...] = ()
    topologies: tuple[Choice, ...] = ()
    topology_key: str = ""
    topology_points: float = 0.0
    reasons: tuple[Choice, ...] = ()
    reasons_key: frozenset[str] = frozenset()
    reasons_points: float = 0.0

    def topology(self, topology_id: str) -> Choice:
        return next(c for c in self.topologies if c.id == topology_id)

    def learner_view(self) -> dict[str, Any]:
        return {
            **super().learner_view(),
            "profile": [list(p) for p in self.profile],
            "topologies": [[c.id, c.text] for c in self.topologies],
            "reasons": [[c.id, c.text] for c in self.reasons],
        }


@dataclass(frozen=True)
class ValueField:
    """One number the learner computes. Correct when within `tolerance` of `expected`."""

    id: str
    label: str
    expected: float
    tolerance: float = 0.0


@dataclass(frozen=True)
class CommonMistake:
    """A wrong value worth recognising, and the slip that produces it."""

    field: str
    value: float
    feedback: str


@dataclass(frozen=True)
class Value(Exercise):
    fields: tuple[ValueField, ...] = ()
    explanation: str = ""
    mistakes: tuple[CommonMistake, ...] = ()

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "fields": [[f.id, f.label] for f in self.fields]}


@dataclass(frozen=True)
class RubricLevel:
    """One level of a rubric criterion: what an answer at this level does, and its marks."""

    marks: int
    description: str


@dataclass(frozen=True)
class RubricCriterion:
    """One thing the instructor judges in a free-text answer, with its levels from lowest to highest."""

    id: str
    title: str
    levels: tuple[RubricLevel, ...]

    @property
    def max_marks(self) -> int:
        return max(level.marks for level in self.levels)


@dataclass(frozen=True)
class FreeText(Exercise):
    """A reflection: recorded and collected for the instructor, never scored automatically.
    Its rubric says what the instructor looks for when marking it by hand."""

    min_words: int = 0
    max_chars: int = 4000
    rubric: tuple[RubricCriterion, ...] = ()

    @property
    def max_marks(self) -> int:
        """What the reflection is worth once marked by hand: each criterion's top marks, summed."""
        return sum(c.max_marks for c in self.rubric)


class ExerciseBank:
    """All definitions, by id, plus earlier versions kept so old answers grade fairly."""

    def __init__(
        self, exercises: list[Exercise], archive: list[Exercise] | None = None, titles: dict[str, str] | None = None
    ) -> None:
        self.titles = dict(titles or {})
        """Notebook number ('04') to the title of its exercise notebook."""
        self._by_id: dict[str, Exercise] = {}
        for exercise in exercises:
            if exercise.id in self._by_id:
                raise DataFileError(exercise.source, exercise.id, f"duplicate exercise id {exercise.id!r}")
            self._by_id[exercise.id] = exercise
        self._versions: dict[tuple[str, str], Exercise] = {(e.id, e.fingerprint): e for e in archive or []}
        self._versions.update({(e.id, e.fingerprint): e for e in exercises})

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self._by_id.values())

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, exercise_id: object) -> bool:
        return exercise_id in self._by_id

    def ids(self) -> list[str]:
        return list(self._by_id)

    def get(self, exercise_id: str) -> Exercise:
        """The current definition; an unknown id raises KeyError naming close matches."""
        try:
            return self._by_id[exercise_id]
        except KeyError:
            import difflib

            close = difflib.get_close_matches(str(exercise_id), self._by_id, n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise KeyError(f"no exercise {exercise_id!r}{hint}") from None

    def version(self, exercise_id: str, fingerprint: str) -> Exercise | None:
        """The definition an answer was given against, if that version is known."""
        return self._versions.get((exercise_id, fingerprint))

    def for_notebook(self, number: str) -> list[Exercise]:
        """The exercises of one notebook ('04'), in file order."""
        return [e for e in self._by_id.values() if e.notebook == number]

    def notebooks(self) -> list[str]:
        return sorted({e.notebook for e in self._by_id.values()})


def configured_definitions() -> Path:
    """The definitions to use: `MLOPS_COURSE_EXERCISES` if set, else the shipped folder."""
    configured = os.environ.get(DEFINITIONS_ENV, "").strip()
    return Path(configured).expanduser() if configured else DEFAULT_DEFINITIONS_DIR


def bank() -> ExerciseBank:
    """The exercise definitions in use: the shipped ones, or those `MLOPS_COURSE_EXERCISES` names.

    `load_bank` caches by folder and file times, so calling this often costs a stat, not a parse.
    """
    return load_bank(configured_definitions())


def load_bank(path: str | Path | None = None) -> ExerciseBank:
    """Load definitions from a folder of YAML files (the shipped one by default) or one file.

    A folder's `archive/` sub-folder holds earlier versions of changed exercises.
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_DEFINITIONS_DIR
    return _load_bank_cached(str(resolved), _tree_stamp(resolved))


def _tree_stamp(path: Path) -> tuple[tuple[str, float], ...]:
    files = sorted([*path.rglob("*.yaml"), *path.rglob(LEARNER_FILES)]) if path.is_dir() else [path]
    return tuple((str(f), f.stat().st_mtime if f.exists() else 0.0) for f in files)


@lru_cache(maxsize=4)
def _load_bank_cached(path: str, _stamp: tuple[tuple[str, float], ...]) -> ExerciseBank:
    root = Path(path)
    files = sorted([*root.glob("*.yaml"), *root.glob(LEARNER_FILES)]) if root.is_dir() else [root]
    archive_files = sorted((root / "archive").glob("*.yaml")) if root.is_dir() else []
    current, titles = [], {}
    for file in files:
        number, title, exercises = read_definitions_file(file)
        titles[number] = title
        current.extend(exercises)
    archive = [e for f in archive_files for e in read_definitions_file(f)[2]]
    return ExerciseBank(current, archive, titles)


def load_file(path: str | Path) -> list[Exercise]:
    """The exercises of one definitions file."""
    return read_definitions_file(path)[2]


def read_definitions_file(path: str | Path) -> tuple[str, str, list[Exercise]]:
    """Parse one definitions file: notebook number, notebook title, exercises.

    A learner edition's `NN_topic.learner.json` (key-free definitions with sealed practice
    keys, see `course.exercises.edition_data`) is read like a YAML file.
    """
    if str(path).endswith(LEARNER_SUFFIX):
        from course.exercises.edition_data import read_learner_file

        return read_learner_file(Path(path))
    top = Fields(read_yaml(path), path)
    top.reject_unknown(("notebook", "title", "mode", "exercises"))
    number = top.text("notebook")
    if not re.fullmatch(r"\d\d", number):
        raise top.error("notebook", f"expected a two-digit notebook number such as '04', got {number!r}")
    mode = top.choice("mode", MODES, MODES[0])
    exercises = [replace(parse_exercise(f), mode=mode) for f in top.records("exercises", allow_empty=False)]
    for exercise, f in zip(exercises, top.records("exercises"), strict=True):
        if exercise.notebook != number:
            raise f.error("id", f"expected an id starting with {number}. (the notebook number), got {exercise.id!r}")
    return number, top.text("title"), exercises


def parse_exercise(f: Fields) -> Exercise:
    """Build one definition from its fields: the common ones here, the rest by its type's module."""
    from course.exercises.types import registry

    kind = f.choice("type", registry.names())
    exercise_type = registry.by_name(kind)
    exercise_id = f.text("id")
    if not ID_PATTERN.match(exercise_id):
        raise f.error(
            "id", f"expected an id like '04.raci-startup' (notebook number, dot, lowercase words), got {exercise_id!r}"
        )
    scored = exercise_type.scored
    points = f.number("points", ... if scored else 0)
    if points < 0 or (scored and points == 0):
        raise f.error("points", f"expected a positive number of points, got {points!r}")
    if not scored and points != 0:
        raise f.error("points", f"a {kind} exercise is collected, not scored: points must be 0")
    allowed = exercise_type.partial_credit
    level = f.text("level")
    if level not in LEVELS:
        raise f.error("level", f"expected one of {', '.join(LEVELS)}, got {level!r}")
    level_reason = f.text("level_reason") if f.has("level_reason") else ""
    if "\n" in level_reason:
        raise f.error("level_reason", "expected one line (why the task earns its level), got several")
    objectives = f.texts("objectives", ())
    for objective in objectives:
        if not OBJECTIVE_PATTERN.match(objective):
            raise f.error(
                "objectives",
                f"expected objective ids like '03.maturity' (lesson number, dot, words), got {objective!r}",
            )
    common = {
        "id": exercise_id,
        "type": kind,
        "title": f.text("title"),
        "prompt": f.text("prompt"),
        "points": float(points),
        "section": f.text("section"),
        "hints": f.texts("hints", ... if scored else (), allow_empty=not scored),
        "partial_credit": f.choice("partial_credit", allowed, allowed[0]),
        "level": level,
        "level_reason": level_reason,
        "objectives": objectives,
        "discussion": f.text("discussion", ""),
        "source": str(f.file),
    }
    parsed: Exercise = exercise_type.parse(f, common)
    return parsed


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
    for index, choice in enumerate(choices):
        if choice.id not in correct and not choice.misconception:
            raise DataFileError(
                f.file,
                f"{f.where(key)}[{index}].misconception",
                f"wrong choice {choice.id!r} needs the misconception it stands for (and its feedback says why it is wrong)",
            )


def key_in(f: Fields, key: str, value: str, options: list[str], what: str = "choice") -> str:
    if value not in options:
        raise f.error(key, f"the key {value!r} is not among the {what}s ({', '.join(options)})")
    return value


__all__ = [
    "APPLY_OR_ABOVE",
    "EVALUATE_OR_ABOVE",
    "LEVELS",
    "RULE_TEXT",
    "Category",
    "Choice",
    "CommonMistake",
    "Exercise",
    "ExerciseBank",
    "FreeText",
    "MatchItem",
    "Matching",
    "MultipleSelect",
    "RaciGrid",
    "RubricCriterion",
    "RubricLevel",
    "Scenario",
    "SingleChoice",
    "Value",
    "ValueField",
    "bank",
    "configured_definitions",
    "key_in",
    "load_bank",
    "load_file",
    "parse_choices",
    "parse_exercise",
    "require_misconceptions",
]
