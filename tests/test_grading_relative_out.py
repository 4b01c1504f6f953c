"""The grading guide's recipes as written: relative folders, a class large enough for several workers.

`mlops-course grade submissions/ --out grades` with a relative `--out` once crashed with "relative
path can't be expressed as a file URI" as soon as a class was big enough for the feedback pages to
be written by a second process (reproduced with 300 learners and 2 jobs): no feedback pages at all.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from course.exercises.definitions import load_bank
from course.grading import run as grading_run
from tests.grading_tools import read_csv, submission, write

LEARNERS = 300
NOTEBOOK = "01_team_landscape.ipynb"


@pytest.mark.slow
def test_a_relative_out_folder_with_several_workers_writes_every_feedback_page(tmp_path):
    """The grading guide's recipe, in a course folder whose name holds characters a file URI must escape."""
    tmp_path = tmp_path / "spring #1 (50% done?)"
    assert LEARNERS >= grading_run.PARALLEL_THRESHOLD  # large enough for the worker processes
    bank = load_bank()
    handoff = bank.get("01.handoff")
    options = [choice.id for choice in handoff.choices]
    for number in range(LEARNERS):
        answer = {"01.handoff": options[number % len(options)]}
        write(tmp_path / "submissions" / f"learner{number:03d}" / NOTEBOOK, submission(bank, answer))
    done = subprocess.run(
        [sys.executable, "-m", "course", "grade", "submissions/", "--out", "grades", "--jobs", "2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 0, done.stdout + done.stderr
    pages = sorted(p.name for p in (tmp_path / "grades" / "feedback").glob("*.html"))
    assert pages == [f"learner{number:03d}.html" for number in range(LEARNERS)]
    assert len(read_csv(tmp_path / "grades" / "gradebook.csv")) == LEARNERS
    assert not list((tmp_path / "grades").glob(".grading-*")), "the scratch folder was left behind"
