"""How long the review takes a learner who missed every practice item, and what its nudge adds to `check`.

    python benchmarks/review_benchmark.py [--repeat 5]

In a fresh course home: miss every practice item of the course once (a first check with a wrong answer,
through the same sessions a kernel uses), then time, each the median of `--repeat` runs: the first
review (every miss entered into the FSRS schedule), a review of the next day (the day's items with
their sessions), the nudge (the sync over the course's saved exercise notebooks and the journals, as
`course.progress()` and `mlops-course check` run it), the recall chart (matplotlib already imported),
and `mlops-course check` on a saved notebook with and without the nudge, side by side. Prints figures
only; it asserts nothing (the machines are noisy).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path


def median_ms(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    home = tempfile.mkdtemp(prefix="review-benchmark-")
    os.environ["MLOPS_COURSE_HOME"] = home
    import course
    from course.exercises.definitions import bank
    from course.exercises.journal import Journal
    from course.exercises.session import ExerciseSession
    from course.exercises.type_registry import type_of
    from course.spaced_review import nudge, schedule
    from course.spaced_review.evidence import reviewable

    journal = Journal.for_notebook("exercises/all.ipynb")
    missed = 0
    for exercise in bank():
        wrong = type_of(exercise).wrong_answers(exercise) if reviewable(exercise) else []
        if wrong:
            session = ExerciseSession(exercise, journal)
            session.set_answer(wrong[0].answer)
            session.check()
            missed += 1
    now = datetime.now(UTC)

    def first_review() -> object:
        Path(schedule.schedule_path(None)).unlink(missing_ok=True)
        return course.review(clock=lambda: now)

    print(f"items missed at the first check: {missed}")
    print(f"first review (every miss entered): {median_ms(first_review, args.repeat):.1f} ms")
    later = course.review(clock=lambda: now + timedelta(days=1))
    print(
        f"next day's review ({len(later.items)} items, {later.today.waiting} waiting): "
        f"{median_ms(lambda: course.review(clock=lambda: now + timedelta(days=1)), args.repeat):.1f} ms"
    )
    print(f"nudge (sync + line): {median_ms(nudge.learner_nudge, args.repeat):.1f} ms")
    later.chart()
    print(f"recall chart: {median_ms(later.chart, args.repeat):.1f} ms")
    from course.cli import main as cli

    saved = sorted((Path(__file__).resolve().parent.parent / "solutions").glob("04_*.ipynb"))[0]
    with open(os.devnull, "w") as sink:
        import contextlib

        with contextlib.redirect_stdout(sink):
            with_nudge = median_ms(lambda: cli(["check", str(saved)]), args.repeat)
            original = nudge.learner_nudge
            nudge.learner_nudge = lambda *a, **k: None  # type: ignore[assignment]
            without = median_ms(lambda: cli(["check", str(saved)]), args.repeat)
            nudge.learner_nudge = original
    print(
        f"mlops-course check {saved.name}: {with_nudge:.1f} ms with the nudge, {without:.1f} ms without "
        f"(ratio {with_nudge / without:.2f})"
    )


if __name__ == "__main__":
    main()
