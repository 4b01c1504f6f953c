"""Score an answer against its definition: points, and feedback that explains.

One scorer for everyone: the widget's Check button, the learner's self-check
in the terminal and the auto-grader all call `score`, so a learner never sees
one score in the notebook and another in the gradebook. Pure logic: no widget,
no plotting, no file access.

Feedback comes in two layers. `feedback` says what is wrong and why (the
misconception behind a wrong choice) without giving the answer away, so a
second attempt still makes the learner think; `explanation` gives the full
reasoning, shown once the part is right, after a few attempts, or in graded
feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from course.exercises.definitions import (
    Choice,
    Exercise,
    FreeText,
    Matching,
    MultipleSelect,
    RaciGrid,
    Scenario,
    SingleChoice,
    Value,
)
from course.raci.matrix import RaciMatrix
from course.raci.rules import ONE_ACCOUNTABLE, RULE_TEXT, SOME_RESPONSIBLE, activity_problems

CORRECT, PARTIAL, INCORRECT, UNANSWERED, COLLECTED = "correct", "partial", "incorrect", "unanswered", "collected"


@dataclass(frozen=True)
class Part:
    """One scored piece of an answer: a choice, a matching item, a RACI row, a rule, a value."""

    label: str
    points: float
    max_points: float
    correct: bool
    feedback: str
    explanation: str = ""
    given: str | None = None
    misconception: str | None = None


@dataclass(frozen=True)
class Score:
    """The result of scoring one answer."""

    exercise_id: str
    points: float
    max_points: float
    status: str
    summary: str
    parts: tuple[Part, ...] = ()

    @property
    def misconceptions(self) -> tuple[str, ...]:
        return tuple(p.misconception for p in self.parts if p.misconception)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def score(exercise: Exercise, answer: Any) -> Score:
    """Score a canonical answer (see `answers.normalise`); None scores as unanswered."""
    if answer in (None, "", [], {}):
        if isinstance(exercise, FreeText):
            return Score(exercise.id, 0.0, 0.0, UNANSWERED, "No reflection written yet.")
        return Score(
            exercise.id,
            0.0,
            exercise.points,
            UNANSWERED,
            f"No answer yet (0 of {format_points(exercise.points)} points).",
        )
    return _SCORERS[type(exercise)](exercise, answer)


def format_points(points: float) -> str:
    """Points as people write them: 2, 0.5, 3.67 (at most two decimals, no trailing zeros)."""
    return f"{points:.2f}".rstrip("0").rstrip(".")


def readable_points(points: float) -> str:
    """Points for a learner's eyes: one decimal at most (1.1, not 1.09), so partial credit reads
    at a glance; the score itself keeps its precision."""
    return f"{points:.1f}".rstrip("0").rstrip(".")


def _status(points: float, max_points: float) -> str:
    if points >= max_points - 1e-9:
        return CORRECT
    return PARTIAL if points > 1e-9 else INCORRECT


def _finish(exercise: Exercise, parts: list[Part], detail: str, *, points: float | None = None) -> Score:
    """Total the parts (floored at zero: wrong picks never cost more than the exercise is worth)."""
    total = sum(p.points for p in parts) if points is None else points
    points = round(min(max(0.0, total), exercise.points), 4)
    summary = f"{readable_points(points)} of {readable_points(exercise.points)} points. {detail}".strip()
    return Score(exercise.id, points, exercise.points, _status(points, exercise.points), summary, tuple(parts))


def _without_credit(parts: list[Part]) -> list[Part]:
    """The same parts and feedback, scoring nothing (partial_credit: none and not all right)."""
    return [replace(p, points=0.0) for p in parts]


def _choice_part(choice: Choice, points: float, correct: bool) -> Part:
    if correct:
        return Part(choice.text, points, points, True, choice.feedback, choice.feedback, choice.id)
    return Part(choice.text, 0.0, points, False, choice.feedback, "", choice.id, choice.misconception)


def _single(exercise: SingleChoice, answer: str) -> Score:
    chosen = exercise.choice(answer)
    part = _choice_part(chosen, exercise.points, answer == exercise.key)
    detail = "Correct." if part.correct else "Not this one; read the feedback and try again."
    return _finish(exercise, [part], detail)


def _select_parts(choices: tuple[Choice, ...], key: frozenset[str], selected: set[str], points: float) -> list[Part]:
    """Right-minus-wrong parts: each correct pick earns points/len(key) and each wrong pick costs
    points/(number of wrong choices), so ticking everything earns nothing."""
    unit = points / len(key)
    wrong_choices = len(choices) - len(key)
    penalty = points / wrong_choices if wrong_choices else 0.0
    parts = []
    for choice in choices:
        if choice.id in key and choice.id in selected:
            parts.append(Part(choice.text, unit, unit, True, choice.feedback, choice.feedback, choice.id))
        elif choice.id in key:
            parts.append(
                Part(
                    choice.text,
                    0.0,
                    unit,
                    False,
                    "One of the right options is not selected yet.",
                    choice.feedback,
                    None,
                )
            )
        elif choice.id in selected:
            parts.append(
                Part(
                    choice.text,
                    -penalty,
                    0.0,
                    False,
                    choice.feedback,
                    "",
                    choice.id,
                    choice.misconception,
                )
            )
    return parts


def _multiple(exercise: MultipleSelect, answer: list[str]) -> Score:
    selected = set(answer)
    parts = _select_parts(exercise.choices, exercise.key, selected, exercise.points)
    if exercise.partial_credit == "none" and selected != exercise.key:
        parts = _without_credit(parts)
    right = len(selected & exercise.key)
    wrong = len(selected - exercise.key)
    detail = f"{right} of {len(exercise.key)} right options selected" + (
        f", {wrong} wrong (each wrong pick takes points off)." if wrong else "."
    )
    return _finish(exercise, parts, detail)


def _matching(exercise: Matching, answer: dict[str, str]) -> Score:
    unit = exercise.points / len(exercise.items)
    parts = []
    for item in exercise.items:
        placed = answer.get(item.id)
        if placed is None:
            parts.append(Part(item.text, 0.0, unit, False, "Not placed yet.", item.explanation))
        elif placed in item.accepted:
            parts.append(
                Part(item.text, unit, unit, True, item.explanation, item.explanation, exercise.category_text(placed))
            )
        else:
            wrong = exercise.category_text(placed)
            specific = item.misconceptions.get(placed)
            feedback = (
                specific
                or f"{item.text} does not belong with {wrong}. Think about who uses it or produces it day to day."
            )
            parts.append(
                Part(
                    item.text,
                    0.0,
                    unit,
                    False,
                    feedback,
                    item.explanation,
                    wrong,
                    item.misconception_names.get(placed),
                )
            )
    if exercise.partial_credit == "none" and not all(p.correct for p in parts):
        parts = _without_credit(parts)
    right = sum(p.correct for p in parts)
    return _finish(exercise, parts, f"{right} of {len(exercise.items)} items placed correctly.")


def _raci_matrix(exercise: RaciGrid, answer: dict[str, dict[str, str]]) -> RaciMatrix:
    rows: dict[str, dict[str, object]] = {}
    for activity in exercise.activities:
        row: dict[str, object] = dict(answer.get(activity, {}))
        for (given_activity, role), text in exercise.given.items():
            if given_activity == activity:
                row[role] = text
        rows[activity] = row
    return RaciMatrix.from_rows(rows, exercise.roles, exercise.scheme)


EMPTY_ROWS_LABEL = "Rows not filled in yet"
RULE_WHY = {
    ONE_ACCOUNTABLE: "With two A's nobody is clearly answerable; with none, nobody answers for the result at all.",
    SOME_RESPONSIBLE: "Without an R the work has an owner on paper but nobody who actually does it.",
}


def _raci(exercise: RaciGrid, answer: dict[str, dict[str, str]]) -> Score:
    matrix = _raci_matrix(exercise, answer)
    scored = exercise.scored_cells
    scored_set = set(scored)
    cell_points = exercise.points - exercise.rule_points
    unit = cell_points / len(scored)
    parts = []
    total_wrong = 0
    empty_rows: list[str] = []
    empty_points = 0.0
    for activity in exercise.activities:
        cells = [(activity, role) for role in exercise.roles if (activity, role) in scored_set]
        if not cells:
            continue
        if not answer.get(activity):
            # A row the learner has not touched earns nothing, even where the key is blank. It is
            # listed once with the other empty rows: it shows no misconception, only unfinished work.
            total_wrong += len(cells)
            empty_rows.append(activity)
            empty_points += unit * len(cells)
            continue
        wrong = [
            role
            for _, role in cells
            if matrix.cell(activity, role).letters != exercise.key.cell(activity, role).letters
        ]
        total_wrong += len(wrong)
        problems = [p.message for p in activity_problems(matrix, activity)]
        given = ", ".join(f"{r}: {matrix.cell(activity, r) or '–'}" for r in exercise.roles)
        if not wrong:
            feedback = exercise.explanations[activity]
        else:
            feedback = f"{len(wrong)} of {len(cells)} cells differ from the key ({', '.join(wrong)})."
            if problems:
                feedback += " " + " ".join(problems)
        misconception = _raci_misconception(matrix, exercise, activity) if wrong else None
        parts.append(
            Part(
                activity,
                unit * (len(cells) - len(wrong)),
                unit * len(cells),
                not wrong,
                feedback,
                exercise.explanations[activity],
                given,
                misconception,
            )
        )
    if empty_rows:
        parts.append(
            Part(
                EMPTY_ROWS_LABEL,
                0.0,
                empty_points,
                False,
                f"Still empty: {'; '.join(empty_rows)}. Fill them in, then check again.",
            )
        )
    if exercise.rules:
        rule_unit = exercise.rule_points / len(exercise.rules)
        for rule in exercise.rules:
            broken = [
                p.activity
                for a in exercise.activities
                if a not in empty_rows
                for p in activity_problems(matrix, a)
                if p.rule == rule
            ]
            ok = not broken and not empty_rows
            if broken:
                shown = ", ".join(str(b) for b in broken[:4]) + ("…" if len(broken) > 4 else "")
                feedback = f"Broken in {len(broken)} row(s): {shown}."
            elif empty_rows:
                feedback = "Kept in the rows filled in so far; it earns its points once every row keeps it."
            else:
                feedback = "Kept in every row."
            parts.append(
                Part(f"Rule: {RULE_TEXT[rule]}", rule_unit if ok else 0.0, rule_unit, ok, feedback, RULE_WHY[rule])
            )
    if exercise.partial_credit == "none" and total_wrong:
        parts = _without_credit(parts)
    right = len(scored) - total_wrong
    return _finish(exercise, parts, f"{right} of {len(scored)} cells match the key.")


def _raci_misconception(matrix: RaciMatrix, exercise: RaciGrid, activity: str) -> str | None:
    """Name the classic RACI slips a wrong row shows, for the class report."""
    accountable = matrix.holders(activity, "A")
    if len(accountable) > 1:
        return "Shared accountability (more than one A)"
    if not accountable and any(not c.is_blank for c in matrix.row(activity).values()):
        return "Nobody accountable (no A)"
    if not matrix.holders(activity, "R") and accountable:
        return "Accountable without anyone responsible (no R)"
    key_a = exercise.key.holders(activity, "A")
    if accountable and key_a and accountable != key_a:
        return f"Accountability given to {accountable[0]} instead of {key_a[0]}"
    return None


def _scenario(exercise: Scenario, answer: dict[str, Any]) -> Score:
    topology = answer.get("topology")
    if topology is None:
        topo = Part("Topology", 0.0, exercise.topology_points, False, "No topology chosen yet.")
    else:
        topo = _choice_part(
            next(c for c in exercise.topologies if c.id == topology),
            exercise.topology_points,
            topology == exercise.topology_key,
        )
    selected = set(answer.get("reasons", []))
    reasons = _select_parts(exercise.reasons, exercise.reasons_key, selected, exercise.reasons_points)
    # Wrong reasons may cancel right reasons, never the topology's points.
    points = topo.points + max(0.0, sum(p.points for p in reasons))
    if exercise.partial_credit == "none" and (topology != exercise.topology_key or selected != exercise.reasons_key):
        points = 0.0
    right = len(selected & exercise.reasons_key)
    detail = (
        "Topology right" if topo.correct else "Topology not right yet"
    ) + f"; {right} of {len(exercise.reasons_key)} reasons."
    return _finish(exercise, [topo, *reasons], detail, points=points)


def _value(exercise: Value, answer: dict[str, float]) -> Score:
    unit = exercise.points / len(exercise.fields)
    # The explanation covers every field, so it goes with a right field only once all are
    # right: shown beside the first right value, it would give the others away.
    all_right = all(
        spec.id in answer and abs(answer[spec.id] - spec.expected) <= spec.tolerance + 1e-9 for spec in exercise.fields
    )
    parts = []
    for spec in exercise.fields:
        given = answer.get(spec.id)
        if given is None:
            parts.append(Part(spec.label, 0.0, unit, False, "No value yet.", exercise.explanation))
            continue
        ok = abs(given - spec.expected) <= spec.tolerance + 1e-9
        if ok:
            explanation = exercise.explanation if all_right else ""
            parts.append(Part(spec.label, unit, unit, True, "Right.", explanation, format_points(given)))
            continue
        mistake = next(
            (m for m in exercise.mistakes if m.field == spec.id and abs(m.value - given) <= max(spec.tolerance, 1e-9)),
            None,
        )
        direction = "too high" if given > spec.expected else "too low"
        feedback = (
            mistake.feedback if mistake else f"{format_points(given)} is {direction}. Check what your code counts."
        )
        parts.append(
            Part(
                spec.label,
                0.0,
                unit,
                False,
                feedback,
                exercise.explanation,
                format_points(given),
                mistake and f"{spec.label}: {format_points(given)}",
            )
        )
    right = sum(p.correct for p in parts)
    if exercise.partial_credit == "none" and right != len(parts):
        parts = _without_credit(parts)
    return _finish(exercise, parts, f"{right} of {len(exercise.fields)} values right.")


def _free_text(exercise: FreeText, answer: str) -> Score:
    words = len(answer.split())
    short = exercise.min_words and words < exercise.min_words
    feedback = (
        f"{words} words; aim for at least {exercise.min_words}."
        if short
        else f"{words} words recorded for your instructor."
    )
    part = Part("Reflection", 0.0, 0.0, not short, feedback, "", None)
    return Score(exercise.id, 0.0, 0.0, COLLECTED, feedback, (part,))


_SCORERS = {
    SingleChoice: _single,
    MultipleSelect: _multiple,
    Matching: _matching,
    RaciGrid: _raci,
    Scenario: _scenario,
    Value: _value,
    FreeText: _free_text,
}

__all__ = [
    "COLLECTED",
    "CORRECT",
    "EMPTY_ROWS_LABEL",
    "INCORRECT",
    "PARTIAL",
    "UNANSWERED",
    "Part",
    "Score",
    "format_points",
    "readable_points",
    "score",
]
