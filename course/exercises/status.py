"""The status of one answer, everywhere: scorer, widget, progress table, grader, gradebook SQL.

A `StrEnum`, so a status is stored as its word in records, JSON and SQLite and
compares equal to it; code names the member, never the literal.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    CORRECT = "correct"
    PARTIAL = "partial"
    INCORRECT = "incorrect"
    UNANSWERED = "unanswered"
    COLLECTED = "collected"
    """A reflection: kept for the instructor, never scored automatically."""
    REJECTED = "rejected"
    """The grader could not read the answer as one for its question."""
    RECORDED = "recorded"
    """An answer in an assessed notebook: kept for the grader, no correctness shown before the deadline."""


LEARNER_WORDS = {
    Status.CORRECT: "correct",
    Status.PARTIAL: "partly right",
    Status.INCORRECT: "not right",
    Status.UNANSWERED: "not answered",
    Status.COLLECTED: "collected for your teacher",
    Status.REJECTED: "could not be read",
    Status.RECORDED: "recorded",
}
"""A status as a learner reads it in graded feedback."""

PRACTICE_WORDS = {
    Status.CORRECT: "correct",
    Status.PARTIAL: "partly correct",
    Status.INCORRECT: "not correct yet",
    Status.UNANSWERED: "no answer yet",
    Status.COLLECTED: "collected",
    Status.RECORDED: "recorded",
}
"""A status as the widget says it while the learner practises (screen-reader text before the summary)."""

MARKS = {
    Status.CORRECT: "✔",
    Status.PARTIAL: "◐",
    Status.INCORRECT: "✘",
    Status.UNANSWERED: "·",
    Status.COLLECTED: "✎",
    Status.RECORDED: "●",
}
"""A status as one sign, for tables and the widget."""
