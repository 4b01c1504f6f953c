"""`mlops-course check NOTEBOOK...`: your score and progress, read from your saved notebooks.

The answers come from the answer records saved in the files (nothing is run),
and are scored by the same code as the notebook's Check button, through
`progress.summarise`, so the numbers match what the notebook showed. Only what
is saved counts: save the notebook (Ctrl+S) before checking.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from course.errors import CourseUsageError

if TYPE_CHECKING:
    from course.exercises.model import Exercise


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "check",
        help="show score and completion from saved notebooks (nothing is executed)",
        description="Show your score and completion per notebook and across the course, read from the answers "
        "saved in the notebooks. Save your notebooks first: only saved answers count.",
    )
    parser.add_argument("notebooks", nargs="+", metavar="NOTEBOOK", help="saved .ipynb files")
    parser.add_argument(
        "--definitions",
        metavar="PATH",
        help="exercise definitions to score against (default: $MLOPS_COURSE_EXERCISES, else the shipped ones)",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.datafile import DataFileError
    from course.exercises.answered_case import definition_for
    from course.exercises.definitions import configured_definitions, load_bank
    from course.exercises.learner import learner_id
    from course.exercises.notebook_file import notebook_of
    from course.exercises.policy import configured_policy
    from course.exercises.progress import Evidence, format_table, summarise
    from course.exercises.record_reader import ReadError, extract_records, read_untrusted_notebook

    definitions = Path(args.definitions) if args.definitions else configured_definitions()
    try:
        bank = load_bank(definitions)
    except DataFileError as err:
        raise CourseUsageError(f"the exercise definitions cannot be used: {err}") from err
    try:
        policy = configured_policy(definitions)
    except DataFileError as err:
        raise CourseUsageError(f"the course config cannot be used: {err}") from err
    answers: dict[str, tuple[int, object]] = {}
    evidence: dict[str, Evidence] = {}
    versions: dict[str, tuple[Exercise, str]] = {}
    notebooks: set[str] = set()
    recorded: list[str] = []
    failed = 0
    for name in args.notebooks:
        path = Path(name)
        if not path.is_file():
            raise CourseUsageError(f"{name}: no such file")
        try:
            notebook = read_untrusted_notebook(path)
            extracted = extract_records(notebook)
        except ReadError as err:
            print(f"{name}: {err.problem}" + (f" ({err.detail})" if err.detail else ""), file=sys.stderr)
            failed += 1
            continue
        for problem, detail in extracted.problems:
            print(f"{name}: {problem} ({detail})", file=sys.stderr)
        named = notebook_of(path.name, notebook, bank.notebooks())
        if named:
            notebooks.add(named)
        for exercise_id, found in extracted.latest().items():
            if exercise_id not in bank:
                print(f"{name}: answers {exercise_id[:80]}, which these definitions do not have.", file=sys.stderr)
                continue
            notebooks.add(bank.get(exercise_id).notebook)
            recorded.extend([found.record.learner] if found.record.learner else [])
            if found.record.revision >= answers.get(exercise_id, (-1, None))[0]:
                answers[exercise_id] = (found.record.revision, found.record.answer)
                evidence[exercise_id] = Evidence(found.record.attempts, found.record.first_checked)
                # the grader's version and case rule, for the learner whose answers these are
                versions[exercise_id] = definition_for(bank, found, learner_id() or found.record.learner)
    if notebooks:
        progress = summarise(
            bank,
            {k: v for k, (_, v) in answers.items()},
            sorted(notebooks),
            versions,
            policy=policy,
            evidence=evidence,
            learner=learner_id() or (max(set(recorded), key=recorded.count) if recorded else None),
        )
        print(format_table(progress))
        from course.spaced_review.nudge import learner_nudge

        nudge = learner_nudge(notebooks=[Path(name) for name in args.notebooks], journals=False, definitions=bank)
        if nudge:
            print(nudge)
    elif not failed:
        print(
            "No answers to the course's exercises were found in these files. Save the notebook (Ctrl+S) and try again."
        )
    return 1 if failed else 0
