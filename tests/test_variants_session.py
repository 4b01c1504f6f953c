"""A learner's own case in the kernel: shown, answered, recorded, kept when the learner's id changes."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import course
from course.exercises import api
from course.exercises.definitions import load_bank
from course.exercises.records import MIME_TYPE, RecordError, parse_record
from course.exercises.session import RetiredSession
from course.exercises.type_registry import type_of
from course.exercises.variants import case_order, variant_for
from course.exercises.widgets import build_widget
from tests.widget_tools import button, text

CASES = Path(__file__).parent / "fixtures" / "variants"
BANK = load_bank(CASES)


def own_case(exercise_id: str, learner: str | None):
    return variant_for(BANK.get(exercise_id), learner)


def key_of(case):
    return type_of(case).key_answer(case)


@pytest.fixture
def kernel(monkeypatch, course_home, tmp_path):
    """A fresh kernel over the cases fixture, in a notebook at a path (so it has a journal)."""
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(CASES))
    for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "97_cases.ipynb"))

    def restart() -> None:
        api._sessions.clear()
        api._journals.clear()
        api._chosen_cases.clear()
        sys.modules["course.exercises.notebook_file"]._cache.clear()
        import course.exercises.learner as learner

        learner._kernel_learner = None

    restart()
    yield restart
    restart()


def test_each_learner_sees_answers_and_records_their_own_case(kernel) -> None:
    course.set_learner("alice")
    alice = own_case("97.pick", "alice")
    assert alice.variant == "group"
    handle = course.exercise("97.pick")
    assert handle.definition == alice and "(case: Osprey, a group with many products)" in repr(handle)
    score = course.check("97.pick", key_of(alice))
    assert score.status == "correct" and score.case == "group"
    record = handle.session.bundle()[MIME_TYPE]
    assert record["variant"] == "group" and record["fingerprint"] == alice.fingerprint
    assert record["learner"] == "alice" and record["version"] == 3
    assert "(case: Osprey, a group with many products)" in handle.session.bundle()["text/plain"]
    assert parse_record(record).variant == "group"


def test_the_same_answer_scores_against_the_case_it_is_given_to(kernel) -> None:
    course.set_learner("bob")  # bob's case is the startup: the group's key is wrong for it
    score = course.check("97.pick", {"topology": "embedded"})  # right for the group, not for bob's startup
    assert score.case == "startup" and score.parts[0].correct is False


def test_the_widget_says_which_case_and_why(kernel) -> None:
    course.set_learner("fay")
    widget = build_widget(api.session("97.owner"))
    shown = text(widget.case.value)
    assert "Your case: Osprey, a group with many products" in shown
    assert "One of 3 cases, drawn from your learner id (fay)" in shown
    assert "Working agreement Each product's manager signs off its releases." in shown  # the case's facts
    assert "The product's manager" in str([c.options for c in widget.body.children if hasattr(c, "options")])


def test_without_a_learner_id_the_first_case_shows_with_a_note(kernel) -> None:
    widget = build_widget(api.session("97.pick"))
    assert api.session("97.pick").exercise.variant == "startup"
    assert "You have no learner id yet, so you see the first of 3 cases" in text(widget.case.value)


def test_an_exercise_without_cases_shows_no_case_line(kernel, monkeypatch) -> None:
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(Path(__file__).parent / "fixtures" / "exercises"))
    widget = build_widget(api.session("99.single"))
    assert widget.case.value == "" and widget.case.layout.display == "none"
    assert "variant" in widget.session.record() and widget.session.record()["variant"] is None


def test_a_new_id_gets_its_own_case_and_the_old_answer_stays_as_it_was_until_answered(kernel) -> None:
    course.set_learner("alice")
    alice_case = own_case("97.pick", "alice")
    old = api.session("97.pick")
    widget = build_widget(old)
    course.check("97.pick", key_of(alice_case))
    course.set_learner("fay")  # another id: another case (fay's is the retailer)
    assert old.retired and "Re-run this cell" in text(widget.notice.value)
    assert widget.check_button.disabled
    with pytest.raises(RetiredSession):
        old.set_answer(key_of(alice_case))
    new = api.session("97.pick")
    assert new.exercise.variant == "retailer" and new.answer is None
    record = new.record()  # the answer to alice's case is kept, as it was recorded, until fay answers hers
    assert (record["variant"], record["fingerprint"], record["learner"]) == ("group", alice_case.fingerprint, "alice")
    assert record["attempts"] == 1 and record["first_checked"] is not None
    assert "another case of this exercise (Osprey, a group with many products)" in new.warning
    assert "recorded under the learner id alice" in new.warning
    assert course.check("97.pick").status == "unanswered"  # nothing of fay's case to check yet
    fay_case = own_case("97.pick", "fay")
    course.answer("97.pick", key_of(fay_case))
    record = new.record()
    assert (record["variant"], record["fingerprint"], record["learner"]) == ("retailer", fay_case.fingerprint, "fay")
    assert (record["attempts"], record["first_checked"], record["history"]) == (0, None, [])
    assert record["revision"] == 2  # revisions only grow
    assert new.check().status == "correct"


def test_after_a_restart_the_answer_to_another_case_comes_back_kept_not_shown(kernel, tmp_path) -> None:
    course.set_learner("alice")
    course.check("97.pick", key_of(own_case("97.pick", "alice")))
    kernel()  # restart: the journal holds alice's answer
    course.set_learner("fay")
    session = api.session("97.pick")
    assert session.restored and session.answer is None and session.earlier is not None
    assert session.record()["variant"] == "group"
    widget = build_widget(session)
    assert "restored from this computer's answer journal" in text(widget.status.value)
    assert all(not getattr(c, "value", None) for c in widget.body.children if hasattr(c, "options"))


def test_a_case_asked_for_in_code_is_shown_in_this_kernel(kernel) -> None:
    course.set_learner("alice")
    course.answer("97.pick", key_of(BANK.get("97.pick")), case="startup")
    handle = course.exercise("97.pick")  # the case asked for stays shown
    assert handle.definition.variant == "startup" and handle.check().status == "correct"
    assert "Shown because a cell asked for this case" in text(build_widget(handle.session).case.value)
    with pytest.raises(KeyError, match="its cases: startup, retailer, group"):
        course.exercise("97.pick", case="bank")


def test_records_of_every_version_are_read_and_a_bad_case_field_is_refused() -> None:
    exercise = own_case("97.pick", "alice")
    base = {
        "format": "mlops-course-answer",
        "exercise": "97.pick",
        "fingerprint": exercise.fingerprint,
        "type": "scenario",
        "answer": None,
        "attempts": 0,
        "revision": 0,
    }
    assert parse_record({**base, "version": 2, "variant": "group"}).variant is None  # not a field of version 2
    assert parse_record({**base, "version": 3, "variant": "group"}).variant == "group"
    assert parse_record({**base, "version": 3, "variant": None}).variant is None
    for bad in (3, "", "x" * 200, ["group"]):
        with pytest.raises(RecordError, match="'variant'"):
            parse_record({**base, "version": 3, "variant": bad})


def test_a_recorded_answer_without_a_check_button_press(kernel) -> None:
    course.set_learner("carol")
    widget = build_widget(api.session("97.tell"))
    assert "Osprey" in text(widget.case.value)  # carol's company in the group
    button(widget, "Check").click()
    assert "Nothing to check yet" in text(widget.status.value)


# --- another case, for practice ------------------------------------------------------------------------------


def test_try_another_case_is_offered_once_the_learners_case_is_right(kernel) -> None:
    course.set_learner("alice")
    session = api.session("97.pick")
    widget = build_widget(session)
    assert widget.another_button.layout.display == "none" and not session.can_try_another
    with pytest.raises(ValueError, match="once your case is right"):
        session.another_case()
    course.check("97.pick", {"topology": "embedded"})  # half right: still not offered
    assert widget.another_button.layout.display == "none"
    course.check("97.pick", key_of(own_case("97.pick", "alice")))
    assert widget.another_button.layout.display != "none"


def test_another_case_is_answered_beside_the_graded_answer_never_over_it(kernel) -> None:
    course.set_learner("alice")
    own = own_case("97.pick", "alice")
    order = [c.variant for c in case_order(BANK.get("97.pick"), "alice")]
    course.check("97.pick", key_of(own))
    main = api.session("97.pick")
    widget = build_widget(main)
    graded_before = {k: main.record()[k] for k in ("answer", "variant", "fingerprint", "first_checked", "history")}
    button(widget, "Try another case").click()
    practising = main.practising
    assert practising is not None and practising.exercise.variant == order[1]
    (heading, sub) = widget.practice_box.children
    assert "Another case, for practice" in text(heading.value) and sub.session is practising
    assert "Practice case: " in text(sub.case.value) and sub.session.exercise.case_name in text(sub.case.value)
    sub.topology.value = "embedded"  # wrong for the next case: feedback comes, as in any practice
    button(sub, "Check").click()
    assert sub.session.last_score.status != "correct" and text(sub.feedback.value)
    record = main.record()
    assert {k: record[k] for k in graded_before} == graded_before  # the graded answer is untouched
    assert record["practice_cases"] == [
        {
            "variant": order[1],
            "fingerprint": practising.exercise.fingerprint,
            "answer": {"topology": "embedded"},
            "attempts": 1,
        }
    ]
    assert main.bundle()["text/plain"].startswith("Answer recorded for 97.pick (case: Osprey")
    handle = api.ExerciseHandle(practising)
    assert handle.check(key_of(practising.exercise)).status == "correct"
    assert sub.another_button.layout.display != "none"
    button(sub, "Try another case").click()  # the next one, asked of the exercise
    assert main.practising is not None and main.practising.exercise.variant == order[2]
    assert widget.practice_box.children[1].session is main.practising
    assert [c["variant"] for c in main.record()["practice_cases"]] == [order[1]]


def test_every_other_case_comes_round_and_never_the_learners_own(kernel) -> None:
    course.set_learner("alice")
    course.check("97.pick", key_of(own_case("97.pick", "alice")))
    handle = course.exercise("97.pick")
    shown = []
    for _ in range(5):
        practice = handle.another_case()
        shown.append(practice.definition.variant)
        practice.check(key_of(practice.definition))
    own = own_case("97.pick", "alice").variant
    order = [c.variant for c in case_order(BANK.get("97.pick"), "alice")][1:]
    assert own not in shown and shown == [order[0], order[1], order[0], order[1], order[0]]


def test_practised_cases_come_back_after_a_restart(kernel) -> None:
    course.set_learner("alice")
    course.check("97.pick", key_of(own_case("97.pick", "alice")))
    practice = course.exercise("97.pick").another_case()
    practice.answer({"topology": "centralized"})
    case = practice.definition.variant
    kernel()  # restart: the journal keeps the practice case beside the answer
    course.set_learner("alice")
    main = api.session("97.pick")
    assert main.practising is not None and main.practising.exercise.variant == case
    assert main.practising.answer == {"topology": "centralized"} and main.answer is not None
    widget = build_widget(main)
    assert widget.practice_box.children[1].topology.value == "centralized"


def test_an_assessed_exercise_offers_no_other_case(kernel, tmp_path, monkeypatch) -> None:
    assessed = tmp_path / "assessed"
    assessed.mkdir()
    text_ = (
        (CASES / "97_cases.yaml")
        .read_text(encoding="utf-8")
        .replace("title: Cases\n", "title: Cases\nmode: assessed\n")
    )
    (assessed / "97_cases.yaml").write_text(text_, encoding="utf-8")
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(assessed))
    course.set_learner("alice")
    session = api.session("97.pick")
    session.set_answer(key_of(own_case("97.pick", "alice")))
    session.check()
    assert not session.can_try_another
    assert build_widget(session).another_button.layout.display == "none"
    with pytest.raises(ValueError, match="assessed"):
        session.another_case()
