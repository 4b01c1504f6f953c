"""`course.answer(id, None)`, the cell after an unfilled stub, must never wipe an answer already given.

Exercise notebooks run `workload = None` then `course.answer("04.workload", workload)`. A learner
who types the numbers into the widget instead, then restarts the kernel and runs all cells,
re-runs that cell with None: the widget's answer must survive it (the browser test found this).
"""

from __future__ import annotations

import pytest
from grading_tools import FIXTURES

from course.exercises import api
from course.exercises.journal import Journal

TYPED = {"ra": 3, "i": 5}


@pytest.fixture(autouse=True)
def fixture_bank(monkeypatch, tmp_path):
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "99_demo.ipynb"))  # a notebook in JupyterLab
    restart_kernel(monkeypatch)  # other tests' sessions live in this process too


def restart_kernel(monkeypatch) -> None:
    """A new kernel has no sessions in memory: they come back from the journal."""
    monkeypatch.setattr(api, "_sessions", {})
    monkeypatch.setattr(api, "_journals", {})


def test_a_stub_left_as_none_keeps_the_answer_given_in_the_widget(monkeypatch):
    api.session("99.value").set_answer(TYPED)  # what the widget does when the learner types
    restart_kernel(monkeypatch)
    api.answer("99.value", None)  # Run All re-runs the cell after the stub
    assert api.session("99.value").answer == TYPED
    assert Journal.for_notebook().get("99.value").answer == TYPED


def test_none_through_the_handle_and_check_changes_nothing_either():
    handle = api.exercise("99.value").answer(TYPED)
    revision = handle.session.revision
    handle.answer(None)
    checked = handle.check(None)
    assert handle.session.answer == TYPED
    assert checked.status != "unanswered"  # the typed answer was scored, not None
    assert handle.session.revision == revision
    assert handle.session.attempts == 1


def test_reset_still_clears_and_a_real_answer_still_replaces():
    api.answer("99.value", TYPED)
    api.answer("99.value", {"ra": 4, "i": 5})
    assert api.session("99.value").answer == {"ra": 4, "i": 5}
    api.exercise("99.value").reset()
    assert api.session("99.value").answer is None
