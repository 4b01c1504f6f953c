"""Hand marking of reflections: export marking.csv, fill it, merge it with `grade --marks`."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from course.exercises.definitions import load_bank
from course.grading.marks import row_key
from course.text import format_points
from tests.grading_tools import FIXTURE_BANK, FIXTURE_MAX, FIXTURES, FULL_MARKS, read_csv, run_grade, submission, write

EVIL = '=HYPERLINK("http://x") <script>alert(1)</script> roles & teams overlap a lot'
RUBRIC_MAX = float(sum(getattr(e, "max_marks", 0) for e in FIXTURE_BANK))
"""What the fixture bank's reflections are worth once marked by hand."""


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


def three_learners(bank, root: Path) -> Path:
    texts = {
        "ann": "Ann reflects on hand-offs between roles and teams.",
        "bob": EVIL,
        "cid": "Cid thinks the platform team matters most of all.",
    }
    for learner, text in texts.items():
        answers = dict(FULL_MARKS, **{"99.reflect": text})
        write(root / learner / "99_demo.ipynb", submission(bank, answers, learner=learner))
    return root


@pytest.fixture(scope="module")
def assessed_key(tmp_path_factory) -> Path:
    """The fixture bank as an assessed notebook: reflections marked by hand are assessed work, which the
    gradebook keeps as points (practice notebooks show completion there, see test_practice_grades)."""
    folder = tmp_path_factory.mktemp("assessed") / "exercises"
    folder.mkdir()
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    (folder / "99_demo.yaml").write_text(
        text.replace("title: Demo exercises\n", "title: Demo exercises\nmode: assessed\n", 1), encoding="utf-8"
    )
    assert load_bank(folder).get("99.single").assessed
    return folder


KEY = FIXTURES
"""The definitions `grade` grades against: the assessed copy, set for every test below."""


@pytest.fixture(autouse=True)
def _grade_assessed(assessed_key):
    global KEY
    KEY = assessed_key


def grade(capsys, subs: Path, out: Path, *extra: str) -> int:
    status, _, _ = run_grade(capsys, str(subs), "--out", str(out), "--key", str(KEY), *extra)
    return status


def fill(sheet: Path, target: Path, marks: dict[str, tuple[str, str]], drop: str | None = None) -> Path:
    """The sheet as an instructor returns it: marks (evidence, comment) typed into the learners' rows."""
    with sheet.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    header = rows[0]
    for values in rows[1:]:
        learner = values[0]
        if learner in marks:
            values[header.index("evidence")], values[header.index("comment")] = marks[learner]
    if drop:
        at = header.index(drop)
        rows = [[v for i, v in enumerate(r) if i != at] for r in rows]
    with target.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return target


@pytest.fixture
def exported(tmp_path, capsys, bank):
    subs = three_learners(bank, tmp_path / "subs")
    assert grade(capsys, subs, tmp_path / "first") == 0
    return subs, tmp_path / "first" / "marking.csv"


def test_export_has_one_row_per_learner_and_item_with_text_hash_and_empty_criteria(exported):
    _, sheet = exported
    rows = read_csv(sheet)
    assert list(rows[0]) == ["learner", "exercise", "key", "text", "evidence", "comment"]
    assert sheet.read_bytes().startswith(b"\xef\xbb\xbflearner,")  # Excel reads UTF-8 only with the mark
    assert [(r["learner"], r["exercise"]) for r in rows] == [
        ("ann", "99.reflect"),
        ("bob", "99.reflect"),
        ("cid", "99.reflect"),
    ]
    assert all(r["evidence"] == "" and r["comment"] == "" for r in rows)
    bob = rows[1]
    assert bob["text"] == "'" + EVIL  # a spreadsheet shows it as text, never runs it
    assert bob["key"] == row_key("bob", "99.reflect", EVIL) and bob["key"].startswith("k")


def test_merge_puts_marks_in_gradebook_canvas_and_feedback(exported, tmp_path, capsys):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", "Good <b>examples</b>"), "bob": ("1", "")})
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 0
    gradebook = {r["learner"]: r for r in read_csv(out / "gradebook.csv")}
    assert gradebook["ann"]["99.reflect"] == "2"
    assert float(gradebook["ann"]["assessed"]) == FIXTURE_MAX + 2
    assert float(gradebook["ann"]["assessed_max"]) == FIXTURE_MAX + RUBRIC_MAX
    assert float(gradebook["bob"]["assessed"]) == FIXTURE_MAX + 1
    assert gradebook["cid"]["99.reflect"] == ""
    assert gradebook["cid"]["unmarked"] == "99.reflect"
    assert gradebook["ann"]["unmarked"] == ""
    canvas = {r["Student"]: r["MLOps 99: Demo exercises"] for r in read_csv(out / "canvas.csv")}
    points = {
        "Points Possible": FIXTURE_MAX + RUBRIC_MAX,
        "ann": FIXTURE_MAX + 2,
        "bob": FIXTURE_MAX + 1,
        "cid": FIXTURE_MAX,
    }
    assert canvas == {learner: format_points(total) for learner, total in points.items()}
    ann = (out / "feedback" / "ann.html").read_text(encoding="utf-8")
    assert "Uses evidence" in ann and "Examples that support a claim" in ann
    assert "Good &lt;b&gt;examples&lt;/b&gt;" in ann and "<b>examples" not in ann
    cid = (out / "feedback" / "cid.html").read_text(encoding="utf-8")
    assert "Awaiting marking" in cid
    report = (out / "report.html").read_text(encoding="utf-8")
    assert "2 reflection(s) marked, 1 awaiting marking" in report
    assert "<script>alert(1)" not in report
    assert read_csv(out / "errors.csv") == []


def test_without_marks_the_reflection_stays_out_of_the_totals(exported, tmp_path):
    gradebook = read_csv(exported[1].parent / "gradebook.csv")
    assert all(float(r["assessed_max"]) == FIXTURE_MAX for r in gradebook)
    assert "unmarked" not in gradebook[0]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("unknown learner", "learner this run did not grade"),
        ("unknown item", "does not have"),
        ("outside", "expected one of its levels: 0, 1, 2"),
        ("changed text", "changed since the sheet was exported"),
    ],
)
def test_a_bad_row_is_a_specific_error_and_the_others_still_count(exported, tmp_path, capsys, change, words):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", ""), "bob": ("1", "")})
    rows = list(csv.reader(filled.open(encoding="utf-8-sig", newline="")))
    bad = rows[2]  # bob
    if change == "unknown learner":
        bad[0] = "zed"
    elif change == "unknown item":
        bad[1] = "99.nothing"
    elif change == "outside":
        bad[4] = "5"
    else:
        bad[2] = row_key("bob", "99.reflect", "an older text")
    with filled.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 1
    errors = read_csv(out / "errors.csv")
    assert len(errors) == 1 and words in errors[0]["problem"]
    assert "row 3" in errors[0]["detail"]
    gradebook = {r["learner"]: r for r in read_csv(out / "gradebook.csv")}
    assert gradebook["ann"]["99.reflect"] == "2"  # the good row still counts
    assert gradebook["bob"]["99.reflect"] == ""
    assert "99.reflect" in gradebook["bob"]["unmarked"]


def test_a_sheet_without_a_criterion_column_is_an_error_and_nothing_else_is_lost(exported, tmp_path, capsys):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", "")}, drop="evidence")
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 1
    errors = read_csv(out / "errors.csv")
    (error,) = errors  # one error for the sheet, not one per row
    assert "no column for 99.reflect's criterion evidence" in error["problem"]
    gradebook = {r["learner"]: r for r in read_csv(out / "gradebook.csv")}
    assert float(gradebook["ann"]["assessed"]) == FIXTURE_MAX


def test_a_sheet_without_fixed_columns_is_one_clear_error(exported, tmp_path, capsys):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {}, drop="key")
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 1
    errors = read_csv(out / "errors.csv")
    assert len(errors) == 1 and "lacks the column(s) key" in errors[0]["problem"]
    assert (out / "gradebook.csv").exists()


def test_a_missing_marks_file_is_a_usage_error(exported, tmp_path, capsys):
    subs, _ = exported
    assert grade(capsys, subs, tmp_path / "x", "--marks", str(tmp_path / "nope.csv")) == 2


def test_the_course_reflection_is_worth_its_rubric_once_marked_and_the_docs_say_so():
    from course.authoring.notes import APPLY_OR_ABOVE
    from course.exercises.definitions import configured_definitions
    from course.grading.marks import with_rubric_points

    course = load_bank(configured_definitions())
    reflection = course.get("06.reflection")
    assert reflection.points == 0  # never scored in the learner's notebook
    marked = with_rubric_points(course)
    assert marked.get("06.reflection").points == reflection.max_marks > 0
    total = sum(e.points for e in marked)
    assert sum(e.points for e in marked if e.level in APPLY_OR_ABOVE) / total >= 0.60
    root = Path(__file__).resolve().parents[1]
    sentence = f"`06.reflection` (create) is worth {reflection.max_marks}"
    for doc in ("docs/instructor-guide.md", "docs/facilitator-guide.md"):
        text = (root / doc).read_text(encoding="utf-8")
        assert sentence in text and "--marks" in text


def test_a_moodle_worksheet_gets_the_marked_reflection_in_its_grade(tmp_path, capsys, bank):
    folder = tmp_path / "moodle"
    answers = dict(FULL_MARKS, **{"99.reflect": "Sean reflects on hand-offs between roles and teams."})
    write(folder / "Sean O'Brien_5403_assignsubmission_file_" / "99_demo.ipynb", submission(bank, answers))
    worksheet = tmp_path / "worksheet.csv"
    with worksheet.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum Grade"])
        writer.writerow(["Participant 5403", "Sean O'Brien", "sean@example.org", "Submitted", "", "100.00"])
    assert grade(capsys, folder, tmp_path / "first", "--roster", str(worksheet)) == 0
    filled = fill(tmp_path / "first" / "marking.csv", tmp_path / "filled.csv", {"5403": ("1", "")})
    out = tmp_path / "marked"
    assert grade(capsys, folder, out, "--roster", str(worksheet), "--marks", str(filled)) == 0
    (sean,) = read_csv(out / "moodle.csv")
    assert float(sean["Grade"]) == pytest.approx(100 * (FIXTURE_MAX + 1) / (FIXTURE_MAX + RUBRIC_MAX), abs=0.01)


def test_a_learner_who_wrote_no_reflection_gets_zero_not_awaiting(exported, tmp_path, capsys, bank):
    subs, sheet = exported
    answers = {k: v for k, v in FULL_MARKS.items() if k != "99.reflect"}
    write(subs / "dee" / "99_demo.ipynb", submission(bank, answers, learner="dee"))
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", "")})
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 0
    assert "dee" not in {r["learner"] for r in read_csv(out / "marking.csv")}
    dee = next(r for r in read_csv(out / "gradebook.csv") if r["learner"] == "dee")
    assert dee["99.reflect"] == "0" and dee["unmarked"] == ""
    assert float(dee["assessed_max"]) == FIXTURE_MAX + RUBRIC_MAX
    assert "Awaiting marking" not in (out / "feedback" / "dee.html").read_text(encoding="utf-8")


# --- what spreadsheets do to a sheet ------------------------------------------------------------------------
@pytest.mark.parametrize("cell", ["nan", "inf", "-inf", "1e400", "two", "1.5", "NaN", "1e0", "0x2"])
def test_a_mark_that_is_no_level_is_an_error_naming_row_and_column(exported, tmp_path, capsys, cell):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", ""), "bob": (cell, "")})
    out = tmp_path / "marked"
    status, stdout, stderr = run_grade(capsys, str(subs), "--out", str(out), "--key", str(KEY), "--marks", str(filled))
    assert status == 1 and "Traceback" not in stdout + stderr
    (error,) = read_csv(out / "errors.csv")
    assert "expected one of its levels" in error["problem"] and error["learner"] == "bob"
    assert "filled.csv row 3, column E (evidence)" in error["detail"]
    gradebook = {r["learner"]: r for r in read_csv(out / "gradebook.csv")}
    assert gradebook["ann"]["99.reflect"] == "2" and gradebook["bob"]["99.reflect"] == ""


def rewrite(filled: Path, target: Path, encoding: str, separator: str) -> Path:
    """The filled sheet saved again the way a spreadsheet saves CSV: another encoding, another separator."""
    with filled.open(encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.reader(stream))
    with target.open("w", encoding=encoding, newline="", errors="replace") as stream:
        csv.writer(stream, delimiter=separator, lineterminator="\r\n").writerows(rows)
    return target


SAVED_AS = {
    "CSV UTF-8 (Excel, with a byte order mark)": ("utf-8-sig", ","),
    "CSV (Comma delimited), Excel on Windows": ("cp1252", ","),
    "Unicode Text, Excel": ("utf-16", "\t"),
    "CSV with semicolons, European locales": ("utf-8", ";"),
    "CSV with semicolons in Windows-1252": ("cp1252", ";"),
}


@pytest.mark.parametrize("saved_as", SAVED_AS)
def test_the_sheet_is_read_in_each_encoding_and_separator_spreadsheets_save(exported, tmp_path, capsys, bank, saved_as):
    subs, _ = exported
    write(subs / "łucja" / "99_demo.ipynb", submission(bank, dict(FULL_MARKS, **{"99.reflect": "Zoë's café ✓"})))
    assert grade(capsys, subs, tmp_path / "again") == 0
    sheet = tmp_path / "again" / "marking.csv"
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", "très bien"), "bob": ("0", ""), "łucja": ("1", "")})
    encoding, separator = SAVED_AS[saved_as]
    saved = rewrite(filled, tmp_path / "saved.csv", encoding, separator)
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(saved)) == 0, read_csv(out / "errors.csv")
    gradebook = {r["learner"]: r["99.reflect"] for r in read_csv(out / "gradebook.csv")}
    assert gradebook == {"ann": "2", "bob": "0", "cid": "", "łucja": "1"}
    assert "très bien" in (out / "feedback" / "ann.html").read_text(encoding="utf-8")


def test_ids_a_spreadsheet_turned_into_numbers_still_find_their_learners(tmp_path, capsys, bank):
    subs = tmp_path / "subs"
    ids = {"0012345": "12345", "1.50": "1.5", "1e5": "100000", "12345678901234567": "1.23456789012346E+16"}
    for learner in ids:
        answers = dict(FULL_MARKS, **{"99.reflect": f"{learner} thinks roles overlap."})
        write(subs / learner / "99_demo.ipynb", submission(bank, answers))
    assert grade(capsys, subs, tmp_path / "first") == 0
    filled = fill(tmp_path / "first" / "marking.csv", tmp_path / "filled.csv", {k: ("2", "") for k in ids})
    rows = list(csv.reader(filled.open(encoding="utf-8-sig", newline="")))
    for row in rows[1:]:
        row[0] = ids[row[0]]  # what a spreadsheet shows and saves for these ids
    with filled.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 0, read_csv(out / "errors.csv")
    assert {r["learner"]: r["99.reflect"] for r in read_csv(out / "gradebook.csv")} == dict.fromkeys(ids, "2")


def test_cells_moved_between_rows_are_refused_not_credited_to_the_wrong_learner(exported, tmp_path, capsys):
    subs, sheet = exported
    filled = fill(sheet, tmp_path / "filled.csv", {"ann": ("2", ""), "bob": ("0", "")})
    rows = list(csv.reader(filled.open(encoding="utf-8-sig", newline="")))
    rows[1][0], rows[2][0] = rows[2][0], rows[1][0]  # learner cells swapped: ann's marks now beside bob's name
    with filled.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(filled)) == 1
    errors = read_csv(out / "errors.csv")
    assert len(errors) == 2 and all("cells were moved" in e["problem"] for e in errors)
    assert all(r["99.reflect"] == "" for r in read_csv(out / "gradebook.csv"))


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"PK\x03\x04\x14\x00\x00\x00 a workbook", "not CSV: save it from the spreadsheet as CSV UTF-8"),
        (b"learner,exercise\n\x81\x8d\x8f\x90\x9d,x\n", "neither UTF-8 nor Windows-1252"),
    ],
)
def test_a_file_that_is_no_csv_text_is_one_error_naming_the_fix(exported, tmp_path, capsys, data, words):
    subs, _ = exported
    marks = tmp_path / "marks.csv"
    marks.write_bytes(data)
    out = tmp_path / "marked"
    assert grade(capsys, subs, out, "--marks", str(marks)) == 1
    (error,) = read_csv(out / "errors.csv")
    assert words in error["problem"]
    assert (out / "gradebook.csv").exists()
