"""A private cache on disk for what the kit works out from its data files, so a command starts fast.

Every `mlops-course` run and every notebook kernel reads the same YAML files (the exercise
definitions, the course config, the chapter) and the grader compiles the same page templates;
parsing YAML costs more than the rest of grading one notebook. So the parsed data of a YAML file is
kept as JSON, under the file's own path and checked against a hash of its text and of the parser
(`course/datafile.py`): an edited file, or another version of the kit, is parsed again. Only plain
data that JSON gives back unchanged is kept, and reading it runs no code.

The folder is `$MLOPS_COURSE_CACHE`, else `$XDG_CACHE_HOME/mlops-course` (`~/.cache/mlops-course`;
`%LOCALAPPDATA%\\mlops-course` on Windows). It must be the user's own and closed to others (it is
made so): a folder another user owns is not used (what is in it could change a key the grader scores
with, and it holds the keys, parsed).
`MLOPS_COURSE_CACHE=off` turns the cache off. Any problem with the cache (a full disk, a damaged
file, a read-only home) only means the file is parsed as if there were no cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

CACHE_ENV = "MLOPS_COURSE_CACHE"
OFF = frozenset({"off", "0", "no", "false"})
FORMAT = "mlops-course cache 1"
"""Part of every key: a change of what is stored changes it."""
MISSING = object()
"""What `load` returns when the cache has nothing (None is a value a YAML file can hold)."""


def folder(part: str) -> Path | None:
    """The cache's sub-folder `part`, made if need be; None when the cache is off or not private."""
    configured = os.environ.get(CACHE_ENV)
    if configured is not None and configured.strip().lower() in OFF | {""}:
        return None
    try:
        if configured:
            base = Path(configured).expanduser()
        elif os.name == "nt":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / "mlops-course"
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "mlops-course"
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        path = base / part
        path.mkdir(mode=0o700, exist_ok=True)
        return path if _private(base) and _private(path) else None
    except (OSError, RuntimeError):  # no home folder, a read-only disk, a file where the folder should be
        return None


def _private(path: Path) -> bool:
    """A real folder (not a link) of this user's that nobody else may read or write (on POSIX systems):
    the cache holds the answer keys, parsed."""
    info = path.lstat()
    if not stat.S_ISDIR(info.st_mode):
        return False
    if not hasattr(os, "getuid"):
        return True
    if info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o077:  # the user's own folder, open to others: close it, as Jinja does its cache
        os.chmod(path, 0o700)
        return not path.lstat().st_mode & 0o077
    return True


def key(text: str, code: tuple[Path, ...]) -> str:
    """What a cached value depends on: the file's text, and the code that parses it (by size and time)."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version_info[:2]}\0".encode())
    for path in code:
        info = path.stat()
        digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _entry(part: str, source: Path) -> Path | None:
    """The cache file of one source file (named by a hash of its absolute path)."""
    place = folder(part)
    if place is None:
        return None
    name = hashlib.sha256(str(source.resolve()).encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return place / f"{name}.json"


def load(part: str, source: Path, text: str, code: tuple[Path, ...]) -> Any:
    """The value cached for `source` with exactly this text and code, else MISSING."""
    try:
        entry = _entry(part, source)
        if entry is None:
            return MISSING
        descriptor = os.open(entry, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & 0o022):
                return MISSING
            stored = json.loads(stream.read())
        if not isinstance(stored, dict) or stored.get("key") != key(text, code):
            return MISSING
        return stored["value"]
    except (OSError, ValueError, KeyError):  # none yet, unreadable, or damaged: parse instead
        return MISSING


def store(part: str, source: Path, text: str, code: tuple[Path, ...], value: Any) -> None:
    """Keep `value` for `source` when JSON gives it back unchanged; a failure to write is not an error."""
    try:
        encoded = json.dumps({"key": key(text, code), "value": value}, ensure_ascii=False, allow_nan=False)
        if json.loads(encoded)["value"] != value or not _same_types(json.loads(encoded)["value"], value):
            return
        entry = _entry(part, source)
        if entry is None:
            return
        handle, temporary = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                stream.write(encoded)
            os.replace(temporary, entry)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, ValueError, TypeError):  # not plain data, or nowhere to write: no cache for it
        return


def _same_types(left: Any, right: Any) -> bool:
    """Equal values of equal types all the way down (JSON turns a tuple into a list, 1 == 1.0 == True)."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        return all(type(a) is type(b) and _same_types(left[a], right[b]) for a, b in zip(left, right, strict=True))
    if isinstance(left, list):
        return all(_same_types(a, b) for a, b in zip(left, right, strict=True))
    return True
