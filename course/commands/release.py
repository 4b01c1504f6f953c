"""`mlops-course release`: write exercises/ from solutions/ (and check it is current), or the learner edition."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.commands.arguments import writable_folder
from course.errors import CourseUsageError
from course.paths import require_course_root


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "release",
        help="build exercises/ from solutions/ (for course maintainers)",
        description=(
            "Build the learners' exercise notebooks from solutions/: cells tagged 'solution' are removed, "
            "'### BEGIN SOLUTION' ... '### END SOLUTION' regions are replaced by their '### STUB:' lines, "
            "outputs are cleared."
        ),
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 if exercises/ (with --learner: the edition in DIR) is not current",
    )
    parser.add_argument(
        "--execute", action="store_true", help="first re-run notebooks/ and solutions/ to refresh their stored outputs"
    )
    parser.add_argument("--root", type=Path, default=None, help="the course folder (default: found from here)")
    parser.add_argument(
        "--learner",
        type=Path,
        metavar="DIR",
        default=None,
        help="write the learner edition into DIR (new, empty, or a previous edition): lessons, exercises and "
        "the package with sealed practice keys; no solutions/, tests/ or answer keys. Ready to push as its own "
        "repository or branch",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.authoring.release import ReleaseError, plan_release, release
    from course.exercises.definitions import INSTRUCTOR_TOOL, is_learner_edition

    if is_learner_edition():
        raise CourseUsageError(INSTRUCTOR_TOOL.format(command="`mlops-course release`"))
    root = require_course_root(args.root)
    if args.learner is not None:
        if args.execute:
            raise CourseUsageError("--execute refreshes this folder's notebooks: run it without --learner first")
        if args.check:
            return _check_learner_edition(root, args.learner)
        return _learner_edition(root, writable_folder(args.learner, "--learner"))
    try:
        if args.check:
            stale = plan_release(root).changes()
            if stale:
                print("exercises/ is not current; run `mlops-course release`. Out of date:", file=sys.stderr)
                for path in stale:
                    print(f"  {path.relative_to(root)}", file=sys.stderr)
                return 1
            print("exercises/ is current.")
            return 0
        if args.execute:
            from course.authoring.execute import execute_notebook

            for folder in ("notebooks", "solutions"):
                for path in sorted((root / folder).glob("[0-9][0-9]_*.ipynb")):
                    outputs_changed = execute_notebook(path)
                    print(f"ran {path.relative_to(root)}{' (outputs changed)' if outputs_changed else ''}")
        changed = release(root)
    except ReleaseError as err:
        raise ReleaseError(f"release failed: {err}") from err
    for path in changed:
        print(f"wrote {path.relative_to(root)}" if path.exists() else f"removed {path.relative_to(root)}")
    print(f"exercises/ is current ({len(changed)} file(s) changed).")
    return 0


def _check_learner_edition(root: Path, out: Path) -> int:
    from course.authoring.edition import EditionError, stale_files

    try:
        stale = stale_files(root, out)
    except EditionError as err:  # nothing to check there: the call was wrong, not the edition
        raise CourseUsageError(f"--learner {err}") from err
    if stale:
        print(
            f"The learner edition in {out} is not current; run `mlops-course release --learner {out}`.", file=sys.stderr
        )
        for relative in stale:
            print(f"  {relative}", file=sys.stderr)
        return 1
    print(f"The learner edition in {out} is current.")
    return 0


def _learner_edition(root: Path, out: Path) -> int:
    import time

    from course.authoring.edition import SALTS, build_edition

    started = time.perf_counter()
    edition = build_edition(root, out)
    seconds = time.perf_counter() - started
    for relative in edition.removed:
        print(f"removed {relative}")
    for exercise_id in edition.new_salts:
        print(f"new practice-key salt for {exercise_id} in {SALTS}: commit it with the exercise")
    print(
        f"Learner edition in {out}: {len(edition.files)} files, {edition.size / 1e6:.1f} MB, "
        f"{len(edition.written)} written, {len(edition.removed)} removed ({seconds:.1f} s)."
    )
    print("Push it as its own repository or branch; point Binder, nbgitpuller or `mlops-course hub-link` at it.")
    return 0
