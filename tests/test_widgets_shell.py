"""The shell every exercise widget shares, driven through its real handlers.

Widgets are built on sessions over a journal in tmp_path; controls are set
through `.value` and buttons pressed with `Button.click()`, as ipywidgets'
own tests do. What the notebook would store is read from `session.bundle()`
or from a stand-in for IPython's `display`.
"""

from __future__ import annotations

import json
import re

import ipywidgets as widgets
import pytest

from course.exercises.records import MIME_TYPE
from course.exercises.type_registry import names as type_names
from course.exercises.widgets import build_widget, widget_class
from course.exercises.widgets.style import CSS
from tests.widget_tools import (
    ANSWER_CONTROLS,
    CODE_ANSWERS,
    LIST_CONTROLS,
    button,
    controls,
    shown,
    text,
    visible,
    walk,
)

ALL_IDS = list(CODE_ANSWERS)


def test_every_type_has_a_widget_and_the_fixture_covers_every_type(demo_bank):
    assert {e.type for e in demo_bank} == set(type_names())
    assert set(ALL_IDS) == set(demo_bank.ids())


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_shell_shows_title_points_section_prompt_buttons_and_reminder(make_session, exercise_id):
    session = make_session(exercise_id)
    widget = build_widget(session)
    exercise = session.exercise
    header = text(widget.header.value)
    assert exercise.title in header
    assert exercise.section in header
    if exercise.graded:
        assert re.search(rf"\b{exercise.points:g} points?\b", header)
    else:
        assert "collected for your instructor" in header
    assert exercise.prompt in text(widget.prompt.value)
    for name in ("Check", "Hint", "Reset"):
        assert button(widget, name).tooltip
    assert text(widget.attempts_label.value) == "Attempts: 0"
    reminder = text(widget.reminder.value)
    assert "recorded in this notebook" in reminder and "Ctrl+S" in reminder
    assert "No answer recorded yet" in text(widget.status.value)
    assert not visible(widget.feedback) and not visible(widget.notice)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_repr_is_short_and_stable(make_session, exercise_id):
    session = make_session(exercise_id)
    widget = build_widget(session)
    first = repr(widget)
    assert first == (
        f"Exercise {exercise_id}: {session.exercise.title} (interactive widget; run the notebook in JupyterLab to answer)"
    )
    session.set_answer(CODE_ANSWERS[exercise_id])
    session.check()
    assert repr(widget) == first
    bundle = widget._repr_mimebundle_()
    assert bundle["text/plain"] == first
    assert "application/vnd.jupyter.widget-view+json" in bundle


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_every_answer_control_has_an_accessible_name(make_session, exercise_id):
    widget = build_widget(make_session(exercise_id))
    found = controls(widget)
    assert found, "an exercise widget without answer controls"
    for control in found:
        assert (control.description or "").strip() or (control.tooltip or "").strip(), control
    for btn in [w for w in walk(widget) if isinstance(w, widgets.Button)]:
        assert btn.description.strip()


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_an_answer_given_in_code_appears_in_the_widget(make_session, exercise_id):
    session = make_session(exercise_id)
    widget = build_widget(session)
    before = shown(widget)
    session.set_answer(CODE_ANSWERS[exercise_id])
    after = shown(widget)
    assert before != after
    assert widget.read_answer() is not None
    from course.exercises.answers import normalise

    assert normalise(session.exercise, widget.read_answer()) == session.answer
    assert "Answer recorded" in text(widget.status.value)
    assert session.revision == 1  # showing it did not write it back as a second change


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_recreating_the_widget_restores_answer_and_feedback(make_session, exercise_id):
    session = make_session(exercise_id)
    first = build_widget(session)
    session.set_answer(CODE_ANSWERS[exercise_id])
    first.check_button.click()
    feedback = text(first.feedback.value)
    assert feedback
    second = build_widget(session)  # the cell is run again
    assert shown(second) == shown(first)
    assert text(second.feedback.value) == feedback
    assert text(second.attempts_label.value) == "Attempts: 1"


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_a_new_session_over_the_same_journal_restores_the_answer(make_session, tmp_path, exercise_id):
    journal = tmp_path / "notebook-journal.json"
    session = make_session(exercise_id, journal)
    widget = build_widget(session)
    session.set_answer(CODE_ANSWERS[exercise_id])
    widget.check_button.click()
    shown_before = shown(widget)

    restarted = make_session(exercise_id, journal)  # kernel restart: new objects, same file
    again = build_widget(restarted)
    assert restarted.restored
    assert shown(again) == shown_before
    assert "restored" in text(again.status.value)
    assert text(again.feedback.value) == text(widget.feedback.value)
    record = restarted.bundle()[MIME_TYPE]
    assert record["answer"] == session.answer
    assert (record["attempts"], record["revision"]) == (1, 1)


def test_a_corrupt_journal_is_survived_set_aside_and_reported(make_session, tmp_path):
    journal = tmp_path / "j.json"
    journal.write_bytes(b"\x00\xffnot json at all {{{")
    session = make_session("99.single", journal)
    widget = build_widget(session)
    assert visible(widget.notice)
    notice = text(widget.notice.value)
    assert "damaged" in notice and "set aside" in notice
    aside = list(tmp_path.glob("j.corrupt-*.json"))
    assert len(aside) == 1
    assert aside[0].read_bytes() == b"\x00\xffnot json at all {{{"
    widget.radio.value = "mlops"  # the widget keeps working and journals afresh
    assert json.loads(journal.read_text())["exercises"]["99.single"]["answer"] == "mlops"


def test_a_journal_answer_that_no_longer_fits_is_reported_not_raised(make_session, demo_bank, tmp_path):
    # Same version, an answer it cannot have (a hand-edited journal); other versions: test_answer_custody.
    journal = tmp_path / "j.json"
    fingerprint = demo_bank.get("99.single").fingerprint
    entry = {"answer": "no-such-choice", "attempts": 1, "revision": 3, "fingerprint": fingerprint}
    journal.write_text(json.dumps({"format": "mlops-course-journal", "version": 1, "exercises": {"99.single": entry}}))
    widget = build_widget(make_session("99.single", journal))
    assert "no longer fits" in text(widget.notice.value)
    assert widget.radio.value is None


def test_check_shows_summary_and_part_feedback_and_counts_attempts(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.radio.value = "ds"
    widget.check_button.click()
    assert session.attempts == 1 and session.last_score.status == "incorrect"
    shown = text(widget.feedback.value)
    assert session.last_score.summary in shown
    assert "✘" in shown
    assert "Builder owns the pipe" in shown  # the misconception behind the wrong choice
    assert "only informed about the pipeline" in shown
    assert text(widget.attempts_label.value) == "Attempts: 1"
    assert "mlc-fb-incorrect" in widget.feedback.value


def test_feedback_says_when_it_is_out_of_date(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.radio.value = "ds"
    widget.check_button.click()
    assert "has changed since this check" not in text(widget.feedback.value)
    widget.radio.value = "mle"
    assert "has changed since this check" in text(widget.feedback.value)
    widget.check_button.click()
    assert "has changed since this check" not in text(widget.feedback.value)


def test_explanations_of_wrong_parts_never_appear_however_many_checks(make_session):
    session = make_session("99.match")
    widget = build_widget(session)
    widget.dropdowns["proto"].value = "mle"  # wrong; its explanation is the reasoning
    explanation = "Prototypes come out of exploration."
    widget.check_button.click()
    widget.check_button.click()  # the same answer again is not a second attempt
    assert session.attempts == 1 and not session.reveal_explanations
    assert explanation not in text(widget.feedback.value)
    for wrong in ["mlops", "mle"] * 3:
        widget.dropdowns["proto"].value = wrong
        widget.check_button.click()
        assert not session.reveal_explanations and explanation not in text(widget.feedback.value)
    assert session.attempts == 7
    widget.dropdowns["proto"].value = "ds"  # right: its own explanation opens
    widget.check_button.click()
    assert explanation in text(widget.feedback.value)


def test_hints_on_demand_then_says_there_are_none_left(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    assert not visible(widget.hints)
    widget.hint_button.click()
    assert visible(widget.hints)
    assert "One A per row." in text(widget.hints.value)
    assert "Hint 1 of 1" in text(widget.status.value)
    widget.hint_button.click()
    assert "no more hints" in text(widget.status.value)
    assert session.hints_shown == 1


def test_hint_without_hints(make_session):
    widget = build_widget(make_session("99.reflect"))
    widget.hint_button.click()
    assert "has no hints" in text(widget.status.value)


def test_reset_clears_answer_and_feedback_without_asking(make_session):
    session = make_session("99.multi")
    widget = build_widget(session)
    widget.boxes["spark"].value = True
    widget.boxes["helm"].value = True
    widget.check_button.click()
    widget.hint_button.click()
    assert visible(widget.feedback) and visible(widget.hints)
    widget.reset_button.click()
    assert session.answer is None and session.last_score is None
    assert not any(box.value for box in widget.boxes.values())
    assert not visible(widget.feedback) and not visible(widget.hints)
    assert "cleared" in text(widget.status.value)
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] is None
    assert record[MIME_TYPE]["revision"] == 3  # two ticks and the reset
    assert record["text/plain"].startswith("No answer recorded yet")
    widget.boxes["dbt"].value = True  # reversible: answering again records again
    assert session.answer == ["dbt"]


def test_two_views_of_one_session_stay_in_step(make_session):
    session = make_session("99.match")
    first, second = build_widget(session), build_widget(session)
    first.dropdowns["serving"].value = "mle"
    assert second.dropdowns["serving"].value == "mle"
    second.check_button.click()
    assert text(first.feedback.value) == text(second.feedback.value) != ""
    assert session.revision == 1


def test_a_closed_widget_stops_following_its_session(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.close()
    session.set_answer("ds")  # would fail on closed models if it still listened
    assert session.answer == "ds"


def test_display_show_puts_the_widget_and_a_live_record_in_the_notebook(make_session, monkeypatch):
    import IPython.display

    shown, updates = [], []

    class Handle:
        def update(self, obj, **kwargs):
            updates.append(obj)

    def fake_display(obj, **kwargs):
        shown.append((obj, kwargs))
        return Handle() if kwargs.get("display_id") else None

    monkeypatch.setattr(IPython.display, "display", fake_display)
    from course.exercises import display

    session = make_session("99.raci")
    display.show(session)
    widget, (record, options) = shown[0][0], shown[1]
    assert isinstance(widget, widget_class("raci_grid"))
    assert options == {"raw": True, "display_id": True}
    assert record[MIME_TYPE]["answer"] is None
    widget.dropdowns[("Model training code", "Data Scientist")].value = "R"
    assert updates[-1][MIME_TYPE]["answer"] == {"Model training code": {"Data Scientist": "R"}}
    assert updates[-1][MIME_TYPE]["revision"] == 1
    assert "1 of 2 activities" in updates[-1]["text/plain"]
    widget.check_button.click()
    assert updates[-1][MIME_TYPE]["attempts"] == 1
    assert "checked 1 time" in updates[-1]["text/plain"]


def test_the_style_block_is_emitted_once_per_exercise_and_scoped(make_session):
    widget = build_widget(make_session("99.scenario"))
    styles = [w for w in walk(widget) if isinstance(w, widgets.HTML) and "<style>" in w.value]
    assert len(styles) == 1
    assert "mlc-exercise" in widget._dom_classes


def test_css_is_scoped_and_takes_colours_from_the_theme():
    body = re.sub(r"/\*.*?\*/", "", CSS, flags=re.S)
    for block in re.finditer(r"([^{}]+)\{([^}]*)\}", body):
        selectors, declarations = block.group(1), block.group(2)
        for selector in selectors.split(","):
            assert selector.strip().startswith(".mlc-exercise"), selector
        for declaration in declarations.split(";"):
            name, _, value = declaration.partition(":")
            if name.strip() in ("color", "background", "background-color", "border-color"):
                value = value.strip()
                assert value.startswith("var(--jp-") or value in ("inherit", "transparent"), declaration
    assert not re.search(r"(?<![-\w])(black|white|#000\b|#fff\b|#000000|#ffffff)(?![-\w])", body, re.I)


def test_every_control_change_reaches_the_session_immediately(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    revisions = []
    session.subscribe(lambda event: revisions.append((event, session.revision)))
    widget.fields["ra"].value = "2"
    widget.fields["ra"].value = "3"
    assert revisions == [("answer", 1), ("answer", 2)]


def test_all_answer_controls_are_native_focusable_widgets(make_session):
    # Keyboard use rests on native controls: no clickable HTML stands in for an answer control.
    for exercise_id in ALL_IDS:
        widget = build_widget(make_session(exercise_id))
        for html_widget in [w for w in walk(widget) if isinstance(w, widgets.HTML)]:
            assert "onclick" not in html_widget.value.lower()
        assert all(isinstance(c, ANSWER_CONTROLS) for c in controls(widget))


def test_a_restart_restores_every_exercise_of_the_notebook(demo_bank, tmp_path):
    # As in a notebook: each exercise has its own session and journal object over one file.
    from course.exercises.journal import Journal
    from course.exercises.session import ExerciseSession

    path = tmp_path / "notebook.json"
    views = {i: build_widget(ExerciseSession(demo_bank.get(i), Journal(path))) for i in ALL_IDS}
    for exercise_id, widget in views.items():
        widget.session.set_answer(CODE_ANSWERS[exercise_id])
    for exercise_id, widget in views.items():
        again = build_widget(ExerciseSession(demo_bank.get(exercise_id), Journal(path)))
        assert again.session.restored, exercise_id
        assert shown(again) == shown(widget)


@pytest.mark.parametrize("exercise_id", ALL_IDS)
def test_widgets_with_lists_or_options_say_which_keys_operate_them(make_session, exercise_id):
    widget = build_widget(make_session(exercise_id))
    has_lists = bool(controls(widget, LIST_CONTROLS))
    assert visible(widget.keyboard) == has_lists
    if has_lists:
        assert "Space" in text(widget.keyboard.value) and "Tab" in text(widget.keyboard.value)


def test_checking_with_no_answer_is_not_an_attempt(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.check_button.click()
    widget.check_button.click()
    assert session.attempts == 0 and not session.reveal_explanations
    assert session.last_score.status == "unanswered"
    widget.radio.value = "ds"
    widget.check_button.click()
    assert session.attempts == 1 and not session.reveal_explanations
