"""Every released version of a question stays gradable (course/authoring/versions.py).

The shipped manifest must match the shipped definitions and archive; rewording a
question without archiving it, or losing an archive copy, is named by the check.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from course.authoring import versions
from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank, read_definitions_file
from course.exercises.results import CORRECT
from course.exercises.scoring import score


def test_every_released_version_of_the_shipped_questions_is_current_or_archived() -> None:
    assert versions.problems(load_bank(), *versions.read_manifest(versions.manifest_path())) == []
    assert versions.main(["--check"]) == 0


def test_an_answer_to_the_first_released_wording_is_graded_against_that_wording() -> None:
    """05.incident was reworded (and its options changed): its first wording's answers still score."""
    bank = load_bank()
    archived = next(
        e
        for f in sorted((DEFAULT_DEFINITIONS_DIR / "archive").glob("*.yaml"))
        for e in read_definitions_file(f)[2]
        if e.id == "05.incident"
    )
    assert archived.fingerprint != bank.get("05.incident").fingerprint
    old = bank.version("05.incident", archived.fingerprint)
    assert old is not None and old.fingerprint == archived.fingerprint
    result = score(old, normalise(old, old.key))  # type: ignore[attr-defined]
    assert result.status == CORRECT


@pytest.fixture
def definitions(tmp_path: Path) -> Path:
    folder = tmp_path / "exercises"
    shutil.copytree(DEFAULT_DEFINITIONS_DIR, folder)
    return folder


def _reword(folder: Path, exercise_id: str, new_prompt: str) -> None:
    path = next(p for p in folder.glob("*.yaml") if f"id: {exercise_id}\n" in p.read_text(encoding="utf-8"))
    text = path.read_text(encoding="utf-8")
    marker = f"id: {exercise_id}\n"
    start = text.index(marker)
    prompt_at = text.index("prompt:", start)
    line_end = text.index("\n", prompt_at)
    path.write_text(text[:prompt_at] + f"prompt: {new_prompt}" + text[line_end:], encoding="utf-8")


def test_rewording_a_question_without_archiving_it_is_named(
    definitions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _reword(definitions, "04.letters", "Which letter marks the one role that answers for an activity?")
    assert versions.main(["--check", "--definitions", str(definitions)]) == 1
    err = capsys.readouterr().err
    assert "04.letters: the question learners see changed" in err and "archive/" in err
    # releasing the new wording without the old one in archive/ leaves the old version ungradable
    assert versions.main(["--definitions", str(definitions)]) == 0
    assert versions.main(["--check", "--definitions", str(definitions)]) == 1
    assert "04.letters: released version" in capsys.readouterr().err


def test_a_lost_archive_copy_is_named(definitions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (definitions / "archive" / "05_collaboration_tooling.yaml").unlink()
    assert versions.main(["--check", "--definitions", str(definitions)]) == 1
    assert "05.incident: released version" in capsys.readouterr().err


def test_a_removed_exercise_must_be_retired_on_purpose(definitions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    manifest = definitions / versions.RELEASED_FILE
    data = json.loads(manifest.read_text(encoding="utf-8"))
    data["released"]["04.gone"] = ["0123456789ab"]
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert versions.main(["--check", "--definitions", str(definitions)]) == 1
    assert "04.gone: no longer defined" in capsys.readouterr().err
    data["retired"].append("04.gone")
    manifest.write_text(json.dumps(data), encoding="utf-8")
    assert versions.main(["--check", "--definitions", str(definitions)]) == 0
