"""How long the fast inner loop takes: `python -m pytest -m "not slow"`, timed from outside.

    python benchmarks/fast_loop.py [--runs 1] [pytest options...]

Runs the loop as CONTRIBUTING.md says (the project's xdist settings included) and prints its wall time,
the CPU time of pytest and its workers, the collection time alone, the slowest tests, and the load
average before and after, so a figure measured on a busy machine can be told from a quiet one. The goal
is under 30 s on a quiet two-core machine. Prints figures only; it asserts nothing (a timed test would
fail on a noisy machine for no fault of the code).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its children, its output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout + done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="time the loop this many times (default 1)")
    args, extra = parser.parse_known_args()
    pytest = [sys.executable, "-m", "pytest", "-m", "not slow", "-q", *extra]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} ({os.cpu_count()} CPUs)")
    wall, cpu, out = timed([*pytest, "--collect-only", "-n", "0"])
    collected = re.search(r"(\d+)(?:/\d+)? tests collected", out)
    print(
        f"collection alone (one process): {wall:.1f} s wall, {cpu:.1f} s CPU, {collected.group(1) if collected else '?'} tests"
    )
    for run in range(1, args.runs + 1):
        wall, cpu, out = timed([*pytest, "--durations=10"])
        summary = [line for line in out.splitlines() if re.search(r"\d+ (passed|failed)", line)]
        print(
            f"run {run}: {wall:.1f} s wall, {cpu:.1f} s CPU (pytest and its workers): {summary[-1] if summary else out[-300:]}"
        )
    slowest = out.split("slowest 10 durations")[-1].splitlines()[1:11] if "slowest 10 durations" in out else []
    if slowest:
        print("slowest tests of the last run:")
        for line in slowest:
            print(f"  {line.strip()}")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
