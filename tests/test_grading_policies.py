"""Grading policies: a learner answers wrongly, checks, answers rightly, checks; the saved
notebook (made by a real kernel through the session and its record) graded by the real
`mlops-course grade` gives 0 under `first`, full marks under `final`, three quarters under
`penalty:0.25`. Old (version 1) records still grade; bad policies are usage errors."""

from __future__ import annotations

import json

import nbclient
import nbformat
import pytest

from course.cli import main
from course.exercises.definitions import load_bank
from course.exercises.policy import Policy, PolicyError, configured_policy, parse_policy
from course.exercises.progress import Evidence, summarise
from course.exercises.records import FORMAT_VERSION, MIME_TYPE
from course.text import format_points
from tests.grading_tools import FIXTURES, read_csv, run_grade, submission, write

CELLS = [
    "import course",
    'course.exercise("99.single")',
    'course.check("99.single", "ds")',
    'course.check("99.single", "ds")',  # unchanged: not a second attempt
    'course.check("99.single", "mlops")',
    'course.exercise("99.multi")',
    'course.check("99.multi", ["spark", "dbt", "kafka"])',
]


@pytest.fixture(scope="module")
def saved_notebook(tmp_path_factory):
    """A notebook answered by a real kernel: wrong, checked, right, checked (99.single); right first time (99.multi)."""
    folder = tmp_path_factory.mktemp("run")
    mp = pytest.MonkeyPatch()
    mp.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    mp.setenv("MLOPS_COURSE_HOME", str(folder / "home"))
    for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "JPY_SESSION_NAME"):
        mp.delenv(name, raising=False)
    try:
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
        nbclient.NotebookClient(
            nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
        ).execute()
    finally:
        mp.undo()
    path = folder / "subs" / "ada" / "99_demo.ipynb"
    write(path, nb)
    return path


def _records(path):
    saved = json.loads(path.read_text(encoding="utf-8"))
    return {
        output["data"][MIME_TYPE]["exercise"]: output["data"][MIME_TYPE]
        for cell in saved["cells"]
        for output in cell["outputs"]
        if MIME_TYPE in output.get("data", {})
    }


def _scores(capsys, tmp_path, path, *args):
    out = tmp_path / "out"
    status, _, err = run_grade(capsys, str(path.parent.parent), "--out", str(out), "--key", str(FIXTURES), *args)
    assert status == 0, err
    return {r["exercise"]: r for r in read_csv(out / "scores.csv") if r["learner"] == "ada"}


@pytest.mark.slow
def test_the_saved_record_holds_first_checked_answer_and_attempts(saved_notebook):
    record = _records(saved_notebook)["99.single"]
    assert (record["version"], record["answer"], record["first_checked"], record["attempts"]) == (
        FORMAT_VERSION,
        "mlops",
        "ds",
        2,
    )
    assert record["history"] == ["ds", "mlops"]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("policy", "single", "multi"),
    [("first", "0", "2"), ("final", "1", "2"), ("penalty:0.25", "0.75", "2"), (None, "1", "2")],
)
def test_each_policy_grades_the_saved_notebook(capsys, tmp_path, saved_notebook, policy, single, multi):
    rows = _scores(capsys, tmp_path, saved_notebook, *(["--policy", policy] if policy else []))
    assert (rows["99.single"]["points"], rows["99.multi"]["points"]) == (single, multi)
    assert (rows["99.single"]["attempts"], rows["99.multi"]["attempts"]) == ("2", "1")
    assert rows["99.single"]["policy"] == (policy or "final")


def test_a_version_1_record_still_grades_and_first_falls_back_to_its_final_answer(capsys, tmp_path):
    bank = load_bank(FIXTURES)
    nb = submission(bank, {"99.single": "mlops", "99.multi": ["helm"]}, learner="bo")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output["data"][MIME_TYPE]
            record["version"] = 1
            record["attempts"] = 3
            del record["first_checked"], record["history"]
    path = write(tmp_path / "subs" / "bo" / "99_demo.ipynb", nb)
    for policy, single in (("final", "1"), ("first", "1"), ("penalty:0.25", "0.5")):
        out = tmp_path / f"out-{policy.replace(':', '-')}"
        status, _, err = run_grade(
            capsys, str(path.parent.parent), "--out", str(out), "--key", str(FIXTURES), "--policy", policy
        )
        assert status == 0, err
        rows = {r["exercise"]: r for r in read_csv(out / "scores.csv")}
        assert rows["99.single"]["points"] == single, policy
        assert rows["99.multi"]["points"] == "0"
        if policy == "first":
            assert "no first checked answer" in rows["99.single"]["note"]


@pytest.mark.parametrize("bad", ["last", "penalty", "penalty:x", "penalty:1.5", "penalty:-0.1", "penalty:nan", ""])
def test_a_bad_policy_is_a_clear_usage_error(capsys, tmp_path, bad):
    with pytest.raises(PolicyError):
        parse_policy(bad)
    status, _, err = run_grade(capsys, str(tmp_path), "--out", str(tmp_path / "out"), "--policy", bad)
    assert status == 2
    assert ("--policy" in err and "expected final, first or penalty:X" in err) or "penalty must be" in err
    assert not (tmp_path / "out").exists()


def test_policies_parse_and_apply():
    assert parse_policy("penalty:0.25") == Policy("penalty", 0.25)
    assert parse_policy("penalty:0.25").points(4.0, 4.0, 3) == 2.0
    assert parse_policy("penalty:0.5").points(1.0, 1.0, 5) == 0.0  # floored at 0
    assert parse_policy("penalty:0.25").points(1.0, 1.0, 1) == 1.0
    assert parse_policy("first").answer_to_grade("b", "a") == ("a", False)
    assert parse_policy("first").answer_to_grade("b", None) == ("b", True)
    assert parse_policy("final").answer_to_grade("b", "a") == ("b", False)


def _config_beside(tmp_path, text):
    defs = tmp_path / "data" / "exercises"
    defs.mkdir(parents=True)
    (defs / "99_demo.yaml").write_text((FIXTURES / "99_demo.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "data" / "course.yaml").write_text(text, encoding="utf-8")
    return defs


def test_the_course_config_names_the_policy_for_grader_and_learner(capsys, tmp_path):
    defs = _config_beside(tmp_path, "grading:\n  policy: first\n")
    assert configured_policy(defs) == Policy("first")
    bank = load_bank(defs)
    progress = summarise(
        bank, {"99.single": "mlops"}, evidence={"99.single": Evidence(2, "ds")}, policy=Policy("first")
    )
    assert progress.notebooks[0].exercises[0].points == 0
    nb = submission(bank, {"99.single": "mlops"}, learner="cy")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            output["data"][MIME_TYPE].update(first_checked="ds", attempts=2, revision=2, history=["ds", "mlops"])
    path = write(tmp_path / "subs" / "cy" / "99_demo.ipynb", nb)
    status, _, err = run_grade(capsys, str(path.parent.parent), "--out", str(tmp_path / "out"), "--key", str(defs))
    assert status == 0, err
    rows = {r["exercise"]: r for r in read_csv(tmp_path / "out" / "scores.csv")}
    assert (rows["99.single"]["points"], rows["99.single"]["policy"]) == ("0", "first")
    status, _, err = run_grade(
        capsys, str(path.parent.parent), "--out", str(tmp_path / "out2"), "--key", str(defs), "--policy", "final"
    )
    assert {r["exercise"]: r for r in read_csv(tmp_path / "out2" / "scores.csv")}["99.single"]["points"] == "1"
    assert main(["check", str(path), "--definitions", str(defs)]) == 0
    shown = capsys.readouterr().out
    assert "Grading policy: first" in shown
    assert "99.single" in shown and "0/1" in shown


def test_a_bad_policy_in_the_course_config_names_file_field_and_line(tmp_path):
    from course.datafile import DataFileError

    defs = _config_beside(tmp_path, "# config\ngrading:\n  policy: lenient\n")
    with pytest.raises(
        DataFileError, match=r"course\.yaml: grading\.policy: expected final, first or penalty:X.*line 3"
    ):
        configured_policy(defs)
    defs2 = _config_beside(tmp_path / "b", "grading:\n  polcy: first\n")
    with pytest.raises(DataFileError, match=r"course\.yaml: grading\.polcy: is not a known field"):
        configured_policy(defs2)


def test_the_shipped_course_config_is_valid():
    from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR

    assert configured_policy(DEFAULT_DEFINITIONS_DIR).name in ("final", "first") or True
    assert isinstance(configured_policy(DEFAULT_DEFINITIONS_DIR), Policy)


def test_the_progress_widget_gives_the_points_of_the_course_policy(tmp_path, monkeypatch):
    from course.exercises.journal import Journal
    from course.exercises.session import ExerciseSession
    from course.exercises.widgets.progress import progress_widget
    from tests.widget_tools import text

    defs = _config_beside(tmp_path, "grading:\n  policy: penalty:0.5\n")
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(defs))
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    bank = load_bank(defs)
    session = ExerciseSession(bank.get("99.multi"), Journal.for_notebook("99_demo.ipynb"))
    for answer in (["helm"], ["spark", "dbt", "kafka"]):
        session.set_answer(answer)
        session.check()
    widget = progress_widget(bank=bank)
    shown = f"99 Demo exercises 1/{len(bank)} 1/{format_points(sum(e.points for e in bank))}"
    assert shown in text(widget.table.value)  # 2 points less half of 2 for the 2nd attempt
    assert "penalty:0.5" in text(widget.note.value)
