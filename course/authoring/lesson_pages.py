"""What is written from `course/data/lessons.yaml`: objectives, times and the course maps.

Each lesson notebook's objective list and its "*Estimated time: N minutes.*" line, the course
map in `notebooks/00_start_here.ipynb` and in the learner guide, and the facilitator guide's timing
line all come from the one lessons file, so a changed time or objective is changed everywhere.
`course.authoring.notes` calls these; they rewrite only their own part of a cell or document.
"""

from __future__ import annotations

import re
import textwrap
from pathlib import Path
from typing import Any

from course.authoring.notebook_io import cell_source
from course.lessons import Lesson, ReviewNotebook

TIME_LINE = re.compile(r"\*Estimated time: \d+ minutes\.\*")
LIST_ITEM = re.compile(r"^\d+\. ")
MAP_HEAD = "| # | Lesson | What you learn | Lesson | Practice |"
TOTAL_LINE = re.compile(r"^In total: about .*$", re.M)


class LessonPageError(ValueError):
    """A notebook lacks the part the lessons file writes (a hand edit removed it)."""


def hours(minutes: int) -> str:
    """Minutes as hours to the nearest half ("3½", "4")."""
    halves = round(minutes / 30)
    whole, half = divmod(halves, 2)
    return f"{whole}{'½' if half else ''}" if whole else "½"


def total_line(lessons: tuple[Lesson, ...]) -> str:
    lesson_minutes = sum(lesson.minutes for lesson in lessons)
    practice_minutes = sum(lesson.practice_minutes or 0 for lesson in lessons)
    return f"In total: about {hours(lesson_minutes)} hours of lessons and {hours(practice_minutes)} hours of exercises."


def objective_list(lesson: Lesson) -> str:
    """The notebook's numbered list of objectives, wrapped as the lessons wrap prose."""
    items = []
    for index, objective in enumerate(lesson.objectives, 1):
        first = f"{index}. "
        items.append(
            textwrap.fill(
                objective.text,
                width=100,
                initial_indent=first,
                subsequent_indent=" " * len(first),
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return "\n".join(items)


def sync_lesson_notebook(
    notebook: dict[str, Any],
    lesson: Lesson,
    lessons: tuple[Lesson, ...],
    path: Path,
    review: ReviewNotebook | None = None,
) -> dict[str, Any]:
    """Write the estimated time into the title cell and the objectives into the objectives cell
    (and, in lesson 00, the course map)."""
    cells = {cell.get("id"): cell for cell in notebook["cells"]}
    prefix = f"l{lesson.number}"
    title = cells.get(f"{prefix}-title")
    objectives = cells.get(f"{prefix}-objectives")
    if title is None or not TIME_LINE.search(cell_source(title)):
        raise LessonPageError(f"{path}: cell {prefix}-title needs a line '*Estimated time: N minutes.*'")
    if objectives is None:
        raise LessonPageError(f"{path}: no cell {prefix}-objectives to hold the learning objectives")
    _set_source(title, TIME_LINE.sub(f"*Estimated time: {lesson.minutes} minutes.*", cell_source(title)))
    _set_source(objectives, _replace_list(cell_source(objectives), objective_list(lesson), path))
    if lesson.number == "00":
        course_map = cells.get("l00-map")
        if course_map is None:
            raise LessonPageError(f"{path}: no cell l00-map to hold the course map")
        _set_source(course_map, _replace_map(cell_source(course_map), lessons, path, review))
    return notebook


def _replace_list(source: str, generated: str, path: Path) -> str:
    lines = source.split("\n")
    start = next((i for i, line in enumerate(lines) if LIST_ITEM.match(line)), None)
    if start is None:
        raise LessonPageError(f"{path}: the objectives cell has no numbered list to replace")
    end = start
    while end < len(lines) and (LIST_ITEM.match(lines[end]) or lines[end].startswith("   ")):
        end += 1
    return "\n".join([*lines[:start], *generated.split("\n"), *lines[end:]])


def _replace_map(source: str, lessons: tuple[Lesson, ...], path: Path, review: ReviewNotebook | None) -> str:
    if MAP_HEAD not in source or not TOTAL_LINE.search(source):
        raise LessonPageError(f"{path}: the course map needs its table ({MAP_HEAD}) and an 'In total:' line")
    start = source.index(MAP_HEAD)
    end = source.find("\n\n", start)
    end = len(source) if end < 0 else end
    source = source[:start] + notebook_map(lessons, review) + source[end:]
    return TOTAL_LINE.sub(total_line(lessons), source)


def notebook_map(lessons: tuple[Lesson, ...], review: ReviewNotebook | None = None) -> str:
    """The course map of notebooks/00_start_here.ipynb: links relative to notebooks/; the review
    notebook, which has no lesson, is its last row."""
    rows = [MAP_HEAD, "|---|---|---|---|---|"]
    for lesson in lessons:
        practice = (
            f"[{lesson.practice_minutes} min](../exercises/{lesson.notebook}.ipynb)" if lesson.has_practice else "–"
        )
        rows.append(
            f"| {lesson.number} | [{lesson.title}]({lesson.notebook}.ipynb) | {lesson.topic} | "
            f"{lesson.minutes} min | {practice} |"
        )
    if review is not None:
        number = review.notebook[:2]
        rows.append(
            f"| {number} | [{review.title}](../exercises/{review.notebook}.ipynb) | {review.topic} | – | "
            f"[{review.minutes} min a session](../exercises/{review.notebook}.ipynb) |"
        )
    return "\n".join(rows)


def course_map(lessons: tuple[Lesson, ...], prefix: str = "../", review: ReviewNotebook | None = None) -> str:
    """The learner guide's course map (docs/learner-guide.md, so links start at `prefix`): a row per lesson
    and per exercise notebook, the review notebook, then the total."""
    rows = ["| Notebook | Objectives | Time |", "|---|---|---|"]
    for lesson in lessons:
        shorts = ", ".join(o.short for o in lesson.objectives)
        rows.append(
            f"| [notebooks/{lesson.notebook}.ipynb]({prefix}notebooks/{lesson.notebook}.ipynb) | "
            f"{shorts[0].upper() + shorts[1:]} | {lesson.minutes} min |"
        )
        if lesson.has_practice:
            rows.append(
                f"| [exercises/{lesson.notebook}.ipynb]({prefix}exercises/{lesson.notebook}.ipynb) | "
                f"{lesson.practice_summary} | {lesson.practice_minutes} min |"
            )
    if review is not None:
        rows.append(
            f"| [exercises/{review.notebook}.ipynb]({prefix}exercises/{review.notebook}.ipynb) | "
            f"{review.summary} | {review.minutes} min a session |"
        )
    return "\n".join(rows) + "\n\n" + total_line(lessons)


def timing_line(lessons: tuple[Lesson, ...]) -> str:
    """The facilitator guide's timing line for the exercise notebooks."""
    times = ", ".join(f"{lesson.number} {lesson.practice_minutes} min" for lesson in lessons if lesson.has_practice)
    return (
        "Timing guide per exercise notebook when done in full, as in the [course map](learner-guide.md#course-map): "
        f"{times}."
    )


def _set_source(cell: dict[str, Any], source: str) -> None:
    lines = source.split("\n")
    cell["source"] = [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])
