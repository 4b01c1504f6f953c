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
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.exercises.policy import Policy, PracticeWeight
from course.exercises.type_registry import type_of
from course.grading.course_grade import ClassScale, PracticeRecord
from course.grading.outputs import plots
from course.grading.outputs.formats import render_percent, render_points
from course.grading.outputs.tables import LearnerTotals
from course.grading.outputs.templating import generate
from course.grading.store import ERROR, NOTICE, ResultStore
from course.spaced_review.retention import WINDOWS

REPORT = "report.html"
CASE_GAP = 20.0
"""A case whose mean is this many points of the maximum (in percent) below or above the median of its
exercise's cases is flagged as harder or easier than its siblings (the median, so that one hard case does
not make the others look easy)..."""
CASE_MIN_ANSWERS = 5
"""...counting only cases with at least this many answers, and only when two or more have them."""
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


def _mean(values: Iterable[float]) -> float:
    """The mean as `statistics.fmean` gives it (the exact sum over the count), for a non-empty run of values:
    importing the statistics module (with fractions and decimal) took about 10 ms of the grader's start-up."""
    data = list(values)
    return math.fsum(data) / len(data)


def _median(values: Sequence[float]) -> float:
    """The median as `statistics.median` gives it: the middle value, or the mean of the two middle ones."""
    data = sorted(values)
    middle = len(data) // 2
    return data[middle] if len(data) % 2 else (data[middle - 1] + data[middle]) / 2


def practice_notebooks(
    by_learner: Iterable[dict[str, PracticeRecord]], bank: ExerciseBank, scale: ClassScale
) -> list[PracticeRow]:
    """One row per practice notebook of the run, from every learner's work in it (`LearnerTotals`: the
    gradebook's pass over the graded rows worked it out already)."""
    found: dict[str, list[PracticeRecord]] = {n: [] for n in scale.practice}
    for notebooks in by_learner:
        for number, record in notebooks.items():
            found[number].append(record)
    rows = []
    for number, records in found.items():
        completion = _mean(r.completion for r in records) if records else 0.0
        first = _mean(r.first_check for r in records) if records else 0.0
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
        render_percent(_mean(r.completion for r in records)),
        render_percent(_mean(r.first_check for r in records)),
    )


def write_report(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    totals: LearnerTotals,
    title: str,
    marking: str = "",
    policy: Policy | None = None,
    scale: ClassScale | None = None,
    retention: list[list[str]] | None = None,
    findings: list[tuple[str, ...]] | None = None,
) -> None:
    """report.html (templates/report.html.j2), written in pieces; `marking` is the hand-marking
    section (see `course.grading.marks`), when marks were merged. `scale` says which notebooks are practice
    and how they count; `totals` are the gradebook's figures per learner (grade, practice work over the run and
    per notebook: `write_grade_tables` worked them out in its pass over the graded rows); `retention` the rows
    of retention.csv, shown when review notebooks were collected; `findings` the first rows of integrity.csv
    (`INTEGRITY_SHOWN` + 1, as `write_integrity` keeps them), else they are read from the store."""
    scale = scale or ClassScale.of(bank, store.graded_notebooks(), PracticeWeight())
    percents = totals.percents
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
        "median": render_percent(_median(percents)) if percents else None,
        "mean": render_percent(_mean(percents)) if percents else None,
        "distribution": plots.score_distribution(percents) if percents else "",
        "difficulty": plots.difficulty(shares) if graded_items else "",
        "items": [_item_row(bank, set(scale.practice), *item) for item in items],
        "assessed": bool(scale.assessed_max),
        "weight": scale.weight.describe(),
        "practice_notebooks": practice_notebooks(totals.practice_notebooks.values(), bank, scale),
        "practice_overall": _practice_overall(list(totals.practice.values())),
        "misconceptions": plots.misconceptions(common) if common else "",
        "wrong": list(store.common_wrong(WRONG_PER_EXERCISE)),
        "policy": (policy or Policy()).name,
        "first_basis": store.first_check_basis(),
        "first_shares": first_shares(store, bank),
        "cases": case_rows(store, bank),
        "case_gap": render_percent(CASE_GAP),
        "case_min": CASE_MIN_ANSWERS,
        "notes": list(store.notes()),
        "findings": findings if findings is not None else list(itertools.islice(store.findings(), INTEGRITY_SHOWN + 1)),
        "integrity_shown": INTEGRITY_SHOWN,
        "marking": Markup(marking),
        "reflections": _reflections(store, bank),
        "retention": [retention_cells(row) for row in retention or []],
        "retention_windows": [f"{start}+ days" if end is None else f"{start}–{end - 1} days" for start, end in WINDOWS],
    }
    with open_atomic(out / REPORT) as stream:
        for piece in generate("report.html.j2", **context):
            stream.write(piece)


def retention_cells(row: list[str]) -> tuple[str, str, list[str]]:
    """A retention.csv row as the report shows it: exercise, title, and per window 'recalled of reviews (n%)'."""
    exercise, title, *counts = row
    cells = []
    for start in range(0, len(counts), 3):
        reviews, recalled, percent = counts[start : start + 3]
        cells.append(f"{recalled} of {reviews} ({percent}%)" if reviews != "0" else "—")
    return exercise, title, cells


@dataclass(frozen=True)
class CaseRow:
    """One case of an exercise in the cases table: how hard it was next to its siblings."""

    exercise: str
    case: str
    name: str
    answered: int
    mean: str
    percent: float
    first_right: str
    flag: str
    """'harder', 'easier' or '' (see CASE_GAP)."""


def case_rows(store: ResultStore, bank: ExerciseBank) -> list[CaseRow]:
    """Every case of the exercises with cases that someone answered, with its difficulty next to its siblings."""
    by_exercise: dict[str, list[tuple[str, int, float, float, int, int]]] = {}
    for exercise, case, answered, mean, maximum, counted, right in store.case_stats():
        by_exercise.setdefault(exercise, []).append((case, answered, mean, maximum, counted, right))
    rows = []
    for exercise, cases in by_exercise.items():
        names = {c.variant: c.case_name for c in bank.variants(exercise)} if exercise in bank else {}
        counted_cases = [100.0 * m / x for _, n, m, x, _, _ in cases if x and n >= CASE_MIN_ANSWERS]
        middle = _median(counted_cases) if len(counted_cases) >= 2 else None
        for case, answered, mean, maximum, counted, right in cases:
            percent = 100.0 * mean / maximum if maximum else 0.0
            flag = ""
            if middle is not None and answered >= CASE_MIN_ANSWERS:
                if percent <= middle - CASE_GAP:
                    flag = "harder"
                elif percent >= middle + CASE_GAP:
                    flag = "easier"
            share = render_percent(100.0 * right / counted) + "%" if counted else "—"
            mean_text = f"{render_points(mean)} of {render_points(maximum)}"
            rows.append(CaseRow(exercise, case, names.get(case, case), answered, mean_text, percent, share, flag))
    return rows


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
    """(exercise, what the options are, learners counted, options with their share) for each choice item; for an
    exercise with cases, one per case (an option right in one case may be wrong in another)."""
    picks: dict[tuple[str, str], dict[str, int]] = {}
    for exercise, case, option, count in store.first_picks():
        picks.setdefault((exercise, case), {})[option] = count
    answered = store.first_answered()
    result = []
    for (exercise_id, case), total in answered.items():
        if exercise_id not in bank or not total:
            continue
        definition = bank.variant_named(exercise_id, case) if case else bank.get(exercise_id)
        if definition is None:
            continue
        exercise_type = type_of(definition)
        options = exercise_type.live_options(definition)
        if options is None:
            continue
        kind, choices = options
        counts = picks.get((exercise_id, case), {})
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
        label = f"{exercise_id} · case {definition.case_name}" if case else exercise_id
        result.append((label, kind, total, shares))
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
