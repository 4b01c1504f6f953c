"""How long one refresh of `mlops-course live` takes for a class.

    python benchmarks/live_view_benchmark.py [--learners 100] [--changed 10] [--rounds 5] [--keep]

Makes a class in a temporary folder, one home per learner holding all six exercise
notebooks (the solution notebooks with their outputs, answers randomly rewritten
and the learner id set, as `grading_benchmark.py` makes them). Then times, as the
live view's refresher does them:
- the first read (every file parsed),
- a refresh when nothing changed (files only listed and their stamps compared),
- a refresh after `--changed` learners re-saved one notebook each,
- rendering the page fragment.
Each figure is the median of `--rounds` runs. Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from grading_benchmark import ROOT, make_submissions

from course.exercises.definitions import load_bank
from course.live.page import render_fragment
from course.live.tally import ClassReader


def timed(action) -> tuple[float, object]:
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def touch_some(folder: Path, count: int, round_no: int) -> None:
    """Re-save one notebook of `count` learners (new content size is not needed: a new stamp is)."""
    for home in sorted(folder.iterdir())[:count]:
        path = home / "04_raci_model.ipynb"
        stamp = time.time() + round_no
        path.write_bytes(path.read_bytes())
        os.utime(path, (stamp, stamp))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--changed", type=int, default=10, help="learners who re-save between two refreshes")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()

    sources = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
    bank = load_bank()
    folder = Path(tempfile.mkdtemp(prefix="mlops-live-bench-"))
    try:
        size = make_submissions(sources, bank, args.learners * len(sources), folder)
        files = args.learners * len(sources)
        print(f"class: {args.learners} learners, {files} notebooks, {size / 1e6:.1f} MB in {folder}")

        first, cold, warm, changed, render = [], [], [], [], []
        for round_no in range(args.rounds):
            reader = ClassReader([folder], bank)
            seconds, snapshot = timed(reader.snapshot)
            (first if round_no == 0 else cold).append(seconds)
            warm.append(timed(reader.snapshot)[0])
            touch_some(folder, args.changed, round_no + 1)
            changed.append(timed(reader.snapshot)[0])
            render.append(timed(lambda snapshot=snapshot: render_fragment(snapshot))[0])
        assert snapshot.learners == args.learners, snapshot.learners  # the tally saw the whole class

        def ms(values: list[float]) -> str:
            return f"{1000 * statistics.median(values):8.1f} ms"

        print(f"first read, every file parsed (cold cache):   {ms(first)}")
        if cold:
            print(f"first read again (warm page cache):           {ms(cold)}")
        print(f"refresh, nothing changed:                     {ms(warm)}")
        print(f"refresh, {args.changed} learners re-saved a notebook:     {ms(changed)}")
        print(f"render the page fragment:                     {ms(render)}")
        print(f"exercises on the page: {len(snapshot.exercises)}; problems: {len(snapshot.problems)}")
    finally:
        if args.keep:
            print(f"kept {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
