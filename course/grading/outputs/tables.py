"""The CSV outputs: gradebook.csv, scores.csv, errors.csv and canvas.csv.

Canvas's gradebook import reads a header row naming `Student`, `ID`,
`SIS User ID`, `SIS Login ID` and `Section`, then one column per assignment,
with an optional `Points Possible` row under the header (as in Canvas's own
export). canvas.csv has one assignment column per course notebook graded,
named `MLOps NN: <title>`, the learner id in `Student` and `SIS Login ID`, and
the others left empty for Canvas to match. A notebook a learner did not
submit stays empty (Canvas leaves an empty cell unchanged) rather than 0.
"""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.grading.outputs.formats import cell, percent, points, row
from course.grading.store import ResultStore

GRADEBOOK = "gradebook.csv"
SCORES = "scores.csv"
ERRORS = "errors.csv"
CANVAS = "canvas.csv"
CANVAS_FIXED = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
SCORES_HEADER = ["learner", "notebook", "exercise", "points", "max_points", "status", "note", "file"]
ERRORS_HEADER = ["file", "learner", "problem", "detail"]


def _writer(stream: object) -> csv.writer:
    return csv.writer(stream, lineterminator="\n")


@dataclass
class LearnerTotals:
    """Per learner: points earned and points possible in the notebooks they submitted; class percentages."""

    own: dict[str, tuple[float, float]] = field(default_factory=dict)
    percents: list[float] = field(default_factory=list)


def write_grade_tables(out: Path, store: ResultStore, bank: ExerciseBank) -> LearnerTotals:
    """gradebook.csv and canvas.csv in one pass over the graded rows, sorted by learner."""
    notebooks = store.graded_notebooks()
    columns = [e for n in notebooks for e in bank.for_notebook(n) if e.graded]
    course_max = sum(e.points for e in columns)
    notebook_max = {n: sum(e.points for e in bank.for_notebook(n)) for n in notebooks}
    totals = LearnerTotals()
    with open_atomic(out / GRADEBOOK, newline="") as grades, open_atomic(out / CANVAS, newline="") as canvas:
        gradebook = _writer(grades)
        gradebook.writerow(row(["learner", *[e.id for e in columns], "total", "max", "percent"]))
        lms = _writer(canvas)
        lms.writerow(row([*CANVAS_FIXED, *[canvas_column(bank, n) for n in notebooks]]))
        lms.writerow(row(["Points Possible", "", "", "", "", *[points(notebook_max[n]) for n in notebooks]]))
        for learner, group in itertools.groupby(store.winning_rows(), key=lambda r: r[0]):
            by_exercise: dict[str, float] = {}
            by_notebook: dict[str, float] = {}
            possible = 0.0
            for _, notebook, _, exercise, earned, max_points, *_ in group:
                by_exercise[exercise] = earned
                by_notebook[notebook] = by_notebook.get(notebook, 0.0) + earned
                possible += max_points
            total = sum(by_notebook.values())
            share = 100.0 * total / course_max if course_max else 0.0
            totals.own[learner] = (total, possible)
            totals.percents.append(share)
            cells = [points(by_exercise[e.id]) if e.id in by_exercise else "" for e in columns]
            name = cell(learner)  # the only text from a submission; numbers never start with - (floored at 0)
            gradebook.writerow([name, *cells, points(total), points(course_max), percent(share)])
            marks = [points(by_notebook[n]) if n in by_notebook else "" for n in notebooks]
            lms.writerow([name, "", "", name, "", *marks])
    return totals


def canvas_column(bank: ExerciseBank, notebook: str) -> str:
    title = bank.titles.get(notebook, "")
    return f"MLOps {notebook}: {title}" if title else f"MLOps {notebook}"


def write_scores(out: Path, store: ResultStore) -> int:
    """scores.csv: one row per learner and exercise (long form)."""
    count = 0
    with open_atomic(out / SCORES, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(SCORES_HEADER)
        for learner, notebook, _, exercise, earned, max_points, status, note, label in store.winning_rows():
            # notebook, exercise and status come from the definitions and the grader, not the submission
            writer.writerow(
                [cell(learner), notebook, exercise, points(earned), points(max_points), status, cell(note), cell(label)]
            )
            count += 1
    return count


def write_errors(out: Path, rows: Iterable[tuple[str, str, str, str]]) -> int:
    """errors.csv: every file (or record) that could not be graded, and why."""
    count = 0
    with open_atomic(out / ERRORS, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(ERRORS_HEADER)
        for label, learner, problem, detail in rows:
            writer.writerow(row([label, learner, problem, detail]))
            count += 1
    return count
