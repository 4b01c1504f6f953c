"""`mlops-course live PATH...`: the class's saved answers, live, on one local page for the projector."""

from __future__ import annotations

import argparse
import sys
import time

from course.commands.arguments import number_between, port_number
from course.errors import CourseUsageError

DEFAULT_PORT = 8765
MIN_INTERVAL = 0.5
MAX_INTERVAL = 3600.0


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "live",
        help="show the class's saved answers live, per exercise, on a local page for the projector",
        description="Re-read the learners' saved notebooks every few seconds (statically, as the grader does; "
        "nothing is run) and serve one page: per exercise, how many answered, how the answers split, and the "
        "top misconception. Learner names stay off the page unless --names is given.",
        epilog="Example: mlops-course live /home --interval 3   then open the address it prints.",
    )
    parser.add_argument(
        "paths", nargs="+", metavar="PATH", help="notebooks, folders of them (one per learner), or zips"
    )
    parser.add_argument(
        "--interval",
        type=number_between(MIN_INTERVAL, MAX_INTERVAL),
        default=5.0,
        metavar="S",
        help=f"seconds between re-reads, {MIN_INTERVAL:g} to {MAX_INTERVAL:g} (default 5)",
    )
    parser.add_argument("--names", action="store_true", help="show who gave each answer (off by default)")
    parser.add_argument("--notebook", action="append", metavar="NN", help="only this notebook's exercises (e.g. 04)")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1, this machine)")
    parser.add_argument(
        "--port", type=port_number, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0 picks one)"
    )
    parser.add_argument("--definitions", metavar="PATH", help="exercise definitions (default: the shipped ones)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.datafile import DataFileError
    from course.exercises.definitions import configured_definitions, load_bank
    from course.grading.discover import check_paths
    from course.live.server import LiveState, is_loopback, serve
    from course.live.tally import ClassReader

    try:
        check_paths(args.paths)
        bank = load_bank(args.definitions or configured_definitions())
    except (DataFileError, ValueError, OSError) as err:
        raise CourseUsageError(str(err)) from err
    notebooks = frozenset(n.zfill(2) for n in args.notebook or ())
    unknown = sorted(notebooks - set(bank.notebooks()))
    if unknown:
        raise CourseUsageError(f"no exercises in notebook {', '.join(unknown)}")
    if not is_loopback(args.host):
        shown = "and who gave them " if args.names else ""
        print(f"Warning: listening on {args.host}: anyone who can reach it sees the answers {shown}.", file=sys.stderr)
    state = LiveState(ClassReader(args.paths, bank, notebooks), interval=args.interval, names=args.names)
    try:
        with serve(state, args.host, args.port) as server:
            host, port = server.server_address[:2]
            shown_host = f"[{host!s}]" if ":" in str(host) else str(host)
            print(
                f"Live answers at http://{shown_host}:{port}/?token={state.token} "
                f"(re-read every {args.interval:g} s; Ctrl+C stops; the token keeps other users of this machine out)"
            )
            sys.stdout.flush()
            while True:
                time.sleep(3600)
    except OSError as err:
        raise CourseUsageError(f"cannot listen on {args.host}:{args.port}: {err}") from err
