"""One base for the kit's errors: each carries the exit status the command line ends with.

A command raises; `course.cli.main` prints `mlops-course COMMAND: message` once and
exits with the error's `exit_code`. Errors that are also a `ValueError` or an
`OSError` stay one, so callers that catch those keep working.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What `mlops-course` exits with."""

    OK = 0
    FAILED = 1
    """The command ran and found something wrong (a stale release, a file that could not be read)."""
    USAGE = 2
    """The command could not run as asked (a missing file, an option out of range, unusable definitions)."""
    INTERRUPTED = 130


class CourseError(Exception):
    """Something the person running the kit can act on, said in their terms."""

    exit_code: ExitCode = ExitCode.FAILED


class CourseUsageError(CourseError, ValueError):
    """The command cannot run as asked."""

    exit_code = ExitCode.USAGE
