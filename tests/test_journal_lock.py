"""Two kernels on one notebook (two tabs, a re-run beside a running kernel) lose no journal writes.

Each process answers its own exercise 200 times as fast as it can, both writing the one
journal file. Before every write a process looks for its own previous answer in the
file: if the other process overwrote it, that write was lost. With the lock, no write is
lost and both last answers are there, in every trial.

On every lock the platform gives, as far as this machine can show it:

- `os-lock`: the operating system's lock (`fcntl.flock` here; Windows' `msvcrt.locking` is
  the same code path in filelock, which this machine cannot run);
- `no-fcntl`: a Python without `fcntl`, as the course once ran unlocked where `fcntl` is
  missing: the lock is then a lock file whose existence is the lock;
- `flock-unsupported`: a file system whose `flock` answers "not implemented" (ENOSYS, some
  network homes): the OS lock gives way to the same lock file.

A learner sees nothing of the lock: neither process may print a warning.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from course.exercises import journal

ANSWERS = 200
TRIALS = 4

LOCKS = {
    "os-lock": "",
    "no-fcntl": "sys.modules['fcntl'] = None  # `import fcntl` fails, as where the platform has none",
    "flock-unsupported": textwrap.dedent(
        """
        import errno, fcntl
        def flock(descriptor, operation):
            raise OSError(errno.ENOSYS, "Function not implemented")
        fcntl.flock = flock
        """
    ),
}

WRITER = textwrap.dedent(
    """
    import json, sys
    LOCK
    from pathlib import Path
    from course.exercises.journal import Entry, Journal

    path, exercise = Path(sys.argv[1]), sys.argv[2]
    sys.stdin.readline()  # both processes start writing at once
    lost = 0
    for n in range(1, ANSWERS + 1):
        if n > 1:
            try:
                mine = json.loads(path.read_text())["exercises"].get(exercise)
            except (OSError, ValueError):
                mine = None
            lost += mine is None or mine["revision"] != n - 1
        Journal(path).put(exercise, Entry(f"answer {n}", 0, n, "f"))
    print(lost)
    """
)


def run_trial(folder: Path, lock: str) -> tuple[dict, int]:
    path = folder / "journal" / "nb-1.json"
    writer = WRITER.replace("LOCK", LOCKS[lock]).replace("ANSWERS", str(ANSWERS))
    procs = [
        subprocess.Popen(
            [sys.executable, "-W", "default", "-c", writer, str(path), exercise],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for exercise in ("04.letters", "04.c-or-i")
    ]
    time.sleep(1.0)  # both started and waiting
    for proc in procs:
        assert proc.stdin is not None
        proc.stdin.write("go\n")
        proc.stdin.flush()
    lost = 0
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert not err, f"a learner would see this under an exercise: {err}"
        lost += int(out.strip())
    return json.loads(path.read_text())["exercises"], lost


@pytest.mark.slow
@pytest.mark.parametrize("lock", list(LOCKS))
def test_two_processes_answering_different_exercises_lose_no_write(tmp_path, lock):
    results = []
    started = time.perf_counter()
    for trial in range(TRIALS):
        entries, lost = run_trial(tmp_path / f"trial{trial}", lock)
        last = {exercise: entries.get(exercise, {}).get("answer") for exercise in ("04.letters", "04.c-or-i")}
        results.append((last, lost))
    seconds = time.perf_counter() - started
    print(f"\n[journal lock, {lock}] {TRIALS} trials x 2 processes x {ANSWERS} answers in {seconds:.1f} s: {results}")
    for last, lost in results:
        assert last == {"04.letters": f"answer {ANSWERS}", "04.c-or-i": f"answer {ANSWERS}"}, results
        assert lost == 0, results


KILLED_HOLDER = textwrap.dedent(
    """
    import sys, time
    LOCK
    from pathlib import Path
    from course.exercises.journal import folder_lock

    with folder_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(600)  # killed here, the lock still held
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("lock", list(LOCKS))
def test_a_lock_left_by_a_killed_kernel_does_not_block_the_next_one(tmp_path, lock):
    """A kernel killed while writing (a restart, an out-of-memory kill) leaves its lock behind: with a lock
    file, the file itself. The next kernel's write must go through, not wait out the timeout and fail."""
    folder = tmp_path / "journal"
    holder = subprocess.Popen(
        [sys.executable, "-c", KILLED_HOLDER.replace("LOCK", LOCKS[lock]), str(folder)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    holder.kill()
    holder.wait(timeout=30)
    writer = WRITER.replace("LOCK", LOCKS[lock]).replace("ANSWERS", "1")
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-W", "default", "-c", writer, str(folder / "nb-1.json"), "04.letters"],
        input="go\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    seconds = time.perf_counter() - started
    assert done.returncode == 0 and not done.stderr, done.stderr
    assert json.loads((folder / "nb-1.json").read_text())["exercises"]["04.letters"]["answer"] == "answer 1"
    assert seconds < journal.LOCK_TIMEOUT, f"waited {seconds:.1f} s for a dead kernel's lock"


@pytest.fixture
def held_lock(course_home, monkeypatch):
    """The journal folder's lock held by someone else (another kernel, stuck), and a short timeout."""
    from filelock import FileLock

    monkeypatch.setattr(journal, "LOCK_TIMEOUT", 0.2)
    folder = course_home / "journal"
    folder.mkdir(parents=True)
    other = FileLock(folder / journal.LOCK_NAME)
    other.acquire()
    yield folder
    other.release()


def test_a_lock_not_had_in_time_is_a_warning_and_no_unlocked_write(held_lock):
    path = held_lock / "nb.json"
    answers = journal.Journal(path)
    answers.put("04.letters", journal.Entry("R", 0, 1, "f"))
    assert answers.warning and "Could not write the answer journal" in answers.warning
    assert "still recorded in the notebook" in answers.warning
    assert not path.exists(), "written without the lock"


def test_a_renamed_notebook_in_a_locked_folder_still_opens_with_a_warning(held_lock, tmp_path):
    notebook = tmp_path / "04_raci_model.ipynb"
    notebook.write_text("{}", encoding="utf-8")
    answers = journal.Journal.for_notebook(str(notebook), notebook_id="04_raci_model")
    assert answers.enabled and answers.get("04.letters") is None
    assert answers.warning and "could not be locked" in answers.warning


def test_the_lock_file_is_never_read_as_a_journal(tmp_path):
    journal.Journal.for_notebook(str(tmp_path / "a.ipynb")).put("04.letters", journal.Entry("R", 0, 1, "f"))
    folder = journal.journal_dir()
    assert (folder / journal.LOCK_NAME).is_file()  # the OS lock's file stays, for the next writer to lock
    assert [j.path.name for j in journal.all_journals() if j.path] == [
        f"{journal.notebook_key(str(tmp_path / 'a.ipynb'))}.json"
    ]
