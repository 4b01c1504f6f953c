"""A small local journal of answers: a cache of what the notebook file may not have yet.

The saved notebook is the source of truth (see `notebook_file`); the journal
keeps changes made since the last save, so a re-run cell or a restarted kernel
comes back with the last answer. Rules that keep it from doing harm:

- One journal per notebook, keyed by the path JupyterLab gives the kernel. A
  notebook renamed or moved (its old path gone) takes its journal along when
  both carry the same course notebook id (written by `mlops-course release`);
  a copy never does. Without a path (nbclient, papermill, nbval) there is no
  journal at all: a headless run never reads or writes answers of another run.
- Every read-modify-write holds the journal folder's lock (`filelock`: the
  operating system's lock, `flock` on Linux and macOS and `msvcrt.locking` on
  Windows; where the platform or the file system has none, a lock file whose
  existence is the lock and whose dead owner's is broken), so two kernels
  answering in one notebook never lose each other's writes. A lock not had in
  `LOCK_TIMEOUT` seconds is reported like any write failure, never waited on
  for ever.
- Writes are atomic (a crash leaves the old file or the new one); fsync is
  debounced to one per `FSYNC_INTERVAL` seconds per journal, so typing in a
  text box on a network home does not wait for the disk at every key.
- A corrupt file is moved aside and reported, never fatal; temporary files
  left by a killed kernel are removed at the next use.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import re
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.atomic import write_json_atomic
from course.exercises.notebook_file import SESSION_ENV, session_name
from course.exercises.records import PracticeCase, practice_cases_of
from course.paths import LearnerHomeError, learner_home

# filelock says when it locks with a lock file instead of the OS lock; that is expected where there is
# no OS lock, and a learner reading it under an exercise could do nothing about it.
warnings.filterwarnings(
    "ignore", message=r"(only soft file lock is available|flock not supported)", category=UserWarning
)

LOCK_NAME = ".journal.lock"
"""The lock file in the journal folder (no `.json`: never read as a journal)."""
LOCK_TIMEOUT = 10.0
"""Seconds to wait for another kernel's write (which takes milliseconds) before reporting a failure."""
LOCK_POLL = 0.005
"""Seconds between two tries while another kernel holds the lock."""

FSYNC_INTERVAL = 2.0
"""Seconds between two fsyncs of one journal; changes in between are flushed by a timer."""
LEFTOVER_AGE = 60.0
"""A temporary file older than this was left by a writer that died (a write takes milliseconds)."""
JOURNAL_FORMAT = "mlops-course-journal"


@dataclass(frozen=True)
class Entry:
    """The last state of one exercise."""

    answer: Any
    attempts: int
    revision: int
    fingerprint: str
    first_checked: Any = None
    history: tuple[Any, ...] = ()
    learner: str | None = None
    """The learner id the answer was recorded under (an answer to another case keeps it when the id changes)."""
    practice_cases: tuple[PracticeCase, ...] = ()
    """Answers to other cases tried for practice, beside the answer (see `records`)."""

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "attempts": self.attempts,
            "revision": self.revision,
            "fingerprint": self.fingerprint,
            "first_checked": self.first_checked,
            "history": list(self.history),
            "learner": self.learner,
            "practice_cases": [case.to_json() for case in self.practice_cases],
        }


def notebook_key(name: str | None = None) -> str | None:
    """A file-safe key for the notebook at path `name` (default: this kernel's), None when headless."""
    name = name if name is not None else session_name()
    if not name:
        return None
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem)[:40].strip("-") or "notebook"
    digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{stem}-{digest}"


def journal_dir() -> Path:
    return learner_home() / "journal"


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the exclusive lock of `folder` (all journals in it) for one read-modify-write.

    Raises OSError when the folder cannot be made or the lock is not had in LOCK_TIMEOUT
    seconds (filelock's Timeout is a TimeoutError): writing unlocked could lose an answer.
    """
    from filelock import FileLock  # at the first write, not as the kernel starts (about 15 ms)

    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(folder / LOCK_NAME, timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL):
        yield


_swept: set[Path] = set()


def sweep_leftovers(folder: Path, max_age: float = LEFTOVER_AGE) -> list[Path]:
    """Remove temporary journal files older than `max_age` seconds (left by killed kernels)."""
    removed: list[Path] = []
    now = time.time()
    with contextlib.suppress(OSError):
        for path in folder.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if now - path.stat().st_mtime > max_age:
                    path.unlink()
                    removed.append(path)
    return removed


class _Flusher:
    """Debounced fsync: at most one per FSYNC_INTERVAL per file, the last change always flushed."""

    def __init__(self) -> None:
        self.last: dict[Path, float] = {}
        self.pending: dict[Path, threading.Timer] = {}
        self.guard = threading.Lock()

    def due(self, path: Path) -> bool:
        with self.guard:
            return time.monotonic() - self.last.get(path, float("-inf")) >= FSYNC_INTERVAL

    def synced(self, path: Path) -> None:
        with self.guard:
            self.last[path] = time.monotonic()

    def later(self, path: Path) -> None:
        with self.guard:
            if path in self.pending:
                return
            timer = threading.Timer(FSYNC_INTERVAL, self.flush, args=(path,))
            timer.daemon = True
            self.pending[path] = timer
            timer.start()

    def flush(self, path: Path) -> None:
        with self.guard:
            timer = self.pending.pop(path, None)
        if timer is not None:
            timer.cancel()
        with contextlib.suppress(OSError), open(path, "rb") as stream:
            os.fsync(stream.fileno())
        self.synced(path)

    def flush_all(self) -> None:
        for path in list(self.pending):
            self.flush(path)


_flusher = _Flusher()
atexit.register(_flusher.flush_all)


def flush_journals() -> None:
    """fsync every journal written without one (the debounce); called at exit too."""
    _flusher.flush_all()


class Journal:
    """The answers given in one notebook, by exercise id. `path` None: no journal (headless)."""

    def __init__(self, path: Path | None, *, notebook_id: str | None = None, notebook: str | None = None) -> None:
        self.path = path
        self.notebook_id = notebook_id
        self.warning: str | None = None
        self.notebook: str | None = notebook
        """The notebook path JupyterLab gave the kernel that wrote this journal."""
        self._entries: dict[str, Entry] | None = None
        if path is not None and path.parent not in _swept:
            _swept.add(path.parent)
            sweep_leftovers(path.parent)

    @property
    def enabled(self) -> bool:
        return self.path is not None

    @classmethod
    def for_notebook(cls, name: str | None = None, notebook_id: str | None = None) -> Journal:
        """The journal of the notebook at path `name` (default: this kernel's); a disabled one when headless.

        A notebook whose journal does not exist yet takes over the journal of a notebook with
        the same course id whose path is gone (it was renamed or moved), never that of a copy.
        """
        name = name if name is not None else session_name()
        key = notebook_key(name)
        if key is None:
            return cls(None)
        try:
            folder = journal_dir()
        except LearnerHomeError as err:
            journal = cls(None)
            journal.warning = str(err)
            return journal
        path = folder / f"{key}.json"
        warning = None
        if notebook_id and not path.exists():
            try:
                with folder_lock(folder):
                    _adopt_renamed(folder, path, notebook_id)
            except OSError as err:
                warning = (
                    f"The answer journal folder {folder} could not be locked ({err}); answers given before the "
                    "notebook was renamed or moved are not restored (those saved in it are)."
                )
        journal = cls(path, notebook_id=notebook_id, notebook=name)
        journal.warning = warning
        return journal

    def _load(self) -> dict[str, Entry]:
        if self._entries is not None:
            return self._entries
        self._entries = {}
        if self.path is None:
            return self._entries
        try:
            text = self.path.read_bytes()  # decoded by json.loads below, so bad bytes count as damage
        except FileNotFoundError:
            return self._entries
        except OSError as err:
            self.warning = f"The answer journal {self.path} could not be read ({err}); answers will not be restored."
            return self._entries
        try:
            data = json.loads(text)
            notebook = data.get("notebook")
            if self.notebook is None and isinstance(notebook, str):
                self.notebook = notebook
            if self.notebook_id is None and isinstance(data.get("notebook_id"), str):
                self.notebook_id = data["notebook_id"]
            entries = data["exercises"]
            for exercise_id, raw in entries.items():
                history = raw.get("history") or []
                if not isinstance(history, list):
                    raise TypeError("history")
                self._entries[str(exercise_id)] = Entry(
                    raw["answer"],
                    int(raw["attempts"]),
                    int(raw["revision"]),
                    str(raw["fingerprint"]),
                    raw.get("first_checked"),
                    tuple(history),
                    raw.get("learner") if isinstance(raw.get("learner"), str) else None,
                    practice_cases_of(raw.get("practice_cases")),
                )
        except (ValueError, KeyError, TypeError, AttributeError):
            self._entries = {}
            aside = self._set_aside()
            self.warning = (
                f"The answer journal was damaged and has been set aside as {aside.name}; "
                "answers still in the notebook are safe, new answers are journalled afresh."
            )
        return self._entries

    def _set_aside(self) -> Path:
        assert self.path is not None
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}.json")
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        return aside

    def get(self, exercise_id: str) -> Entry | None:
        return self._load().get(exercise_id)

    def put(self, exercise_id: str, entry: Entry) -> None:
        """Record an exercise's state; a write failure is reported in `warning`, never raised.

        Read, change and write happen under one lock: every exercise of a notebook has its
        own session and journal object, and a notebook may run in two kernels, all writing
        this one file.
        """
        if self.path is None:
            return
        try:
            with folder_lock(self.path.parent):
                self._entries = None
                entries = self._load()
                entries[exercise_id] = entry
                data = {
                    "format": JOURNAL_FORMAT,
                    "version": 1,
                    "notebook": self.notebook or os.environ.get(SESSION_ENV),
                    "exercises": {k: v.to_json() for k, v in entries.items()},
                }
                if self.notebook_id:
                    data["notebook_id"] = self.notebook_id
                durable = _flusher.due(self.path)
                write_json_atomic(self.path, data, durable=durable)
            if durable:
                _flusher.synced(self.path)
            else:
                _flusher.later(self.path)
        except (OSError, ValueError) as err:
            self.warning = f"Could not write the answer journal ({err}); your answer is still recorded in the notebook."

    def entries(self) -> dict[str, Entry]:
        return dict(self._load())


def _adopt_renamed(folder: Path, target: Path, notebook_id: str) -> None:
    """Move the newest journal of a notebook with id `notebook_id` whose file is gone to `target`."""
    best: tuple[float, Path] | None = None
    for path in folder.glob("*.json"):
        if ".corrupt-" in path.name or path == target:
            continue
        try:
            data = json.loads(path.read_bytes())
            old = data.get("notebook")
            if data.get("notebook_id") != notebook_id or not isinstance(old, str) or Path(old).exists():
                continue
            stamp = path.stat().st_mtime
        except (OSError, ValueError, AttributeError):
            continue
        if best is None or stamp > best[0]:
            best = (stamp, path)
    if best is not None:
        with contextlib.suppress(OSError):
            os.replace(best[1], target)


def in_solutions_folder(notebook: str | None) -> bool:
    """Whether a journal was written from a notebook in a `solutions` folder (an instructor's copy)."""
    return bool(notebook) and "solutions" in Path(notebook or "").parts[:-1]


def all_journals() -> Iterator[Journal]:
    """Every notebook's journal in the course home (for progress across the course)."""
    try:
        folder = journal_dir()
    except LearnerHomeError:
        return
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        if ".corrupt-" not in path.name:
            yield Journal(path)
