"""How long does `import course` take, next to the libraries it defers?

Why this exists: every notebook of the course starts with `import course`,
and the command line (`mlops-course --help`) imports it too. The package is
written so that this import stays light: pandas, matplotlib, ipywidgets and
PyYAML load only when a lesson first asks for a table, a figure, a widget or
the chapter data. This script measures whether that holds, in fresh Python
processes (an import inside one process is cached, so it can be timed once):

- `python -c "pass"`: the interpreter's own start-up, the baseline;
- `python -c "import course"`: what a notebook or the CLI pays for the package;
- `python -c "import pandas, matplotlib"`: what it would pay if the heavy
  libraries were imported eagerly, for comparison.

Each is run N times; the table gives the median and the minimum wall time, and
the cost above the baseline. Then `python -X importtime -c "import course"`
lists every module that the import loads, to show that no heavy library is
among them. It is a benchmark, not a test: it asserts nothing.

Run it with the interpreter of the environment to measure:

    python benchmarks/import_time.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

HEAVY = ("pandas", "matplotlib", "ipywidgets", "yaml", "numpy", "IPython")
CASES = (
    ("baseline", "pass"),
    ("import course", "import course"),
    ("import pandas, matplotlib", "import pandas, matplotlib"),
)


@dataclass(frozen=True)
class Timing:
    """Wall times, in seconds, of one command over several fresh processes."""

    label: str
    code: str
    runs: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def best(self) -> float:
        return min(self.runs)


def time_once(code: str) -> float:
    """Wall time of one fresh `python -c code`, start-up included."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def measure(runs: int) -> list[Timing]:
    """Time every case `runs` times, interleaved so that drifts in machine load hit all cases alike."""
    for _, code in CASES:  # warm the file-system cache; not counted
        time_once(code)
    samples: dict[str, list[float]] = {label: [] for label, _ in CASES}
    for _ in range(runs):
        for label, code in CASES:
            samples[label].append(time_once(code))
    return [Timing(label, code, tuple(samples[label])) for label, code in CASES]


@dataclass(frozen=True)
class ImportRecord:
    """One line of `-X importtime`: a module, its own and its cumulative import time (microseconds)."""

    module: str
    depth: int
    self_us: int
    cumulative_us: int


def import_tree(code: str) -> list[ImportRecord]:
    """The modules that `code` imports, in the order Python reports them (`-X importtime`)."""
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], check=True, capture_output=True, text=True
    )
    records = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, raw_name = line.removeprefix("import time:").split("|")
        depth = (len(raw_name) - len(raw_name.lstrip(" ")) - 1) // 2  # two spaces per level of nesting
        records.append(ImportRecord(raw_name.strip(), depth, int(self_us), int(cumulative_us)))
    return records


def print_timings(timings: list[Timing], runs: int) -> None:
    """The table: each command's median and minimum, its cost above the baseline, and that cost
    as a fraction of what importing pandas and matplotlib costs."""
    baseline, heavy = timings[0], timings[-1]
    heavy_median = heavy.median - baseline.median
    heavy_best = heavy.best - baseline.best
    print(f"Wall time of `python -c CODE` in a fresh process, {runs} runs each ({sys.executable})")
    print()
    header = ("command", "median ms", "min ms", "+median ms", "+min ms", "ratio (median)", "ratio (min)")
    print(f"{header[0]:<27}" + "".join(f"{h:>12}" for h in header[1:5]) + "".join(f"{h:>16}" for h in header[5:]))
    print("-" * (27 + 4 * 12 + 2 * 16))
    for timing in timings:
        extra_median = timing.median - baseline.median
        extra_best = timing.best - baseline.best
        cells = [timing.median, timing.best, extra_median, extra_best]
        ratios = [extra_median / heavy_median if heavy_median > 0 else float("nan")]
        ratios.append(extra_best / heavy_best if heavy_best > 0 else float("nan"))
        print(
            f"{timing.label:<27}"
            + "".join(f"{c * 1000:>12.1f}" for c in cells)
            + "".join(f"{r:>16.3f}" for r in ratios)
        )
    print()
    print("+ms: time above the baseline (the interpreter's own start-up).")
    print("ratio: that extra time as a fraction of the extra time of `import pandas, matplotlib`.")
    course_extra = timings[1].median - baseline.median
    if course_extra <= 0:
        print("`import course` costs nothing measurable above start-up (its median is within the baseline's noise).")
    elif heavy_median > 0:
        print(
            f"`import course` costs {course_extra * 1000:.1f} ms above start-up; importing pandas and matplotlib "
            f"eagerly would cost {heavy_median * 1000:.1f} ms, about {heavy_median / course_extra:.0f} times as much."
        )


def print_import_tree(records: list[ImportRecord], startup: set[str]) -> None:
    """List the modules `import course` loads beyond those the bare interpreter loads at start-up."""
    added = [r for r in records if r.module not in startup]
    ours = [r.module for r in added if r.module == "course" or r.module.startswith("course.")]
    others = sorted(r.module for r in added if r.module not in ours)
    tops = {r.module.split(".")[0] for r in added}
    heavy = [name for name in HEAVY if name in tops]
    total = next((r.cumulative_us for r in records if r.module == "course"), 0)
    print()
    print(f'`python -X importtime -c "import course"`: {total / 1000:.1f} ms for the import itself;')
    print(f"{len(added)} modules beyond the {len(startup)} that `python -c pass` already loads:")
    print(f"  course modules:  {', '.join(ours)}")
    print(f"  other modules:   {', '.join(others) if others else 'none'}")
    print(f"  heavy libraries: {', '.join(heavy) if heavy else 'none'} (looked for {', '.join(HEAVY)})")
    print()
    print("Those modules by cumulative import time (indented under the module that imported them):")
    print(f"{'module':<48}{'self ms':>10}{'cumulative ms':>16}")
    for record in added:
        name = "  " * record.depth + record.module
        print(f"{name:<48}{record.self_us / 1000:>10.2f}{record.cumulative_us / 1000:>16.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per command (default 15)")
    args = parser.parse_args(argv)
    print_timings(measure(args.runs), args.runs)
    startup = {record.module for record in import_tree("pass")}
    print_import_tree(import_tree("import course"), startup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
