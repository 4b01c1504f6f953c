"""The programmatic face of the exercises: answer and check in code.

Solutions, tests, and learners who cannot use a widget call these; the widget
calls the same session underneath, so both paths record and score alike.

    ex = course.exercise("04.raci-startup")   # show it (last line of a cell)
    ex.answer({...}); ex.check()              # or answer it in code

Exercises come from the shipped definitions, or from the folder the
`MLOPS_COURSE_EXERCISES` environment variable names (see `definitions`).

An exercise written with several cases shows the learner's own case, drawn from their
learner id (`course.exercises.variants`). `case="..."` shows another case in this kernel
(an instructor revealing the answer to a given case); a learner's answer to a case not
their own is graded against their own. When the learner's id changes, the next use of an
exercise gives the new id's case, and views of the old case stop recording.
"""

from __future__ import annotations

from typing import Any

from course.exercises.definitions import bank as bank  # the notebook API offers it
from course.exercises.journal import Journal, notebook_key
from course.exercises.learner import learner_id, on_change
from course.exercises.model import Exercise
from course.exercises.notebook_file import saved_in_this_notebook
from course.exercises.results import Score
from course.exercises.session import ExerciseSession, Recorded
from course.exercises.variants import variant_for, variant_named, variants_of
from course.text import NOT_GIVEN

_sessions: dict[tuple[str | None, str], ExerciseSession] = {}
_journals: dict[str | None, Journal] = {}
_chosen_cases: dict[str, str] = {}
"""Exercise id -> the case shown in this kernel whatever the learner's id (`case=`)."""
CHOSEN_IN_CODE = "Shown because a cell asked for this case (case=...)"
CASE_CHANGED = (
    "Your learner id changed, and with it your case of this exercise: this view no longer records answers. "
    "Re-run this cell to see your case."
)


def definition(exercise_id: str) -> Exercise:
    return bank().get(exercise_id)


def case_of(exercise_id: str, case: str | None = None) -> Exercise:
    """The case of an exercise this kernel shows: `case` if given (then kept for this kernel), else one chosen
    earlier with `case=`, else the learner's own (`variant_for`)."""
    base = definition(exercise_id)
    if case is not None:
        chosen = variant_named(base, case)
        if chosen is None:
            known = ", ".join(c.variant for c in variants_of(base) if c.variant) or "none: it has no cases"
            raise KeyError(f"{exercise_id} has no case {case!r} (its cases: {known})")
        _chosen_cases[exercise_id] = case
        return chosen
    if exercise_id in _chosen_cases:
        chosen = variant_named(base, _chosen_cases[exercise_id])
        if chosen is not None:
            return chosen
    return variant_for(base, learner_id())


def session(exercise_id: str, case: str | None = None) -> ExerciseSession:
    """The live session of an exercise in this kernel, for the case it shows (`case_of`).

    Created at first use from the record saved in this notebook's file and its journal,
    whichever is newer (see `ExerciseSession`). When the case to show has changed (the
    learner's id changed, or `case=` asks for another), a new session takes over and the
    old one stops recording.
    """
    notebook = notebook_key()
    key = (notebook, exercise_id)
    wanted = case_of(exercise_id, case)
    found = _sessions.get(key)
    if found is not None and found.exercise.fingerprint != wanted.fingerprint:
        found.retire(CASE_CHANGED)
        found = None
    if found is None:
        saved = saved_in_this_notebook()
        journal = _journals.get(notebook)
        if journal is None:
            journal = _journals[notebook] = Journal.for_notebook(notebook_id=saved.notebook_id)
        found = ExerciseSession(
            wanted,
            journal,
            saved.records.get(exercise_id),
            versions=bank().version,
            file_warning=saved.warning,
            base=definition(exercise_id),
            case_chosen=CHOSEN_IN_CODE if exercise_id in _chosen_cases else "",
        )
        _sessions[key] = found
    return found


def learner_changed() -> None:
    """The learner's id changed: every view of a case that is no longer theirs stops recording."""
    for key, found in list(_sessions.items()):
        exercise_id = found.exercise.id
        if found.retired is None and found.exercise.fingerprint != case_of(exercise_id).fingerprint:
            found.retire(CASE_CHANGED)
            del _sessions[key]


on_change(learner_changed)


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

    def another_case(self) -> ExerciseHandle:
        """Once this practice exercise's case is right: another case of it to practise on (show it, or answer
        and check it in code). Its answers are kept beside the answer to your case, never over it."""
        return ExerciseHandle(self.session.another_case())

    def _ipython_display_(self) -> None:
        from course.exercises.display import show

        show(self.session)

    @property
    def case(self) -> str:
        """The case this handle shows ('' for an exercise without cases)."""
        return self.definition.case_name

    def __repr__(self) -> str:
        case = f" (case: {self.definition.case_name})" if self.definition.case_name else ""
        return f"<exercise {self.definition.id}: {self.definition.title}{case}>"


def exercise(exercise_id: str, case: str | None = None) -> ExerciseHandle:
    """An exercise by id; leave it as a cell's last value to show its widget.

    It shows the learner's own case of an exercise with cases; `case` (a case id) shows that one
    in this kernel instead."""
    return ExerciseHandle(session(exercise_id, case))


def answer(exercise_id: str, value: Any, case: str | None = None) -> None:
    """Record an answer in code (it appears in the exercise's widget and record).

    None records nothing and keeps the answer already given: exercise notebooks run
    `course.answer("04.workload", workload)` after a stub `workload = None`, and re-running
    that cell (Run All after a restart) must not wipe what the learner typed into the widget.
    `case`: the case the answer is for (see `exercise`).
    """
    exercise(exercise_id, case).answer(value)


def check(exercise_id: str, value: Any = NOT_GIVEN, case: str | None = None) -> Score | Recorded:
    """Check an exercise (optionally giving the answer first) and return its Score (a Recorded when assessed)."""
    return exercise(exercise_id, case).check(value)
