"""free_text: a reflection, recorded and collected for the instructor, marked by hand with its rubric."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from course.datafile import Fields
from course.exercises.answers import AnswerError, type_name
from course.exercises.definitions import COMMON_FIELDS, FreeText, RubricCriterion, RubricLevel
from course.exercises.scoring import Part, Score
from course.exercises.status import Status
from course.exercises.types.base import ExerciseType
from course.exercises.types.registry import register
from course.exercises.types.wording import RUBRIC

if TYPE_CHECKING:
    from course.exercises.widgets.base import ExerciseWidget

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


@register
class FreeTextType(ExerciseType[FreeText]):
    name = "free_text"
    label = "reflection, marked by hand with a rubric"
    definition = FreeText
    partial_credit = ("none",)
    fields = ("min_words", "max_chars", "rubric")
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

    def widget(self) -> type[ExerciseWidget]:
        from course.exercises.widgets.free_text import FreeTextWidget

        return FreeTextWidget


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
