"""How fast `mlops-course grade` is, against executing the same notebooks with nbclient.

    python benchmarks/grading_benchmark.py [--files 10000] [--sample 5] [--jobs N] [--keep]
                                           [--compare OTHER_TREE [--rounds 3]]

1. Makes N submissions in a temporary folder from the solution notebooks
   (solutions/NN_*.ipynb, outputs included, solution cells removed as in a
   learner's copy), one folder per learner, with
   random wrong answers mixed in: each answer record is, with probability 0.4,
   rewritten with a random valid answer (and its learner id set). A notebook
   without a figure gets one (the chapter's team map as a PNG), as learners'
   saved notebooks usually hold some. With no solutions yet, synthetic notebooks are built from the test
   fixture bank and executed once, so they too carry real outputs.
2. Times `mlops-course grade` on them in a subprocess, into an empty `--out` each time (a first run;
   grading again over the outputs of a run is timed once, apart), with the disk synced before each run
   (the previous run's writes and deletions are not this one's to pay for); its peak memory is the
   largest resident size among its processes (getrusage RUSAGE_CHILDREN, read
   in a wrapper process that ran nothing else) and, sampled every 100 ms, the
   sum over the grader and its workers (PSS, so shared pages count once).
3. Times the bare parse floor on the same files: reading every file and
   decoding its JSON with the library the grader uses (orjson when installed),
   in one process, and prints the grader's time as a multiple of it; then grades and
   measures the floor again, in pairs (`--rounds` pairs in all), and prints each pair's
   ratio and their median: a floor measured minutes from a grading run can be a third
   off on a machine whose speed drifts.
4. Times the CLI's start-up, best of 5: `mlops-course grade --help`, and grading one
   notebook with every output written (wall and CPU time), with the kit's cache warm (a
   temporary one; `course.disk_cache`) and with it off, as on a first run. Both trees'
   packages are byte-compiled first, as an install does.
5. Times nbclient executing K of the source notebooks (a kernel each, as
   execution-based graders do), and prints the ratio per file (`--sample 0` skips it).

With `--compare OTHER_TREE` (another checkout of the repository, e.g. `git worktree add --detach
/tmp/base main`), step 2 grades the same submissions with both trees' grader, alternately, `--rounds`
times each, and prints the median wall and CPU time of each and new/old ratios, and step 4 times both
trees' start-up alternately (best and median of `--rounds`, at least 20): the two are measured side by side in one
run, so a busy machine slows both alike. On two cores or more it then grades with both trees at the same
time, `--rounds` times with `--jobs 1` each and `--rounds` times with every core each, and prints their
ratios: the speed of this machine drifts by a third within minutes, so runs taken in turn can overlap where
runs taken at once do not.

Prints figures only; it asserts nothing.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "exercises"
WRONG_SHARE = 0.4

WRAPPER = """
import json, resource, subprocess, sys, time
started = time.perf_counter()
status = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL)  # a full pipe would stop the grader
wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"status": status, "wall": wall, "maxrss_kb": usage.ru_maxrss,
                  "cpu": usage.ru_utime + usage.ru_stime}))
"""


_SAMPLES: dict[str, list[Any]] = {}


def random_answer(exercise: Any, rng: random.Random) -> Any:
    """One of the answers the exercise's type offers the tests (often wrong, sometimes right), at random."""
    from course.exercises.type_registry import type_of

    samples = _SAMPLES.get(exercise.id)
    if samples is None:
        offered = type_of(exercise).sample_answers(exercise, random.Random(exercise.id))
        samples = _SAMPLES[exercise.id] = [a for a in offered if a is not None]
    return rng.choice(samples) if samples else None


def figure_cell() -> dict:
    """A code cell showing the chapter's team map as a PNG, as a learner's saved notebook would."""
    import io

    from course.figures import team_map

    buffer = io.BytesIO()
    team_map().savefig(buffer, format="png", metadata={"Software": None})
    png = base64.b64encode(buffer.getvalue()).decode("ascii")
    return {
        "cell_type": "code",
        "execution_count": 3,
        "id": "team-map",
        "metadata": {},
        "outputs": [
            {
                "output_type": "display_data",
                "data": {"image/png": png, "text/plain": "<Figure size 1000x600 with 1 Axes>"},
                "metadata": {},
            }
        ],
        "source": "from course.figures import team_map\nteam_map()",
    }


def mutate(notebook: dict, bank: Any, learner: str, rng: random.Random, figure: dict | None) -> dict:
    """A learner's copy: their id on every record, some answers replaced by random ones, and a
    figure when the source has none (learners' saved notebooks usually hold one)."""
    from course.authoring.release import strip_solution_regions
    from course.exercises.answers import normalise
    from course.exercises.records import MIME_TYPE, bundle
    from course.solution_marks import SOLUTION_TAG

    copy = json.loads(json.dumps(notebook))
    # a learner's copy has no solution cells (the grader refuses solution notebooks), outputs kept
    copy["cells"] = [c for c in copy.get("cells", []) if SOLUTION_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in copy["cells"]:
        if cell.get("cell_type") == "code":
            text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            cell["source"] = strip_solution_regions(text, "benchmark")
    if figure is not None:
        copy.setdefault("cells", []).insert(min(2, len(copy.get("cells", []))), figure)
    for cell in copy.get("cells", []):
        for output in cell.get("outputs", []):
            record = output.get("data", {}).get(MIME_TYPE)
            if not isinstance(record, dict) or record.get("exercise") not in bank:
                continue
            exercise = bank.get(record["exercise"])
            record["learner"] = learner
            if rng.random() < WRONG_SHARE:
                raw = random_answer(exercise, rng)
                if raw is not None:
                    record["answer"] = normalise(exercise, raw)
                    record["revision"] = record.get("revision", 0) + 1
            output["data"] = bundle(exercise, record)
    return copy


def synthetic_sources(folder: Path) -> list[Path]:
    """Exercise notebooks over the fixture bank, executed once so they hold real outputs and a figure."""
    import nbformat

    sys.path.insert(0, str(ROOT / "tests"))
    from grading_tools import FULL_MARKS  # the fixture bank's key, shared with the tests

    from course.exercises.definitions import load_bank

    bank = load_bank(FIXTURES)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells.append(nbformat.v4.new_markdown_cell("# 99 Demo exercises\nAnswer each exercise, then save."))
    nb.cells.append(nbformat.v4.new_code_cell("import course\nfrom course.figures import team_map"))
    nb.cells.append(nbformat.v4.new_code_cell("team_map()"))
    for exercise in bank:
        nb.cells.append(nbformat.v4.new_markdown_cell(f"## {exercise.title}\n{exercise.prompt}"))
        nb.cells.append(
            nbformat.v4.new_code_cell(
                f"course.answer({exercise.id!r}, {FULL_MARKS[exercise.id]!r})\ncourse.exercise({exercise.id!r})"
            )
        )
    path = folder / "99_demo.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    execute(path)
    return [path]


def execute(path: Path) -> float:
    """Execute a notebook with nbclient in a fresh kernel (saving the outputs); returns seconds."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    started = time.perf_counter()
    nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    took = time.perf_counter() - started
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return took


def make_submissions(sources: list[Path], bank: Any, count: int, folder: Path, seed: int = 1) -> int:
    rng = random.Random(seed)
    notebooks = [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sources]
    figure = figure_cell()
    total = 0
    for index in range(count):
        learner = f"learner{index // len(notebooks):05d}"
        name, notebook = notebooks[index % len(notebooks)]
        target = folder / learner / name
        target.parent.mkdir(parents=True, exist_ok=True)
        has_figure = '"image/png"' in json.dumps(notebook)
        text = json.dumps(
            mutate(notebook, bank, learner, rng, None if has_figure else figure), indent=1, ensure_ascii=False
        )
        target.write_text(text, encoding="utf-8")
        total += len(text.encode("utf-8"))
    return total


def tree_env(tree: Path) -> dict[str, str]:
    """The environment to run `tree`'s `course` in: its package first on the path, and a kit cache of its own
    (`course.disk_cache`): an entry holds the stamp of the code that parsed it, so two trees sharing one cache
    would replace each other's entries on every run and both would be timed parsing from scratch."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")])))
    cache = env.get("MLOPS_COURSE_CACHE")
    if cache and cache != "off" and tree.resolve() != ROOT:
        env["MLOPS_COURSE_CACHE"] = f"{cache}-{tree.resolve().name}-other"
    return env


def time_grade(
    submissions: Path,
    out: Path,
    definitions: Path,
    jobs: int | None,
    tree: Path = ROOT,
    again: bool = False,
    sync: bool = True,
) -> dict:
    """Run `mlops-course grade` from `tree` (its own `course` package: the child starts in that folder and
    has it first on its path) and measure it. Into an empty `out` (a first run, what every comparison
    measures) unless `again`: then over the outputs of an earlier run, as a teacher grading again does.
    The disk is synced first (unless `sync` is False: the caller did), so that no run pays for writing back
    (or deleting) what the one before wrote."""
    if not again:
        shutil.rmtree(out, ignore_errors=True)
    if sync:
        os.sync()
    command = [sys.executable, "-m", "course", "grade", str(submissions), "--out", str(out), "--key", str(definitions)]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = tree_env(tree)
    wrapper = subprocess.Popen(
        [sys.executable, "-c", WRAPPER, *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        cwd=tree,
        env=env,
    )
    peak_total = sample_tree(wrapper)
    output, _ = wrapper.communicate()
    result = json.loads(output.strip().splitlines()[-1])
    result["peak_total_kb"] = peak_total
    return result


def sample_tree(process: subprocess.Popen) -> int:
    """The largest total proportional memory (PSS: pages shared by forked workers counted once)
    over the process's descendants, sampled every 100 ms with psutil (0 without psutil)."""
    try:
        import psutil
    except ImportError:
        process.wait()
        return 0
    peak = 0
    parent = psutil.Process(process.pid)
    while process.poll() is None:
        total = 0
        try:
            for child in parent.children(recursive=True):
                total += child.memory_full_info().pss // 1024
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.1)
    return peak


def compare(submissions: Path, out: Path, definitions: Path, jobs: int | None, other: Path, rounds: int) -> None:
    """Grade the same submissions with this tree and `other`, alternating, and print both and the ratios."""
    import statistics

    runs: dict[str, list[dict]] = {"old": [], "new": []}
    trees = {"old": other.resolve(), "new": ROOT}
    for round_ in range(rounds):
        for name in ("old", "new") if round_ % 2 == 0 else ("new", "old"):
            result = time_grade(submissions, out / name, definitions, jobs, trees[name])
            runs[name].append(result)
            print(
                f"  round {round_ + 1} {name}: {result['wall']:.2f} s wall, {result['cpu']:.1f} s CPU "
                f"(exit status {result['status']})"
            )
    medians = {
        name: (statistics.median(r["wall"] for r in results), statistics.median(r["cpu"] for r in results))
        for name, results in runs.items()
    }
    for name in ("old", "new"):
        wall, cpu = medians[name]
        print(f"compare {name} ({trees[name]}): median of {rounds}: {wall:.2f} s wall, {cpu:.1f} s CPU")
    (old_wall, old_cpu), (new_wall, new_cpu) = medians["old"], medians["new"]
    print(f"compare: new/old = {new_wall / old_wall:.3f} in wall time, {new_cpu / old_cpu:.3f} in CPU time")
    if (os.cpu_count() or 1) >= 2:
        compare_at_once(submissions, out, definitions, trees, rounds)


def compare_at_once(submissions: Path, out: Path, definitions: Path, trees: dict[str, Path], rounds: int) -> None:
    """Both trees' grader at the same time: a machine whose speed drifts between runs slows both alike, so their
    ratio is steadier than that of runs taken in turn (which it does not replace). First one core each
    (`--jobs 1`), which leaves out what the worker processes and the parallel outputs change; then with every
    core each, where the two share the cores and their CPU time is the figure to compare."""
    import statistics
    from concurrent.futures import ThreadPoolExecutor

    for jobs, how in ((1, "one core each"), (None, "all cores each")):
        walls, cpus = [], []
        for round_ in range(rounds):
            for name in ("old", "new"):
                shutil.rmtree(out / f"{name}-at-once", ignore_errors=True)
            os.sync()  # once for both: a sync while the other runs would slow it
            with ThreadPoolExecutor(2) as pool:
                running = {
                    name: pool.submit(
                        time_grade, submissions, out / f"{name}-at-once", definitions, jobs, trees[name], sync=False
                    )
                    for name in ("old", "new")
                }
                results = {name: future.result() for name, future in running.items()}
            walls.append(results["new"]["wall"] / results["old"]["wall"])
            cpus.append(results["new"]["cpu"] / results["old"]["cpu"])
            print(
                f"  at once, {how}, round {round_ + 1}: old {results['old']['wall']:.2f} s "
                f"({results['old']['cpu']:.1f} s CPU), new {results['new']['wall']:.2f} s "
                f"({results['new']['cpu']:.1f} s CPU), new/old = {walls[-1]:.3f} wall, {cpus[-1]:.3f} CPU"
            )
        print(
            f"compare at once, {how}: median new/old = {statistics.median(walls):.3f} in wall time, "
            f"{statistics.median(cpus):.3f} in CPU time ({rounds} rounds)"
        )


def parse_floor(folder: Path) -> tuple[float, float]:
    """(wall, CPU) seconds to read every notebook under `folder` and decode its JSON with the grader's
    parser, in one process. The CPU time is the fairer comparison on a machine shared with other work."""
    from course.exercises.record_reader import _loads

    paths = sorted(folder.rglob("*.ipynb"))
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths:
        _loads(path.read_bytes())
    return time.perf_counter() - started, time.process_time() - cpu


def floor_ratios(
    submissions: Path,
    out: Path,
    definitions: Path,
    jobs: int | None,
    rounds: int,
    first: tuple[dict, float, float],
) -> None:
    """The grader's time over the parse floor, each grading run paired with a floor measured right after it,
    `rounds` pairs in all (the first given), and their median. This machine's speed drifts by a third within
    minutes: a grading run and a floor measured apart can differ by that much for no fault of the grader."""
    import statistics

    pairs = [first]
    while len(pairs) < rounds:
        grade = time_grade(submissions, out, definitions, jobs)
        pairs.append((grade, *parse_floor(submissions)))
    walls = [grade["wall"] / floor for grade, floor, _ in pairs]
    cpus = [grade["cpu"] / floor_cpu for grade, _, floor_cpu in pairs]
    print(
        f"grader/floor, {len(pairs)} pairs (grading run, then the floor): "
        + ", ".join(f"{grade['wall']:.2f}/{floor:.2f} s" for grade, floor, _ in pairs)
        + f"; in wall time {' '.join(f'{r:.1f}x' for r in walls)} (median {statistics.median(walls):.1f}x), "
        f"in CPU time median {statistics.median(cpus):.1f}x"
    )


def start_up(command: list[str], repeat: int = 5, tree: Path = ROOT) -> tuple[float, float]:
    """Best (wall, CPU) seconds of running `python -m course <command>` from `tree` in a fresh process."""
    best_wall = best_cpu = float("inf")
    env = tree_env(tree)
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "course", *command], capture_output=True, check=False, cwd=tree, env=env)
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        best_wall, best_cpu = min(best_wall, wall), min(best_cpu, cpu)
    return best_wall, best_cpu


def compare_start_up(commands: dict[str, list[str]], other: Path, rounds: int) -> None:
    """Each command from this tree and `other`, alternately, `rounds` runs each: the best and the median of
    each, with new/old ratios (a start-up of a few tenths of a second varies by more than its changes here)."""
    import statistics

    trees = {"old": other.resolve(), "new": ROOT}
    for label, command in commands.items():
        runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
        for round_ in range(rounds):
            for name in ("old", "new") if round_ % 2 == 0 else ("new", "old"):
                runs[name].append(start_up(command, 1, trees[name]))
        best = {name: (min(w for w, _ in r), min(c for _, c in r)) for name, r in runs.items()}
        middle = {name: statistics.median(w for w, _ in r) for name, r in runs.items()}
        (old_wall, old_cpu), (new_wall, new_cpu) = best["old"], best["new"]
        print(
            f"start-up compare, {label} (best of {rounds}): old {old_wall:.3f} s wall, {old_cpu:.3f} s CPU; "
            f"new {new_wall:.3f} s wall, {new_cpu:.3f} s CPU; new/old {new_wall / old_wall:.2f} wall, "
            f"{new_cpu / old_cpu:.2f} CPU; medians old {middle['old']:.3f} s, new {middle['new']:.3f} s wall"
        )


def compile_bytecode(*trees: Path) -> None:
    """Byte-compile each tree's package, as an install does, so start-up figures do not include compiling."""
    for tree in trees:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "course")], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--sample", type=int, default=5, help="notebooks to execute with nbclient")
    parser.add_argument("--jobs", type=int, default=None, help="grader worker processes (default: all cores)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--compare", type=Path, metavar="TREE", help="another checkout to time side by side")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="runs of each tree with --compare, and grading runs each paired with a parse floor (default 3)",
    )
    args = parser.parse_args()

    from course.exercises.definitions import configured_definitions, load_bank

    work = Path(tempfile.mkdtemp(prefix="grading-benchmark-"))
    home = work / "home"
    os.environ["MLOPS_COURSE_HOME"] = str(home)
    os.environ["MLOPS_COURSE_CACHE"] = str(work / "cache")  # the kit's cache (course.disk_cache), warm after a run
    compile_bytecode(ROOT, *([args.compare] if args.compare else []))
    os.environ.pop("MLOPS_COURSE_LEARNER", None)
    try:
        sources = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
        definitions = configured_definitions()
        if not sources:
            print("note: solutions/ has no notebooks yet; using synthetic notebooks over the test fixture bank")
            os.environ["MLOPS_COURSE_EXERCISES"] = str(FIXTURES)
            definitions = FIXTURES
            (work / "sources").mkdir()
            sources = synthetic_sources(work / "sources")
        bank = load_bank(definitions)
        submissions = work / "submissions"
        made = time.perf_counter()
        size = make_submissions(sources, bank, args.files, submissions)
        print(
            f"made {args.files} submissions from {len(sources)} notebooks "
            f"({size / args.files / 1024:.0f} KB each on average) in {time.perf_counter() - made:.1f} s"
        )

        os.sync()  # the grader should not pay for writing back the files just generated
        if args.compare:
            compare(submissions, work / "compare", definitions, args.jobs, args.compare, args.rounds)
        grade = time_grade(submissions, work / "out", definitions, args.jobs)
        per_file = grade["wall"] / args.files
        print(
            f"grade: {args.files} files in {grade['wall']:.2f} s = {args.files / grade['wall']:,.0f} files/s "
            f"on {os.cpu_count()} cores (exit status {grade['status']}; CPU time {grade['cpu']:.1f} s)"
        )
        print(
            f"grade peak memory: largest process {grade['maxrss_kb'] / 1024:.0f} MB; "
            f"all grader processes together {grade['peak_total_kb'] / 1024:.0f} MB (PSS, sampled)"
        )

        floor, floor_cpu = parse_floor(submissions)
        print(
            f"parse floor: reading and decoding the same {args.files} files takes {floor:.2f} s in one process "
            f"(CPU {floor_cpu:.2f} s); the grader takes {grade['wall'] / floor:.1f}x that in wall time, "
            f"{grade['cpu'] / floor_cpu:.1f}x in CPU time over all its processes"
        )
        floor_ratios(submissions, work / "out", definitions, args.jobs, args.rounds, (grade, floor, floor_cpu))
        again = time_grade(submissions, work / "out", definitions, args.jobs, again=True)
        print(
            f"grade again into the same --out (nothing changed): {again['wall']:.2f} s "
            f"(CPU {again['cpu']:.1f} s); every other grading run here starts from an empty --out"
        )
        wall, cpu = start_up(["grade", "--help"])
        print(f"start-up: `mlops-course grade --help` takes {wall:.2f} s (CPU {cpu:.2f} s)")
        one = next(submissions.rglob("*.ipynb"))
        grade_one = ["grade", str(one), "--out", str(work / "one"), "--key", str(definitions)]
        wall, cpu = start_up(grade_one)
        print(f"start-up: grading one notebook, every output written, takes {wall:.2f} s (CPU {cpu:.2f} s)")
        with_cache = os.environ.pop("MLOPS_COURSE_CACHE")
        os.environ["MLOPS_COURSE_CACHE"] = "off"
        wall, cpu = start_up(grade_one)
        print(f"start-up: the same with the cache off (a first run) takes {wall:.2f} s (CPU {cpu:.2f} s)")
        os.environ["MLOPS_COURSE_CACHE"] = with_cache
        if args.compare:
            compare_start_up(
                {"grade --help": ["grade", "--help"], "grading one notebook": grade_one},
                args.compare,
                max(args.rounds, 20),
            )
        if args.sample < 1:
            return
        sample_dir = work / "sample"
        sample_dir.mkdir()
        seconds = []
        for index in range(args.sample):
            source = sources[index % len(sources)]
            target = sample_dir / f"{index:02d}_{source.name}"
            shutil.copy(source, target)
            seconds.append(execute(target))
        nbclient_per_file = sum(seconds) / len(seconds)
        print(f"nbclient: {len(seconds)} notebooks executed, {nbclient_per_file:.2f} s per file")
        print(f"ratio: static grading is {nbclient_per_file / per_file:,.0f} times faster per file than executing")
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
