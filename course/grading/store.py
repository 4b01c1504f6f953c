"""Where per-file results wait until every file is graded: a temporary SQLite file.

Results arrive in any order (worker processes finish when they finish); the
outputs must come out sorted and identical every run, and memory must not
grow with the number of submissions. A small on-disk database does both: rows
are appended as they arrive, and every output is a sorted query streamed to
its file. The database lives in a temporary folder and is deleted afterwards.

The duplicate rule lives here too (`choose_submissions`): when one learner
submitted the same course notebook more than once, the file with the
notebook's own name beats a JupyterLab '-CopyN' copy, then the later Canvas
upload (higher attachment id), then the newest file: the latest modification
time (a zip member's stored date), then the higher total of answer revisions,
then the later path in sort order. Every other copy is a notice in errors.csv.
What only shows across learners (identical files, identical answer sets, one
recorded id under several learners) is found here too, for integrity.csv.
"""

from __future__ import annotations

import collections
import contextlib
import hashlib
import itertools
import json
import mmap
import os
import sqlite3
import unicodedata
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from course.exercises.status import Status
from course.grading.discover import read_again
from course.grading.identify import learner_key
from course.grading.layout import CANVAS, MOODLE
from course.grading.pipeline import FileResult
from course.memo import Memo, ShortMemo

SCHEMA = """
CREATE TABLE files (id INTEGER PRIMARY KEY, label TEXT, learner TEXT, mtime REAL, revisions INTEGER,
                    failed INTEGER, skipped TEXT, name TEXT, layout TEXT, copy INTEGER, rank INTEGER,
                    digest TEXT, recorded TEXT, path TEXT, member TEXT, entry INTEGER);
CREATE TABLE covers (file INTEGER, notebook TEXT);
CREATE TABLE rows (file INTEGER, notebook TEXT, ord INTEGER, exercise TEXT, points REAL, max_points REAL,
                   status TEXT, note TEXT, checks INTEGER, variant TEXT,
                   counted INTEGER, fell_back INTEGER, first_variant TEXT, first_right INTEGER, first_points REAL,
                   picks TEXT);
CREATE TABLE wrong (file INTEGER, notebook TEXT, exercise TEXT, answer TEXT, misconception TEXT);
CREATE TABLE caseanswers (file INTEGER, notebook TEXT, exercise TEXT, variant TEXT, fingerprint TEXT, right INTEGER);
CREATE TABLE texts (file INTEGER, notebook TEXT, exercise TEXT, body TEXT);
CREATE TABLE sections (file INTEGER, notebook TEXT, part TEXT, spans BLOB);
CREATE TABLE problems (label TEXT, learner TEXT, kind TEXT, problem TEXT, detail TEXT);
CREATE TABLE findings (label TEXT, learner TEXT, finding TEXT, notebook TEXT, others TEXT, detail TEXT);
CREATE TABLE answersets (file INTEGER, notebook TEXT, fingerprint TEXT, wrong INTEGER);
CREATE TABLE winners (file INTEGER NOT NULL, notebook TEXT NOT NULL, learner TEXT NOT NULL,
                      PRIMARY KEY (file, notebook));
CREATE TABLE reviews (file INTEGER, exercise TEXT, number INTEGER, days INTEGER, recalled INTEGER);
"""
ERROR = "error"
NOTICE = "notice"
IDENTICAL_FILES = "identical files"
IDENTICAL_ANSWERS = "identical answers"
IDENTICAL_ACROSS_CASES = "identical answers to different cases"
SHARED_RECORDED_ID = "recorded id shared"
NAMED_BY_NUMBER = (CANVAS, MOODLE)
"""Layouts whose place names a learner by a platform number, not a user name: the recorded id is compared."""


Tables = dict[str, list[tuple[Any, ...]]]
"""Rows to append, by table name."""
PART_TABLES = (
    "files",
    "covers",
    "rows",
    "wrong",
    "texts",
    "sections",
    "problems",
    "findings",
    "answersets",
    "caseanswers",
    "reviews",
)
"""The tables `table_rows` fills: what a worker's part store holds."""
NOT_COUNTED = (0, None, None, None, None)
"""A row's first-check columns (counted, fell_back, first_variant, first_right, first_points) when the answer
at its first check is not counted (see `pipeline.Row.first`)."""


class SectionFile:
    """The feedback sections one process rendered, appended to a file of its own beside the database.

    A section (every exercise of a notebook, in HTML) is by far the largest thing grading a file makes;
    written here by the process that rendered it, it never passes through the parent or the database,
    which keep only where it is (the `sections` table: the part file, and the (start, size) of each of its
    pieces). Each process has its own file, so none waits for another. A section is written in pieces
    (`feedback.render_notebook`): its head, then each exercise's HTML, which is one text object for every
    file that gave the same answer, so it is written once and the sections that show it point to it (for
    a class, a tenth of the bytes: they were written whole, and read back whole for the pages)."""

    KEPT = 8192
    """Pieces remembered (text -> where it was written); an older one given again is written again."""

    def __init__(self, folder: Path) -> None:
        self.name = f"sections-{os.getpid()}.html"
        self.path = folder / self.name
        self._written: Memo[int, tuple[str, int, int]] = Memo(self.KEPT)

    def append(self, sections: list[tuple[str, tuple[str, ...]]]) -> list[bytes]:
        """Write each (head, pieces) section's text not yet written (UTF-8) at the end of the file; the spans of
        each section, as `array('q')` bytes: the start and size of each piece, in order."""
        placed, pending = [], []
        written = self._written
        with self.path.open("ab") as stream:
            at = stream.tell()
            for head, pieces in sections:
                data = head.encode("utf-8")
                pending.append(data)
                spans = array("q", (at, len(data)))
                at += len(data)
                for piece in pieces:
                    known = written.get(id(piece))
                    if known is not None and known[0] is piece:
                        spans.extend(known[1:])
                        continue
                    data = piece.encode("utf-8")
                    pending.append(data)
                    spans.extend((at, len(data)))
                    written.put(id(piece), (piece, at, len(data)))  # the text is kept, so its id is not reused
                    at += len(data)
                placed.append(spans.tobytes())
            stream.write(b"".join(pending))
        return placed


def table_rows(results: Iterable[FileResult], ids: Iterable[int], sections: SectionFile) -> Tables:
    """The rows a batch of file results adds to each table, the files numbered by `ids`; the feedback
    sections go to `sections`, the table keeps where they are.

    Done where the files were graded: a worker appends them to its own part store (`ResultStore(part=True)`),
    the parent to its store when it grades a few files itself.
    """
    results = list(results)
    places = iter(sections.append([(head, pieces) for result in results for _, head, pieces in result.sections]))
    tables: Tables = {name: [] for name in PART_TABLES}
    for file_id, result in zip(ids, results, strict=True):
        origin = result.origin
        tables["files"].append(
            (
                file_id,
                result.label,
                result.learner,
                result.mtime,
                result.revisions,
                int(result.failed),
                result.skipped,
                origin.name,
                origin.layout,
                int(origin.copy),
                origin.rank,
                result.digest,
                result.recorded,
                result.where[0],
                result.where[1],
                result.where[2],
            )
        )
        tables["covers"].extend((file_id, n) for n in result.notebooks)
        tables["rows"].extend(
            (file_id,)
            + r[:9]  # notebook, order, exercise, points, max_points, status, note, checks, case
            + (NOT_COUNTED if r.first is None else (1, *r.first))
            + (picks_json(r.picks) if r.picks else None,)
            for r in result.rows
        )
        tables["wrong"].extend((file_id, n, e, a, m) for e, a, m, n in result.wrong)
        tables["texts"].extend((file_id, n, e, t) for n, e, t in result.texts)
        tables["sections"].extend((file_id, n, sections.name, next(places)) for n, _, _ in result.sections)
        tables["problems"].extend((result.label, result.learner, ERROR, p, d) for p, d in result.problems)
        tables["problems"].extend((result.label, result.learner, NOTICE, p, d) for p, d in result.notices)
        tables["findings"].extend((result.label, result.learner, f, n, "", d) for f, n, d in result.findings)
        tables["answersets"].extend((file_id, n, k, w) for n, k, w in result.answer_sets)
        tables["caseanswers"].extend((file_id, *given) for given in result.case_answers)
        tables["reviews"].extend((file_id, *review) for review in result.reviews)
    return tables


_picks_json: ShortMemo[tuple[str, ...], str] = ShortMemo(4096)


def picks_json(picks: tuple[str, ...]) -> str:
    """The options an answer picked, as the rows table keeps them (JSON); a class picks a few sets again and
    again, so each set is encoded once (a quarter of the time a row took to make)."""
    text = _picks_json.get(picks)
    return text if text is not None else _picks_json.put(picks, json.dumps(picks))


class ResultStore:
    """Append file results; query sorted outputs. Use as a context manager."""

    PART = "part-{pid}.sqlite"
    """A grading worker's own store beside the main one (`part=True`): it appends its files' rows there, and
    the parent copies each part in once every file is graded (`take_parts`)."""

    def __init__(self, folder: Path, *, reader: bool = False, part: bool = False) -> None:
        self.path = folder / (self.PART.format(pid=os.getpid()) if part else "results.sqlite")
        if reader:  # another process reading a finished store (feedback pages written beside the other outputs)
            # A file URI needs an absolute path (the store sits in `--out`, which may be given relative).
            self.db = sqlite3.connect(f"{self.path.absolute().as_uri()}?mode=ro", uri=True)
            return
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA journal_mode=OFF")
        self.db.execute("PRAGMA synchronous=OFF")
        self.db.execute(f"PRAGMA cache_size={-1000 if part else -8000}")  # a part is only appended to
        self.db.executescript(SCHEMA)

    def commit(self) -> None:
        self.db.commit()

    def __enter__(self) -> ResultStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.db.close()

    def add(self, tables: Tables) -> None:
        """Append the table rows of a batch of files (made by `table_rows`, in a worker)."""
        db = self.db
        for table, rows in tables.items():
            if rows:
                db.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)

    def take_parts(self) -> int:
        """Copy in the rows of every worker's part store beside this one (committed, the workers done with
        them), in SQLite itself; gives how many parts there were."""
        parts = sorted(self.path.parent.glob(self.PART.format(pid="*")))
        self.db.commit()  # a database is attached outside a transaction
        for part in parts:
            self.db.execute("ATTACH DATABASE ? AS part", (str(part),))
            try:
                for table in PART_TABLES:
                    self.db.execute(f"INSERT INTO main.{table} SELECT * FROM part.{table}")
                self.db.commit()
            finally:
                self.db.execute("DETACH DATABASE part")
        return len(parts)

    def add_problems(
        self, label: str, learner: str, problems: tuple[tuple[str, str], ...] | list[tuple[str, str]], kind: str = ERROR
    ) -> None:
        self.db.executemany(
            "INSERT INTO problems VALUES (?, ?, ?, ?, ?)", [(label, learner, kind, p, d) for p, d in problems]
        )

    def merge_spellings(self) -> None:
        """One learner written several ways (letter case; NFC and NFD, as macOS writes accents) is one learner,
        under the spelling most of their files use (composed first); each spelling merged is a notice."""
        spellings: dict[str, list[tuple[str, int, str]]] = {}
        for learner, files, label in self.db.execute(
            "SELECT learner, COUNT(*), MIN(label) FROM files WHERE learner != '' GROUP BY learner"
        ):
            spellings.setdefault(learner_key(learner), []).append((learner, files, label))
        for group in spellings.values():
            if len(group) < 2:
                continue
            group.sort(key=lambda s: (unicodedata.normalize("NFC", s[0]) != s[0], -s[1], s[0]))
            shown = group[0][0]
            for learner, _, label in group[1:]:
                for table in ("files", "problems", "findings"):
                    self.db.execute(f"UPDATE {table} SET learner = ? WHERE learner = ?", (shown, learner))
                how = (
                    "differ only in how their accents are encoded (composed or decomposed Unicode)"
                    if learner.casefold() == shown.casefold()
                    else "differ only in letter case"
                )
                self.add_problems(
                    label,
                    shown,
                    [(f"The names {learner!r} and {shown!r} {how}: taken as one learner, {shown!r}.", "")],
                    NOTICE,
                )

    def choose_submissions(self) -> None:
        """Apply the duplicate rule (module docstring) and report the copies that were not graded."""
        self.db.execute("CREATE INDEX rows_file ON rows (file, notebook, ord)")
        self.db.execute("CREATE INDEX sections_file ON sections (file, notebook)")
        self.db.execute(
            """
            INSERT INTO winners
            SELECT file, notebook, learner FROM (
                SELECT c.file, c.notebook, f.learner, ROW_NUMBER() OVER (
                    PARTITION BY f.learner, c.notebook
                    ORDER BY f.copy, f.rank DESC, f.mtime DESC, f.revisions DESC, f.label DESC
                ) AS rank
                FROM covers c JOIN files f ON f.id = c.file
            ) WHERE rank = 1
            """
        )
        # One winner per learner and notebook (unique, never null): read in this order, a learner's rows come
        # sorted from the indexes, with no sort of the whole class
        self.db.execute("CREATE UNIQUE INDEX winners_learner ON winners (learner, notebook)")
        losers = self.db.execute(
            """
            SELECT f.label, f.learner, c.notebook, wf.label, f.copy, f.digest != '' AND f.digest = wf.digest
            FROM covers c
            JOIN files f ON f.id = c.file
            LEFT JOIN winners w ON w.file = c.file AND w.notebook = c.notebook
            JOIN winners ww ON ww.notebook = c.notebook
            JOIN files wf ON wf.id = ww.file AND wf.learner = f.learner
            WHERE w.file IS NULL
            ORDER BY f.label, c.notebook
            """
        ).fetchall()
        for label, learner, notebook, winner, copy, same in losers:
            if copy:
                problem = (
                    f"Not graded: a JupyterLab copy ('-CopyN') of notebook {notebook}; "
                    "the file with the notebook's own name was graded."
                )
            elif same:
                problem = f"Not graded: a second copy of {learner}'s notebook {notebook} with the same answers."
            else:
                problem = (
                    f"Not graded: {learner} submitted notebook {notebook} more than once, "
                    "and the newest submission was graded instead."
                )
            self.add_problems(label, learner, [(problem, f"graded: {winner}")], NOTICE)
        self._cross_file_findings()
        self.db.commit()

    def _cross_file_findings(self) -> None:
        """What only shows across learners: the same file, the same answers, the same recorded id."""
        db = self.db
        candidates = db.execute(
            """
            SELECT digest, learner, label, path, member, entry FROM files
            WHERE digest IN (SELECT digest FROM files WHERE digest != '' AND failed = 0
                             GROUP BY digest HAVING COUNT(DISTINCT learner) > 1)
            ORDER BY digest, learner, label
            """
        ).fetchall()
        for _, group in itertools.groupby(candidates, key=lambda row: row[0]):
            by_bytes: dict[str, dict[str, str]] = {}
            for _, learner, label, path, member, entry in group:  # same size and answers: are the bytes the same?
                data = read_again(path, member, index=entry)
                if data is not None:
                    by_bytes.setdefault(hashlib.sha256(data).hexdigest(), {}).setdefault(learner, label)
            for same in by_bytes.values():
                if len(same) > 1:
                    people, files = list(same), list(same.values())
                    self.add_finding(
                        files[0],
                        people[0],
                        IDENTICAL_FILES,
                        "",
                        "; ".join(people[1:]),
                        "byte for byte: " + "; ".join(files),
                    )
        shared = db.execute(
            """
            SELECT a.notebook, a.wrong, GROUP_CONCAT(f.learner, char(31)), GROUP_CONCAT(f.label, char(31)) FROM (
                SELECT a.* FROM answersets a JOIN winners w ON w.file = a.file AND w.notebook = a.notebook
                WHERE a.wrong > 0) a
            JOIN files f ON f.id = a.file
            GROUP BY a.notebook, a.fingerprint HAVING COUNT(DISTINCT f.learner) > 1
            ORDER BY a.wrong DESC, a.notebook, MIN(f.learner)
            """
        ).fetchall()
        for notebook, wrong, learners, labels in shared:
            people, files = learners.split("\x1f"), labels.split("\x1f")
            order = sorted(range(len(people)), key=lambda i: people[i])
            people, files = [people[i] for i in order], [files[i] for i in order]
            detail = (
                f"{wrong} shared wrong answer{'s' if wrong != 1 else ''}; every answer the same in notebook {notebook}"
            )
            self.add_finding(files[0], people[0], IDENTICAL_ANSWERS, notebook, "; ".join(people[1:]), detail)
        self._identical_across_cases()
        shared = db.execute(
            """
            SELECT recorded, GROUP_CONCAT(learner, char(31)), MIN(label) FROM (
                SELECT DISTINCT recorded, learner, MIN(label) AS label FROM files
                WHERE recorded != '' AND layout IN (?, ?)
                GROUP BY recorded, learner ORDER BY learner)
            GROUP BY recorded HAVING COUNT(*) > 1 ORDER BY recorded
            """,
            NAMED_BY_NUMBER,
        ).fetchall()
        for recorded, learners, label in shared:
            people = learners.split("\x1f")
            self.add_finding(
                label, people[0], SHARED_RECORDED_ID, "", "; ".join(people[1:]), f"answers recorded under {recorded}"
            )

    def _identical_across_cases(self) -> None:
        """The same detailed answer given by learners with different cases of one exercise: each case has its own
        key, so one answer fitting two cases is rare, and one copied from a classmate's case is the likely reason."""
        groups = self.db.execute(
            """
            SELECT c.notebook, c.exercise, GROUP_CONCAT(f.learner || char(30) || c.variant || char(30) || c.right
                                                        || char(30) || f.label, char(31))
            FROM caseanswers c JOIN winners w ON w.file = c.file AND w.notebook = c.notebook JOIN files f ON f.id = c.file
            GROUP BY c.notebook, c.exercise, c.fingerprint
            HAVING COUNT(DISTINCT c.variant) > 1 AND COUNT(DISTINCT f.learner) > 1
            ORDER BY c.notebook, c.exercise, MIN(f.learner)
            """
        ).fetchall()
        for notebook, exercise, given in groups:
            entries = sorted(tuple(entry.split("\x1e")) for entry in given.split("\x1f"))
            people = [learner for learner, _, _, _ in entries]
            right = sorted({f"{learner} ({case})" for learner, case, ok, _ in entries if ok == "1"})
            cases = "; ".join(f"{learner}: case {case}" for learner, case, _, _ in entries)
            detail = f"{exercise}: the same answer to different cases ({cases})" + (
                f"; it is right only for {', '.join(right)}" if right else "; right for none of them"
            )
            self.add_finding(entries[0][3], people[0], IDENTICAL_ACROSS_CASES, notebook, "; ".join(people[1:]), detail)

    # --- queries the outputs stream from -------------------------------
    def query(self, sql: str, params: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
        yield from self.db.execute(sql, params)

    def graded_notebooks(self) -> list[str]:
        return [n for (n,) in self.db.execute("SELECT DISTINCT notebook FROM winners ORDER BY notebook")]

    def learners(self) -> Iterator[str]:
        """Every learner with a graded notebook, sorted."""
        for (learner,) in self.db.execute("SELECT DISTINCT learner FROM winners ORDER BY learner"):
            yield learner

    def winning_rows(self) -> Iterator[tuple[Any, ...]]:
        """(learner, notebook, ord, exercise, points, max_points, status, note, label, checks, case) sorted by learner."""
        yield from self.db.execute(
            """
            SELECT w.learner, r.notebook, r.ord, r.exercise, r.points, r.max_points, r.status, r.note, f.label,
                   r.checks, r.variant
            FROM winners w JOIN rows r ON r.file = w.file AND r.notebook = w.notebook JOIN files f ON f.id = w.file
            ORDER BY w.learner, w.notebook, r.ord
            """
        )

    def winning_sections(self, first: str | None = None, last: str | None = None) -> Iterator[tuple[str, str, bytes]]:
        """(learner, notebook, html in UTF-8) sorted by learner and notebook (of the learners from `first` to `last`
        when given), each section put together from its pieces in its part file (as bytes: a page is written as
        bytes too, see `feedback.render_page`)."""
        places = self.db.execute(
            """
            SELECT w.learner, s.notebook, s.part, s.spans FROM winners w
            JOIN sections s ON s.file = w.file AND s.notebook = w.notebook
            WHERE (:first IS NULL OR w.learner >= :first) AND (:last IS NULL OR w.learner <= :last)
            ORDER BY w.learner, w.notebook
            """,
            {"first": first, "last": last},
        )
        with contextlib.ExitStack() as stack:
            parts: dict[str, mmap.mmap] = {}
            for learner, notebook, part, spans in places:
                if part not in parts:
                    stream = stack.enter_context((self.path.parent / part).open("rb"))
                    parts[part] = stack.enter_context(mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ))
                data = parts[part]
                cut = array("q")
                cut.frombytes(spans)
                yield learner, notebook, b"".join([data[cut[i] : cut[i] + cut[i + 1]] for i in range(0, len(cut), 2)])

    def problems(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(file, learner, kind, problem, detail), errors and notices, sorted by file."""
        yield from self.db.execute(
            "SELECT label, learner, kind, problem, detail FROM problems ORDER BY label, problem, detail, learner"
        )

    def count_problems(self, kind: str | None = None) -> int:
        if kind is None:
            return int(self.db.execute("SELECT COUNT(*) FROM problems").fetchone()[0])
        return int(self.db.execute("SELECT COUNT(*) FROM problems WHERE kind = ?", (kind,)).fetchone()[0])

    def findings(self) -> Iterator[tuple[str, str, str, str, str, str]]:
        """(finding, notebook, learner, other learners, file, detail) for the integrity report.

        Identical answer sets come ranked by their shared wrong answers; the rest by finding and file."""
        yield from self.db.execute(
            """
            SELECT finding, notebook, learner, others, label, detail FROM findings
            ORDER BY CASE finding WHEN ? THEN 1 ELSE 0 END, finding,
                     CASE finding WHEN ? THEN -CAST(detail AS INTEGER) ELSE 0 END, label, learner, detail
            """,
            (IDENTICAL_ANSWERS, IDENTICAL_ANSWERS),
        )

    def learner_names(self) -> dict[str, str]:
        """Learner -> the display name the platform gave (Canvas, Moodle), where there is one."""
        return dict(self.db.execute("SELECT learner, MAX(name) FROM files WHERE name != '' GROUP BY learner"))

    def recorded_ids(self) -> Iterator[tuple[str, str, str]]:
        """(learner, recorded id, file) for files whose place names a learner in another way than a user name."""
        yield from self.db.execute(
            """
            SELECT learner, recorded, label FROM files
            WHERE recorded != '' AND layout IN (?, ?)
            ORDER BY learner, label
            """,
            NAMED_BY_NUMBER,
        )

    def add_finding(self, label: str, learner: str, finding: str, notebook: str, others: str, detail: str) -> None:
        self.db.execute(
            "INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?)", (label, learner, finding, notebook, others, detail)
        )

    def review_tries(self) -> Iterator[tuple[str, str, int, int, int]]:
        """(learner, exercise, review number, days, recalled) of every review record found, for retention.csv."""
        return self.query(
            "SELECT f.learner, r.exercise, r.number, r.days, r.recalled FROM reviews r JOIN files f ON f.id = r.file "
            "ORDER BY f.learner, r.exercise, r.number, f.id"
        )

    def first_file(self, learner: str) -> str:
        return self.db.execute("SELECT MIN(label) FROM files WHERE learner = ?", (learner,)).fetchone()[0] or ""

    def learner_layouts(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT learner, MAX(layout) FROM files GROUP BY learner"))

    def counts(self) -> dict[str, int]:
        row = self.db.execute("SELECT COUNT(*), SUM(failed), SUM(skipped != '') FROM files").fetchone()
        return {"files": row[0] or 0, "failed": row[1] or 0, "skipped": row[2] or 0}

    def skipped(self) -> list[tuple[str, str]]:
        return list(self.db.execute("SELECT label, skipped FROM files WHERE skipped != '' ORDER BY label"))

    def item_stats(self) -> Iterator[tuple[Any, ...]]:
        """(exercise, notebook, submissions, answered, mean points, max points, full marks) per exercise."""
        yield from self.db.execute(
            """
            SELECT r.exercise, r.notebook, COUNT(*), SUM(r.status NOT IN (?, ?)),
                   AVG(r.points), MAX(r.max_points), SUM(r.status = ?)
            FROM winners w JOIN rows r ON r.file = w.file AND r.notebook = w.notebook
            GROUP BY r.exercise, r.notebook ORDER BY r.notebook, MIN(r.ord), r.exercise
            """,
            (Status.UNANSWERED.value, Status.REJECTED.value, Status.CORRECT.value),
        )

    def common_wrong(self, per_exercise: int) -> Iterator[tuple[str, str, str, int]]:
        """(exercise, wrong answer, misconception, learners) for the most common wrong answers."""
        yield from self.db.execute(
            """
            SELECT exercise, answer, misconception, n FROM (
                SELECT exercise, answer, misconception, COUNT(*) AS n, ROW_NUMBER() OVER (
                    PARTITION BY exercise ORDER BY COUNT(*) DESC, answer, misconception) AS rank
                FROM wrong x JOIN winners w ON w.file = x.file AND w.notebook = x.notebook
                GROUP BY exercise, answer, misconception
            ) WHERE rank <= ? ORDER BY exercise, n DESC, answer, misconception
            """,
            (per_exercise,),
        )

    def misconceptions(self, limit: int) -> list[tuple[str, int]]:
        return list(
            self.db.execute(
                """
                SELECT misconception, COUNT(*) AS n FROM wrong x
                JOIN winners w ON w.file = x.file AND w.notebook = x.notebook
                WHERE misconception != '' GROUP BY misconception ORDER BY n DESC, misconception LIMIT ?
                """,
                (limit,),
            )
        )

    def first_check_basis(self) -> tuple[int, int]:
        """(answers counted at their first check, answers counted on their final answer for lack of one)."""
        row = self.db.execute(
            """
            SELECT COUNT(*), SUM(r.fell_back) FROM winners w
            JOIN rows r ON r.file = w.file AND r.notebook = w.notebook WHERE r.counted
            """
        ).fetchone()
        total, fell_back = row[0] or 0, row[1] or 0
        return total - fell_back, fell_back

    def learner_rows(self) -> Iterator[tuple[str, str, str, float, float, str, float]]:
        """(learner, notebook, exercise, points, max points, status, points of the answer at its first check or
        0) of the winning files, sorted by learner: what a learner's grade is made of (`course_grade`)."""
        yield from self.db.execute(
            """
            SELECT w.learner, r.notebook, r.exercise, r.points, r.max_points, r.status, COALESCE(r.first_points, 0.0)
            FROM winners w JOIN rows r ON r.file = w.file AND r.notebook = w.notebook
            ORDER BY w.learner, w.notebook, r.ord
            """
        )

    def first_answered(self) -> dict[tuple[str, str], int]:
        """(exercise, case) -> how many learners' answers the first-check analysis counts (case '' without cases)."""
        return {
            (exercise, case): count
            for exercise, case, count in self.db.execute(
                """
                SELECT r.exercise, r.first_variant, COUNT(*) FROM winners w
                JOIN rows r ON r.file = w.file AND r.notebook = w.notebook WHERE r.counted
                GROUP BY r.exercise, r.first_variant ORDER BY r.exercise, r.first_variant
                """
            )
        }

    def first_picks(self) -> list[tuple[str, str, str, int]]:
        """(exercise, case, option id, learners who picked it at their first check), by exercise, case and option.

        The class gives a few distinct sets of picks: they are counted in SQL, then shared out to options."""
        counts: collections.Counter[tuple[str, str, str]] = collections.Counter()
        for exercise, case, picks, learners in self.db.execute(
            """
            SELECT r.exercise, r.first_variant, r.picks, COUNT(*) FROM winners w
            JOIN rows r ON r.file = w.file AND r.notebook = w.notebook WHERE r.picks IS NOT NULL
            GROUP BY r.exercise, r.first_variant, r.picks
            """
        ):
            for option in json.loads(picks):
                counts[exercise, case, option] += learners
        return [(*key, count) for key, count in sorted(counts.items())]

    def case_stats(self) -> Iterator[tuple[str, str, int, float, float, int, int]]:
        """Per case of each exercise with cases: (exercise, case, answered, mean points, max points, answers counted
        at their first check, right at their first check), by exercise and case."""
        yield from self.db.execute(
            """
            SELECT r.exercise, r.variant, COUNT(*), AVG(r.points), MAX(r.max_points),
                   COALESCE(f.counted, 0), COALESCE(f.right, 0)
            FROM winners w JOIN rows r ON r.file = w.file AND r.notebook = w.notebook
            LEFT JOIN (SELECT x.exercise, x.first_variant AS variant, COUNT(*) AS counted, SUM(x.first_right) AS right
                       FROM winners v JOIN rows x ON x.file = v.file AND x.notebook = v.notebook WHERE x.counted
                       GROUP BY x.exercise, x.first_variant) f
                   ON f.exercise = r.exercise AND f.variant = r.variant
            WHERE r.variant != '' AND r.status NOT IN (?, ?)
            GROUP BY r.exercise, r.variant ORDER BY r.notebook, MIN(r.ord), r.exercise, r.variant
            """,
            (Status.UNANSWERED.value, Status.REJECTED.value),
        )

    def notes(self) -> Iterator[tuple[str, str, int]]:
        """(exercise, note, count) of answers graded with a note (older versions, rejected answers)."""
        yield from self.db.execute(
            """
            SELECT r.exercise, CASE WHEN r.status = :rejected THEN 'answer did not fit the question'
                                    ELSE r.note END AS what, COUNT(*)
            FROM winners w JOIN rows r ON r.file = w.file AND r.notebook = w.notebook
            WHERE r.note != '' OR r.status = :rejected GROUP BY r.exercise, what ORDER BY r.exercise, what
            """,
            {"rejected": Status.REJECTED.value},
        )

    def reflections(self) -> Iterator[tuple[str, str, str]]:
        """(exercise, learner, text) of collected free-text answers."""
        yield from self.db.execute(
            """
            SELECT t.exercise, f.learner, t.body FROM winners w
            JOIN texts t ON t.file = w.file AND t.notebook = w.notebook JOIN files f ON f.id = w.file
            ORDER BY t.exercise, f.learner, t.body
            """
        )
