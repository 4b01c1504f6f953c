"""`mlops-course grade` scores what the records say, with the learner's own scorer, and nothing else.

Expected points are worked out by hand from the fixture definitions
(tests/fixtures/exercises/99_demo.yaml), not read back from the code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nbformat
import pytest

from course.exercises.definitions import EARLIER_VERSION, UNKNOWN_VERSION, load_bank
from tests.grading_tools import (
    FIXTURE_MAX,
    FIXTURES,
    FULL_MARKS,
    learner_points,
    read_csv,
    run_grade,
    submission,
    write,
)


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


def grade_one(tmp_path, capsys, nb, *extra: str, key: Path = FIXTURES) -> tuple[int, dict[str, dict[str, str]]]:
    write(tmp_path / "subs" / "alice" / "99_demo.ipynb", nb)
    status, _, _ = run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(key), *extra)
    rows = {r["exercise"]: r for r in read_csv(tmp_path / "out" / "scores.csv")}
    return status, rows


def gradebook_row(tmp_path) -> dict[str, str]:
    (row,) = learner_points(tmp_path / "out").values()
    return row


def test_the_key_earns_full_marks(tmp_path, capsys, bank):
    status, rows = grade_one(tmp_path, capsys, submission(bank, FULL_MARKS, learner="alice"))
    assert status == 0
    row = gradebook_row(tmp_path)
    assert (row["learner"], float(row["total"]), float(row["max"]), row["percent"]) == (
        "alice",
        FIXTURE_MAX,
        FIXTURE_MAX,
        "100.0",
    )
    assert {r["status"] for e, r in rows.items() if e != "99.reflect"} == {"correct"}
    assert rows["99.reflect"]["status"] == "collected"


def test_a_notebook_without_answers_earns_zero(tmp_path, capsys, bank):
    status, rows = grade_one(tmp_path, capsys, submission(bank, {}))
    assert status == 0
    assert float(gradebook_row(tmp_path)["total"]) == 0
    assert {r["status"] for r in rows.values()} == {"unanswered"}
    assert len(rows) == len(bank)


def test_a_partial_submission_gets_the_points_worked_out_by_hand(tmp_path, capsys, bank):
    answers = {
        "99.single": "ds",  # wrong: 0 of 1
        "99.multi": ["spark", "dbt"],  # 2 of the 3 right tools, no wrong one: 2 * 2/3
        "99.match": {"proto": "ds", "serving": "mlops", "alerts": "mlops"},  # 2 of 3 items: 2 of 3
        "99.raci": FULL_MARKS["99.raci"],  # right: 6 of 6
        "99.scenario": {"topology": "full_stack"},  # topology only: 1 of 3
        "99.value": {"ra": 3, "i": 5},  # one of two values: 1 of 2
    }
    status, rows = grade_one(tmp_path, capsys, submission(bank, answers, learner="alice"))
    expected = {"99.single": 0, "99.multi": 4 / 3, "99.match": 2, "99.raci": 6, "99.scenario": 1, "99.value": 1}
    assert status == 0
    for exercise_id, points in expected.items():
        assert float(rows[exercise_id]["points"]) == pytest.approx(points, abs=1e-4), exercise_id
    row = gradebook_row(tmp_path)
    assert float(row["total"]) == pytest.approx(sum(expected.values()), abs=1e-4)
    assert float(row["percent"]) == pytest.approx(100 * sum(expected.values()) / FIXTURE_MAX, abs=0.05)
    assert rows["99.multi"]["status"] == "partial"
    assert rows["99.reflect"]["status"] == "unanswered"


def test_no_submission_code_runs(tmp_path, capsys, bank):
    """A notebook whose code (and a planted package beside it) would create a file is graded; no file appears."""
    marker = tmp_path / "pwned"
    payload = f"open({str(marker)!r}, 'w').write('ran')"
    probe = tmp_path / "probe"
    exec(compile(payload.replace(str(marker), str(probe)), "probe", "exec"), {})
    assert probe.exists(), "the payload must really create a file when run, or this test proves nothing"
    nb = submission(bank, FULL_MARKS, learner="alice")
    nb.cells.insert(1, nbformat.v4.new_code_cell(f"import os\n{payload}\nos.system('touch {marker}')"))
    nb.cells.append(nbformat.v4.new_code_cell(payload, metadata={"tags": ["autograder"]}))
    folder = tmp_path / "subs" / "alice"
    write(folder / "course" / "__init__.py", payload)
    write(folder / "sitecustomize.py", payload)
    write(folder / "conftest.py", payload)
    status, _ = grade_one(tmp_path, capsys, nb)
    assert status == 0
    assert float(gradebook_row(tmp_path)["total"]) == FIXTURE_MAX
    assert not marker.exists()


def test_scores_keys_and_points_written_in_a_submission_are_ignored(tmp_path, capsys, bank):
    nb = submission(bank, {"99.single": "ds", "99.value": {"ra": 1, "i": 1}}, learner="alice")
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            record = output["data"]["application/vnd.mlops-course.answer+json"]
            record.update(points=100, score=100, status="correct", max_points=1, key="ds")
        cell.metadata["nbgrader"] = {"grade": True, "points": 50, "grade_id": "x", "solution": False}
    nb.metadata["mlops_course"] = {"total": 17, "percent": 100}
    nb.cells.append(nbformat.v4.new_code_cell("", outputs=[nbformat.v4.new_output("stream", text="Score: 17/17\n")]))
    status, rows = grade_one(tmp_path, capsys, nb)
    assert status == 0
    assert float(rows["99.single"]["points"]) == 0
    assert float(rows["99.value"]["points"]) == 0
    assert float(gradebook_row(tmp_path)["total"]) == 0


def test_a_private_key_grades_against_its_own_answers_and_points(tmp_path, capsys, bank):
    private = tmp_path / "private.yaml"
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    assert "    points: 1\n    hints: [Look at the CI/CD row.]\n    answer: mlops\n" in text
    private.write_text(
        text.replace(
            "    points: 1\n    hints: [Look at the CI/CD row.]\n    answer: mlops\n",
            "    points: 5\n    hints: [Look at the CI/CD row.]\n    answer: ds\n",
        )
        .replace(
            "{id: ds, text: Data Scientist, misconception: Builder owns the pipe, feedback",
            "{id: ds, text: Data Scientist, feedback",
        )
        .replace(
            "{id: mlops, text: MLOps Engineer, feedback",
            "{id: mlops, text: MLOps Engineer, misconception: Builder owns, feedback",
        ),
        encoding="utf-8",
    )
    status, rows = grade_one(tmp_path, capsys, submission(bank, {"99.single": "ds"}, learner="alice"), key=private)
    assert status == 0
    assert (float(rows["99.single"]["points"]), float(rows["99.single"]["max_points"])) == (5, 5)
    assert rows["99.single"]["note"] == ""  # same question, other key: same version


def changed_definitions(folder: Path, *, keep_archive: bool) -> Path:
    """The fixture bank with 99.single's question reworded and its key changed (a new version)."""
    folder.mkdir()
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    old_prompt = "prompt: In the chapter's RACI matrix, which role is accountable for the CI/CD pipeline?"
    assert old_prompt in text and "    answer: mlops\n" in text
    new = text.replace(old_prompt, "prompt: Which role writes the code for the CI/CD pipeline?").replace(
        "    answer: mlops\n", "    answer: mle\n", 1
    )
    new = new.replace(
        "{id: mle, text: ML Engineer, misconception: Consulted means owning, feedback",
        "{id: mle, text: ML Engineer, feedback",
    ).replace(
        "{id: mlops, text: MLOps Engineer, feedback", "{id: mlops, text: MLOps Engineer, misconception: Ops, feedback"
    )
    (folder / "99_demo.yaml").write_text(new, encoding="utf-8")
    if keep_archive:
        (folder / "archive").mkdir()
        shutil.copy(FIXTURES / "99_demo.yaml", folder / "archive" / "99_demo.yaml")
    return folder


def test_an_answer_to_an_archived_version_is_graded_against_that_version(tmp_path, capsys, bank):
    key = changed_definitions(tmp_path / "defs", keep_archive=True)
    assert load_bank(key).get("99.single").fingerprint != bank.get("99.single").fingerprint
    status, rows = grade_one(tmp_path, capsys, submission(bank, FULL_MARKS, learner="alice"), key=key)
    assert status == 0
    assert float(rows["99.single"]["points"]) == 1  # right under the version answered
    assert rows["99.single"]["note"] == EARLIER_VERSION
    assert rows["99.multi"]["note"] == ""


def test_an_answer_to_an_unknown_version_is_flagged_and_graded_against_the_current_one(tmp_path, capsys, bank):
    key = changed_definitions(tmp_path / "defs", keep_archive=False)
    status, rows = grade_one(tmp_path, capsys, submission(bank, FULL_MARKS, learner="alice"), key=key)
    assert status == 0
    assert float(rows["99.single"]["points"]) == 0  # 'mlops' is wrong under the current key
    assert rows["99.single"]["note"] == UNKNOWN_VERSION
    assert rows["99.multi"]["note"] == ""
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert UNKNOWN_VERSION in report
