"""How many Checks a learner who knows nothing needs to reach full marks, per exercise and strategy.

Every strategy a type offers (`ExerciseType.blind_strategies`: its blind answers handed in as they
are, and adaptive searches that read the feedback of each check) is played against the learner
edition's practice check of every exercise: the definition a learner has (no key, a sealed practice
key) and the Check a learner presses. Each strategy plays the question as it is shown, then as it
would be shown in `ORDERS` other orders (`ExerciseType.reordered`: its options, items, categories,
steps or rows shuffled), so that a strategy that only happens to meet the key in the order shown
(the first option) is not counted as one that finds it, while one that reads a cue the order does
not change (the longest option) is.

For each exercise and strategy the table gives the checks to full marks in the order shown, the most
checks over all the orders tried (a dash: some order did not get there within `MAX_CHECKS`), and the
share of orders that got there within two checks. An exercise is *solvable blind in two checks* when
one strategy gets there within two checks in every order tried.

    python -m course.authoring.blind_report              # the table and the figures per notebook
    python -m course.authoring.blind_report --markdown   # the same as Markdown tables, for the docs
    python -m course.authoring.blind_report --summary    # one row per exercise: its fastest strategy
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from course.exercises.answers import normalise
from course.exercises.blind_play import BlindStrategy, Check
from course.exercises.definitions import ExerciseBank, load_bank
from course.exercises.edition_data import learner_exercise
from course.exercises.model import Exercise
from course.exercises.results import Score
from course.exercises.scoring import practice_check, score
from course.exercises.status import Status
from course.exercises.type_registry import type_of
from course.text import format_points, json_encode

MAX_CHECKS = 30
"""Checks a strategy may make before it counts as not getting there."""
ORDERS = 24
"""Other orders each strategy is played in, besides the order shown."""
SOLVABLE = 2
"""An exercise one strategy brings to full marks within this many checks in every order is solvable blind."""
SALT = "b1d0" * 8
"""The sealed practice keys are played with a fixed salt, so the figures do not change between runs."""

CheckFor = Callable[[Exercise], Check]


@dataclass(frozen=True)
class Outcome:
    """One strategy played against one exercise."""

    exercise: str
    notebook: str
    points: float
    strategy: str
    shown: int | None
    """Checks to full marks in the order shown (None: not within MAX_CHECKS)."""
    worst: int | None
    """The most checks over every order tried (None: some order did not get there)."""
    within: float
    """The share of the orders tried that got there within SOLVABLE checks."""

    @property
    def solvable(self) -> bool:
        return self.worst is not None and self.worst <= SOLVABLE


def learner_view(exercise: Exercise) -> Exercise:
    """The exercise as a learner's practice notebook has it: no key, a sealed practice key."""
    return learner_exercise(replace(exercise, mode="practice"), SALT)


def practice_checks(exercise: Exercise) -> Check:
    """The Check a learner presses: the practice check of the learner edition's definition."""
    return lambda answer: practice_check(exercise, normalise(exercise, answer))


def full_marks_of(exercise: Exercise) -> Callable[[Any], bool]:
    """Whether an answer scores full marks, asked of the instructor's definition of `exercise`."""
    return lambda held: score(exercise, normalise(exercise, held)).status == Status.CORRECT


_ANSWER_KEY = json_encode(json.JSONEncoder(sort_keys=True, default=repr))
"""An answer's canonical JSON text, with an encoder made once (`json.dumps` with options makes one per call)."""


def remembered(function: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`function` of an answer, worked out once per answer: the strategies of one exercise hand in the same
    answers again and again (every strategy starts from the blind answer; each order replays the search), and
    a check or a score is a function of the definition and the answer alone. Answers are told apart by their
    JSON (the form a notebook stores), list order included."""
    known: dict[str, Any] = {}

    def recall(answer: Any) -> Any:
        key = _ANSWER_KEY(answer)
        if key not in known:
            known[key] = function(answer)
        return known[key]

    return recall


def checks_to_full_marks(
    exercise: Exercise, strategy: BlindStrategy, check: Check, full_marks: Callable[[Any], bool] | None = None
) -> int | None:
    """Play one strategy: the checks it makes before the answer it holds scores full marks (None: it never does,
    or not within MAX_CHECKS). Whether an answer scores full marks is asked of the instructor's definition
    (`full_marks_of(exercise)`, unless `full_marks` is given)."""
    full_marks = full_marks or full_marks_of(exercise)
    made = 0

    def counted(answer: Any) -> Score:
        nonlocal made
        made += 1
        return check(answer)

    for held in strategy.play(counted):
        if full_marks(held):
            return made
        if made >= MAX_CHECKS:
            return None
    return None


def play(exercise: Exercise, check_for: CheckFor = practice_checks, orders: int = ORDERS) -> list[Outcome]:
    """Every blind strategy of an exercise's type, played against `check_for(learner's definition)`."""
    exercise_type = type_of(exercise)
    if not exercise_type.scored or exercise.assessed:
        return []
    learner = learner_view(exercise)
    shown_as = [learner, *(exercise_type.reordered(learner, random.Random(n)) for n in range(orders))]
    full_marks = remembered(full_marks_of(exercise))
    runs: dict[str, list[int | None]] = {}
    for view in shown_as:
        check = remembered(check_for(view))  # each order keeps its own: its feedback may list parts in its order
        for strategy in exercise_type.blind_strategies(view):
            runs.setdefault(strategy.name, []).append(checks_to_full_marks(exercise, strategy, check, full_marks))
    found = []
    for name, counts in runs.items():
        shown = counts[0]
        worst = None if any(r is None for r in counts) else max(r for r in counts if r is not None)
        within = sum(r is not None and r <= SOLVABLE for r in counts) / len(counts)
        found.append(Outcome(exercise.id, exercise.notebook, exercise.points, name, shown, worst, within))
    return found


def play_bank(bank: ExerciseBank, check_for: CheckFor = practice_checks, orders: int = ORDERS) -> list[Outcome]:
    return [outcome for exercise in bank for outcome in play(exercise, check_for, orders)]


@dataclass(frozen=True)
class NotebookFigures:
    """Per practice notebook: its points, and those a blind learner can count on within SOLVABLE checks."""

    notebook: str
    points: float
    solvable: float
    """Points of the exercises one strategy solves within SOLVABLE checks in every order."""
    expected: float
    """Points times the best strategy's share of orders that get there within SOLVABLE checks: what blind
    play earns on average in two checks, by luck included."""
    reachable: float
    """Points of the exercises one strategy brings to full marks in every order, within MAX_CHECKS."""


def figures(outcomes: Iterable[Outcome]) -> list[NotebookFigures]:
    by_exercise: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_exercise.setdefault(outcome.exercise, []).append(outcome)
    notebooks: dict[str, list[float]] = {}
    for runs in by_exercise.values():
        points = runs[0].points
        row = notebooks.setdefault(runs[0].notebook, [0.0, 0.0, 0.0, 0.0])
        row[0] += points
        row[1] += points if any(r.solvable for r in runs) else 0.0
        row[2] += points * max(r.within for r in runs)
        row[3] += points if any(r.worst is not None for r in runs) else 0.0
    return [NotebookFigures(n, *(round(v, 4) for v in row)) for n, row in sorted(notebooks.items())]


def _count(checks: int | None) -> str:
    return "-" if checks is None else str(checks)


def table_rows(outcomes: Sequence[Outcome]) -> list[list[str]]:
    return [
        [o.exercise, o.strategy, _count(o.shown), _count(o.worst), f"{o.within:.0%}", format_points(o.points)]
        for o in outcomes
    ]


HEADER = ["exercise", "strategy", "checks (order shown)", "checks (worst order)", "within 2", "points"]
SUMMARY_HEADER = ["exercise", "points", "fastest blind strategy", "checks (worst order)", "within 2 (best strategy)"]


def summary_rows(outcomes: Sequence[Outcome]) -> list[list[str]]:
    """One row per exercise: the strategy with the fewest checks in its worst order, and the best share of
    orders any strategy brings to full marks within two checks (luck included)."""
    by_exercise: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_exercise.setdefault(outcome.exercise, []).append(outcome)
    rows = []
    for exercise, runs in by_exercise.items():
        fastest = min(runs, key=lambda o: (o.worst is None, o.worst or 0))
        best = max(o.within for o in runs)
        rows.append([exercise, format_points(runs[0].points), fastest.strategy, _count(fastest.worst), f"{best:.0%}"])
    return rows


FIGURES_HEADER = ["notebook", "points", "solvable blind in 2 checks", "expected in 2 checks", "reachable blind"]


def figure_rows(found: Sequence[NotebookFigures]) -> list[list[str]]:
    rows = [
        [
            f.notebook,
            format_points(f.points),
            format_points(f.solvable),
            format_points(f.expected, 1),
            format_points(f.reachable),
        ]
        for f in found
    ]
    total = [sum(getattr(f, name) for f in found) for name in ("points", "solvable", "expected", "reachable")]
    rows.append(
        ["all", format_points(total[0]), format_points(total[1]), format_points(total[2], 1), format_points(total[3])]
    )
    return rows


def render(header: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        return "\n".join(lines + ["| " + " | ".join(row) + " |" for row in rows])
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    return "\n".join("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) for row in [header, *rows])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course.authoring.blind_report", description=__doc__.split("\n")[0])
    parser.add_argument("--markdown", action="store_true", help="print Markdown tables")
    parser.add_argument("--summary", action="store_true", help="one row per exercise: its fastest strategy")
    parser.add_argument("--orders", type=int, default=ORDERS, help=f"other orders to play (default {ORDERS})")
    args = parser.parse_args(argv)
    outcomes = play_bank(load_bank(), orders=args.orders)
    if args.summary:
        print(render(SUMMARY_HEADER, summary_rows(outcomes), args.markdown))
    else:
        print(render(HEADER, table_rows(outcomes), args.markdown))
    print()
    print(render(FIGURES_HEADER, figure_rows(figures(outcomes)), args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
