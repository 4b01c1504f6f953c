"""Scored parts worked out from a sealed practice key, shared by the choice types.

Each function mirrors one in `scoring` (`choice_part`, `select_parts`) and builds
its parts with the same pieces (`right_pick`, `wrong_pick`, `select_weights`), so the
points are the same by construction; it knows only the options the learner picked: an unpicked right
option is counted ("2 right options not selected yet"), never named.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from course.exercises.model import Choice, Exercise
from course.exercises.practice_key import Sealer
from course.exercises.results import Part, right_pick, select_weights, wrong_pick

MISSING_LABEL = "Not selected yet"


@dataclass(frozen=True)
class Opened:
    """What the sealed entry of one picked value says."""

    right: bool
    feedback: str = ""
    misconception: str | None = None


def bare_choices(choices: tuple[Choice, ...]) -> tuple[Choice, ...]:
    """Options as the learner edition ships them: id and text; feedback and misconception are sealed."""
    return tuple(replace(c, feedback="", misconception=None) for c in choices)


def seal_choices(sealer: Sealer, part: str, choices: tuple[Choice, ...], right: set[str] | frozenset[str]) -> None:
    """One entry per option: every option is either right or a wrong one with its own feedback."""
    for choice in choices:
        payload = {"right": choice.id in right, "feedback": choice.feedback, "misconception": choice.misconception}
        sealer.add(part, choice.id, payload)


def open_value(exercise: Exercise, part: str, value: object) -> Opened:
    """The sealed entry of a value the learner gave; a value without one is plainly wrong."""
    payload = exercise.practice.open(exercise.id, part, value) if exercise.practice is not None else None
    if payload is None:
        return Opened(False)
    return Opened(bool(payload.get("right")), str(payload.get("feedback") or ""), payload.get("misconception"))


def picked_choice_part(exercise: Exercise, part: str, choice: Choice, points: float) -> Part:
    """`scoring.choice_part` for one picked option, from its sealed entry."""
    opened = open_value(exercise, part, choice.id)
    if opened.right:
        return right_pick(choice, points, opened.feedback)
    return wrong_pick(choice, 0.0, points, opened.feedback, opened.misconception)


def picked_select_parts(
    exercise: Exercise,
    part: str,
    choices: tuple[Choice, ...],
    selected: set[str],
    points: float,
    right_count: int,
    noun: str = "right option",
) -> tuple[list[Part], int]:
    """`scoring.select_parts` for the ticked options, plus one part counting the right ones left unticked.

    Returns the parts and how many ticked options are right.
    """
    unit, penalty = select_weights(points, len(choices), right_count)
    parts, right = [], 0
    for choice in choices:
        if choice.id not in selected:
            continue
        opened = open_value(exercise, part, choice.id)
        if opened.right:
            right += 1
            parts.append(right_pick(choice, unit, opened.feedback))
        else:
            parts.append(wrong_pick(choice, -penalty, 0.0, opened.feedback, opened.misconception))
    missing = right_count - right
    if missing:
        plural = "s" if missing != 1 else ""
        feedback = f"{missing} {noun}{plural} not selected yet."
        parts.append(Part(MISSING_LABEL, 0.0, unit * missing, False, feedback, "", None))
    return parts, right


def missing_counted(
    parts: tuple[Part, ...], choices: tuple[Choice, ...], noun: str = "right option"
) -> tuple[Part, ...]:
    """Parts as the sealed check gives them: the instructor's score names each right option left unticked
    (graded feedback may); a practice check only counts them, in one part (as `picked_select_parts` does)."""
    texts = {c.text for c in choices}
    missed = [p for p in parts if p.given is None and not p.correct and p.label in texts]
    if not missed:
        return parts
    kept = tuple(p for p in parts if p not in missed)
    plural = "s" if len(missed) != 1 else ""
    feedback = f"{len(missed)} {noun}{plural} not selected yet."
    return (*kept, Part(MISSING_LABEL, 0.0, sum(p.max_points for p in missed), False, feedback, "", None))


def ticked_too_many(ticked: int, options: int, right: int, noun: str = "option") -> str | None:
    """Why ticking more options than there are right ones cannot be judged one by one (None when it can)."""
    if ticked <= right:
        return None
    what = f"every {noun}" if ticked == options else f"{ticked} of the {options} {noun}s"
    return (
        f"You ticked {what}, and {right} {'is' if right == 1 else 'are'} right here: ticks that cover "
        f"everything say nothing about which {noun}s you would defend. Untick the ones you would not argue "
        f"for, then check again: the {noun}s you keep are explained one at a time."
    )
