"""Atomic file writes: a reader sees the old file or the new one, never half of one.

Used for everything the kit writes that someone relies on: the learner's
answer journal, generated notebooks, and every grading output (a crash or
Ctrl-C in the middle of a write leaves the previous file intact).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any


def _plain_file_mode() -> int:
    """The permissions `open()` would give a new file (mkstemp's are owner-only)."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def write_bytes_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write through a temporary file in the same folder, fsync, then rename over `path`.

    `durable=False` skips the fsync: still never half a file after a crash of the program
    or Ctrl-C (the rename is atomic), only not proof against power loss; for the many small
    pages of one run, where one fsync each would cost more than the grading itself.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _plain_file_mode())
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class AtomicFiles:
    """Many files written into one folder, each atomically, with the fewest system calls (a class's feedback
    pages: `write_bytes_atomic` per page made and moved a random temporary file with a fresh mode each time).

    A file that already holds the bytes is left as it is: grading a class again rewrites only the pages
    that changed, so their modification times (and whatever syncs the folder) show what changed.
    """

    CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = os.fspath(folder)
        self.temporary = os.path.join(self.folder, f".writing-{os.getpid()}.tmp")

    def write(self, name: str, data: bytes) -> bool:
        """Put `data` in the folder as `name`; False when the file already held exactly that."""
        path = os.path.join(self.folder, name)
        if _holds(path, data):
            return False
        try:
            handle = os.open(self.temporary, self.CREATE, 0o666)  # the mode `open()` gives: umask applies
        except FileExistsError:  # left by a crash, or planted: never written through, made anew
            os.unlink(self.temporary)
            handle = os.open(self.temporary, self.CREATE, 0o666)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view) :]
            finally:
                os.close(handle)
            os.replace(self.temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
            raise
        return True


def _holds(path: str, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (read only when the sizes agree)."""
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return False
    try:
        if os.fstat(handle).st_size != len(data):
            return False
        with io.FileIO(handle, closefd=False) as stream:
            return stream.readall() == data
    except OSError:
        return False
    finally:
        os.close(handle)


def write_text_atomic(path: Path, text: str, *, durable: bool = True) -> None:
    """Write UTF-8 text atomically (no newline translation)."""
    write_bytes_atomic(path, text.encode("utf-8"), durable=durable)


def write_json_atomic(path: Path, data: Any, *, durable: bool = True) -> None:
    """Write JSON atomically, with sorted keys so equal data gives equal bytes (see `write_bytes_atomic`)."""
    write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1), durable=durable)


@contextlib.contextmanager
def open_atomic(path: Path, *, newline: str | None = None) -> Iterator[IO[str]]:
    """A UTF-8 text stream for files written in pieces (CSV rows, a long report): its content
    replaces `path` only when the block ends without an exception; otherwise `path` is untouched."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(temporary, _plain_file_mode())
        with os.fdopen(handle, "w", encoding="utf-8", newline=newline) as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
