"""Assessed mode: Check records the answer and says so, and shows no correctness, points or
explanation, in the widget, in the API's return value and in the learner's own progress."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from course.exercises import api
from course.exercises.definitions import load_bank
from course.exercises.journal import Journal
from course.exercises.progress import format_table, summarise
from course.exercises.session import RECORDED_SUMMARY, ExerciseSession, Recorded
from course.exercises.status import Status
from course.exercises.widgets import build_widget
from tests.grading_tools import FIXTURES
from tests.widget_tools import text, visible


def assessed_copy(folder: Path) -> Path:
    """The fixture definitions with `mode: assessed` (every exercise of notebook 99 assessed)."""
    target = folder / "assessed-defs"
    shutil.copytree(FIXTURES, target)
    path = target / "99_demo.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("title: Demo exercises\n", "title: Demo exercises\nmode: assessed\n"),
        encoding="utf-8",
    )
    return target


@pytest.fixture
def assessed_bank(tmp_path):
    bank = load_bank(assessed_copy(tmp_path))
    assert all(e.assessed for e in bank.exercises.values()) if hasattr(bank, "exercises") else True
    return bank


WRONG = {"99.single": "ds", "99.multi": ["helm"], "99.match": {"proto": "mle"}}
MISCONCEPTIONS = {"99.single": "Builder owns the pipe", "99.multi": "Every infra tool is a data tool"}


@pytest.mark.parametrize("exercise_id", sorted(WRONG))
def test_assessed_check_records_and_shows_no_correctness(assessed_bank, tmp_path, exercise_id):
    exercise = assessed_bank.get(exercise_id)
    assert exercise.assessed
    session = ExerciseSession(exercise, Journal(tmp_path / "j.json"))
    widget = build_widget(session)
    session.set_answer(WRONG[exercise_id])
    widget.check_button.click()
    widget.check_button.click()  # unchanged: still one attempt
    assert session.attempts == 1 and session.first_checked == session.answer
    status = text(widget.status.value)
    assert RECORDED_SUMMARY in status
    shown = " ".join(text(w.value) for w in (widget.status, widget.feedback, widget.attempts_label))
    for giveaway in ("✘", "✔", "correct", "not right", " of 1 ", "points", "Why:", "Common misconception"):
        assert giveaway not in shown, giveaway
    if exercise_id in MISCONCEPTIONS:
        assert MISCONCEPTIONS[exercise_id] not in shown
    assert not visible(widget.feedback)
    assert session.last_score is None and not session.reveal_explanations
    assert session.record()["first_checked"] == session.answer


def test_assessed_check_in_code_returns_no_correctness(assessed_bank, tmp_path, monkeypatch):
    monkeypatch.setattr(api, "bank", lambda: assessed_bank)
    monkeypatch.setattr(api, "_sessions", {})
    monkeypatch.setattr(api, "_journals", {})
    result = api.check("99.single", "ds")
    assert isinstance(result, Recorded)
    assert (result.status, str(result), result.attempts) == (Status.RECORDED, RECORDED_SUMMARY, 1)
    for field in ("points", "max_points", "parts", "misconceptions", "percent"):
        assert not hasattr(result, field), field
    assert api.exercise("99.single").score is None


def test_progress_says_recorded_for_assessed_exercises_not_scores(assessed_bank):
    progress = summarise(assessed_bank, {"99.single": "mlops", "99.multi": ["helm"]})
    rows = {row.exercise_id: row for row in progress.notebooks[0].exercises}
    assert rows["99.single"].status == Status.RECORDED == rows["99.multi"].status
    assert rows["99.value"].status == Status.UNANSWERED
    assert all(row.points == 0 for row in rows.values())
    table = format_table(progress)
    assert "recorded" in table
    assert "1/1" not in table and "correct" not in table
    assert "scores come after the deadline" in table


def test_the_progress_widget_says_recorded_for_an_assessed_notebook(assessed_bank, monkeypatch):
    from course.exercises.widgets.progress import progress_widget

    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    session = ExerciseSession(assessed_bank.get("99.single"), Journal.for_notebook("99_demo.ipynb"))
    session.set_answer("mlops")
    session.check()
    shown = text(progress_widget(bank=assessed_bank).table.value)
    assert f"1/{len(assessed_bank)} recorded" in shown and "scores come after the deadline" in shown
    assert "1/1" not in shown and "%" not in shown.split("Course total")[0]


def test_the_live_view_counts_a_real_records_first_checked_answer(demo_bank, tmp_path):
    from course.exercises.records import parse_record
    from course.live.tally import FIRST_CHECKED, tally_exercise

    session = ExerciseSession(demo_bank.get("99.single"), Journal(tmp_path / "j.json"))
    session.set_answer("ds")
    session.check()
    session.set_answer("mlops")
    session.check()
    tally = tally_exercise(demo_bank.get("99.single"), [("ada", parse_record(session.record()))])
    assert tally.basis == FIRST_CHECKED
    assert {bar.label: bar.count for bar in tally.bars if bar.count} == {"Data Scientist": 1}
