"""`mlops-course slides [NN...] --out DIR`: the lesson decks and PDF handouts, working without internet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course.commands.arguments import writable_folder
from course.errors import CourseUsageError
from course.paths import require_course_root


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "slides",
        help="build the lesson slide decks and PDF handouts into a folder that works offline",
        description="Build each lesson's reveal.js deck with a copy of reveal.js beside it (relative links, "
        "nothing loaded from the internet) and print a PDF handout per lesson with headless Chromium or Chrome. "
        "reveal.js is the npm package at a pinned version: found where npm installed it (the course folder's "
        "node_modules/ or .ci-node/), else fetched once with npm into your cache folder.",
        epilog="Examples: mlops-course slides --out slides/      mlops-course slides 03 04 --out slides/ --theme dark",
    )
    parser.add_argument("lessons", nargs="*", metavar="NN", help="lesson numbers (e.g. 03) or notebooks; default all")
    parser.add_argument("--out", type=Path, default=Path("slides"), help="folder to write (default: slides/)")
    parser.add_argument(
        "--theme", choices=("light", "dark"), default="light", help="light (default) or dark, for a dim room"
    )
    parser.add_argument("--no-handouts", action="store_true", help="decks only: print no PDF handouts")
    parser.add_argument("--browser", metavar="PATH", help="Chromium or Chrome to print with (default: found on PATH)")
    parser.add_argument("--reveal-js", type=Path, metavar="DIR", help="an unpacked reveal.js npm package to use")
    parser.add_argument("--root", type=Path, default=None, help="the course folder (default: found from here)")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.slides import build_slides, select_lessons
    from course.slides.handout import find_browser
    from course.slides.reveal import find_reveal

    root = require_course_root(args.root)
    try:
        lessons = select_lessons(root, args.lessons)
    except ValueError as err:
        raise CourseUsageError(str(err)) from err
    writable_folder(args.out, "--out")  # before reveal.js, which may be fetched with npm: refuse at once
    reveal = find_reveal(args.reveal_js)  # a RevealError is printed by the command line, exit 1
    browser = None if args.no_handouts else find_browser(args.browser)
    status = 0
    if browser is None and not args.no_handouts:
        print(
            "No Chromium or Chrome found, so no PDF handouts (install one, or pass --browser PATH); "
            "the decks are built.",
            file=sys.stderr,
        )
        status = 1
    print(f"reveal.js {reveal.version} from {reveal.folder}")
    for result in build_slides(lessons, args.out, reveal, theme=args.theme, browser=browser):
        if result.deck:
            print(f"wrote {result.deck} ({result.slides} slides, {result.deck_seconds:.1f} s)")
        if result.handout:
            size_kib = result.handout.stat().st_size / 1024
            print(f"wrote {result.handout} ({result.pages} pages, {size_kib:.0f} KiB, {result.handout_seconds:.1f} s)")
        if result.error:
            print(f"{result.lesson.name}: {result.error}", file=sys.stderr)
            status = 1
    print(f"Open {args.out / 'index.html'} (works offline).")
    return status
