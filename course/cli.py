"""The `mlops-course` command: one entry point, one small module per subcommand.

Each module in `COMMANDS` offers `register(subparsers)`, which adds its parser
and sets `run(args) -> int` as the handler. Subcommand modules import their
heavy dependencies inside `run`, so `mlops-course --help` stays fast.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

import course

COMMANDS = (
    "course.commands.start",
    "course.commands.release",
    "course.commands.check",
    "course.commands.grade",
    "course.commands.live",
    "course.commands.hub_link",
)

USAGE_ERROR = 2


def build_parser() -> argparse.ArgumentParser:
    """The full parser, with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="mlops-course",
        description="MLOps Roles & Team Structure: open the course, check your answers, grade submissions.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {course.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failures, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return USAGE_ERROR
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
