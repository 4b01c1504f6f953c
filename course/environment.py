"""The environment check at the top of every notebook.

A learner with a broken set-up should get one clear message in the first
cell, naming what is missing and how to fix it, not a traceback in cell 7.
The report prints no versions or paths, so a notebook's stored output is the
same on every machine where the set-up is sound.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass, field

REQUIRED = {
    "pandas": "tables of roles and RACI matrices",
    "matplotlib": "the figures",
    "ipywidgets": "the exercise widgets",
    "yaml": "the course data files (package pyyaml)",
}
MIN_PYTHON = (3, 11)
FIX = (
    "Install the course into this kernel's environment with: python -m pip install -e . "
    "(from the course folder, in its virtual environment; see the README's Quick start), then restart the kernel."
)


@dataclass(frozen=True)
class EnvironmentReport:
    """What the check found; shows as one line when all is well."""

    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return "Environment ready: Python, the course package, its data and its libraries are all in place."
        lines = ["The environment needs attention:"] + [f"  - {p}" for p in self.problems] + [FIX]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(str(self))  # type: ignore[attr-defined]


def check_environment() -> EnvironmentReport:
    """Check Python, the libraries the course needs, and that the course data loads."""
    problems = []
    if sys.version_info < MIN_PYTHON:
        problems.append(
            f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]} or newer is needed; this kernel runs {sys.version.split()[0]}."
        )
    for module, purpose in REQUIRED.items():
        try:
            importlib.import_module(module)
        except ImportError:
            problems.append(f"The library {module!r} is missing; it is needed for {purpose}.")
    if not problems:
        try:
            from course import load_chapter
            from course.exercises.api import bank

            load_chapter()
            bank()
        except Exception as err:  # report any data problem in words, never a traceback
            problems.append(f"The course data could not be loaded: {err}")
    return EnvironmentReport(tuple(problems))
