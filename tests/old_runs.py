"""Old test runs' temporary folders are deleted while this run's tests run, not after them.

pytest keeps the temporary folders of the last three runs and deletes older ones when a session ends, in
the controlling process, after every test has finished: a fast-loop run waited about a second for it, and
the first run after a full suite (three virtual environments, clones of the course) waited half a minute.
`start_deleting` does the same deletion in a thread when a session starts, with pytest's own lock-aware
rules (a folder still in use by another run is left alone); `finish` waits for it before pytest looks.
"""

from __future__ import annotations

import threading
from pathlib import Path

try:  # pytest's own rules for what may be deleted; if they move, pytest simply deletes at the end as before
    from _pytest.pathlib import LOCK_TIMEOUT, cleanup_numbered_dir
except ImportError:  # pragma: no cover - depends on the pytest release
    cleanup_numbered_dir = None
    LOCK_TIMEOUT = 60 * 60 * 24 * 3

PREFIX = "pytest-"


def start_deleting(basetemp: Path, keep: int) -> threading.Thread | None:
    """Delete, in a thread, the numbered run folders beside `basetemp` that pytest would delete at the end."""
    if cleanup_numbered_dir is None or keep <= 0 or not basetemp.name.startswith(PREFIX):
        return None
    dead_before = basetemp.stat().st_mtime - LOCK_TIMEOUT
    thread = threading.Thread(
        target=cleanup_numbered_dir,
        args=(basetemp.parent, PREFIX, keep, dead_before),
        name="old-test-runs",
        daemon=True,  # an interrupted run leaves a garbage-* folder, which the next run deletes
    )
    thread.start()
    return thread


def finish(thread: threading.Thread | None, timeout: float = 600) -> None:
    """Wait for the deletion to end (at once when it ended while the tests ran)."""
    if thread is not None:
        thread.join(timeout)
