"""The live view's tally, page and server: counts from saved notebooks, nothing run, nobody named unasked."""

from __future__ import annotations

import dataclasses
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from course.cli import main
from course.exercises.records import MIME_TYPE, AnswerRecord
from course.live.page import render_fragment, render_page
from course.live.server import LiveState, serve
from course.live.tally import CURRENT, FIRST_CHECKED, ClassReader, tally_exercise
from tests.grading_tools import FIXTURES, submission, write


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
    hostile = "<img src=x onerror=alert(1)>"  # a folder name: learners are named by their place
    root = tmp_path / "homes"
    write(root / hostile / "99_demo.ipynb", submission(demo_bank, {"99.single": "mle"}, learner="grace"))
    write(root / "grace" / "99_demo.ipynb", submission(demo_bank, {"99.single": "mle"}, learner="<b>x</b>"))
    reader = ClassReader([root], demo_bank)
    hidden = render_fragment(reader.snapshot())
    assert "grace" not in hidden and "alert" not in hidden
    shown = render_fragment(reader.snapshot(names=True))
    assert "grace" in shown and "<b>x</b>" not in shown and "&lt;b&gt;" not in shown  # never the recorded ids
    assert hostile not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown
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


def test_a_learner_with_two_copies_counts_once_as_the_grader_would_grade(tmp_path, demo_bank):
    root = tmp_path / "homes"
    write(root / "ada" / "99_demo.ipynb", submission(demo_bank, {"99.single": "ds"}, learner="ada", revision=1))
    write(root / "ada" / "99_demo-Copy1.ipynb", submission(demo_bank, {"99.single": "mle"}, learner="ada", revision=5))
    write(
        root / "ada" / "notes" / "99_demo.ipynb", submission(demo_bank, {"99.single": "ds"}, learner="ada", revision=2)
    )
    write(root / "ada" / "notes" / "99_demo_v2.ipynb", submission(demo_bank, {"99.single": "mlops"}, revision=7))
    single = by_id(ClassReader([root], demo_bank).snapshot())["99.single"]
    # the notebook's own name beats JupyterLab's "-CopyN" copy; among those, the highest revision
    assert single.answered == 1 and bars(single)["MLOps Engineer"] == 1


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
        with urllib.request.urlopen(f"{base}?token={state.token}") as response:
            assert "script-src 'self'" in response.headers["Content-Security-Policy"]
            page = response.read().decode()
            assert "Data Scientist" in page and f'data-token="{state.token}"' in page
        with urllib.request.urlopen(f"{base}fragment?token={state.token}") as response:
            assert "Data Scientist" in response.read().decode()
        with urllib.request.urlopen(base + "live.js") as response:
            assert response.headers["Content-Type"].startswith("text/javascript")
            assert "token" in response.read().decode()  # the refresh asks for the fragment with the token
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{base}../etc/passwd?token={state.token}")
        assert missing.value.code == 404


def fetch(url: str, host: str | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as refused:
        return refused.code, refused.read().decode()


def test_the_page_needs_the_token_it_printed(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    state = LiveState(ClassReader([root], demo_bank), interval=5, names=True)
    assert len(state.token) >= 32 and state.token != LiveState(ClassReader([root], demo_bank), interval=5).token
    with serve(state, "127.0.0.1", 0) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        for path in ("", "index.html", "fragment"):
            for query in ("", "?token=", "?token=wrong", f"?token={state.token[:-1]}", f"?token={state.token}x"):
                status, body = fetch(base + path + query)
                assert status == 403 and "ada" not in body and "Data Scientist" not in body, (path, query)
                assert "token" in body
            assert fetch(f"{base}{path}?token={state.token}")[0] == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil"])
def test_a_page_reached_under_another_host_name_is_refused(tmp_path, demo_bank, host):
    """DNS rebinding: a web page whose own host name resolves to 127.0.0.1 sends its name as Host."""
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    state = LiveState(ClassReader([root], demo_bank), interval=5, names=True)
    with serve(state, "127.0.0.1", 0) as server:
        port = server.server_address[1]
        url = f"http://127.0.0.1:{port}/?token={state.token}"
        status, body = fetch(url, host)
        assert status == 403 and "ada" not in body and "Host" in body
        for allowed in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
            assert fetch(url, allowed)[0] == 200, allowed


@pytest.mark.slow
def test_the_command_prints_the_address_with_its_token(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    proc = subprocess.Popen(
        [sys.executable, "-m", "course", "live", str(root), "--port", "0", "--definitions", str(FIXTURES)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        line = proc.stdout.readline()
        address = re.search(r"http://\S+", line).group(0)
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/\?token=[\w-]{32,}", address), line
        assert fetch(address)[0] == 200 and fetch(address.split("?")[0])[0] == 403
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def test_twenty_copies_in_one_home_are_one_voter_whatever_ids_they_record(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ben": {"99.single": "mlops"}})
    write(root / "ada" / "99_demo.ipynb", submission(demo_bank, {"99.single": "ds"}, learner="ada"))
    for n in range(1, 21):
        stuffed = submission(demo_bank, {"99.single": "mle"}, learner=f"voter{n}", revision=9)
        write(root / "ada" / f"99_demo-Copy{n}.ipynb", stuffed)
    snapshot = ClassReader([root], demo_bank).snapshot()
    single = by_id(snapshot)["99.single"]
    assert snapshot.learners == 2 and single.answered == 2
    assert bars(single) == {"Data Scientist": 1, "MLOps Engineer": 1, "ML Engineer": 0}  # the real file counts


def test_solution_notebooks_are_never_votes_wherever_they_are(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}})
    solution_cell = nbformat.v4.new_code_cell("answer = 'mlops'", metadata={"tags": ["solution"]})
    key = submission(demo_bank, {"99.single": "mlops"}, learner="ben", extra_cells=[solution_cell])
    write(root / "ben" / "99_demo.ipynb", key)
    write(root / "cy" / "notes" / "99_demo.ipynb", key)
    snapshot = ClassReader([root], demo_bank).snapshot()
    assert bars(by_id(snapshot)["99.single"]) == {"Data Scientist": 1, "MLOps Engineer": 0, "ML Engineer": 0}
    assert snapshot.solutions_left_out == 2 and snapshot.learners == 1


def test_a_forged_first_check_is_not_counted_as_the_first_vote(tmp_path, demo_bank):
    nb = submission(demo_bank, {"99.single": "ds"}, learner="ada")
    nb.cells[1].outputs[0]["data"][MIME_TYPE].update(
        attempts=1, revision=4, first_checked="mlops", history=["mlops", "ds", "mlops", "ds"]
    )
    write(tmp_path / "homes" / "ada" / "99_demo.ipynb", nb)
    single = by_id(ClassReader([tmp_path / "homes"], demo_bank).snapshot())["99.single"]
    assert bars(single)["Data Scientist"] == 1 and single.basis == CURRENT


def test_a_file_linked_into_another_learners_home_is_no_vote(tmp_path, demo_bank):
    root = class_of(tmp_path, demo_bank, {"ada": {"99.single": "ds"}, "ben": {"99.single": "mle"}})
    os.symlink(root / "ada" / "99_demo.ipynb", root / "ben" / "99_demo-Copy1.ipynb")
    snapshot = ClassReader([root], demo_bank).snapshot()
    assert bars(by_id(snapshot)["99.single"]) == {"Data Scientist": 0, "MLOps Engineer": 0, "ML Engineer": 1}
    assert any("ada" in problem and "ben" in problem for problem in snapshot.problems)


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


def test_an_exercise_with_cases_counts_outcomes_across_cases_and_each_case_apart(tmp_path):
    """The same option is right in one case and wrong in another: a split by option would mislead the room."""
    from course.exercises.definitions import load_bank
    from course.exercises.type_registry import type_of
    from course.exercises.variants import variant_for
    from tests.grading_tools import case_notebook

    bank = load_bank(Path(__file__).parent / "fixtures" / "variants")
    pick = bank.get("97.pick")
    learners = {name: variant_for(pick, name) for name in ("alice", "bob", "fay", "dan")}
    assert len({case.variant for case in learners.values()}) == 3
    root = tmp_path / "homes"
    for name, case in learners.items():
        answer = type_of(case).key_answer(case) if name != "dan" else {"topology": "embedded"}
        write(root / name / "97_cases.ipynb", case_notebook(bank, {"97.pick": answer}, name))
    tally = by_id(ClassReader([root], bank).snapshot())["97.pick"]
    assert tally.kind == "outcome" and tally.answered == 4
    assert bars(tally) == {"right": 3, "partly right": 0, "not right yet": 1}
    counts = {case.name: (case.answered, case.right) for case in tally.cases}
    assert counts == {
        "Ravel, a six-person startup": (2, 1),
        "Harbour, a retailer starting MLOps": (1, 1),
        "Osprey, a group with many products": (1, 1),
    }
    page = render_fragment(ClassReader([root], bank).snapshot())
    assert "Ravel, a six-person startup: 1 right of 2" in page
    assert "each answer against the case it answered" in page
