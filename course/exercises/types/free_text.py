"""free_text: a reflection, recorded and collected for the instructor, marked by hand with its rubric."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError, type_name
from course.exercises.model import COMMON_FIELDS, Exercise
from course.exercises.results import Part, Score
from course.exercises.status import Status
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
)
from course.exercises.type_registry import register
from course.exercises.wording import RUBRIC

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


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
    label: str = "Your reflection"
    """What the text box is called, on screen and for screen readers ("Your Team API")."""

    @property
    def max_marks(self) -> int:
        """What the reflection is worth once marked by hand: each criterion's top marks, summed."""
        return sum(c.max_marks for c in self.rubric)


@register
class FreeTextType(ExerciseType[FreeText]):
    name = "free_text"
    label = "reflection, marked by hand with a rubric"
    definition = FreeText
    partial_credit = ("none",)
    fields = ("min_words", "max_chars", "rubric", "label")
    scored = False
    needs_key = ()  # nothing is scored against a key: the learner edition checks a reflection as is

    def parse(self, f: Fields, common: dict[str, Any]) -> FreeText:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        criteria = []
        for c in f.records("rubric", allow_empty=False):
            c.reject_unknown(("id", "title", "levels"))
            levels = []
            for lv in c.records("levels", allow_empty=False):
                lv.reject_unknown(("marks", "description"))
                marks = lv.integer("marks")
                if marks < 0:
                    raise lv.error("marks", f"expected zero or more marks, got {marks}")
                levels.append(RubricLevel(marks, lv.text("description")))
            marks_seen = [lv.marks for lv in levels]
            if len(levels) < 2 or marks_seen != sorted(set(marks_seen)):
                raise c.error(
                    "levels", "expected at least two levels, from fewest marks to most, each with its own marks"
                )
            criteria.append(RubricCriterion(c.text("id"), c.text("title"), tuple(levels)))
        if len({c.id for c in criteria}) != len(criteria):
            raise f.error("rubric", "criterion ids must be unique")
        return FreeText(
            **common,
            min_words=f.integer("min_words", 0),
            max_chars=f.integer("max_chars", 4000),
            rubric=tuple(criteria),
            label=f.text("label", FreeText.label),
        )

    def normalise(self, exercise: FreeText, answer: Any) -> str:
        if not isinstance(answer, str):
            raise AnswerError(f"{exercise.id}: expected text, got {type_name(answer)}")
        if len(answer) > exercise.max_chars:
            raise AnswerError(
                f"{exercise.id}: the text is {len(answer)} characters; at most {exercise.max_chars} are kept"
            )
        return answer.strip()

    def accept(self, exercise: FreeText, answer: Any) -> tuple[Any, list[str]]:
        """Keep what a broken paste left: a lone surrogate becomes U+FFFD, an over-long text its first part."""
        if not isinstance(answer, str):
            return answer, []
        notes: list[str] = []
        cleaned, count = LONE_SURROGATE.subn(REPLACEMENT, answer)
        if count:
            notes.append(
                f"{count} character{'s' if count != 1 else ''} that cannot be saved in a file (a broken paste) "
                f"{'were' if count != 1 else 'was'} replaced by {REPLACEMENT}; the rest of your text is recorded."
            )
        if len(cleaned) > exercise.max_chars:
            notes.append(
                f"Your text is {len(cleaned)} characters; the first {exercise.max_chars} are recorded "
                "and the rest was left out. Shorten it to keep the ending you want."
            )
            cleaned = cleaned[: exercise.max_chars]
        return cleaned, notes

    def score(self, exercise: FreeText, answer: str) -> Score:
        words = len(answer.split())
        short = exercise.min_words and words < exercise.min_words
        feedback = (
            f"{words} words; aim for at least {exercise.min_words}."
            if short
            else f"{words} words recorded for your instructor."
        )
        part = Part("Reflection", 0.0, 0.0, not short, feedback, "", None)
        return Score(exercise.id, 0.0, 0.0, Status.COLLECTED, feedback, (part,))

    def check_sealed(self, exercise: FreeText, answer: str) -> Score:
        return self.score(exercise, answer)

    def describe_progress(self, exercise: FreeText, answer: str) -> str:
        return f"{len(answer.split())} words"

    def describe_answer(self, exercise: FreeText, answer: str) -> str:
        return str(answer)

    def reveal_key(self, exercise: FreeText, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: FreeText) -> str:
        return "No single answer: mark with the rubric."

    def misconception_lines(self, exercise: FreeText) -> tuple[str, list[str]]:
        return RUBRIC, rubric_lines(exercise)

    # --- what the tests walk: a reflection has no key, no wrong answer and nothing to guess ---------------------

    def key_answer(self, exercise: FreeText) -> str:
        return " ".join(["Roles", "overlap", "in", "a", "small", "team."] * max(1, exercise.min_words // 6 + 1))

    def sample_answers(self, exercise: FreeText, rng: random.Random) -> Iterator[Any]:
        yield None
        yield "A short reflection."
        yield " ".join(["word"] * (exercise.min_words + 5))

    def wrong_answers(self, exercise: FreeText) -> list[WrongAnswer]:
        return []

    def blind_answers(self, exercise: FreeText) -> list[BlindAnswer]:
        return []

    def key_names(self, exercise: FreeText) -> KeyNames:
        return KeyNames((), exercise.prompt)

    def key_traces(self, exercise: FreeText) -> KeyTraces:
        return KeyTraces()

    def early_texts(self, exercise: FreeText) -> list[EarlyText]:
        # No key of its own; its hints still state no number the question does not.
        return hint_texts(exercise, (), (), (exercise.prompt,))

    def learner_texts(self, exercise: FreeText) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints]

    def option_groups(self, exercise: FreeText) -> list[OptionGroup]:
        return []


def rubric_lines(exercise: FreeText) -> list[str]:
    """The rubric as a Markdown table: one row per criterion, one column per mark."""
    marks = sorted({level.marks for c in exercise.rubric for level in c.levels})
    head = "| Criterion | " + " | ".join(f"{m}" for m in marks) + " |"
    rule = "|---|" + "---|" * len(marks)
    rows = []
    for criterion in exercise.rubric:
        by_marks = {level.marks: level.description for level in criterion.levels}
        rows.append(f"| {criterion.title} | " + " | ".join(by_marks.get(m, "") for m in marks) + " |")
    return [head, rule, *rows, "", f"Out of {exercise.max_marks} marks."]
