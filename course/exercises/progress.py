"""Progress: score and completion per notebook and across the course.

Pure summaries over (exercise id -> answer) maps, whichever way the answers
were found: from the learner's journal (the progress widget) or from saved
notebooks (`mlops-course check`). Both use `scoring.score`, so the numbers agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from course.exercises.answers import AnswerError, normalise
from course.exercises.definitions import Exercise, ExerciseBank
from course.exercises.scoring import COLLECTED, UNANSWERED, format_points, score


@dataclass(frozen=True)
class ExerciseProgress:
    exercise_id: str
    title: str
    points: float
    max_points: float
    status: str
    note: str = ""

    @property
    def answered(self) -> bool:
        return self.status != UNANSWERED


@dataclass(frozen=True)
class NotebookProgress:
    number: str
    title: str
    exercises: tuple[ExerciseProgress, ...]

    @property
    def answered(self) -> int:
        return sum(e.answered for e in self.exercises)

    @property
    def total(self) -> int:
        return len(self.exercises)

    @property
    def points(self) -> float:
        return round(sum(e.points for e in self.exercises), 4)

    @property
    def max_points(self) -> float:
        return round(sum(e.max_points for e in self.exercises), 4)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


@dataclass(frozen=True)
class CourseProgress:
    notebooks: tuple[NotebookProgress, ...]

    @property
    def answered(self) -> int:
        return sum(n.answered for n in self.notebooks)

    @property
    def total(self) -> int:
        return sum(n.total for n in self.notebooks)

    @property
    def points(self) -> float:
        return round(sum(n.points for n in self.notebooks), 4)

    @property
    def max_points(self) -> float:
        return round(sum(n.max_points for n in self.notebooks), 4)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0


def summarise(
    bank: ExerciseBank,
    answers: Mapping[str, Any],
    notebooks: Iterable[str] | None = None,
    versions: Mapping[str, tuple[Exercise, str]] | None = None,
) -> CourseProgress:
    """Score every exercise of the chosen notebooks (all by default) against `answers`.

    `versions` maps an exercise id to the version its answer was given for and a note
    (as the grader's `definition_for` finds them); by default the current version is used.
    An answer that does not fit its exercise counts as unanswered, with a note.
    """
    chosen = list(notebooks) if notebooks is not None else bank.notebooks()
    result = []
    for number in chosen:
        rows = []
        for current in bank.for_notebook(number):
            exercise, note = (versions or {}).get(current.id, (current, ""))
            try:
                canonical = normalise(exercise, answers.get(exercise.id))
            except AnswerError as err:
                canonical, note = None, "; ".join(filter(None, [note, str(err)]))
            result_score = score(exercise, canonical)
            rows.append(
                ExerciseProgress(
                    exercise.id, exercise.title, result_score.points, result_score.max_points, result_score.status, note
                )
            )
        result.append(NotebookProgress(number, bank.titles.get(number, f"Notebook {number}"), tuple(rows)))
    return CourseProgress(tuple(result))


def journal_answers() -> dict[str, Any]:
    """The newest answer to each exercise across the learner's journals (solution notebooks excluded)."""
    from course.exercises.journal import all_journals, is_solution_notebook

    best: dict[str, tuple[int, Any]] = {}
    for journal in all_journals():
        entries = journal.entries()
        if is_solution_notebook(journal.notebook):
            continue  # answers run in solutions/ are the key, not the learner's progress
        for exercise_id, entry in entries.items():
            if entry.answer is not None and entry.revision >= best.get(exercise_id, (-1, None))[0]:
                best[exercise_id] = (entry.revision, entry.answer)
    return {k: v for k, (_, v) in best.items()}


def format_table(progress: CourseProgress) -> str:
    """A plain-text table for the terminal (`mlops-course check`)."""

    lines = []
    for notebook in progress.notebooks:
        lines.append(
            f"{notebook.number} {notebook.title}: {format_points(notebook.points)}/{format_points(notebook.max_points)} points, "
            f"{notebook.answered}/{notebook.total} answered"
        )
        for row in notebook.exercises:
            mark = {"correct": "✔", "partial": "◐", "incorrect": "✘", UNANSWERED: "·", COLLECTED: "✎"}.get(
                row.status, "?"
            )
            detail = (
                f"{format_points(row.points)}/{format_points(row.max_points)}"
                if row.status != COLLECTED
                else "collected"
            )
            lines.append(f"  {mark} {row.exercise_id:<28} {detail:>10}  {row.title}")
            if row.note:
                lines.append(f"      note: {row.note}")
    lines.append(
        f"Course: {format_points(progress.points)}/{format_points(progress.max_points)} points ({progress.percent:.0f}%), "
        f"{progress.answered}/{progress.total} exercises answered"
    )
    return "\n".join(lines)
