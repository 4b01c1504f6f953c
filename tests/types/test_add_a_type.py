"""Adding an exercise type touches only the files CONTRIBUTING.md's checklist names, and then works everywhere.

Every registered type passes the checklist (tests/types/checklist.py). Then a throwaway type,
`yes_no`, is added to a copy of this repository file by file as the checklist says: after each
file the checklist reports exactly what is still missing, and once all are there it reports
nothing. The copy's own `course` package (in a separate Python process, the copy first on
`sys.path`) then reads a yes/no exercise, shows its widget, checks it in practice from sealed
entries, writes the learner edition with `mlops-course release --learner`, reads it back there,
and grades a submission with `mlops-course grade`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.types.checklist import CHECKS, checklist_paths, missing

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("course", "tests", "docs", "notebooks", "exercises", "solutions", "jupyter-config")
COPIED_FILES = ("CONTRIBUTING.md", "README.md", "LICENSE", "pyproject.toml", "environment.yml", ".gitignore")

TYPE_MODULE = '''"""yes_no: a statement to call true or false."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError
from course.exercises.model import COMMON_FIELDS, Exercise
from course.exercises.practice_key import Sealer
from course.exercises.results import Part, Score, finish
from course.exercises.sealed_parts import open_value
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
)
from course.exercises.type_registry import register


@dataclass(frozen=True)
class YesNo(Exercise):
    key: str = ""
    why: str = ""


@register
class YesNoType(ExerciseType[YesNo]):
    name = "yes_no"
    label = "yes or no"
    definition = YesNo
    partial_credit = ("none",)
    fields = ("answer", "why")

    def parse(self, f: Fields, common: dict[str, Any]) -> YesNo:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        return YesNo(**common, key=f.choice("answer", ("yes", "no")), why=f.text("why"))

    def normalise(self, exercise: YesNo, answer: Any) -> str:
        if answer not in ("yes", "no"):
            raise AnswerError(f"{exercise.id}: expected 'yes' or 'no', got {answer!r}")
        return str(answer)

    def score(self, exercise: YesNo, answer: str) -> Score:
        return self._part(exercise, answer, answer == exercise.key, exercise.why)

    def _part(self, exercise: YesNo, answer: str, right: bool, why: str) -> Score:
        points = exercise.points if right else 0.0
        feedback = why if right else "Not this one: read the statement again."
        part = Part("Yes or no", points, exercise.points, right, feedback, why if right else "", answer)
        return finish(exercise, [part], "Right." if right else "Not right yet.")

    def learner_definition(self, exercise: YesNo) -> YesNo:
        return replace(exercise, key="", why="")

    def seal(self, exercise: YesNo, sealer: Sealer) -> None:
        sealer.add("answer", exercise.key, {"right": True, "feedback": exercise.why})

    def check_sealed(self, exercise: YesNo, answer: str) -> Score:
        opened = open_value(exercise, "answer", answer)
        return self._part(exercise, answer, opened.right, opened.feedback)

    def describe_progress(self, exercise: YesNo, answer: str) -> str:
        return f"said {answer}"

    def describe_answer(self, exercise: YesNo, answer: str) -> str:
        return answer.capitalize()

    def reveal_key(self, exercise: YesNo, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: YesNo) -> str:
        return exercise.key

    def misconception_lines(self, exercise: YesNo) -> tuple[str, list[str]]:
        return "Misconceptions this exercise surfaces:", []

    def key_answer(self, exercise: YesNo) -> str:
        return exercise.key

    def sample_answers(self, exercise: YesNo, rng: random.Random) -> Iterator[Any]:
        yield from (None, "yes", "no")

    def wrong_answers(self, exercise: YesNo) -> list[WrongAnswer]:
        return [WrongAnswer("no" if exercise.key == "yes" else "yes", "the other answer")]

    def blind_answers(self, exercise: YesNo) -> list[BlindAnswer]:
        return [BlindAnswer("always yes", "yes"), BlindAnswer("always no", "no")]

    def key_names(self, exercise: YesNo) -> KeyNames:
        return KeyNames((), exercise.prompt)

    def key_traces(self, exercise: YesNo) -> KeyTraces:
        return KeyTraces(file_forms=(f"answer: {exercise.key}\\n",), texts=(exercise.why,))

    def early_texts(self, exercise: YesNo) -> list[EarlyText]:
        return hint_texts(exercise, (exercise.why,), (exercise.title, exercise.prompt), (exercise.prompt,))

    def learner_texts(self, exercise: YesNo) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints]

    def option_groups(self, exercise: YesNo) -> list[OptionGroup]:
        return []
'''

WIDGET_MODULE = '''"""yes_no: two radio buttons."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from course.exercises.types.yes_no import YesNoType
from course.exercises.widgets.base import ExerciseWidget, labelled, shows


@shows(YesNoType)
class YesNoWidget(ExerciseWidget):
    def build_body(self) -> widgets.Widget:
        self.radio = widgets.RadioButtons(options=[("Yes", "yes"), ("No", "no")], value=None)
        labelled(self.radio, "Your answer")
        self.radio.observe(self.answer_changed, names="value")
        return widgets.VBox([self.radio])

    def read_answer(self) -> Any:
        return self.radio.value

    def show_answer(self, answer: Any) -> None:
        self.radio.value = answer
'''

DEMO = """
  - id: 99.yes-no
    type: yes_no
    level: remember
    title: Who owns the pipeline?
    prompt: Is the data engineer accountable for the feature store in the chapter's matrix?
    section: RACI letters
    points: 1
    hints: [Find the feature store row.]
    answer: "yes"
    why: The feature store row gives the data engineer R/A.
"""

FORMAT_SECTION = """
## `yes_no`

`partial_credit`: none.

Example:

```yaml
- id: 99.yes-no
  type: yes_no
  level: remember
  title: Who owns the pipeline?
  prompt: Is the data engineer accountable for the feature store in the chapter's matrix?
  section: RACI letters
  points: 1
  hints: [Find the feature store row.]
  answer: "yes"
  why: The feature store row gives the data engineer R/A.
```
"""

TYPE_TESTS = '''"""yes_no: a throwaway type's tests."""


def test_yes_no_is_registered():
    from course.exercises.type_registry import names

    assert "yes_no" in names()
'''

DRIVE = r"""
import json, sys
from pathlib import Path
import course
from course.cli import main
from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.edition_data import learner_exercise
from course.exercises.journal import Journal
from course.exercises.records import bundle, make_record
from course.exercises.scoring import score
from course.exercises.session import ExerciseSession
from course.exercises.widgets import build_widget
import nbformat

copy, work = Path(sys.argv[1]), Path(sys.argv[2])
assert course.__file__.startswith(str(copy)), course.__file__
out = {}
bank = load_bank(copy / "course/data/exercises")
exercise = bank.get("05.yes-no")
out["type"] = type(exercise).__name__
out["right"] = score(exercise, normalise(exercise, "yes")).points
out["wrong"] = score(exercise, normalise(exercise, "no")).points

session = ExerciseSession(exercise, Journal(work / "journal.json"))
widget = build_widget(session)
widget.radio.value = "yes"
widget.check_button.click()
out["widget"] = [type(widget).__name__, session.answer, session.last_score.points]

learner = learner_exercise(exercise, "cd" * 16)
out["practice"] = [learner.key, score(learner, "yes").points, score(learner, "no").points]

out["release"] = main(["release", "--root", str(copy), "--learner", str(work / "edition")])
read = load_bank(work / "edition/course/data/exercises").get("05.yes-no")
out["edition"] = [type(read).__name__, read.key, read.why, score(read, "yes").points]

nb = nbformat.v4.new_notebook()
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
cell = nbformat.v4.new_code_cell('course.exercise("05.yes-no")', execution_count=1)
record = make_record(exercise, "yes", attempts=1, revision=1, learner="ada")
cell.outputs.append(nbformat.v4.new_output("display_data", data=bundle(exercise, record)))
nb.cells.append(cell)
(work / "subs" / "ada").mkdir(parents=True)
nbformat.write(nb, work / "subs" / "ada" / "05_collaboration_tooling.ipynb")
key = str(copy / "course/data/exercises")
out["grade"] = main(["grade", str(work / "subs"), "--out", str(work / "grades"), "--key", key, "--jobs", "1"])
gradebook = (work / "grades" / "gradebook.csv").read_text(encoding="utf-8")
out["gradebook"] = [line for line in gradebook.splitlines() if line.startswith("ada,")]
print(json.dumps(out))
"""


def test_every_registered_type_has_everything_the_checklist_asks_for():
    assert missing() == []


def test_the_checklist_and_its_checks_name_the_same_files():
    listed = checklist_paths((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    assert listed == list(CHECKS)
    assert any("<type>" in path for path in listed)


def _copy_repository(target: Path) -> Path:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".ipynb_checkpoints", "test-artifacts")
    for name in COPIED:
        shutil.copytree(ROOT / name, target / name, ignore=ignore)
    for name in COPIED_FILES:
        shutil.copy2(ROOT / name, target / name)
    return target


def _python(copy: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MLOPS_COURSE_EXERCISES", "PYTHONPATH")}
    env |= {"PYTHONPATH": str(copy), "PYTHONSAFEPATH": "1", "MLOPS_COURSE_HOME": str(cwd / "home")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


def _missing(copy: Path) -> list[str]:
    done = _python(copy, "-m", "tests.types.checklist", str(copy), cwd=copy)
    assert done.returncode in (0, 1), done.stderr[-3000:]
    return [p for p in json.loads(done.stdout) if p.startswith("yes_no")]


@pytest.mark.slow  # copies the repository and runs the checklist six times and the kit once in new processes
def test_a_throwaway_type_added_by_the_checklist_alone_works_through_the_kit(tmp_path):
    copy = _copy_repository(tmp_path / "repo")
    steps = [
        (
            "course/exercises/types/yes_no.py",
            lambda: (copy / "course/exercises/types/yes_no.py").write_text(TYPE_MODULE),
        ),
        (
            "course/exercises/widgets/yes_no.py",
            lambda: (copy / "course/exercises/widgets/yes_no.py").write_text(WIDGET_MODULE),
        ),
        (
            "tests/fixtures/exercises/99_demo.yaml",
            lambda: _append(copy / "tests/fixtures/exercises/99_demo.yaml", DEMO),
        ),
        ("tests/types/test_<type>.py", lambda: (copy / "tests/types/test_yes_no.py").write_text(TYPE_TESTS)),
        ("docs/exercise-format.md", lambda: _document(copy)),
        ("docs/schema/exercises.schema.json", lambda: _run(copy, "-m", "course.authoring.schema")),
    ]
    for done, (_path, add) in enumerate(steps):
        add()
        left = _missing(copy)
        # what is left names the files the checklist has not reached yet, and nothing else
        assert len(left) == len(steps) - done - 1, (steps[done][0], left)
    assert _missing(copy) == []

    # A shipped exercise of the new type (the only edit outside the checklist: content, not code).
    _append(copy / "course/data/exercises/05_collaboration_tooling.yaml", DEMO.replace("99.yes-no", "05.yes-no"))
    work = tmp_path / "work"
    work.mkdir()
    ran = _python(copy, "-c", DRIVE, str(copy), str(work), cwd=work)
    assert ran.returncode == 0, ran.stderr[-3000:]
    out = json.loads(ran.stdout.strip().splitlines()[-1])
    assert out["type"] == "YesNo" and (out["right"], out["wrong"]) == (1.0, 0.0)
    assert out["widget"] == ["YesNoWidget", "yes", 1.0]
    assert out["practice"] == ["", 1.0, 0.0]
    assert out["release"] == 0 and out["edition"] == ["YesNo", "", "", 1.0]
    assert out["grade"] in (0, 1) and out["gradebook"], out


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")


def _document(copy: Path) -> None:
    _append(copy / "docs/exercise-format.md", FORMAT_SECTION)
    _run(copy, "-m", "course.authoring.notes")


def _run(copy: Path, *args: str) -> None:
    done = _python(copy, *args, cwd=copy)
    assert done.returncode == 0, done.stderr[-3000:]
