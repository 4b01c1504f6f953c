"""One exercise's state in a running kernel, shared by its widget and the API.

The session owns the answer, the attempt count and the revision number, keeps
the journal up to date, and tells its views (the widget, the record output)
when anything changes. Views never score or store anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from course.exercises.answers import AnswerError, normalise
from course.exercises.definitions import Exercise
from course.exercises.journal import Entry, Journal
from course.exercises.learner import learner_id
from course.exercises.records import bundle, make_record
from course.exercises.scoring import CORRECT, Score, score

REVEAL_AFTER_ATTEMPTS = 2
"""Full explanations are shown once a part is right or after this many checks."""

Listener = Callable[[str], None]


class ExerciseSession:
    """The live state of one exercise: answer, checks, hints; restored from the journal."""

    def __init__(self, exercise: Exercise, journal: Journal) -> None:
        self.exercise = exercise
        self.journal = journal
        self.answer: Any = None
        self.attempts = 0
        self.revision = 0
        self.hints_shown = 0
        self.last_score: Score | None = None
        self.warning: str | None = None
        self.restored = False
        self._listeners: list[Listener] = []
        self._restore()

    def _restore(self) -> None:
        entry = self.journal.get(self.exercise.id)
        self.warning = self.journal.warning
        if entry is None:
            return
        try:
            self.answer = normalise(self.exercise, entry.answer)
        except AnswerError:
            self.warning = "A saved answer no longer fits this exercise (it has changed), so it was not restored."
            return
        self.attempts, self.revision, self.restored = entry.attempts, entry.revision, True
        if entry.attempts and self.answer is not None:
            self.last_score = score(self.exercise, self.answer)

    # --- changes -------------------------------------------------------
    def set_answer(self, raw: Any) -> Any:
        """Set the answer (any accepted form); returns the canonical form. Raises AnswerError."""
        canonical = normalise(self.exercise, raw)
        if canonical == self.answer:
            return canonical
        self.answer = canonical
        self.revision += 1
        self._persist("answer")
        return canonical

    def check(self) -> Score:
        """Score the current answer and count the attempt.

        Checking with no answer counts for nothing: otherwise two empty checks would
        unlock the full explanations before the learner has tried anything.
        """
        if self.answer is not None:
            self.attempts += 1
        self.last_score = score(self.exercise, self.answer)
        self._persist("check")
        return self.last_score

    def reset(self) -> None:
        """Clear the answer and its feedback (attempts already made still count)."""
        self.answer = None
        self.last_score = None
        self.hints_shown = 0
        self.revision += 1
        self._persist("reset")

    def next_hint(self) -> str | None:
        """The next hint, or None when there are no more."""
        if self.hints_shown >= len(self.exercise.hints):
            return None
        self.hints_shown += 1
        self._notify("hint")
        return self.exercise.hints[self.hints_shown - 1]

    # --- views -----------------------------------------------------------
    @property
    def reveal_explanations(self) -> bool:
        """Whether full explanations may be shown (the answer is right, or enough tries were made)."""
        right = self.last_score is not None and self.last_score.status == CORRECT
        return right or self.attempts >= REVEAL_AFTER_ATTEMPTS

    def record(self) -> dict[str, Any]:
        return make_record(
            self.exercise, self.answer, attempts=self.attempts, revision=self.revision, learner=learner_id()
        )

    def bundle(self) -> dict[str, Any]:
        """The MIME bundle of the current record (machine-readable + a text line)."""
        return bundle(self.exercise, self.record())

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _persist(self, event: str) -> None:
        self.journal.put(self.exercise.id, Entry(self.answer, self.attempts, self.revision, self.exercise.fingerprint))
        self.warning = self.journal.warning or self.warning
        self._notify(event)

    def _notify(self, event: str) -> None:
        for listener in list(self._listeners):
            listener(event)
