"""Hand marking of free-text answers against their rubric, without a server.

    grade -> marking.csv (one row per learner and reflection, empty criterion columns)
          -> the instructor fills the marks in a spreadsheet
          -> grade --marks marking.csv -> the marks join the gradebook, feedback pages and report

A reflection with a rubric is worth its rubric's maximum (the sum of each criterion's
highest level) once marks are merged; the learner's own notebook never scores it.

The sheet is made to survive a spreadsheet. Each row carries a `key`: a short hash of the
learner, the exercise and the text marked, starting with a letter so that no spreadsheet
takes it for a number (`k086151552336`, never 86151552336). The merge finds each row by its
key, so a learner id a spreadsheet turned into a number (0012345 -> 12345, 1e5 -> 100000)
still finds its learner, and a text that changed since the export is never credited with
marks given to the old one. The learner cell is only checked to agree with the key, allowing
for what spreadsheets do to it. The file is UTF-8 with a byte order mark (so Excel reads its
accents); the merge reads the encodings and separators spreadsheets save (see `sheet_csv`).
A bad row or cell is an error row of errors.csv naming the row and column; every other row
still counts.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.exercises.types.free_text import FreeText
from course.grading.outputs.formats import FORMULA_STARTS, escape_cell, render_points
from course.grading.outputs.templating import render
from course.grading.sheet_csv import SheetError, column_letter, header_cells, read_rows
from course.grading.store import ResultStore

MARKING = "marking.csv"
KEY = "key"
LEGACY_KEY = "text_hash"
"""The column of sheets exported before the key: a hash of the text alone, matched with the learner cell."""
FIXED = ["learner", "exercise", KEY, "text"]
COMMENT = "comment"
MARKED = "marked"
AWAITING = "awaiting marking"
MISSING_COLUMN = "missing column"
MARKS_TABLE = "CREATE TABLE IF NOT EXISTS marks (learner TEXT, exercise TEXT, html TEXT)"
WHOLE_MARK = re.compile(r"^[+-]?\d+(?:[.,]0*)?$")
"""A mark as spreadsheets write a whole number: 2, 2.0, or 2,0 where the comma is the decimal separator."""
MAX_SHEET_BYTES = 64 * 1024 * 1024


def text_hash(text: str) -> str:
    """A short fingerprint of a learner's text (the key of sheets exported before `row_key`)."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def row_key(learner: str, exercise: str, text: str) -> str:
    """The key of a sheet's row: which learner, which reflection, which version of its text. It starts
    with a letter so that a spreadsheet keeps it as text (hex digits alone may read as a number)."""
    data = "\x1f".join((learner, exercise, text)).encode("utf-8", "surrogatepass")
    return "k" + hashlib.blake2b(data, digest_size=6).hexdigest()


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
        stream.write("\ufeff")  # the byte order mark: Excel reads the file as UTF-8 only with it
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([*FIXED, *columns, COMMENT])
        for exercise, learner, text in store.reflections():
            if exercise not in items:
                continue
            writer.writerow(
                [
                    escape_cell(learner),
                    escape_cell(exercise),
                    row_key(learner, exercise, text),
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
    sheet = _Sheet.of(store, bank)
    try:
        data = path.read_bytes()
        if len(data) > MAX_SHEET_BYTES:
            raise SheetError(f"it is over {MAX_SHEET_BYTES // (1024 * 1024)} MB, far larger than any marking sheet")
        rows, _, _ = read_rows(data, ("learner", "exercise", COMMENT))
    except OSError as err:
        return {}, [("", f"The marks file {path.name} cannot be read.", str(err)[:200])]
    except SheetError as err:
        return {}, [("", f"The marks file {path.name} cannot be read: {err}.", "")]
    if not rows:
        return {}, [("", f"The marks file {path.name} is empty.", "expected the header of marking.csv")]
    header = header_cells(rows[0])
    key_column = LEGACY_KEY if LEGACY_KEY in header and KEY not in header else KEY
    missing = [c for c in ("learner", "exercise", key_column, COMMENT) if c not in header]
    if missing:
        return {}, [
            (
                "",
                f"The marks file {path.name} lacks the column(s) {', '.join(missing)}.",
                "header: " + ",".join(header)[:200],
            )
        ]
    at = {name: i for i, name in enumerate(header)}
    marks: dict[tuple[str, str], Mark] = {}
    problems: list[tuple[str, str, str]] = []
    reported: set[str] = set()
    for number, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        values = [_plain(v) for v in values] + [""] * (len(header) - len(values))
        where = f"{path.name} row {number}"
        found = sheet.row(values, at, key_column)
        learner, exercise = found if isinstance(found, tuple) else ("", values[at["exercise"]].strip())
        problem = _check_row(values, at, learner, exercise, sheet, found)
        if isinstance(problem, _Problem):
            if problem.detail == MISSING_COLUMN:  # one error for the sheet, not one per row
                if exercise in reported:
                    continue
                reported.add(exercise)
                learner, where = "", path.name
            cell = f", column {column_letter(problem.column)} ({header[problem.column]})" if problem.column >= 0 else ""
            problems.append((learner, problem.text, f"{where}{cell}: {problem.detail}"))
            continue
        if problem is None:  # not marked yet
            continue
        if (learner, exercise) in marks:
            problems.append((learner, f"{exercise} of {learner} is marked twice; the first row counts.", where))
            continue
        marks[(learner, exercise)] = problem
    return marks, problems


@dataclass(frozen=True)
class _Problem:
    """Why a row cannot count: the sentence, the detail, and the column at fault (-1: the row)."""

    text: str
    detail: str
    column: int = -1


@dataclass(frozen=True)
class _Sheet:
    """What a sheet's rows are matched against: this run's reflections, by key."""

    items: dict[str, FreeText]
    texts: dict[tuple[str, str], str]
    learners: set[str]
    keys: dict[str, tuple[str, str]]

    @classmethod
    def of(cls, store: ResultStore, bank: ExerciseBank) -> _Sheet:
        items = marked_items(bank)
        texts = {(learner, exercise): text for exercise, learner, text in store.reflections() if exercise in items}
        keys = {row_key(learner, exercise, text): (learner, exercise) for (learner, exercise), text in texts.items()}
        return cls(items, texts, set(store.learners()), keys)

    def row(self, values: list[str], at: dict[str, int], key_column: str) -> tuple[str, str] | _Problem:
        """(learner, exercise) a row's key names, or why it names none."""
        key = values[at[key_column]].strip()
        cell_learner, exercise = values[at["learner"]].strip(), values[at["exercise"]].strip()
        if key_column == LEGACY_KEY:  # a sheet from before the key: the learner cell as written, the text's hash
            text = self.texts.get((cell_learner, exercise))
            if text is not None and key == text_hash(text):
                return cell_learner, exercise
        elif key in self.keys:
            learner, keyed = self.keys[key]
            if exercise != keyed:
                return self._moved(exercise, "exercise", at, f"its key is {learner}'s {keyed}")
            if not spreadsheet_form_of(cell_learner, learner):
                return self._moved(cell_learner, "learner", at, f"its key is {learner}'s {keyed}")
            return learner, keyed
        unknown = self._unknown_exercise(exercise, at) or self._unknown_learner(cell_learner, at)
        if unknown is not None:
            return unknown
        named = next(name for name in sorted(self.learners) if spreadsheet_form_of(cell_learner, name))
        if (named, exercise) not in self.texts:
            return _Problem(
                f"{named} has no reflection for {exercise} in this run; the marks were not used.", "no text"
            )
        return _Problem(
            f"{named}'s text for {exercise} changed since the sheet was exported; export again and mark the new text.",
            f"{key_column} differs",
            at[key_column],
        )

    def _unknown_exercise(self, exercise: str, at: dict[str, int]) -> _Problem | None:
        if exercise in self.items:
            return None
        return _Problem(
            f"The marks file names an exercise marked by rubric that this course does not have: {exercise[:80]!r}.",
            "unknown item",
            at["exercise"],
        )

    def _unknown_learner(self, cell: str, at: dict[str, int]) -> _Problem | None:
        if any(spreadsheet_form_of(cell, name) for name in self.learners):
            return None
        return _Problem(
            f"The marks file names a learner this run did not grade: {cell[:80]!r}.", "unknown learner", at["learner"]
        )

    def _moved(self, cell: str, column: str, at: dict[str, int], belongs: str) -> _Problem:
        """A cell that disagrees with the row's key: naming nothing of this run, or moved from another row."""
        unknown = self._unknown_exercise(cell, at) if column == "exercise" else self._unknown_learner(cell, at)
        if unknown is not None:
            return unknown
        return _Problem(
            f"The row's {column} cell says {cell[:80]!r}, but {belongs}; cells were moved between rows, "
            "so the marks were not used.",
            f"{column} and key disagree",
            at[column],
        )


def spreadsheet_form_of(cell: str, learner: str) -> bool:
    """Whether a learner cell is the learner id as written or as a spreadsheet may have rewritten it: as a
    number (0012345 -> 12345, 1e5 -> 100000, 17 digits -> 1.23456789012346E+16), or with its letters
    outside ASCII lost or garbled by an encoding (José -> Jos? or JosÃ©), or in another letter case."""
    if cell == learner or _ascii_skeleton(cell) == _ascii_skeleton(learner):
        return True
    a, b = _number(cell), _number(learner)
    return a is not None and b is not None and f"{a:.15g}" == f"{b:.15g}"


def _ascii_skeleton(text: str) -> str:
    """The ASCII letters and digits of a text, case folded: what survives every encoding a spreadsheet uses."""
    return "".join(ch for ch in text.casefold() if ch.isascii() and ch.isalnum())


def _number(text: str) -> float | None:
    try:
        value = float(text.replace(",", ".") if text.count(",") == 1 and "." not in text else text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _check_row(
    values: list[str],
    at: dict[str, int],
    learner: str,
    exercise: str,
    sheet: _Sheet,
    found: tuple[str, str] | _Problem,
) -> Mark | _Problem | None:
    """A Mark, None for a row with no marks yet, or the problem of a row that cannot count."""
    if exercise not in sheet.items:
        return found if isinstance(found, _Problem) else None
    rubric = sheet.items[exercise].rubric
    absent = [c.id for c in rubric if c.id not in at]
    if absent:
        return _Problem(f"The marks file has no column for {exercise}'s criterion {', '.join(absent)}.", MISSING_COLUMN)
    typed = {c.id: values[at[c.id]].strip() for c in rubric}
    comment = values[at[COMMENT]].strip()
    if not any(typed.values()) and not comment:
        return None
    if isinstance(found, _Problem):
        return found
    criteria = []
    for criterion in rubric:
        given = typed[criterion.id]
        allowed = [level.marks for level in criterion.levels]
        value = int(float(given.replace(",", "."))) if WHOLE_MARK.match(given) else None
        if value is None or value not in allowed:
            shown = given[:20] if given else "nothing"
            return _Problem(
                f"{exercise} of {learner}: criterion {criterion.id} has {shown!r}; "
                f"expected one of its levels: {', '.join(map(str, allowed))}.",
                "mark outside the levels",
                at[criterion.id],
            )
        criteria.append((criterion.id, value))
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
