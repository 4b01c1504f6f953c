"""How long the fast inner loop takes: `python -m pytest -m "not slow"`, timed from outside.

    python benchmarks/fast_loop.py [--runs 1] [--compare OTHER_TREE] [--as-is] [pytest options...]

Runs the loop as CONTRIBUTING.md says (the project's xdist settings included) and prints its wall time,
the CPU time of pytest and its workers, the collection time alone, the slowest tests, and the load
average before and after each run, so a figure measured on a busy machine can be told from a quiet one.
The goal is under 30 s on a quiet two-core machine. Prints figures only; it asserts nothing (a timed test
would fail on a noisy machine for no fault of the code).

Python writes and reuses bytecode (`__pycache__`, and pytest's rewritten test modules) as on a developer's
machine: an environment with PYTHONDONTWRITEBYTECODE set compiles every module on every run, so the
variable is left out of the runs (and one collection run first writes the bytecode) unless `--as-is`.

With `--compare OTHER_TREE` (another checkout, e.g. `git worktree add --detach /tmp/base main`), each run
times that tree's loop too, alternately, with its own `course` package first on the path: the two are
measured side by side, so a busy machine slows both alike. Before each run, the time a fixed piece of
pure-Python work takes is printed too: the same tests here took 48 to 65 s of CPU within the hour, and that
figure shows which phase of the machine a run fell in.
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


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def timed(command: list[str], tree: Path, env: dict[str, str]) -> tuple[float, float, str]:
    """(wall seconds, CPU seconds of the command and its children, its output), run in `tree`."""
    env = dict(env, PYTHONPATH=os.pathsep.join(filter(None, [str(tree), env.get("PYTHONPATH")])))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout + done.stderr


def machine_speed() -> float:
    """Milliseconds a fixed piece of pure-Python work takes now (best of three). This machine's speed drifts
    by a third within an hour, for the same code; printed beside each run, it tells a slow phase from a change.
    """
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        total = 0
        for i in range(1_000_000):
            total += i * i % 7
        best = min(best, time.process_time() - start)
    return best * 1000


def summary(out: str) -> str:
    lines = [line for line in out.splitlines() if re.search(r"\d+ (passed|failed)", line)]
    return lines[-1] if lines else out[-300:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=1, help="time the loop this many times (default 1)")
    parser.add_argument("--compare", type=Path, metavar="TREE", help="another checkout to time side by side")
    parser.add_argument("--as-is", action="store_true", help="keep PYTHONDONTWRITEBYTECODE if it is set")
    args, extra = parser.parse_known_args()
    env = dict(os.environ)
    if "PYTHONDONTWRITEBYTECODE" in env and not args.as_is:
        del env["PYTHONDONTWRITEBYTECODE"]
        print(
            "PYTHONDONTWRITEBYTECODE is set here: left out of the runs, so bytecode is reused as on a developer's machine"
        )
    trees = {"new": ROOT, **({"old": args.compare.resolve()} if args.compare else {})}
    pytest = [sys.executable, "-m", "pytest", "-m", "not slow", "-q", *extra]
    print(f"{os.cpu_count()} CPUs")
    for name, tree in trees.items():
        print(f"load average before: {load()}")
        wall, cpu, out = timed([*pytest, "--collect-only", "-n", "0"], tree, env)
        collected = re.search(r"(\d+)(?:/\d+)? tests collected", out)
        count = collected.group(1) if collected else "?"
        print(f"{name} ({tree}): collection alone (one process): {wall:.1f} s wall, {cpu:.1f} s CPU, {count} tests")
    out = ""
    for run in range(1, args.runs + 1):
        order = list(trees) if run % 2 else list(reversed(trees))
        for name in order:
            before, speed = load(), machine_speed()
            wall, cpu, out_of_run = timed([*pytest, "--durations=10"], trees[name], env)
            print(
                f"run {run}, {name}: {wall:.1f} s wall, {cpu:.1f} s CPU (pytest and its workers); load average "
                f"before {before}, after {load()}; fixed work took {speed:.0f} ms: {summary(out_of_run)}"
            )
            for line in out_of_run.splitlines():
                if line.startswith(("FAILED ", "ERROR ")):
                    print(f"  {line}")
            if name == "new":
                out = out_of_run
    slowest = out.split("slowest 10 durations")[-1].splitlines()[1:11] if "slowest 10 durations" in out else []
    if slowest:
        print("slowest tests of the last run (new):")
        for line in slowest:
            print(f"  {line.strip()}")


if __name__ == "__main__":
    main()
