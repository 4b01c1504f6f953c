"""The ordering type: adjacent-pair scoring, what its definition refuses, its feedback and its widget.

Expected points are worked out by hand from the fixture (tests/fixtures/exercises/99_demo.yaml,
`99.order`: key prototype, package, deploy, monitor; 4 points, so 1 per step in place).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from course.datafile import DataFileError
from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import load_bank, load_file
from course.exercises.edition_data import learner_exercise
from course.exercises.scoring import score
from course.exercises.status import Status
from course.exercises.widgets import build_widget
from tests.widget_tools import text
from tests.yaml_tools import dump_yaml, load_yaml

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
    data = load_yaml((FIXTURES / "99_demo.yaml").read_text(encoding="utf-8"))
    (exercise,) = [e for e in data["exercises"] if e["id"] == "99.order"]
    exercise.update(changes)
    return {"notebook": "99", "title": "Demo", "exercises": [exercise]}


def _write(data, path=None):
    path = path or Path(__import__("tempfile").mkdtemp()) / "99_one.yaml"
    path.write_text(dump_yaml(data, sort_keys=False), encoding="utf-8")
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


def from_browser(widget, **content):
    """A message as static/ordering.js sends it, delivered as the kernel's comm delivers it."""
    widget.steps._handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})


SHOWN = ["deploy", "prototype", "monitor", "package"]
KEY = ["prototype", "package", "deploy", "monitor"]


def test_each_move_from_the_browser_is_recorded_and_acknowledged(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    assert widget.steps.value == SHOWN and [step_id for step_id, _ in widget.steps.steps] == SHOWN
    assert session.answer is None and widget.steps.moves == 0
    sent = []
    widget.steps._send = lambda msg, buffers=None: sent.append(msg)  # what goes to the browser
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=1)
    assert session.answer == ["prototype", "deploy", "monitor", "package"]
    assert (widget.steps.value, widget.steps.moves) == (["prototype", "deploy", "monitor", "package"], 1)
    # The order and the count reach the browser in one message, never the count with the old order.
    (update,) = [m for m in sent if m.get("method") == "update" and "moves" in m["state"]]
    assert update["state"] == {"moves": 1, "value": ["prototype", "deploy", "monitor", "package"]}
    from_browser(widget, order=["prototype", "package", "deploy", "monitor"], moves=2)
    from_browser(widget, order=KEY, moves=3)
    assert session.answer == KEY and widget.steps.moves == 3
    assert session.revision == 2  # each change of order recorded once
    from_browser(widget, order=KEY, moves=3, check=True)
    assert session.last_score.points == 4 and session.attempts == 1


def test_a_move_that_comes_after_a_newer_one_is_dropped(make_session):
    """The kernel may take a widget's messages out of order: the newest order stays, and Check scores it."""
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=KEY, moves=3)
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=1)  # late
    from_browser(widget, order=["prototype", "package", "deploy", "monitor"], moves=2)  # late
    assert session.answer == KEY and widget.steps.value == KEY and widget.steps.moves == 3
    assert session.revision == 1
    from_browser(widget, order=SHOWN, moves=0, check=True)  # a Check whose moves came first
    assert session.last_score.points == 4 and session.answer == KEY


def test_check_pressed_in_the_browser_takes_the_order_shown_first(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=1)
    from_browser(widget, order=KEY, moves=2, check=True)  # the last move is still on its way
    assert session.answer == KEY and session.last_score.points == 4
    from_browser(widget, order=KEY, moves=2)  # ...and comes after the Check: nothing changes
    assert session.revision == 2 and "has changed since this check" not in text(widget.feedback.value)


def test_check_with_nothing_moved_scores_the_order_shown(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=SHOWN, moves=0, check=True)
    assert session.answer == SHOWN and session.attempts == 1 and session.last_score.points == 0


def test_reset_in_the_browser_clears_and_moves_made_before_it_stay_cleared(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=KEY, moves=1, check=True)
    from_browser(widget, reset=True, moves=3)
    assert session.answer is None and session.last_score is None
    assert (widget.steps.value, widget.steps.moves) == (SHOWN, 3)
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=2)  # made before Reset
    assert session.answer is None and widget.steps.value == SHOWN


def test_a_move_made_after_reset_that_came_first_is_kept(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=KEY, moves=1, check=True)
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=3)  # made after Reset
    from_browser(widget, reset=True, moves=2)
    assert session.last_score is None  # the feedback is cleared...
    assert session.answer == widget.steps.value == ["prototype", "deploy", "monitor", "package"]  # ...the move kept


def test_a_message_waits_while_another_thread_handles_one_of_this_exercise(make_session):
    """ipykernel 7 may hand a widget's messages to its main thread and to a subshell's at once."""
    session = make_session("99.order")
    widget = build_widget(session)
    started = threading.Event()

    def deliver():
        started.set()
        from_browser(widget, order=KEY, moves=1)

    with widget.steps.lock:  # as while a Hint or another message is handled
        other = threading.Thread(target=deliver)
        other.start()
        started.wait(5)
        other.join(0.3)
        assert other.is_alive() and session.answer is None
    other.join(5)
    assert session.answer == KEY


@pytest.mark.parametrize(
    "content",
    [
        {"order": ["prototype", "deploy", "monitor"], "moves": 1},  # a step left out
        {"order": ["prototype", "deploy", "monitor", "cook"], "moves": 1},  # a step that is not there
        {"order": ["prototype", "deploy", "monitor", 4], "moves": 1},
        {"order": "prototype", "moves": 1},
        {"order": ["prototype", "deploy", "monitor", "cook"], "moves": 1, "check": True},
    ],
)
def test_a_message_that_is_not_an_order_of_the_steps_changes_nothing(make_session, content):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, **content)
    assert session.answer is None and session.attempts == 0 and widget.steps.value == SHOWN
    assert widget.steps.moves == 1  # the browser is sent the kernel's order, newer than its own


@pytest.mark.parametrize("content", [{}, {"order": KEY}, {"order": KEY, "moves": "2"}, {"order": KEY, "moves": True}])
def test_a_message_without_a_count_of_moves_is_ignored(make_session, content):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, **content)
    assert session.answer is None and widget.steps.moves == 0


def test_an_answer_in_code_and_the_reset_button_show_in_the_list(make_session):
    session = make_session("99.order")
    widget = build_widget(session)
    from_browser(widget, order=["prototype", "deploy", "monitor", "package"], moves=1)
    session.set_answer(KEY)
    assert widget.steps.value == KEY and widget.steps.moves == 1
    widget.reset_button.click()  # without the list's front end, the buttons work as in every widget
    assert widget.steps.value == SHOWN and session.answer is None


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
