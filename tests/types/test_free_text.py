"""The free text type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_free_text_counts_words_and_is_collected_not_scored(make_session):
    session = make_session("99.reflect")
    widget = build_widget(session)
    assert "collected for your instructor" in text(widget.header.value)
    assert "0 words (aim for at least 5)" in text(widget.word_count.value)
    widget.text.value = "Roles overlap more than expected "
    assert session.answer == "Roles overlap more than expected"
    assert widget.text.value == "Roles overlap more than expected "  # typing is not disturbed
    assert text(widget.word_count.value).startswith("✔ 5 words")
    assert "5 words" in session.bundle()["text/plain"]
    widget.check_button.click()
    assert session.last_score.status == "collected" and session.last_score.points == 0
    assert "recorded for your instructor" in text(widget.feedback.value)


def test_free_text_too_long_keeps_the_first_max_chars_with_a_warning(make_session):
    session = make_session("99.reflect")
    widget = build_widget(session)
    widget.text.value = "short note here"
    limit = session.exercise.max_chars
    pasted = "y" * limit + "TAIL"
    widget.text.value = pasted
    assert session.answer == "y" * limit  # kept, not thrown away
    assert session.bundle()["application/vnd.mlops-course.answer+json"]["answer"] == "y" * limit
    assert f"the first {limit} are recorded" in text(widget.status.value)
    assert widget.text.value == "y" * limit  # the box shows what is recorded


def test_a_wrong_choice_names_its_misconception_as_such(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.radio.value = "ds"
    widget.check_button.click()
    feedback = text(widget.feedback.value)
    assert "Common misconception: “Builder owns the pipe”." in feedback
    assert "The data scientist is only informed about the pipeline." in feedback


def test_the_text_box_is_named_from_its_exercise(make_session, tmp_path):
    """The box's name comes from the definition's `label` (the Team API answer is "Your Team API"), else a
    reflection's; the learner edition keeps it."""
    from dataclasses import replace

    from course.exercises.definitions import load_bank
    from course.exercises.edition_data import learner_exercise
    from course.exercises.session import ExerciseSession

    widget = build_widget(make_session("99.reflect"))
    assert widget.text.description == "Your reflection"
    team_api = load_bank().get("05.write-team-api")
    assert team_api.label == "Your Team API"
    learner = learner_exercise(replace(team_api, mode="practice"), "00" * 16)
    assert learner.label == "Your Team API" and learner.fingerprint == team_api.fingerprint
    session = make_session("99.reflect")
    named = build_widget(ExerciseSession(learner, session.journal))
    assert named.text.description == "Your Team API" and named.text.tooltip == "Your Team API"
