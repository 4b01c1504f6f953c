"""Attempts are evidence: what a Check records (first checked answer, attempts, a bounded
history), when explanations are revealed, and how both survive the journal and the file."""

from __future__ import annotations

from course.exercises.journal import Journal
from course.exercises.records import HISTORY_LIMIT, parse_record
from course.exercises.session import ExerciseSession
from course.exercises.status import Status


def test_checking_an_unchanged_answer_again_is_not_an_attempt(make_session):
    session = make_session("99.single")
    session.set_answer("ds")
    session.check()
    session.check()
    assert session.attempts == 1
    session.set_answer("mlops")
    session.check()
    session.check()
    assert session.attempts == 2


def test_the_first_checked_answer_is_kept_beside_the_final_one(make_session):
    session = make_session("99.single")
    session.set_answer("ds")
    session.set_answer("mle")  # changed before any check: not the first checked answer
    session.check()
    session.set_answer("mlops")
    session.check()
    record = parse_record(session.record())
    assert (record.first_checked, record.answer, record.attempts) == ("mle", "mlops", 2)
    assert record.history == ("mle", "mlops")


def test_a_check_with_no_answer_records_nothing(make_session):
    session = make_session("99.single")
    session.check()
    record = session.record()
    assert (record["attempts"], record["first_checked"], record["history"]) == (0, None, [])


def test_the_history_is_bounded_and_keeps_the_first_checked_answer_apart(make_session):
    session = make_session("99.single")
    for choice in ["ds", "mle", "mlops"] * 3:
        session.set_answer(choice)
        session.check()
    record = session.record()
    assert record["attempts"] == 9
    assert len(record["history"]) == HISTORY_LIMIT
    assert record["history"] == (["ds", "mle", "mlops"] * 3)[-HISTORY_LIMIT:]
    assert record["first_checked"] == "ds"


def test_explanations_are_not_revealed_on_a_first_wrong_check(make_session):
    session = make_session("99.single")
    session.set_answer("ds")
    session.check()
    assert session.last_score.status == Status.INCORRECT
    assert not session.reveal_explanations
    session.check()  # the same answer again: still one attempt, still hidden
    assert not session.reveal_explanations
    session.set_answer("mle")
    session.check()  # a second changed wrong check: still the answer is not named
    assert not session.reveal_explanations
    session.set_answer(session.exercise.key)
    session.check()
    assert session.reveal_explanations


def test_explanations_are_revealed_once_the_answer_is_right(make_session):
    session = make_session("99.single")
    session.set_answer("mlops")
    session.check()
    assert session.reveal_explanations


def test_first_checked_answer_and_history_come_back_from_the_journal(demo_bank, tmp_path):
    path = tmp_path / "j.json"
    session = ExerciseSession(demo_bank.get("99.single"), Journal(path))
    session.set_answer("ds")
    session.check()
    session.set_answer("mlops")
    session.check()
    again = ExerciseSession(demo_bank.get("99.single"), Journal(path))
    assert (again.attempts, again.first_checked, again.history) == (2, "ds", ["ds", "mlops"])
    again.check()  # restored and unchanged: not a new attempt
    assert again.attempts == 2


def test_first_checked_answer_comes_back_from_the_saved_record(demo_bank, tmp_path):
    first = ExerciseSession(demo_bank.get("99.single"), Journal(tmp_path / "a.json"))
    first.set_answer("ds")
    first.check()
    first.set_answer("mlops")
    saved = parse_record(first.record())
    again = ExerciseSession(demo_bank.get("99.single"), Journal(tmp_path / "b.json"), saved)
    assert (again.answer, again.first_checked, again.attempts) == ("mlops", "ds", 1)
    again.check()
    assert again.attempts == 2
