"""What does locking the answer journal cost per answer change?

Why this exists: every change to an answer (each click, each pause in typing) is written to the
journal under the journal folder's lock (`course.exercises.journal.folder_lock`, filelock: the
OS lock, or a lock file where there is none). This script times `Journal.put` in one process,
side by side in one run, with:

- `filelock (OS lock)`: the course's lock as it runs here (`flock`);
- `filelock (lock file)`: the same lock where `flock` reports "not implemented", as on a file
  system without it (the lock file path);
- `flock on the folder`: a bare `fcntl.flock` on the folder, the lock the journal used before
  (Linux and macOS only), as the baseline;
- `no lock`: the write alone.

Each variant runs in a fresh process (the lock-file path is chosen per process), N puts after
a warm-up, in rounds that take the variants in turn (a busy machine slows all of them alike);
the table gives, per put, the median of the rounds' medians and 95th percentiles. A benchmark,
not a test: it asserts nothing.

    python benchmarks/journal_lock_benchmark.py [--puts 400] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

VARIANTS = {
    "filelock (OS lock)": "",
    "filelock (lock file)": """
        import errno, fcntl
        def flock(descriptor, operation):
            raise OSError(errno.ENOSYS, "Function not implemented")
        fcntl.flock = flock
    """,
    "flock on the folder": """
        import contextlib, fcntl, os
        import course.exercises.journal as journal
        @contextlib.contextmanager
        def folder_lock(folder):
            folder.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(folder, os.O_RDONLY)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
                os.close(descriptor)
        journal.folder_lock = folder_lock
    """,
    "no lock": """
        import contextlib
        import course.exercises.journal as journal
        journal.folder_lock = lambda folder: contextlib.nullcontext()
    """,
}

TIMER = """
import json, statistics, sys, time
from pathlib import Path
from course.exercises.journal import Entry, Journal

path, puts = Path(sys.argv[1]), int(sys.argv[2])
journal = Journal(path)
for n in range(20):  # warm-up: imports, the folder, the first fsync
    journal.put("04.letters", Entry(f"warm {n}", 0, n, "f"))
times = []
for n in range(puts):
    started = time.perf_counter()
    journal.put("04.letters", Entry(f"answer {n}", 0, n, "f"))
    times.append(time.perf_counter() - started)
times.sort()
print(json.dumps({"median": statistics.median(times), "p95": times[int(0.95 * len(times))]}))
"""


def measure(variant: str, folder: Path, puts: int) -> dict[str, float]:
    script = textwrap.dedent(VARIANTS[variant]) + TIMER
    path = folder / variant.replace(" ", "-").replace("(", "").replace(")", "") / "journal" / "nb.json"
    path.unlink(missing_ok=True)
    done = subprocess.run(
        [sys.executable, "-c", script, str(path), str(puts)], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--puts", type=int, default=400)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if sys.platform == "win32":
        del VARIANTS["flock on the folder"], VARIANTS["filelock (lock file)"]
    runs: dict[str, list[dict[str, float]]] = {variant: [] for variant in VARIANTS}
    with tempfile.TemporaryDirectory() as folder:
        for _ in range(args.rounds):
            for variant in VARIANTS:
                runs[variant].append(measure(variant, Path(folder), args.puts))
    results = {
        variant: {key: statistics.median(run[key] for run in done) for key in ("median", "p95")}
        for variant, done in runs.items()
    }
    base = results["no lock"]["median"]
    print(f"Journal.put, {args.rounds} rounds x {args.puts} puts per variant, one process (times per put)")
    print(f"{'variant':<24}{'median':>10}{'p95':>10}{'median vs no lock':>20}")
    for variant, figures in results.items():
        print(
            f"{variant:<24}{figures['median'] * 1e6:>8.0f}us{figures['p95'] * 1e6:>8.0f}us"
            f"{figures['median'] / base:>19.2f}x"
        )


if __name__ == "__main__":
    main()
