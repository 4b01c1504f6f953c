"""Where the course's folders and the learner's files live.

The notebooks sit in the course folder (a checkout), not inside the installed
package. Everything the kit writes for a learner goes under one home folder,
which `MLOPS_COURSE_HOME` moves (tests point it at a temporary folder so no run
leaks answers into the next).
"""

from __future__ import annotations

import os
from pathlib import Path

from course.errors import CourseError, CourseUsageError

HOME_ENV = "MLOPS_COURSE_HOME"
PACKAGE_DIR = Path(__file__).resolve().parent
DATA_DIR = PACKAGE_DIR / "data"
FIRST_NOTEBOOK = Path("notebooks") / "00_start_here.ipynb"
REVIEW_NOTEBOOK = Path("exercises") / "08_review.ipynb"
"""The review notebook (`course.review()`): an exercise notebook with no lesson and no definitions of its own,
numbered after the last lesson, as `00_start_here` is a lesson with no exercise notebook."""
EDITION_MANIFEST = "learner-edition.json"
"""At the top of a learner edition (which has no solutions/): the list of its files."""


def course_root(start: Path | None = None) -> Path | None:
    """The course folder: the nearest folder at or above `start` (or the cwd) with
    notebooks/ and solutions/ (or, in the learner edition, its list of files), else the
    folder the package was installed from."""
    candidates = [start or Path.cwd()]
    candidates += list(candidates[0].resolve().parents)
    candidates.append(PACKAGE_DIR.parent)
    for folder in candidates:
        if (folder / "notebooks").is_dir() and (
            (folder / "solutions").is_dir() or (folder / EDITION_MANIFEST).is_file()
        ):
            return folder
    return None


def require_course_root(given: Path | None = None) -> Path:
    """`given`, else `course_root()`: for commands that cannot work without the course folder."""
    root = given or course_root()
    if root is None:
        raise CourseUsageError(
            "cannot find the course folder (one with notebooks/ and solutions/). Run this command inside the course folder."
        )
    return root


class LearnerHomeError(CourseError, OSError):
    """There is no folder for the learner's files (no HOME and no password entry, and no MLOPS_COURSE_HOME)."""


NO_HOME = (
    "This account has no home folder (HOME is not set and the user has no entry in the password database), "
    f"so the answer journal and a saved learner id have nowhere to go. Set {HOME_ENV} to a writable folder; "
    "meanwhile every answer is still recorded in the notebook itself."
)


def learner_home() -> Path:
    """The folder for the learner's journal and settings (not created here).

    Raises LearnerHomeError (an OSError, so callers that survive a failed write survive
    this too) when there is no home folder to put it in.
    """
    configured = os.environ.get(HOME_ENV)
    try:
        return Path(configured).expanduser() if configured else Path.home() / ".mlops-course"
    except (RuntimeError, KeyError):
        raise LearnerHomeError(NO_HOME) from None
