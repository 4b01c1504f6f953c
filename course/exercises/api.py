"""The programmatic face of the exercises: answer and check in code.

Solutions, tests, and learners who cannot use a widget call these; the widget
calls the same session underneath, so both paths record and score alike.

    ex = course.exercise("04.raci-startup")   # show it (last line of a cell)
    ex.answer({...}); ex.check()              # or answer it in code

Exercises come from the shipped definitions, or from the folder the
`MLOPS_COURSE_EXERCISES` environment variable names (see `definitions`).
"""

from __future__ import annotations

from typing import Any

from course.exercises.definitions import bank as bank  # the notebook API offers it
from course.exercises.journal import Journal, notebook_key
from course.exercises.model import Exercise
from course.exercises.notebook_file import saved_in_this_notebook
from course.exercises.results import Score
from course.exercises.session import ExerciseSession, Recorded
from course.text import NOT_GIVEN

_sessions: dict[tuple[str | None, str], ExerciseSession] = {}
_journals: dict[str | None, Journal] = {}


def definition(exercise_id: str) -> Exercise:
    return bank().get(exercise_id)


def session(exercise_id: str) -> ExerciseSession:
    """The live session of an exercise in this kernel.

    Created at first use from the record saved in this notebook's file and its journal,
    whichever is newer (see `ExerciseSession`).
    """
    notebook = notebook_key()
    key = (notebook, exercise_id)
    found = _sessions.get(key)
    if found is None:
        saved = saved_in_this_notebook()
        journal = _journals.get(notebook)
        if journal is None:
            journal = _journals[notebook] = Journal.for_notebook(notebook_id=saved.notebook_id)
        found = ExerciseSession(
            definition(exercise_id),
            journal,
            saved.records.get(exercise_id),
            versions=bank().version,
            file_warning=saved.warning,
        )
        _sessions[key] = found
    return found


class ExerciseHandle:
    """What `course.exercise(id)` returns: shows the widget when displayed, answers in code."""

    def __init__(self, exercise_session: ExerciseSession) -> None:
        self.session = exercise_session

    @property
    def definition(self) -> Exercise:
        return self.session.exercise

    @property
    def score(self) -> Score | None:
        """The result of the last check (None before the first)."""
        return self.session.last_score

    def answer(self, value: Any) -> ExerciseHandle:
        """Give an answer (any accepted form). Raises AnswerError with what is expected.

        None changes nothing (see `answer`); `reset()` clears an answer.
        """
        if value is not None:
            self.session.set_answer(value)
            for note in self.session.notes:
                print(f"{self.definition.id}: {note}")
        return self

    submit = answer

    def check(self, value: Any = NOT_GIVEN) -> Score | Recorded:
        """Score the answer (after setting `value`, if given) and return the feedback.

        In an assessed notebook the check is recorded and a `Recorded` comes back: no correctness.
        """
        if value is not NOT_GIVEN:
            self.answer(value)
        return self.session.check()

    def reset(self) -> None:
        self.session.reset()

    def hint(self) -> str:
        return self.session.next_hint() or "No more hints for this exercise."

    def _ipython_display_(self) -> None:
        from course.exercises.display import show

        show(self.session)

    def __repr__(self) -> str:
        return f"<exercise {self.definition.id}: {self.definition.title}>"


def exercise(exercise_id: str) -> ExerciseHandle:
    """An exercise by id; leave it as a cell's last value to show its widget."""
    return ExerciseHandle(session(exercise_id))


def answer(exercise_id: str, value: Any) -> None:
    """Record an answer in code (it appears in the exercise's widget and record).

    None records nothing and keeps the answer already given: exercise notebooks run
    `course.answer("04.workload", workload)` after a stub `workload = None`, and re-running
    that cell (Run All after a restart) must not wipe what the learner typed into the widget.
    """
    exercise(exercise_id).answer(value)


def check(exercise_id: str, value: Any = NOT_GIVEN) -> Score | Recorded:
    """Check an exercise (optionally giving the answer first) and return its Score (a Recorded when assessed)."""
    return exercise(exercise_id).check(value)
