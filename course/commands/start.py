"""`mlops-course start`: open the course in JupyterLab at its first notebook.

JupyterLab serves the whole course folder (notebooks/ and exercises/ side by side, so the
lessons' links to the exercises open) and opens notebooks/00_start_here.ipynb in it.
Options it does not know are JupyterLab's (`start --no-browser --port 8899`, or
after `--`), and are passed on unchanged. The kit's Jupyter settings (widget state
saved with the notebook, answers read as a kernel starts, no news pop-up) come with
the install, for plain `jupyter lab` too; `start` only says when they are missing (an
environment installed by an older release). `--dry-run` prints the command quoted for a
POSIX shell, so it can be copied and run even when paths hold spaces.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path

from course.kernel_setting import kernel_setting_in_place
from course.lab_settings import lab_settings_in_place
from course.paths import FIRST_NOTEBOOK, require_course_root

REINSTALL = "python -m pip install -e ."


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "start",
        help="open the course in JupyterLab at its first notebook",
        description="Open the course folder in JupyterLab, at notebooks/00_start_here.ipynb. Any other option is "
        "JupyterLab's and is passed on (see `jupyter lab --help`).",
        usage="mlops-course start [--dry-run] [JUPYTERLAB OPTIONS ...]",
        epilog="Examples:\n  mlops-course start --no-browser --port 8899\n"
        "  mlops-course start -- --ServerApp.ip=127.0.0.1\n  mlops-course start --dry-run",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    parser.set_defaults(handler=run, own_options=OWN_OPTIONS)


OWN_OPTIONS = frozenset({"--dry-run", "-h", "--help"})
"""What `start` reads itself; every other option is JupyterLab's (see `course.cli.split_forwarded`)."""


def lab_options(args: argparse.Namespace) -> list[str]:
    """JupyterLab's options, in the order given (the `--` that may separate them already removed)."""
    return list(getattr(args, "forwarded", []))


def lab_command(root: Path, options: list[str]) -> list[str]:
    """`jupyter lab` serving the course folder and opening its first notebook, with `options` after.

    Jupyter Server makes a file argument's folder the root when no root is given, which would hide
    exercises/ behind notebooks/: the root is therefore named, and the notebook opened inside it.
    """
    return [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={root}", FIRST_NOTEBOOK.as_posix(), *options]


def missing_settings(prefix: str | Path = sys.prefix) -> list[str]:
    """What a learner loses in the environment at `prefix`, one phrase per kit setting it lacks."""
    missing = []
    if not lab_settings_in_place(prefix):
        missing.append("reopened notebooks show 'Error displaying widget' under each exercise until they run")
    if not kernel_setting_in_place(prefix):
        missing.append("kernels read a notebook's saved answers at its first exercise, not as they start")
    return missing


def run(args: argparse.Namespace) -> int:
    root = require_course_root()
    command = lab_command(root, lab_options(args))
    if args.dry_run:
        print(f"cd {shlex.quote(str(root))} && {shlex.join(command)}")
        return 0
    missing = missing_settings()
    if missing:
        print(
            f"Note: this environment lacks the course's Jupyter settings ({'; '.join(missing)}). "
            f"Install the course again to put them in place: {REINSTALL} (in the course folder).",
            file=sys.stderr,
        )
    return subprocess.call(command, cwd=root)
