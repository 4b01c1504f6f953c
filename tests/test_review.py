"""The spaced review: what comes back, when, as which case, recorded where, and rebuilt from what.

Time is a clock the tests move (`clock=`): nothing sleeps. Answers are given through the same
sessions a kernel uses, with the journal of a notebook path, as JupyterLab gives one.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fsrs import Rating

import course
from course.exercises.definitions import bank, load_bank
from course.exercises.journal import Journal, journal_dir
from course.exercises.records import MIME_TYPE, bundle, make_record
from course.exercises.results import Score
from course.exercises.session import ExerciseSession
from course.exercises.status import Status
from course.paths import REVIEW_NOTEBOOK
from course.spaced_review import cases
from course.spaced_review.cases import BASE_CASE, review_case
from course.spaced_review.evidence import FirstCheck, miss_of, rating_for, reviewable
from course.spaced_review.nudge import day_words, learner_nudge, nudge_line
from course.spaced_review.review_records import MIME_TYPE as REVIEW_MIME
from course.spaced_review.review_records import ReviewRecordError, extract_review_records, parse_review_record
from course.spaced_review.schedule import read_schedule, schedule_path
from course.spaced_review.today import DAILY_LIMIT, build_review

NOTEBOOK_04 = "exercises/04_raci_model.ipynb"
START = datetime.now(UTC)
"""Day 0: the first checks happen now (the journal's time), and the clock moves on from here."""


def clock(days: float = 0):
    return lambda: START + timedelta(days=days)


def answer_in_notebook(exercise_id: str, *answers: object, journal: Journal | None = None) -> ExerciseSession:
    """Check each answer in turn in notebook 04's kernel session (its journal), as the widget would."""
    journal = journal or Journal.for_notebook(NOTEBOOK_04)
    session = ExerciseSession(bank().get(exercise_id), journal)
    for answer in answers:
        session.set_answer(answer)
        session.check()
    return session


def miss_two_in_04() -> None:
    answer_in_notebook("04.letters", "a-fixes", "r-fixes")  # wrong at the first check, then right
    answer_in_notebook("04.c-or-i", "tell-both")  # wrong
    answer_in_notebook("04.access", *[answer_of("04.access")])  # right at once: not a miss


def answer_of(exercise_id: str) -> object:
    from course.exercises.type_registry import type_of

    exercise = bank().get(exercise_id)
    return type_of(exercise).key_answer(exercise)


def review(days: float = 0):
    return course.review(clock=clock(days))


# --- the scenario ------------------------------------------------------------------------------------


def test_two_items_missed_in_04_come_back_after_the_interval_get_feedback_and_are_rescheduled():
    miss_two_in_04()
    today = review(0)
    assert today.items == [] and today.due == 0
    assert [item.exercise_id for item in today.today.upcoming] == ["04.c-or-i", "04.letters"]
    assert today.today.next_days() == [((START + timedelta(days=1)).astimezone().date(), 2)]
    assert "Next: 2 items tomorrow." in today.summary()

    later = review(1)
    assert sorted(item.exercise_id for item in later.items) == ["04.c-or-i", "04.letters"]
    letters = later.item("04.letters")
    assert letters.reason == "wrong at the first check" and letters.days == 1 and letters.number == 1
    assert letters.case.case == BASE_CASE and not letters.case.fresh  # one case: the same question, a day later

    feedback = later.check("04.letters", "shared")
    assert isinstance(feedback, Score) and feedback.status == Status.INCORRECT
    assert "exactly one A" in " ".join(p.feedback for p in feedback.parts)  # the exercise's own feedback
    right = later.check("04.c-or-i", "ask-then-tell")
    assert right.status == Status.CORRECT
    assert letters.entry is not None and letters.entry.status == "incorrect"
    assert later.item("04.c-or-i").next_due > letters.next_due  # recalled: a longer gap than forgotten

    again = review(1)  # the same day: nothing comes back on the day its feedback was seen
    assert again.items == [] and len(again.today.done_today) == 2
    assert "Done today: 2 items, 1 right at the first try." in again.summary()
    assert [item.exercise_id for item in review(2).items] == ["04.letters"]
    schedule = read_schedule(None)
    assert schedule.items["04.letters"].reviews == 1 and schedule.items["04.letters"].seen == [BASE_CASE, BASE_CASE]
    assert [(e.exercise_id, e.status, e.days) for e in schedule.log] == [
        ("04.letters", "incorrect", 1),
        ("04.c-or-i", "correct", 1),
    ]


def test_only_the_first_check_of_a_review_item_is_the_review():
    miss_two_in_04()
    later = review(1)
    later.check("04.c-or-i", "ask-both")
    first = later.item("04.c-or-i").entry
    later.check("04.c-or-i", "ask-then-tell")
    assert later.item("04.c-or-i").entry is first and first.status == "incorrect"
    assert len(read_schedule(None).log) == 1
    record = later.item("04.c-or-i").record()
    assert record["first_try"] == "ask-both" and record["review"] == 1 and record["days"] == 1


def test_a_review_never_touches_the_journal_or_a_graded_record():
    miss_two_in_04()
    journal_files = sorted(journal_dir().glob("*.json"))
    before = {path: path.read_bytes() for path in journal_files}
    later = review(1)
    later.check("04.letters", "r-fixes")
    later.check("04.c-or-i", "ask-then-tell")
    assert {path: path.read_bytes() for path in journal_files} == before
    bundle_ = later.item("04.letters").bundle()
    assert MIME_TYPE not in bundle_ and REVIEW_MIME in bundle_
    restored = ExerciseSession(bank().get("04.letters"), Journal.for_notebook(NOTEBOOK_04))
    assert restored.first_checked == "a-fixes" and restored.answer == "r-fixes" and restored.attempts == 2


def test_the_review_shows_a_fresh_case_where_the_exercise_has_several():
    """With per-learner cases, a review shows a case the learner has not answered, never the one seen last."""
    from course.exercises.type_registry import type_of

    cases_bank = load_bank(Path(__file__).parent / "fixtures" / "variants")
    base = cases_bank.get("97.pick")
    own = cases_bank.variant_for("97.pick", "ada")
    session = ExerciseSession(own, Journal.for_notebook("exercises/97_cases.ipynb"), base=base)
    session.set_answer(type_of(own).wrong_answers(own)[0].answer)
    assert session.check().status != Status.CORRECT
    assert build_review(cases_bank, "ada", clock(0), []).entered == ["97.pick"]
    assert read_schedule("ada").items["97.pick"].seen == [own.variant]  # the case answered, from its fingerprint

    first = build_review(cases_bank, "ada", clock(1), []).item("97.pick")
    assert first.case.fresh and first.case.case != own.variant
    assert first.session.exercise.case_name and first.session.case_chosen == "Chosen for this review"
    first.check(type_of(first.case.exercise).key_answer(first.case.exercise))
    assert first.record()["case"] == first.case.case
    assert first.record()["fingerprint"] == first.case.exercise.fingerprint  # the grader scores the case shown
    due_day = read_schedule("ada").items["97.pick"].due_day
    second = build_review(cases_bank, "ada", clock((due_day - START.astimezone().date()).days), []).item("97.pick")
    assert second.case.fresh and second.case.case not in (own.variant, first.case.case)
    everything = [own.variant, first.case.case, second.case.case]
    again = review_case(base, "ada", everything)
    assert not again.fresh and again.case == own.variant  # all seen: the one seen longest ago
    assert review_case(base, "ada", everything) == again  # a re-run shows the same
    single = bank().get("04.letters")
    assert review_case(single, "ada", [BASE_CASE]) == cases.ReviewCase(single, BASE_CASE, False)


def test_a_case_practised_with_try_another_case_is_not_shown_as_a_fresh_review():
    """A case tried with "Try another case" had its feedback seen: the review shows one the learner has not met."""
    from course.exercises.type_registry import type_of

    cases_bank = load_bank(Path(__file__).parent / "fixtures" / "variants")
    base = cases_bank.get("97.pick")
    own = cases_bank.variant_for("97.pick", "ada")
    session = ExerciseSession(own, Journal.for_notebook("exercises/97_cases.ipynb"), base=base)
    session.set_answer(type_of(own).wrong_answers(own)[0].answer)
    session.check()  # a miss
    session.set_answer(type_of(own).key_answer(own))
    assert session.check().status == Status.CORRECT
    practice = session.another_case()
    practice.set_answer(type_of(practice.exercise).key_answer(practice.exercise))
    practice.check()
    practised = practice.exercise.variant
    assert practised != own.variant and len(cases_bank.variants("97.pick")) == 3

    build_review(cases_bank, "ada", clock(0), [])
    assert read_schedule("ada").items["97.pick"].seen == [own.variant, practised]
    item = build_review(cases_bank, "ada", clock(1), []).item("97.pick")
    assert item.case.fresh and item.case.case not in (own.variant, practised)


def test_assessed_items_and_reflections_never_come_back():
    capstone = [e for e in bank() if e.assessed]
    assert capstone and not any(reviewable(e) for e in capstone)
    reflections = [e for e in bank() if not e.graded]
    assert reflections and not any(reviewable(e) for e in reflections)
    assert miss_of(bank(), FirstCheck(capstone[0].id, capstone[0].fingerprint, "anything", 1)) is None


@pytest.mark.parametrize(
    ("status", "checks", "expected"),
    [
        (Status.INCORRECT, 1, (Rating.Again, "wrong at the first check")),
        (Status.INCORRECT, 4, (Rating.Again, "wrong at the first check")),
        (Status.PARTIAL, 1, (Rating.Hard, "partly right at the first check")),
        (Status.PARTIAL, 3, (Rating.Again, "partly right at the first check, right only after 3 checks")),
        (Status.CORRECT, 2, (Rating.Hard, "right at the first check, then changed and checked again")),
        (Status.CORRECT, 1, None),
        (Status.UNANSWERED, 1, None),
    ],
)
def test_what_a_first_check_says(status, checks, expected):
    assert rating_for(Score("x", 0, 1, status, ""), checks) == expected


# --- where the schedule lives, and what survives ----------------------------------------------------------------


def saved_notebook(folder: Path, learner: str | None = None, mtime: datetime | None = None) -> Path:
    """Notebook 04 as JupyterLab saves it after the two misses (records in its outputs)."""
    outputs = []
    for exercise_id, first, final, attempts in (
        ("04.letters", "a-fixes", "r-fixes", 2),
        ("04.c-or-i", "tell-both", "tell-both", 1),
    ):
        exercise = bank().get(exercise_id)
        history = [first] if first == final else [first, final]
        record = make_record(
            exercise, final, attempts=attempts, revision=attempts, learner=learner, first_checked=first, history=history
        )
        outputs.append({"output_type": "display_data", "metadata": {}, "data": bundle(exercise, record)})
    cell = {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "", "outputs": outputs}
    path = folder / "04_raci_model.ipynb"
    path.write_text(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}), encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime.timestamp(), mtime.timestamp()))
    return path


def test_the_schedule_lives_in_the_course_home_beside_the_journal(course_home):
    miss_two_in_04()
    review(0)
    assert schedule_path(None) == course_home / "review" / "anonymous.json"
    assert (course_home / "journal").is_dir() and schedule_path(None).is_file()
    course.set_learner("ada")
    assert schedule_path("ada") == course_home / "review" / "ada.json"
    assert schedule_path("con") == course_home / "review" / "_con.json"  # Windows refuses a file named CON
    assert schedule_path("Nul.x") == course_home / "review" / "_Nul.x.json"


def test_a_lost_schedule_and_journal_are_rebuilt_from_the_saved_notebooks(tmp_path, course_home):
    saved = saved_notebook(tmp_path, mtime=START - timedelta(days=3))
    today = build_review(bank(), None, clock(0), [saved], journals=False)
    assert today.entered == ["04.letters", "04.c-or-i"]  # entered when the file was saved, so already due
    assert sorted(item.exercise_id for item in today.items) == ["04.c-or-i", "04.letters"]
    assert all(item.days == 3 for item in today.items)


def test_records_of_another_learner_are_not_this_learners_evidence(tmp_path):
    saved = saved_notebook(tmp_path, learner="bob")
    assert build_review(bank(), "ada", clock(0), [saved], journals=False).entered == []
    assert build_review(bank(), "bob", clock(0), [saved], journals=False).entered == ["04.letters", "04.c-or-i"]


def test_a_damaged_schedule_is_set_aside_and_rebuilt(tmp_path):
    saved = saved_notebook(tmp_path, mtime=START - timedelta(days=2))
    path = schedule_path(None)
    path.parent.mkdir(parents=True)
    path.write_text("{not json", encoding="utf-8")
    today = build_review(bank(), None, clock(0), [saved], journals=False)
    assert "damaged and has been set aside" in (today.warning or "")
    assert len(today.items) == 2
    assert list(path.parent.glob("anonymous.corrupt-*.json"))
    assert read_schedule(None).warning is None


def test_an_item_already_scheduled_keeps_its_history_whatever_the_evidence_says(tmp_path):
    miss_two_in_04()
    later = review(1)
    later.check("04.c-or-i", "ask-then-tell")
    saved = saved_notebook(tmp_path)
    rebuilt = build_review(bank(), None, clock(1), [saved])
    assert "04.c-or-i" not in [item.exercise_id for item in rebuilt.items]
    assert read_schedule(None).items["04.c-or-i"].reviews == 1


def test_a_schedule_that_cannot_be_locked_still_gives_a_review_and_says_so(monkeypatch):
    from filelock import FileLock

    from course.exercises import journal
    from course.spaced_review.schedule import schedule_dir

    miss_two_in_04()
    review(0)
    monkeypatch.setattr(journal, "LOCK_TIMEOUT", 0.05)
    with FileLock(schedule_dir() / journal.LOCK_NAME):
        held = build_review(bank(), None, clock(1), [])
    assert "could not be locked" in (held.warning or "")
    assert len(held.items) == 2  # read, shown, not saved


def test_a_long_backlog_is_cut_to_a_short_review(monkeypatch):
    from course.spaced_review import today as today_module

    miss_two_in_04()
    monkeypatch.setattr(today_module, "DAILY_LIMIT", 1)
    later = review(1)
    assert len(later.items) == 1 and later.today.waiting == 1 and later.due == 2
    assert DAILY_LIMIT == 10


# --- what the learner is told ---------------------------------------------------------------------------------


def test_the_nudge_says_what_is_due_and_when_the_next_items_are():
    assert learner_nudge(clock(0), []) is None  # nothing ever scheduled: no line
    miss_two_in_04()
    assert learner_nudge(clock(0), []) == "Review: nothing due today; next, 2 items tomorrow."
    line = learner_nudge(clock(1), [])
    assert line == f"Review: 2 items due today (course.review() in any notebook, or {REVIEW_NOTEBOOK.as_posix()})."
    day = START.astimezone().date()
    assert day_words(day, day) == "today"
    assert day_words(day + timedelta(days=1), day) == "tomorrow"
    assert day_words(datetime(2025, 12, 12).date(), datetime(2025, 12, 1).date()) == "Fri 12 Dec"
    assert nudge_line(read_schedule(None), day + timedelta(days=5)).startswith("Review: 2 items due today")


def test_the_progress_table_carries_the_nudge():
    miss_two_in_04()
    widget = course.progress()
    assert "Review: nothing due today; next, 2 items tomorrow." in widget.note.value


def test_check_prints_the_nudge_after_the_table(tmp_path, capsys):
    from course.cli import main

    saved = saved_notebook(tmp_path, mtime=START - timedelta(days=2))
    assert main(["check", str(saved)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("Review: 2 items due today")
    assert out[-2].startswith("Course:")


# --- review records --------------------------------------------------------------------------------------------


def test_review_records_are_read_as_hostile_input():
    miss_two_in_04()
    later = review(1)
    later.check("04.letters", "r-fixes")
    record = later.item("04.letters").record()
    assert parse_review_record(record).first_try == "r-fixes"
    assert parse_review_record(json.dumps(record)).number == 1
    for broken in (
        {**record, "days": -1},
        {**record, "days": True},
        {**record, "exercise": "x" * 200},
        {**record, "format": "x"},
        [],
        "{",
    ):
        with pytest.raises(ReviewRecordError):
            parse_review_record(broken)
    nested: object = "deep"
    for _ in range(20):
        nested = [nested]
    with pytest.raises(ReviewRecordError, match="nested"):
        parse_review_record({**record, "first_try": nested})
    notebook = {
        "cells": [
            {
                "cell_type": "code",
                "outputs": [
                    {"output_type": "display_data", "data": {REVIEW_MIME: r}} for r in (record, {"format": "x"})
                ],
            }
        ]
    }
    found, bad = extract_review_records(notebook)
    assert [r.exercise for r in found] == ["04.letters"] and bad == 1


def test_the_learner_edition_reviews_practice_items_from_sealed_keys(tmp_path):
    """The edition's definitions hold no key: the evidence and the review's checks use the sealed practice key."""
    from course.exercises.definitions import read_definitions_file
    from course.exercises.edition_data import LEARNER_SUFFIX, learner_exercise, learner_file_text
    from course.exercises.practice_key import held_key

    folder = tmp_path / "edition"
    folder.mkdir()
    for path in sorted(Path(course.__file__).parent.joinpath("data", "exercises").glob("0[46]_*.yaml")):
        number, title, exercises = read_definitions_file(path)
        text = learner_file_text(number, title, [learner_exercise(e, "00" * 16) for e in exercises])
        (folder / f"{path.stem}{LEARNER_SUFFIX}").write_text(text, encoding="utf-8")
    edition = load_bank(folder)
    assert not held_key(edition.get("04.letters"))
    journal = Journal.for_notebook(NOTEBOOK_04)
    session = ExerciseSession(edition.get("04.letters"), journal)
    session.set_answer("a-fixes")
    assert session.check().status == Status.INCORRECT
    assert build_review(edition, None, clock(0), []).entered == ["04.letters"]
    later = build_review(edition, None, clock(1), [])
    assert later.check("04.letters", "r-fixes").status == Status.CORRECT
    assessed = [e for e in edition if e.assessed]
    assert assessed and not any(reviewable(e) for e in assessed)


def test_course_review_stays_the_function_once_the_reviews_modules_are_loaded():
    """A package named `course.review` would replace the facade's function at its first import."""
    import importlib

    for name in ("nudge", "notebook", "widget", "retention", "schedule"):
        importlib.import_module(f"course.spaced_review.{name}")
    assert callable(course.review) and course.review.__module__ == "course"


def test_a_review_is_rated_on_what_the_answer_earns_not_on_what_its_check_shows():
    """A practice Check shows a multiple select that is not right yet as no points; the review, like the first
    check that sent the item back, rates it by what it earns: partly right is Hard, not forgotten."""
    exercise = bank().get("04.broken-draft")
    partly = answer_of("04.broken-draft")[:-1]  # two of its three problems, nothing wrong ticked
    answer_in_notebook("04.broken-draft", partly)
    (due,) = [i for i in review(30).items if i.exercise_id == "04.broken-draft"]
    assert due.reason == "partly right at the first check"
    shown = due.check(partly)
    assert shown.points == 0  # the Check shows no points before the answer is right
    assert due.entry is not None and due.entry.status == "partial" and due.entry.rating == int(Rating.Hard)
    assert 0 < due.entry.points < exercise.points


@pytest.mark.parametrize("exercise_id", ["03.bank", "03.retailer", "04.raci-startup"])
def test_a_course_exercise_with_cases_comes_back_as_another_of_its_cases(exercise_id):
    """The course's own cases: a miss on the learner's case comes back as a different case, scored on its key."""
    from course.exercises.type_registry import type_of

    own = bank().variant_for(exercise_id, "ada")
    notebook = f"exercises/{bank().get(exercise_id).notebook}_cases.ipynb"
    session = ExerciseSession(own, Journal.for_notebook(notebook), base=bank().get(exercise_id))
    session.set_answer(type_of(own).wrong_answers(own)[0].answer)
    assert session.check().status != Status.CORRECT
    assert build_review(bank(), "ada", clock(0), []).entered == [exercise_id]
    item = build_review(bank(), "ada", clock(1), []).item(exercise_id)
    assert item.case.fresh and item.case.case != own.variant
    assert item.case.case in [c.variant for c in bank().variants(exercise_id)]
    shown = item.case.exercise
    assert type_of(shown).key_answer(shown) != type_of(own).key_answer(own)  # the case changes the right answer
    assert item.check(type_of(shown).key_answer(shown)).status == Status.CORRECT
    assert item.record()["fingerprint"] == shown.fingerprint


def test_a_review_in_the_learner_edition_checks_another_case_against_its_sealed_key(tmp_path):
    """The learner edition ships each practice case sealed on its own: its review scores the case it shows."""
    from course.exercises.type_registry import type_of
    from tests.test_variants_edition import BANK as FULL
    from tests.test_variants_edition import edition_of

    edition_of("practice", tmp_path)
    sealed = load_bank(tmp_path)
    assert sealed.get("97.pick").practice.entries  # key-free, sealed
    own = sealed.variant_for("97.pick", "ada")
    session = ExerciseSession(own, Journal.for_notebook("exercises/97_cases.ipynb"), base=sealed.get("97.pick"))
    full_own = FULL.variant_named("97.pick", own.variant)
    session.set_answer(type_of(full_own).wrong_answers(full_own)[0].answer)
    assert session.check().status != Status.CORRECT
    assert build_review(sealed, "ada", clock(0), []).entered == ["97.pick"]
    item = build_review(sealed, "ada", clock(1), []).item("97.pick")
    assert item.case.fresh and item.case.case != own.variant
    shown = FULL.variant_named("97.pick", item.case.case)
    assert item.check(type_of(shown).key_answer(shown)).status == Status.CORRECT
    assert item.record()["fingerprint"] == shown.fingerprint
