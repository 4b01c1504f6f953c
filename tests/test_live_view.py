"""The live view's tally, page and server: counts from saved notebooks, nothing run, nobody named unasked."""

from __future__ import annotations

import dataclasses
import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course.cli import main
from course.exercises.records import AnswerRecord
from course.live.page import render_fragment, render_page
from course.live.server import LiveState, serve
from course.live.tally import CURRENT, FIRST_CHECKED, ClassReader, tally_exercise
from tests.grading_tools import submission, write


def class_of(tmp_path: Path, bank, answers: dict[str, dict]) -> Path:
    """One folder per learner, each holding the demo notebook with that learner's answers."""
    root = tmp_path / "homes"
    for learner, given in answers.items():
        write(root / learner / "99_demo.ipynb", submission(bank, given, learner=learner))
    return root


def by_id(snapshot):
    return {tally.exercise_id: tally for tally in snapshot.exercises}


def bars(tally) -> dict[str, int]:
    return {bar.label: bar.count for bar in tally.bars}


def test_counts_answers_per_option_and_names_the_top_misconception(tmp_path, demo_bank):
    root = class_of(
        tmp_path,
        demo_bank,
        {
            "ada": {"99.single": "mlops", "99.multi": ["spark", "helm"]},
            "ben": {"99.single": "ds", "99.multi": ["spark"]},
            "chen": {"99.single": "ds"},
            "dev": {"99.value": {"ra": 3, "i": 6}},
        },
    )
    snapshot = ClassReader([root], demo_bank).snapshot()
    tallies = by_id(snapshot)
    assert snapshot.learners == 4 and snapshot.files == 4
    single = tallies["99.single"]
    assert single.answered == 3 and single.checked == 3
    assert bars(single) == {"Data Scientist": 2, "MLOps Engineer": 1, "ML Engineer": 0}
    assert single.top_misconception == ("Builder owns the pipe", 2)
    assert single.basis == CURRENT
    multi = tallies["99.multi"]
    assert multi.kind == "ticked" and multi.answered == 2
    assert bars(multi)["Spark"] == 2 and bars(multi)["Helm"] == 1
    value = tallies["99.value"]
    assert value.kind == "outcome" and bars(value) == {"right": 1, "partly right": 0, "not right yet": 0}
    assert tallies["99.raci"].answered == 0
    assert all(not bar.names for tally in snapshot.exercises for bar in tally.bars)


def test_names_only_when_asked_and_escaped(tmp_path, demo_bank):
    hostile = "<script>alert(1)</script>"
    root = tmp_path / "homes"
    write(root / "x" / "99_demo.ipynb", submission(demo_bank, {"99.single": "mle"}, learner=hostile))
    write(root / "y" / "99_demo.ipynb", submission(demo_bank, {"99.single": "mle"}, learner="grace"))
    reader = ClassReader([root], demo_bank)
    hidden = render_fragment(reader.snapshot())
    assert "grace" not in hidden and "alert" not in hidden
    shown = render_fragment(reader.snapshot(names=True))
    assert "grace" in shown
    assert hostile not in shown and "&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert by_id(reader.snapshot())["99.single"].top_misconception == ("Consulted means owning", 2)


def test_a_refresh_sees_changed_added_and_removed_files(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    reader = ClassReader([root], demo_bank)
    assert bars(by_id(reader.snapshot())["99.single"])["Data Scientist"] == 1
    path = write(
        root / "ada" / "99_demo.ipynb", submission(demo_bank, {"99.single": "mlops"}, learner="ada", revision=2)
    )
    os.utime(path, (1e9 + 10, 1e9 + 10))  # a new stamp even on a coarse clock
    write(root / "ben" / "99_demo.ipynb", submission(demo_bank, {"99.single": "mlops"}, learner="ben"))
    after = by_id(reader.snapshot())["99.single"]
    assert bars(after) == {"Data Scientist": 0, "MLOps Engineer": 2, "ML Engineer": 0}
    (root / "ben" / "99_demo.ipynb").unlink()
    assert by_id(reader.snapshot())["99.single"].answered == 1


def test_a_learner_with_two_copies_counts_once_with_the_newest_revision(tmp_path, demo_bank):
    root = tmp_path / "homes"
    write(root / "ada" / "99_demo.ipynb", submission(demo_bank, {"99.single": "ds"}, learner="ada", revision=1))
    write(root / "ada" / "99_demo-Copy1.ipynb", submission(demo_bank, {"99.single": "mle"}, learner="ada", revision=5))
    single = by_id(ClassReader([root], demo_bank).snapshot())["99.single"]
    assert single.answered == 1 and bars(single)["ML Engineer"] == 1


def test_solution_notebooks_in_a_home_are_not_votes(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    write(
        root / "ada" / "course" / "solutions" / "99_demo.ipynb",
        submission(demo_bank, {"99.single": "mlops"}, revision=9),
    )
    snapshot = ClassReader([root], demo_bank).snapshot()
    assert bars(by_id(snapshot)["99.single"]) == {"Data Scientist": 1, "MLOps Engineer": 0, "ML Engineer": 0}
    assert snapshot.solutions_left_out == 1
    assert "1 solution notebook left out" in render_fragment(snapshot)


def test_a_damaged_file_is_reported_and_the_rest_counted(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    write(root / "ben" / "99_demo.ipynb", '{"cells": [')
    snapshot = ClassReader([root], demo_bank).snapshot()
    assert by_id(snapshot)["99.single"].answered == 1
    assert len(snapshot.problems) == 1 and "ben" in snapshot.problems[0]
    assert "1 file problem" in render_fragment(snapshot)


def test_first_checked_answers_are_counted_when_records_keep_them(demo_bank):
    exercise = demo_bank.get("99.single")

    @dataclasses.dataclass(frozen=True)
    class RecordWithFirstVote(AnswerRecord):
        first_checked: str | None = None

    def record(answer, first):
        return RecordWithFirstVote(
            exercise.id, exercise.fingerprint, exercise.type, answer, attempts=2, revision=3, first_checked=first
        )

    both = tally_exercise(exercise, [("ada", record("mlops", "ds")), ("ben", record("mlops", "mle"))])
    assert both.basis == FIRST_CHECKED
    assert bars(both) == {"Data Scientist": 1, "MLOps Engineer": 0, "ML Engineer": 1}
    mixed = tally_exercise(exercise, [("ada", record("mlops", "ds")), ("ben", record("mlops", None))])
    assert mixed.basis == "mixed" and bars(mixed)["MLOps Engineer"] == 1
    assert "first checked answer where the record keeps one" in render_fragment_for(mixed)


def render_fragment_for(tally) -> str:
    from course.live.tally import Snapshot

    return render_fragment(Snapshot((tally,), 2, 2, (), 0.01, 0.0))


def test_answers_to_another_version_of_a_question_are_left_out(tmp_path, demo_bank):
    exercise = demo_bank.get("99.single")
    old = AnswerRecord(exercise.id, "0123456789ab", exercise.type, "ds", attempts=1, revision=1)
    assert tally_exercise(exercise, [("ada", old)]).answered == 0


def test_page_and_server(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    state = LiveState(ClassReader([root], demo_bank), interval=0.2)
    page = render_page(state.refresh(), interval=0.2)
    assert "prefers-color-scheme: dark" in page and '<script src="live.js"' in page
    with serve(state, "127.0.0.1", 0) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        with urllib.request.urlopen(base) as response:
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
            assert "Data Scientist" in response.read().decode()
        with urllib.request.urlopen(base + "live.js") as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "../etc/passwd")
        assert missing.value.code == 404


def test_the_view_keeps_the_last_tally_when_reading_fails(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    state = LiveState(ClassReader([root / "ada"], demo_bank), interval=1)
    state.refresh()
    (root / "ada" / "99_demo.ipynb").unlink()
    (root / "ada").rmdir()
    state.refresh()
    assert state.error.startswith("reading failed")
    assert by_id(state.snapshot)["99.single"].answered == 1
    assert "reading failed" in state.fragment()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["live", "no-such-folder"], "no such file or folder"),
        (["live", ".", "--interval", "0"], "--interval"),
        (["live", ".", "--notebook", "42"], "no exercises in notebook 42"),
    ],
)
def test_usage_errors(args, message, capsys):
    try:
        status = main(args)
    except SystemExit as exited:  # a value argparse refuses ends there, with the same status
        status = exited.code
    assert status == 2
    assert message in capsys.readouterr().err


def test_an_assessed_exercise_shows_how_many_answered_and_nothing_of_what(tmp_path, demo_bank):
    """The projector page is seen by the class: during an assessment it must not show how answers split,
    which are right, or the misconceptions they show (the key would reach the room)."""
    answers = {
        "ada": {"99.single": "mlops", "99.value": {"ra": 3, "i": 6}},
        "ben": {"99.single": "ds", "99.value": {"ra": 2, "i": 6}},
    }
    root = class_of(tmp_path, demo_bank, answers)
    assessed = {e.id: dataclasses.replace(e, mode="assessed") for e in demo_bank}
    bank = type(demo_bank)(list(assessed.values()))
    tallies = by_id(ClassReader([root], bank).snapshot(names=True))
    for exercise_id in ("99.single", "99.value"):
        tally = tallies[exercise_id]
        assert tally.answered == 2 and tally.kind == "assessed"
        assert tally.bars == () and tally.top_misconception is None
    shown = render_fragment(ClassReader([root], bank).snapshot(names=True))
    for giveaway in ("Data Scientist", "MLOps Engineer", "right", "misconception", "ada", "ben"):
        assert giveaway not in shown, giveaway
    assert "Assessed" in shown and "2</strong> answered" in shown
