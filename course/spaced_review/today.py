"""Today's review: the items due, each as a fresh case with a live session that records apart.

`build_review` enters new misses (`sync`), takes the items due today (at most `DAILY_LIMIT`,
oldest due first; the rest wait for the next sitting), and gives each a case (`cases.review_case`)
and an `ExerciseSession` with no journal: answering a review item never writes the answer
journal, an answer record or anything graded. Its first Check is the review: it is scored like
any practice check (the sealed practice key in the learner edition), rescheduled in the
schedule, logged, and kept in the item's review record; later checks only give feedback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from course.exercises.definitions import ExerciseBank
from course.exercises.journal import Journal
from course.exercises.results import Score
from course.exercises.scoring import score
from course.exercises.session import ExerciseSession, Recorded
from course.spaced_review.cases import ReviewCase, review_case
from course.spaced_review.evidence import reviewable
from course.spaced_review.review_records import make_review_record, review_bundle
from course.spaced_review.schedule import Clock, Item, ReviewEntry, Schedule, days_between, local_day, locked_schedule
from course.spaced_review.sync import sync
from course.text import NOT_GIVEN

DAILY_LIMIT = 10
"""Items in one day's review at most: a short review gets done; the rest stay due for the next one."""
FORECAST_DAYS = 14
REVIEW_CASE_WORDS = "Chosen for this review"
"""How a review item's case was chosen, in the widget's words (not the one drawn from the learner's id)."""


@dataclass
class ReviewItem:
    """One item of today's review: its case, its session, and its first try once made."""

    exercise_id: str
    reason: str
    case: ReviewCase
    session: ExerciseSession
    number: int
    """Which review of the item this is (1 for the first)."""
    days: int
    """Days since the item was last studied (its first check, or its last review)."""
    learner: str | None
    clock: Clock
    first_try: Any = None
    entry: ReviewEntry | None = None
    next_due: date | None = None
    warning: str | None = None
    _listeners: list[Callable[[], None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.session.subscribe(self._on_change)

    @property
    def done(self) -> bool:
        return self.entry is not None

    def record(self) -> dict[str, Any]:
        return make_review_record(
            self.case.exercise, self.case.case, self.learner, self.number, self.days, self.first_try
        )

    def bundle(self) -> dict[str, Any]:
        return review_bundle(self.record())

    def answer(self, value: Any) -> ReviewItem:
        """Give an answer (any form the exercise accepts; None changes nothing)."""
        if value is not None:
            self.session.set_answer(value)
        return self

    def check(self, value: Any = NOT_GIVEN) -> Score:
        """Check the answer (after setting `value`, if given): the first check is the review."""
        if value is not NOT_GIVEN:
            self.answer(value)
        result = self.session.check()
        assert not isinstance(result, Recorded), "assessed items are never reviewed"
        return result

    def subscribe(self, listener: Callable[[], None]) -> None:
        """Call `listener()` when the first try has been recorded."""
        self._listeners.append(listener)

    def _on_change(self, event: str) -> None:
        if event != "check" or self.done or self.session.last_score is None or not self.session.has_answer:
            return
        self.first_try = self.session.record()["answer"]
        # rated on what the answer earns, as the first check that sent the item back was (`evidence`): a practice
        # Check shows an answer that is not right yet no more than it has earned, which is not a measure of recall
        result = score(self.session.exercise, self.session.answer)
        with locked_schedule(self.learner) as schedule:
            item = schedule.items.get(self.exercise_id)
            if item is not None and item.reviews < self.number:
                self.entry = schedule.record_review(self.exercise_id, self.case.case, result, self.clock())
                self.next_due = item.due_day
            elif item is not None:  # reviewed meanwhile in another kernel: keep that review
                self.entry = next((e for e in reversed(schedule.log) if e.exercise_id == self.exercise_id), None)
                self.next_due = item.due_day
            self.warning = schedule.warning
        for listener in list(self._listeners):
            listener()


@dataclass
class TodaysReview:
    """What `course.review()` shows: the items due today, what waits, what was done, and the data of the chart."""

    learner: str | None
    today: date
    items: list[ReviewItem]
    waiting: int
    """Items due today beyond `DAILY_LIMIT`."""
    upcoming: list[Item]
    done_today: list[ReviewEntry]
    schedule: Schedule
    entered: list[str]
    warning: str | None = None

    @property
    def due(self) -> int:
        """Items due today and not yet reviewed in this sitting."""
        return sum(not item.done for item in self.items) + self.waiting

    def item(self, which: int | str) -> ReviewItem:
        """An item by position (0 for the first) or exercise id."""
        if isinstance(which, int):
            return self.items[which]
        for item in self.items:
            if item.exercise_id == which:
                return item
        raise KeyError(
            f"{which!r} is not in today's review ({', '.join(i.exercise_id for i in self.items) or 'empty'})"
        )

    def check(self, which: int | str, value: Any = NOT_GIVEN) -> Score:
        """Check a review item (after setting `value`, if given) and return its feedback."""
        return self.item(which).check(value)

    def next_days(self) -> list[tuple[date, int]]:
        """The next days with items due, and how many each (at most three days)."""
        counts: dict[date, int] = {}
        for item in self.upcoming:
            counts[item.due_day] = counts.get(item.due_day, 0) + 1
        return sorted(counts.items())[:3]

    def recall_history(self) -> list[tuple[date, int, int]]:
        """Per day with reviews: (day, first tries right, reviews), oldest first."""
        days: dict[date, list[int]] = {}
        for entry in self.schedule.log:
            counts = days.setdefault(local_day(entry.when), [0, 0])
            counts[0] += entry.recalled
            counts[1] += 1
        return [(day, right, total) for day, (right, total) in sorted(days.items())]

    def forecast(self, now: datetime, days: int = FORECAST_DAYS) -> list[tuple[date, float]]:
        """FSRS's predicted recall, averaged over the scheduled items, for today and the next `days` days."""
        items = list(self.schedule.items.values())
        if not items:
            return []
        points = []
        for offset in range(days + 1):
            moment = now + timedelta(days=offset)
            mean = sum(self.schedule.retrievability(item, moment) for item in items) / len(items)
            points.append((local_day(moment), mean))
        return points


def build_review(
    bank: ExerciseBank,
    learner: str | None,
    clock: Clock,
    notebooks: Iterable[Path] | None = None,
    *,
    journals: bool = True,
) -> TodaysReview:
    """Today's review for `learner`: new misses entered, due items with their cases and sessions."""
    now = clock()
    with locked_schedule(learner) as schedule:
        entered = sync(schedule, bank, now, notebooks, journals=journals)
    today = local_day(now)
    due = [item for item in schedule.due(now) if item.exercise_id in bank and reviewable(bank.get(item.exercise_id))]
    items = []
    for item in due[:DAILY_LIMIT]:
        base = bank.get(item.exercise_id)
        case = review_case(base, learner, item.seen)
        session = ExerciseSession(case.exercise, Journal(None), base=base, case_chosen=REVIEW_CASE_WORDS)
        items.append(
            ReviewItem(
                item.exercise_id,
                item.reason,
                case,
                session,
                item.reviews + 1,
                days_between(item.last_studied, now),
                learner,
                clock,
            )
        )
    done_today = [entry for entry in schedule.log if local_day(entry.when) == today]
    return TodaysReview(
        learner,
        today,
        items,
        max(0, len(due) - DAILY_LIMIT),
        schedule.upcoming(now),
        done_today,
        schedule,
        entered,
        schedule.warning,
    )
