"""`mlops-course release`: exercises/ is built from solutions/, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import nbformat
import pytest

from course.authoring.release import ReleaseError, exercise_notebook, plan_release, release, strip_solution_regions
from course.cli import main

REPO = Path(__file__).resolve().parent.parent


def _solution_notebook() -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["widgets"] = {"state": {"x": 1}}
    nb.cells = [
        nbformat.v4.new_markdown_cell("# 04 Exercises", id="title"),
        nbformat.v4.new_code_cell("import course", id="setup", execution_count=1),
        nbformat.v4.new_code_cell('course.answer("04.x", "a")', id="answer", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell('course.exercise("04.x")', id="show", execution_count=3),
        nbformat.v4.new_markdown_cell("Instructor note: the key is a.", id="note", metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell(
            "raci = course.load_chapter().raci\n"
            "### BEGIN SOLUTION\n"
            "### STUB: workload = None  # your pandas code here\n"
            "workload = raci.isin(['R', 'A', 'R/A']).sum()\n"
            "### END SOLUTION\n"
            "workload",
            id="value",
            execution_count=4,
            metadata={"tags": ["nbval-ignore-output"], "execution": {"iopub.status.idle": "2026-01-01"}},
        ),
        nbformat.v4.new_code_cell(
            "def helper():\n    ### BEGIN SOLUTION\n    return 42\n    ### END SOLUTION\n", id="nostub"
        ),
    ]
    nb.cells[3].outputs = [nbformat.v4.new_output("display_data", data={"text/plain": "Answer recorded"})]
    return nb


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "solutions").mkdir()
    nbformat.write(_solution_notebook(), tmp_path / "solutions" / "04_raci_model.ipynb")
    return tmp_path


def test_release_removes_solutions_and_outputs(course_root: Path) -> None:
    release(course_root)
    exercise = json.loads((course_root / "exercises" / "04_raci_model.ipynb").read_text())
    ids = [cell["id"] for cell in exercise["cells"]]
    assert ids == ["title", "setup", "show", "value", "nostub"]
    sources = {cell["id"]: "".join(cell["source"]) for cell in exercise["cells"]}
    assert "isin" not in sources["value"]
    assert "workload = None  # your pandas code here\n" in sources["value"]
    assert "### " not in sources["value"]
    assert sources["value"].startswith("raci = course.load_chapter().raci\n")
    assert sources["value"].endswith("workload")
    assert "    # Your code here\n" in sources["nostub"] and "42" not in sources["nostub"]
    for cell in exercise["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None
        assert "execution" not in cell["metadata"]
    assert exercise["cells"][3]["metadata"]["tags"] == ["nbval-ignore-output"]
    assert "widgets" not in exercise["metadata"]


def test_release_is_idempotent_and_check_detects_drift(course_root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "--root", str(course_root)]) == 0
    target = course_root / "exercises" / "04_raci_model.ipynb"
    first = target.read_bytes()
    assert main(["release", "--root", str(course_root)]) == 0
    assert target.read_bytes() == first
    assert main(["release", "--check", "--root", str(course_root)]) == 0

    target.write_text(target.read_text().replace("# 04 Exercises", "# edited by hand"))
    assert main(["release", "--check", "--root", str(course_root)]) == 1
    assert "04_raci_model.ipynb" in capsys.readouterr().err

    stale = course_root / "exercises" / "09_old.ipynb"
    stale.write_text("{}")
    assert stale in plan_release(course_root).changes()
    release(course_root)
    assert not stale.exists()
    assert target.read_bytes() == first


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("### BEGIN SOLUTION\nx = 1\n", "never closed"),
        ("x = 1\n### END SOLUTION\n", "without"),
        ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n", "inside another"),
    ],
)
def test_unbalanced_markers_are_reported_with_the_cell(source: str, message: str) -> None:
    with pytest.raises(ReleaseError, match=message) as err:
        strip_solution_regions(source, "04_raci_model.ipynb, cell 5")
    assert "cell 5" in str(err.value)


def test_release_refuses_badly_named_solution(course_root: Path) -> None:
    nbformat.write(_solution_notebook(), course_root / "solutions" / "Raci Exercises.ipynb")
    with pytest.raises(ReleaseError, match="NN_topic"):
        plan_release(course_root)


def test_exercise_notebook_does_not_touch_the_solution() -> None:
    solution = json.loads(nbformat.writes(_solution_notebook()))
    before = json.dumps(solution, sort_keys=True)
    exercise_notebook(solution, "04_raci_model.ipynb")
    assert json.dumps(solution, sort_keys=True) == before


def test_repository_exercises_are_current() -> None:
    solutions = sorted((REPO / "solutions").glob("[0-9][0-9]_*.ipynb"))
    if not solutions:
        pytest.fail("solutions/ holds no NN_topic.ipynb notebooks: the course has no exercise notebooks")
    exercises = sorted(p.name for p in (REPO / "exercises").glob("*.ipynb"))
    assert exercises == [p.name for p in solutions]
    assert plan_release(REPO).changes() == [], "exercises/ is stale: run `mlops-course release`"


def test_a_solution_notebook_that_is_not_json_is_named_with_its_line(
    course_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand edit that breaks a solution's JSON (a stray quote) says which file and where, no traceback."""
    path = course_root / "solutions" / "04_raci_model.ipynb"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"# 04 Exercises"', '"# 04 "Exercises"'), encoding="utf-8")
    nbformat.write(_solution_notebook(), course_root / "solutions" / "05_collaboration_tooling.ipynb")
    assert main(["release", "--root", str(course_root)]) == 1
    err = capsys.readouterr().err
    assert "solutions/04_raci_model.ipynb is not a readable notebook" in err
    assert "line " in err and "column " in err and "Traceback" not in err
    assert not (course_root / "exercises" / "04_raci_model.ipynb").exists()
