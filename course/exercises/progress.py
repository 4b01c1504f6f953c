"""Progress: score and completion per notebook and across the course.

Pure summaries over (exercise id -> answer) maps, whichever way the answers
were found: from the learner's journal (the progress widget) or from saved
notebooks (`mlops-course check`). Both use `scoring.practice_check`, the Check's own
result, so the numbers agree with the Check: a right answer earns its points, and
one not right yet no more than its Check said (a multiple select shows no points
before it is right), so this view is no way round what a Check keeps back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.policy import Policy, with_policy
from course.exercises.results import COLLECTED, UNANSWERED
from course.exercises.scoring import practice_check
from course.exercises.status import MARKS, Status
from course.exercises.variants import variant_for
from course.text import format_points, is_empty_answer

RECORDED = Status.RECORDED
ASSESSED_NOTE = "assessed: answers are recorded, scores come after the deadline"


@dataclass(frozen=True)
class Evidence:
    """What a record says besides its final answer: checks of a changed answer and the first checked one."""

    attempts: int = 0
    first_checked: Any = None


@dataclass(frozen=True)
class ExerciseProgress:
    exercise_id: str
    title: str
    points: float
    max_points: float
    status: str
    note: str = ""
    case: str = ""
    """The name of the case answered (or to answer), for an exercise with cases."""

    @property
    def answered(self) -> bool:
        return self.status != UNANSWERED


@dataclass(frozen=True)
class NotebookProgress:
    number: str
    title: str
    exercises: tuple[ExerciseProgress, ...]
    assessed: bool = False

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
    policy: Policy = field(default_factory=Policy)

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
    *,
    policy: Policy | None = None,
    evidence: Mapping[str, Evidence] | None = None,
    learner: str | None = None,
) -> CourseProgress:
    """Score every exercise of the chosen notebooks (all by default) against `answers`.

    `versions` maps an exercise id to the version its answer was given for and a note
    (as `ExerciseBank.answered_version` finds them, for the grader too); by default the current version is used.
    An answer that does not fit its exercise counts as unanswered, with a note. `policy`
    (default: final answer) and `evidence` (attempts, first checked answer per exercise)
    apply as the grader applies them, to what the Check shows. An assessed exercise is not scored: it is
    `recorded` (or unanswered), with no points, as its notebook showed no correctness.
    An exercise with cases not in `versions` is the `learner`'s case of it.
    """
    policy = policy or Policy()
    chosen = list(notebooks) if notebooks is not None else bank.notebooks()
    result = []
    for number in chosen:
        rows = []
        exercises = bank.for_notebook(number)
        for current in exercises:
            exercise, note = (versions or {}).get(current.id, (variant_for(current, learner), ""))
            if current.assessed:
                given = not is_empty_answer(answers.get(exercise.id))
                status = RECORDED if given else UNANSWERED
                rows.append(ExerciseProgress(exercise.id, exercise.title, 0.0, 0.0, status, note, exercise.case_name))
                continue
            found = (evidence or {}).get(exercise.id, Evidence())
            raw, _ = policy.answer_to_grade(answers.get(exercise.id), found.first_checked)
            try:
                canonical = normalise(exercise, raw)
            except AnswerError as err:
                canonical, note = None, "; ".join(filter(None, [note, str(err)]))
            # What a Check shows, and no more: the progress view must not tell what the Check keeps back.
            result_score = with_policy(practice_check(exercise, canonical), policy, found.attempts)
            rows.append(
                ExerciseProgress(
                    exercise.id,
                    exercise.title,
                    result_score.points,
                    result_score.max_points,
                    result_score.status,
                    note,
                    exercise.case_name,
                )
            )
        assessed = bool(exercises) and all(e.assessed for e in exercises)
        result.append(NotebookProgress(number, bank.titles.get(number, f"Notebook {number}"), tuple(rows), assessed))
    return CourseProgress(tuple(result), policy)


def journal_answers() -> dict[str, Any]:
    """The newest answer to each exercise across the learner's journals (solution notebooks excluded)."""
    return {k: v for k, (v, _) in journal_records().items()}


def journal_records() -> dict[str, tuple[Any, Evidence]]:
    """The newest answer to each exercise across the learner's journals, with its evidence."""
    from course.exercises.journal import all_journals, in_solutions_folder

    best: dict[str, tuple[int, Any, Evidence]] = {}
    for journal in all_journals():
        entries = journal.entries()
        if in_solutions_folder(journal.notebook):
            continue  # answers run in solutions/ are the key, not the learner's progress
        for exercise_id, entry in entries.items():
            if entry.answer is not None and entry.revision >= best.get(exercise_id, (-1, None, None))[0]:
                best[exercise_id] = (entry.revision, entry.answer, Evidence(entry.attempts, entry.first_checked))
    return {k: (answer, found) for k, (_, answer, found) in best.items()}


def format_table(progress: CourseProgress) -> str:
    """A plain-text table for the terminal (`mlops-course check`)."""

    lines = [f"Grading policy: {progress.policy.describe()}"]
    for notebook in progress.notebooks:
        if notebook.assessed:
            lines.append(
                f"{notebook.number} {notebook.title}: {notebook.answered}/{notebook.total} recorded ({ASSESSED_NOTE})"
            )
        else:
            lines.append(
                f"{notebook.number} {notebook.title}: {format_points(notebook.points)}/"
                f"{format_points(notebook.max_points)} points, {notebook.answered}/{notebook.total} answered"
            )
        for row in notebook.exercises:
            mark = MARKS.get(Status(row.status), "?")
            if row.status in (COLLECTED, RECORDED):
                detail = str(row.status)
            elif notebook.assessed:
                detail = "-"
            else:
                detail = f"{format_points(row.points)}/{format_points(row.max_points)}"
            lines.append(f"  {mark} {row.exercise_id:<28} {detail:>10}  {row.title}")
            if row.case:
                lines.append(f"      case: {row.case}")
            if row.note:
                lines.append(f"      note: {row.note}")
    assessed = any(n.assessed for n in progress.notebooks)
    if all(n.assessed for n in progress.notebooks) and progress.notebooks:
        lines.append(f"Course: {progress.answered}/{progress.total} exercises answered; {ASSESSED_NOTE}")
    else:
        lines.append(
            f"Course: {format_points(progress.points)}/{format_points(progress.max_points)} points "
            f"({progress.percent:.0f}%), {progress.answered}/{progress.total} exercises answered"
            + (f" (points from practice notebooks only; {ASSESSED_NOTE})" if assessed else "")
        )
    return "\n".join(lines)
