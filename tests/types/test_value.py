"""The value type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

from course.exercises.records import MIME_TYPE
from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_value_fields_record_only_what_was_typed(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    assert [f.description for f in widget.fields.values()] == ["R/A cells", "I cells"]
    assert all("no value yet" in text(s.value) for s in widget.states.values())
    assert [f.value for f in widget.fields.values()] == ["", ""]  # empty, not a misleading 0
    widget.fields["ra"].value = "4"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"ra": 4}
    assert "1 of 2 values" in record["text/plain"]
    assert "recorded: 4" in text(widget.states["ra"].value)
    assert "no value yet" in text(widget.states["i"].value)
    widget.check_button.click()
    assert session.last_score.points == 0
    assert "You counted the A on Docker packaging too" in text(widget.feedback.value)
    widget.fields["ra"].value = " 3 "
    widget.fields["i"].value = "6.0"
    widget.check_button.click()
    assert session.last_score.points == 2
    widget.fields["i"].value = ""  # clearing a field takes its value back out
    assert session.answer == {"ra": 3}


def test_value_widget_tells_how_to_submit_from_code(make_session):
    widget = build_widget(make_session("99.value"))
    hint = text(widget.body.children[-1].value)
    assert 'course.answer("99.value", {"ra": …, "i": …})' in hint
    assert "ex.answer(" in hint and "pandas" in hint


def test_value_answer_error_is_shown_not_raised(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    widget.fields["ra"].value = "3"
    widget.fields["i"].value = "six"  # must not raise into the notebook
    status = text(widget.status.value)
    assert "Not recorded" in status and "must be a number" in status and "99.value" in status
    assert "mlc-status-error" in widget.status._dom_classes
    assert session.answer == {"ra": 3}
    widget.fields["i"].value = "nan"
    assert "finite number" in text(widget.status.value)
    widget.fields["i"].value = "6"
    assert session.answer == {"ra": 3, "i": 6}
    assert "mlc-status-error" not in widget.status._dom_classes
    assert "Answer recorded" in text(widget.status.value)


def test_value_answered_in_code_fills_the_fields(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    session.set_answer({"ra": 3, "i": 6.5})
    assert (widget.fields["ra"].value, widget.fields["i"].value) == ("3", "6.5")
    assert "recorded: 6.5" in text(widget.states["i"].value)
