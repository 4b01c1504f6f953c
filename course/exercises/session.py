"""One exercise's state in a running kernel, shared by its widget and the API.

The session owns the answer, the attempt count and the revision number, keeps
the journal up to date, and tells its views (the widget, the record output)
when anything changes. Views never score or store anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from course.exercises.answers import AnswerError, accept, normalise
from course.exercises.definitions import Exercise
from course.exercises.journal import Entry, Journal
from course.exercises.learner import learner_id
from course.exercises.records import EARLIER_VERSION_NOTE, AnswerRecord, bundle, make_record
from course.exercises.scoring import CORRECT, Score, score

REVEAL_AFTER_ATTEMPTS = 2
"""Full explanations are shown once a part is right or after this many checks."""
FROM_NOTEBOOK = "the saved notebook"
FROM_JOURNAL = "this computer's answer journal"

Listener = Callable[[str], None]
VersionLookup = Callable[[str, str], Exercise | None]


@dataclass(frozen=True)
class Restorable:
    """An exercise's last state as one source (the notebook file or the journal) has it."""

    source: str
    answer: Any
    attempts: int
    revision: int
    fingerprint: str
    learner: str | None = None


@dataclass(frozen=True)
class EarlierAnswer:
    """An answer given to an earlier version of the question, kept as it was until the learner changes it."""

    answer: Any
    fingerprint: str


class ExerciseSession:
    """The live state of one exercise: answer, checks, hints.

    On creation it takes, of the record saved in the notebook file and the journal's entry,
    the one with the higher revision (the file on a tie): the file is what the learner hands
    in, the journal holds what was not saved yet. Revisions only grow, and only a change or a
    Reset by the learner makes one, so a fresh empty record can never win over an answer.
    """

    def __init__(
        self,
        exercise: Exercise,
        journal: Journal,
        saved: AnswerRecord | None = None,
        *,
        versions: VersionLookup | None = None,
        file_warning: str | None = None,
    ) -> None:
        self.exercise = exercise
        self.journal = journal
        self.versions = versions
        self.answer: Any = None
        self.attempts = 0
        self.revision = 0
        self.hints_shown = 0
        self.last_score: Score | None = None
        self.warning: str | None = None
        self.notes: list[str] = []
        """What `accept` changed in the last answer given (shown to the learner)."""
        self.restored = False
        self.restored_from: str | None = None
        self.earlier: EarlierAnswer | None = None
        self.answer_learner: str | None = None
        """The learner recorded with a restored answer; kept until the answer changes."""
        self._listeners: list[Listener] = []
        self._restore(saved, file_warning)

    def _restore(self, saved: AnswerRecord | None, file_warning: str | None) -> None:
        candidates = []
        if saved is not None and saved.exercise == self.exercise.id:
            candidates.append(
                Restorable(
                    FROM_NOTEBOOK, saved.answer, saved.attempts, saved.revision, saved.fingerprint, saved.learner
                )
            )
        entry = self.journal.get(self.exercise.id)
        if entry is not None:
            candidates.append(Restorable(FROM_JOURNAL, entry.answer, entry.attempts, entry.revision, entry.fingerprint))
        self.warning = self.journal.warning or file_warning
        if not candidates:
            return
        chosen = max(candidates, key=lambda c: c.revision)  # the first (the file) on a tie
        self.revision = max(c.revision for c in candidates)
        self.attempts = max(c.attempts for c in candidates)
        if chosen.answer is None:
            return
        if chosen.fingerprint != self.exercise.fingerprint:
            self.earlier = EarlierAnswer(chosen.answer, chosen.fingerprint)
            self.warning = EARLIER_VERSION_NOTE
        try:
            self.answer = normalise(self.exercise, chosen.answer)
        except AnswerError:
            if self.earlier is None:
                self.warning = "A saved answer no longer fits this exercise (it has changed), so it was not restored."
                return
        self.restored, self.restored_from, self.answer_learner = True, chosen.source, chosen.learner
        if self.attempts and self.has_answer:
            self.last_score = self._score()

    @property
    def has_answer(self) -> bool:
        """Whether there is an answer to record (to this version, or kept from an earlier one)."""
        return self.answer is not None or self.earlier is not None

    def _score(self) -> Score:
        """Score the answer; one kept from an earlier version against that version when it is known."""
        if self.earlier is not None and self.versions is not None:
            used = self.versions(self.exercise.id, self.earlier.fingerprint)
            if used is not None:
                try:
                    return score(used, normalise(used, self.earlier.answer))
                except AnswerError:
                    pass
        return score(self.exercise, self.answer)

    # --- changes -------------------------------------------------------
    def set_answer(self, raw: Any) -> Any:
        """Set the answer (any accepted form); returns the canonical form. Raises AnswerError.

        What had to be changed to keep it (a text cut to the length limit) is in `notes`.
        """
        canonical, self.notes = accept(self.exercise, raw)
        if canonical == self.answer:
            return canonical
        self.answer = canonical
        self.earlier = None
        self.answer_learner = None
        if self.warning == EARLIER_VERSION_NOTE:
            self.warning = None
        self.revision += 1
        self._persist("answer")
        return canonical

    def check(self) -> Score:
        """Score the current answer and count the attempt.

        Checking with no answer counts for nothing: otherwise two empty checks would
        unlock the full explanations before the learner has tried anything.
        """
        if self.has_answer:
            self.attempts += 1
        self.last_score = self._score()
        self._persist("check")
        return self.last_score

    def reset(self) -> None:
        """Clear the answer and its feedback (attempts already made still count)."""
        self.answer = None
        self.earlier = None
        self.answer_learner = None
        if self.warning == EARLIER_VERSION_NOTE:
            self.warning = None
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
        """The answer record; an answer kept from an earlier version keeps that version's fingerprint."""
        answer, fingerprint = self.answer, self.exercise.fingerprint
        if self.earlier is not None:
            answer, fingerprint = self.earlier.answer, self.earlier.fingerprint
        learner = self.answer_learner if self.answer_learner is not None else learner_id()
        return make_record(
            self.exercise,
            answer,
            attempts=self.attempts,
            revision=self.revision,
            learner=learner,
            fingerprint=fingerprint,
        )

    def bundle(self) -> dict[str, Any]:
        """The MIME bundle of the current record (machine-readable + a text line)."""
        return bundle(self.exercise, self.record())

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call `listener(event)` after every change; returns a function that unsubscribes."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def _persist(self, event: str) -> None:
        record = self.record()
        self.journal.put(self.exercise.id, Entry(record["answer"], self.attempts, self.revision, record["fingerprint"]))
        self.warning = self.journal.warning or self.warning
        self._notify(event)

    def _notify(self, event: str) -> None:
        for listener in list(self._listeners):
            listener(event)
