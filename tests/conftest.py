"""Shared test setup: every test writes learner files (journal, learner id) under its own tmp folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FIXTURE_EXERCISES = Path(__file__).parent / "fixtures" / "exercises"

# Broken and hostile submissions for the grader's tests: data, not notebooks to run under nbval.
collect_ignore_glob = ["corpus/*"]


@pytest.fixture(autouse=True)
def course_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLOPS_COURSE_HOME in a fresh tmp folder, so no answers leak between tests or into ~."""
    home = tmp_path / "course-home"
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(home))
    import course.exercises.learner

    monkeypatch.setattr(course.exercises.learner, "_kernel_learner", None, raising=False)  # one kernel only
    return home


@pytest.fixture
def demo_bank():
    """The fixture bank: one exercise of every type (tests/fixtures/exercises/99_demo.yaml)."""
    from course.exercises.definitions import load_bank

    return load_bank(FIXTURE_EXERCISES)


@pytest.fixture
def make_session(demo_bank, tmp_path: Path):
    """make_session('99.raci') -> a fresh ExerciseSession over tmp_path/'j.json' (or a given journal file)."""
    from course.exercises.journal import Journal
    from course.exercises.session import ExerciseSession

    def make(exercise_id: str, journal_path: Path | None = None) -> ExerciseSession:
        return ExerciseSession(demo_bank.get(exercise_id), Journal(journal_path or tmp_path / "j.json"))

    return make


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the browser tests' timings (reported, never asserted; also in test-artifacts/browser/timings.json).

    This hook lives here rather than in tests/browser/ because under xdist only the controller
    prints the summary, and it loads this conftest but not the one of a sub-folder.
    """
    rows: list[str] = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "browser_timings":  # harness.TIMINGS_PROPERTY
                    rows += [f"  {report.nodeid.split('::')[-1]}: {key} = {text}" for key, text in value.items()]
    if rows:
        terminalreporter.write_sep("-", "browser timings (reported, not asserted)")
        for row in rows:
            terminalreporter.write_line(row)
