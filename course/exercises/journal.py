"""A small local journal of answers, so that nothing a learner gives is lost.

Re-running an exercise cell or restarting the kernel makes a fresh widget; it
is filled from here. One JSON file per notebook under `<course home>/journal/`,
written atomically (a crash leaves the old file or the new one, never half of
one). A corrupt file is moved aside and reported, never fatal: the notebook
keeps working with an empty journal.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from course.atomic import write_json_atomic
from course.paths import learner_home

SESSION_ENV = "JPY_SESSION_NAME"
HEADLESS_KEY = "headless"


@dataclass(frozen=True)
class Entry:
    """The last state of one exercise."""

    answer: Any
    attempts: int
    revision: int
    fingerprint: str

    def to_json(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "attempts": self.attempts,
            "revision": self.revision,
            "fingerprint": self.fingerprint,
        }


def notebook_key(session_name: str | None = None) -> str:
    """A file-safe key for the notebook this kernel serves.

    JupyterLab tells the kernel its notebook path in JPY_SESSION_NAME; headless
    runners (nbclient, nbval) do not, and share the key 'headless'.
    """
    name = session_name if session_name is not None else os.environ.get(SESSION_ENV, "")
    if not name:
        return HEADLESS_KEY
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem)[:40].strip("-") or "notebook"
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    return f"{stem}-{digest}"


def journal_dir() -> Path:
    return learner_home() / "journal"


class Journal:
    """The answers given in one notebook, by exercise id."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warning: str | None = None
        self.notebook: str | None = None
        """The notebook path JupyterLab gave the kernel that wrote this journal (None when headless)."""
        self._entries: dict[str, Entry] | None = None

    @classmethod
    def for_notebook(cls, session_name: str | None = None) -> Journal:
        return cls(journal_dir() / f"{notebook_key(session_name)}.json")

    def _load(self) -> dict[str, Entry]:
        if self._entries is not None:
            return self._entries
        self._entries = {}
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
            self.notebook = notebook if isinstance(notebook, str) else None
            entries = data["exercises"]
            for exercise_id, raw in entries.items():
                self._entries[str(exercise_id)] = Entry(
                    raw["answer"], int(raw["attempts"]), int(raw["revision"]), str(raw["fingerprint"])
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
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.stem}.corrupt-{stamp}.json")
        with contextlib.suppress(OSError):
            os.replace(self.path, aside)
        return aside

    def get(self, exercise_id: str) -> Entry | None:
        return self._load().get(exercise_id)

    def put(self, exercise_id: str, entry: Entry) -> None:
        """Record an exercise's state; a write failure is reported in `warning`, never raised.

        The file is read again first: every exercise of a notebook has its own session and
        journal object (and a notebook may run in two kernels), all writing this one file.
        """
        self._entries = None
        entries = self._load()
        entries[exercise_id] = entry
        data = {
            "format": "mlops-course-journal",
            "version": 1,
            "notebook": os.environ.get(SESSION_ENV) or self.notebook,
            "exercises": {k: v.to_json() for k, v in entries.items()},
        }
        try:
            write_json_atomic(self.path, data)
        except OSError as err:
            self.warning = f"Could not write the answer journal ({err}); your answer is still recorded in the notebook."

    def entries(self) -> dict[str, Entry]:
        return dict(self._load())


def is_solution_notebook(notebook: str | None) -> bool:
    """Whether a journal was written from a notebook in a `solutions` folder (an instructor's copy)."""
    return bool(notebook) and "solutions" in Path(notebook).parts[:-1]


def all_journals() -> Iterator[Journal]:
    """Every notebook's journal in the course home (for progress across the course)."""
    folder = journal_dir()
    if not folder.is_dir():
        return
    for path in sorted(folder.glob("*.json")):
        if ".corrupt-" not in path.name:
            yield Journal(path)
