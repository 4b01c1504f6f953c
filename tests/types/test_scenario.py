"""The scenario type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.records import MIME_TYPE
from course.exercises.scoring import score
from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_scenario_shows_the_profile_and_scores_topology_and_reasons(make_session):
    session = make_session("99.scenario")
    widget = build_widget(session)
    facts = text(widget.body.children[0].value)
    for fact, value in [("People", "six"), ("Products", "one"), ("MLOps maturity", "none yet")]:
        assert f"{fact} {value}" in facts
    assert widget.topology.value is None
    widget.topology.value = "full_stack"
    widget.reasons["one_team"].value = True
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"topology": "full_stack", "reasons": ["one_team"]}
    widget.check_button.click()
    # Topology 1 point; reasons 2 points over 2 right reasons: 1 + 1.
    assert score(session.exercise, session.answer).points == pytest.approx(2.0)
    # The Check of an answer not right yet shows no points (with one explained pick they would pin the key).
    shown = text(widget.feedback.value)
    assert "Topology right" in shown and "1 right reason not selected yet" in shown
    assert "points" not in text(widget.feedback.value).split("Topology right")[0]


def test_scenario_ticking_every_reason_earns_no_reason_points(make_session):
    session = make_session("99.scenario")
    widget = build_widget(session)
    widget.topology.value = "full_stack"
    for box in widget.reasons.values():
        box.value = True
    widget.check_button.click()
    # Reasons: 2 right x 1 - 1 wrong x 2 = 0; the topology keeps its 1 point.
    assert score(session.exercise, session.answer).points == pytest.approx(1.0)
    # Every reason ticked says nothing about which ones count: no reason is judged, the topology is.
    shown = text(widget.feedback.value)
    assert "You ticked every reason" in shown and "Topology right" in shown
    assert "Standardisation first" not in shown
