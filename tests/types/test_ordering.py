"""The ordering type: adjacent-pair scoring, what its definition refuses, its feedback and its widget.

Expected points are worked out by hand from the fixture (tests/fixtures/exercises/99_demo.yaml,
`99.order`: key prototype, package, deploy, monitor; 4 points, so 1 per step in place).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from course.datafile import DataFileError
from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import load_bank, load_file
from course.exercises.edition_data import learner_exercise
from course.exercises.scoring import score
from course.exercises.status import Status
from course.exercises.widgets import build_widget
from tests.widget_tools import text

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"
EXERCISE = load_bank(FIXTURES).get("99.order")


@pytest.mark.parametrize(
    ("order", "points"),
    [
        (["prototype", "package", "deploy", "monitor"], 4),  # every step after the right one
        (["deploy", "prototype", "monitor", "package"], 0),  # the order shown keeps no pair
        (["package", "deploy", "monitor", "prototype"], 2),  # deploy after package, monitor after deploy
        (["prototype", "deploy", "package", "monitor"], 1),  # only prototype first
        (["monitor", "deploy", "package", "prototype"], 0),  # reversed: no pair in the right direction
    ],
)
def test_each_step_right_after_the_step_before_it_earns_its_share(order, points):
    assert score(EXERCISE, normalise(EXERCISE, order)).points == points


def test_a_wrong_pair_says_why_the_step_does_not_fit_there_and_not_where_it_goes():
    result = score(EXERCISE, normalise(EXERCISE, ["prototype", "deploy", "package", "monitor"]))
    by_label = {p.label: p for p in result.parts}
    deploy = by_label["2. Deploy the packaged model as a service"]
    assert not deploy.correct and deploy.feedback == EXERCISE.step("deploy").too_early
    assert deploy.misconception == "Deploy the packaged model as a service: too soon"
    package = by_label["3. Package the model with its dependencies"]
    assert not package.correct and package.feedback == EXERCISE.step("package").too_late
    assert by_label["1. Build a prototype model in a notebook"].correct
    assert result.status == Status.PARTIAL


def test_partial_credit_none_scores_only_the_whole_order():
    strict = load_file(_write(_definition(partial_credit="none")))[0]
    assert score(strict, ["prototype", "package", "monitor", "deploy"]).points == 0
    assert score(strict, ["prototype", "package", "deploy", "monitor"]).points == 4


def test_the_practice_check_opens_only_the_pairs_given():
    learner = learner_exercise(EXERCISE, "ab" * 16)
    assert learner.key == () and all(not s.explanation and not s.too_early for s in learner.steps)
    for order in (["prototype", "deploy", "package", "monitor"], ["prototype", "package", "deploy", "monitor"]):
        full, sealed = score(EXERCISE, order), score(learner, order)
        assert (sealed.points, sealed.status) == (full.points, full.status)
        assert [(p.label, p.feedback, p.misconception) for p in sealed.parts] == [
            (p.label, p.feedback, p.misconception) for p in full.parts
        ]


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        ("prototype", "expected a list of the step ids in order"),
        (["prototype", "prototype", "deploy", "monitor"], "each step goes in the order once"),
        (["prototype", "package"], "missing: deploy, monitor"),
        (["prototype", "cook"], "'cook' is not one of the steps"),
    ],
)
def test_an_answer_that_is_not_an_order_of_the_steps_is_refused(answer, problem):
    with pytest.raises(AnswerError, match=problem):
        normalise(EXERCISE, answer)


def test_steps_can_be_given_by_their_text():
    texts = [EXERCISE.step(s).text for s in ("prototype", "package", "deploy", "monitor")]
    assert normalise(EXERCISE, texts) == ["prototype", "package", "deploy", "monitor"]


def _definition(**changes):
    data = yaml.safe_load((FIXTURES / "99_demo.yaml").read_text(encoding="utf-8"))
    (exercise,) = [e for e in data["exercises"] if e["id"] == "99.order"]
    exercise.update(changes)
    return {"notebook": "99", "title": "Demo", "exercises": [exercise]}


def _write(data, path=None):
    path = path or Path(__import__("tempfile").mkdtemp()) / "99_one.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"answer": ["deploy", "prototype", "monitor", "package"]}, "the order shown already has 'deploy' first"),
        ({"answer": ["package", "deploy", "prototype", "monitor"]}, "already has 'prototype' right after 'deploy'"),
        ({"answer": ["prototype", "package", "deploy"]}, "expected every step id once"),
    ],
)
def test_a_definition_whose_order_shown_gives_points_away_is_refused(tmp_path, change, problem):
    with pytest.raises(DataFileError, match=problem):
        load_file(_write(_definition(**change), tmp_path / "99_one.yaml"))


def test_a_step_without_the_feedback_its_misplacement_calls_for_is_refused(tmp_path):
    data = _definition()
    (deploy,) = [s for s in data["exercises"][0]["steps"] if s["id"] == "deploy"]
    del deploy["too_early"]
    with pytest.raises(DataFileError, match=r"steps\[0\]\.too_early"):
        load_file(_write(data, tmp_path / "99_one.yaml"))


def test_too_few_steps_are_refused(tmp_path):
    data = _definition()
    data["exercises"][0]["steps"] = data["exercises"][0]["steps"][:3]
    with pytest.raises(DataFileError, match="expected 4 to 6 steps"):
        load_file(_write(data, tmp_path / "99_one.yaml"))


# --- the widget -----------------------------------------------------------------------------------------------


def test_the_widget_moves_the_selected_step_and_records_each_move(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    assert [value for _, value in widget.steps.options] == ["deploy", "prototype", "monitor", "package"]
    assert session.answer is None
    widget.steps.value = "prototype"
    widget.up_button.click()
    assert session.answer == ["prototype", "deploy", "monitor", "package"]
    assert widget.steps.value == "prototype"  # the selection follows the step, so a second press moves it on
    widget.up_button.click()
    assert "already first" in text(widget.status.value)
    widget.steps.value = "package"
    widget.up_button.click()
    widget.up_button.click()
    assert session.answer == ["prototype", "package", "deploy", "monitor"]
    assert widget.steps.options[0][0] == "1. Build a prototype model in a notebook"
    widget.check_button.click()
    assert session.last_score.points == 4


def test_check_does_not_judge_the_order_shown_when_nothing_was_moved(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    widget.check_button.click()
    assert session.answer == ["deploy", "prototype", "monitor", "package"]
    assert session.last_score.points == 0 and session.attempts == 1
    shown = text(widget.feedback.value)
    assert "in the order they are listed" in shown and "shuffled on purpose" in shown
    assert "too soon" not in shown


def test_the_live_view_counts_which_step_the_class_puts_first(tmp_path, demo_bank):
    from course.live.tally import ClassReader
    from tests.grading_tools import submission, write

    orders = {
        "ada": ["prototype", "package", "deploy", "monitor"],
        "ben": ["deploy", "prototype", "monitor", "package"],
        "chen": ["package", "deploy", "monitor", "prototype"],
        "dev": ["prototype", "deploy", "package", "monitor"],
    }
    for learner, order in orders.items():
        write(tmp_path / learner / "99_demo.ipynb", submission(demo_bank, {"99.order": order}, learner=learner))
    (tally,) = [t for t in ClassReader([tmp_path], demo_bank).snapshot().exercises if t.exercise_id == "99.order"]
    assert tally.kind == "first step" and tally.answered == 4
    counts = {bar.label: bar.count for bar in tally.bars}
    assert counts["Build a prototype model in a notebook"] == 2
    assert counts["Deploy the packaged model as a service"] == 1
    assert counts["Watch the service's predictions and data"] == 0
    assert tally.top_misconception == ("Build a prototype model in a notebook: left too late", 2)  # ben, chen
