"""Small text helpers the type modules share for the instructor notes."""

from __future__ import annotations

import re

LIST_HEADINGS = (
    "Misconceptions this exercise surfaces:",
    "Placements with their own feedback (each a misconception):",
    "Common slips the feedback recognises:",
    "Rubric (marked by hand; not counted in the automatic score):",
    "Its cases (each learner gets one), each with its key and what its wrong answers show:",
)
MISCONCEPTIONS, PLACEMENTS, SLIPS, RUBRIC, CASES = LIST_HEADINGS


def first_sentence(text: str) -> str:
    """The feedback's first sentence, enough to recognise it in a list."""
    match = re.match(r"(.+?[.;!?])(\s|$)", text.strip())
    sentence = match.group(1) if match else text.strip()
    return sentence[:-1] + "." if sentence.endswith(";") else sentence


def short(text: str, limit: int = 70) -> str:
    """An option cut to its gist for a one-page key: no parenthesis, no final stop, at most `limit` characters."""
    text = re.sub(r"\s*\([^)]*\)", "", text).strip().rstrip(".")
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"
