"""The CSV outputs: gradebook.csv, scores.csv, errors.csv, integrity.csv, canvas.csv, and with a roster
missing.csv (and moodle.csv for a Moodle grading worksheet).

canvas.csv is written the way Canvas's gradebook import matches students: by `ID`
(the Canvas user id), then `SIS User ID`, then `SIS Login ID`. With a Canvas roster
(`--roster` a gradebook export) it is that export's own student columns and rows, with
one score column per graded notebook: the export's column for that notebook (its title
keeps `(assignment id)`, so the scores land in the existing assignment), else
`MLOps NN: <title>`, which Canvas creates as a new assignment. Without a roster, Canvas
downloads fill `ID` with the user id from the file name, and other layouts put the learner
id in `SIS Login ID`. A notebook a learner did not submit stays empty (Canvas leaves an
empty cell unchanged) rather than 0.
"""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.grading.layout import CANVAS
from course.grading.outputs.formats import escape_cell, escape_row, render_percent, render_points
from course.grading.roster import CANVAS_EXPORT, CANVAS_EXPORT_IDENTITY, MOODLE_EXPORT, Roster, RosterEntry
from course.grading.store import ResultStore


class RowWriter(Protocol):
    """What a `csv.writer` offers (the standard library gives it no class to name)."""

    def writerow(self, row: Iterable[Any], /) -> Any: ...


GRADEBOOK = "gradebook.csv"
SCORES = "scores.csv"
ERRORS = "errors.csv"
CANVAS_FILE = "canvas.csv"
INTEGRITY = "integrity.csv"
MISSING = "missing.csv"
MOODLE_BACK = "moodle.csv"
CANVAS_IMPORT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
SCORES_HEADER = [
    "learner",
    "notebook",
    "exercise",
    "points",
    "max_points",
    "status",
    "attempts",
    "policy",
    "note",
    "file",
    "case",
]
"""`attempts`: checks of a changed answer (empty: no record); `policy`: the grading policy that gave the points."""
ERRORS_HEADER = ["file", "learner", "kind", "problem", "detail"]
INTEGRITY_HEADER = ["finding", "notebook", "learner", "other_learners", "file", "detail"]
MISSING_HEADER = ["id", "name", "email", "section"]
ASSIGNMENT_ID = re.compile(r"\s*\(\d+\)\s*$")


def _writer(stream: IO[str]) -> RowWriter:
    return csv.writer(stream, lineterminator="\n")


@dataclass
class LearnerTotals:
    """Per learner: points earned and points possible in the notebooks they submitted; class percentages."""

    own: dict[str, tuple[float, float]] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    """Learner -> percent of the course's points, in gradebook order."""
    marks: dict[str, dict[str, float]] = field(default_factory=dict)

    @property
    def percents(self) -> list[float]:
        """Every learner's percent, in gradebook order (for the report's distribution)."""
        return list(self.shares.values())


@dataclass
class Matched:
    """The roster and who on it each learner is (empty without --roster)."""

    roster: Roster | None = None
    entries: dict[str, RosterEntry] = field(default_factory=dict)


def write_grade_tables(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    matched: Matched | None = None,
    unmarked: dict[str, list[str]] | None = None,
) -> LearnerTotals:
    """gradebook.csv in one pass over the graded rows, sorted by learner; then canvas.csv (and moodle.csv).

    With `unmarked` (marks were merged) the gradebook has an `unmarked` column naming each learner's
    reflections still awaiting marking; their cells stay empty, not 0."""
    matched = matched or Matched()
    notebooks = store.graded_notebooks()
    columns = [e for n in notebooks for e in bank.for_notebook(n) if e.graded]
    course_max = sum(e.points for e in columns)
    names = store.learner_names()
    totals = LearnerTotals()
    with open_atomic(out / GRADEBOOK, newline="") as grades:
        gradebook = _writer(grades)
        extra = ["unmarked"] if unmarked is not None else []
        gradebook.writerow(escape_row(["learner", "name", *[e.id for e in columns], "total", "max", "percent", *extra]))
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
            totals.shares[learner] = share
            totals.marks[learner] = by_notebook
            cells = [render_points(by_exercise[e.id]) if e.id in by_exercise else "" for e in columns]
            entry = matched.entries.get(learner)
            name = entry.name if entry else names.get(learner, "")
            # the learner id and name are the only text from a submission; numbers never start with -
            awaiting = (unmarked or {}).get(learner, [])
            cells = ["" if e.id in awaiting else c for e, c in zip(columns, cells, strict=True)]
            last = [escape_cell(" ".join(awaiting))] if unmarked is not None else []
            gradebook.writerow(
                [
                    escape_cell(learner),
                    escape_cell(name),
                    *cells,
                    render_points(total),
                    render_points(course_max),
                    render_percent(share),
                    *last,
                ]
            )
    notebook_max = {n: sum(e.points for e in bank.for_notebook(n)) for n in notebooks}
    if matched.roster is not None and matched.roster.kind == CANVAS_EXPORT:
        _canvas_from_roster(out, bank, notebooks, notebook_max, totals, matched)
    else:
        _canvas_plain(out, store, bank, notebooks, notebook_max, totals, names)
    if matched.roster is not None and matched.roster.kind == MOODLE_EXPORT:
        _moodle_back(out, totals, matched)
    return totals


def _marks(totals: LearnerTotals, learner: str | None, notebooks: list[str]) -> list[str]:
    by_notebook = totals.marks.get(learner or "", {})
    return [render_points(by_notebook[n]) if n in by_notebook else "" for n in notebooks]


def _canvas_plain(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    notebooks: list[str],
    notebook_max: dict[str, float],
    totals: LearnerTotals,
    names: dict[str, str],
) -> None:
    layouts = store.learner_layouts()
    with open_atomic(out / CANVAS_FILE, newline="") as stream:
        lms = _writer(stream)
        lms.writerow(escape_row([*CANVAS_IMPORT_COLUMNS, *[canvas_column(bank, n) for n in notebooks]]))
        lms.writerow(
            escape_row(["Points Possible", "", "", "", "", *[render_points(notebook_max[n]) for n in notebooks]])
        )
        for learner in sorted(totals.marks):
            canvas_id = layouts.get(learner) == CANVAS
            student = names.get(learner) or learner
            lms.writerow(
                escape_row(
                    [
                        student,
                        learner if canvas_id else "",
                        "",
                        "" if canvas_id else learner,
                        "",
                        *_marks(totals, learner, notebooks),
                    ]
                )
            )


def _canvas_from_roster(
    out: Path,
    bank: ExerciseBank,
    notebooks: list[str],
    notebook_max: dict[str, float],
    totals: LearnerTotals,
    matched: Matched,
) -> None:
    roster = matched.roster
    assert roster is not None  # called only when a roster was read
    fixed = [i for i, name in enumerate(roster.header) if name in CANVAS_EXPORT_IDENTITY]
    titles = [roster_column(roster.header, bank, n) for n in notebooks]
    learner_of = {entry.id: learner for learner, entry in matched.entries.items()}
    with open_atomic(out / CANVAS_FILE, newline="") as stream:
        lms = _writer(stream)
        lms.writerow(escape_row([*[roster.header[i] for i in fixed], *titles]))
        lms.writerow(
            escape_row(
                ["    Points Possible", *[""] * (len(fixed) - 1), *[render_points(notebook_max[n]) for n in notebooks]]
            )
        )
        for entry in roster.entries:
            cells = [entry.row[i] if i < len(entry.row) else "" for i in fixed]
            lms.writerow(escape_row([*cells, *_marks(totals, learner_of.get(entry.id), notebooks)]))


def roster_column(header: list[str], bank: ExerciseBank, notebook: str) -> str:
    """The Canvas export's column for a notebook (kept with its assignment id), else a new column's title."""
    wanted = canvas_column(bank, notebook).casefold()
    title = bank.titles.get(notebook, "").casefold()
    for name in header:
        base = ASSIGNMENT_ID.sub("", name).casefold()
        if name != base and (base == wanted or (title and title in base) or base.startswith(f"mlops {notebook}")):
            return name
    return canvas_column(bank, notebook)


def _moodle_back(out: Path, totals: LearnerTotals, matched: Matched) -> None:
    """The Moodle grading worksheet as read, with `Grade` filled in (a share of its `Maximum Grade`)."""
    roster = matched.roster
    assert roster is not None  # called only when a roster was read
    header: list[object] = list(roster.header)
    grade_at, maximum_at = (
        roster.header.index("Grade"),
        roster.header.index("Maximum Grade") if "Maximum Grade" in header else -1,
    )
    learner_of = {entry.id: learner for learner, entry in matched.entries.items()}
    with open_atomic(out / MOODLE_BACK, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(escape_row(header))
        for entry in roster.entries:
            cells = list(entry.row) + [""] * (len(header) - len(entry.row))
            learner = learner_of.get(entry.id)
            if learner in totals.shares:
                try:
                    maximum = float(cells[maximum_at]) if maximum_at >= 0 else 100.0
                except ValueError:
                    maximum = 100.0
                cells[grade_at] = f"{totals.shares[learner] * maximum / 100.0:.2f}"
            writer.writerow(escape_row(cells))


def write_missing(out: Path, missing: list[RosterEntry]) -> None:
    """missing.csv: roster learners with no submission at all."""
    with open_atomic(out / MISSING, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(MISSING_HEADER)
        for entry in missing:
            writer.writerow(escape_row([entry.id, entry.name, entry.email, entry.section]))


def write_integrity(out: Path, store: ResultStore) -> int:
    """integrity.csv: what a teacher may want to look at; it never changes a grade."""
    count = 0
    with open_atomic(out / INTEGRITY, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(INTEGRITY_HEADER)
        for finding in store.findings():
            writer.writerow(escape_row(list(finding)))
            count += 1
    return count


def canvas_column(bank: ExerciseBank, notebook: str) -> str:
    title = bank.titles.get(notebook, "")
    return f"MLOps {notebook}: {title}" if title else f"MLOps {notebook}"


def write_scores(out: Path, store: ResultStore, policy: str = "final") -> int:
    """scores.csv: one row per learner and exercise (long form), with the attempts and the policy used."""
    count = 0
    with open_atomic(out / SCORES, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(SCORES_HEADER)
        for (
            learner,
            notebook,
            _,
            exercise,
            earned,
            max_points,
            status,
            note,
            label,
            checks,
            case,
        ) in store.winning_rows():
            # notebook, exercise and status come from the definitions and the grader, not the submission
            writer.writerow(
                [
                    escape_cell(learner),
                    notebook,
                    exercise,
                    render_points(earned),
                    render_points(max_points),
                    status,
                    "" if checks is None else str(checks),
                    policy,
                    escape_cell(note),
                    escape_cell(label),
                    case or "",
                ]
            )
            count += 1
    return count


def write_errors(out: Path, rows: Iterable[tuple[str, str, str, str, str]]) -> int:
    """errors.csv: every file (or record) that could not be graded, and why (kind 'error'), and what is
    worth knowing but graded anyway (kind 'notice': a superseded copy, a duplicate)."""
    count = 0
    with open_atomic(out / ERRORS, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(ERRORS_HEADER)
        for label, learner, kind, problem, detail in rows:
            writer.writerow(escape_row([label, learner, kind, problem, detail]))
            count += 1
    return count
