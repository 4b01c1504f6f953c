"""Points a learner who knows nothing reaches within two Checks, with another revision's bank and Check beside
this one's.

    python benchmarks/blind_play_before_after.py            # main's bank and Check beside the work tree's
    python benchmarks/blind_play_before_after.py --before REV --orders 6

The same blind strategies (`course.authoring.blind_report`: every option ticked, one RACI letter in every
cell in turn, every item in one category, each option in turn, and the adaptive searches that read the
feedback) are played against

- *before*: the practice exercises of REV's definitions (read with `git show`, the notebooks REV has), each
  with the Check REV's practice notebooks had: the exercise's score itself, every part marked and the points
  shown (the learner edition's sealed check showed the same);
- *after*: the practice exercises of the work tree's definitions with today's practice Check.

Under `grading: final` the last answer counts, so an exercise one strategy brings to full marks within two
checks in every order tried gives all its points to blind play. Prints one row per exercise (fewest checks
any strategy needs in its worst order, before and after) and the points per notebook; asserts nothing.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course.authoring.blind_report import MAX_CHECKS, SOLVABLE, Outcome, play_bank, render
from course.authoring.blind_report import figures as notebook_figures
from course.exercises.answers import normalise
from course.exercises.blind_play import Check
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.model import Exercise
from course.exercises.scoring import score
from course.text import format_points

HANDFUL = 5
"""A second threshold: what a few more checks reach."""
ROOT = Path(__file__).resolve().parent.parent
DEFINITIONS = DEFAULT_DEFINITIONS_DIR.relative_to(ROOT).as_posix()


def every_part_marked(exercise: Exercise) -> Check:
    """The Check before a Check showed only what an attempt had earned: the score, every part marked."""
    return lambda answer: score(exercise, normalise(exercise, answer))


def definitions_at(revision: str, into: Path) -> Path:
    """The definition files (and their archive) of a revision, written under `into`."""
    names = subprocess.run(
        ["git", "ls-tree", "-r", "--name-only", revision, DEFINITIONS],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    for name in names:
        if not name.endswith(".yaml"):
            continue
        target = into / Path(name).relative_to(DEFINITIONS)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = subprocess.run(["git", "show", f"{revision}:{name}"], cwd=ROOT, check=True, capture_output=True).stdout
        target.write_bytes(text)
    return into


def fewest(outcomes: list[Outcome]) -> dict[str, tuple[float, str, int | None]]:
    """Per exercise: its notebook, points and the fewest checks any strategy needs in its worst order."""
    found: dict[str, tuple[float, str, int | None]] = {}
    for o in outcomes:
        points, notebook, best = found.get(o.exercise, (o.points, o.notebook, None))
        if o.worst is not None and (best is None or o.worst < best):
            best = o.worst
        found[o.exercise] = (points, notebook, best)
    return found


def checks(n: int | None) -> str:
    return f">{MAX_CHECKS}" if n is None else str(n)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--before", default="main", help="the revision to compare with (default: main)")
    parser.add_argument("--orders", type=int, default=12, help="other orders each strategy is played in")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        before_bank = load_bank(definitions_at(args.before, Path(tmp)))
        played_before = play_bank(before_bank, every_part_marked, args.orders)
    played_after = play_bank(load_bank(), orders=args.orders)
    before, after = fewest(played_before), fewest(played_after)
    luck = {
        side: sum(f.expected for f in notebook_figures(o))
        for side, o in ((args.before, played_before), ("now", played_after))
    }
    rows = []
    for exercise in sorted({*before, *after}):
        b, a = before.get(exercise), after.get(exercise)
        points = (a or b)[0]  # type: ignore[index]
        rows.append(
            [
                exercise,
                format_points(points),
                "-" if b is None else checks(b[2]),
                "-" if a is None else checks(a[2]),
            ]
        )
    print(render(["exercise", "points", f"checks blind ({args.before})", "checks blind (now)"], rows, False))
    print()
    notebooks = sorted({v[1] for v in (*before.values(), *after.values())})
    limits = (SOLVABLE, HANDFUL)
    header = ["notebook", "practice points"] + [
        f"within {n} checks ({side})" for side in (args.before, "now") for n in limits
    ]
    figures = []
    for number in [*notebooks, "all"]:
        row = [number]
        for i, side in enumerate((before, after)):
            mine = [v for v in side.values() if number in ("all", v[1])]
            if i == 0:
                row.append(format_points(sum(v[0] for v in mine)))
            row += [format_points(sum(v[0] for v in mine if v[2] is not None and v[2] <= n)) for n in limits]
        figures.append(row)
    print(render(header, figures, False))
    print()
    for side, found in ((args.before, before), ("now", after)):
        total = sum(v[0] for v in found.values())
        within = sum(v[0] for v in found.values() if v[2] is not None and v[2] <= SOLVABLE)
        print(
            f"{side}: {format_points(within)} of {format_points(total)} practice points ({within / total:.0%}) "
            f"reachable blind within {SOLVABLE} checks under grading: final (in every order tried); "
            f"{format_points(luck[side], 1)} on average with luck (the best strategy's share of orders)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
