"""`mlops-course hub-link REPOSITORY --hub ADDRESS`: the nbgitpuller link that gives each learner the course."""

from __future__ import annotations

import argparse

from course.errors import CourseUsageError
from course.hub import DEFAULT_NOTEBOOK


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "hub-link",
        help="print the JupyterHub link (nbgitpuller) that pulls the course into each learner's home",
        description="Print an nbgitpuller link for a JupyterHub. It names the folder the course is pulled into "
        "(targetpath) and opens a notebook inside that folder, so repository addresses ending in .git work.",
        epilog="Example: mlops-course hub-link https://github.com/example/mlops-roles-course.git "
        "--hub https://hub.example.org --notebook exercises/04_raci_model.ipynb",
    )
    parser.add_argument("repository", help="the git address learners pull from (https://..., .git or not)")
    parser.add_argument(
        "--hub", required=True, metavar="ADDRESS", help="the hub's address, e.g. https://hub.example.org"
    )
    parser.add_argument("--branch", default="main", help="branch to pull (default main)")
    parser.add_argument("--notebook", default=DEFAULT_NOTEBOOK, help=f"notebook to open (default {DEFAULT_NOTEBOOK})")
    parser.add_argument("--targetpath", help="folder in each home (default: the repository's name, without .git)")
    parser.add_argument("--interface", choices=("lab", "notebook"), default="lab", help="JupyterLab or Notebook 7")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    from course.hub import nbgitpuller_link

    try:
        link = nbgitpuller_link(
            args.hub,
            args.repository,
            branch=args.branch,
            notebook=args.notebook,
            targetpath=args.targetpath,
            interface=args.interface,
        )
    except ValueError as err:
        raise CourseUsageError(str(err)) from err
    print(link)
    return 0
