"""How long the learner edition's practice check takes per exercise, beside the instructor's score.

    python benchmarks/practice_check_benchmark.py

For every shipped exercise: the key as an answer, scored by `score` on the instructor's
definition and by the practice check on the learner edition's (sealed) definition, in
microseconds per call (best of five runs). Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.edition_data import learner_exercise
from course.exercises.scoring import score
from course.exercises.type_registry import type_of
from tests.test_practice_keys import key_answer

SALT = "00" * 16


def per_call(function: object, number: int = 200) -> float:
    timer = timeit.Timer(function)  # type: ignore[arg-type]
    return min(timer.repeat(repeat=5, number=number)) / number * 1e6


def main() -> None:
    print(f"{'exercise':28} {'type':16} {'score µs':>9} {'practice µs':>12} {'ratio':>6}")
    totals = [0.0, 0.0]
    for exercise in load_bank():
        if not type_of(exercise).scored:
            continue
        answer = normalise(exercise, key_answer(exercise))
        learner = learner_exercise(exercise, SALT)
        plain = per_call(lambda e=exercise, a=answer: score(e, a))
        sealed = per_call(lambda e=learner, a=answer: score(e, a))
        totals[0] += plain
        totals[1] += sealed
        print(f"{exercise.id:28} {exercise.type:16} {plain:9.1f} {sealed:12.1f} {sealed / plain:6.1f}")
    print(f"{'all':45} {totals[0]:9.1f} {totals[1]:12.1f} {totals[1] / totals[0]:6.1f}")


if __name__ == "__main__":
    main()
