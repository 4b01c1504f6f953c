"""Build the learners' exercise notebooks from the solution notebooks.

`solutions/` is the single source. A learner's copy in `exercises/` is the
solution notebook with:

- every cell tagged `solution` removed (answers given in code, notes for
  instructors);
- in any other cell, each region between `### BEGIN SOLUTION` and
  `### END SOLUTION` replaced by its `### STUB:` lines (with the marker
  removed), or by `# Your code here` when it has none;
- outputs, execution counts and run metadata cleared;
- the course notebook id (`{"mlops_course": {"notebook": "04_raci_model"}}`)
  in the notebook's metadata.

The result is deterministic, so `release --check` can say whether
`exercises/` is current by comparing bytes.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.atomic import write_text_atomic
from course.authoring.notebook_io import cell_source, cell_tags, dumps_notebook, read_notebook
from course.errors import CourseError
from course.exercises.notebook_file import METADATA_KEY as NOTEBOOK_ID_KEY
from course.solution_marks import BEGIN_SOLUTION, END_SOLUTION, SOLUTION_TAG

STUB = re.compile(r"^(\s*)### STUB:? ?(.*)$")
COURSE_NOTEBOOK_FILE = re.compile(r"^\d\d_[a-z0-9_]+\.ipynb$")
"""The name of one of the course's own notebooks (`04_raci_model.ipynb`)."""
RUN_METADATA = ("execution", "collapsed", "scrolled")


class ReleaseError(CourseError, ValueError):
    """A solution notebook cannot be turned into an exercise notebook (e.g. unbalanced markers)."""


@dataclass
class ReleasePlan:
    """What a release would write and delete."""

    outputs: dict[Path, str] = field(default_factory=dict)
    stale: list[Path] = field(default_factory=list)

    def changes(self) -> list[Path]:
        """Files whose content would change, and files that would be deleted."""
        changed = [p for p, text in self.outputs.items() if not p.exists() or p.read_text(encoding="utf-8") != text]
        return sorted(changed + self.stale)


def strip_solution_regions(source: str, where: str) -> str:
    """Replace each BEGIN SOLUTION / END SOLUTION region by its STUB lines (or a placeholder)."""
    out: list[str] = []
    inside = False
    stub: list[str] = []
    indent = ""
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        stripped = line.strip()
        if stripped == BEGIN_SOLUTION:
            if inside:
                raise ReleaseError(f"{where}, line {number}: {BEGIN_SOLUTION} inside another solution region")
            inside, stub, indent = True, [], line[: len(line) - len(line.lstrip())]
            continue
        if stripped == END_SOLUTION:
            if not inside:
                raise ReleaseError(f"{where}, line {number}: {END_SOLUTION} without {BEGIN_SOLUTION}")
            out.extend(stub or [f"{indent}# Your code here\n"])
            inside = False
            continue
        if inside:
            match = STUB.match(line.rstrip("\n"))
            if match:
                stub.append(f"{match.group(1)}{match.group(2)}\n")
            continue
        out.append(line)
    if inside:
        raise ReleaseError(f"{where}: {BEGIN_SOLUTION} is never closed by {END_SOLUTION}")
    text = "".join(out)
    return text.rstrip("\n") if not source.endswith("\n") else text


def exercise_notebook(solution: dict[str, Any], name: str) -> dict[str, Any]:
    """The learner's copy of one solution notebook."""
    notebook = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if SOLUTION_TAG in cell_tags(cell):
            continue
        source = cell_source(cell)
        if BEGIN_SOLUTION in source or END_SOLUTION in source:
            source = strip_solution_regions(source, f"{name}, cell {index}")
        cell["source"] = source
        metadata = cell.setdefault("metadata", {})
        for key in RUN_METADATA:
            metadata.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    notebook["cells"] = cells
    metadata = notebook.setdefault("metadata", {})
    metadata.pop("widgets", None)
    # The course notebook id: a renamed or moved copy keeps its answer journal (see exercises.journal).
    metadata[NOTEBOOK_ID_KEY] = {"notebook": Path(name).stem}
    return notebook


def plan_release(root: Path) -> ReleasePlan:
    """Work out every exercise notebook from `root/solutions` without writing anything."""
    solutions, exercises = root / "solutions", root / "exercises"
    if not solutions.is_dir():
        raise ReleaseError(f"no solutions/ folder in {root}")
    plan = ReleasePlan()
    for path in sorted(solutions.glob("*.ipynb")):
        if not COURSE_NOTEBOOK_FILE.match(path.name):
            raise ReleaseError(f"{path.name}: solution notebooks are named NN_topic.ipynb (e.g. 04_raci_model.ipynb)")
        text = dumps_notebook(exercise_notebook(read_notebook(path), path.name))
        leftover = [marker for marker in (BEGIN_SOLUTION, END_SOLUTION) if marker in text]
        if leftover:
            raise ReleaseError(f"{path.name}: {leftover[0]} is left in the exercise copy")
        plan.outputs[exercises / path.name] = text
    if exercises.is_dir():
        plan.stale = [p for p in sorted(exercises.glob("*.ipynb")) if p not in plan.outputs]
    return plan


def release(root: Path) -> list[Path]:
    """Write exercises/ from solutions/; returns the files written or deleted."""
    plan = plan_release(root)
    changed = plan.changes()
    for path in changed:
        if path in plan.outputs:
            write_text_atomic(path, plan.outputs[path])
        else:
            path.unlink()
    return changed
