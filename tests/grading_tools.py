"""Helpers for the grading tests: submissions built the way the kit writes them.

Each notebook is made with nbformat and holds, in an exercise cell's outputs,
exactly the bundle the kit displays: `records.bundle(exercise, make_record(...))`.
The answers below are for the fixture bank (tests/fixtures/exercises/99_demo.yaml).
"""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from typing import Any

import nbformat

from course.cli import main
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank, load_bank
from course.exercises.records import bundle, make_record
from course.exercises.type_registry import type_of

FIXTURES = Path(__file__).parent / "fixtures" / "exercises"
CORPUS = Path(__file__).parent / "corpus"

FIXTURE_BANK = load_bank(FIXTURES)
FULL_MARKS: dict[str, Any] = {e.id: type_of(e).key_answer(e) for e in FIXTURE_BANK}
"""The key of every fixture exercise, as its type gives it: full marks."""
FIXTURE_MAX = sum(e.points for e in FIXTURE_BANK)
FIXTURE_COUNT = len(FIXTURE_BANK)
"""The fixture bank's points and number of exercises (a new demo exercise changes them, not the tests)."""


def record_output(bank: ExerciseBank, exercise_id: str, answer: Any, *, learner: str | None, revision: int = 1) -> dict:
    exercise = bank.get(exercise_id)
    record = make_record(exercise, normalise(exercise, answer), attempts=1, revision=revision, learner=learner)
    return nbformat.v4.new_output("display_data", data=bundle(exercise, record))


def tiny_png() -> str:
    """A real PNG (a 4x4 figure) as notebooks store it, so submissions look like real ones."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(0.4, 0.4), dpi=10)
    fig.add_subplot().plot([0, 1], [1, 0])
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def submission(
    bank: ExerciseBank,
    answers: dict[str, Any],
    *,
    learner: str | None = None,
    revision: int = 1,
    extra_cells: list | None = None,
) -> nbformat.NotebookNode:
    """A saved exercise notebook: a markdown cell, then one cell per exercise with its record output."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Demo exercises\nAnswer each exercise below."))
    for exercise_id, answer in answers.items():
        cell = nbformat.v4.new_code_cell(f'course.exercise("{exercise_id}")', execution_count=1)
        cell.outputs.append(record_output(bank, exercise_id, answer, learner=learner, revision=revision))
        nb.cells.append(cell)
    for cell in extra_cells or []:
        nb.cells.append(cell)
    return nb


def case_notebook(
    bank: ExerciseBank, answers: dict[str, Any], learner: str | None, cases: dict[str, str] | None = None, **fields: Any
) -> nbformat.NotebookNode:
    """A saved notebook whose records answer, for each exercise, `learner`'s own case of it (or the case `cases`
    names), as the kernel writes them; `fields` overwrite record fields (a forged record)."""
    from course.exercises.variants import variant_for

    nb = nbformat.v4.new_notebook()
    for exercise_id, answer in answers.items():
        chosen = (cases or {}).get(exercise_id)
        exercise = bank.variant_named(exercise_id, chosen) if chosen else variant_for(bank.get(exercise_id), learner)
        assert exercise is not None, f"{exercise_id} has no case {chosen!r}"
        made = make_record(exercise, normalise(exercise, answer), attempts=1, revision=1, learner=learner)
        made.update(fields)
        cell = nbformat.v4.new_code_cell(f'course.exercise("{exercise_id}")', execution_count=1)
        cell.outputs.append(nbformat.v4.new_output("display_data", data=bundle(exercise, made)))
        nb.cells.append(cell)
    return nb


def write(path: Path, nb: Any) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(nb, bytes):
        path.write_bytes(nb)
    elif isinstance(nb, str):
        path.write_text(nb, encoding="utf-8")
    else:
        path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


def run_grade(capsys, *args: str) -> tuple[int, str, str]:
    """`mlops-course grade ...` in-process: (exit status, stdout, stderr)."""
    status = main(["grade", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def read_csv(path: Path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8-sig", newline="") as stream:  # marking.csv starts with a byte order mark
        return list(csv.DictReader(stream))


def notebook_json(nb: Any) -> dict:
    return json.loads(nbformat.writes(nb))


def learner_points(out: Path) -> dict[str, dict[str, str]]:
    """Per learner, from scores.csv: the points of each exercise and `total`, `max` and `percent` over every
    exercise graded, practice and assessed alike (`max` over the run's exercises, a learner's missing ones
    counting 0). The credit tests read this: they test who earns which points; how the gradebook weighs
    practice against assessed work is tested on the gradebook itself."""
    rows = read_csv(out / "scores.csv")
    maximum: dict[str, float] = {}
    found: dict[str, dict[str, str]] = {}
    totals: dict[str, float] = {}
    for row in rows:
        maximum[row["exercise"]] = max(maximum.get(row["exercise"], 0.0), float(row["max_points"]))
        found.setdefault(row["learner"], {})[row["exercise"]] = row["points"]
        totals[row["learner"]] = totals.get(row["learner"], 0.0) + float(row["points"])
    course_max = sum(maximum.values())
    names = {r["learner"]: r["name"] for r in read_csv(out / "gradebook.csv")}
    for learner, points in found.items():
        points["name"] = names.get(learner, "")
        share = 100.0 * totals[learner] / course_max if course_max else 0.0
        points.update(learner=learner, total=f"{totals[learner]:g}", max=f"{course_max:g}", percent=f"{share:.1f}")
    return dict(sorted(found.items()))


def assessed_fixtures(folder: Path) -> Path:
    """The fixture bank as an assessed notebook, in `folder`: a reflection marked by hand there is assessed work,
    which the gradebook keeps as points (a practice notebook's shows in scores.csv, apart from the grade)."""
    folder.mkdir(parents=True, exist_ok=True)
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    (folder / "99_demo.yaml").write_text(
        text.replace("title: Demo exercises\n", "title: Demo exercises\nmode: assessed\n", 1), encoding="utf-8"
    )
    assert load_bank(folder).get("99.single").assessed
    return folder
