"""Enter new misses into the schedule, from the answer journal and the saved notebooks.

Each time the review (or the progress nudge, or `mlops-course check`) looks at the schedule,
it adds every item missed at its first check that is not in it yet (see `evidence`). The
evidence comes from two places: the answer journal (answers not saved yet) and the saved
notebooks, read statically as the grader reads them (`record_reader`: parsed, never run).
So a lost schedule, or a lost journal, is rebuilt from the notebooks the learner saved.

An item enters at the time of its evidence: the modification time of the journal or the
notebook that holds it (the first check happened then or earlier), never later than now.
An item already in the schedule keeps its history: evidence never resets it. Records under
another learner's id, records that contradict themselves (`records.inconsistency`) and
instructors' solution notebooks are not evidence.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from course.exercises.definitions import ExerciseBank
from course.exercises.journal import all_journals, in_solutions_folder
from course.exercises.notebook_file import resolve_notebook
from course.exercises.record_reader import ReadError, extract_records, read_untrusted_notebook
from course.exercises.records import inconsistency
from course.paths import course_root
from course.solution_marks import has_solution_cells
from course.spaced_review.cases import case_id, first_case
from course.spaced_review.evidence import FirstCheck, miss_of, practised_cases
from course.spaced_review.schedule import Schedule

JOURNAL = "journal"


@dataclass(frozen=True)
class Found:
    """First-check evidence and the time of the file that holds it."""

    evidence: FirstCheck
    when: datetime
    source: str


def _mtime(path: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, UTC)
    except OSError:
        return None


def journal_evidence() -> Iterator[Found]:
    """First checks kept in the learner's answer journals (solution notebooks' journals left out)."""
    for journal in all_journals():
        entries = journal.entries()
        if journal.path is None or in_solutions_folder(journal.notebook):
            continue
        when = _mtime(journal.path)
        if when is None:
            continue
        for exercise_id, entry in entries.items():
            if entry.first_checked is None:
                continue
            evidence = FirstCheck(
                exercise_id,
                entry.fingerprint,
                entry.first_checked,
                entry.attempts,
                practised_cases(entry.practice_cases),
            )
            yield Found(evidence, when, JOURNAL)


def notebook_evidence(paths: Iterable[Path], learner: str | None) -> Iterator[Found]:
    """First checks in saved notebooks: the newest record per exercise, as the grader picks it.

    A file that cannot be read is passed over (the review is no place to report a damaged
    notebook: `mlops-course check` does that).
    """
    for path in paths:
        when = _mtime(path)
        if when is None:
            continue
        try:
            notebook = read_untrusted_notebook(path)
        except ReadError:
            continue
        if has_solution_cells(notebook):
            continue
        for found in extract_records(notebook).latest().values():
            record = found.record
            if learner is not None and record.learner not in (None, learner):
                continue
            if record.first_checked is None or inconsistency(record) is not None:
                continue
            evidence = FirstCheck(
                record.exercise,
                record.fingerprint,
                record.first_checked,
                record.attempts,
                practised_cases(record.practice_cases),
            )
            yield Found(evidence, when, path.name)


def course_notebooks(root: Path | None = None) -> list[Path]:
    """The saved notebooks to read: the course's exercise notebooks, and any other notebook a journal names."""
    found: dict[Path, None] = {}
    folder = root or course_root()
    if folder is not None:
        for path in sorted((folder / "exercises").glob("[0-9][0-9]_*.ipynb")):
            found[path.resolve()] = None
    with contextlib.suppress(OSError):
        for journal in all_journals():
            journal.entries()
            if journal.notebook and not in_solutions_folder(journal.notebook):
                named = resolve_notebook(journal.notebook)
                if named is not None:
                    found[named] = None
    return list(found)


def sync(
    schedule: Schedule,
    bank: ExerciseBank,
    now: datetime,
    notebooks: Iterable[Path] | None = None,
    *,
    journals: bool = True,
) -> list[str]:
    """Enter every new miss into `schedule`; the ids entered, in course order.

    `notebooks`: the saved notebooks to read (default: `course_notebooks()`); `journals`: read
    the answer journals too.
    """
    paths = course_notebooks() if notebooks is None else list(notebooks)
    sources: list[Iterable[Found]] = [notebook_evidence(paths, schedule.learner)]
    if journals:
        sources.append(journal_evidence())
    earliest: dict[str, Found] = {}
    for source in sources:
        for found in source:
            exercise_id = found.evidence.exercise_id
            if exercise_id in schedule.items:
                continue
            known = earliest.get(exercise_id)
            if known is None or found.when < known.when:
                earliest[exercise_id] = found
    entered = []
    for exercise_id in [e for e in bank.ids() if e in earliest]:
        found = earliest[exercise_id]
        miss = miss_of(bank, found.evidence)
        if miss is None:
            continue
        when = min(found.when, now).astimezone(UTC)
        answered = bank.version(exercise_id, found.evidence.fingerprint)  # the case the learner answered
        first = case_id(answered) if answered is not None else first_case(bank.get(exercise_id), schedule.learner)
        practised = [case for case in found.evidence.practised if case != first]
        if schedule.enter(exercise_id, miss.rating, miss.reason, when, first, practised):
            entered.append(exercise_id)
    return entered
