"""MLOps Roles & Team Structure: a JupyterLab course kit.

`import course` stays light (no pandas, matplotlib or ipywidgets): the heavy
libraries load when a lesson first asks for a DataFrame, a figure or a widget.

    import course
    chapter = course.load_chapter()          # the chapter as data
    course.exercise("04.raci-startup")       # an exercise widget
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from course.text import NOT_GIVEN

__version__ = "0.1.0"

if TYPE_CHECKING:
    from course.chapter.model import Chapter
    from course.exercises.api import ExerciseHandle
    from course.exercises.results import Score
    from course.exercises.session import Recorded
    from course.exercises.widgets.learner_form import LearnerForm
    from course.exercises.widgets.progress import ProgressWidget
    from course.spaced_review.notebook import Review
    from course.spaced_review.schedule import Clock

__all__ = [
    "__version__",
    "answer",
    "check",
    "check_environment",
    "exercise",
    "learner_form",
    "learner_id",
    "load_chapter",
    "progress",
    "set_learner",
    "spaced_review",
]


def load_chapter(path: str | None = None) -> Chapter:
    """The chapter's content, validated; see `course.chapter.load_chapter`."""
    from course.chapter.loader import load_chapter as _load

    return _load(path)


def exercise(exercise_id: str, case: str | None = None) -> ExerciseHandle:
    """An exercise by id; leave it as a cell's last value to show its widget.

    An exercise with several cases shows your own (drawn from your learner id); `case` shows another."""
    from course.exercises.api import exercise as _exercise

    return _exercise(exercise_id, case)


def answer(exercise_id: str, value: Any, case: str | None = None) -> None:
    """Give an exercise's answer in code; the widget and the notebook record follow."""
    from course.exercises.api import answer as _answer

    _answer(exercise_id, value, case)


def check(exercise_id: str, value: Any = NOT_GIVEN, case: str | None = None) -> Score | Recorded:
    """Check an exercise (after setting the answer, if one is given) and return its Score.

    In an assessed notebook the answer is recorded and a `Recorded` comes back, with no correctness."""
    from course.exercises.api import check as _check

    return _check(exercise_id, value, case)


def set_learner(learner: str, *, remember: bool = False) -> str:
    """Record your answers as `learner` in this notebook; `remember=True` saves it for every notebook.

    Exercises with several cases give the new id's case from their next use (re-run their cells)."""
    from course.exercises.learner import set_learner as _set

    return _set(learner, remember=remember)


def learner_id() -> str | None:
    """The learner id answers are recorded with (None if not set)."""
    from course.exercises.learner import learner_id as _get

    return _get()


def progress(notebooks: str | list[str] | None = None) -> ProgressWidget:
    """Your progress per notebook and for the course, as a widget (leave it as a cell's last value)."""
    from course.exercises.widgets.progress import progress_widget
    from course.spaced_review.nudge import learner_nudge

    return progress_widget(notebooks, nudge=learner_nudge)


def review(*, clock: Clock | None = None) -> Review:
    """Today's review: the items you missed at their first check, back a day or more later (leave it as a
    cell's last value). `clock`: a function giving the time (default the computer's), to try out later days."""
    from course.spaced_review.notebook import review as _review

    return _review(clock=clock)


def learner_form() -> LearnerForm:
    """A small form to set your learner id (leave it as a cell's last value)."""
    from course.exercises.widgets.learner_form import learner_form as _form

    return _form()


def check_environment() -> object:
    """One clear line saying whether this kernel can run the course (first cell of every notebook)."""
    from course.environment import check_environment as _check

    return _check()
