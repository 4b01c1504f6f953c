"""A small local journal of answers: a cache of what the notebook file may not have yet.

The saved notebook is the source of truth (see `notebook_file`); the journal
keeps changes made since the last save, so a re-run cell or a restarted kernel
comes back with the last answer. Rules that keep it from doing harm:

- One journal per notebook, keyed by the path JupyterLab gives the kernel. A
  notebook renamed or moved (its old path gone) takes its journal along when
  both carry the same course notebook id (written by `mlops-course release`);
  a copy never does. Without a path (nbclient, papermill, nbval) there is no
  journal at all: a headless run never reads or writes answers of another run.
- Every read-modify-write holds an exclusive `fcntl.flock` on the journal
  folder, so two kernels answering in one notebook never lose each other's
  writes (where `fcntl` is missing, writes go ahead unlocked).
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
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.atomic import write_json_atomic
from course.exercises.notebook_file import SESSION_ENV, session_name
from course.paths import LearnerHomeError, learner_home

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks, writes go ahead unlocked
    fcntl = None  # type: ignore[assignment]

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

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "attempts": self.attempts,
            "revision": self.revision,
            "fingerprint": self.fingerprint,
            "first_checked": self.first_checked,
            "history": list(self.history),
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
    """Hold an exclusive lock on `folder` (all journals in it) for one read-modify-write."""
    descriptor = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(folder, os.O_RDONLY)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        yield
    finally:
        if descriptor is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(descriptor, fcntl.LOCK_UN)
            os.close(descriptor)


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
        if notebook_id and not path.exists():
            with folder_lock(folder):
                _adopt_renamed(folder, path, notebook_id)
        return cls(path, notebook_id=notebook_id, notebook=name)

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
