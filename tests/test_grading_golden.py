"""The grader's outputs for a varied class stay byte for byte what they were (see tests/grading_golden.py).

Speed work on the grader must not change a byte of what it writes; a change that is meant is
regenerated with `python -m tests.grading_golden` and reviewed as a diff of the expected tree.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.grading_golden import EXPECTED, RUNS, build_class, grade_class, output_files


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("golden")
    build_class(folder / "submissions")
    return folder


@pytest.mark.parametrize("run", sorted(RUNS))
def test_every_output_file_is_byte_for_byte_the_expected_one(work: Path, run: str) -> None:
    out = work / "out" / run
    grade_class(work, out, RUNS[run])
    expected, written = output_files(EXPECTED / run), output_files(out)
    assert sorted(written) == sorted(expected)
    changed = [name for name in expected if written[name] != expected[name]]
    assert not changed, f"outputs differ from tests/fixtures/grading_golden/expected/{run}: {changed}"


def test_the_class_exercises_what_the_outputs_must_keep() -> None:
    """The expected tree holds the cases it is there for (so a regeneration cannot quietly lose them)."""
    final = (EXPECTED / "final" / "scores.csv").read_text(encoding="utf-8")
    for status in ("correct", "incorrect", "partial", "rejected", "collected", "unanswered"):
        assert f",{status}," in final, status
    assert "earlier version" in final and "not on file" in final
    first = (EXPECTED / "first" / "scores.csv").read_text(encoding="utf-8")
    assert "no first checked answer on record" in first
    assert "The answer:" in (EXPECTED / "final" / "feedback" / "bob.html").read_text(encoding="utf-8")
    assert "The answer:" not in (EXPECTED / "no-answers" / "feedback" / "bob.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;" in (EXPECTED / "final" / "report.html").read_text(encoding="utf-8")
    assert "error" in (EXPECTED / "final" / "errors.csv").read_text(encoding="utf-8")
