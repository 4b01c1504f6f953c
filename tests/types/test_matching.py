"""The matching type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.records import MIME_TYPE
from course.exercises.scoring import score
from course.exercises.types.matching import MatchingType
from course.exercises.widgets import build_widget
from course.exercises.widgets.matching import BLANK_LABEL
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_matching_dropdowns_start_blank_and_record_placements(make_session):
    session = make_session("99.match")
    widget = build_widget(session)
    for dropdown in widget.dropdowns.values():
        assert dropdown.options[0] == (BLANK_LABEL, "")
        assert (dropdown.label, dropdown.value) == (BLANK_LABEL, "")
    assert [d.description for d in widget.dropdowns.values()] == [
        "Model prototypes",
        "Serving code",
        "Alerting systems",
    ]
    widget.dropdowns["proto"].value = "ds"
    widget.dropdowns["serving"].value = "mlops"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"proto": "ds", "serving": "mlops"}
    assert "2 of 3 items placed" in record["text/plain"]
    widget.check_button.click()
    # 3 points over 3 items: proto right (1), serving wrong, alerts not placed.
    assert session.last_score.points == pytest.approx(1.0)
    shown = text(widget.feedback.value)
    assert "Running the service is not writing it." in shown
    assert "Not placed yet." in shown
    widget.dropdowns["serving"].value = ""  # back to blank removes the placement
    assert session.answer == {"proto": "ds"}


def test_matching_misconceptions_name_the_misconception_not_the_pick():
    for exercise in load_bank(DEFAULT_DEFINITIONS_DIR):
        if exercise.type != MatchingType.name:
            continue
        for item in exercise.items:
            for placed in item.misconceptions:
                result = score(exercise, {item.id: placed})
                (part,) = [p for p in result.parts if p.label == item.text]
                where = f"{exercise.id} {item.id} -> {placed}"
                assert part.misconception, where
                assert "→" not in part.misconception, where
                assert exercise.category_text(placed).lower() not in part.misconception.lower(), where
