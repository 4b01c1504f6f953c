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
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.exercises.policy import PracticeWeight
from course.grading.course_grade import ClassScale, PracticeRecord, learner_grades
from course.grading.layout import CANVAS
from course.grading.outputs.formats import CsvCells, escape_cell, escape_row, render_percent, render_points
from course.grading.roster import CANVAS_EXPORT, CANVAS_EXPORT_IDENTITY, MOODLE_EXPORT, Roster, RosterEntry
from course.grading.store import ResultStore
from course.memo import ShortMemo


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
    "kind",
]
"""`attempts`: checks of a changed answer (empty: no record); `policy`: the grading policy that gave the points;
`kind`: `assessed` (the points are the grade's) or `practice` (formative: shown apart, the grade takes only the
course config's practice measure)."""
ERRORS_HEADER = ["file", "learner", "kind", "problem", "detail"]
INTEGRITY_HEADER = ["finding", "notebook", "learner", "other_learners", "file", "detail"]
MISSING_HEADER = ["id", "name", "email", "section"]
ASSIGNMENT_ID = re.compile(r"\s*\(\d+\)\s*$")


def _writer(stream: IO[str]) -> RowWriter:
    return csv.writer(stream, lineterminator="\n")


@dataclass
class LearnerTotals:
    """Per learner: assessed points earned and possible in the notebooks they submitted, their grade in
    percent, what goes into each LMS column, and their practice work."""

    own: dict[str, tuple[float, float]] = field(default_factory=dict)
    shares: dict[str, float] = field(default_factory=dict)
    """Learner -> the grade in percent (`ClassScale.percent`), in gradebook order."""
    marks: dict[str, dict[str, str]] = field(default_factory=dict)
    """Learner -> notebook -> its LMS cell: an assessed notebook's points, a practice notebook's completion."""
    practice: dict[str, PracticeRecord] = field(default_factory=dict)
    """Learner -> their work over the run's practice notebooks."""
    practice_notebooks: dict[str, dict[str, PracticeRecord]] = field(default_factory=dict)
    """Learner -> practice notebook -> their work in it (the report's practice table, without a second pass)."""

    @property
    def percents(self) -> list[float]:
        """Every learner's percent, in gradebook order (for the report's distribution)."""
        return list(self.shares.values())


@dataclass
class Matched:
    """The roster and who on it each learner is (empty without --roster)."""

    roster: Roster | None = None
    entries: dict[str, RosterEntry] = field(default_factory=dict)


def practice_columns(scale: ClassScale) -> list[str]:
    """The gradebook's practice columns: completion and first-check share per notebook, then over all."""
    columns = [f"practice {n} {what}" for n in scale.practice for what in ("completion", "first check")]
    return [*columns, "practice completion", "practice first check"] if scale.practice else []


def write_grade_tables(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    matched: Matched | None = None,
    unmarked: dict[str, list[str]] | None = None,
    weight: PracticeWeight | None = None,
) -> LearnerTotals:
    """gradebook.csv in one pass over the graded rows, sorted by learner; then canvas.csv (and moodle.csv).

    Assessed exercises have a points column each, then the assessed total, its maximum and percent; practice
    notebooks are kept apart, as completion and first-check share (`course_grade`); `percent` is the grade,
    weighted by the course config. With `unmarked` (marks were merged) the gradebook has an `unmarked` column
    naming each learner's reflections still awaiting marking; their cells stay empty, not 0."""
    matched = matched or Matched()
    notebooks = store.graded_notebooks()
    scale = ClassScale.of(bank, notebooks, weight or PracticeWeight())
    columns = [e for n in notebooks if n not in scale.practice for e in bank.for_notebook(n) if e.graded]
    names = store.learner_names()
    totals = LearnerTotals()
    with open_atomic(out / GRADEBOOK, newline="") as grades:
        gradebook = _writer(grades)
        extra = ["unmarked"] if unmarked is not None else []
        header = ["learner", "name", *[e.id for e in columns], "assessed", "assessed_max", "assessed_percent"]
        gradebook.writerow(escape_row([*header, *practice_columns(scale), "percent", *extra]))
        for grade in learner_grades(store, set(scale.practice)):
            learner = grade.learner
            assessed = scale.assessed_share(grade)
            share = scale.percent(grade)
            practice = scale.practice_total(grade)
            totals.own[learner] = (grade.assessed_points, grade.assessed_possible)
            totals.shares[learner] = share
            totals.marks[learner] = {
                **{n: render_points(points) for n, points in grade.by_notebook.items()},
                **{n: render_percent(record.completion) for n, record in grade.practice.items()},
            }
            totals.practice[learner] = practice
            totals.practice_notebooks[learner] = grade.practice
            awaiting = (unmarked or {}).get(learner, [])
            cells = [
                render_points(grade.assessed[e.id]) if e.id in grade.assessed and e.id not in awaiting else ""
                for e in columns
            ]
            practice_cells = []
            for n in scale.practice:
                record = grade.practice.get(n)
                practice_cells += (
                    [render_percent(record.completion), render_percent(record.first_check)] if record else ["", ""]
                )
            if scale.practice:
                practice_cells += [render_percent(practice.completion), render_percent(practice.first_check)]
            entry = matched.entries.get(learner)
            name = entry.name if entry else names.get(learner, "")
            # the learner id and name are the only text from a submission; numbers never start with -
            last = [escape_cell(" ".join(awaiting))] if unmarked is not None else []
            gradebook.writerow(
                [
                    escape_cell(learner),
                    escape_cell(name),
                    *cells,
                    render_points(grade.assessed_points),
                    render_points(scale.assessed_max),
                    "" if assessed is None else render_percent(assessed),
                    *practice_cells,
                    render_percent(share),
                    *last,
                ]
            )
    notebook_max = {n: 100.0 if n in scale.practice else sum(e.points for e in bank.for_notebook(n)) for n in notebooks}
    kept_apart = set(scale.practice)
    if matched.roster is not None and matched.roster.kind == CANVAS_EXPORT:
        _canvas_from_roster(out, bank, notebooks, notebook_max, totals, matched, kept_apart)
    else:
        _canvas_plain(out, store, bank, notebooks, notebook_max, totals, names, kept_apart)
    if matched.roster is not None and matched.roster.kind == MOODLE_EXPORT:
        _moodle_back(out, totals, matched)
    return totals


def _marks(totals: LearnerTotals, learner: str | None, notebooks: list[str]) -> list[str]:
    by_notebook = totals.marks.get(learner or "", {})
    return [by_notebook.get(n, "") for n in notebooks]


def _canvas_plain(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    notebooks: list[str],
    notebook_max: dict[str, float],
    totals: LearnerTotals,
    names: dict[str, str],
    practice: set[str],
) -> None:
    layouts = store.learner_layouts()
    with open_atomic(out / CANVAS_FILE, newline="") as stream:
        lms = _writer(stream)
        lms.writerow(escape_row([*CANVAS_IMPORT_COLUMNS, *[canvas_column(bank, n, n in practice) for n in notebooks]]))
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
    practice: set[str],
) -> None:
    roster = matched.roster
    assert roster is not None  # called only when a roster was read
    fixed = [i for i, name in enumerate(roster.header) if name in CANVAS_EXPORT_IDENTITY]
    titles = [roster_column(roster.header, bank, n, n in practice) for n in notebooks]
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


def roster_column(header: list[str], bank: ExerciseBank, notebook: str, practice: bool = False) -> str:
    """The Canvas export's column for a notebook (kept with its assignment id), else a new column's title.
    A practice notebook's column is only ever its own (it holds a completion percentage, not points)."""
    wanted = canvas_column(bank, notebook, practice).casefold()
    title = bank.titles.get(notebook, "").casefold()
    for name in header:
        base = ASSIGNMENT_ID.sub("", name).casefold()
        if name == base:
            continue
        if base == wanted or (
            not practice
            and "practice" not in base
            and ((title and title in base) or base.startswith(f"mlops {notebook}"))
        ):
            return name
    return canvas_column(bank, notebook, practice)


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


def write_integrity(out: Path, store: ResultStore, keep: int = 0) -> tuple[int, list[tuple[str, ...]]]:
    """integrity.csv: what a teacher may want to look at; it never changes a grade. Gives the number of rows
    and the first `keep` of them (the report shows the first few: it need not sort every finding again)."""
    count = 0
    kept: list[tuple[str, ...]] = []
    with open_atomic(out / INTEGRITY, newline="") as stream:
        writer = _writer(stream)
        writer.writerow(INTEGRITY_HEADER)
        for finding in store.findings():
            writer.writerow(escape_row(finding))
            if count < keep:
                kept.append(finding)
            count += 1
    return count, kept


def canvas_column(bank: ExerciseBank, notebook: str, practice: bool = False) -> str:
    """A notebook's Canvas column: its points, or for a practice notebook its completion in percent."""
    title = bank.titles.get(notebook, "")
    name = f"MLOps {notebook} practice" if practice else f"MLOps {notebook}"
    named = f"{name}: {title}" if title else name
    return f"{named} (completion %)" if practice else named


def write_scores(out: Path, store: ResultStore, policy: str = "final", practice: Collection[str] = ()) -> int:
    """scores.csv: one row per learner and exercise (long form), with the attempts and the policy used, each
    labelled assessed or practice (the notebooks in `practice`), so that no one sums practice into a grade.

    A class's rows repeat one another but for the learner and the file: each distinct run of the other cells
    is written once (`CsvCells`), and the rows go to the file in batches."""
    count = 0
    cell, escaped = CsvCells(), CsvCells(escape_cell)
    kinds = {False: cell("assessed"), True: cell("practice")}
    graded: ShortMemo[tuple[Any, ...], str] = ShortMemo(CsvCells.LIMIT)
    with open_atomic(out / SCORES, newline="") as stream:
        _writer(stream).writerow(SCORES_HEADER)
        lines: list[str] = []
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
            key = (notebook, exercise, earned, max_points, status, checks, note)
            middle = graded.get(key)
            if middle is None:
                middle = graded.put(
                    key,
                    ",".join(
                        [
                            cell(notebook),
                            cell(exercise),
                            cell(render_points(earned)),
                            cell(render_points(max_points)),
                            cell(status),
                            "" if checks is None else cell(str(checks)),
                            cell(policy),
                            escaped(note),
                        ]
                    ),
                )
            lines.append(
                f"{escaped(learner)},{middle},{escaped(label)},{cell(case or '')},{kinds[notebook in practice]}\n"
            )
            count += 1
            if len(lines) >= SCORES_BATCH:
                stream.write("".join(lines))
                lines.clear()
        stream.write("".join(lines))
    return count


SCORES_BATCH = 2048
"""Rows of scores.csv joined into one write."""


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
