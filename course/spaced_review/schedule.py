"""The learner's review schedule: one file beside the answer journal, locked and written atomically.

It lives in the learner's course home (`~/.mlops-course/review/`, or under `MLOPS_COURSE_HOME`),
so on a hub it follows the hub user, like the journal; one file per learner id. Every change is a
read-modify-write under the folder's lock (the journal's `folder_lock`: the operating system's
lock on Linux, macOS and Windows), written atomically (a crash leaves the old file or the new one).
A damaged file is set aside and reported, and the schedule is rebuilt from the evidence
(`sync`). Nothing here touches a graded answer, the journal or a notebook.

The scheduler is FSRS (the `fsrs` package), with its default parameters and 90% target
recall, set for a course rather than a deck of cards: no same-day learning steps (the shortest
gap is a day, so an item never comes back on the day its feedback was seen), no random fuzz
(the learner can plan, and tests can predict), at most `MAX_INTERVAL_DAYS` between reviews.
An item is due on the learner's local date its card falls due, from the start of that day.
Time comes from a clock (`Clock`) that tests replace: nothing here reads the time itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from fsrs import Card, Rating, Scheduler

from course.atomic import write_json_atomic
from course.exercises.journal import folder_lock
from course.exercises.results import CORRECT, PARTIAL, Score
from course.paths import LearnerHomeError, learner_home

Clock = Callable[[], datetime]
SCHEDULE_FORMAT = "mlops-course-review-schedule"
SCHEDULE_VERSION = 1
MAX_INTERVAL_DAYS = 90
"""A course lasts weeks, not years: no item waits longer than this between two reviews."""
DESIRED_RETENTION = 0.9
"""FSRS schedules the next review when the predicted chance of recall falls to this."""
ANONYMOUS = "anonymous"
"""The schedule's name while no learner id is set."""


def utc_now() -> datetime:
    """The real clock (aware, UTC, as FSRS requires)."""
    return datetime.now(UTC)


def local_day(moment: datetime) -> date:
    """The learner's calendar day of a moment (the computer's time zone)."""
    return moment.astimezone().date()


def scheduler() -> Scheduler:
    """FSRS as the course uses it (see the module docstring)."""
    return Scheduler(
        desired_retention=DESIRED_RETENTION,
        learning_steps=(),
        relearning_steps=(),
        maximum_interval=MAX_INTERVAL_DAYS,
        enable_fuzzing=False,
    )


def rating_of_review(result: Score) -> Rating:
    """A review's first try as an FSRS rating: right is Good, partly right Hard, wrong Again."""
    if result.status == CORRECT:
        return Rating.Good
    return Rating.Hard if result.status == PARTIAL else Rating.Again


@dataclass
class Item:
    """One exercise in the schedule: its FSRS card, why it came back, and the cases the learner has seen."""

    exercise_id: str
    card: Card
    reason: str
    entered: datetime
    """When the miss happened (its evidence's time: the write of the journal or notebook that held it)."""
    seen: list[str] = field(default_factory=list)
    """The cases shown with feedback, oldest first (the exercise notebook's, then each review's)."""
    reviews: int = 0

    @property
    def due_day(self) -> date:
        return local_day(self.card.due)

    @property
    def last_studied(self) -> datetime:
        return self.card.last_review or self.entered

    def to_json(self) -> dict[str, Any]:
        return {
            "card": dict(self.card.to_dict()),
            "reason": self.reason,
            "entered": self.entered.isoformat(),
            "seen": list(self.seen),
            "reviews": self.reviews,
        }

    @classmethod
    def from_json(cls, exercise_id: str, data: dict[str, Any]) -> Item:
        seen = data.get("seen", [])
        if not isinstance(seen, list) or not all(isinstance(case, str) for case in seen):
            raise TypeError("seen")
        return cls(
            exercise_id,
            Card.from_dict(data["card"]),
            str(data["reason"]),
            _aware(datetime.fromisoformat(data["entered"])),
            list(seen),
            int(data.get("reviews", 0)),
        )


@dataclass(frozen=True)
class ReviewEntry:
    """One review: when, which case, how the first try went, and how many days after the item was last studied."""

    exercise_id: str
    when: datetime
    case: str
    rating: int
    status: str
    points: float
    max_points: float
    days: int
    number: int

    @property
    def recalled(self) -> bool:
        return self.status == CORRECT

    def to_json(self) -> dict[str, Any]:
        return {
            "exercise": self.exercise_id,
            "when": self.when.isoformat(),
            "case": self.case,
            "rating": self.rating,
            "status": self.status,
            "points": self.points,
            "max_points": self.max_points,
            "days": self.days,
            "number": self.number,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ReviewEntry:
        return cls(
            str(data["exercise"]),
            _aware(datetime.fromisoformat(data["when"])),
            str(data["case"]),
            int(data["rating"]),
            str(data["status"]),
            float(data["points"]),
            float(data["max_points"]),
            int(data["days"]),
            int(data["number"]),
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass
class Schedule:
    """A learner's items and review log. Change it inside `locked_schedule`, which saves it."""

    learner: str | None
    items: dict[str, Item] = field(default_factory=dict)
    log: list[ReviewEntry] = field(default_factory=list)
    path: Path | None = None
    warning: str | None = None

    # --- what is due -------------------------------------------------------------------------------------------

    def due(self, now: datetime) -> list[Item]:
        """The items due today (their day has come), oldest due first, then in course order."""
        today = local_day(now)
        found = [item for item in self.items.values() if item.due_day <= today]
        return sorted(found, key=lambda item: (item.card.due, item.exercise_id))

    def upcoming(self, now: datetime) -> list[Item]:
        """The items due on a later day, soonest first."""
        today = local_day(now)
        found = [item for item in self.items.values() if item.due_day > today]
        return sorted(found, key=lambda item: (item.card.due, item.exercise_id))

    def retrievability(self, item: Item, moment: datetime) -> float:
        """FSRS's predicted chance that the learner recalls the item at `moment`."""
        return float(scheduler().get_card_retrievability(item.card, moment))

    # --- changes -----------------------------------------------------------------------------------------------

    def enter(
        self,
        exercise_id: str,
        rating: Rating,
        reason: str,
        when: datetime,
        first_case: str,
        practised: Sequence[str] = (),
    ) -> bool:
        """Schedule a missed item (its first check as its first FSRS review, at `when`); False if already in.
        `practised`: other cases the learner checked beside it ("Try another case"), seen as well."""
        if exercise_id in self.items:
            return False
        card = Card(card_id=_card_id(exercise_id), due=when)
        card, _ = scheduler().review_card(card, rating, when)
        self.items[exercise_id] = Item(exercise_id, card, reason, when, [first_case, *practised])
        return True

    def record_review(self, exercise_id: str, case: str, result: Score, when: datetime) -> ReviewEntry:
        """A review's first try: reschedule the item with its rating and log it. KeyError for an unknown item."""
        item = self.items[exercise_id]
        rating = rating_of_review(result)
        days = max(0, (local_day(when) - local_day(item.last_studied)).days)
        item.card, _ = scheduler().review_card(item.card, rating, when)
        item.reviews += 1
        item.seen.append(case)
        entry = ReviewEntry(
            exercise_id,
            when,
            case,
            int(rating),
            str(result.status),
            result.points,
            result.max_points,
            days,
            item.reviews,
        )
        self.log.append(entry)
        return entry

    # --- the file ----------------------------------------------------------------------------------------------

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SCHEDULE_FORMAT,
            "version": SCHEDULE_VERSION,
            "learner": self.learner,
            "items": {exercise_id: item.to_json() for exercise_id, item in sorted(self.items.items())},
            "log": [entry.to_json() for entry in self.log],
        }


def _card_id(exercise_id: str) -> int:
    """A stable card id from the exercise id (FSRS would otherwise use, and wait a millisecond for, the clock)."""
    import hashlib

    return int(hashlib.sha256(exercise_id.encode("utf-8")).hexdigest()[:12], 16)


def schedule_dir() -> Path:
    """Where schedules live: beside the journal folder in the learner's course home."""
    return learner_home() / "review"


WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)), *(f"lpt{n}" for n in range(1, 10))}
)
"""File names Windows refuses, whatever the extension: a learner id may be one of them."""


def schedule_path(learner: str | None) -> Path:
    """The learner's schedule file (learner ids are path-safe; a name Windows reserves gets a leading `_`)."""
    name = learner or ANONYMOUS
    if name.split(".")[0].casefold() in WINDOWS_RESERVED:
        name = f"_{name}"
    return schedule_dir() / f"{name}.json"


def read_schedule(learner: str | None, path: Path | None = None) -> Schedule:
    """The learner's schedule as the file holds it (empty when there is none). Never raises.

    A damaged file is set aside (`<name>.corrupt-<time>.json`) and reported in `warning`; the
    schedule is then rebuilt from the saved evidence by `sync`. Without a home folder the
    schedule lives in memory only, with a warning saying so.
    """
    if path is None:
        try:
            path = schedule_path(learner)
        except LearnerHomeError as err:
            return Schedule(learner, warning=str(err))
    schedule = Schedule(learner, path=path)
    try:
        data = json.loads(path.read_bytes())
    except FileNotFoundError:
        return schedule
    except OSError as err:
        schedule.warning = (
            f"The review schedule {path} could not be read ({err}); it is rebuilt from your saved notebooks."
        )
        return schedule
    except ValueError:
        data = None
    try:
        if not isinstance(data, dict) or data.get("format") != SCHEDULE_FORMAT:
            raise ValueError("not a review schedule")
        schedule.items = {str(k): Item.from_json(str(k), v) for k, v in data["items"].items()}
        schedule.log = [ReviewEntry.from_json(entry) for entry in data["log"]]
    except (ValueError, KeyError, TypeError, AttributeError):
        schedule.items, schedule.log = {}, []
        aside = _set_aside(path)
        schedule.warning = (
            f"The review schedule was damaged and has been set aside as {aside.name}; "
            "it is rebuilt from your saved notebooks and answer journal."
        )
    return schedule


def _set_aside(path: Path) -> Path:
    aside = path.with_name(f"{path.stem}.corrupt-{time.strftime('%Y%m%d-%H%M%S')}.json")
    with contextlib.suppress(OSError):
        os.replace(path, aside)
    return aside


@contextlib.contextmanager
def locked_schedule(learner: str | None) -> Iterator[Schedule]:
    """The learner's schedule for one read-modify-write: read under the lock, saved when the block ends.

    A schedule that cannot be locked or written is still given (changes then last for this
    kernel only) with a `warning` saying so: a review must never fail because a disk is full.
    """
    with contextlib.ExitStack() as held:
        try:
            held.enter_context(folder_lock(schedule_dir()))
        except OSError as err:  # LearnerHomeError is an OSError too
            schedule = read_schedule(learner)
            schedule.path = None
            schedule.warning = (
                f"The review schedule could not be locked ({err}); this review counts for this kernel only."
            )
            yield schedule
            return
        schedule = read_schedule(learner)
        before = schedule.to_json()
        yield schedule
        if schedule.path is not None and schedule.to_json() != before:
            try:
                write_json_atomic(schedule.path, schedule.to_json())
            except OSError as err:
                schedule.warning = (
                    f"The review schedule could not be saved ({err}); this review counts for this kernel only."
                )


def days_between(earlier: datetime, later: datetime) -> int:
    """Whole calendar days from one moment to another, on the learner's calendar."""
    return (local_day(later) - local_day(earlier)).days


def start_of_day(day: date) -> datetime:
    """Midnight of a local day, as an aware UTC moment (for forecasts drawn per day)."""
    return datetime.combine(day, datetime.min.time()).astimezone().astimezone(UTC)
