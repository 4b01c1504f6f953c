"""The review in a line: what `course.progress()` and `mlops-course check` say, and the words for days.

Days are written the same on every computer ("tomorrow", "Fri 12 Dec"), with no locale, so a
saved notebook reads the same wherever it is opened. The nudge never fails the tool it sits in:
a schedule that cannot be read or written gives no line rather than an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from course.paths import REVIEW_NOTEBOOK
from course.spaced_review.schedule import Clock, Schedule, local_day, locked_schedule, utc_now

if TYPE_CHECKING:
    from course.exercises.definitions import ExerciseBank

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
WHERE = f"course.review() in any notebook, or {REVIEW_NOTEBOOK.as_posix()}"


def day_words(day: date, today: date) -> str:
    """'today', 'tomorrow', else 'Fri 12 Dec'."""
    if day == today:
        return "today"
    if day.toordinal() == today.toordinal() + 1:
        return "tomorrow"
    return f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]}"


def items(count: int) -> str:
    return f"{count} item{'s' if count != 1 else ''}"


def next_words(next_days: Iterable[tuple[date, int]], today: date) -> str:
    """'1 item tomorrow, 2 items on Fri 12 Dec'."""
    parts = []
    for day, count in next_days:
        when = day_words(day, today)
        parts.append(f"{items(count)} {when if when in ('today', 'tomorrow') else 'on ' + when}")
    return ", ".join(parts)


def upcoming_days(schedule: Schedule, today: date, limit: int = 2) -> list[tuple[date, int]]:
    counts: dict[date, int] = {}
    for item in schedule.items.values():
        if item.due_day > today:
            counts[item.due_day] = counts.get(item.due_day, 0) + 1
    return sorted(counts.items())[:limit]


def nudge_line(schedule: Schedule, today: date) -> str | None:
    """One line on the review, or None when nothing was ever scheduled."""
    if not schedule.items:
        return None
    due = sum(item.due_day <= today for item in schedule.items.values())
    later = next_words(upcoming_days(schedule, today), today)
    if due:
        then = f"; next, {later}" if later else ""
        return f"Review: {items(due)} due today ({WHERE}){then}."
    return f"Review: nothing due today; next, {later}." if later else None


def learner_nudge(
    clock: Clock = utc_now,
    notebooks: Iterable[Path] | None = None,
    *,
    journals: bool = True,
    definitions: ExerciseBank | None = None,
) -> str | None:
    """The nudge for this learner: new misses entered first (from `notebooks`, default the course's, and
    the journals, scored with `definitions`, default the configured ones), then the line. Never raises."""
    from course.datafile import DataFileError
    from course.exercises.definitions import bank
    from course.exercises.learner import learner_id
    from course.spaced_review.sync import sync

    try:
        now = clock()
        with locked_schedule(learner_id()) as schedule:
            sync(schedule, definitions or bank(), now, notebooks, journals=journals)
        return nudge_line(schedule, local_day(now))
    except (OSError, ValueError, DataFileError):
        return None
