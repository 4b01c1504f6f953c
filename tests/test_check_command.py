"""`mlops-course check`: score and completion from saved notebooks, read statically like the grader."""

from __future__ import annotations

import re

import pytest

from course.cli import main
from course.exercises.definitions import load_bank
from course.text import format_points
from tests.grading_tools import FIXTURE_COUNT, FIXTURE_MAX, FIXTURES, FULL_MARKS, submission, write


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


MAX = format_points(FIXTURE_MAX)


def check(capsys, *args: str) -> tuple[int, str, str]:
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_check_prints_per_exercise_notebook_and_course_totals(tmp_path, capsys, bank):
    answers = {"99.single": "ds", "99.multi": ["spark", "dbt"], "99.raci": FULL_MARKS["99.raci"]}
    path = write(tmp_path / "99_demo.ipynb", submission(bank, answers))
    status, out, _ = check(capsys, str(path), "--definitions", str(FIXTURES))
    assert status == 0
    # By hand: 0 + 0 + 6 = 6 points; three exercises answered. The multiple select is two of three right
    # (1.33 of 2 in the gradebook), but in a practice notebook the learner's view shows what its Check shows:
    # no points before it is right.
    assert f"99 Demo exercises: 6/{MAX} points, 3/{FIXTURE_COUNT} answered" in out
    assert re.search(r"99\.multi\s+0/2", out)
    percent = f"{100 * 6 / FIXTURE_MAX:.0f}%"
    assert f"Course: 6/{MAX} points ({percent}), 3/{FIXTURE_COUNT} exercises answered" in out


def test_check_reads_the_definitions_named_by_the_environment(tmp_path, capsys, bank, monkeypatch):
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    path = write(tmp_path / "mine.ipynb", submission(bank, FULL_MARKS))
    status, out, _ = check(capsys, str(path))
    assert (
        status == 0 and f"Course: {MAX}/{MAX} points (100%), {FIXTURE_COUNT}/{FIXTURE_COUNT} exercises answered" in out
    )


def test_the_newest_answer_across_files_counts(tmp_path, capsys, bank):
    old = write(tmp_path / "a" / "99_demo.ipynb", submission(bank, {"99.single": "ds"}, revision=1))
    new = write(tmp_path / "b" / "99_demo.ipynb", submission(bank, {"99.single": "mlops"}, revision=4))
    for order in ((old, new), (new, old)):
        status, out, _ = check(capsys, *map(str, order), "--definitions", str(FIXTURES))
        assert status == 0
        assert re.search(r"99\.single\s+1/1", out)


def test_an_unreadable_file_is_reported_and_the_others_still_count(tmp_path, capsys, bank):
    good = write(tmp_path / "99_demo.ipynb", submission(bank, {"99.single": "mlops"}))
    bad = write(tmp_path / "99_broken.ipynb", '{"cells": [')
    status, out, err = check(capsys, str(good), str(bad), "--definitions", str(FIXTURES))
    assert status == 1
    assert "99_broken.ipynb: The file is cut off" in err
    assert f"Course: 1/{MAX} points" in out
    assert "Traceback" not in out + err


def test_a_missing_file_is_a_usage_error(tmp_path, capsys):
    status, _, err = check(capsys, str(tmp_path / "nope.ipynb"), "--definitions", str(FIXTURES))
    assert status == 2 and "no such file" in err
