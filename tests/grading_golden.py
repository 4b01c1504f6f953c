"""A varied class graded under several options, with the grader's outputs kept as the expected tree.

The class (`build_class`) answers the definitions in tests/fixtures/grading_golden/definitions
(a practice notebook 99 with an archived earlier wording of 99.single, and an assessed copy, 98):
right, wrong, partly right, earlier-version, unknown-version, rejected, empty and duplicated answers,
reflections, a title and a learner's folder with markup in them, first checks that differ from the final answer or are missing,
two learners with the same answer set and a file that is not JSON.

`RUNS` grades it with each policy and with `--feedback-answers no`. The expected outputs in
tests/fixtures/grading_golden/expected/<run>/ were written by the grader; the test compares every
output file byte for byte, so any change in what the grader writes fails it. After a change to the
outputs that is meant, regenerate them and review the diff:

    python -m tests.grading_golden
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Any

import nbformat

from course.cli import main
from course.exercises.definitions import ExerciseBank, load_bank
from course.exercises.records import bundle, make_record
from tests.grading_tools import tiny_png, write

GOLDEN = Path(__file__).parent / "fixtures" / "grading_golden"
DEFINITIONS = GOLDEN / "definitions"
EXPECTED = GOLDEN / "expected"

RUNS: dict[str, tuple[str, ...]] = {
    "final": ("--policy", "final"),
    "first": ("--policy", "first"),
    "penalty": ("--policy", "penalty:0.25"),
    "no-answers": ("--policy", "final", "--feedback-answers", "no"),
}
"""Run name (its folder under expected/) -> the options of `mlops-course grade`."""

WRONG: dict[str, Any] = {
    "single": "ds",
    "multi": ["spark", "helm", "fastapi"],
    "match": {"proto": "mle", "serving": "mlops", "alerts": "ds"},
    "raci": {
        "Model training code": {"Data Scientist": "A", "ML Engineer": "A"},
        "Unit tests for model": {"ML Engineer": "C"},
    },
    "scenario": {"topology": "centralized", "reasons": ["standards"]},
    "value": {"ra": 4, "i": 5},
    "reflect": "Short.",
}
PARTIAL: dict[str, Any] = {
    "single": "mle",
    "multi": ["spark", "dbt"],
    "match": {"proto": "ds", "serving": "mlops", "alerts": "mlops"},
    "raci": {
        "Model training code": {"Data Scientist": "R", "ML Engineer": "R"},
        "Unit tests for model": {"ML Engineer": "R/A"},
    },
    "scenario": {"topology": "full_stack", "reasons": ["standards"]},
    "value": {"ra": 3, "i": 7},
    "reflect": "I learnt that <b>roles</b> & teams overlap in small companies.",
}
RIGHT: dict[str, Any] = {
    "single": "mlops",
    "multi": ["spark", "dbt", "kafka"],
    "match": {"proto": "ds", "serving": "mle", "alerts": "mlops"},
    "raci": {
        "Model training code": {"Data Scientist": "R", "ML Engineer": "A"},
        "Unit tests for model": {"ML Engineer": "R/A"},
    },
    "scenario": {"topology": "full_stack", "reasons": ["one_team", "speed"]},
    "value": {"ra": 3, "i": 6},
    "reflect": "Roles overlap more than I expected in a small team.",
}
"""The golden class's own answers to its own definitions: the fixture bank may grow without changing them."""


def answers(notebook: str, by_name: dict[str, Any]) -> dict[str, Any]:
    """`{"single": ...}` as the ids of one notebook (`99.single`)."""
    return {f"{notebook}.{name}": answer for name, answer in by_name.items()}


def record(
    bank: ExerciseBank,
    exercise_id: str,
    answer: Any,
    learner: str,
    *,
    first: Any = "same",
    attempts: int = 1,
    revision: int = 1,
    fingerprint: str | None = None,
) -> dict[str, Any]:
    """An answer record as the kit writes it (`first`: the first checked answer, "same" for the final one)."""
    exercise = bank.get(exercise_id)
    first_checked = answer if first == "same" else first
    return make_record(
        exercise,
        answer,
        attempts=attempts,
        revision=revision,
        learner=learner,
        fingerprint=fingerprint,
        first_checked=first_checked,
        history=[first_checked] if first_checked is not None else [],
    )


def notebook(bank: ExerciseBank, records: list[dict[str, Any]], figure: bool = False) -> nbformat.NotebookNode:
    """A saved notebook with one exercise cell per record (its bundle as the cell's output)."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# Demo exercises\nAnswer each exercise below."))
    if figure:
        png = nbformat.v4.new_output("display_data", data={"image/png": tiny_png(), "text/plain": "<Figure>"})
        nb.cells.append(nbformat.v4.new_code_cell("team_map()", execution_count=1, outputs=[png]))
    for item in records:
        cell = nbformat.v4.new_code_cell(f'course.exercise("{item["exercise"]}")', execution_count=1)
        cell.outputs.append(nbformat.v4.new_output("display_data", data=bundle(bank.get(item["exercise"]), item)))
        nb.cells.append(cell)
    return nb


def simple(bank: ExerciseBank, learner: str, given: dict[str, Any], **options: Any) -> nbformat.NotebookNode:
    return notebook(bank, [record(bank, e, a, learner, **options) for e, a in given.items()])


def build_class(folder: Path) -> None:
    """The submissions, one folder per learner (see the module docstring)."""
    bank = load_bank(DEFINITIONS)
    archived = load_bank(DEFINITIONS / "archive").get("99.single").fingerprint
    put = lambda learner, name, nb: write(folder / learner / name, nb)  # noqa: E731

    put("alice", "99_demo.ipynb", simple(bank, "alice", answers("99", RIGHT)))
    put("bob", "99_demo.ipynb", simple(bank, "bob", answers("99", WRONG), attempts=2))
    put("carol", "99_demo.ipynb", simple(bank, "carol", answers("99", PARTIAL), attempts=3))
    # first check wrong, final answer right (and the other way round)
    dan = [record(bank, f"99.{n}", RIGHT[n], "dan", first=WRONG[n], attempts=2) for n in RIGHT]
    dan += [record(bank, "99.value", WRONG["value"], "dan", first=RIGHT["value"], attempts=4, revision=3)]
    put("dan", "99_demo.ipynb", notebook(bank, dan, figure=True))
    # an earlier wording (archived), a version not on file, an answer that no longer fits, an empty record
    erin = [
        record(bank, "99.single", "ds", "erin", fingerprint=archived),
        record(bank, "99.multi", ["spark", "dbt", "kafka"], "erin", fingerprint="0" * 16),
        record(bank, "99.match", {"proto": "nobody", "serving": "mle"}, "erin"),
        record(bank, "99.value", None, "erin", first=None, attempts=0),
        record(bank, "99.reflect", "Teams <script>alert(1)</script> & roles: 'quoted' \"text\".", "erin"),
    ]
    put("erin", "99_demo.ipynb", notebook(bank, erin))
    # never checked (no first checked answer): a fallback under `first`, correct without a check
    put("fay", "99_demo.ipynb", simple(bank, "fay", answers("99", RIGHT), first=None, attempts=0))
    # the assessed notebook: right, wrong and partial answers
    mixed = {"single": RIGHT["single"], "multi": WRONG["multi"], "match": PARTIAL["match"], "reflect": RIGHT["reflect"]}
    put("gus", "98_assessed.ipynb", simple(bank, "gus", answers("98", mixed), attempts=2))
    put("gus", "99_demo.ipynb", simple(bank, "gus", answers("99", PARTIAL)))
    put("hana & <o'neil>", "98_assessed.ipynb", simple(bank, "hana", answers("98", RIGHT)))
    # the same wrong answers as bob's: an integrity finding
    put("ivan", "99_demo.ipynb", simple(bank, "ivan", answers("99", WRONG), attempts=2))
    # a record shown twice (the newer revision counts) and an answer to the other notebook
    twice = [
        record(bank, "99.single", "ds", "jo", revision=1),
        record(bank, "99.single", "mlops", "jo", first="ds", revision=2, attempts=2),
        record(bank, "98.single", "mlops", "jo"),
    ]
    put("jo", "99_demo.ipynb", notebook(bank, twice))
    # recorded under someone else's id, and a file that is not a notebook
    put("kim", "99_demo.ipynb", simple(bank, "somebody-else", answers("99", PARTIAL)))
    put("lou", "99_demo.ipynb", '{"cells": [')
    put("max", "99_demo.ipynb", simple(bank, "max", {}))


def grade_class(work: Path, out: Path, options: tuple[str, ...]) -> int:
    """`mlops-course grade` on work/submissions in this process and one job (the same outputs as with
    workers), run from `work` so the files are named by relative paths, the same wherever `work` is."""
    before = Path.cwd()
    os.chdir(work)
    try:
        return main(["grade", "submissions", "--out", str(out), "--key", str(DEFINITIONS), "--jobs", "1", *options])
    finally:
        os.chdir(before)


def output_files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` by its relative path (the grader's scratch folder is gone by then)."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }


def regenerate(work: Path) -> None:
    """Grade the class with every run's options and keep the outputs as the expected tree."""
    build_class(work / "submissions")
    shutil.rmtree(EXPECTED, ignore_errors=True)
    for name, options in RUNS.items():
        grade_class(work, EXPECTED / name, options)


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        regenerate(Path(scratch))
    print(f"expected outputs written to {EXPECTED}", file=sys.stderr)
