"""Count the class's saved answers per exercise, read statically from their notebooks.

Peer instruction ("vote, discuss, re-vote") needs, for each question, how many
answered and how the answers split. The notebooks are found and read with the
grader's own code (`course.grading.discover` and `course.exercises.record_reader`): size
caps, no execution, damaged records reported and skipped. Files are re-read only
when their size or modification time changed, so a refresh of a whole class
costs little more than listing its folders.

An assessed exercise shows only how many answered and checked: the page is
projected to the room, so no split, no outcome and no misconception.

An exercise with cases gives learners different questions with different keys, so
a split by option would add up answers to different questions (the same option
right in one case, wrong in another). Its bars count outcomes across the cases
(right, partly right, not yet), each answer judged against the case it answered,
and a line per case says how many answered it and how many got it right.

Which answer counts: a record's first-checked answer (the learner's first vote)
when the record carries one the session could have written, else its current
answer; each exercise says which. Voters are told apart by their place, as the
grader names learners (`course.grading.layout`): one vote per learner's place
however many files it holds and whatever ids they record (the file with the
notebook's own name wins over JupyterLab's "-CopyN" copies, then the highest
revision); a file linked into two learners' places counts for neither. Only a
folder of single files names voters by file name. Solution notebooks are never
votes, wherever they are: those inside a `solutions/` folder and any notebook
with the solution cells the course's solutions carry (`solution_marks.has_solution_cells`).
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.record_reader import ReadError, extract_records, parse_notebook
from course.exercises.records import AnswerRecord, inconsistency
from course.exercises.results import CORRECT, INCORRECT, PARTIAL
from course.exercises.scoring import score
from course.exercises.type_registry import type_of
from course.exercises.variants import variants_of
from course.grading.discover import FileProblem, Limits, Source, iter_discover, read_source
from course.grading.identify import learner_key, path_learner
from course.grading.layout import Origin, plan
from course.solution_marks import has_solution_cells
from course.text import is_empty_answer

FIRST_CHECKED = "first checked"
CURRENT = "current"
SOLUTIONS_FOLDER = "solutions"
ASSESSED = "assessed"
"""The kind of an assessed exercise's tally: counts only, no bars, no misconception."""
OUTCOME_LABELS = {CORRECT: "right", PARTIAL: "partly right", INCORRECT: "not right yet"}


@dataclass(frozen=True)
class Bar:
    """One bar of a distribution: what was answered, by how many, and (only if asked) by whom."""

    label: str
    count: int
    names: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExerciseTally:
    """What the class answered to one exercise."""

    exercise_id: str
    title: str
    kind: str  # what the bars count: "option", "ticked", "outcome"; "assessed": no bars at all
    answered: int
    checked: int
    bars: tuple[Bar, ...]
    basis: str  # FIRST_CHECKED, CURRENT or "mixed"
    top_misconception: tuple[str, int] | None = None
    cases: tuple[CaseCount, ...] = ()
    """For an exercise with cases: per case, how many answered it and how many right (empty when assessed)."""


@dataclass(frozen=True)
class CaseCount:
    """One case of an exercise in the live view: its name, answers and right answers."""

    name: str
    answered: int
    right: int


@dataclass(frozen=True)
class Snapshot:
    """The whole class at one moment."""

    exercises: tuple[ExerciseTally, ...]
    learners: int
    files: int
    problems: tuple[str, ...]
    read_seconds: float
    taken_at: float
    solutions_left_out: int = 0


@dataclass
class _FileEntry:
    stamp: tuple[float, int]
    records: list[AnswerRecord]
    problems: list[str]
    solution: bool = False


@dataclass
class _Vote:
    record: AnswerRecord
    order: tuple[bool, int, float]
    name: str


def first_checked_answer(record: AnswerRecord) -> tuple[Any, bool]:
    """(answer to count, whether it is the first-checked one) for a record; a record whose first check,
    attempts and history contradict each other was written by hand, and counts with its current answer."""
    if not is_empty_answer(record.first_checked) and inconsistency(record) is None:
        return record.first_checked, True
    return record.answer, False


def voter(source: Source, origin: Origin) -> str:
    """Whose vote a file is: the learner its place names (as the grader names them), else, for a folder of
    single files, its file name's rule; never an id recorded inside it (anyone can write any id there)."""
    if origin.learner:
        return origin.learner
    return path_learner((*source.parts[:-1], origin.file_name or source.parts[-1]), source.container)


@dataclass
class ClassReader:
    """Re-reads the class's notebooks under `paths`; `snapshot()` tallies what is saved now."""

    paths: Sequence[str | Path]
    bank: ExerciseBank
    notebooks: frozenset[str] = frozenset()  # only these notebook numbers ("04"); empty: all
    limits: Limits = field(default_factory=Limits)
    _cache: dict[str, _FileEntry] = field(default_factory=dict, repr=False)
    _judge: MemoJudge = field(default_factory=lambda: MemoJudge(), repr=False)

    def snapshot(self, *, names: bool = False) -> Snapshot:
        started = time.perf_counter()
        seen: set[str] = set()
        left_out = 0
        problems: list[str] = []
        votes: dict[tuple[str, str], _Vote] = {}
        sources: list[Source] = []
        for found in iter_discover([str(p) for p in self.paths], self.limits):
            if isinstance(found, FileProblem):
                problems.append(f"{found.label}: {found.problem}")
            elif SOLUTIONS_FOLDER in found.parts[:-1]:
                left_out += 1
            else:
                sources.append(found)
        planned = plan(sources)
        problems.extend(f"{source.label}: {refused.error}" for source, refused in planned.refused)
        for source, origin in planned.graded:
            entry = self._entry(source)
            seen.add(source.label)
            problems.extend(f"{source.label}: {p}" for p in entry.problems)
            if entry.solution:
                left_out += 1
                continue
            name = voter(source, origin)
            who = learner_key(name)
            for record in entry.records:
                if record.exercise not in self.bank:
                    continue
                if self.notebooks and self.bank.get(record.exercise).notebook not in self.notebooks:
                    continue
                key = (who, record.exercise)
                order = (not origin.copy, record.revision, source.mtime)
                if key not in votes or order >= votes[key].order:
                    votes[key] = _Vote(record, order, name)
        for label in set(self._cache) - seen:  # a file that was deleted or moved away
            del self._cache[label]
        exercises = self._exercises(votes)
        by_exercise = _votes_by_exercise(votes)
        tallies = tuple(
            tally_exercise(ex, by_exercise.get(ex.id, []), names=names, judge=self._judge) for ex in exercises
        )
        learners = len({learner for learner, _ in votes})
        return Snapshot(
            tallies,
            learners,
            len(seen),
            tuple(problems),
            time.perf_counter() - started,
            taken_at=time.time(),
            solutions_left_out=left_out,
        )

    def _entry(self, source: Source) -> _FileEntry:
        stamp = (source.mtime, source.size)
        cached = self._cache.get(source.label)
        if cached is not None and cached.stamp == stamp:
            return cached
        try:
            notebook = parse_notebook(read_source(source, self.limits))
            extracted = extract_records(notebook)
        except ReadError as err:
            entry = _FileEntry(stamp, [], [err.problem])
        else:
            records = [found.record for found in extracted.records]
            problems = [problem for problem, _ in extracted.problems]
            entry = _FileEntry(stamp, records, problems, has_solution_cells(notebook))
        self._cache[source.label] = entry
        return entry

    def _exercises(self, votes: dict[tuple[str, str], _Vote]) -> list[Exercise]:
        """The exercises of every notebook someone answered (or of the chosen notebooks), in course order."""
        numbers = set(self.notebooks) or {self.bank.get(exercise_id).notebook for _, exercise_id in votes}
        return [ex for ex in self.bank if ex.notebook in numbers]


def _votes_by_exercise(votes: dict[tuple[str, str], _Vote]) -> dict[str, list[tuple[str, AnswerRecord]]]:
    """Exercise id -> (learner's name, record) sorted by learner, grouped in one pass over the votes."""
    grouped: dict[str, list[tuple[str, AnswerRecord]]] = {}
    for (_, exercise_id), vote in sorted(votes.items(), key=lambda item: item[0]):
        grouped.setdefault(exercise_id, []).append((vote.name, vote.record))
    return grouped


@dataclass(frozen=True)
class Judged:
    """One learner's counted answer to one exercise: canonical, and scored once."""

    answer: Any
    first_checked: bool
    status: str
    misconceptions: tuple[str, ...]
    case: str = ""
    """The case answered ('' for an exercise without cases)."""


Judge = Callable[[Exercise, AnswerRecord], "Judged | None"]


def judge(exercise: Exercise, record: AnswerRecord) -> Judged | None:
    """The answer a record counts with, scored against the case it answered; None when it does not count (no
    answer, another version of the question)."""
    answered = next((case for case in variants_of(exercise) if case.fingerprint == record.fingerprint), None)
    if answered is None:
        return None  # an answer to another version of the question: not this vote
    raw, first = first_checked_answer(record)
    try:
        answer = normalise(answered, raw)
    except AnswerError:
        return None
    if is_empty_answer(answer):
        return None
    scored = score(answered, answer)
    return Judged(answer, first, scored.status, tuple(dict.fromkeys(scored.misconceptions)), answered.variant)


_KEY_ENCODER = json.JSONEncoder(sort_keys=True, separators=(",", ":"))
"""Made once: `json.dumps` with options builds an encoder on every call, and a refresh keys every vote."""


class MemoJudge:
    """`judge` remembered per (exercise, record answer): a class gives few distinct answers, and a
    refresh re-counts every learner, so each distinct answer is normalised and scored once."""

    def __init__(self, limit: int = 100_000) -> None:
        self.limit = limit
        self._memo: dict[tuple[str, str, str, bool], Judged | None] = {}

    def __call__(self, exercise: Exercise, record: AnswerRecord) -> Judged | None:
        raw, first = first_checked_answer(record)
        try:
            text = _KEY_ENCODER.encode(raw)
        except (TypeError, ValueError):
            return judge(exercise, record)
        key = (exercise.id, record.fingerprint, text, first)
        if key not in self._memo:
            if len(self._memo) >= self.limit:
                self._memo.clear()
            self._memo[key] = judge(exercise, record)
        return self._memo[key]


def tally_exercise(
    exercise: Exercise, votes: Iterable[tuple[str, AnswerRecord]], *, names: bool = False, judge: Judge = judge
) -> ExerciseTally:
    """Count one exercise's answers: per option for choice questions, else per outcome."""
    given: list[tuple[str, Judged]] = []
    checked = 0
    for learner, record in votes:
        judged = judge(exercise, record)
        if judged is None:
            continue
        given.append((learner, judged))
        checked += record.attempts > 0
    bases = {judged.first_checked for _, judged in given}
    basis = FIRST_CHECKED if bases == {True} else CURRENT if bases <= {False} else "mixed"
    if exercise.assessed:  # the page is projected to the class: how many answered, nothing of what
        return ExerciseTally(exercise.id, exercise.title, ASSESSED, len(given), checked, (), basis)
    kind, bars = _bars(exercise, given, names)
    return ExerciseTally(
        exercise_id=exercise.id,
        title=exercise.title,
        kind=kind,
        answered=len(given),
        checked=checked,
        bars=bars,
        basis=basis,
        top_misconception=_top_misconception([judged for _, judged in given]),
        cases=_case_counts(exercise, [judged for _, judged in given]),
    )


def _case_counts(exercise: Exercise, given: list[Judged]) -> tuple[CaseCount, ...]:
    """How many answered each case of an exercise with cases, and how many got it right."""
    if not exercise.variant:
        return ()
    return tuple(
        CaseCount(
            case.case_name,
            sum(judged.case == case.variant for judged in given),
            sum(judged.case == case.variant and judged.status == CORRECT for judged in given),
        )
        for case in variants_of(exercise)
    )


def _bars(exercise: Exercise, given: list[tuple[str, Judged]], names: bool) -> tuple[str, tuple[Bar, ...]]:
    who: dict[str, list[str]] = {}
    exercise_type = type_of(exercise)
    options = None if exercise.variant else exercise_type.live_options(exercise)  # cases: outcomes, not options
    if options is not None:
        kind, labels = options
        for learner, judged in given:
            for picked in exercise_type.picked(exercise, judged.answer):
                who.setdefault(picked, []).append(learner)
    else:
        for learner, judged in given:
            if judged.status in OUTCOME_LABELS:
                who.setdefault(judged.status, []).append(learner)
        labels = list(OUTCOME_LABELS.items())
        kind = "outcome"
    bars = tuple(
        Bar(text, len(who.get(key, [])), tuple(sorted(who.get(key, []))) if names else ()) for key, text in labels
    )
    return kind, bars


def _top_misconception(given: list[Judged]) -> tuple[str, int] | None:
    """The misconception most learners' answers show (each learner counted once per misconception)."""
    counts: Counter[str] = Counter()
    for judged in given:
        counts.update(judged.misconceptions)
    if not counts:
        return None
    text, count = min(counts.items(), key=lambda item: (-item[1], item[0]))
    return text, count
