"""A grading run: discover, grade every file (in parallel when there are many), write the outputs.

    discover (parent) -> grade_file per file (workers: pipeline.STEPS, then feedback sections rendered)
                      -> ResultStore (each worker's part, on disk) -> copied into the parent's store
                      -> choose submissions -> outputs

Workers get chunks of sources and append their table rows to a store of their own beside the parent's
(`ResultStore(part=True)`), sending back only how many files they graded; at most a few chunks are in flight
per worker, and results go straight to disk, so memory stays flat however many files there are. Once every
file is graded, the parent copies the parts into its store in SQLite itself (`ResultStore.take_parts`).
While the parent still finds the files and makes the plan, the workers prepare the first ones (read, parse,
their records: `Workers.ahead`), each the notebooks `routes` will give it.
Each course notebook's files go to one worker (`routes`): a worker remembers what it scored and rendered
for each distinct answer, and a class gives each notebook's few answers thousands of times. The feedback
sections, the bulk of what grading makes, each worker writes to a file of its own beside the store, in
pieces shared by the files that gave the same answer (`store.SectionFile`). The outputs are written only
after every file has been graded, each atomically (an interrupted run leaves the previous outputs as they
were); with many learners, two more processes write scores.csv and the feedback pages meanwhile.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import os
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from course.atomic import AtomicFiles
from course.exercises.definitions import ExerciseBank, load_bank
from course.exercises.policy import Policy, PracticeWeight
from course.grading import identify
from course.grading import marks as marks_module
from course.grading.batch_progress import Progress
from course.grading.course_grade import ClassScale
from course.grading.discover import Limits, Source, check_paths, iter_discover
from course.grading.layout import Origin, plan
from course.grading.outputs.feedback import PageTotals, render_page, render_sections
from course.grading.outputs.report import INTEGRITY_SHOWN, write_report
from course.grading.outputs.retention import class_retention, write_retention
from course.grading.outputs.tables import (
    LearnerTotals,
    Matched,
    write_errors,
    write_grade_tables,
    write_integrity,
    write_missing,
    write_scores,
)
from course.grading.pipeline import RECORDED_ID_DIFFERS, Context, Work, grade_file, prepare_file
from course.grading.roster import Roster, RosterEntry, load_roster
from course.grading.store import ERROR, NOTICE, ResultStore, SectionFile, Tables, table_rows
from course.notebook_names import names_a_notebook

if TYPE_CHECKING:
    from concurrent.futures import Future, ProcessPoolExecutor
    from multiprocessing.sharedctypes import Synchronized

PARALLEL_THRESHOLD = 200
"""Below this many files, starting worker processes costs more than it saves."""
FEEDBACK = "feedback"
REPORT_TITLE = "MLOps Roles & Team Structure"


@dataclass(frozen=True)
class GradeRequest:
    paths: tuple[str, ...]
    out: Path
    definitions: Path
    learner_pattern: str | None = None
    limits: Limits = field(default_factory=Limits)
    jobs: int | None = None
    progress: bool | None = None
    roster: Path | None = None
    marks: Path | None = None
    policy: Policy = field(default_factory=Policy)
    feedback_answers: bool = True
    """Whether the feedback pages show the right answers and full explanations."""
    practice: PracticeWeight = field(default_factory=PracticeWeight)
    """How practice notebooks count in the grade (the course config's `grading.practice_weight`)."""


@dataclass(frozen=True)
class GradeSummary:
    files: int
    learners: int
    problems: int
    failed: int
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notices: int = 0
    findings: int = 0
    detected: list[str] = field(default_factory=list)
    missing: list[RosterEntry] = field(default_factory=list)
    reviewed_items: int = 0
    """Items with review first tries in retention.csv (0: no review records, no file)."""

    @property
    def exit_status(self) -> int:
        """0 when every file was graded, 1 when errors.csv lists an error (notices alone do not count)."""
        return 1 if self.problems else 0


_worker_context: Context | None = None
_worker_sections: SectionFile | None = None
_worker_store: ResultStore | None = None
_worker_prepared: dict[str, Work] = {}
"""Files a worker prepared ahead of the plan (`prepare_apart`), by path, until it grades them."""


def _init_worker(definitions: str, limits: Limits, policy: Policy, feedback_answers: bool, scratch: str) -> None:
    global _worker_context, _worker_sections, _worker_store
    _worker_context = Context(load_bank(definitions), limits, policy, feedback_answers)
    _worker_sections = SectionFile(Path(scratch))
    _worker_store = ResultStore(Path(scratch), part=True)


def prepare_apart(sources: list[Source]) -> int:
    """`prepare_file` in a worker, for files found before the plan is made (see `Workers.ahead`): kept until
    `grade_chunk` grades them, in this worker, as `routes` sends each notebook's files to the worker that
    prepared them."""
    if _worker_context is None:
        raise RuntimeError("prepare_apart runs in a worker started by _init_worker")
    for source in sources:
        _worker_prepared[source.path] = prepare_file(source, _worker_context)
    return len(sources)


def grade_chunk_apart(items: list[tuple[Source, Origin]], ids: list[int]) -> tuple[int, Tables]:
    """`grade_chunk` in a worker (started by `_init_worker`), its rows appended to the worker's own part store
    and committed there (`ResultStore.take_parts` copies them in at the end): nothing but the count goes back,
    so the parent neither unpickles nor inserts a class's rows while the workers need the cores."""
    if _worker_store is None:
        raise RuntimeError("grade_chunk_apart runs in a worker started by _init_worker")
    count, tables = grade_chunk(items, ids)
    _worker_store.add(tables)
    _worker_store.commit()
    return count, {}


def grade_chunk(
    items: list[tuple[Source, Origin]],
    ids: list[int],
    context: Context | None = None,
    sections: SectionFile | None = None,
) -> tuple[int, Tables]:
    """Grade a run of sources (each zip opened once) into table rows, the files numbered by `ids`;
    the feedback sections are written to `sections` (a worker's own, see `SectionFile`)."""
    context = context or _worker_context
    sections = sections or _worker_sections
    if context is None or sections is None:
        raise RuntimeError("grade_chunk needs a context (or a worker started by _init_worker)")
    archives: dict[str, zipfile.ZipFile] = {}
    try:
        results = [
            render_sections(grade_file(source, context, archives, origin, _prepared(source)), context.feedback_answers)
            for source, origin in items
        ]
    finally:
        for archive in archives.values():
            archive.close()
    return len(results), table_rows(results, ids, sections)


def _prepared(source: Source) -> Work | None:
    """The work this worker did ahead on a plain file (`prepare_apart`), taken out: each is graded once."""
    if not _worker_prepared or source.member is not None:
        return None
    return _worker_prepared.pop(source.path, None)


CHUNK = 64
"""Files per task sent to a worker: big enough to amortise the hand-over, small enough to keep all busy."""
IN_FLIGHT = 3
"""Chunks handed to each worker ahead of its results, so none waits for the parent."""

Chunk = tuple[list[tuple[Source, Origin]], list[int]]
"""Sources to grade and the number of each file (its place in the plan, so ids never depend on which worker
graded it)."""


def _chunks(numbered: Iterable[tuple[int, tuple[Source, Origin]]]) -> Iterator[Chunk]:
    """Runs of at most `CHUNK` numbered sources."""
    numbered = iter(numbered)
    while batch := list(itertools.islice(numbered, CHUNK)):
        yield [item for _, item in batch], [number for number, _ in batch]


def routes(
    items: list[tuple[Source, Origin]], context: Context, workers: int, assigned: dict[str, int] | None = None
) -> list[collections.deque[Chunk]]:
    """The chunks each worker grades first: all the files of a course notebook go to one worker.

    A worker keeps what it scored and rendered for each distinct answer (`course.memo`); a class gives a
    notebook's few distinct answers thousands of times, so a worker that sees every notebook works each of
    them out again where one that sees half of them does not (measured: a quarter of the workers' time on
    two cores). The notebooks are shared out by their estimated work (files x exercises), largest first; a
    worker whose own chunks are done takes the last chunks of the longest other route, so none idles.
    The number is read from the file's name; a file whose name says none goes with the files of number ''.
    `assigned` (notebook -> worker) keeps the notebooks already given out (`share_notebooks`, with the files
    the workers prepared ahead); the others go to the worker with the least work.
    """
    groups: dict[str, list[tuple[int, tuple[Source, Origin]]]] = {}
    for number, item in enumerate(items, start=1):
        source, origin = item
        groups.setdefault(notebook_hint(source, origin), []).append((number, item))
    shares: list[list[tuple[int, tuple[Source, Origin]]]] = [[] for _ in range(workers)]
    weights = {hint: len(files) * _notebook_work(context, hint) for hint, files in groups.items()}
    for hint, worker in _share_out(weights, workers, assigned).items():
        shares[worker].extend(groups[hint])
    return [collections.deque(_chunks(share)) for share in shares]


def _notebook_work(context: Context, hint: str) -> int:
    """The estimated work of one file of a notebook: reading and parsing it (2), and each of its exercises."""
    return 2 + len(context.notebooks.get(hint, ()))


def _share_out(weights: dict[str, int], workers: int, given: dict[str, int] | None = None) -> dict[str, int]:
    """Each notebook -> a worker, in the order they were given out: the `given` ones kept, the others largest
    first to the worker with the least work so far."""
    given = {hint: worker for hint, worker in (given or {}).items() if hint in weights and worker < workers}
    load = [0] * workers
    shared = {}
    for hint in sorted(weights, key=lambda h: (h not in given, -weights[h], h)):
        worker = shared[hint] = given[hint] if hint in given else load.index(min(load))
        load[worker] += weights[hint]
    return shared


def notebook_hint(source: Source, origin: Origin | None = None) -> str:
    """The course notebook a file's name says it is ('' if none), which `routes` shares the work by."""
    return names_a_notebook((origin.file_name if origin else "") or source.parts[-1]) or ""


def share_notebooks(found: Iterable[Source], context: Context, workers: int) -> dict[str, int]:
    """Notebook -> worker, from the files found so far, the work shared out as `routes` shares it (largest
    first, to the worker with the least): made when the workers start, so the files they prepare ahead are
    the ones `routes` will give them."""
    counts = collections.Counter(notebook_hint(source) for source in found)
    counts.pop("", None)
    return _share_out({hint: count * _notebook_work(context, hint) for hint, count in counts.items()}, workers)


class Workers:
    """The grading worker processes, one pool of one each (so each can be handed its own route, see `routes`),
    started as soon as the batch looks big enough. While the parent is still finding the files and making the
    plan, a core would idle: the workers prepare the first `AHEAD` files meanwhile (read, parse, their records:
    `pipeline.prepare_file`), each the files of the notebooks `share_notebooks` gives it, which `routes` then
    sends it to grade."""

    AHEAD = 2048
    """Files prepared ahead at most (what is kept of each until it is graded is small: its records)."""

    def __init__(self, request: GradeRequest, scratch: Path, context: Context) -> None:
        self.jobs = request.jobs or os.cpu_count() or 1
        self.initargs = (
            str(request.definitions),
            request.limits,
            request.policy,
            request.feedback_answers,
            str(scratch),
        )
        self.context = context
        self.pools: list[ProcessPoolExecutor] = []
        self.assigned: dict[str, int] = {}
        self.offered = 0
        self.batches: dict[int, list[Source]] = {}

    def ahead(self, found: Iterable[Source | object]) -> None:
        """Offer files just found to be prepared ahead: the first call (when the pools start) shares the
        notebooks out by these files; a notebook first seen later is not prepared ahead (`routes` places it)."""
        if not self.pools or self.offered >= self.AHEAD:
            return
        sources = [item for item in found if isinstance(item, Source) and item.member is None]
        if not self.assigned:
            self.assigned = share_notebooks(sources, self.context, len(self.pools))
        for source in sources:
            worker = self.assigned.get(notebook_hint(source))
            if worker is None or self.offered >= self.AHEAD:
                continue
            self.offered += 1
            batch = self.batches.setdefault(worker, [])
            batch.append(source)
            if len(batch) >= CHUNK:
                self.pools[worker].submit(prepare_apart, batch)
                self.batches[worker] = []

    def flush(self) -> None:
        """Hand over the files offered but not yet sent (discovery is done)."""
        for worker, batch in self.batches.items():
            if batch:
                self.pools[worker].submit(prepare_apart, batch)
        self.batches = {}

    def start(self) -> list[ProcessPoolExecutor]:
        """The pools, started on the first call (none with one job: the files are then graded in this process)."""
        if not self.pools and self.jobs > 1:
            from concurrent.futures import ProcessPoolExecutor  # a batch this big only

            self.pools = [
                ProcessPoolExecutor(1, initializer=_init_worker, initargs=self.initargs) for _ in range(self.jobs)
            ]
            for pool in self.pools:
                pool.submit(int)  # starts its process now
        return self.pools

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        for pool in self.pools:
            pool.shutdown(cancel_futures=True)


def _graded(
    workers: Workers, items: list[tuple[Source, Origin]], context: Context, scratch: Path
) -> Iterator[tuple[int, Tables]]:
    """Graded chunks: in this process for a few files, else spread over the worker processes, one course
    notebook's files to one worker (`routes`); the feedback sections are written into `scratch`, the store's
    folder."""
    if workers.jobs <= 1 or len(items) < PARALLEL_THRESHOLD:
        sections = SectionFile(scratch)
        for chunk in _chunks(enumerate(items, start=1)):
            yield grade_chunk(*chunk, context, sections)
        return
    from concurrent.futures import FIRST_COMPLETED, wait

    pools = workers.start()
    queues = routes(items, context, len(pools), workers.assigned)
    pending: dict[Future[tuple[int, Tables]], int] = {}

    def hand(worker: int) -> None:
        own = queues[worker]
        queue = own or max(queues, key=len)
        if queue:
            chunk = queue.popleft() if queue is own else queue.pop()
            pending[pools[worker].submit(grade_chunk_apart, *chunk)] = worker

    for worker in range(len(pools)):
        for _ in range(IN_FLIGHT):
            hand(worker)
    try:
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                worker = pending.pop(future)
                yield future.result()
                hand(worker)
    except BaseException:
        for future in pending:
            future.cancel()
        raise


def grade(request: GradeRequest) -> GradeSummary:
    """Grade everything under `request.paths` into `request.out` (see the package docstring)."""
    bank = load_bank(request.definitions)
    pattern = identify.compile_pattern(request.learner_pattern)
    roster = load_roster(request.roster) if request.roster else None
    context = Context(bank, request.limits, request.policy, request.feedback_answers)
    check_paths(request.paths)
    out = request.out
    out.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        scratch = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=".grading-", dir=out)))
        workers = stack.enter_context(Workers(request, scratch, context))
        found = []
        for item in iter_discover(request.paths, request.limits):
            found.append(item)
            if len(found) == PARALLEL_THRESHOLD:
                workers.start()
                workers.ahead(found)
            elif len(found) > PARALLEL_THRESHOLD:
                workers.ahead((item,))
        workers.flush()
        planned = plan((item for item in found if isinstance(item, Source)), pattern)
        progress = Progress(len(planned.graded), enabled=request.progress)
        store = stack.enter_context(ResultStore(scratch))
        for item in found:
            if not isinstance(item, Source):
                learner = identify.path_learner(item.parts, item.container) if item.parts else ""
                store.add_problems(item.label, learner, [(item.problem, item.detail)])
        for source, refused in planned.refused:
            store.add_problems(source.label, refused.learner, [(refused.error, refused.detail)])
        for source, learner, notice, detail in planned.notices:
            store.add_problems(source.label, learner, [(notice, detail)], NOTICE)
        del found
        for count, tables in _graded(workers, planned.graded, context, scratch):
            store.add(tables)
            progress.advance(count)
        store.take_parts()  # what the workers graded, each in its own part store
        progress.close()
        store.merge_spellings()
        store.choose_submissions()
        marking = merge_marks(store, bank, request.marks) if request.marks else None
        return write_outputs(
            out, store, bank, roster, planned.describe(), workers.jobs, marking, request.policy, request.practice
        )


@dataclass(frozen=True)
class Marking:
    """What merging a marks file left for the outputs."""

    bank: ExerciseBank
    unmarked: dict[str, list[str]]
    report: str


def merge_marks(store: ResultStore, bank: ExerciseBank, path: Path) -> Marking:
    """The instructor's marks into the graded rows; each bad row of the sheet becomes an error row."""
    marks, problems = marks_module.read_marks(path, store, bank)
    for learner, problem, detail in problems:
        store.add_problems(path.name, learner, [(problem, detail)])
    unmarked = marks_module.apply_marks(store, bank, marks)
    awaiting: dict[str, list[str]] = {}
    for learner, exercise in unmarked:
        awaiting.setdefault(learner, []).append(exercise)
    report = marks_module.render_marking_summary(len(marks), unmarked)
    return Marking(marks_module.with_rubric_points(bank), awaiting, report)


def write_outputs(
    out: Path,
    store: ResultStore,
    bank: ExerciseBank,
    roster: Roster | None = None,
    detected: list[str] | None = None,
    jobs: int = 1,
    marking: Marking | None = None,
    policy: Policy | None = None,
    practice: PracticeWeight | None = None,
) -> GradeSummary:
    """Every output file, each atomically; with several cores and many learners, two more processes write
    scores.csv and the feedback pages (which take the gradebook's totals) while this one writes the rest,
    then takes pages too (`take_pages`): the three share the cores, and none waits while pages are left."""
    learners = list(store.learners())
    matched, missing = Matched(), list[RosterEntry]()
    if roster is not None:
        entries, unknown, missing = roster.match(learners)
        matched = Matched(roster, entries)
        for learner in unknown:
            store.add_problems(
                store.first_file(learner),
                learner,
                [("This learner is not on the roster, so the grade cannot go back to the platform.", "--roster")],
            )
        write_missing(out, missing)
        _check_recorded_ids(store, entries)
    scored = marking.bank if marking else bank
    scale = ClassScale.of(scored, store.graded_notebooks(), practice or PracticeWeight())
    policy_name = (policy or Policy()).name
    with contextlib.ExitStack() as beside:
        apart: ProcessPoolExecutor | None = None
        done_apart = []
        if len(learners) >= PARALLEL_THRESHOLD and jobs > 1:  # scores.csv and the pages in two more processes
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            store.commit()
            turn = multiprocessing.Value("i", 0)
            apart = beside.enter_context(ProcessPoolExecutor(2, initializer=_init_apart, initargs=(turn,)))
            done_apart.append(apart.submit(write_scores_apart, str(store.path.parent), out, policy_name, scale))
        else:
            write_scores(out, store, policy_name, set(scale.practice))
        totals = write_grade_tables(
            out, store, scored, matched, marking.unmarked if marking else None, practice or PracticeWeight()
        )
        tops = page_totals(totals, scale)
        names = identify.safe_file_names(learners)
        if apart is not None:  # the pages need the gradebook's totals; this process joins in when it is done
            shares = page_shares(names)
            for _ in range(2):
                done_apart.append(
                    apart.submit(take_pages_apart, str(store.path.parent), str(out / FEEDBACK), shares, tops)
                )
        else:
            write_pages(out / FEEDBACK, store, names, tops)
        marks_module.export_sheet(out, store, bank)
        findings, first_findings = write_integrity(out, store, keep=INTEGRITY_SHOWN + 1)
        retention = class_retention(store, bank)
        write_report(
            out,
            store,
            scored,
            totals,
            REPORT_TITLE,
            marking.report if marking else "",
            policy or Policy(),
            scale,
            retention,
            first_findings,
        )
        write_errors(out, store.problems())
        reviewed = write_retention(out, retention)
        if apart is not None:
            take_pages(out / FEEDBACK, store, shares, tops, turn)
        for future in done_apart:
            future.result()
        remove_other_pages(out / FEEDBACK, names)
    counts = store.counts()
    return GradeSummary(
        counts["files"],
        len(learners),
        store.count_problems(ERROR),
        counts["failed"],
        store.skipped(),
        notices=store.count_problems(NOTICE),
        findings=findings,
        detected=detected or [],
        missing=missing,
        reviewed_items=reviewed,
    )


def _check_recorded_ids(store: ResultStore, entries: dict[str, RosterEntry]) -> None:
    """A Canvas or Moodle learner's files should carry one of the ids the roster knows them by."""
    for learner, recorded, label in list(store.recorded_ids()):
        entry = entries.get(learner)
        if entry is None:
            continue
        known = {entry.id.casefold(), *(alias.casefold() for alias in entry.aliases if alias)}
        if recorded.casefold() not in known:
            store.add_finding(
                label,
                learner,
                RECORDED_ID_DIFFERS,
                "",
                "",
                f"answers recorded under {recorded}; the roster knows {learner} ({entry.name}) as "
                + ", ".join(sorted(a for a in entry.aliases if a) or [entry.id]),
            )


def write_scores_apart(scratch: str, out: Path, policy: str, scale: ClassScale) -> None:
    """`write_scores` in another process, reading the finished store."""
    with ResultStore(Path(scratch), reader=True) as store:
        write_scores(out, store, policy, set(scale.practice))


_page_turn: Synchronized[int] | None = None


def _init_apart(turn: Synchronized[int]) -> None:
    global _page_turn
    _page_turn = turn


def take_pages_apart(scratch: str, folder: str, shares: list[dict[str, str]], totals: dict[str, PageTotals]) -> None:
    """`take_pages` in an output process (started by `_init_apart`), reading the finished store."""
    if _page_turn is None:
        raise RuntimeError("take_pages_apart runs in an output process started with _init_apart")
    with ResultStore(Path(scratch), reader=True) as store:
        take_pages(Path(folder), store, shares, totals, _page_turn)


def take_pages(
    folder: Path,
    store: ResultStore,
    shares: list[dict[str, str]],
    totals: dict[str, PageTotals],
    turn: Synchronized[int],
) -> None:
    """Write the runs of pages (`page_shares`) that no process has taken yet, one run at a time, until none is
    left: `turn`, shared by every process writing pages, counts the runs taken. The two output processes
    and then this one, once its own outputs are written, all take runs, so none waits while pages are left."""
    while True:
        with turn.get_lock():
            index = turn.value
            turn.value += 1
        if index >= len(shares):
            return
        write_pages(folder, store, shares[index], totals)


def page_totals(totals: LearnerTotals, scale: ClassScale) -> dict[str, PageTotals]:
    """What each learner's feedback page says at its top (assessed points, practice apart, the grade), from the
    gradebook's own figures: the pages then never work a grade out a second time."""
    return {
        learner: PageTotals(
            earned,
            possible,
            totals.practice[learner] if scale.practice else None,
            totals.shares[learner],
            scale.weight,
        )
        for learner, (earned, possible) in totals.own.items()
    }


def write_pages(folder: Path, store: ResultStore, names: dict[str, str], totals: dict[str, PageTotals]) -> None:
    """The feedback page of each learner in `names` (learner -> file name without .html; a sorted run of the
    class's learners, as `page_shares` makes them), each written as soon as it is rendered.

    `AtomicFiles` writes them: a page that has not changed since the last run is not rewritten. With many
    learners, the output processes and the parent take runs of them in turn (`take_pages`).
    """
    if not names:
        return
    marked = marks_module.learner_marks_html(store)
    pages = AtomicFiles(folder)
    first, last = min(names), max(names)
    for learner, group in itertools.groupby(store.winning_sections(first, last), key=lambda r: r[0]):
        name = f"{names[learner]}.html"
        if "/" in name or "\\" in name or name.startswith("."):  # defence in depth: never outside feedback/
            raise RuntimeError(f"unsafe feedback file name for learner {learner!r}")
        sections = [*(html for _, _, html in group), *(html.encode("utf-8") for html in marked.get(learner, []))]
        pages.write(name, render_page(learner, sections, totals.get(learner)))


def remove_other_pages(folder: Path, names: dict[str, str]) -> None:
    """Remove the pages an earlier run left for learners not in this one."""
    kept = {f"{name}.html" for name in names.values()}
    for stale in folder.glob("*.html"):
        if stale.name not in kept:
            stale.unlink()


PAGE_SHARES = 8
"""Runs of learners whose pages the output processes take in turn (the one free first takes the next)."""


def page_shares(names: dict[str, str], shares: int = PAGE_SHARES) -> list[dict[str, str]]:
    """The learners in `shares` sorted runs of about equal size (fewer with fewer learners)."""
    ordered = sorted(names)
    size = -(-len(ordered) // shares) if ordered else 1
    return [{learner: names[learner] for learner in ordered[i : i + size]} for i in range(0, len(ordered), size)]
