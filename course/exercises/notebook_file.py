"""The notebook file this kernel serves: where it is, what it is, and the answers saved in it.

The saved notebook is what a learner hands in, so it is the source of truth for
answers; the journal only caches changes the file may not have yet. JupyterLab
(jupyter_server 2.x) gives a notebook's kernel the notebook's path in
`JPY_SESSION_NAME`. Headless runners (nbclient, papermill, nbval) give none:
then there is no file to read and no journal to share (see `journal`).

What the file held when the kernel started is what a restart must not lose, and
"Restart Kernel and Run All" clears every output at once, which an autosave may
write before the first exercise cell runs. So the kernel copies the file when it
starts, before any cell runs: this module is an IPython extension, loaded by the
kit's kernel setting (see `course.kernel_setting`), and keeps the bytes of a file
that holds answer records (parsing waits for the first use, so a lesson kernel pays
for one small read and no imports). At the first use (the environment check in a
notebook's first cell, else the first exercise shown) the file is read again, with
its Jupyter checkpoint (JupyterLab 4 makes one when a file is first opened and on
"Save and Create Checkpoint", not on every Ctrl+S), and what was read at start is
added: per exercise the record with the higher revision counts. That result is
kept for the kernel's life, so a plain "Run All" changes nothing. Reading goes
through the grader's own reader, so the kernel sees exactly the records a grader sees.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from course.notebook_names import NUMBER_PREFIX, notebook_from_name

if TYPE_CHECKING:  # imported when used: this module loads in every kernel at start, and must stay light
    from course.exercises.records import AnswerRecord

SESSION_ENV = "JPY_SESSION_NAME"
METADATA_KEY = "mlops_course"
"""Notebook metadata written by `mlops-course release`: {"notebook": "04_raci_model"}."""
MAX_METADATA_NAME = 200
"""A longer notebook name in a file's metadata names no notebook (a learner's file is untrusted)."""


@dataclass(frozen=True)
class SavedNotebook:
    """What the kernel learned from its notebook file (all empty when there is none)."""

    path: Path | None = None
    notebook_id: str | None = None
    records: dict[str, AnswerRecord] = field(default_factory=dict)
    warning: str | None = None


def notebook_from_metadata(notebook: object, known: Iterable[str]) -> str | None:
    """The course notebook a notebook's metadata names ('04' for {"notebook": "04_raci_model"}), if it is
    one with exercises; anything else there (a learner's file is untrusted) names none."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    course = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    named = course.get("notebook") if isinstance(course, dict) else None
    if not isinstance(named, str) or len(named) > MAX_METADATA_NAME:
        return None
    match = NUMBER_PREFIX.match(named)
    return match.group(1) if match and match.group(1) in set(known) else None


def notebook_of(name: str, notebook: object, known: Iterable[str]) -> str | None:
    """Which course notebook a saved file is: the one its metadata names (`mlops-course release` writes it,
    and a copy, a rename or an upload keeps it), else its name's (`course.notebook_names`); either counts
    only when it is one of `known`. The grader and the learner's `check` both follow this rule."""
    known = set(known)
    return notebook_from_metadata(notebook, known) or notebook_from_name(name, known)


def session_name() -> str | None:
    """The notebook path JupyterLab gave this kernel, or None (headless)."""
    return os.environ.get(SESSION_ENV) or None


def resolve_notebook(name: str | None) -> Path | None:
    """The file `name` (absolute, or relative to the working folder) names, if it is there."""
    if not name:
        return None
    given = Path(name)
    candidates = [given] if given.is_absolute() else [Path.cwd() / given, Path.cwd() / given.name]
    for candidate in candidates:
        if candidate.is_file():
            return candidate.resolve()
    return None


def read_saved(name: str | None) -> SavedNotebook:
    """The newest answer record per exercise in the notebook file `name`, and its course id.

    Never raises: a file that cannot be read gives an empty result with a warning
    saying so (answers are then restored from the journal alone).
    """
    path = resolve_notebook(name)
    if path is None:
        return SavedNotebook()
    from course.exercises.record_reader import ReadError, extract_records, read_untrusted_notebook

    try:
        notebook = read_untrusted_notebook(path)
    except ReadError as err:
        return SavedNotebook(
            path,
            warning=f"The answers saved in this notebook could not be read ({err.problem}); "
            "answers are restored from this computer's journal only.",
        )
    records = {exercise_id: item.record for exercise_id, item in extract_records(notebook).latest().items()}
    try:  # the last checkpoint: an autosave after "Run All" cleared the outputs cannot have touched it
        checkpoint = extract_records(read_untrusted_notebook(checkpoint_of(path))).latest()
    except ReadError:
        checkpoint = {}
    return SavedNotebook(path, notebook_id_of(notebook), with_newer(records, checkpoint))


def with_newer(records: dict[str, AnswerRecord], others: dict[str, Any]) -> dict[str, AnswerRecord]:
    """`records` with each record of `others` (found records, by exercise) whose revision is higher:
    the one rule for adding the checkpoint's and the kernel-start copy's answers to the file's."""
    merged = dict(records)
    for exercise_id, item in others.items():
        current = merged.get(exercise_id)
        if current is None or item.record.revision > current.revision:
            merged[exercise_id] = item.record
    return merged


def notebook_id_of(notebook: dict[str, Any]) -> str | None:
    """The course id `mlops-course release` wrote in the notebook's metadata, if any."""
    metadata = notebook.get("metadata")
    course_meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    notebook_id = course_meta.get("notebook") if isinstance(course_meta, dict) else None
    return notebook_id if isinstance(notebook_id, str) and notebook_id else None


def checkpoint_of(path: Path) -> Path:
    """Where Jupyter keeps the notebook as it was at its last checkpoint."""
    return path.parent / ".ipynb_checkpoints" / f"{path.stem}-checkpoint{path.suffix}"


_cache: dict[str, SavedNotebook] = {}
_at_start: dict[str, bytes] = {}
"""Per notebook path: its bytes as the kernel started, when they hold answer records (else b"")."""

RECORD_MARK = b"vnd.mlops-course.answer+json"
"""Part of the records' MIME type (`records.MIME_TYPE`): a file without it holds no answers."""
START_READ_MAX_BYTES = 25 * 1024 * 1024
"""The grader's size cap (`record_reader.DEFAULT_MAX_BYTES`): a larger file would be refused anyway."""


def read_at_start() -> None:
    """Copy this kernel's notebook file as it is now, once, before any cell runs. Never raises.

    A file that cannot be read now is read again at the first use, which says what is wrong.
    """
    name = session_name()
    if name is None or name in _at_start or name in _cache:
        return
    data = b""
    try:
        path = resolve_notebook(name)
        if path is not None and path.stat().st_size <= START_READ_MAX_BYTES:
            with path.open("rb") as stream:
                data = stream.read(START_READ_MAX_BYTES + 1)
    except Exception:  # any file at all may be named here; the kernel must start whatever it holds
        data = b""
    _at_start[name] = data if len(data) <= START_READ_MAX_BYTES and RECORD_MARK in data else b""


def load_ipython_extension(ipython: object) -> None:
    """IPython runs this as the kernel starts (the kit's kernel setting names this module)."""
    try:
        read_at_start()
    except Exception:  # never stop a kernel from starting
        return


def with_start_copy(saved: SavedNotebook, data: bytes) -> SavedNotebook:
    """`saved` (the file now) with the records of its copy read at kernel start; the higher revision wins."""
    if not data:
        return saved
    from course.exercises.record_reader import extract_records, parse_notebook

    try:
        notebook = parse_notebook(data)
        at_start = extract_records(notebook).latest()
    except Exception:  # whatever the copy holds, the file as it is now still counts
        return saved
    if not at_start:
        return saved
    records = with_newer(saved.records, at_start)
    warning = saved.warning
    if warning is not None:
        warning = (
            "This notebook file could not be read when its first exercise ran; its answers are restored "
            "from the copy read when this kernel started, and from this computer's journal."
        )
    return SavedNotebook(saved.path, saved.notebook_id or notebook_id_of(notebook), records, warning)


def saved_in_this_notebook() -> SavedNotebook:
    """`read_saved` for this kernel's notebook (with what was read at start), kept for the kernel's life."""
    name = session_name()
    if name is None:
        return SavedNotebook()
    if name not in _cache:
        _cache[name] = with_start_copy(read_saved(name), _at_start.pop(name, b""))
    return _cache[name]
