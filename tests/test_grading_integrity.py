"""The integrity report, the roster, and what the grader writes back for Canvas and Moodle.

The integrity report names what a teacher should look at (copied files, shared wrong answers,
solution notebooks handed in, answers in the wrong notebook, answers never checked); it never
changes a grade. A roster (Canvas gradebook export, Moodle grading worksheet, plain CSV) lists
who is missing, and canvas.csv / moodle.csv come back in the platform's own columns.
"""

from __future__ import annotations

import csv
import subprocess
import sys

import pytest

from tests.grading_tools import read_csv, run_grade
from tests.layout_tools import REPO, answered, assessed_definitions, file_name, grade, notebook_points, points, put

R04 = file_name("04")


@pytest.fixture(autouse=True)
def shipped_definitions(monkeypatch):
    monkeypatch.delenv("MLOPS_COURSE_EXERCISES", raising=False)


def findings(tmp_path, kind):
    return [f for f in read_csv(tmp_path / "out" / "integrity.csv") if f["finding"] == kind]


def test_a_solution_notebook_is_never_credited_and_is_reported(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, (REPO / "solutions" / R04).read_bytes())
    put(tmp_path / "class" / "bob" / R04, answered("04", ["04.letters"]))
    _status, _, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert float(rows["bob"]["total"]) == points(["04.letters"])
    assert "alice" not in rows or float(rows["alice"]["total"]) == 0
    (found,) = findings(tmp_path, "solution notebook")
    assert found["learner"] == "alice" and found["file"].endswith(f"alice/{R04}")
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "Integrity" in report and "solution notebook" in report


def test_a_solution_notebook_whose_marks_are_spelled_with_json_escapes_is_still_refused(tmp_path, capsys):
    """Spelled through JSON escapes, the marks are the same notebook once parsed: a shortcut that looks
    for them in the raw bytes (tried: it also cost more than the walk of cells) must not let it through."""
    data = (REPO / "solutions" / R04).read_bytes()
    assert b'"solution"' in data and b"### BEGIN SOLUTION" in data
    data = data.replace(b"solution", b"\\u0073olution").replace(b"SOLUTION", b"\\u0053OLUTION")
    assert b"solution" not in data and b"SOLUTION" not in data
    put(tmp_path / "class" / "alice" / R04, data)
    _status, _, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert "alice" not in rows or float(rows["alice"]["total"]) == 0
    (found,) = findings(tmp_path, "solution notebook")
    assert found["learner"] == "alice"


def test_grading_the_shipped_solutions_credits_no_one(tmp_path, capsys):
    _status, _, rows = grade(tmp_path, capsys, REPO / "solutions")
    assert all(float(r["total"]) == 0 for r in rows.values())
    assert len(findings(tmp_path, "solution notebook")) == len(list((REPO / "solutions").glob("[0-9][0-9]_*.ipynb")))


def test_identical_answer_sets_are_ranked_by_shared_wrong_answers(tmp_path, capsys):
    wrong_two = dict(right=["04.rebuild"], wrong=["04.letters", "04.c-or-i"])
    wrong_one = dict(right=["04.rebuild", "04.c-or-i"], wrong=["04.letters"])
    put(tmp_path / "class" / "ann" / R04, answered("04", **wrong_one, learner="ann"))
    put(tmp_path / "class" / "ben" / R04, answered("04", **wrong_one, learner="ben"))
    put(tmp_path / "class" / "cat" / R04, answered("04", **wrong_two, learner="cat"))
    put(tmp_path / "class" / "dan" / R04, answered("04", **wrong_two, learner="dan"))
    put(tmp_path / "class" / "eve" / R04, answered("04", ["04.letters"], learner="eve"))
    put(tmp_path / "class" / "fay" / R04, answered("04", ["04.letters"], learner="fay"))  # all right: not suspicious
    grade(tmp_path, capsys, tmp_path / "class")
    same = findings(tmp_path, "identical answers")
    assert [{f["learner"], f["other_learners"]} for f in same] == [{"cat", "dan"}, {"ann", "ben"}]
    assert same[0]["detail"].startswith("2 shared wrong answers") and same[1]["detail"].startswith("1 shared wrong")


def test_answers_to_another_notebooks_exercises_and_checks_per_answer(tmp_path, capsys):
    put(
        tmp_path / "class" / "ann" / R04,
        answered("04", ["04.letters"], attempts=3, extra={"03.startup": "one-team"}),
    )
    put(tmp_path / "class" / "ben" / R04, answered("04", ["04.letters", "04.c-or-i"], attempts=0))
    grade(tmp_path, capsys, tmp_path / "class")
    (other,) = findings(tmp_path, "answers another notebook")
    assert other["learner"] == "ann" and "03.startup" in other["detail"]
    (unchecked,) = findings(tmp_path, "correct without a check")
    assert unchecked["learner"] == "ben" and unchecked["detail"].startswith("2 of 2")
    checks = {(r["learner"], r["exercise"]): r["attempts"] for r in read_csv(tmp_path / "out" / "scores.csv")}
    assert checks[("ann", "04.letters")] == "3" and checks[("ben", "04.c-or-i")] == "0"
    assert checks[("ann", "04.rebuild")] == "0"


def test_unchecked_answers_in_an_assessed_notebook_are_not_an_integrity_finding(tmp_path, capsys):
    """In an assessed notebook Check only records: an answer saved without one is normal, not suspicious."""
    put(tmp_path / "class" / "cy" / file_name("06"), answered("06", ["06.topology", "06.warning-signs"], attempts=0))
    put(tmp_path / "class" / "cy" / R04, answered("04", ["04.letters"], attempts=0))
    grade(tmp_path, capsys, tmp_path / "class")
    unchecked = findings(tmp_path, "correct without a check")
    assert [(f["learner"], f["notebook"]) for f in unchecked] == [("cy", "04")]


# --- rosters ------------------------------------------------------------------------------------------
CANVAS_ASSIGNMENT = "MLOps 04: The RACI model (9876)"


def canvas_export(path):
    rows = [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_ASSIGNMENT, "Current Score"],
        ["    Points Possible", "", "", "", "", "22.00", "(read only)"],
        ["Smith, Jane", "12345", "S001", "jsmith", "Section A", "", ""],
        ["Smith, Jane", "23456", "S002", "jsmith2", "Section B", "", ""],
        ["Müller, Anna Lena", "34567", "S003", "amuller", "Section A", "", ""],
        ["Doe, John", "45678", "S004", "jdoe", "Section B", "", ""],
    ]
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_canvas_roster_gives_canvas_its_own_export_back_with_scores(tmp_path, capsys):
    folder = tmp_path / "submissions"
    put(folder / f"smithjane_12345_67890_{R04}", answered("04", ["04.letters", "04.c-or-i"], learner="jsmith"))
    put(folder / f"smithjane_23456_67892_{R04}", answered("04", ["04.letters"], learner="jsmith"))  # not hers
    put(folder / f"müllerannalena_34567_67893_{R04[:-6]}-1.ipynb", answered("04", [], learner="amuller"))
    roster = canvas_export(tmp_path / "gradebook-export.csv")
    key = assessed_definitions(tmp_path / "key", "04")
    status, out, _ = grade(tmp_path, capsys, folder, extra=("--roster", str(roster), "--key", str(key)))
    with (tmp_path / "out" / "canvas.csv").open(encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_ASSIGNMENT]
    assert table[1][0].strip() == "Points Possible"
    by_id = {r[1]: r for r in table[2:]}
    assert by_id["12345"] == ["Smith, Jane", "12345", "S001", "jsmith", "Section A", "2"]
    assert by_id["23456"][5] == "1" and by_id["34567"][5] == "0" and by_id["45678"][5] == ""
    missing = read_csv(tmp_path / "out" / "missing.csv")
    assert [m["id"] for m in missing] == ["45678"] and "Doe, John" in out
    (differs,) = findings(tmp_path, "recorded id differs")  # checked against the roster's logins
    assert differs["learner"] == "23456" and "jsmith" in differs["detail"]
    assert status == 0


def test_moodle_worksheet_roster_is_written_back_with_grades(tmp_path, capsys):
    folder = tmp_path / "moodle"
    put(folder / "Sean O'Brien_5403_assignsubmission_file_" / R04, answered("04", ["04.letters", "04.rebuild"]))
    header = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade", "Grade can be changed",
              "Last modified (submission)", "Last modified (grade)", "Feedback comments"]  # fmt: skip
    worksheet = tmp_path / "worksheet.csv"
    with worksheet.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerow(
            ["Participant 5403", "Sean O'Brien", "sean@example.org", "Submitted", "", "100.00", "Yes", "", "-", ""]
        )
        writer.writerow(
            ["Participant 5410", "Ana Lima", "ana@example.org", "No submission", "", "100.00", "Yes", "", "-", ""]
        )
    key = assessed_definitions(tmp_path / "key", "04")
    _status, _, _ = grade(tmp_path, capsys, folder, extra=("--roster", str(worksheet), "--key", str(key)))
    back = read_csv(tmp_path / "out" / "moodle.csv")
    assert list(back[0]) == header
    sean = next(r for r in back if r["Identifier"] == "Participant 5403")
    expected = 100 * points(["04.letters", "04.rebuild"]) / notebook_points("04")
    assert float(sean["Grade"]) == pytest.approx(expected, abs=0.01)
    assert next(r for r in back if r["Identifier"] == "Participant 5410")["Grade"] == ""
    assert [m["id"] for m in read_csv(tmp_path / "out" / "missing.csv")] == ["5410"]


def test_plain_roster_matches_folder_learners_and_lists_the_missing(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, answered("04", ["04.letters"]))
    roster = put(tmp_path / "roster.csv", "id,name,email,section\nalice,Alice A,alice@x.org,A\nbob,Bob B,bob@x.org,B\n")
    status, out, rows = grade(tmp_path, capsys, tmp_path / "class", extra=("--roster", str(roster)))
    assert rows["alice"]["name"] == "Alice A"
    assert [m["id"] for m in read_csv(tmp_path / "out" / "missing.csv")] == ["bob"] and "Bob B" in out
    assert status == 0


@pytest.mark.slow
def test_cli_start_up_does_not_load_plotting_or_the_figures():
    """The grader draws its charts as SVG text in the kit's colours (`course.palette`): it needs neither
    matplotlib nor the learners' figure modules."""
    code = (
        "import sys, course.cli, course.grading.run; print(sorted({'matplotlib', 'course.figures'} & set(sys.modules)))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_a_roster_that_is_no_known_kind_is_a_usage_error(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, answered("04", ["04.letters"]))
    roster = put(tmp_path / "roster.csv", "who,what\nalice,x\n")
    status, _, err = run_grade(capsys, str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--roster", str(roster))
    assert status == 2 and "Canvas gradebook export" in err and "roster.csv" in err
    status, _, err = run_grade(
        capsys, str(tmp_path / "class"), "--out", str(tmp_path / "out"), "--roster", str(tmp_path / "nope.csv")
    )
    assert status == 2 and "no such file" in err
