"""Submissions built from the course's own notebooks, laid out the way real platforms deliver them.

`answered()` takes a notebook of the course's exercises/ (outputs cleared, as shipped) and writes
into each exercise cell the answer record the kit displays: the key from solutions/ for the
exercises named `right`, another choice for those named `wrong` (single-choice exercises, so they
score 0), and an empty record for the rest. `clone_course()` makes a real `git clone` of this
repository, as GitHub Classroom and nbgitpuller do.
"""

from __future__ import annotations

import contextlib
import functools
import json
import re
import subprocess
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, ExerciseBank, load_bank
from course.exercises.records import MIME_TYPE, bundle, make_record
from course.exercises.type_registry import type_of
from course.exercises.variants import variant_for
from tests.grading_tools import learner_points, run_grade

REPO = Path(__file__).resolve().parents[1]
EXERCISE_CELL = re.compile(r'course\.exercise\(\s*"([^"]+)"\s*\)')


@functools.cache
def course_bank() -> ExerciseBank:
    return load_bank(DEFAULT_DEFINITIONS_DIR)


@functools.cache
def file_name(number: str) -> str:
    """The canonical file name of a course notebook (04 -> 04_raci_model.ipynb)."""
    (path,) = sorted((REPO / "exercises").glob(f"{number}_*.ipynb"))
    return path.name


@functools.cache
def keys() -> dict[str, Any]:
    """Exercise id -> the answer recorded in the course's solution notebooks."""
    found = {}
    for path in sorted((REPO / "solutions").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                record = output.get("data", {}).get(MIME_TYPE)
                if isinstance(record, dict):
                    found[record["exercise"]] = record["answer"]
    return found


def wrong_answer(exercise_id: str, learner: str | None = None) -> Any:
    """A wrong answer to one exercise (the learner's case of it), as its type offers it to the tests."""
    exercise = variant_for(course_bank().get(exercise_id), learner)
    return normalise(exercise, type_of(exercise).wrong_answers(exercise)[0].answer)


def right_answer(exercise_id: str, learner: str | None = None) -> Any:
    """The key of the learner's case of an exercise: the solution notebook's answer for the base case."""
    exercise = variant_for(course_bank().get(exercise_id), learner)
    if exercise is course_bank().get(exercise_id):
        return keys()[exercise_id]
    return normalise(exercise, type_of(exercise).key_answer(exercise))


def points(ids: Iterable[str]) -> float:
    return sum(course_bank().get(i).points for i in ids)


def points_as_credited(ids: Iterable[str], recorded: str | None, credited: str) -> float:
    """What right answers given under the id `recorded` earn when credited to `credited`: an exercise with cases
    is graded against the credited learner's own case (an answer that does not fit it earns nothing)."""
    from course.exercises.answer_forms import AnswerError
    from course.exercises.scoring import score

    total = 0.0
    for exercise_id in ids:
        base = course_bank().get(exercise_id)
        own = variant_for(base, credited)
        if variant_for(base, recorded).variant == own.variant or (recorded is None and not base.variants):
            total += own.points
            continue
        with contextlib.suppress(AnswerError):  # an answer that does not fit the case earns nothing
            total += score(own, normalise(own, right_answer(exercise_id, recorded))).points
    return round(total, 4)


def notebook_points(number: str) -> float:
    return sum(e.points for e in course_bank().for_notebook(number))


def answered(
    number: str,
    right: Iterable[str] = (),
    wrong: Iterable[str] = (),
    *,
    learner: str | None = None,
    attempts: int = 1,
    extra: dict[str, Any] | None = None,
) -> str:
    """The text of exercises/NN_*.ipynb as a learner saves it after answering (each exercise with cases in the
    case a kernel shows the recorded `learner`)."""
    right, wrong = set(right), set(wrong)
    bank = course_bank()
    notebook = json.loads((REPO / "exercises" / file_name(number)).read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        match = EXERCISE_CELL.search("".join(cell.get("source", "")))
        if cell["cell_type"] != "code" or not match:
            continue
        exercise = variant_for(bank.get(match.group(1)), learner)
        answer = (
            right_answer(exercise.id, learner)
            if exercise.id in right
            else wrong_answer(exercise.id, learner)
            if exercise.id in wrong
            else None
        )
        checks = attempts if answer is not None else 0
        record = make_record(exercise, answer, attempts=checks, revision=1 if answer is None else 2, learner=learner)
        cell["outputs"] = [{"output_type": "display_data", "data": bundle(exercise, record), "metadata": {}}]
    if extra:  # answers to another notebook's exercises, added at the end
        for exercise_id, answer in extra.items():
            exercise = bank.get(exercise_id)
            record = make_record(exercise, answer, attempts=1, revision=2, learner=learner)
            cell = {
                "cell_type": "code",
                "execution_count": 1,
                "id": f"extra-{len(notebook['cells'])}",
                "metadata": {},
                "source": f'course.exercise("{exercise_id}")',
                "outputs": [{"output_type": "display_data", "data": bundle(exercise, record), "metadata": {}}],
            }
            notebook["cells"].append(cell)
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def put(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def clone_course(target: Path) -> Path:
    """A real `git clone` of this repository (its committed state: solutions/, notebooks/, tests/ and all).

    Its `.git` borrows this repository's objects (`--shared`) and has no sample hooks (`--template=`): the
    grader never reads a hidden folder, and a clone's `.git` would otherwise be most of the files a test
    writes (about 300 of 800 in a working copy with many loose objects), for each learner of each test."""
    target.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["git", "clone", "--quiet", "--shared", "--template=", str(REPO), str(target)], check=True, capture_output=True
    )
    return target


def assessed_definitions(folder: Path, *numbers: str) -> Path:
    """The shipped definitions (with their archive) in `folder`, the given notebooks made assessed: the LMS
    files carry assessed points (a practice notebook goes there as its completion)."""
    import shutil

    target = folder / "exercises"
    shutil.copytree(DEFAULT_DEFINITIONS_DIR, target)
    for path in target.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        number = re.search(r'(?m)^notebook: "?(\d\d)"?$', text)
        if number and number.group(1) in numbers:
            path.write_text(re.sub(r"(?m)^(notebook: .*)$", r"\1\nmode: assessed", text, count=1), encoding="utf-8")
    assert all(e.assessed for n in numbers for e in load_bank(target).for_notebook(n))
    return target


def grade(
    tmp_path: Path, capsys: Any, *paths: Path, extra: Iterable[str] = ()
) -> tuple[int, str, dict[str, dict[str, str]]]:
    """`mlops-course grade PATHS --out tmp/out`: (exit status, all it printed, gradebook rows by learner)."""
    status, out, err = run_grade(capsys, *map(str, paths), "--out", str(tmp_path / "out"), *extra)
    rows = learner_points(tmp_path / "out")
    return status, out + err, rows
