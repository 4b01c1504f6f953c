"""`mlops-course start`: open the course in JupyterLab at its first notebook.

JupyterLab serves the whole course folder (notebooks/ and exercises/ side by side, so the
lessons' links to the exercises open) and opens notebooks/00_start_here.ipynb in it.

Options it does not know are JupyterLab's (`start --no-browser --port 8899`, or
after `--`), and are passed on unchanged. JupyterLab also reads the kit's
`jupyter-config/` folder (first on JUPYTER_CONFIG_PATH), which switches off the
"get notified about Jupyter news" question. Kernels read the kit's IPython setting
from the environment instead (see `course.kernel_setting`), which `start` puts in
place where an editable install skipped it. `--dry-run` prints the command
quoted for a POSIX shell, so it can be copied and run even when paths hold spaces.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path

from course.kernel_setting import install_kernel_setting, kernel_setting_target
from course.lab_settings import install_lab_settings
from course.paths import FIRST_NOTEBOOK, require_course_root

CONFIG_FOLDER = "jupyter-config"
CONFIG_ENV = "JUPYTER_CONFIG_PATH"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "start",
        help="open the course in JupyterLab at its first notebook",
        description="Open the course in JupyterLab at notebooks/00_start_here.ipynb. Any other option is "
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


def lab_environment(root: Path, base: dict[str, str]) -> dict[str, str]:
    """`base` with the kit's jupyter-config/ first on JUPYTER_CONFIG_PATH (when the folder exists)."""
    env = dict(base)
    folder = root / CONFIG_FOLDER
    if folder.is_dir():
        env[CONFIG_ENV] = os.pathsep.join(p for p in (str(folder), base.get(CONFIG_ENV, "")) if p)
    return env


def run(args: argparse.Namespace) -> int:
    root = require_course_root()
    command = lab_command(root, lab_options(args))
    env = lab_environment(root, dict(os.environ))
    if args.dry_run:
        # An assignment must stay a word the shell sees as one: NAME=quoted-value, never 'NAME=value'.
        setting = f"{CONFIG_ENV}={shlex.quote(env[CONFIG_ENV])} " if CONFIG_ENV in env else ""
        print(f"cd {shlex.quote(str(root))} && {setting}{shlex.join(command)}")
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
    note_kernel_setting()
    return subprocess.call(command, env=env, cwd=root)


def note_kernel_setting() -> None:
    """Install the kit's kernel setting, or say on stderr what a learner loses without it."""
    try:
        installed = install_kernel_setting()
    except OSError as err:
        problem = f"could not install the course's kernel setting ({err})"
    else:
        if installed is not None:
            return
        problem = f"{kernel_setting_target()} holds another kernel setting, left as it is"
    print(
        f"Note: {problem}. Kernels then read a notebook's saved answers at its first exercise, not as "
        "they start: keep the answer journal (the course home folder) when renaming or moving notebooks.",
        file=sys.stderr,
    )
