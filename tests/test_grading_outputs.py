"""The grader's output files: safe (escaped HTML, neutral CSV, paths inside DIR), atomic and repeatable."""

from __future__ import annotations

import base64
import csv
import hashlib
import os
import re
from pathlib import Path
from xml.etree import ElementTree

import pytest

from course.exercises.definitions import load_bank
from course.grading import run as grading_run
from tests.grading_tools import (
    FIXTURE_MAX,
    FIXTURES,
    FULL_MARKS,
    learner_points,
    read_csv,
    run_grade,
    submission,
    write,
)

SCRIPT = "<script>alert('x')</script>"
EVIL_TEXT = f"I think {SCRIPT}<img src=x onerror=alert(1)> roles & teams overlap"
OUTPUTS = ("gradebook.csv", "scores.csv", "errors.csv", "canvas.csv", "report.html")


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def class_of(bank, root: Path, count: int = 6) -> Path:
    """A class of learners with varied answers, a reflection each, and one broken file."""
    choices = ["ds", "mlops", "mle"]
    for i in range(count):
        answers = dict(FULL_MARKS)
        answers["99.single"] = choices[i % 3]
        answers["99.value"] = {"ra": 3 + i % 2, "i": 6}
        answers["99.reflect"] = f"Learner {i} reflects on hand-offs between roles and teams."
        write(root / f"learner{i:02d}" / "99_demo.ipynb", submission(bank, answers, learner=f"learner{i:02d}"))
    write(root / "broken" / "99_demo.ipynb", b'{"cells": [')
    return root


def test_learner_text_is_escaped_in_every_html_page(tmp_path, capsys, bank):
    answers = dict(FULL_MARKS, **{"99.reflect": EVIL_TEXT})
    write(tmp_path / "subs" / "x" / "99_demo.ipynb", submission(bank, answers, learner=f"{SCRIPT}"))
    status, _, _ = run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 0
    pages = [tmp_path / "out" / "report.html", *(tmp_path / "out" / "feedback").glob("*.html")]
    assert len(pages) == 2
    for page in pages:
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text.lower()
        assert "<img src=x" not in text
        assert "&lt;script&gt;" in text
        assert 'http-equiv="Content-Security-Policy"' in text and "default-src 'none'" in text
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt; roles &amp; teams overlap" in report


def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path, capsys, bank):
    for learner in ('=HYPERLINK("http://x")', "+1+2", "-3", "@SUM(A1)"):
        folder = hashlib.sha256(learner.encode()).hexdigest()[:8]
        write(tmp_path / "subs" / f"{folder}_99_demo.ipynb", submission(bank, {"99.single": "mlops"}, learner=learner))
    run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    for name in ("gradebook.csv", "scores.csv", "canvas.csv"):
        with (tmp_path / "out" / name).open(encoding="utf-8", newline="") as stream:
            cells = [cell for row in csv.reader(stream) for cell in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@")], name
        assert '\'=HYPERLINK("http://x")' in cells and "'-3" in cells, name


def test_a_learner_id_never_becomes_a_path_outside_the_output_folder(tmp_path, capsys, bank):
    out = tmp_path / "deep" / "out"
    for learner in ("../../etc", "../escape", "/abs/path", "..", "con"):
        folder = hashlib.sha256(learner.encode()).hexdigest()[:8]
        # single files: the learner is the id recorded in them
        write(tmp_path / "subs" / f"{folder}_99_demo.ipynb", submission(bank, {"99.single": "mlops"}, learner=learner))
    before = set(tmp_path.rglob("*"))
    status, _, _ = run_grade(capsys, str(tmp_path / "subs"), "--out", str(out), "--key", str(FIXTURES))
    created = set(tmp_path.rglob("*")) - before - {tmp_path / "deep"}
    assert status == 0
    assert created and all(p.resolve().is_relative_to(out.resolve()) for p in created)
    feedback = sorted((out / "feedback").iterdir())
    assert len(feedback) == 5 and all(p.suffix == ".html" for p in feedback)
    learners = {r["learner"] for r in read_csv(out / "gradebook.csv")}
    assert learners == {"../../etc", "../escape", "/abs/path", "..", "con"}


def test_grading_the_same_input_twice_gives_identical_files(tmp_path, capsys, bank):
    subs = class_of(bank, tmp_path / "subs")
    args = (str(subs), "--key", str(FIXTURES))
    run_grade(capsys, *args, "--out", str(tmp_path / "first"))
    first = tree_digest(tmp_path / "first")
    run_grade(capsys, *args, "--out", str(tmp_path / "first"))
    run_grade(capsys, *args, "--out", str(tmp_path / "second"))
    assert set(first) >= {*OUTPUTS, "feedback/learner00.html"}
    assert tree_digest(tmp_path / "first") == first
    assert tree_digest(tmp_path / "second") == first
    report = (tmp_path / "first" / "report.html").read_text(encoding="utf-8")
    assert report.count("data:image/svg+xml;base64,") == 3
    for uri in re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", report):  # each figure is valid SVG
        figure = ElementTree.fromstring(base64.b64decode(uri))
        assert figure.tag.endswith("svg") and figure.find("{http://www.w3.org/2000/svg}title") is not None


@pytest.mark.slow  # starts a pool of grading workers
def test_parallel_workers_give_the_same_files_as_one_process(tmp_path, capsys, bank):
    subs = tmp_path / "subs"
    answers = [
        FULL_MARKS,
        {"99.single": "ds"},
        {"99.multi": ["helm"], "99.reflect": "Short but honest reflection here."},
    ]
    count = grading_run.PARALLEL_THRESHOLD + 10
    for i in range(count):
        write(subs / f"l{i:03d}" / "99_demo.ipynb", submission(bank, answers[i % 3]))
    args = (str(subs), "--key", str(FIXTURES))
    assert run_grade(capsys, *args, "--out", str(tmp_path / "serial"), "--jobs", "1")[0] == 0
    assert run_grade(capsys, *args, "--out", str(tmp_path / "parallel"), "--jobs", "2")[0] == 0
    assert tree_digest(tmp_path / "parallel") == tree_digest(tmp_path / "serial")
    assert len(read_csv(tmp_path / "serial" / "gradebook.csv")) == count


def test_an_interrupted_run_leaves_the_previous_outputs_whole(tmp_path, capsys, bank, monkeypatch):
    subs = class_of(bank, tmp_path / "subs")
    args = (str(subs), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    run_grade(capsys, *args)
    before = tree_digest(tmp_path / "out")

    from course.grading.outputs import tables

    calls = {"n": 0}
    real_cell = tables.escape_cell

    def interrupted(value):
        calls["n"] += 1
        if calls["n"] == 5:  # in the middle of scores.csv, the first file written
            raise KeyboardInterrupt
        return real_cell(value)

    monkeypatch.setattr(tables, "escape_cell", interrupted)
    (subs / "learner00" / "99_demo.ipynb").unlink()  # the new run would change every output
    status, _, err = run_grade(capsys, *args)
    assert status == 130 and "Interrupted" in err
    assert calls["n"] == 5
    assert tree_digest(tmp_path / "out") == before
    assert not [p for p in (tmp_path / "out").rglob("*") if p.name.startswith(".")]


def test_exit_status_is_one_when_a_file_failed_and_outputs_are_still_written(tmp_path, capsys, bank):
    subs = class_of(bank, tmp_path / "subs", count=2)
    status, out, _ = run_grade(capsys, str(subs), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 1 and "errors.csv" in out
    assert {p.name for p in (tmp_path / "out").iterdir()} >= {*OUTPUTS, "feedback"}
    (row,) = read_csv(tmp_path / "out" / "errors.csv")
    assert row["learner"] == "broken" and "cut off" in row["problem"]
    totals = [float(r["total"]) for r in learner_points(tmp_path / "out").values()]
    assert totals == [FIXTURE_MAX - 1, FIXTURE_MAX - 1]  # learner00 chose ds, learner01 got 'ra' 4


def test_canvas_file_has_the_import_columns_and_a_practice_notebook_as_its_completion(tmp_path, capsys, bank):
    subs = class_of(bank, tmp_path / "subs", count=2)
    run_grade(capsys, str(subs), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    with (tmp_path / "out" / "canvas.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    column = "MLOps 99 practice: Demo exercises (completion %)"
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", column]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "100"
    assert rows[2][3] == "learner00" and float(rows[2][-1]) == 100.0  # every exercise answered


def test_stale_feedback_pages_from_an_earlier_run_are_removed(tmp_path, capsys, bank):
    subs = class_of(bank, tmp_path / "subs", count=3)
    args = (str(subs), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    run_grade(capsys, *args)
    (tmp_path / "out" / "feedback" / "notes.txt").write_text("mine")
    os.remove(subs / "learner02" / "99_demo.ipynb")
    run_grade(capsys, *args)
    names = sorted(p.name for p in (tmp_path / "out" / "feedback").iterdir())
    assert names == ["learner00.html", "learner01.html", "notes.txt"]


def test_progress_goes_to_stderr_only_when_asked_or_on_a_terminal(tmp_path, capsys, bank):
    subs = class_of(bank, tmp_path / "subs", count=3)
    args = (str(subs), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    _, out, err = run_grade(capsys, *args)
    assert "files/s" not in err + out  # captured stderr is not a terminal
    _, out, err = run_grade(capsys, *args, "--progress")
    assert "4/4 files" in err and "files/s" not in out
