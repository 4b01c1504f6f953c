"""`mlops-course grade`: grade submitted notebooks statically into a folder of reports."""

from __future__ import annotations

import argparse
from pathlib import Path

from course.commands.arguments import positive_number, positive_whole_number, writable_folder
from course.errors import CourseUsageError

DESCRIPTION = """\
Grade submitted notebooks from the answers recorded in them. Nothing in a
submission is run or imported; answers are scored by the course's own scorer.

The grader recognises how the files arrived, prints what it detected and how it
names learners, and credits each learner, from where their files came from,
for their own exercise notebooks only (exercises/ in a copy of the course; never
solutions/, notebooks/, tests/ or checkpoints; a solution notebook is never
credited to anyone and is named in integrity.csv).

Outputs in DIR (each written atomically; the same input gives identical files):
gradebook.csv, scores.csv, errors.csv (kind: error or notice), integrity.csv,
canvas.csv, feedback/<learner>.html, report.html; with --roster also missing.csv
(and moodle.csv for a Moodle grading worksheet)."""

EPILOG = """\
One recipe per layout (no flags needed; add --roster to send grades back):
  Canvas "Download submissions" (folder or zip; learner = Canvas user id):
    mlops-course grade submissions.zip --out grades --roster gradebook-export.csv
  Moodle assignment download (learner = participant id):
    mlops-course grade moodle-download/ --out grades --roster grading-worksheet.csv
  nbgrader course root or its submitted/ (learner = student folder):
    mlops-course grade course-root/ --out grades
  GitHub Classroom clones (learner = repository minus the assignment prefix):
    mlops-course grade raci-submissions/ --out grades   (as gh classroom clone makes it)
  JupyterHub homes (learner = <user> of jupyter-<user> when most homes are so, else the home):
    mlops-course grade /home --out grades        (or /home/*/mlops-course/exercises)
  A folder per learner (learner = folder name):
    mlops-course grade by-learner/ --out grades
  Single files (learner = the id recorded with the answers):
    mlops-course grade alice_04_raci_model.ipynb --out grades
  Anything else: --learner-pattern 'REGEX' with a group (?P<learner>...), searched
  in each file's full path as given; a file it does not match is an error row.

The id recorded with the answers is a cross-check: when it differs from where the
file came from, integrity.csv says so, and the grade goes to the folder's learner.
A PATH's layout is what most of its learners' places say: a file that does not fit
it is an error row, never credited by the id recorded in it. A file reachable from
two learners' places (a link) is credited to neither; platform folders nested by
hand credit the outer one and are named in integrity.csv.

Several files for one learner and notebook: the file with the notebook's own name
beats a JupyterLab '-CopyN' duplicate, then the later Canvas upload, then the
newest file; the others are notices in errors.csv.

--roster FILE: a Canvas gradebook export, a Moodle grading worksheet or a CSV
with id,name,email,section. Learners not on it are errors; roster learners with
no submission are listed in missing.csv. canvas.csv is then the export's own
columns (ID, SIS ids, Section, assignment columns with their ids) with scores.

Hand marking: every run writes marking.csv, one row per learner and reflection
with a rubric (the text, a text_hash, an empty column per criterion, a comment).
Fill the marks in a spreadsheet and run again with --marks marking.csv: each
reflection is then worth its rubric's maximum and earns the sum of its criterion
marks; unmarked ones say 'awaiting marking'. Bad rows are errors in errors.csv.

An answer given to an older version of an exercise is graded against that
version when the definitions keep it (archive/ folder), else against the current
version with a note in scores.csv.

Exit status: 0 every file graded (notices and integrity findings allowed),
1 errors.csv lists an error (all outputs are still written), 2 usage error."""


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "grade",
        help="grade submitted notebooks statically (nothing is executed)",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="notebooks, folders or .zip archives to grade")
    parser.add_argument("--out", required=True, metavar="DIR", help="folder for the outputs (created if needed)")
    parser.add_argument(
        "--key",
        metavar="FILE",
        help="instructor-held definitions (a YAML file or folder, same format as the course's) "
        "to grade against instead of the shipped ones (default: $MLOPS_COURSE_EXERCISES, else shipped)",
    )
    parser.add_argument(
        "--learner-pattern",
        metavar="REGEX",
        help="regular expression with a group (?P<learner>...), searched in each file's full path as given; "
        "names learners instead of the layout (still only their own exercise notebooks count); a file it does not match is an error",
    )
    parser.add_argument(
        "--marks",
        metavar="FILE",
        help="a filled-in marking.csv: merge the hand marks of the reflections into every output",
    )
    parser.add_argument(
        "--roster",
        metavar="FILE",
        help="class list: a Canvas gradebook export, a Moodle grading worksheet or a CSV with id,name,email,section",
    )
    parser.add_argument(
        "--max-size",
        type=positive_number,
        default=25.0,
        metavar="MB",
        help="refuse notebooks larger than this (default 25)",
    )
    parser.add_argument(
        "--policy",
        metavar="POLICY",
        help="which recorded answer counts: final (the final answer), first (the answer at the first Check) or "
        "penalty:X (the final answer less X of the exercise's points per attempt after the first, floored at 0); "
        "default: the course config's grading.policy (course.yaml beside the definitions folder), else final",
    )
    parser.add_argument(
        "--feedback-answers",
        choices=("yes", "no"),
        default="yes",
        help="whether the feedback pages show the right answers and full explanations (default yes: pages go "
        "out after the deadline; no shows each learner only what they answered and the feedback on it)",
    )
    parser.add_argument(
        "--jobs", type=positive_whole_number, default=None, metavar="N", help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--progress", action="store_true", default=None, help="show a progress bar even when not on a terminal"
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.datafile import DataFileError
    from course.exercises.definitions import configured_definitions, holds_keys
    from course.exercises.policy import PolicyError, course_grading, parse_policy
    from course.grading.discover import Limits
    from course.grading.identify import compile_pattern
    from course.grading.run import GradeRequest, grade

    definitions = Path(args.key) if args.key else configured_definitions()
    if not definitions.exists():
        raise CourseUsageError(f"--key {definitions}: no such file or folder")
    if not holds_keys(definitions):
        raise CourseUsageError(NEEDS_KEYS.format(where=f"--key {args.key}" if args.key else "this course package"))
    try:
        configured = course_grading(definitions)
        policy = parse_policy(args.policy) if args.policy is not None else configured.policy
    except PolicyError as err:
        raise CourseUsageError(f"--policy {args.policy}: {err}") from err
    except DataFileError as err:
        raise CourseUsageError(f"the course config cannot be used: {err}") from err
    roster = Path(args.roster) if args.roster else None
    if roster is not None and not roster.is_file():
        raise CourseUsageError(f"--roster {args.roster}: no such file")
    marks = Path(args.marks) if args.marks else None
    if marks is not None and not marks.is_file():
        raise CourseUsageError(f"--marks {args.marks}: no such file")
    out = writable_folder(Path(args.out), "--out")  # after every other check: a bad call creates nothing
    try:
        compile_pattern(args.learner_pattern)
        limits = Limits(max_bytes=int(args.max_size * 1024 * 1024))
        request = GradeRequest(
            tuple(args.paths),
            out,
            definitions,
            args.learner_pattern,
            limits,
            args.jobs,
            args.progress,
            roster,
            marks,
            policy,
            args.feedback_answers == "yes",
            configured.practice,
        )
        summary = grade(request)
    except DataFileError as err:
        raise CourseUsageError(f"the definitions cannot be used: {err}") from err
    for line in summary.detected:
        print(line)
    print(f"Grading policy: {policy.name}; practice notebooks: {configured.practice.describe()}.")
    print(
        f"Graded {summary.files - summary.failed - len(summary.skipped)} of {summary.files} files "
        f"for {summary.learners} learner{'s' if summary.learners != 1 else ''} into {out}."
    )
    for label, reason in summary.skipped:
        print(f"Skipped {label}: {reason}.")
    if summary.problems or summary.notices:
        print(
            f"{_count(summary.problems, 'error')} and {_count(summary.notices, 'notice')} listed in {out / 'errors.csv'}."
        )
    if summary.findings:
        print(f"{_count(summary.findings, 'integrity finding')} listed in {out / 'integrity.csv'} (grades unchanged).")
    if summary.reviewed_items:
        print(
            f"Review first tries for {_count(summary.reviewed_items, 'item')}: retention at 1, 3 and 7 days in "
            f"{out / 'retention.csv'} (no grade depends on it)."
        )
    if summary.missing:
        print(f"No submission from {_count(len(summary.missing), 'learner')} on the roster (missing.csv):")
        for entry in summary.missing[:20]:
            print(f"  {entry.id}  {entry.name}")
        if len(summary.missing) > 20:
            print(f"  ... and {len(summary.missing) - 20} more")
    return summary.exit_status


NEEDS_KEYS = (
    "grading needs the instructor's exercise definitions, with their answer keys, and {where} is the "
    "learner edition's, which holds none. Pass the instructor's with --key, for example "
    "`mlops-course grade submissions/ --out grades --key INSTRUCTOR-REPO/course/data/exercises` "
    "(a folder of definition files or one file), or run the grader in the instructor's copy of the course"
)


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' if number != 1 else ''}"
