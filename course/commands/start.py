"""`mlops-course start`: open the course in JupyterLab at its first notebook."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from course.lab_settings import install_lab_settings
from course.paths import FIRST_NOTEBOOK, course_root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("start", help="open the course in JupyterLab at its first notebook")
    parser.add_argument("--dry-run", action="store_true", help="print the command instead of running it")
    parser.add_argument("lab_args", nargs=argparse.REMAINDER, help="further arguments passed to jupyter lab")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    root = course_root()
    if root is None:
        print(
            "Cannot find the course folder (one with notebooks/ and solutions/). "
            "Run this command inside the course folder.",
            file=sys.stderr,
        )
        return 2
    command = [sys.executable, "-m", "jupyter", "lab", str(FIRST_NOTEBOOK), *args.lab_args]
    if args.dry_run:
        print(f"cd {root} && " + " ".join(command))
        return 0
    try:
        install_lab_settings()
    except OSError as err:
        print(
            f"Note: could not install the course's JupyterLab settings ({err}). Turn on "
            "Settings > Save Widget State Automatically, or reopened notebooks show 'model not found' "
            "under each exercise until you run them.",
            file=sys.stderr,
        )
    os.chdir(root)
    return subprocess.call(command)
