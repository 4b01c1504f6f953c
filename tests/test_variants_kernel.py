"""A learner's own case in a real kernel: shown, answered, saved, reopened (in a new kernel, on a machine
without the journal), checked with `mlops-course check` and graded, and another case practised beside it."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbclient
import nbformat
import pytest

from course.cli import main
from course.exercises.definitions import load_bank
from course.exercises.records import MIME_TYPE
from course.exercises.type_registry import type_of
from course.exercises.variants import case_order, variant_for
from tests.grading_tools import read_csv

CASES = Path(__file__).parent / "fixtures" / "variants"
BANK = load_bank(CASES)


def run(nb: nbformat.NotebookNode, path: Path) -> nbformat.NotebookNode:
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    return nb


def notebook(*cells: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    return nb


def printed(nb: nbformat.NotebookNode, tag: str) -> list[str]:
    return [
        line.split(" ", 1)[1]
        for cell in nb.cells
        for output in cell.get("outputs", [])
        for line in output.get("text", "").splitlines()
        if line.startswith(tag + " ")
    ]


def records(nb: nbformat.NotebookNode) -> list[dict]:
    return [o["data"][MIME_TYPE] for c in nb.cells for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {})]


@pytest.mark.slow
def test_a_case_is_shown_answered_saved_reopened_checked_and_graded_in_real_kernels(tmp_path, monkeypatch, capsys):
    home = tmp_path / "home" / "fay"
    path = home / "97_cases.ipynb"
    home.mkdir(parents=True)
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(CASES))
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(tmp_path / "course-home"))
    monkeypatch.setenv("JUPYTERHUB_USER", "fay")  # as a hub gives it
    monkeypatch.setenv("JPY_SESSION_NAME", str(path))
    monkeypatch.delenv("MLOPS_COURSE_LEARNER", raising=False)
    own = variant_for(BANK.get("97.pick"), "fay")
    key = type_of(own).key_answer(own)
    next_case = case_order(BANK.get("97.pick"), "fay")[1]

    # 1. Shown and answered: the widget's exercise is fay's case, the record names it.
    first = notebook(
        "import course",
        'handle = course.exercise("97.pick")\nprint("CASE", handle.definition.variant, "|", handle.case)\nhandle',
        f'print("SCORE", course.check("97.pick", {key!r}))',
        'practice = course.exercise("97.pick").another_case()\nprint("PRACTICE", practice.definition.variant)\n'
        'print("PRACTICE-SCORE", practice.check({"topology": "embedded"}).status)',
    )
    run(first, path)
    path.write_text(nbformat.writes(first), encoding="utf-8")  # saved, as Ctrl+S writes it
    assert printed(first, "CASE") == [f"{own.variant} | {own.case_name}"]
    assert (
        "status=<Status.CORRECT" in printed(first, "SCORE")[0] and f"case='{own.variant}'" in printed(first, "SCORE")[0]
    )
    assert printed(first, "PRACTICE") == [next_case.variant]
    (record,) = records(first)
    assert (record["variant"], record["fingerprint"], record["learner"]) == (own.variant, own.fingerprint, "fay")
    assert record["practice_cases"][0]["variant"] == next_case.variant
    shown = next(o for c in first.cells for o in c.get("outputs", []) if MIME_TYPE in o.get("data", {}))
    assert f"(case: {own.case_name})" in shown["data"]["text/plain"]

    # 2. Reopened in a new kernel, on a machine without the journal: the file restores the case and the answer.
    shutil.rmtree(tmp_path / "course-home")
    reopened = notebook(
        "import course",
        'from course.exercises import api\ns = api.session("97.pick")\n'
        'print("RESTORED", s.exercise.variant, s.restored_from, s.answer == ' + repr(key) + ")\n"
        'print("PRACTISING", s.practising.exercise.variant if s.practising else None)',
    )
    run(reopened, path)
    assert printed(reopened, "RESTORED") == [f"{own.variant} the saved notebook True"]
    assert printed(reopened, "PRACTISING") == [next_case.variant]

    # 3. `mlops-course check` names the case; 4. the grader grades it on fay's case, the practice case not at all.
    assert main(["check", str(path), "--definitions", str(CASES)]) == 0
    out = capsys.readouterr().out
    assert f"case: {own.case_name}" in out and re.search(r"97\.pick\s+3/3", out)
    status = main(["grade", str(tmp_path / "home"), "--key", str(CASES), "--out", str(tmp_path / "out")])
    capsys.readouterr()
    assert status == 0
    (row,) = [r for r in read_csv(tmp_path / "out" / "scores.csv") if r["exercise"] == "97.pick"]
    assert (row["learner"], row["case"], row["points"], row["status"]) == ("fay", own.variant, "3", "correct")
    assert read_csv(tmp_path / "out" / "integrity.csv") == []
    assert json.loads(json.dumps(record))["answer"] == json.loads(json.dumps(key))
