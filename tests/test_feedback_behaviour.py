"""How feedback behaves, beyond its wording: what a learner sees after Check must
teach (name real misconceptions, list what matters, show readable points), and
must never judge what is not judged (an empty check, an unscored reflection)."""

from __future__ import annotations

import re

import pytest

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.journal import Journal
from course.exercises.scoring import score
from course.exercises.session import ExerciseSession
from course.exercises.widgets import build_widget
from course.raci.rules import RULE_TEXT
from tests.widget_tools import text

SHIPPED = load_bank(DEFAULT_DEFINITIONS_DIR)


def shipped_widget(exercise_id: str, tmp_path):
    session = ExerciseSession(SHIPPED.get(exercise_id), Journal(tmp_path / "j.json"))
    return session, build_widget(session)


def first_row_only(exercise_id: str) -> dict[str, dict[str, str]]:
    """One row of the key filled in, the other rows untouched."""
    exercise = SHIPPED.get(exercise_id)
    activity = exercise.activities[0]
    return {
        activity: {
            r: str(exercise.key.cell(activity, r))
            for r in exercise.roles
            if (activity, r) not in exercise.given and str(exercise.key.cell(activity, r))
        }
    }


def test_untouched_raci_rows_are_not_called_a_misconception():
    exercise = SHIPPED.get("04.rebuild")  # its early rows come with given cells
    result = score(exercise, first_row_only("04.rebuild"))
    assert result.misconceptions == ()
    assert not any(p.misconception for p in result.parts)


def test_a_wrong_filled_raci_row_still_names_its_misconception():
    exercise = SHIPPED.get("04.rebuild")
    activity = exercise.activities[-1]
    answer = {activity: {r: "R" for r in exercise.roles}}
    result = score(exercise, answer)
    part = next(p for p in result.parts if p.label == activity)
    assert part.misconception == "Nobody accountable (no A)"


def test_the_first_grid_check_lists_what_matters_not_every_empty_row(tmp_path):
    session, widget = shipped_widget("04.raci-startup", tmp_path)
    session.set_answer(first_row_only("04.raci-startup"))
    widget.check_button.click()
    items = re.findall(r"<li.*?</li>", widget.feedback.value, flags=re.S)
    empty = [i for i in items if "empty" in text(i) or "not filled" in text(i)]
    assert len(empty) == 1, [text(i) for i in items]
    assert all(a in text(empty[0]) for a in SHIPPED.get("04.raci-startup").activities[1:])
    assert len(items) <= 1 + 1 + len(SHIPPED.get("04.raci-startup").rules)


def test_rule_lines_say_the_rule_once():
    exercise = SHIPPED.get("04.raci-startup")
    result = score(exercise, first_row_only("04.raci-startup"))
    rules = [p for p in result.parts if p.label.startswith("Rule")]
    assert len(rules) == len(exercise.rules)
    for part in rules:
        said = " ".join((part.label, part.feedback, part.explanation)).lower()
        rule_text = next(t.lower() for t in RULE_TEXT.values() if t.lower() in said)
        assert said.count(rule_text) == 1, said


def test_partial_points_are_shown_rounded(tmp_path):
    session, widget = shipped_widget("04.raci-startup", tmp_path)
    session.set_answer(first_row_only("04.raci-startup"))
    widget.check_button.click()
    shown = text(widget.feedback.value)
    assert not re.search(r"\d\.\d\d", shown), shown
    assert re.search(r"\d(\.\d)? of 8 points", shown)


def test_the_unscored_reflection_is_never_marked_right_or_wrong(make_session):
    session = make_session("99.reflect")
    widget = build_widget(session)
    for answer in ("too short", "Roles overlap more than I expected in this course."):
        widget.text.value = answer
        widget.check_button.click()
        shown = text(widget.feedback.value)
        assert "✘" not in shown and "✔" not in shown, shown
        assert "not right" not in shown and "right:" not in shown, shown


def test_checking_without_an_answer_is_not_called_an_attempt(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.check_button.click()
    status = text(widget.status.value)
    assert "attempt 0" not in status
    assert "answer" in status.lower()


def test_a_word_in_a_number_field_names_the_field_as_shown():
    exercise = SHIPPED.get("02.shared-tools")
    field = exercise.fields[0]
    with pytest.raises(AnswerError) as caught:
        normalise(exercise, {field.id: "two"})
    message = str(caught.value)
    assert field.label in message and "'two'" in message
    assert repr(field.id) not in message


def _practice_widget(exercise_id: str, tmp_path):
    """A shipped exercise in practice mode (whatever its notebook's mode), as a learner checks it."""
    from dataclasses import replace

    session = ExerciseSession(replace(SHIPPED.get(exercise_id), mode="practice"), Journal(tmp_path / "j.json"))
    return session, build_widget(session)


def test_a_first_wrong_raci_check_does_not_name_the_accountable_role(tmp_path):
    session, widget = _practice_widget("06.raci", tmp_path)
    activity = "Release a new fraud model version"  # the key: ML Engineer R/A
    session.set_answer({activity: {"MLOps Engineer": "R/A"}})
    widget.check_button.click()
    assert session.attempts == 1 and not session.reveal_explanations
    shown = text(widget.feedback.value)
    assert "Accountability given to MLOps Engineer" in shown
    assert "instead of ML Engineer" not in shown
    part = next(p for p in session.last_score.parts if p.label == activity)
    assert "ML Engineer" not in (part.misconception or "").replace("MLOps Engineer", "")


def test_a_right_reason_on_the_topology_does_not_name_the_right_topology(tmp_path):
    session, widget = _practice_widget("06.topology", tmp_path)
    session.set_answer({"topology": "centralized", "reasons": ["many-products"]})
    widget.check_button.click()
    assert session.attempts == 1 and not session.reveal_explanations
    shown = text(widget.feedback.value)
    assert "embedded" not in shown.lower()
