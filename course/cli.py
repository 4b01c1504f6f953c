"""The `mlops-course` command: one entry point, one small module per subcommand.

Each module in `AUDIENCES` offers `register(subparsers)`, which adds its parser
and sets `run(args) -> int` as the handler. Subcommand modules import their
heavy dependencies inside `run`, so `mlops-course --help` stays fast. The help
lists the commands by who uses them, so a learner is not handed the
maintainers' tools first. A command that passes options on to another program
(`start` to JupyterLab) sets the default `own_options` to the options it reads
itself; every other word after the command (and all after `--`) reaches it, in
order, as `args.forwarded`.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

import course
from course.errors import CourseError, ExitCode

AUDIENCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("For learners", ("course.commands.start", "course.commands.check")),
    (
        "For instructors and graders",
        ("course.commands.live", "course.commands.grade", "course.commands.slides", "course.commands.hub_link"),
    ),
    ("For maintainers of the course", ("course.commands.release",)),
)
COMMANDS = tuple(name for _, names in AUDIENCES for name in names)

EXAMPLES = """\
Examples:
  mlops-course start                              open the course in JupyterLab
  mlops-course start --no-browser --port 8899     ... with JupyterLab's own options
  mlops-course check exercises/*.ipynb            your score, from your saved notebooks
  mlops-course grade submissions/ --out grades/   grade a class's notebooks (nothing is run)
  mlops-course live /home --notebook 04           the class's answers, live, for the projector
  mlops-course slides --out slides/               lesson decks and PDF handouts that work offline
  mlops-course release --check                    is exercises/ up to date with solutions/?

Run `mlops-course COMMAND --help` for a command's options."""

USAGE_ERROR = ExitCode.USAGE


class CourseArgumentParser(argparse.ArgumentParser):
    """argparse, with a usage error said in one line (naming the option and where help is) and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(int(USAGE_ERROR), f"{self.prog}: {message} (see `{self.prog} --help`)\n")


def command_module(command: str) -> str:
    """The module that registers `command`: `course.commands.<command>`, with `-` written `_`."""
    return f"course.commands.{command.replace('-', '_')}"


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The full parser, with every subcommand registered and listed by audience in the help.

    Given a `command`, only its module is imported and registered: a grading run need not load what
    `start` or `slides` import, and the help that lists every command is not shown then."""
    parser = CourseArgumentParser(
        prog="mlops-course",
        usage="mlops-course COMMAND [options]",
        description="MLOps Roles & Team Structure: open the course, check your answers, grade submissions.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {course.__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", help=argparse.SUPPRESS, prog=parser.prog)
    modules = COMMANDS
    if command and command_module(command) in COMMANDS:
        modules = (command_module(command),)
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as err:
            if err.name != name:
                raise
            _register_absent(subparsers, name)  # the learner edition leaves the instructor's tools out
            continue
        module.register(subparsers)
    helps = {action.dest: action.help or "" for action in subparsers._choices_actions}
    by_module: dict[str, list[str]] = {}
    for command, subparser in subparsers.choices.items():
        by_module.setdefault(_module_of(subparser), []).append(command)
    width = max(map(len, helps)) + 2
    groups = []
    for title, modules in AUDIENCES:
        lines = [f"  {c.ljust(width)}{helps.get(c, '')}" for module in modules for c in by_module.get(module, [])]
        groups.append(f"{title}:\n" + "\n".join(lines))
    parser.epilog = "\n\n".join([*groups, EXAMPLES])
    parser.set_defaults(commands=subparsers.choices)
    return parser


def split_forwarded(parser: argparse.ArgumentParser, argv: list[str]) -> tuple[list[str], list[str]]:
    """(words for our parser, words passed on) for a command that forwards options; else (argv, [])."""
    position = next((i for i, word in enumerate(argv) if not word.startswith("-")), None)
    if position is None:
        return argv, []
    command = parser.get_default("commands").get(argv[position])
    own_options = command.get_default("own_options") if command is not None else None
    if own_options is None:
        return argv, []
    own, forwarded = argv[: position + 1], []
    rest = argv[position + 1 :]
    for index, word in enumerate(rest):
        if word == "--":
            forwarded.extend(rest[index + 1 :])
            break
        (own if word in own_options else forwarded).append(word)
    return own, forwarded


ABSENT = (
    "`mlops-course {command}` is an instructor's tool and this is the learner edition, which leaves it out; "
    "run it in the instructor's copy of the course{why}"
)
WHY_ABSENT = {"grade": " (it grades against the instructor's exercise definitions, which hold the answer keys)"}


def _register_absent(subparsers: Any, module: str) -> None:
    """A command whose module this installation does not ship: it says so, in one line, and exits 2."""
    command = module.rsplit(".", 1)[-1].replace("_", "-")

    def absent(_args: argparse.Namespace) -> int:
        print(
            f"mlops-course {command}: {ABSENT.format(command=command, why=WHY_ABSENT.get(command, ''))}.",
            file=sys.stderr,
        )
        return int(USAGE_ERROR)

    absent.__module__ = module
    parser = subparsers.add_parser(command, help="(instructor's copy only)", add_help=False, prefix_chars="\0")
    parser.add_argument("rest", nargs=argparse.REMAINDER)
    parser.set_defaults(handler=absent)


def _module_of(subparser: argparse.ArgumentParser) -> str:
    handler = subparser.get_default("handler")
    return getattr(handler, "__module__", "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failures, 2 usage error)."""
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words[0] if words else None)
    own, forwarded = split_forwarded(parser, words)
    args = parser.parse_args(own)
    args.forwarded = forwarded
    if not getattr(args, "handler", None):
        parser.print_help()
        return USAGE_ERROR
    try:
        return int(args.handler(args) or 0)
    except CourseError as err:  # the one place a command's error is printed
        print(f"mlops-course {args.command}: {err}", file=sys.stderr)
        return int(err.exit_code)
    except OSError as err:  # the file system said no (a full disk, a folder gone): one line, not a traceback
        where = f" ({err.filename})" if getattr(err, "filename", None) else ""
        print(f"mlops-course {args.command}: {err.strerror or err}{where}", file=sys.stderr)
        return int(ExitCode.FAILED)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
