"""The question bank: exercise definitions read from their files, by id, with earlier versions.

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

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from course.datafile import DataFileError, Fields, read_yaml
from course.exercises.edition_data import LEARNER_FILES, LEARNER_SUFFIX, read_learner_file
from course.exercises.model import (
    CASE_ID_PATTERN,
    ID_PATTERN,
    LEVELS,
    MODES,
    OBJECTIVE_PATTERN,
    VARIANT_COMMON_FIELDS,
    Exercise,
)
from course.exercises.type_registry import by_name, names
from course.exercises.variants import other_variant, variant_for, variant_named, variants_of

DEFAULT_DEFINITIONS_DIR = Path(__file__).resolve().parent.parent / "data" / "exercises"
DEFINITIONS_ENV = "MLOPS_COURSE_EXERCISES"
EARLIER_VERSION = "answered an earlier version of this question; graded against that version"
UNKNOWN_VERSION = "answered a version of this question that is not on file; graded against the current version"
INSTRUCTOR_TOOL = (
    "{command} is an instructor's tool and this is the learner edition (no solutions, no answer keys); "
    "run it in the instructor's copy of the course"
)


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
        self._versions: dict[tuple[str, str], Exercise] = {
            (case.id, case.fingerprint): case for e in archive or [] for case in variants_of(e)
        }
        self._versions.update({(case.id, case.fingerprint): case for e in exercises for case in variants_of(e)})

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
        """The definition an answer was given against (a case of it, an earlier version), if that version is known."""
        return self._versions.get((exercise_id, fingerprint))

    def answered_version(self, exercise_id: str, fingerprint: str) -> tuple[Exercise, str]:
        """The version an answer is scored against, with a note when it is not the current one.

        The grader and the learner's `mlops-course check` both follow this rule: the version the
        answer was given to when it is on file (the current one, or one kept in `archive/`), else
        the current one, noted.
        """
        current = self.get(exercise_id)
        answered = self.version(exercise_id, fingerprint)
        if answered is None:
            return current, UNKNOWN_VERSION
        return answered, "" if answered is current else EARLIER_VERSION

    def definitions(self) -> Iterator[Exercise]:
        """Every current definition a learner may be given: each exercise's base, then its other cases.

        Iterating the bank gives one definition per exercise; the checks that hold for every question
        (keys, feedback, levels, the learner edition) walk this instead."""
        for exercise in self._by_id.values():
            yield from variants_of(exercise)

    def variants(self, exercise_id: str) -> tuple[Exercise, ...]:
        """Every case of an exercise, the base first (one for an exercise without cases)."""
        return variants_of(self.get(exercise_id))

    def variant_for(self, exercise_id: str, learner: str | None) -> Exercise:
        """The case of an exercise this learner gets (see `course.exercises.variants`)."""
        return variant_for(self.get(exercise_id), learner)

    def variant_named(self, exercise_id: str, case_id: str) -> Exercise | None:
        """The current case of an exercise with this id, if there is one."""
        return variant_named(self.get(exercise_id), case_id)

    def other_variant(self, exercise_id: str, learner: str | None, seen: Iterable[str] = ()) -> Exercise | None:
        """A fresh case of an exercise for this learner to practise on (None when it has only one)."""
        return other_variant(self.get(exercise_id), learner, list(seen))

    def for_notebook(self, number: str) -> list[Exercise]:
        """The exercises of one notebook ('04'), in file order."""
        return [e for e in self._by_id.values() if e.notebook == number]

    def notebooks(self) -> list[str]:
        return sorted({e.notebook for e in self._by_id.values()})


def holds_keys(definitions: Path) -> bool:
    """False for a learner edition's definitions (a file or folder of `*.learner.json`, no YAML)."""
    if definitions.is_file():
        return not definitions.name.endswith(LEARNER_SUFFIX)
    if not definitions.is_dir():
        return True
    return any(definitions.glob("*.yaml")) or not any(definitions.glob(LEARNER_FILES))


def is_learner_edition() -> bool:
    """True when this installed `course` is the learner edition (its shipped definitions hold no keys)."""
    return not holds_keys(DEFAULT_DEFINITIONS_DIR)


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
        return read_learner_file(Path(path))
    top = Fields(read_yaml(path), path)
    top.reject_unknown(("notebook", "title", "mode", "exercises"))
    number = top.text("notebook")
    if not re.fullmatch(r"\d\d", number):
        raise top.error("notebook", f"expected a two-digit notebook number such as '04', got {number!r}")
    mode = top.choice("mode", MODES, MODES[0])
    exercises = [with_mode(parse_exercise(f), mode) for f in top.records("exercises", allow_empty=False)]
    groups: dict[str, tuple[Exercise, list[str]]] = {}
    for exercise, f in zip(exercises, top.records("exercises"), strict=True):
        if exercise.notebook != number:
            raise f.error("id", f"expected an id starting with {number}. (the notebook number), got {exercise.id!r}")
        if exercise.case_group not in ("", exercise.id):
            cases = sorted(case.variant for case in variants_of(exercise))
            first, first_cases = groups.setdefault(exercise.case_group, (exercise, cases))
            if cases != first_cases:
                raise f.error(
                    "case_group",
                    f"the exercises of case group {exercise.case_group!r} give a learner the same case, so they need "
                    f"the same case ids: {first.id} has {', '.join(first_cases)}, {exercise.id} has {', '.join(cases)}",
                )
    return number, top.text("title"), exercises


def with_mode(exercise: Exercise, mode: str) -> Exercise:
    """The exercise, and each of its cases, in the notebook's mode."""
    cases = tuple(replace(case, mode=mode) for case in exercise.variants)
    return replace(exercise, mode=mode, variants=cases)


def parse_exercise(f: Fields) -> Exercise:
    """Build one definition from its fields: the common ones here, the rest by its type's module.

    An exercise with `variants:` comes back as its base case holding the others (`Exercise.variants`):
    each is the base's fields with the case's own values put in, read by the same type as a whole."""
    base = _parse_one(f)
    if not f.has("variants"):
        if f.has("case"):
            raise f.error("case", "a case needs other cases to go with it: add `variants:`, or remove `case:`")
        if f.has("case_group"):
            raise f.error("case_group", "only an exercise with `variants:` draws a case for its learners")
        return base
    exercise_type = by_name(base.type)
    allowed = ("case", *VARIANT_COMMON_FIELDS, *exercise_type.changeable_fields())
    cases: list[Exercise] = []
    seen_names = {base.case_name: "the base case"}
    if not f.has("case"):
        raise f.error("case", "is missing: an exercise with variants is a case too; give its id and name")
    for v in f.records("variants", allow_empty=False):
        v.reject_unknown(allowed)
        if not v.has("case"):
            raise v.error("case", "is missing: each variant is a case; give its id and name")
        merged = _VariantFields(f, v)
        case = _parse_one(merged)
        if case.variant == base.variant or any(case.variant == c.variant for c in cases):
            raise v.mapping("case").error("id", f"duplicate case id {case.variant!r}")
        if case.case_name in seen_names:
            raise v.mapping("case").error("name", f"the same name as {seen_names[case.case_name]}: {case.case_name!r}")
        seen_names[case.case_name] = f"case {case.variant!r}"
        cases.append(case)
    return replace(base, variants=tuple(cases))


class _VariantFields(Fields):
    """A variant's fields: its own where it gives them, the base's elsewhere; errors name where each is written."""

    def __init__(self, base: Fields, variant: Fields) -> None:
        data = {k: v for k, v in base.data.items() if k not in ("variants", "case")}
        data.update(variant.data)
        super().__init__(data, base.file, base.path)
        self._variant = variant

    def where(self, key: str | int) -> str:
        if isinstance(key, str) and key in self._variant.data:
            return self._variant.where(key)
        return super().where(key)


def _parse_case(f: Fields) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """A `case:` mapping: its id, its name and its facts (in order)."""
    c = f.mapping("case")
    c.reject_unknown(("id", "name", "facts"))
    case_id = c.text("id")
    if not CASE_ID_PATTERN.match(case_id):
        raise c.error(
            "id", f"expected a short id of lowercase words and dashes such as 'credit-union', got {case_id!r}"
        )
    facts = c.mapping("facts", None)
    return case_id, c.text("name"), tuple((str(k), facts.text(str(k))) for k in facts.data)


def _parse_one(f: Fields) -> Exercise:
    """One definition (the base, or one case with the base's fields filled in)."""
    kind = f.choice("type", names())
    exercise_type = by_name(kind)
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
    if f.has("case"):
        common["variant"], common["case_name"], common["case_facts"] = _parse_case(f)
        group = f.text("case_group", exercise_id)
        if group != exercise_id and not re.fullmatch(r"[a-z0-9][a-z0-9.-]{0,63}", group):
            raise f.error("case_group", f"expected a short name of lowercase words, dots and dashes, got {group!r}")
        common["case_group"] = group
    parsed: Exercise = exercise_type.parse(f, common)
    if scored:
        shape = exercise_type.unjudgeable(parsed, exercise_type.normalise(parsed, exercise_type.key_answer(parsed)))
        if shape:
            raise f.error(
                "answer" if f.has("answer") else exercise_type.fields[0],
                "the key has a shape a practice check does not judge part by part, so a learner who gives it "
                f"blind would be told it cannot be judged: {shape}",
            )
    return parsed
