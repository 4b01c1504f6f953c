"""CONTRIBUTING.md's "Add an exercise type" checklist, checked for every registered type.

Each checklist line names one file (`- [ ] \\`path\\`: ...`, with `<type>` standing for the type's
name); `CHECKS` holds one check per file. The two must name the same files: a line without a
check, or a check without a line, is itself reported, so the checklist and this test cannot drift.

    python -m tests.types.checklist [ROOT]    # prints what is missing, as JSON; exit 1 if anything is

Run that way it checks the `course` package on `sys.path` (tests/types/test_add_a_type.py runs it in
a copy of the repository with a throwaway type added).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINE = re.compile(r"^- \[ \] `([^`]+)`", re.M)
SECTION = "## Add an exercise type"


def checklist_paths(contributing: str) -> list[str]:
    """The files the checklist names, in its order."""
    start = contributing.index(SECTION)
    end = contributing.find("\n## ", start + len(SECTION))
    return LINE.findall(contributing[start : end if end > 0 else None])


def _type_module(root: Path, name: str) -> str | None:
    from course.exercises.type_registry import by_name

    module = type(by_name(name)).__module__
    if module != f"course.exercises.types.{name}" or not (root / "course/exercises/types" / f"{name}.py").is_file():
        return f"{name}: the type is registered from {module}, not course/exercises/types/{name}.py"
    return None


def _widget_module(root: Path, name: str) -> str | None:
    from course.exercises.widgets import widget_class

    try:
        widget = widget_class(name)
    except TypeError as err:
        return f"{name}: {err}"
    if widget.__module__ != f"course.exercises.widgets.{name}":
        return f"{name}: its widget {widget.__name__} is in {widget.__module__}, not widgets/{name}.py"
    return None


def _demo_exercise(root: Path, name: str) -> str | None:
    from course.exercises.definitions import load_bank

    if not any(e.type == name for e in load_bank(root / "tests/fixtures/exercises")):
        return f"{name}: no demo exercise in tests/fixtures/exercises/99_demo.yaml"
    return None


def _type_tests(root: Path, name: str) -> str | None:
    if not (root / "tests/types" / f"test_{name}.py").is_file():
        return f"{name}: no tests/types/test_{name}.py"
    return None


def _format_section(root: Path, name: str) -> str | None:
    text = (root / "docs/exercise-format.md").read_text(encoding="utf-8")
    if f"## `{name}`" not in text:
        return f"{name}: no section ## `{name}` in docs/exercise-format.md"
    if f"| `{name}` |" not in text:
        return f"{name}: not in the table of types of docs/exercise-format.md (run python -m course.authoring.notes)"
    return None


def _schema(root: Path, name: str) -> str | None:
    from course.authoring.schema import rendered

    path = root / "docs/schema/exercises.schema.json"
    if path.read_text(encoding="utf-8") != rendered()["exercises.schema.json"]:
        return f"{name}: docs/schema/exercises.schema.json is out of date (run python -m course.authoring.schema)"
    return None


CHECKS: dict[str, Callable[[Path, str], str | None]] = {
    "course/exercises/types/<type>.py": _type_module,
    "course/exercises/widgets/<type>.py": _widget_module,
    "tests/fixtures/exercises/99_demo.yaml": _demo_exercise,
    "tests/types/test_<type>.py": _type_tests,
    "docs/exercise-format.md": _format_section,
    "docs/schema/exercises.schema.json": _schema,
}
"""One check per file of the checklist, given the repository root and a type name."""


def missing(root: Path = ROOT) -> list[str]:
    """What the checklist asks for and some registered type lacks (empty when every type is complete)."""
    from course.exercises.type_registry import names

    listed = checklist_paths((root / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    found = [
        f"the checklist names {p}, which tests/types/checklist.py does not check" for p in listed if p not in CHECKS
    ]
    found += [
        f"tests/types/checklist.py checks {p}, which the checklist does not name" for p in CHECKS if p not in listed
    ]
    for name in names():
        for path in listed:
            check = CHECKS.get(path)
            problem = check(root, name) if check else None
            if problem:
                found.append(problem)
    return found


if __name__ == "__main__":
    problems = missing(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT)
    print(json.dumps(problems))
    sys.exit(1 if problems else 0)
