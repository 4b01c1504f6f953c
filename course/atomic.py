"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Used for everything the kit writes that someone relies on: the learner's
answer journal, generated notebooks, and every grading output (a crash or
Ctrl-C in the middle of a write leaves the previous file intact).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (no newline translation)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_json_atomic(path: Path, data: Any) -> None:
    """Write JSON atomically, with sorted keys so equal data gives equal bytes."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1))
