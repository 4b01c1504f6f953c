"""Two kernels on one notebook (two tabs, a re-run beside a running kernel) lose no journal writes.

Each process answers its own exercise 200 times as fast as it can, both writing the one
journal file. Before every write a process looks for its own previous answer in the
file: if the other process overwrote it, that write was lost. With the lock, no write is
lost and both last answers are there, in every trial.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ANSWERS = 200
TRIALS = 4

WRITER = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path
    from course.exercises.journal import Entry, Journal

    path, exercise = Path(sys.argv[1]), sys.argv[2]
    sys.stdin.readline()  # both processes start writing at once
    lost = 0
    for n in range(1, {answers} + 1):
        if n > 1:
            try:
                mine = json.loads(path.read_text())["exercises"].get(exercise)
            except (OSError, ValueError):
                mine = None
            lost += mine is None or mine["revision"] != n - 1
        Journal(path).put(exercise, Entry(f"answer {{n}}", 0, n, "f"))
    print(lost)
    """
).format(answers=ANSWERS)


def run_trial(folder: Path) -> tuple[dict, int]:
    path = folder / "journal" / "nb-1.json"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), exercise],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
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
        out, _ = proc.communicate(timeout=120)
        assert proc.returncode == 0
        lost += int(out.strip())
    return json.loads(path.read_text())["exercises"], lost


@pytest.mark.slow  # two processes write one journal many times: about 10 s
def test_two_processes_answering_different_exercises_lose_no_write(tmp_path):
    results = []
    for trial in range(TRIALS):
        entries, lost = run_trial(tmp_path / f"trial{trial}")
        last = {exercise: entries.get(exercise, {}).get("answer") for exercise in ("04.letters", "04.c-or-i")}
        results.append((last, lost))
    print(f"\n[journal lock] {TRIALS} trials x 2 processes x {ANSWERS} answers: {results}")
    for last, lost in results:
        assert last == {"04.letters": f"answer {ANSWERS}", "04.c-or-i": f"answer {ANSWERS}"}, results
        assert lost == 0, results
