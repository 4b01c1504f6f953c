"""Retention from collected review notebooks: `mlops-course grade` writes retention.csv, and changes nothing else."""

from __future__ import annotations

import re

import nbformat

from course.exercises.definitions import bank
from course.spaced_review.retention import HEADER, ScoredTry, retention_rows, window_of
from course.spaced_review.review_records import make_review_record, review_bundle
from tests.grading_tools import read_csv, run_grade, write


def review_notebook(learner: str, tries: list[tuple[str, int, int, object]]) -> nbformat.NotebookNode:
    """A saved review notebook: one output per review item, as `course.review()` displays it."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("course.review()", execution_count=1)
    for exercise_id, number, days, first_try in tries:
        record = make_review_record(bank().get(exercise_id), "base", learner, number, days, first_try)
        cell.outputs.append(nbformat.v4.new_output("display_data", data=review_bundle(record)))
    nb.cells.append(cell)
    return nb


def test_reviews_count_towards_the_one_three_and_seven_day_windows():
    assert [window_of(d) for d in (0, 1, 2, 3, 6, 7, 30)] == [None, 1, 1, 3, 3, 7, 7]
    tries = [
        ScoredTry("ada", "04.letters", 1, 1, False),
        ScoredTry("Ada", "04.letters", 1, 1, False),  # the same review in another file: counted once
        ScoredTry("ada", "04.letters", 2, 4, True),
        ScoredTry("bob", "04.letters", 1, 2, True),
        ScoredTry("bob", "04.c-or-i", 1, 0, True),  # the same day: not a retention measure
    ]
    assert retention_rows(bank(), tries) == [
        ["04.letters", "R and A on Docker packaging", "2", "1", "50", "1", "1", "100", "0", "0", ""],
    ]
    assert HEADER[2:5] == ["reviews_1d", "recalled_1d", "retention_1d"]


def test_grade_writes_retention_from_review_notebooks_and_grades_as_before(tmp_path, capsys):
    from course.exercises.records import bundle, make_record

    subs = tmp_path / "subs"
    letters = bank().get("04.letters")
    graded = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell('course.exercise("04.letters")', execution_count=1)
    record = make_record(
        letters,
        "r-fixes",
        attempts=2,
        revision=2,
        learner="ada",
        first_checked="a-fixes",
        history=["a-fixes", "r-fixes"],
    )
    cell.outputs.append(nbformat.v4.new_output("display_data", data=bundle(letters, record)))
    graded.cells.append(cell)
    write(subs / "ada" / "04_raci_model.ipynb", graded)
    status, _, _ = run_grade(capsys, str(subs), "--out", str(tmp_path / "before"))
    assert status == 0 and not (tmp_path / "before" / "retention.csv").exists()

    write(
        subs / "ada" / "08_review.ipynb",
        review_notebook("ada", [("04.letters", 1, 1, "shared"), ("04.letters", 2, 3, "r-fixes")]),
    )
    bob = review_notebook("bob", [("04.letters", 1, 1, "r-fixes"), ("04.c-or-i", 1, 8, "ask-then-tell")])
    write(subs / "bob" / "08_review.ipynb", bob)
    write(subs / "bob" / "08_review-Copy1.ipynb", bob)
    status, out, _ = run_grade(capsys, str(subs), "--out", str(tmp_path / "after"))
    assert status == 0
    assert "Review first tries for 2 items: retention at 1, 3 and 7 days" in out
    assert "review notebook: ungraded; its first tries count in retention.csv" in out
    rows = {row["exercise"]: row for row in read_csv(tmp_path / "after" / "retention.csv")}
    assert rows["04.letters"]["reviews_1d"] == "2" and rows["04.letters"]["retention_1d"] == "50"
    assert rows["04.letters"]["retention_3d"] == "100" and rows["04.letters"]["reviews_7d"] == "0"
    assert rows["04.c-or-i"]["reviews_7d"] == "1" and rows["04.c-or-i"]["retention_7d"] == "100"
    for name in ("gradebook.csv", "scores.csv"):  # no grade depends on a review
        assert (tmp_path / "after" / name).read_bytes() == (tmp_path / "before" / name).read_bytes()
    assert "Retention after review" not in (tmp_path / "before" / "report.html").read_text(encoding="utf-8")
    report = (tmp_path / "after" / "report.html").read_text(encoding="utf-8")
    section = report[report.index("<h2>Retention after review</h2>") :]
    section = section[: section.index("</table>")]
    letters_row = re.search(r"<tr><td>04\.letters</td>.*?</tr>", section).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", letters_row)
    assert cells[2:] == ["1 of 2 (50%)", "1 of 1 (100%)", "—"]  # the same counts as retention.csv
    assert "04.c-or-i" in section


def test_a_first_try_is_scored_by_the_grader_never_read_from_the_file(tmp_path, capsys):
    nb = review_notebook("ada", [("04.letters", 1, 1, "shared")])
    nb.cells[0].outputs[0]["data"]["application/vnd.mlops-course.review+json"]["status"] = "correct"  # forged
    write(tmp_path / "subs" / "ada" / "08_review.ipynb", nb)
    run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"))
    (row,) = read_csv(tmp_path / "out" / "retention.csv")
    assert row["recalled_1d"] == "0"


def test_a_review_of_another_case_is_scored_against_that_case():
    from pathlib import Path

    from course.exercises.definitions import load_bank
    from course.exercises.type_registry import type_of
    from course.spaced_review.retention import score_try
    from course.spaced_review.review_records import parse_review_record

    cases_bank = load_bank(Path(__file__).parent / "fixtures" / "variants")
    for case in cases_bank.variants("97.pick"):
        record = make_review_record(case, case.variant, "ada", 1, 2, type_of(case).key_answer(case))
        assert score_try(cases_bank, "ada", parse_review_record(record)).recalled, case.variant
    other = cases_bank.variants("97.pick")[1]
    wrong = make_review_record(other, other.variant, "ada", 1, 2, type_of(other).wrong_answers(other)[0].answer)
    assert score_try(cases_bank, "ada", parse_review_record(wrong)).recalled is False
