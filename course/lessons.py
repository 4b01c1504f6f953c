"""The lessons: their order, times and learning objectives (`course/data/lessons.yaml`).

One file says how long each lesson and its exercise notebook take and what each lesson's
objectives are, so the lesson notebooks, the course maps and the facilitator guide are written
from it (`course.authoring.notes`) and cannot disagree. Exercises name the objectives they
assess by id; a test checks every objective of a lesson with exercises is assessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from course.datafile import Fields, read_yaml

DEFAULT_LESSONS_FILE = Path(__file__).resolve().parent / "data" / "lessons.yaml"


@dataclass(frozen=True)
class Objective:
    """One learning objective: `text` is the notebook's list item (markdown), `short` a course-map phrase."""

    id: str
    text: str
    short: str


@dataclass(frozen=True)
class Lesson:
    number: str
    notebook: str
    """The file name without `.ipynb`, the same in notebooks/, exercises/ and solutions/."""
    title: str
    topic: str
    minutes: int
    objectives: tuple[Objective, ...]
    practice_minutes: int | None = None
    """How long its exercise notebook takes; None for a lesson without one (00)."""
    practice_summary: str = ""

    @property
    def has_practice(self) -> bool:
        return self.practice_minutes is not None


@dataclass(frozen=True)
class ReviewNotebook:
    """The spaced-review notebook in exercises/: no lesson of its own, so the course maps list it after
    the last lesson, with the length of one review session."""

    notebook: str
    title: str
    topic: str
    summary: str
    minutes: int


def load_review(path: str | Path = DEFAULT_LESSONS_FILE) -> ReviewNotebook | None:
    """The `review:` entry of the lessons file, or None when the course has no review notebook."""
    top = Fields(read_yaml(path), path)
    top.reject_unknown(("lessons", "review"))
    if not top.has("review"):
        return None
    f = top.mapping("review")
    f.reject_unknown(("notebook", "title", "topic", "summary", "minutes"))
    notebook = f.text("notebook")
    if not re.fullmatch(r"\d\d_[a-z0-9_]+", notebook):
        raise f.error("notebook", f"expected a numbered notebook name such as '08_review', got {notebook!r}")
    return ReviewNotebook(notebook, f.text("title"), f.text("topic"), f.text("summary"), _minutes(f))


def load_lessons(path: str | Path = DEFAULT_LESSONS_FILE) -> tuple[Lesson, ...]:
    """Every lesson in course order; a mistake is an error naming the file and field."""
    top = Fields(read_yaml(path), path)
    top.reject_unknown(("lessons", "review"))
    lessons: list[Lesson] = []
    seen: set[str] = set()
    for f in top.records("lessons", allow_empty=False):
        f.reject_unknown(("number", "notebook", "title", "topic", "minutes", "practice", "objectives"))
        number = f.text("number")
        if not re.fullmatch(r"\d\d", number):
            raise f.error("number", f"expected a two-digit lesson number such as '04', got {number!r}")
        if lessons and number <= lessons[-1].number:
            raise f.error("number", f"expected the lessons in order, after {lessons[-1].number}, got {number}")
        notebook = f.text("notebook")
        if not notebook.startswith(f"{number}_"):
            raise f.error("notebook", f"expected a notebook name starting with {number}_, got {notebook!r}")
        objectives = []
        for o in f.records("objectives", allow_empty=False):
            o.reject_unknown(("id", "text", "short"))
            objective_id = o.text("id")
            if not re.fullmatch(rf"{number}\.[a-z0-9][a-z0-9-]*", objective_id):
                raise o.error("id", f"expected an id like '{number}.maturity' (lesson number, dot, words)")
            if objective_id in seen:
                raise o.error("id", f"duplicate objective id {objective_id!r}")
            seen.add(objective_id)
            objectives.append(Objective(objective_id, o.text("text"), o.text("short")))
        practice_minutes, summary = None, ""
        if f.has("practice"):
            practice = f.mapping("practice")
            practice.reject_unknown(("minutes", "summary"))
            practice_minutes = _minutes(practice)
            summary = practice.text("summary")
        lessons.append(
            Lesson(
                number=number,
                notebook=notebook,
                title=f.text("title"),
                topic=f.text("topic"),
                minutes=_minutes(f),
                objectives=tuple(objectives),
                practice_minutes=practice_minutes,
                practice_summary=summary,
            )
        )
    return tuple(lessons)


def _minutes(f: Fields) -> int:
    minutes = f.integer("minutes")
    if minutes <= 0:
        raise f.error("minutes", f"expected a positive number of minutes, got {minutes}")
    return minutes


def objectives_by_id(lessons: tuple[Lesson, ...]) -> dict[str, Objective]:
    return {o.id: o for lesson in lessons for o in lesson.objectives}
