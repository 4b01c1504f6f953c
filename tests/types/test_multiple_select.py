"""The multiple select type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.scoring import score
from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_multiple_select_does_not_reward_ticking_everything(make_session):
    session = make_session("99.multi")
    widget = build_widget(session)
    for box in widget.boxes.values():
        box.value = True
    widget.check_button.click()
    # 3 right picks earn 2/3 each, 2 wrong picks cost 2/2 each: 2 - 2 = 0.
    assert score(session.exercise, session.answer).points == 0
    assert session.answer == ["spark", "dbt", "kafka", "helm", "fastapi"]
    # ... and the Check does not mark the ticks either: it says why, and what to do.
    shown = text(widget.feedback.value)
    assert "Not judged part by part" in shown and "You ticked every option" in shown and "3 are right" in shown
    assert "Every infra tool is a data tool" not in shown and "Serving is data work" not in shown
    assert "✔" not in shown.split("Not judged")[1]


@pytest.mark.parametrize(
    ("ticked", "right", "wrong"),
    [(["spark"], 1, 0), (["spark", "dbt"], 2, 0), (["spark", "dbt", "helm"], 2, 1), (["spark", "dbt", "kafka"], 3, 0)],
)
def test_multiple_select_scores_right_minus_wrong(make_session, ticked, right, wrong):
    session = make_session("99.multi")
    widget = build_widget(session)
    for choice_id in ticked:
        widget.boxes[choice_id].value = True
    widget.check_button.click()
    expected = max(0.0, right * 2 / 3 - wrong * 2 / 2)
    assert score(session.exercise, session.answer).points == pytest.approx(expected, abs=1e-3)
    # The Check shows points only once the answer is right.
    assert session.last_score.points == (2 if right == 3 and not wrong else 0)


def test_multiple_select_feedback_keeps_missed_options_secret_until_all_are_right(make_session):
    session = make_session("99.multi")
    widget = build_widget(session)
    widget.boxes["spark"].value = True
    widget.check_button.click()
    first = text(widget.feedback.value)
    assert "2 right options not selected yet" in first
    assert "dbt" not in first and "Kafka" not in first
    widget.check_button.click()  # the same answer again is not an attempt: still hidden
    assert "dbt" not in text(widget.feedback.value)
    widget.boxes["helm"].value = True
    widget.check_button.click()  # a second check of a changed answer: the missed options stay unnamed
    assert "dbt" not in text(widget.feedback.value) and "Kafka" not in text(widget.feedback.value)
    widget.boxes["helm"].value = False
    widget.boxes["dbt"].value = True
    widget.boxes["kafka"].value = True
    widget.check_button.click()
    assert "Kafka streams events." in text(widget.feedback.value)
