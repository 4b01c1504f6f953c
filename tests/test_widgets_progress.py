"""The progress widget, the learner-id form and their lazy entry points in `course`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import course
from course.exercises.journal import Journal
from course.exercises.learner import LEARNER_FILE
from course.exercises.session import ExerciseSession
from course.exercises.widgets.learner_form import LearnerForm, learner_form
from course.exercises.widgets.progress import ProgressWidget, progress_widget
from course.text import format_points
from tests.grading_tools import FIXTURE_COUNT, FIXTURE_MAX, FIXTURES
from tests.widget_tools import text

FIXTURE_MAX_POINTS = format_points(FIXTURE_MAX)


@pytest.fixture(autouse=True)
def no_learner_or_session_from_outside(monkeypatch):
    for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)


def journalled(demo_bank, exercise_id: str, answer, *, session_name: str | None = None) -> ExerciseSession:
    """Answer as a notebook would: a session over that notebook's journal in the course home."""
    session = ExerciseSession(demo_bank.get(exercise_id), Journal.for_notebook(session_name))
    session.set_answer(answer)
    return session


def test_progress_with_no_answers(demo_bank):
    widget = progress_widget(bank=demo_bank)
    shown = text(widget.table.value)
    assert f"99 Demo exercises 0/{FIXTURE_COUNT} 0/{FIXTURE_MAX_POINTS} 0%" in shown
    assert f"Course total 0/{FIXTURE_COUNT} 0/{FIXTURE_MAX_POINTS} 0%" in shown
    assert 'aria-valuenow="0"' in widget.table.value


def test_progress_counts_journalled_answers_and_refreshes(demo_bank):
    widget = progress_widget(bank=demo_bank)
    journalled(demo_bank, "99.single", "mlops", session_name="this-notebook.ipynb")
    journalled(demo_bank, "99.multi", ["spark", "dbt"], session_name="other-notebook.ipynb")
    assert f"0/{FIXTURE_COUNT}" in text(widget.table.value)  # not yet refreshed
    widget.refresh_button.click()
    # single right: 1 point; multi two of three right, none wrong: its Check shows no points before it is
    # right (points and one explained pick would pin a small key down), and neither does the progress view.
    points = 1
    percent = round(100 * points / FIXTURE_MAX)
    shown = text(widget.table.value)
    assert f"99 Demo exercises 2/{FIXTURE_COUNT} {points}/{FIXTURE_MAX_POINTS} {percent}%" in shown
    assert f"Course total 2/{FIXTURE_COUNT} {points}/{FIXTURE_MAX_POINTS} {percent}%" in shown
    assert f'aria-valuenow="{percent}"' in widget.table.value


def test_progress_for_chosen_notebooks_and_an_unknown_one(demo_bank):
    assert progress_widget("99", bank=demo_bank).notebooks == ["99"]
    with pytest.raises(ValueError, match=r"no exercises for notebook '42'; notebooks with exercises: 99"):
        progress_widget(["42"], bank=demo_bank)


def test_progress_repr_is_short_and_stable(demo_bank):
    widget = progress_widget(bank=demo_bank)
    assert repr(widget) == "Course progress (interactive widget; run the notebook in JupyterLab to see it)"
    assert widget._repr_mimebundle_()["text/plain"] == repr(widget)
    assert widget.refresh_button.description == "Refresh" and widget.refresh_button.tooltip


def test_course_progress_uses_the_configured_bank(monkeypatch):
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    widget = course.progress()
    assert isinstance(widget, ProgressWidget)
    assert "99 Demo exercises" in text(widget.table.value)


@pytest.mark.slow
def test_importing_course_stays_light():
    probe = (
        "import sys, course; course.progress; course.learner_form; "
        "print(sorted(m for m in ('pandas', 'matplotlib', 'ipywidgets', 'yaml') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_learner_form_saves_a_valid_id(course_home):
    form = course.learner_form()
    assert isinstance(form, LearnerForm)
    assert "No learner id set yet" in text(form.status.value)
    assert form.text.description == "Learner id"
    form.text.value = "  ada.lovelace "
    form.save_button.click()
    assert json.loads((course_home / LEARNER_FILE).read_text()) == {"learner": "ada.lovelace"}
    assert form.text.value == "ada.lovelace"
    assert "recorded as ada.lovelace" in text(form.status.value)
    assert "recorded as ada.lovelace" in text(learner_form().status.value)  # shown next time too


def test_learner_form_reports_an_invalid_id_and_saves_nothing(course_home):
    form = learner_form()
    form.text.value = "not valid!"
    form.save_button.click()
    shown = text(form.status.value)
    assert "Not saved" in shown and "'not valid!' is not a valid learner id" in shown
    assert "mlc-status-error" in form.status._dom_classes
    assert not (course_home / LEARNER_FILE).exists()


def test_learner_form_says_when_the_environment_overrides_it(course_home, monkeypatch):
    monkeypatch.setenv("MLOPS_COURSE_LEARNER", "hub-user-7")
    form = learner_form()
    assert form.text.value == "hub-user-7"
    form.text.value = "ada"
    form.save_button.click()
    shown = text(form.status.value)
    assert "MLOPS_COURSE_LEARNER" in shown and "hub-user-7" in shown
    assert repr(form) == "Learner id form (interactive widget; run the notebook in JupyterLab to use it)"


def test_answers_run_in_solution_notebooks_do_not_count_as_progress(demo_bank, monkeypatch):
    from course.exercises.journal import Entry, Journal
    from course.exercises.progress import journal_answers

    exercise = demo_bank.get("99.single")
    monkeypatch.setenv("JPY_SESSION_NAME", "course/solutions/99_demo.ipynb")
    Journal.for_notebook().put("99.single", Entry("mlops", 1, 1, exercise.fingerprint))
    assert journal_answers() == {}
    monkeypatch.setenv("JPY_SESSION_NAME", "course/exercises/99_demo.ipynb")
    Journal.for_notebook().put("99.single", Entry("ds", 1, 1, exercise.fingerprint))
    assert journal_answers() == {"99.single": "ds"}
