"""Older runs' temporary folders go while the tests run, by pytest's own rules (`tests/old_runs.py`)."""

from __future__ import annotations

from pathlib import Path

from tests.old_runs import finish, start_deleting


def runs(root: Path, count: int) -> list[Path]:
    """pytest-1 ... pytest-<count>, each with a few files, the last one this run's."""
    made = []
    for number in range(1, count + 1):
        folder = root / f"pytest-{number}"
        (folder / "test_a0" / "home").mkdir(parents=True)
        (folder / "test_a0" / "home" / "journal.json").write_text("{}", encoding="utf-8")
        made.append(folder)
    return made


def test_the_runs_pytest_would_delete_at_the_end_are_deleted_now(tmp_path: Path) -> None:
    made = runs(tmp_path, 6)
    thread = start_deleting(made[-1], keep=3)
    assert thread is not None
    finish(thread)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pytest-4", "pytest-5", "pytest-6"]


def test_a_run_still_in_use_elsewhere_is_left_alone(tmp_path: Path) -> None:
    made = runs(tmp_path, 5)
    (made[0] / ".lock").write_text("4242", encoding="utf-8")  # another session holds it, as pytest marks it
    finish(start_deleting(made[-1], keep=3))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pytest-1", "pytest-3", "pytest-4", "pytest-5"]


def test_nothing_is_deleted_when_pytest_keeps_no_runs_or_the_folder_is_chosen(tmp_path: Path) -> None:
    made = runs(tmp_path, 5)
    assert start_deleting(made[-1], keep=0) is None
    chosen = tmp_path / "my-basetemp"
    chosen.mkdir()
    assert start_deleting(chosen, keep=3) is None
    assert len(list(tmp_path.iterdir())) == 6
