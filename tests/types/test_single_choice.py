"""The single choice type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

from course.exercises.records import MIME_TYPE
from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_single_choice_starts_unselected_and_records_every_pick(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    assert widget.radio.value is None
    assert [label for label, _ in widget.radio.options] == ["Data Scientist", "MLOps Engineer", "ML Engineer"]
    widget.radio.value = "mle"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == "mle"
    assert record[MIME_TYPE]["revision"] == 1
    assert "choice mle" in record["text/plain"]
    widget.check_button.click()
    assert session.last_score.points == 0
    assert "Consulted means owning" in text(widget.feedback.value)
    widget.radio.value = "mlops"
    widget.check_button.click()
    assert session.last_score.points == 1.0
    assert "✔" in text(widget.feedback.value)
    assert session.bundle()[MIME_TYPE]["attempts"] == 2
