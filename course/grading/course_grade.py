"""A learner's grade: the assessed notebooks' points, and the practice notebooks apart.

Practice notebooks are formative by default. What they can show is that a learner worked through them
(completion: the share of their exercises answered) and what the learner's answers at their first Check
earned (the first-check share). Neither is evidence of understanding: the learner edition's practice
keys can be opened offline, so a first check can be prepared, and the Check can be played blind until
the final answer is right. An assessed notebook ships no key material, so its points are the grade.

The course config (`grading.practice_weight`, `grading.practice_measure`: see
`course.exercises.policy.PracticeWeight`) says how much practice counts: the grade is the assessed share
weighted by 1 - w plus the practice measure weighted by w, each over the notebooks of its kind graded in
this run (a kind with no notebook in the run leaves its weight to the other). The gradebook, canvas.csv,
moodle.csv, report.html and the feedback pages all take their numbers from here.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.policy import PracticeWeight
from course.exercises.status import Status
from course.grading.store import ResultStore


@dataclass
class PracticeRecord:
    """One learner's work in one practice notebook."""

    exercises: int = 0
    answered: int = 0
    first: float = 0.0
    """Points of the answers first checked (an answer never checked counts on its final answer)."""
    points: float = 0.0
    """Points under the grading policy."""
    max_points: float = 0.0

    @property
    def completion(self) -> float:
        return 100.0 * self.answered / self.exercises if self.exercises else 0.0

    @property
    def first_check(self) -> float:
        return 100.0 * self.first / self.max_points if self.max_points else 0.0


@dataclass
class LearnerGrade:
    """What one learner's winning files earned."""

    learner: str
    assessed: dict[str, float] = field(default_factory=dict)
    """Assessed exercise -> points."""
    by_notebook: dict[str, float] = field(default_factory=dict)
    """Assessed notebook -> points."""
    assessed_possible: float = 0.0
    """The points of the assessed notebooks this learner handed in."""
    practice: dict[str, PracticeRecord] = field(default_factory=dict)
    """Practice notebook handed in -> the work in it."""

    @property
    def assessed_points(self) -> float:
        return sum(self.by_notebook.values())


@dataclass(frozen=True)
class ClassScale:
    """What the run's notebooks are worth: the assessed points, and each practice notebook's exercises and
    points; with the course config's practice weight."""

    assessed_max: float
    practice: dict[str, tuple[int, float]]
    """Practice notebook -> (exercises, points of its scored exercises)."""
    weight: PracticeWeight = field(default_factory=PracticeWeight)

    @classmethod
    def of(cls, bank: ExerciseBank, notebooks: list[str], weight: PracticeWeight) -> ClassScale:
        assessed_max = 0.0
        practice: dict[str, tuple[int, float]] = {}
        for number in notebooks:
            exercises = bank.for_notebook(number)
            points = sum(e.points for e in exercises if e.graded)
            if is_practice(exercises):
                practice[number] = (len(exercises), points)
            else:
                assessed_max += points
        return cls(assessed_max, practice, weight)

    def assessed_share(self, grade: LearnerGrade) -> float | None:
        """Percent of the run's assessed points (None: no assessed notebook in this run)."""
        return 100.0 * grade.assessed_points / self.assessed_max if self.assessed_max else None

    def practice_total(self, grade: LearnerGrade) -> PracticeRecord:
        """The learner's work over every practice notebook of the run (one not handed in counts as not done)."""
        total = PracticeRecord()
        for number, (exercises, points) in self.practice.items():
            done = grade.practice.get(number, PracticeRecord())
            total.exercises += exercises
            total.max_points += points
            total.answered += done.answered
            total.first += done.first
            total.points += done.points
        return total

    def practice_share(self, grade: LearnerGrade) -> float | None:
        """The practice measure in percent (None: no practice notebook in this run)."""
        if not self.practice:
            return None
        total = self.practice_total(grade)
        if self.weight.measure == "first_check":
            return total.first_check
        if self.weight.measure == "points":
            return 100.0 * total.points / total.max_points if total.max_points else 0.0
        return total.completion

    def percent(self, grade: LearnerGrade) -> float:
        """The grade in percent: the assessed share and the practice measure, weighted."""
        parts = [
            (share, weight)
            for share, weight in (
                (self.assessed_share(grade), 1.0 - self.weight.weight),
                (self.practice_share(grade), self.weight.weight),
            )
            if share is not None
        ]
        total = sum(weight for _, weight in parts)
        if not total:  # only practice in the run, with no weight: it is all there is to show
            return next((share for share, _ in parts), 0.0)
        return sum(share * weight for share, weight in parts) / total


def is_practice(exercises: Sequence[Exercise]) -> bool:
    """A notebook whose exercises are not assessed (the mode is per definitions file)."""
    return not any(e.assessed for e in exercises)


def learner_grades(store: ResultStore, practice: set[str] | frozenset[str]) -> Iterator[LearnerGrade]:
    """Every learner's grade, in learner order, streamed from the store (one sorted query)."""
    for learner, rows in itertools.groupby(store.learner_rows(), key=lambda r: r[0]):
        grade = LearnerGrade(learner)
        for _, notebook, exercise, earned, max_points, status, first in rows:
            if notebook in practice:
                record = grade.practice.setdefault(notebook, PracticeRecord())
                record.exercises += 1
                record.answered += status != Status.UNANSWERED
                record.first += first
                record.points += earned
                record.max_points += max_points
            else:
                grade.assessed[exercise] = earned
                grade.by_notebook[notebook] = grade.by_notebook.get(notebook, 0.0) + earned
                grade.assessed_possible += max_points
        yield grade
