"""Checks on the command line's values, so a bad one ends in one clear line and exit status 2.

Each `type=` function here raises `argparse.ArgumentTypeError`, which the kit's parser
(`course.cli.CourseArgumentParser`) prints as one line naming the option; checks that need
the file system (`writable_folder`) raise `CourseUsageError` from the command itself.
"""

from __future__ import annotations

import argparse
import math
import tempfile
from collections.abc import Callable
from pathlib import Path

from course.errors import CourseUsageError


def positive_number(text: str) -> float:
    """A finite number above 0 (`nan` and `inf` are floats to Python, not sizes or durations)."""
    value = _finite(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {text!r}")
    return value


def number_between(low: float, high: float) -> Callable[[str], float]:
    """A `type=` for a finite number from `low` to `high`."""

    def number(text: str) -> float:
        value = _finite(text)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"expected a number from {low:g} to {high:g}, got {text!r}")
        return value

    number.__name__ = "number"  # argparse names the type in its messages
    return number


def _finite(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number, got {text!r}") from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(f"expected a finite number, got {text!r}")
    return value


def positive_whole_number(text: str) -> int:
    """A whole number of 1 or more (a count of worker processes)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {text!r}")
    return value


def port_number(text: str) -> int:
    """A TCP port: 0 (any free one) to 65535."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is from 0 (any free one) to 65535, got {text!r}")
    return value


def writable_folder(path: Path, option: str) -> Path:
    """`path`, when it is a folder this process can write into or can create; else a usage error saying why.

    Checked before any work starts, so a long run does not end in a traceback at its first write.
    Nothing is created: a folder that does not exist yet is judged by the nearest one above it.
    """
    existing = path
    while not existing.exists() and existing.parent != existing:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file" if existing == path else f"{existing} is a file"
        raise CourseUsageError(f"{option} {path}: {what}, not a folder")
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as err:
        reason = err.strerror or str(err)
        where = "write into this folder" if existing == path else f"create a folder in {existing}"
        raise CourseUsageError(f"{option} {path}: cannot {where} ({reason})") from None
    return path
