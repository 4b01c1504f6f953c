"""The learner's id: set once, recorded with every answer.

Looked up in order: the `MLOPS_COURSE_LEARNER` environment variable, the id
saved by `set_learner` in the learner's course home, then the JupyterHub user
name. Ids are short and path-safe, since the grader files feedback by them.
"""

from __future__ import annotations

import json
import os
import re

from course.paths import learner_home

LEARNER_ENV = "MLOPS_COURSE_LEARNER"
HUB_USER_ENV = "JUPYTERHUB_USER"
LEARNER_FILE = "learner.json"
VALID_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@+-]{0,63}$")


def validate_learner_id(text: str) -> str:
    """The id, stripped; ValueError if it is not 1-64 letters, digits or . _ @ + -."""
    if not isinstance(text, str):
        raise ValueError(f"a learner id must be text, got {type(text).__name__}")
    text = text.strip()
    if not VALID_ID.match(text):
        raise ValueError(
            f"{text[:40]!r} is not a valid learner id: use 1 to 64 letters, digits or . _ @ + - "
            "(for example your university login), starting with a letter or digit"
        )
    return text


def learner_id() -> str | None:
    """The current learner id, or None if none was set anywhere."""
    for candidate in (os.environ.get(LEARNER_ENV), _saved_id(), os.environ.get(HUB_USER_ENV)):
        if candidate:
            try:
                return validate_learner_id(candidate)
            except ValueError:
                continue
    return None


def _saved_id() -> str | None:
    try:
        data = json.loads((learner_home() / LEARNER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = data.get("learner") if isinstance(data, dict) else None
    return value if isinstance(value, str) else None


def set_learner(text: str) -> str:
    """Save the learner id in the course home, for every notebook and future session."""
    from course.atomic import write_json_atomic

    learner = validate_learner_id(text)
    write_json_atomic(learner_home() / LEARNER_FILE, {"learner": learner})
    return learner
