"""retention.csv: recall per item at one, three and seven days, from the review records found.

Written only when the submissions hold review records (see `course.spaced_review.retention`), so a
class without review notebooks gets exactly the outputs it got before. No grade depends on it.
"""

from __future__ import annotations

import csv
from pathlib import Path

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.grading.outputs.formats import escape_row
from course.grading.store import ResultStore
from course.spaced_review.retention import HEADER, RETENTION_FILE, ScoredTry, retention_rows


def class_retention(store: ResultStore, bank: ExerciseBank) -> list[list[str]]:
    """The rows of retention.csv (see `course.spaced_review.retention.HEADER`) from the review records found."""
    tries = [
        ScoredTry(learner, exercise, number, days, bool(recalled))
        for learner, exercise, number, days, recalled in store.review_tries()
    ]
    return retention_rows(bank, tries)


def write_retention(out: Path, rows: list[list[str]]) -> int:
    """retention.csv, one row per reviewed item; the number of rows (0: no file, and an earlier one removed)."""
    path = out / RETENTION_FILE
    if not rows:
        path.unlink(missing_ok=True)
        return 0
    with open_atomic(path, newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow(escape_row(row))
    return len(rows)
