"""Hand marking of free-text answers against their rubric, without a server.

    grade -> marking.csv (one row per learner and reflection, empty criterion columns)
          -> the instructor fills the marks in a spreadsheet
          -> grade --marks marking.csv -> the marks join the gradebook, feedback pages and report

A reflection with a rubric is worth its rubric's maximum (the sum of each criterion's
highest level) once marks are merged; the learner's own notebook never scores it.
Each row carries a short hash of the text it was marked against: a text that changed
since the export is not credited with marks given to the old one. A bad row is an
error row of errors.csv naming the row and what is wrong; every other row still counts.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
from dataclasses import dataclass
from pathlib import Path

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.exercises.types.free_text import FreeText
from course.grading.outputs.formats import FORMULA_STARTS, escape_cell, render_points
from course.grading.outputs.templating import render
from course.grading.store import ResultStore

MARKING = "marking.csv"
FIXED = ["learner", "exercise", "text_hash", "text"]
COMMENT = "comment"
MARKED = "marked"
AWAITING = "awaiting marking"
MISSING_COLUMN = "missing column"
MARKS_TABLE = "CREATE TABLE IF NOT EXISTS marks (learner TEXT, exercise TEXT, html TEXT)"


def text_hash(text: str) -> str:
    """A short fingerprint of a learner's text: the sheet says which version was marked."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def marked_items(bank: ExerciseBank) -> dict[str, FreeText]:
    """The free-text exercises an instructor marks by hand (those with a rubric)."""
    return {e.id: e for e in bank if isinstance(e, FreeText) and e.rubric}


def criterion_columns(bank: ExerciseBank) -> list[str]:
    """Every criterion id of every rubric, in definition order, each once."""
    seen: dict[str, None] = {}
    for exercise in marked_items(bank).values():
        for criterion in exercise.rubric:
            seen.setdefault(criterion.id, None)
    return list(seen)


def with_rubric_points(bank: ExerciseBank) -> ExerciseBank:
    """The bank as the marked outputs see it: each reflection with a rubric worth the rubric's maximum."""
    items = marked_items(bank)
    exercises = [dataclasses.replace(e, points=float(items[e.id].max_marks)) if e.id in items else e for e in bank]
    return ExerciseBank(exercises, titles=bank.titles)


def export_sheet(out: Path, store: ResultStore, bank: ExerciseBank) -> int:
    """marking.csv: one row per learner and reflection with a rubric; returns how many rows."""
    items = marked_items(bank)
    columns = criterion_columns(bank)
    count = 0
    with open_atomic(out / MARKING, newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([*FIXED, *columns, COMMENT])
        for exercise, learner, text in store.reflections():
            if exercise not in items:
                continue
            writer.writerow(
                [
                    escape_cell(learner),
                    escape_cell(exercise),
                    text_hash(text),
                    escape_cell(text),
                    *[""] * len(columns),
                    "",
                ]
            )
            count += 1
    return count


@dataclass(frozen=True)
class Mark:
    """The marks one learner's reflection received: per criterion, then the instructor's comment."""

    learner: str
    exercise: str
    criteria: tuple[tuple[str, int], ...]
    comment: str

    @property
    def total(self) -> int:
        return sum(marks for _, marks in self.criteria)


def _plain(value: str) -> str:
    """A cell as typed: the leading ' the export adds against formulas is taken off again."""
    return value[1:] if value.startswith("'") and value[1:2] in FORMULA_STARTS else value


def read_marks(
    path: Path, store: ResultStore, bank: ExerciseBank
) -> tuple[dict[tuple[str, str], Mark], list[tuple[str, str, str]]]:
    """The valid marks of a filled-in sheet, and (learner, problem, detail) for every row that cannot count."""
    items = marked_items(bank)
    texts = {(learner, exercise): text for exercise, learner, text in store.reflections()}
    learners = set(store.learners())
    marks: dict[tuple[str, str], Mark] = {}
    problems: list[tuple[str, str, str]] = []
    reported: set[str] = set()
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            rows = list(csv.reader(stream))
    except (OSError, UnicodeDecodeError, csv.Error) as err:
        return {}, [("", f"The marks file {path.name} cannot be read.", str(err)[:200])]
    if not rows:
        return {}, [("", f"The marks file {path.name} is empty.", "expected the header of marking.csv")]
    header = [h.strip() for h in rows[0]]
    missing = [c for c in (*FIXED, COMMENT) if c not in header]
    if missing:
        return {}, [
            (
                "",
                f"The marks file {path.name} lacks the column(s) {', '.join(missing)}.",
                "header: " + ",".join(header)[:200],
            )
        ]
    at = {name: i for i, name in enumerate(header)}
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        values = [_plain(v) for v in values] + [""] * (len(header) - len(values))
        learner, exercise = values[at["learner"]].strip(), values[at["exercise"]].strip()
        where = f"{path.name} row {number}"
        problem = _check_row(values, at, learner, exercise, items, learners, texts)
        if isinstance(problem, tuple):
            if problem[1] == MISSING_COLUMN:  # one error for the sheet, not one per row
                if exercise in reported:
                    continue
                reported.add(exercise)
                learner, where = "", path.name
            problems.append((learner, problem[0], f"{where}: {problem[1]}"))
            continue
        if problem is None:  # not marked yet
            continue
        if (learner, exercise) in marks:
            problems.append((learner, f"{exercise} of {learner} is marked twice; the first row counts.", where))
            continue
        marks[(learner, exercise)] = problem
    return marks, problems


def _check_row(
    values: list[str],
    at: dict[str, int],
    learner: str,
    exercise: str,
    items: dict[str, FreeText],
    learners: set[str],
    texts: dict[tuple[str, str], str],
) -> Mark | tuple[str, str] | None:
    """A Mark, None for a row with no marks yet, or (problem, detail) for a row that cannot count."""
    if exercise not in items:
        return (
            f"The marks file names an exercise marked by rubric that this course does not have: {exercise[:80]!r}.",
            "unknown item",
        )
    if learner not in learners:
        return (f"The marks file names a learner this run did not grade: {learner[:80]!r}.", "unknown learner")
    rubric = items[exercise].rubric
    absent = [c.id for c in rubric if c.id not in at]
    if absent:
        return (f"The marks file has no column for {exercise}'s criterion {', '.join(absent)}.", MISSING_COLUMN)
    typed = {c.id: values[at[c.id]].strip() for c in rubric}
    comment = values[at[COMMENT]].strip()
    if not any(typed.values()) and not comment:
        return None
    text = texts.get((learner, exercise))
    if text is None:
        return (f"{learner} has no reflection for {exercise} in this run; the marks were not used.", "no text")
    if values[at["text_hash"]].strip() != text_hash(text):
        return (
            f"{learner}'s text for {exercise} changed since the sheet was exported; export again and mark the new text.",
            "text_hash differs",
        )
    criteria = []
    for criterion in rubric:
        given = typed[criterion.id]
        allowed = [level.marks for level in criterion.levels]
        try:
            value = float(given)
        except ValueError:
            value = None
        if value is None or value != int(value) or int(value) not in allowed:
            shown = given[:20] if given else "nothing"
            return (
                f"{exercise} of {learner}: criterion {criterion.id} has {shown!r}; "
                f"expected one of its levels: {', '.join(map(str, allowed))}.",
                "mark outside the levels",
            )
        criteria.append((criterion.id, int(value)))
    return Mark(learner, exercise, tuple(criteria), comment)


def apply_marks(store: ResultStore, bank: ExerciseBank, marks: dict[tuple[str, str], Mark]) -> list[tuple[str, str]]:
    """Marked reflections get their points (out of the rubric maximum); the others say they await marking.

    Returns (learner, exercise) of every reflection still unmarked."""
    items = marked_items(bank)
    store.db.execute(MARKS_TABLE)
    unmarked = []
    winners = list(
        store.query(
            """
            SELECT f.learner, r.file, r.notebook, r.exercise FROM winners w
            JOIN rows r ON r.file = w.file AND r.notebook = w.notebook JOIN files f ON f.id = w.file
            ORDER BY f.learner, r.exercise
            """
        )
    )
    written = {(learner, exercise) for exercise, learner, _ in store.reflections()}
    for learner, file, notebook, exercise in winners:
        if exercise not in items:
            continue
        mark = marks.get((learner, exercise))
        possible = float(items[exercise].max_marks)
        if (learner, exercise) not in written:  # nothing handed in, nothing to mark: 0 of the rubric's maximum
            store.db.execute(
                "UPDATE rows SET max_points = ? WHERE file = ? AND notebook = ? AND exercise = ?",
                (possible, file, notebook, exercise),
            )
            continue
        if mark is None:
            status, earned, note = AWAITING, 0.0, "awaiting marking"
            unmarked.append((learner, exercise))
        else:
            status, earned, note = MARKED, float(mark.total), ""
        store.db.execute(
            "UPDATE rows SET points = ?, max_points = ?, status = ?, note = ? WHERE file = ? AND notebook = ? AND exercise = ?",
            (earned, possible, status, note, file, notebook, exercise),
        )
        store.db.execute("INSERT INTO marks VALUES (?, ?, ?)", (learner, exercise, render_marks(items[exercise], mark)))
    return unmarked


def learner_marks_html(store: ResultStore) -> dict[str, list[str]]:
    """Learner -> the marks sections of their feedback page (empty when no marks file was given)."""
    found: dict[str, list[str]] = {}
    if not list(store.query("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'marks'")):
        return found  # this run merged no marks
    for learner, html in store.query("SELECT learner, html FROM marks ORDER BY learner, exercise"):
        found.setdefault(learner, []).append(html)
    return found


def render_marks(exercise: FreeText, mark: Mark | None) -> str:
    """The marks section of a feedback page: per criterion the mark and its level, then the comment."""
    criteria = []
    if mark is not None:
        given = dict(mark.criteria)
        for criterion in exercise.rubric:
            value = given[criterion.id]
            criteria.append((criterion, value, next(lv for lv in criterion.levels if lv.marks == value)))
    return str(
        render(
            "marks.html.j2",
            exercise=exercise,
            mark=mark,
            total=render_points(mark.total) if mark is not None else "",
            maximum=exercise.max_marks,
            criteria=criteria,
        )
    ).rstrip("\n")


def render_marking_summary(marked: int, unmarked: list[tuple[str, str]]) -> str:
    """The report's marking section: how many reflections are marked, and who still awaits marking."""
    return str(render("marking_summary.html.j2", marked=marked, unmarked=unmarked))
