"""The notebook file this kernel serves: where it is, what it is, and the answers saved in it.

The saved notebook is what a learner hands in, so it is the source of truth for
answers; the journal only caches changes the file may not have yet. JupyterLab
(jupyter_server 2.x) gives a notebook's kernel the notebook's path in
`JPY_SESSION_NAME`. Headless runners (nbclient, papermill, nbval) give none:
then there is no file to read and no journal to share (see `journal`).

The file is read once per kernel, as early as possible (the environment check
in a notebook's first cell, else the first exercise shown): what it held when
the kernel started is what a restart must not lose, and "Run All" clears every
output at once, which an autosave may write before the exercise cells run. For
the same reason its Jupyter checkpoint is read too (JupyterLab 4 makes one when a
file is first opened and on "Save and Create Checkpoint", not on every Ctrl+S);
per exercise the record with the higher revision counts. Reading goes through the grader's own
reader, so the kernel sees exactly the records a grader sees.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from course.exercises.records import AnswerRecord

SESSION_ENV = "JPY_SESSION_NAME"
METADATA_KEY = "mlops_course"
"""Notebook metadata written by `mlops-course release`: {"notebook": "04_raci_model"}."""


@dataclass(frozen=True)
class SavedNotebook:
    """What the kernel learned from its notebook file (all empty when there is none)."""

    path: Path | None = None
    notebook_id: str | None = None
    records: dict[str, AnswerRecord] = field(default_factory=dict)
    warning: str | None = None


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
    from course.record_reader import ReadError, extract_records, read_untrusted_notebook

    try:
        notebook = read_untrusted_notebook(path)
    except ReadError as err:
        return SavedNotebook(
            path,
            warning=f"The answers saved in this notebook could not be read ({err.problem}); "
            "answers are restored from this computer's journal only.",
        )
    metadata = notebook.get("metadata")
    course_meta = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    notebook_id = course_meta.get("notebook") if isinstance(course_meta, dict) else None
    records = {exercise_id: item.record for exercise_id, item in extract_records(notebook).latest().items()}
    try:  # the last checkpoint: an autosave after "Run All" cleared the outputs cannot have touched it
        checkpoint = extract_records(read_untrusted_notebook(checkpoint_of(path))).latest()
    except ReadError:
        checkpoint = {}
    for exercise_id, item in checkpoint.items():
        current = records.get(exercise_id)
        if current is None or item.record.revision > current.revision:
            records[exercise_id] = item.record
    return SavedNotebook(path, notebook_id if isinstance(notebook_id, str) and notebook_id else None, records)


def checkpoint_of(path: Path) -> Path:
    """Where Jupyter keeps the notebook as it was at its last checkpoint."""
    return path.parent / ".ipynb_checkpoints" / f"{path.stem}-checkpoint{path.suffix}"


_cache: dict[str, SavedNotebook] = {}


def saved_in_this_notebook() -> SavedNotebook:
    """`read_saved` for this kernel's notebook, read at the first call and kept for the kernel's life."""
    name = session_name()
    if name is None:
        return SavedNotebook()
    if name not in _cache:
        _cache[name] = read_saved(name)
    return _cache[name]
