"""report.html: the class at a glance, for the teacher.

The grade's distribution (assessed notebooks; practice apart, as completion and
first-check share, counted in the grade only as the course config says), difficulty per exercise, the most common wrong answers
with the misconception each one shows (named in the definitions), counted on
the answers learners FIRST checked (an answer with none on record, from an
older notebook or never checked, counts on its final answer, and the report
says how many did), the share choosing each option at first check, answers
graded against another version of a question, and the free-text reflections
collected for reading. Figures are embedded as SVG images; the template
escapes learner text; the page runs no script.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.exercises.policy import Policy, PracticeWeight
from course.exercises.type_registry import type_of
from course.grading.course_grade import ClassScale, PracticeRecord, learner_grades
from course.grading.outputs import plots
from course.grading.outputs.formats import render_percent, render_points
from course.grading.outputs.templating import generate
from course.grading.store import ERROR, NOTICE, ResultStore

REPORT = "report.html"
WRONG_PER_EXERCISE = 5
MISCONCEPTIONS_SHOWN = 12
INTEGRITY_SHOWN = 200


@dataclass(frozen=True)
class ItemRow:
    """One exercise's line in the difficulty table, as the report shows it."""

    exercise: str
    title: str
    submitted: int
    answered: int
    mean: str
    full: str
    practice: bool = False


@dataclass(frozen=True)
class PracticeRow:
    """One practice notebook in the report: who handed it in, how much of it they did, what their first
    checks earned (means over those who handed it in)."""

    notebook: str
    title: str
    learners: int
    completion: str
    first_check: str
    complete: int
    """Learners who answered every exercise."""


def practice_notebooks(store: ResultStore, bank: ExerciseBank, scale: ClassScale) -> list[PracticeRow]:
    """One row per practice notebook of the run, from every learner's work in it."""
    found: dict[str, list[PracticeRecord]] = {n: [] for n in scale.practice}
    for grade in learner_grades(store, set(scale.practice)):
        for number, record in grade.practice.items():
            found[number].append(record)
    rows = []
    for number, records in found.items():
        completion = statistics.fmean(r.completion for r in records) if records else 0.0
        first = statistics.fmean(r.first_check for r in records) if records else 0.0
        complete = sum(r.answered == r.exercises for r in records)
        title = bank.titles.get(number, "")
        rows.append(
            PracticeRow(number, title, len(records), render_percent(completion), render_percent(first), complete)
        )
    return rows


def _practice_overall(records: list[PracticeRecord]) -> tuple[str, str] | None:
    """(mean completion, mean first-check share) over every learner, for the practice notebooks of the run."""
    if not records or not any(r.exercises for r in records):
        return None
    return (
        render_percent(statistics.fmean(r.completion for r in records)),
        render_percent(statistics.fmean(r.first_check for r in records)),
    )


def write_report(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    percents: list[float],
    title: str,
    marking: str = "",
    policy: Policy | None = None,
    scale: ClassScale | None = None,
    practice: dict[str, PracticeRecord] | None = None,
) -> None:
    """report.html (templates/report.html.j2), written in pieces; `marking` is the hand-marking
    section (see `course.grading.marks`), when marks were merged. `scale` says which notebooks are practice
    and how they count; `practice` is each learner's work over them (`course_grade`)."""
    scale = scale or ClassScale.of(bank, store.graded_notebooks(), PracticeWeight())
    counts = store.counts()
    items = list(store.item_stats())
    graded_items = [i for i in items if i[5] > 0]
    shares = [(exercise, 100.0 * mean / maximum) for exercise, _, _, _, mean, maximum, _ in graded_items]
    common = store.misconceptions(MISCONCEPTIONS_SHOWN)
    context = {
        "title": title,
        "learners": len(percents),
        "files": counts["files"],
        "errors": store.count_problems(ERROR),
        "notices": store.count_problems(NOTICE),
        "median": render_percent(statistics.median(percents)) if percents else None,
        "mean": render_percent(statistics.fmean(percents)) if percents else None,
        "distribution": plots.score_distribution(percents) if percents else "",
        "difficulty": plots.difficulty(shares) if graded_items else "",
        "items": [_item_row(bank, set(scale.practice), *item) for item in items],
        "assessed": bool(scale.assessed_max),
        "weight": scale.weight.describe(),
        "practice_notebooks": practice_notebooks(store, bank, scale),
        "practice_overall": _practice_overall(list((practice or {}).values())),
        "misconceptions": plots.misconceptions(common) if common else "",
        "wrong": list(store.common_wrong(WRONG_PER_EXERCISE)),
        "policy": (policy or Policy()).name,
        "first_basis": store.first_check_basis(),
        "first_shares": first_shares(store, bank),
        "notes": list(store.notes()),
        "findings": list(itertools.islice(store.findings(), INTEGRITY_SHOWN + 1)),
        "integrity_shown": INTEGRITY_SHOWN,
        "marking": Markup(marking),
        "reflections": _reflections(store, bank),
    }
    with open_atomic(out / REPORT) as stream:
        for piece in generate("report.html.j2", **context):
            stream.write(piece)


@dataclass(frozen=True)
class OptionShare:
    """One option of a choice item: how many learners picked it at their first check, and what share."""

    option: str
    text: str
    count: int
    percent: str
    right: bool = False
    """Whether the key picks this option (marked for the instructor)."""


def first_shares(store: ResultStore, bank: ExerciseBank) -> list[tuple[str, str, int, list[OptionShare]]]:
    """(exercise, what the options are, learners counted, options with their share) for each choice item."""
    picks: dict[str, dict[str, int]] = {}
    for exercise, option, count in store.first_picks():
        picks.setdefault(exercise, {})[option] = count
    answered = store.first_answered()
    result = []
    for exercise_id, total in answered.items():
        if exercise_id not in bank or not total:
            continue
        definition = bank.get(exercise_id)
        exercise_type = type_of(definition)
        options = exercise_type.live_options(definition)
        if options is None:
            continue
        kind, choices = options
        counts = picks.get(exercise_id, {})
        right = exercise_type.key_options(definition)
        shares = [
            OptionShare(
                option,
                text,
                counts.get(option, 0),
                render_percent(100.0 * counts.get(option, 0) / total),
                option in right,
            )
            for option, text in choices
        ]
        result.append((exercise_id, kind, total, shares))
    result.sort(key=lambda item: item[0])
    return result


def _item_row(
    bank: ExerciseBank,
    practice: set[str],
    exercise: str,
    notebook: str,
    submitted: int,
    answered: int,
    mean: float,
    maximum: float,
    full: int,
) -> ItemRow:
    title = bank.get(exercise).title if exercise in bank else ""
    mean_text = f"{render_points(mean)} of {render_points(maximum)}" if maximum else "collected"
    return ItemRow(exercise, title, submitted, answered, mean_text, str(full) if maximum else "", notebook in practice)


def _reflections(store: ResultStore, bank: ExerciseBank) -> Iterator[tuple[str, str, list[tuple[str, str]]]]:
    """(exercise, prompt, [(learner, text)]) per exercise, read one exercise at a time."""
    for exercise, group in itertools.groupby(store.reflections(), key=lambda r: r[0]):
        prompt = bank.get(exercise).prompt if exercise in bank else ""
        yield exercise, prompt, [(learner, text) for _, learner, text in group]
