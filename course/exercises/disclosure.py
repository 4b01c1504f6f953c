"""What one practice Check may show: no more than it teaches.

The Check of a practice exercise explains why (`results`), and a learner who genuinely tries needs
that. But a check that marks every part right or wrong is also an oracle: tick every option and the
marks say which are right; put one RACI letter in every cell and the row feedback names the cells
that hold it. So a check of an answer that is not right yet shows only what an attempt has earned:

1. A right answer is confirmed in full: every part, its explanation, the points.
2. An answer whose shape says nothing about the subject (every option ticked, every item in one
   category, rows that break the RACI rules: each type says which, `ExerciseType.unjudgeable`) is
   not judged part by part. The learner reads why, and what to do instead; no part is marked.
3. An answer that is mostly guesses (less than `Judging.judge_all_from` of the points) gets a few of
   its wrong parts explained (`Judging.explained`, the ones with feedback of their own first) and, for
   the types that say so, how many parts are right; its right parts are not marked one by one.
   Feedback in manageable pieces is also what the research on formative feedback recommends
   (Shute, 2008, "Focus on formative feedback", Review of Educational Research 78(1)).
4. An answer that is mostly right, or whose parts given so far are all right, is judged part by part.

Explanations of wrong parts never show before the answer is right (`session.EXPLANATION_RULE`), so
the instructor's copy and the learner edition's sealed check show the same thing. Pure: no type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from course.exercises.results import Part, Score
from course.exercises.status import Status


@dataclass(frozen=True)
class Judging:
    """How much the Check of an answer that is not right yet may tell, for one type."""

    explained: int = 2
    """Wrong parts explained by a check of an answer that is mostly guesses."""
    counts: bool = True
    """Whether the summary gives the points (so how many parts are right). Where the parts are few
    (a handful of options), a count and one explained part would pin the key down in two checks."""
    judge_all_from: float | None = 0.5
    """The share of the points from which every part is judged (None: not before the answer is right)."""
    noun: str = "part"
    """What a part is called in the messages ('item', 'row', 'option')."""


NOT_JUDGED = "Not judged part by part."


def not_judged(full: Score, reason: str, kept: tuple[Part, ...] = ()) -> Score:
    """The check of an answer whose shape cannot be judged part by part: why, what to do, no marks.
    `kept` are parts that say nothing about the key (a RACI row's broken rule)."""
    return Score(full.exercise_id, 0.0, full.max_points, Status.INCORRECT, f"{NOT_JUDGED} {reason}", kept)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' if count != 1 else ''}"


def disclose(full: Score, judging: Judging) -> Score:
    """The practice view of a full score (rules 1, 3 and 4 of the module docstring)."""
    if full.status == Status.CORRECT:
        return full
    given = [p for p in full.parts if p.given is not None]
    waiting = tuple(replace(p, explanation="") for p in full.parts if p.given is None)
    wrong = [p for p in given if not p.correct]
    mostly_right = judging.judge_all_from is not None and full.points >= judging.judge_all_from * full.max_points
    if not wrong or mostly_right:
        parts = tuple(p if p.correct else replace(p, explanation="") for p in given) + waiting
        return _view(full, judging, parts, "")
    shown = sorted(wrong, key=lambda p: not p.misconception)[: judging.explained]
    kept = [replace(p, explanation="") for p in given if p in shown]
    others = len(wrong) - len(shown)
    if judging.counts:
        note = (
            f"Most of this answer does not fit yet, so this check explains {_plural(len(shown), judging.noun)} "
            f"that {'do' if len(shown) != 1 else 'does'} not fit instead of marking every {judging.noun}"
            + (f" ({others} more do not fit either)" if others else "")
            + f". Rethink them, and the rest with them, then check again: every {judging.noun} is marked "
            "once most of the answer fits."
        )
    else:
        note = (
            f"One {judging.noun} you chose does not fit: its feedback is below. This check explains one "
            f"{judging.noun} at a time rather than marking them all; change this one, think again about the "
            "others, then check again."
        )
    return _view(full, judging, (*kept, *waiting), note)


def _view(full: Score, judging: Judging, parts: tuple[Part, ...], note: str) -> Score:
    if judging.counts:
        return replace(full, summary=f"{full.summary} {note}".strip(), parts=parts)
    summary = f"Not right yet. {note}".strip()
    return Score(full.exercise_id, 0.0, full.max_points, Status.INCORRECT, summary, parts)
