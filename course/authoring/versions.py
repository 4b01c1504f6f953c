"""Every version of a question learners have answered stays gradable.

An answer record carries the fingerprint of the question it answered (what the
learner saw). When an exercise is reworded, answers already in learners'
notebooks still point at the old wording; the grader finds that version in
`course/data/exercises/archive/` and grades them against it. Forgetting to copy
the old version there would turn those answers into "unknown version" rows.

`released.json` lists every fingerprint that has been released, per exercise,
and the ids of exercises taken out of the course. The check fails when a current
question is not listed (it was reworded: archive the old version, then update)
and when a listed version can no longer be found (an archive copy was lost).

    python -m course.authoring.versions           # add the current fingerprints to released.json
    python -m course.authoring.versions --check   # exit 1 naming what is missing
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from course.atomic import write_text_atomic
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, ExerciseBank, load_bank

RELEASED_FILE = "released.json"


def manifest_path(definitions: Path = DEFAULT_DEFINITIONS_DIR) -> Path:
    return definitions / RELEASED_FILE


def read_manifest(path: Path) -> tuple[dict[str, list[str]], list[str]]:
    """Released fingerprints per exercise id, and the retired ids."""
    if not path.exists():
        return {}, []
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: list(v) for k, v in data.get("released", {}).items()}, list(data.get("retired", []))


def problems(bank: ExerciseBank, released: dict[str, list[str]], retired: list[str]) -> list[str]:
    """What breaks the rule, one sentence each (empty when every released version is gradable)."""
    found = []
    for exercise in bank:
        if exercise.fingerprint not in released.get(exercise.id, []):
            found.append(
                f"{exercise.id}: the question learners see changed (fingerprint {exercise.fingerprint} is not "
                f"released yet). Copy its previous definition into archive/, then run "
                f"`python -m course.authoring.versions` to release the new one."
            )
    for exercise_id, fingerprints in released.items():
        if exercise_id in retired:
            continue
        if exercise_id not in bank:
            found.append(f"{exercise_id}: no longer defined; add it to `retired` in {RELEASED_FILE} if that is meant")
            continue
        for fingerprint in fingerprints:
            if bank.version(exercise_id, fingerprint) is None:
                found.append(
                    f"{exercise_id}: released version {fingerprint} is neither current nor in archive/, so "
                    f"answers given to it cannot be graded"
                )
    return found


def release_current(bank: ExerciseBank, path: Path) -> bool:
    """Add the current fingerprints to the manifest; True when it changed."""
    released, retired = read_manifest(path)
    before = json.dumps(released, sort_keys=True)
    for exercise in bank:
        versions = released.setdefault(exercise.id, [])
        if exercise.fingerprint not in versions:
            versions.append(exercise.fingerprint)
    if json.dumps(released, sort_keys=True) == before and path.exists():
        return False
    text = json.dumps({"released": dict(sorted(released.items())), "retired": sorted(retired)}, indent=1) + "\n"
    write_text_atomic(path, text)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 naming what is missing")
    parser.add_argument("--definitions", type=Path, default=DEFAULT_DEFINITIONS_DIR)
    args = parser.parse_args(argv)
    from course.exercises.definitions import INSTRUCTOR_TOOL, is_learner_edition

    if is_learner_edition():
        print(INSTRUCTOR_TOOL.format(command="`python -m course.authoring.versions`") + ".", file=sys.stderr)
        return 2
    bank = load_bank(args.definitions)
    path = manifest_path(args.definitions)
    if args.check:
        found = problems(bank, *read_manifest(path))
        for line in found:
            print(line, file=sys.stderr)
        return 1 if found else 0
    print(("updated " if release_current(bank, path) else "unchanged: ") + str(path))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
