"""Practice notebooks are formative by default: every output keeps them apart from assessed points.

A class answers an assessed notebook (98) and a practice one (99) of the golden definitions. The
gradebook has points for the assessed exercises only, practice as completion and first-check share per
notebook and overall, and a grade that the course config weighs (`grading.practice_weight`,
`grading.practice_measure`); canvas.csv, moodle.csv, report.html and the feedback pages say the same.
Expected figures are worked out here by hand from the answers given.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from course.datafile import DataFileError
from course.exercises.definitions import load_bank
from course.exercises.policy import PracticeWeight, course_grading
from tests.grading_golden import DEFINITIONS, RIGHT, WRONG, answers, notebook, record
from tests.grading_tools import read_csv, run_grade, write

ASSESSED_MAX = 17.0
"""The golden 98 notebook: 1 + 2 + 3 + 6 + 3 + 2 points (and a reflection, collected)."""
BEN_ASSESSED = 1 + 4 / 3
"""ben's 98: the single choice right (1), the RACI grid's two kept cells of six (4/3), nothing else."""


@pytest.fixture
def key(tmp_path: Path) -> Path:
    """The golden definitions in a folder of their own, so that a course config can sit beside them."""
    target = tmp_path / "data" / "exercises"
    shutil.copytree(DEFINITIONS, target)
    return target


def configure(key: Path, text: str) -> None:
    (key.parent / "course.yaml").write_text(text, encoding="utf-8")


def the_class(folder: Path, key: Path) -> None:
    """ann: the assessed notebook right, practice all answered, every first check right.
    ben: the assessed notebook wrong but its single choice, practice: two of seven answered, the single choice
    first checked wrong then put right, the multiple select right at its first check.
    cy: practice only, every answer right at its first check."""
    bank = load_bank(key)
    right = {"cy": answers("99", RIGHT), "ben": answers("99", {n: RIGHT[n] for n in ("single", "multi")})}
    if "98.single" not in bank:  # a run of practice notebooks only
        for learner, given in right.items():
            write(
                folder / learner / "99_demo.ipynb",
                notebook(bank, [record(bank, e, a, learner) for e, a in given.items()]),
            )
        return
    write(
        folder / "ann" / "98_assessed.ipynb",
        notebook(bank, [record(bank, e, a, "ann") for e, a in answers("98", RIGHT).items()]),
    )
    write(
        folder / "ann" / "99_demo.ipynb",
        notebook(bank, [record(bank, e, a, "ann") for e, a in answers("99", RIGHT).items()]),
    )
    wrong = dict(WRONG, single=RIGHT["single"])
    write(
        folder / "ben" / "98_assessed.ipynb",
        notebook(bank, [record(bank, e, a, "ben") for e, a in answers("98", wrong).items()]),
    )
    practice = [
        record(bank, "99.single", RIGHT["single"], "ben", first=WRONG["single"], attempts=2),
        record(bank, "99.multi", RIGHT["multi"], "ben"),
    ]
    write(folder / "ben" / "99_demo.ipynb", notebook(bank, practice))
    write(
        folder / "cy" / "99_demo.ipynb",
        notebook(bank, [record(bank, e, a, "cy") for e, a in answers("99", RIGHT).items()]),
    )


def grade(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], key: Path, *extra: str, ok: tuple[int, ...] = (0,)
) -> tuple[Path, str]:
    subs = tmp_path / "subs"
    if not subs.exists():
        the_class(subs, key)
    out = tmp_path / f"out{len(list(tmp_path.glob('out*')))}"
    status, printed, err = run_grade(capsys, str(subs), "--out", str(out), "--key", str(key), "--jobs", "1", *extra)
    assert status in ok, err
    return out, printed


def rows(out: Path, name: str = "gradebook.csv") -> dict[str, dict[str, str]]:
    return {r["learner"]: r for r in read_csv(out / name)}


def test_the_gradebook_keeps_practice_apart_and_grades_the_assessed_notebooks(tmp_path, capsys, key):
    out, printed = grade(tmp_path, capsys, key)
    book = rows(out)
    header = list(book["ann"])
    assert [h for h in header if h.startswith("99.")] == []  # no practice points in the gradebook
    assert [h for h in header if h.startswith("practice")] == [
        "practice 99 completion",
        "practice 99 first check",
        "practice completion",
        "practice first check",
    ]
    assert (book["ann"]["assessed"], book["ann"]["assessed_max"], book["ann"]["percent"]) == ("17", "17", "100.0")
    # ben: 1 + 4/3 of 98; practice 2 of 7 answered; first checks: single 0, multi 2 of 17.
    assert (book["ben"]["98.single"], book["ben"]["assessed"], book["ben"]["percent"]) == ("1", "2.3333", "13.7")
    assert book["ben"]["practice 99 completion"] == "28.6" and book["ben"]["practice 99 first check"] == "11.8"
    # cy handed in no assessed notebook: 0 of the assessed points, whatever the practice says.
    assert (book["cy"]["98.single"], book["cy"]["assessed"], book["cy"]["percent"]) == ("", "0", "0.0")
    assert book["cy"]["practice completion"] == "100.0" and book["cy"]["practice first check"] == "100.0"
    assert "practice notebooks: formative: shown apart, not part of the grade" in printed


def test_scores_csv_still_lists_every_practice_answer(tmp_path, capsys, key):
    out, _ = grade(tmp_path, capsys, key)
    scored = {(r["learner"], r["exercise"]): r for r in read_csv(out / "scores.csv")}
    assert scored[("cy", "99.raci")]["points"] == "6" and scored[("ben", "99.match")]["status"] == "unanswered"
    # ... each row labelled: an assessed answer's points are the grade's, a practice answer's are shown apart
    assert {r["kind"] for k, r in scored.items() if k[1].startswith("99.")} == {"practice"}
    assert {r["kind"] for k, r in scored.items() if k[1].startswith("98.")} == {"assessed"}


@pytest.mark.parametrize(
    ("measure", "ben_practice"),
    [("completion", 100 * 2 / 7), ("first_check", 100 * 2 / 17), ("points", 100 * 3 / 17)],
)
def test_the_course_config_weighs_practice_into_the_grade(tmp_path, capsys, key, measure, ben_practice):
    configure(key, f"grading:\n  practice_weight: 0.25\n  practice_measure: {measure}\n")
    out, printed = grade(tmp_path, capsys, key)
    book = rows(out)
    expected = 0.75 * 100 * BEN_ASSESSED / ASSESSED_MAX + 0.25 * ben_practice
    assert float(book["ben"]["percent"]) == pytest.approx(expected, abs=0.05)
    assert float(book["cy"]["percent"]) == pytest.approx(25.0, abs=0.05)
    assert f"25% of the grade, by {measure.replace('_', '-')}" in printed


def test_a_run_of_practice_notebooks_only_shows_their_measure(tmp_path, capsys, key):
    (key / "98_assessed.yaml").unlink()
    out, _ = grade(tmp_path, capsys, key)
    book = rows(out)
    assert "assessed_percent" in book["cy"] and book["cy"]["assessed_percent"] == ""
    assert book["cy"]["percent"] == "100.0" and book["ben"]["percent"] == "28.6"  # completion, the default


def test_canvas_gets_assessed_points_and_practice_completion_in_labelled_columns(tmp_path, capsys, key):
    out, _ = grade(tmp_path, capsys, key)
    with (out / "canvas.csv").open(encoding="utf-8", newline="") as stream:
        table = list(csv.reader(stream))
    columns = table[0][5:]
    assert columns[0].startswith("MLOps 98: ") and columns[1] == "MLOps 99 practice: Demo exercises (completion %)"
    assert table[1][5:] == ["17", "100"]
    by_login = {r[3]: r[5:] for r in table[2:]}
    assert by_login == {"ann": ["17", "100.0"], "ben": ["2.3333", "28.6"], "cy": ["", "100.0"]}


def test_a_canvas_roster_never_puts_practice_completion_in_a_points_column(tmp_path, capsys, key):
    roster = tmp_path / "export.csv"
    with roster.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "MLOps 99: Demo exercises (555)"])
        writer.writerow(["    Points Possible", "", "", "", "", "17"])
        for login in ("ann", "ben", "cy"):
            writer.writerow([login.title(), f"1{len(login)}{login}", "", login, "A", ""])
    out, _ = grade(tmp_path, capsys, key, "--roster", str(roster), ok=(0, 1))
    with (out / "canvas.csv").open(encoding="utf-8", newline="") as stream:
        header = next(csv.reader(stream))
    assert "MLOps 99: Demo exercises (555)" not in header  # that assignment holds points, not a percentage
    assert "MLOps 99 practice: Demo exercises (completion %)" in header


@pytest.mark.parametrize(("config", "practice_share"), [("", 0.0), ("grading:\n  practice_weight: 0.5\n", 0.5)])
def test_moodle_gets_the_grade(tmp_path, capsys, key, config, practice_share):
    """With the shipped default the grade sent back is the assessed share alone; with a weight, practice's
    completion joins it."""
    header = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade"]
    worksheet = tmp_path / "worksheet.csv"
    with worksheet.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(header)
        writer.writerow(["Participant 1", "ben", "ben@example.org", "Submitted", "", "10.00"])
    if config:
        configure(key, config)
    subs = tmp_path / "moodle"
    bank = load_bank(key)
    wrong = dict(WRONG, single=RIGHT["single"])
    folder = subs / "ben_1_assignsubmission_file_"
    write(
        folder / "98_assessed.ipynb",
        notebook(bank, [record(bank, e, a, "ben") for e, a in answers("98", wrong).items()]),
    )
    write(folder / "99_demo.ipynb", notebook(bank, [record(bank, "99.single", RIGHT["single"], "ben")]))
    status, _, err = run_grade(
        capsys, str(subs), "--out", str(tmp_path / "m"), "--key", str(key), "--roster", str(worksheet)
    )
    assert status == 0, err
    (back,) = read_csv(tmp_path / "m" / "moodle.csv")
    # the assessed share (1 + 4/3 of 17) and the completion (1 of 7), weighed, of a maximum of 10
    expected = 10 * ((1 - practice_share) * BEN_ASSESSED / 17 + practice_share * 1 / 7)
    assert float(back["Grade"]) == pytest.approx(expected, abs=0.006)


def test_the_report_and_the_feedback_pages_say_what_practice_can_show(tmp_path, capsys, key):
    out, _ = grade(tmp_path, capsys, key)
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "<h2>Practice</h2>" in report and "practice keys can be opened offline" in report
    assert '<tr><td>99</td><td>Demo exercises</td><td class="num">3</td>' in report
    assert "99.single (practice)" in report and "98.single (practice)" not in report
    ben = (out / "feedback" / "ben.html").read_text(encoding="utf-8")
    assert "Assessed: 2.3333 of 17 points (13.7%)" in ben
    assert "2 of 7 exercises answered (28.6%)" in ben and "earned 11.8% of the practice points" in ben
    cy = (out / "feedback" / "cy.html").read_text(encoding="utf-8")
    assert "Assessed:" not in cy and "7 of 7 exercises answered" in cy


# --- the course config -----------------------------------------------------------------------------------------


def test_the_shipped_course_config_keeps_practice_formative():
    from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR

    assert course_grading(DEFAULT_DEFINITIONS_DIR).practice == PracticeWeight(0.0, "completion")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("grading:\n  practice_weight: 1.5\n", r"grading\.practice_weight: expected a share .* got 1\.5 \(line 2\)"),
        ("grading:\n  practice_weight: lots\n", r"grading\.practice_weight: expected a number.*\(line 2\)"),
        (
            "# c\ngrading:\n  policy: final\n  practice_measure: vibes\n",
            r"grading\.practice_measure: .*'vibes' \(line 4\)",
        ),
        ("grading:\n  practice_wieght: 0\n", r"grading\.practice_wieght: is not a known field.*\(line 2\)"),
    ],
)
def test_a_bad_practice_setting_names_file_field_and_line(key, text, message):
    configure(key, text)
    with pytest.raises(DataFileError, match=r"course\.yaml: " + message):
        course_grading(key)


def test_the_grader_refuses_a_bad_course_config_before_writing_anything(tmp_path, capsys, key):
    configure(key, "grading:\n  practice_weight: -1\n")
    status, _, err = run_grade(capsys, str(tmp_path), "--out", str(tmp_path / "never"), "--key", str(key))
    assert status == 2 and "practice_weight" in err and "line 2" in err
    assert not (tmp_path / "never").exists()
