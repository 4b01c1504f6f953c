"""One exercise's state in a running kernel, shared by its widget and the API.

The session owns the answer, the attempt count and the revision number, keeps
the journal up to date, and tells its views (the widget, the record output)
when anything changes. Views never score or store anything themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import accept, normalise
from course.exercises.journal import Entry, Journal
from course.exercises.learner import learner_id
from course.exercises.model import Exercise
from course.exercises.records import (
    EARLIER_VERSION_NOTE,
    HISTORY_LIMIT,
    OTHER_CASE_NOTE,
    AnswerRecord,
    PracticeCase,
    bundle,
    make_record,
)
from course.exercises.results import CORRECT, Score
from course.exercises.scoring import practice_check
from course.exercises.status import Status
from course.exercises.variants import case_order, variant_named, variants_of

EXPLANATION_RULE = (
    "The explanation of a part appears once that part is right; a part that is not right gets feedback "
    "on why not, never its explanation (that would name the answer)."
)
"""The explanation reveal rule, in one place. It holds however many checks a learner makes, and it is
the only rule the learner edition can keep: there a part's explanation is sealed under its right
answer, so only that answer opens it. A first wrong check therefore never reveals anything."""
RECORDED_SUMMARY = "Recorded. Feedback comes after the deadline."
NOTHING_FOR_THIS_CASE = "Nothing to check for your case yet: the answer kept here answers another case."
FROM_NOTEBOOK = "the saved notebook"
FROM_PRACTICE = "this exercise's record of the cases you practised on"
PRACTICE_CASE = "For practice only: your answer to your own case above is the one that counts"
FROM_JOURNAL = "this computer's answer journal"


class RetiredSession(RuntimeError):
    """An exercise's old view was used after the learner's case changed: re-run its cell to see the new case."""


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
    first_checked: Any = None
    history: tuple[Any, ...] = ()
    practice_cases: tuple[PracticeCase, ...] = ()

    @classmethod
    def of(cls, source: str, kept: AnswerRecord | Entry, learner: str | None = None) -> Restorable:
        """What a saved record or a journal entry holds (they keep the same state)."""
        return cls(
            source,
            kept.answer,
            kept.attempts,
            kept.revision,
            kept.fingerprint,
            learner,
            kept.first_checked,
            kept.history,
            kept.practice_cases,
        )


@dataclass(frozen=True)
class Recorded:
    """What Check gives in an assessed notebook: the answer is recorded, with no correctness,
    points or explanation (they reach the learner from the grader's feedback after the deadline)."""

    exercise_id: str
    attempts: int
    summary: str = RECORDED_SUMMARY
    status: Status = Status.RECORDED
    case: str = ""
    """The case recorded ('' for an exercise without cases)."""

    def __str__(self) -> str:
        return self.summary


@dataclass(frozen=True)
class EarlierAnswer:
    """An answer given to an earlier version of the question, or to another case of it, kept as it was
    until the learner changes it."""

    answer: Any
    fingerprint: str
    variant: str = ""
    """The case it answered ('' for an exercise without cases, or a version from before it had them)."""
    other_case: bool = False
    """True when it answered another case than the session's: it is kept, never shown in the controls."""


class ExerciseSession:
    """The live state of one exercise: answer, checks, hints.

    On creation it takes, of the record saved in the notebook file and the journal's entry,
    the one with the higher revision (the file on a tie): the file is what the learner hands
    in, the journal holds what was not saved yet. Revisions only grow, and only a change or a
    Reset by the learner makes one, so a fresh empty record can never win over an answer.
    """

    case_label = "Your case"
    """How its view names the case it shows."""

    def __init__(
        self,
        exercise: Exercise,
        journal: Journal,
        saved: AnswerRecord | None = None,
        *,
        versions: VersionLookup | None = None,
        file_warning: str | None = None,
        base: Exercise | None = None,
        case_chosen: str = "",
    ) -> None:
        self.exercise = exercise
        self.journal = journal
        self.versions = versions
        self.base = base or exercise
        """The exercise as the bank has it, holding its cases (`variants_of`); `exercise` is one of them."""
        self.base_case = self.base.variant
        """The id of the exercise's base case: a version written before it had cases was that case."""
        self.case_chosen = case_chosen
        """How the case was chosen, in words, when not from the learner's id ('' when it was)."""
        self.practice_cases: list[PracticeCase] = []
        """Answers to other cases tried for practice, the last tried last (kept in the record, never graded)."""
        self.practising: CaseSession | None = None
        """The other case being tried ("Try another case"), if any."""
        self.retired: str | None = None
        """Why this session no longer records answers (the learner's id, and so their case, changed)."""
        self.answer: Any = None
        self.attempts = 0
        """Checks of a changed answer (Check again on an unchanged answer is not an attempt)."""
        self.first_checked: Any = None
        """The answer at the first Check (None before it)."""
        self.history: list[Any] = []
        """The last `HISTORY_LIMIT` checked answers, each different from the one before."""
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
            candidates.append(Restorable.of(FROM_NOTEBOOK, saved, saved.learner))
        entry = self.journal.get(self.exercise.id)
        if entry is not None:
            candidates.append(Restorable.of(FROM_JOURNAL, entry, entry.learner))
        self.warning = self.journal.warning or file_warning
        if not candidates:
            return
        chosen = max(candidates, key=lambda c: c.revision)  # the first (the file) on a tie
        self.revision = max(c.revision for c in candidates)
        self.practice_cases = list(chosen.practice_cases)
        self.attempts = max(c.attempts for c in candidates)
        self.history = list(chosen.history)
        self.first_checked = next((c.first_checked for c in [chosen, *candidates] if c.first_checked is not None), None)
        if chosen.answer is None:
            return
        if chosen.fingerprint != self.exercise.fingerprint:
            answered = self.versions(self.exercise.id, chosen.fingerprint) if self.versions is not None else None
            case = (answered.variant or self.base_case) if answered is not None else self.exercise.variant
            if case != self.exercise.variant:
                self._keep_other_case(chosen, answered)
                return
            self.earlier = EarlierAnswer(chosen.answer, chosen.fingerprint, answered.variant if answered else "")
            self.warning = EARLIER_VERSION_NOTE
        try:
            self.answer = normalise(self.exercise, chosen.answer)
        except AnswerError:
            if self.earlier is None:
                self.warning = "A saved answer no longer fits this exercise (it has changed), so it was not restored."
                return
        self.restored, self.restored_from, self.answer_learner = True, chosen.source, chosen.learner
        if self.attempts and self.has_answer and not self.exercise.assessed:
            self.last_score = self._score()
        if self.practice_cases and not self.exercise.assessed:
            last = variant_named(self.base, self.practice_cases[-1].variant)
            if last is not None and last.variant != self.exercise.variant:
                self.practising = CaseSession(self, last)

    def _keep_other_case(self, chosen: Restorable, answered: Exercise | None) -> None:
        """An answer to another case (given under another learner id, or to a case chosen in code): kept in
        the record as it was, with its checks, until the learner answers their own case; never scored here."""
        given = answered.case_name if answered is not None and answered.case_name else "an earlier case"
        who = f", recorded under the learner id {chosen.learner}" if chosen.learner else ""
        variant = (answered.variant or self.base_case) if answered is not None else ""
        self.earlier = EarlierAnswer(chosen.answer, chosen.fingerprint, variant, other_case=True)
        self.warning = OTHER_CASE_NOTE.format(given=given, who=who, yours=self.exercise.case_name)
        self.restored, self.restored_from, self.answer_learner = True, chosen.source, chosen.learner

    @property
    def has_answer(self) -> bool:
        """Whether there is an answer to record (to this version, or kept from an earlier one)."""
        return self.answer is not None or self.earlier is not None

    def _score(self) -> Score:
        """The practice check of the answer (`scoring.practice_check`: a right answer in full, one not right
        yet no more than it has earned); one kept from an earlier version against that version when known."""
        if self.earlier is not None and self.versions is not None:
            used = self.versions(self.exercise.id, self.earlier.fingerprint)
            if used is not None:
                try:
                    return practice_check(used, normalise(used, self.earlier.answer))
                except AnswerError:
                    pass
        return practice_check(self.exercise, self.answer)

    # --- changes -------------------------------------------------------
    def set_answer(self, raw: Any) -> Any:
        """Set the answer (any accepted form); returns the canonical form. Raises AnswerError.

        What had to be changed to keep it (a text cut to the length limit) is in `notes`.
        """
        self._refuse_if_retired()
        canonical, self.notes = accept(self.exercise, raw)
        if canonical == self.answer and (self.earlier is None or not self.earlier.other_case):
            return canonical
        self._leave_other_case()
        self.answer = canonical
        self.earlier = None
        self.answer_learner = None
        if self.warning == EARLIER_VERSION_NOTE:
            self.warning = None
        self.revision += 1
        self._persist("answer")
        return canonical

    def check(self) -> Score | Recorded:
        """Record the check and, in practice mode, score the current answer.

        A check counts as an attempt only when the answer differs from the one checked
        last: pressing Check again proves nothing new. Checking with no answer counts for
        nothing: otherwise two empty checks would unlock the full explanations before the
        learner has tried anything. In an assessed notebook the check is recorded the same
        way and returns a `Recorded`, which carries no correctness. An answer kept from another case is
        not checked: it answers no question this session shows.
        """
        self._refuse_if_retired()
        if self.earlier is not None and self.earlier.other_case:
            self.last_score = None
            self._notify("check")
            return Recorded(self.exercise.id, self.attempts, NOTHING_FOR_THIS_CASE, Status.UNANSWERED)
        if self.has_answer:
            checked = self._recorded_answer()[0]
            if not self.history or self.history[-1] != checked:
                self.attempts += 1
                self.history = [*self.history, checked][-HISTORY_LIMIT:]
                if self.first_checked is None:
                    self.first_checked = checked
        if self.exercise.assessed:
            self.last_score = None
            self._persist("check")
            return Recorded(self.exercise.id, self.attempts, case=self.exercise.variant)
        self.last_score = self._score()
        self._persist("check")
        return self.last_score

    def reset(self) -> None:
        """Clear the answer and its feedback (attempts already made still count)."""
        self._refuse_if_retired()
        self._leave_other_case()
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

    def _leave_other_case(self) -> None:
        """The learner acts on their own case: an answer kept from another one, and its checks, go."""
        if self.earlier is None or not self.earlier.other_case:
            return
        self.earlier = None
        self.answer_learner = None
        self.attempts, self.first_checked, self.history = 0, None, []
        self.warning = self.journal.warning

    def retire(self, reason: str) -> None:
        """Stop recording (another session now holds this exercise for the learner's new case)."""
        self.retired = reason
        self.warning = reason
        self._notify("retired")

    def _refuse_if_retired(self) -> None:
        if self.retired is not None:
            raise RetiredSession(self.retired)

    # --- views -----------------------------------------------------------
    @property
    def reveal_explanations(self) -> bool:
        """Whether every explanation may be shown: once the whole answer is right (EXPLANATION_RULE),
        never in an assessed notebook. A right part shows its own explanation regardless."""
        if self.exercise.assessed:
            return False
        return self.last_score is not None and self.last_score.status == CORRECT

    def _recorded_answer(self) -> tuple[Any, str]:
        """The answer as recorded and the fingerprint of the version it answered."""
        if self.earlier is not None:
            return self.earlier.answer, self.earlier.fingerprint
        return self.answer, self.exercise.fingerprint

    def record(self) -> dict[str, Any]:
        """The answer record; an answer kept from an earlier version (or another case) keeps its fingerprint and case."""
        answer, fingerprint = self._recorded_answer()
        learner = self.answer_learner if self.answer_learner is not None else learner_id()
        return make_record(
            self.exercise,
            answer,
            attempts=self.attempts,
            revision=self.revision,
            learner=learner,
            fingerprint=fingerprint,
            first_checked=self.first_checked,
            history=self.history,
            variant=self.earlier.variant if self.earlier is not None else None,
            practice_cases=self.practice_cases,
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
        self.journal.put(
            self.exercise.id,
            Entry(
                record["answer"],
                self.attempts,
                self.revision,
                record["fingerprint"],
                self.first_checked,
                tuple(self.history),
                record["learner"],
                tuple(self.practice_cases),
            ),
        )
        self.warning = self.journal.warning or self.warning
        self._notify(event)

    # --- other cases, for practice -----------------------------------------
    @property
    def can_try_another(self) -> bool:
        """Whether "Try another case" is offered: a practice exercise with cases, once its case is right."""
        return (
            not self.exercise.assessed
            and self.retired is None
            and len(variants_of(self.base)) > 1
            and self.last_score is not None
            and self.last_score.status == CORRECT
        )

    def another_case(self) -> CaseSession:
        """Start practising on a fresh case of the exercise (the next in the learner's own order of cases,
        `variants.case_order`; once all were tried, the one tried longest ago): its answers are kept beside
        the answer to this case, never over it."""
        self._refuse_if_retired()
        if self.exercise.assessed:
            raise ValueError(f"{self.exercise.id} is assessed: another case is offered for practice only")
        if len(variants_of(self.base)) < 2:
            raise ValueError(f"{self.exercise.id} has no other case")
        if not self.can_try_another:
            raise ValueError(f"{self.exercise.id}: another case is offered once your case is right; check it first")
        from course.exercises.learner import learner_id

        tried = [case.variant for case in self.practice_cases]  # the last tried last
        if self.practising is not None:  # the case on screen counts as the last tried
            tried = [*(v for v in tried if v != self.practising.exercise.variant), self.practising.exercise.variant]
        others = [c for c in case_order(self.base, learner_id()) if c.variant != self.exercise.variant]
        fresh = [c for c in others if c.variant not in tried]
        if fresh:
            chosen = fresh[0]
        else:  # every other case tried: the one tried longest ago that is not on screen, so they come round
            by_id = {c.variant: c for c in others}
            again = [v for v in tried if v in by_id and v != tried[-1]] or [v for v in tried if v in by_id]
            chosen = by_id[again[0]]
        self.practising = CaseSession(self, chosen)
        self._notify("another")
        return self.practising

    def keep_practice(self, case: PracticeCase, changed: bool) -> None:
        """Keep a practice case's answer in this exercise's record (the last tried last), beside its answer."""
        self.practice_cases = [*(c for c in self.practice_cases if c.variant != case.variant), case]
        if changed:
            self.revision += 1
        self._persist("practice")

    def _notify(self, event: str) -> None:
        for listener in list(self._listeners):
            listener(event)


class CaseSession(ExerciseSession):
    """Another case of an exercise, tried for practice once the learner's own case is right.

    It scores and explains like any practice session; what it keeps goes into its parent's record
    (`practice_cases`), beside the parent's answer and never over it, so the graded answer stays the one
    given to the learner's own case."""

    case_label = "Practice case"

    def __init__(self, parent: ExerciseSession, case: Exercise) -> None:
        self.parent = parent
        super().__init__(case, parent.journal, None, base=parent.base, case_chosen=PRACTICE_CASE)

    def _restore(self, saved: AnswerRecord | None, file_warning: str | None) -> None:
        kept = next(
            (c for c in self.parent.practice_cases if c.variant == self.exercise.variant),
            None,
        )
        self.warning = None
        if kept is None or kept.answer is None or kept.fingerprint != self.exercise.fingerprint:
            return
        try:
            self.answer = normalise(self.exercise, kept.answer)
        except AnswerError:
            return
        self.attempts = kept.attempts
        self.restored, self.restored_from = True, FROM_PRACTICE
        if self.attempts:
            self.last_score = self._score()

    def _persist(self, event: str) -> None:
        changed = event in ("answer", "reset")
        self.parent.keep_practice(
            PracticeCase(self.exercise.variant, self.exercise.fingerprint, self.answer, self.attempts), changed
        )
        self._notify(event)

    @property
    def can_try_another(self) -> bool:
        return self.parent.retired is None and self.last_score is not None and self.last_score.status == CORRECT

    def another_case(self) -> CaseSession:
        """The next case to practise on, after this one (asked of the exercise's own session)."""
        return self.parent.another_case()

    def record(self) -> dict[str, Any]:
        """The exercise's record: this case's answer is kept in it, beside the answer to the learner's own case."""
        return self.parent.record()
