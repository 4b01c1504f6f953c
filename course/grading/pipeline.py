"""The grading of one submitted file, as a list of small named steps.

    read -> parse -> extract -> identify -> refuse solutions -> choose notebooks -> score -> file result

Each step takes the `Work` of one file, adds what it found, and may stop the
file with a `ReadError` (a sentence for the teacher). `grade_file` runs the
steps and always returns a small, picklable `FileResult`, never a notebook:
that is what a worker turns into table rows. The first steps need nothing of
where the file came from, so `prepare_file` can run them before the plan is
made. No step executes, imports or evaluates anything from the file.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, NamedTuple

from course.exercises.answered_case import NO_ID
from course.exercises.definitions import ExerciseBank
from course.exercises.model import Exercise
from course.exercises.notebook_file import notebook_of
from course.exercises.policy import Policy
from course.exercises.record_reader import (
    Extracted,
    FoundRecord,
    ReadError,
    extract_records,
    parse_notebook,
    read_untrusted_notebook,
    shown_data,
)
from course.exercises.records import inconsistency
from course.exercises.status import Status
from course.exercises.type_registry import type_of
from course.exercises.variants import variants_of
from course.frozen import built
from course.grading import identify
from course.grading.discover import Limits, Source, read_source
from course.grading.grade_answers import (
    MEMO_SIZE,
    Graded,
    case_decision,
    earns_full_points,
    grade_first_checked,
    grade_notebook,
)
from course.grading.layout import Origin
from course.memo import Memo
from course.notebook_names import names_a_notebook
from course.solution_marks import has_solution_cells
from course.spaced_review.retention import score_try
from course.spaced_review.review_records import ReviewRecord, extract_review_records
from course.text import NOT_GIVEN, is_empty_answer, json_key


@dataclass(frozen=True)
class Context:
    """What every file is graded with."""

    bank: ExerciseBank
    limits: Limits = field(default_factory=Limits)
    policy: Policy = field(default_factory=Policy)
    feedback_answers: bool = True

    @cached_property
    def notebooks(self) -> dict[str, list[Exercise]]:
        """Notebook number -> its exercises in order (asked for every file, so worked out once)."""
        return {number: self.bank.for_notebook(number) for number in self.bank.notebooks()}

    @cached_property
    def with_cases(self) -> frozenset[str]:
        """The ids of the exercises with cases (the only ones `cases_step` looks at)."""
        return frozenset(exercise.id for exercise in self.bank if exercise.variant)


class Row(NamedTuple):
    """One exercise of one file, as scores.csv lists it (a named tuple: a class makes hundreds of thousands, and
    `store.table_rows` stores its first nine fields as they are)."""

    notebook: str
    order: int
    exercise: str
    points: float
    max_points: float
    status: str
    note: str
    checks: int | None = None
    """Attempts: checks of a changed answer (None: no record)."""
    case: str = ""
    """The case graded against ('' for an exercise without cases)."""
    first: tuple[int, str, int, float] | None = None
    """The answer at its first check, as the class report and the practice first-check share count it:
    (1 if it fell back to the final answer, the case it answered, 1 if it was right, its points before any
    attempt penalty); None for an exercise not counted (not graded, unanswered, its record untrusted)."""
    picks: tuple[str, ...] = ()
    """The option ids that answer picked (choice types)."""


SOLUTION_NOTEBOOK = "solution notebook"
RECORDED_ID_DIFFERS = "recorded id differs"
OTHER_NOTEBOOK = "answers another notebook"
INCONSISTENT_RECORD = "inconsistent record"
UNCHECKED = "correct without a check"
OTHER_CASE = "case not the learner's"
CASE_WITHOUT_ID = "case shown without a learner id"
ANOTHER_CASES_KEY = "answer fits another case"
DETAILED_ANSWER_VALUES = 3
"""An answer with at least this many values (a scenario's topology and two reasons, a grid, a matching) is
detailed enough that two learners giving it to different cases is worth a look (a single pick is not)."""


@dataclass(frozen=True)
class NotebookGrades:
    """One course notebook's graded exercises in a file: the data of its feedback section."""

    number: str
    title: str
    label: str
    graded: tuple[Graded, ...]


@dataclass(frozen=True)
class FileResult:
    """What grading one file produced (small: rows and rendered text, no notebook)."""

    label: str
    learner: str
    mtime: float
    revisions: int
    notebooks: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    wrong: tuple[tuple[str, str, str, str], ...] = ()
    """(exercise, wrong answer in words, misconception or '', notebook), from the FIRST checked answers"""
    texts: tuple[tuple[str, str, str], ...] = ()
    """(notebook, exercise, free text)"""
    sections: tuple[tuple[str, str, tuple[str, ...]], ...] = ()
    """(notebook, head, pieces) of each feedback HTML section, rendered from `grades` by
    `outputs.feedback.render_sections` (see `render_notebook`)"""
    grades: tuple[NotebookGrades, ...] = ()
    """The graded exercises per notebook, until `render_sections` turns them into `sections`"""
    problems: tuple[tuple[str, str], ...] = ()
    failed: bool = False
    skipped: str = ""
    notices: tuple[tuple[str, str], ...] = ()
    """Worth knowing, not a failure (errors.csv kind 'notice'; they do not change the exit status)."""
    origin: Origin = field(default_factory=lambda: Origin(""))
    digest: str = ""
    recorded: str = ""
    findings: tuple[tuple[str, str, str], ...] = ()
    """(finding, notebook, detail) for the integrity report"""
    answer_sets: tuple[tuple[str, str, int], ...] = ()
    """(notebook, fingerprint of the answers given, wrong answers among them)"""
    case_answers: tuple[tuple[str, str, str, str, int], ...] = ()
    """(notebook, exercise, case, fingerprint of the answer, 1 if right) of detailed answers to exercises with
    cases: the same answer given to different cases is an integrity finding"""
    where: tuple[str, str | None, int] = ("", None, -1)
    """(file or archive path, zip member, its index) to read the file again (identical files are compared byte
    for byte)"""
    reviews: tuple[tuple[str, int, int, int], ...] = ()
    """(exercise, review number, days after study, 1 if right at the first try) per review record, for retention.csv"""


@dataclass
class Work:
    source: Source
    context: Context
    origin: Origin = field(default_factory=lambda: Origin(""))
    data: bytes = b""
    notebook: dict[str, Any] = field(default_factory=dict)
    extracted: Extracted = field(default_factory=Extracted)
    latest: dict[str, FoundRecord] = field(default_factory=dict)
    learner: str = ""
    notebooks: tuple[str, ...] = ()
    graded: dict[str, list[Graded]] = field(default_factory=dict)
    problems: list[tuple[str, str]] = field(default_factory=list)
    skipped: str = ""
    archives: dict[str, zipfile.ZipFile] | None = None
    digest: str = ""
    size: int = 0
    solution: bool = False
    untrusted: frozenset[str] = frozenset()
    """Exercises whose record contradicts itself: graded on the final answer under `final` only."""
    stop: bool = False
    recorded: str = ""
    owner: str | None = None
    """The learner id whose cases the file is graded against (`case_owner`)."""
    notices: list[tuple[str, str]] = field(default_factory=list)
    findings: list[tuple[str, str, str]] = field(default_factory=list)
    reviews: list[ReviewRecord] = field(default_factory=list)
    done: int = 0
    """How many of `STEPS` have run (`prepare_file` runs the first `PREPARED` ahead of the plan)."""
    error: Exception | None = None
    """What stopped `prepare_file`, raised again where `grade_file` turns it into the file's problem."""


REVIEW_NOTEBOOK_SKIPPED = "review notebook: ungraded; its first tries count in retention.csv"


def read_step(work: Work) -> None:
    """The file's bytes, size-capped (zip members are read in memory, never extracted)."""
    work.data = read_source(work.source, work.context.limits, work.archives)
    work.size = len(work.data)


def parse_step(work: Work) -> None:
    """JSON to a version-4 notebook; the bytes are dropped as soon as they are parsed."""
    work.notebook = parse_notebook(work.data)
    work.data = b""
    work.solution = has_solution_cells(work.notebook)


def extract_step(work: Work) -> None:
    """The answer records in the outputs; one per exercise; duplicates and damaged records reported."""
    shown = shown_data(work.notebook)
    work.extracted = extract_records(work.notebook, shown)
    work.reviews, damaged = extract_review_records(work.notebook, shown)
    if damaged:
        work.notices.append((f"{damaged} review record(s) are damaged; they were left out of retention.csv.", ""))
    work.notebook = {}
    work.problems.extend(work.extracted.problems)
    work.latest = work.extracted.latest()
    for exercise_id, count in sorted(work.extracted.duplicates().items()):
        chosen = work.latest[exercise_id].record
        work.notices.append(
            (
                f"The notebook holds {count} answer records for {exercise_id[:80]}; "
                f"the newest (revision {chosen.revision}) was graded.",
                "an exercise shown more than once, or an output left over from an earlier run",
            )
        )


def consistency_step(work: Work) -> None:
    """A record whose first check, attempts and history contradict each other was written by hand:
    it is graded on its final answer only, and integrity.csv names it."""
    untrusted = set()
    for exercise_id, found in sorted(work.latest.items()):
        problem = inconsistency(found.record)
        if problem is None or exercise_id not in work.context.bank:
            continue
        untrusted.add(exercise_id)
        work.findings.append(
            (
                INCONSISTENT_RECORD,
                work.context.bank.get(exercise_id).notebook,
                f"{exercise_id}: {problem}; graded on its final answer under final",
            )
        )
    work.untrusted = frozenset(untrusted)


def identify_step(work: Work) -> None:
    """Whose file this is: where it came from (`layout`); the recorded id only when the place cannot tell."""
    recorded, seen = identify.recorded_learner(work.extracted.records)
    work.recorded = recorded or ""
    work.learner = learner_of(work, recorded)
    work.findings.extend((finding, "", detail) for finding, detail in work.origin.notes)
    if len(seen) > 1 and not work.origin.learner:
        work.notices.append(
            (
                f"The answers in this notebook were recorded under {len(seen)} different learner ids; "
                f"it was graded as {recorded}'s.",
                "ids: " + ", ".join(seen[:5]),
            )
        )
    if work.origin.learner and work.origin.comparable:
        others = [i for i in seen if i.casefold() != work.learner.casefold()]
        if others:
            work.findings.append(
                (
                    RECORDED_ID_DIFFERS,
                    "",
                    f"answers recorded under {', '.join(others[:5])}; credited to {work.learner}, where the file came from",
                )
            )


def case_owner(work: Work) -> str | None:
    """Whose cases a file is graded against: the learner its place names when that is a user name (a hub home,
    a folder per learner), else the id recorded in it (a Canvas or Moodle number says nothing of the cases;
    a roster that knows another id for the learner shows as `recorded id differs`)."""
    if work.origin.learner and work.origin.comparable:
        return work.origin.learner
    return work.recorded or None


def cases_step(work: Work) -> None:
    """An answer to a case that is not its learner's (a copied notebook, a case chosen in code, an edited record)
    is graded against the learner's own case, and integrity.csv names it."""
    work.owner = case_owner(work)
    bank = work.context.bank
    for exercise_id in sorted(work.context.with_cases.intersection(work.latest)):
        found = work.latest[exercise_id]
        if bank.get(exercise_id).notebook not in work.notebooks or is_empty_answer(found.record.answer):
            continue
        decision = case_decision(bank, found, work.owner)
        if decision.finding:
            who = work.owner or "a learner without an id"
            finding = CASE_WITHOUT_ID if decision.kind == NO_ID else OTHER_CASE
            work.findings.append(
                (finding, bank.get(exercise_id).notebook, f"{exercise_id}: {decision.finding} ({who})")
            )


def learner_of(work: Work, recorded: str | None) -> str:
    """The learner the file's place names (see `layout`), else the recorded id, else the old path rule."""
    source = work.source
    return work.origin.learner or recorded or identify.path_learner(source.parts, source.container)


def solution_step(work: Work) -> None:
    """A solution notebook of the course is never credited to anyone; the integrity report names it."""
    if work.solution:
        work.findings.append(
            (
                SOLUTION_NOTEBOOK,
                names_a_notebook(work.origin.file_name or work.source.parts[-1]) or "",
                "the course's solution notebook (cells tagged 'solution') where a learner's work should be; not graded",
            )
        )
        work.stop = True


def notebooks_step(work: Work) -> None:
    """Which course notebooks the file is: the one its metadata or its name names, else the ones it answers."""
    bank = work.context.bank
    known = work.context.notebooks
    named = notebook_of(work.origin.file_name or work.source.parts[-1], work.notebook, known)
    unknown = sorted(e for e in work.latest if e not in bank)
    for exercise_id in unknown:
        work.problems.append(
            (
                f"The notebook answers an exercise this course does not have ({exercise_id[:80]}); that answer was ignored.",
                "unknown exercise id",
            )
        )
    answered = sorted({bank.get(e).notebook for e in work.latest if e in bank})
    if named:
        for other in answered:
            if other != named:
                ids = sorted(e for e in work.latest if e in bank and bank.get(e).notebook == other)
                work.notices.append(
                    (
                        f"The file is notebook {named}, but also answers exercises of notebook {other} "
                        f"({', '.join(ids[:3])}); those answers were not counted.",
                        "answer exercises in their own notebook",
                    )
                )
                work.findings.append((OTHER_NOTEBOOK, named, f"answers to notebook {other}: {', '.join(ids[:5])}"))
        work.notebooks = (named,)
    else:
        work.notebooks = tuple(answered)
    if not work.notebooks:
        number = names_a_notebook(work.origin.file_name or work.source.parts[-1])
        if number and not unknown and not work.extracted.problems:
            work.skipped = f"notebook {number} has no graded exercises"
            return
        raise ReadError(
            "No answers to this course's exercises were found, and the file name does not say which "
            "course notebook it is (expected a name like 04_raci.ipynb).",
            "no answer records",
        )


def score_step(work: Work) -> None:
    """Score every exercise of the file's notebooks with the learner's own scorer."""
    for number in work.notebooks:
        work.graded[number] = grade_notebook(
            work.context.bank,
            work.context.notebooks[number],
            work.latest,
            work.context.policy,
            work.untrusted,
            work.owner,
        )
        work.problems.extend(g.problem for g in work.graded[number] if g.problem)


STEPS: tuple[Callable[[Work], None], ...] = (
    read_step,
    parse_step,
    extract_step,
    consistency_step,
    identify_step,
    solution_step,
    notebooks_step,
    cases_step,
    score_step,
)


def file_result(work: Work) -> FileResult:
    """The small result of a graded file: rows, wrong answers, reflections, the data for feedback."""
    rows: list[Row] = []
    wrong: list[tuple[str, str, str, str]] = []
    case_answers: list[tuple[str, str, str, str, int]] = []
    texts: list[tuple[str, str, str]] = []
    grades: list[NotebookGrades] = []
    answer_sets: list[tuple[str, str, int]] = []
    titles = work.context.bank.titles
    for number, graded in work.graded.items():
        given, wrong_count, unchecked, correct = [], 0, 0, 0
        for order, g in enumerate(graded):
            found = work.latest.get(g.exercise.id)
            checks = found.record.attempts if found is not None else None
            first: tuple[int, str, int, float] | None = None
            picks: tuple[str, ...] = ()
            if found is not None and g.exercise.graded and g.exercise.id not in work.untrusted:
                first, picks = first_check_evidence(work.context.bank, number, g.exercise, found, wrong, work.owner)
            rows.append(
                Row(
                    number,
                    order,
                    g.exercise.id,
                    g.score.points,
                    g.score.max_points,
                    g.status,
                    g.note,
                    checks,
                    g.exercise.variant,
                    first,
                    picks,
                )
            )
            if g.status == Status.COLLECTED:  # a reflection, kept for the instructor
                texts.append((number, g.exercise.id, str(g.answer)))
            if g.exercise.variant and g.exercise.graded and not is_empty_answer(g.answer):
                case_evidence(work, number, g, case_answers)
            if not is_empty_answer(g.answer) and found is not None:
                given.append((g.exercise.id, found.record.answer))
                if g.exercise.graded and g.score.points < g.score.max_points:
                    wrong_count += 1
                elif g.exercise.graded:
                    correct += 1
                    unchecked += checks == 0 and not g.exercise.assessed  # assessed: Check only records
        grades.append(NotebookGrades(number, titles.get(number, ""), work.source.label, tuple(graded)))
        if given:
            answer_sets.append((number, answer_fingerprint(given), wrong_count))
        if unchecked:
            work.findings.append(
                (UNCHECKED, number, f"{unchecked} of {correct} correct answers were recorded without a single check")
            )
    if not answer_sets and work.graded:
        name, answers = _checkpoint_answers(work.source)
        if answers:
            work.notices.append(
                (
                    "The file holds no answers, but JupyterLab's checkpoint beside it does.",
                    _checkpoint_note(name, answers),
                )
            )
    revisions = sum(found.record.revision for found in work.latest.values())
    reviews = [tried for record in work.reviews if (tried := score_try(work.context.bank, work.learner, record))]
    if reviews and work.skipped:
        work.skipped = REVIEW_NOTEBOOK_SKIPPED
    if answer_sets:  # files that may be byte-identical share this; the parent compares their bytes to be sure
        work.digest = f"{work.size}:{revisions}:{work.recorded}:" + "/".join(key for _, key, _ in answer_sets)
    return built(  # every field named: one per graded file (see `course.frozen`)
        FileResult,
        label=work.source.label,
        learner=work.learner,
        mtime=work.source.mtime,
        revisions=revisions,
        notebooks=work.notebooks,
        rows=tuple(rows),
        wrong=tuple(wrong),
        texts=tuple(texts),
        sections=(),
        grades=tuple(grades),
        problems=tuple(work.problems),
        failed=False,
        skipped=work.skipped,
        notices=tuple(work.notices),
        origin=work.origin,
        digest=work.digest,
        recorded=work.recorded,
        findings=tuple(work.findings),
        answer_sets=tuple(answer_sets),
        case_answers=tuple(case_answers),
        where=(work.source.path, work.source.member, work.source.index),
        reviews=tuple((r.exercise, r.number, r.days, int(r.recalled)) for r in reviews),
    )


def case_evidence(work: Work, number: str, graded: Graded, case_answers: list[tuple[str, str, str, str, int]]) -> None:
    """What an answer to an exercise with cases tells across cases: a wrong answer that is another case's key
    (integrity.csv says so now), and, for a detailed answer, its fingerprint for the class-wide comparison."""
    another, fingerprint = _case_evidence_of(work.context.bank, graded)
    if another:
        work.findings.append((ANOTHER_CASES_KEY, number, another))
    if fingerprint:
        right = graded.score.points >= graded.score.max_points - 1e-9
        case_answers.append((number, graded.exercise.id, graded.exercise.variant, fingerprint, int(right)))


_case_evidence: Memo[tuple[int, int], tuple[ExerciseBank, Graded, str, str]] = Memo(MEMO_SIZE)


def _case_evidence_of(bank: ExerciseBank, graded: Graded) -> tuple[str, str]:
    """What `case_evidence` adds for a scored answer: the finding's detail when it is another case's key, and
    the detailed answer's fingerprint ('' for none). Worked out once per memoised `Graded` (a class gives each
    case's few answers again and again); the entry keeps the bank and the Graded alive, so ids are not reused."""
    key = (id(bank), id(graded))
    kept = _case_evidence.get(key)
    if kept is not None and kept[0] is bank and kept[1] is graded:
        return kept[2], kept[3]
    used, answer = graded.exercise, graded.answer
    another = ""
    if graded.score.points < graded.score.max_points - 1e-9:
        for other in variants_of(bank.get(used.id)):
            if other.variant != used.variant and earns_full_points(other, answer):
                another = (
                    f"{used.id}: the answer is right for case {other.variant}, not for the learner's case "
                    f"({used.variant}), where it scores {graded.score.points:g} of {graded.score.max_points:g}"
                )
                break
    fingerprint = answer_fingerprint([(used.id, answer)]) if _values(answer) >= DETAILED_ANSWER_VALUES else ""
    _case_evidence.put(key, (bank, graded, another, fingerprint))
    return another, fingerprint


def _values(answer: Any) -> int:
    """How many values an answer holds (the leaves of its JSON)."""
    if isinstance(answer, dict):
        return sum(_values(v) for v in answer.values())
    if isinstance(answer, list | tuple):
        return sum(_values(v) for v in answer)
    return 0 if answer in (None, "") else 1


_FINGERPRINT_KEY = json_key(json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str))
"""Made once (`json.dumps` with options builds an encoder on every call)."""


def answer_fingerprint(given: list[tuple[str, Any]]) -> str:
    """The same answers to the same exercises give the same short text, whatever the file around them."""
    return hashlib.blake2b(_FINGERPRINT_KEY(sorted(given, key=lambda item: item[0])), digest_size=12).hexdigest()


def first_check_evidence(
    bank: ExerciseBank,
    number: str,
    exercise: Exercise,
    found: FoundRecord,
    wrong: list[tuple[str, str, str, str]],
    owner: str | object | None = NOT_GIVEN,
) -> tuple[tuple[int, str, int, float] | None, tuple[str, ...]]:
    """What the class report counts of an answer at its first check (`Row.first`: whether it fell back to the
    final answer, which case it answered, whether it was right and its points, before any attempt penalty)
    and the options it picked; its wrong pieces, with their misconceptions, are added to `wrong`."""
    first, fell_back = grade_first_checked(bank, exercise, found, owner)
    if is_empty_answer(first.answer):
        return None, ()
    right = first.score.points >= first.score.max_points - 1e-9
    pieces, options = _evidence_of(first)
    wrong.extend((exercise.id, text, mis, number) for text, mis in pieces)
    return (int(fell_back), first.exercise.variant, int(right), first.score.points), options


_evidence: Memo[int, tuple[Graded, list[tuple[str, str]], tuple[str, ...]]] = Memo(MEMO_SIZE)


def _evidence_of(graded: Graded) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """`wrong_answers` and `first_picks` of a scored answer, worked out once per memoised `Graded` (most
    learners give one of a few answers; the entry keeps the Graded alive, so its id is not reused)."""
    found = _evidence.get(id(graded))
    if found is None or found[0] is not graded:
        found = _evidence.put(id(graded), (graded, wrong_answers(graded), tuple(first_picks(graded))))
    return found[1], found[2]


def first_picks(graded: Graded) -> list[str]:
    """The option ids an answer picks, for types whose options the report shares out (`live_options`)."""
    exercise_type = type_of(graded.exercise)
    if exercise_type.live_options(graded.exercise) is None or is_empty_answer(graded.answer):
        return []
    return list(exercise_type.picked(graded.exercise, graded.answer))


def wrong_answers(graded: Graded) -> list[tuple[str, str]]:
    """Each wrong piece of an answer in words, with the misconception it shows (for the class report)."""
    choice_like = type_of(graded.exercise).parts_are_choices
    found = []
    for part in graded.score.parts:
        if part.correct or part.given is None or part.max_points < 0:
            continue
        text = part.label if choice_like else f"{part.label} → {part.given}"
        found.append((text, part.misconception or ""))
    return found


PREPARED = 4
"""The first `STEPS` need nothing of where the file came from (reading, parsing, its records and their
consistency): `prepare_file` runs them before the plan says whose the file is."""


def prepare_file(source: Source, context: Context) -> Work:
    """The steps of a file's grading that need no origin, run ahead (a worker idle while the parent still
    finds and places the files); `grade_file(..., prepared=work)` carries on. Never raises for a bad file:
    what stopped it is kept, and `grade_file` makes it the file's problem as if it had stopped there."""
    work = Work(source, context)
    try:
        for step in STEPS[:PREPARED]:
            step(work)
            work.done += 1
            if work.skipped or work.stop:
                break
    except Exception as err:  # MemoryError and RecursionError too: grade_file reports each its own way
        work.error = err
    return work


def grade_file(
    source: Source,
    context: Context,
    archives: dict[str, zipfile.ZipFile] | None = None,
    origin: Origin | None = None,
    prepared: Work | None = None,
) -> FileResult:
    """Run the steps on one file (after those `prepared` ran, see `prepare_file`). Never raises for a bad
    file: the result says what went wrong."""
    if prepared is None:
        work = Work(source, context, origin or Origin(""), archives=archives)
    else:
        work = prepared
        work.source, work.context, work.origin, work.archives = source, context, origin or Origin(""), archives
    try:
        if work.error is not None:
            raise work.error
        if not (work.skipped or work.stop):
            for step in STEPS[work.done :]:
                step(work)
                if work.skipped or work.stop:
                    break
        return file_result(work)
    except ReadError as err:
        return _failed(work, err.problem, _with_checkpoint(source, err.detail))
    except MemoryError:
        return _failed(work, "The file is too large to read in the memory available.", "MemoryError")
    except RecursionError:
        return _failed(work, "The file is nested too deeply to be a notebook.", "RecursionError")
    except Exception as err:  # a bug must cost one file, not the batch
        return _failed(
            work, "The grader could not process this file (an internal error); please report it.", repr(err)[:300]
        )


def _failed(work: Work, problem: str, detail: str) -> FileResult:
    """A file that could not be graded: one problem row, with anything noticed before it in the detail."""
    earlier = "; ".join(p for p, _ in work.problems)
    if earlier:
        detail = f"{detail}; also: {earlier}" if detail else f"also: {earlier}"
    return FileResult(
        work.source.label,
        learner_of(work, identify.recorded_learner(work.extracted.records)[0]),
        work.source.mtime,
        0,
        problems=((problem, detail),),
        failed=True,
        origin=work.origin,
        digest=work.digest,
    )


CHECKPOINTS = ".ipynb_checkpoints"


def _checkpoint_answers(source: Source) -> tuple[str, int]:
    """JupyterLab's checkpoint beside a file ('' if none) and how many answers it holds (never graded itself)."""
    if source.member is not None:
        return "", 0
    path = Path(source.path)
    checkpoint = path.parent / CHECKPOINTS / f"{path.stem}-checkpoint{path.suffix}"
    try:
        if not checkpoint.is_file():
            return "", 0
        records = extract_records(read_untrusted_notebook(checkpoint)).latest().values()
    except (ReadError, OSError):
        return "", 0
    return checkpoint.name, sum(1 for found in records if not is_empty_answer(found.record.answer))


def _with_checkpoint(source: Source, detail: str) -> str:
    """The detail, plus what JupyterLab's checkpoint beside the file holds, if it is there."""
    name, answers = _checkpoint_answers(source)
    if not name:
        return detail
    note = _checkpoint_note(name, answers)
    return f"{detail}; {note}" if detail else note


def _checkpoint_note(name: str, answers: int) -> str:
    """What the teacher is told of a checkpoint holding answers: where it is and what the learner can do."""
    return (
        f"JupyterLab's checkpoint {CHECKPOINTS}/{name} beside it holds {answers} answer"
        f"{'s' if answers != 1 else ''}: the learner can open it, save it under the notebook's name and hand it in again"
    )
