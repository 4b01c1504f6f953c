"""`course.review()`: today's review in a notebook, or in code.

    course.review()                    # last value of a cell: the summary, the chart, the items
    r = course.review(); r.check(0, "r-fixes")   # or answer in code (the first check is the review)

The clock is the computer's unless one is given (`clock=`, a function returning an aware
datetime): tests and demonstrations move time forward without waiting.
"""

from __future__ import annotations

from typing import Any

from course.exercises.results import Score
from course.spaced_review.schedule import Clock, utc_now
from course.spaced_review.today import ReviewItem, TodaysReview, build_review
from course.text import NOT_GIVEN


class Review:
    """What `course.review()` returns: shows today's review when displayed; answers and checks in code."""

    def __init__(self, today: TodaysReview, clock: Clock) -> None:
        self.today = today
        self.clock = clock

    @property
    def items(self) -> list[ReviewItem]:
        return self.today.items

    @property
    def due(self) -> int:
        return self.today.due

    def item(self, which: int | str) -> ReviewItem:
        """An item by position (0 for the first) or exercise id."""
        return self.today.item(which)

    def check(self, which: int | str, value: Any = NOT_GIVEN) -> Score:
        """Check an item (after setting `value`, if given); its first check is the review."""
        return self.today.check(which, value)

    def summary(self) -> str:
        from course.spaced_review.widget import summary_bundle

        return str(summary_bundle(self.today)["text/plain"])

    def chart(self, theme: str | None = None) -> Any:
        """The recall chart (a matplotlib Figure with its text description), or None with nothing scheduled."""
        if not self.today.schedule.items and not self.today.schedule.log:
            return None
        from course.figures.recall import recall

        now = self.clock()
        return recall(self.today.recall_history(), self.today.forecast(now), self.today.today, theme=theme)

    def _ipython_display_(self) -> None:
        from IPython.display import display

        from course.spaced_review.widget import ReviewItemWidget, summary_bundle

        display(summary_bundle(self.today), raw=True)
        figure = self.chart()
        if figure is not None:
            display(figure)
        for position, item in enumerate(self.today.items, start=1):
            display(ReviewItemWidget(item, position, len(self.today.items)))
            handle = display(item.bundle(), raw=True, display_id=True)
            item.subscribe(_updater(handle, item))

    def __repr__(self) -> str:
        return self.summary()


def _updater(handle: Any, item: ReviewItem) -> Any:
    return lambda: handle.update(item.bundle(), raw=True)


def review(*, clock: Clock | None = None) -> Review:
    """Today's review for this learner (see `course.review`)."""
    from course.exercises.definitions import bank
    from course.exercises.learner import learner_id

    chosen = clock or utc_now
    return Review(build_review(bank(), learner_id(), chosen), chosen)
