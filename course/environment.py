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
DATA_FIX = (
    "The course is installed; one of its data files has a mistake. Correct the file and line named above "
    "(or undo the last change to it), then restart the kernel."
)
SETUP_FIX = "Answers are still recorded in each notebook; fix the above to keep the journal and your learner id."


@dataclass(frozen=True)
class EnvironmentReport:
    """What the check found; shows as one line when all is well."""

    problems: tuple[str, ...] = field(default_factory=tuple)
    fix: str = FIX

    @property
    def ok(self) -> bool:
        return not self.problems

    def __str__(self) -> str:
        if self.ok:
            return "Environment ready: Python, the course package, its data and its libraries are all in place."
        lines = ["The environment needs attention:"] + [f"  - {p}" for p in self.problems] + [self.fix]
        return "\n".join(lines)

    def _repr_pretty_(self, printer: object, cycle: bool) -> None:
        printer.text(str(self))  # type: ignore[attr-defined]


def check_environment() -> EnvironmentReport:
    """Check Python, the libraries the course needs, that the course data loads, and where answers go.

    Run first in every notebook, it also reads the answers saved in the notebook file before
    anything else can change that file (see `exercises.notebook_file`).
    """
    from course.exercises.notebook_file import saved_in_this_notebook

    saved_in_this_notebook()
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
    if problems:
        return EnvironmentReport(tuple(problems))
    from course.datafile import DataFileError

    try:
        from course import load_chapter
        from course.exercises.api import bank

        load_chapter()
        bank()
    except DataFileError as err:  # a mistake in a YAML file: reinstalling would not help
        return EnvironmentReport((f"The course data could not be loaded: {err}",), DATA_FIX)
    except Exception as err:  # report any other data problem in words, never a traceback
        return EnvironmentReport((f"The course data could not be loaded: {err}",))
    setup = _answer_setup_problems()
    return EnvironmentReport(tuple(setup), SETUP_FIX) if setup else EnvironmentReport()


def _answer_setup_problems() -> list[str]:
    """Where answers and the learner id go: a home folder to journal in, a usable learner id."""
    from course.exercises.learner import learner_problem
    from course.paths import LearnerHomeError, learner_home

    problems = []
    try:
        learner_home()
    except LearnerHomeError as err:
        problems.append(str(err))
    problem = learner_problem()
    if problem:
        problems.append(problem)
    return problems
