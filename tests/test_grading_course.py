"""The course's own exercise notebooks through the grader earn nothing (solutions: test_grading_integrity).

These use the shipped definitions (course/data/exercises) and whatever
NN_*.ipynb the two folders hold; with no notebooks at all they fail, since
a course without graded notebooks is not done.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from tests.grading_tools import learner_points, read_csv, run_grade

ROOT = Path(__file__).resolve().parents[1]


def course_notebooks(folder: str) -> list[Path]:
    found = sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb"))
    if not found:
        pytest.fail(f"{folder}/ holds no NN_topic.ipynb notebooks: the grader has nothing of the course's to grade")
    return found


@pytest.fixture(autouse=True)
def shipped_definitions(monkeypatch):
    monkeypatch.delenv("MLOPS_COURSE_EXERCISES", raising=False)


def graded_numbers(files: list[Path], bank) -> set[str]:
    return {f.name[:2] for f in files} & set(bank.notebooks())


def test_grading_the_exercise_notebooks_gives_zero(tmp_path, capsys):
    files = course_notebooks("exercises")
    bank = load_bank(DEFAULT_DEFINITIONS_DIR)
    status, _, _ = run_grade(capsys, str(ROOT / "exercises"), "--out", str(tmp_path / "out"))
    assert status == 0, (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")
    (row,) = learner_points(tmp_path / "out").values()
    numbers = graded_numbers(files, bank)
    assert numbers == set(bank.notebooks())
    assert float(row["total"]) == 0 and float(row["max"]) == pytest.approx(sum(e.points for e in bank))
    assert {r["status"] for r in read_csv(tmp_path / "out" / "scores.csv")} == {"unanswered"}
