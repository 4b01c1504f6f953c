"""What a notebook shows of today's review: a summary, the recall chart, and one widget per item.

The summary and the chart are ordinary outputs (HTML with a text line; a PNG with its text
description), so a saved notebook keeps them readable without the kernel. Each item is the
exercise's own widget (`build_widget`, the same view as in its exercise notebook, over a
session that records apart), between a line saying why it is back and, after its first
Check, when it comes back next. Its review record follows it, updated after that first Check.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.widgets import build_widget
from course.exercises.widgets.style import ROOT_CLASS, style_widget
from course.spaced_review.nudge import WHERE, day_words, items, next_words
from course.spaced_review.today import ReviewItem, TodaysReview

REVIEW_REMINDER = (
    "In a review only your first Check is recorded (the line under this exercise), apart from your answers in "
    "the exercise notebooks. Save the notebook (Ctrl+S) to keep it in the file."
)
RESULT_WORDS = {"correct": "right", "partial": "partly right", "incorrect": "not right"}


def summary_lines(review: TodaysReview) -> list[str]:
    """The summary in sentences: what is due, what was done today, what comes next."""
    lines = []
    due = review.due
    if not review.schedule.items:
        lines.append(
            "Nothing to review yet. An item you get wrong at its first check (or right only after several "
            "checks) comes back here a day or more later, as a new case where the exercise has one."
        )
    elif due:
        waiting = (
            f" ({review.waiting} of them wait for your next review: a short review gets done)" if review.waiting else ""
        )
        lines.append(f"{items(due)} due today{waiting}.")
    else:
        lines.append("Nothing is due today.")
    if review.done_today:
        right = sum(entry.recalled for entry in review.done_today)
        lines.append(f"Done today: {items(len(review.done_today))}, {right} right at the first try.")
    later = next_words(review.next_days(), review.today)
    if later:
        lines.append(f"Next: {later}.")
    if review.entered:
        lines.append(f"New in your schedule: {', '.join(review.entered)}.")
    if review.warning:
        lines.append(review.warning)
    return lines


def summary_bundle(review: TodaysReview) -> dict[str, Any]:
    """The summary as HTML and as text (what a saved notebook shows without the kernel)."""
    lines = summary_lines(review)
    html = Markup("<div class='mlc-review-summary'><h3>Today's review</h3>{}<p><small>{}</small></p></div>").format(
        Markup("").join(Markup("<p>{}</p>").format(line) for line in lines),
        f"Your review schedule stays on this computer (or hub account); open it any day with {WHERE}.",
    )
    return {"text/html": str(html), "text/plain": "Today's review. " + " ".join(lines)}


def reason_line(item: ReviewItem, position: int, total: int) -> str:
    days = item.days
    ago = "today" if days == 0 else f"{days} day{'s' if days != 1 else ''} ago"
    case = "This is a new case." if item.case.fresh else "The exercise has one case: answer it again from memory."
    return f"Review {position} of {total} · {item.exercise_id}: {item.reason}; last studied {ago}. {case}"


def result_line(item: ReviewItem, today_words: str = "today") -> str:
    """After the first try: how it went and when the item comes back."""
    if item.entry is None:
        return ""
    outcome = RESULT_WORDS.get(item.entry.status, item.entry.status)
    if item.next_due is None:
        return f"First try: {outcome}. {item.warning or ''}".strip()
    when = day_words(item.next_due, item.clock().astimezone().date())
    gap = (item.next_due - item.clock().astimezone().date()).days
    later = f"{when} (in {gap} day{'s' if gap != 1 else ''})" if when != "tomorrow" else "tomorrow"
    text = f"First try: {outcome}. Rescheduled: this item comes back {later}. Later checks here only give feedback."
    return f"{text} {item.warning}" if item.warning else text


class ReviewItemWidget(widgets.VBox):
    """One review item: why it is back, the exercise's widget, and when it comes back after the first Check."""

    def __init__(self, item: ReviewItem, position: int, total: int) -> None:
        super().__init__()
        self.item = item
        self.add_class(ROOT_CLASS)
        self.add_class("mlc-review-item")
        self.header = widgets.HTML(Markup("<p class='mlc-meta'>{}</p>").format(reason_line(item, position, total)))
        self.exercise = build_widget(item.session)
        reminder = getattr(self.exercise, "reminder", None)
        if reminder is not None:  # the exercise notebook's wording would say every change is recorded
            reminder.value = REVIEW_REMINDER
        self.result = widgets.HTML()
        self.result.add_class("mlc-review-result")
        self.children = [style_widget(), self.header, self.exercise, self.result]
        item.subscribe(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        line = result_line(self.item)
        self.result.value = str(Markup("<p class='mlc-notice' role='status'>{}</p>").format(line)) if line else ""

    def __repr__(self) -> str:
        return f"Review item {self.item.exercise_id} (interactive widget; run the notebook in JupyterLab to see it)"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = repr(self)
        return data
