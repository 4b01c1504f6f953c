"""The learner's id: set once, recorded with every answer.

Looked up in order: the `MLOPS_COURSE_LEARNER` environment variable, an id set
in this kernel with `set_learner`, the id saved in the learner's course home
(by the learner form's Save button, or `set_learner(..., remember=True)`), then
the JupyterHub user name. Ids are short and path-safe, since the grader files
feedback by them.

Only an explicit request saves an id: a `course.set_learner("...")` cell in
someone else's notebook, run by an instructor, changes the id of that kernel
only, never the instructor's own saved id.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable

from course.paths import learner_home

LEARNER_ENV = "MLOPS_COURSE_LEARNER"
HUB_USER_ENV = "JUPYTERHUB_USER"
LEARNER_FILE = "learner.json"
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")
RULE = "1 to 64 letters, digits or . _ @ + -"

_kernel_learner: str | None = None
_on_change: list[Callable[[], None]] = []


def validate_learner_id(text: str) -> str:
    """The id, stripped; ValueError if it is not 1-64 letters, digits or . _ @ + -."""
    if not isinstance(text, str):
        raise ValueError(f"a learner id must be text, got {type(text).__name__}")
    text = text.strip()
    if not VALID_ID.match(text):
        raise ValueError(
            f"{text[:40]!r} is not a valid learner id: use {RULE} "
            "(for example your university login), starting with a letter or digit"
        )
    return text


def learner_id() -> str | None:
    """The current learner id, or None if none was set anywhere."""
    for candidate in (os.environ.get(LEARNER_ENV), _kernel_learner, _saved_id(), os.environ.get(HUB_USER_ENV)):
        if candidate:
            try:
                return validate_learner_id(candidate)
            except ValueError:
                continue
    return None


def learner_problem() -> str | None:
    """Why answers are recorded without a learner id although one was given, or None.

    A hub user name that is not a valid id (too long, or with letters outside ASCII) would
    otherwise be skipped in silence, and the learner's answers would carry no name.
    """
    if learner_id() is not None:
        return None
    hub_user = os.environ.get(HUB_USER_ENV)
    if hub_user:
        return (
            f"Your hub user name ({hub_user[:24]!r}{'...' if len(hub_user) > 24 else ''}, {len(hub_user)} characters) "
            f"cannot be used as a learner id ({RULE}), so your answers carry no learner id. "
            'Set one in notebooks/00_start_here.ipynb, or run course.set_learner("your-id", remember=True).'
        )
    return None


def _saved_id() -> str | None:
    try:
        data = json.loads((learner_home() / LEARNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("learner") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def set_learner(text: str, *, remember: bool = False) -> str:
    """Use `text` as the learner id in this kernel; with `remember`, save it for every notebook and session.

    Raises ValueError for an invalid id, OSError when it cannot be saved.
    """
    from course.atomic import write_json_atomic

    global _kernel_learner
    learner = validate_learner_id(text)
    if remember:
        write_json_atomic(learner_home() / LEARNER_FILE, {"learner": learner})
    _kernel_learner = learner
    for listener in list(_on_change):
        listener()
    return learner


def on_change(listener: Callable[[], None]) -> None:
    """Call `listener` after every `set_learner` (the notebook API retires views of a case no longer the learner's)."""
    if listener not in _on_change:
        _on_change.append(listener)
