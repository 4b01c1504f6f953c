"""Printable blank RACI grids, one PDF page each, for work on paper or at a whiteboard.

One page per RACI grid exercise of the course (its roles and activities, every
cell empty) and one empty grid with blank labels to copy. The PDF carries no
creation date, so the same course gives the same file.

    python -m course.figures.printable --out raci-grids.pdf
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from course.figures.drawing import wrap
from course.raci.cells import RACI

if TYPE_CHECKING:
    from matplotlib.figure import Figure

PAGE = (11.69, 8.27)  # A4 landscape, inches
GLOSSES = {
    "R": "does the work",
    "A": "answers for it; exactly one per row",
    "C": "asked before; two-way",
    "I": "told after; one-way",
}
"""What each letter asks of a role, beside its name from the scheme."""
FOOTER = "   ".join(f"{letter} = {RACI.meaning(letter)} ({gloss})" for letter, gloss in GLOSSES.items())


def blank_grid(title: str, roles: Sequence[str], activities: Sequence[str]) -> Figure:
    """One A4 page: a title, one column per role, one row per activity, every cell empty."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=PAGE)
    ax = fig.add_axes((0.04, 0.1, 0.92, 0.78))
    ax.set_axis_off()
    columns = len(roles) + 1
    rows = len(activities) + 1
    ax.set_xlim(-0.02, columns + 1.02)  # the label column is two units wide; a margin keeps the border lines
    ax.set_ylim(-0.02, rows + 0.02)
    for r in range(rows + 1):
        ax.plot([0, columns + 1], [r, r], color="black", linewidth=0.8)
    ax.plot([0, 0], [0, rows], color="black", linewidth=0.8)
    for c in range(2, columns + 2):
        ax.plot([c, c], [0, rows], color="black", linewidth=0.8)
    for j, role in enumerate(roles):
        ax.text(2.5 + j, rows - 0.5, wrap(role, 14), ha="center", va="center", fontsize=9, fontweight="bold")
    ax.text(1, rows - 0.5, "Activity", ha="center", va="center", fontsize=9, fontweight="bold")
    for i, activity in enumerate(activities):
        ax.text(0.08, rows - 1.5 - i, wrap(activity, 30), ha="left", va="center", fontsize=8.5)
    fig.suptitle(title, fontsize=14, fontweight="bold", y=0.95)
    fig.text(0.5, 0.05, FOOTER, ha="center", fontsize=8)
    return fig


def course_grids() -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """Title, roles and activities of every RACI grid exercise, then an empty grid to copy."""
    from course.exercises.definitions import load_bank
    from course.exercises.types.raci_grid import RaciGrid

    grids = [(f"{e.id} · {e.title}", e.roles, e.activities) for e in load_bank() if isinstance(e, RaciGrid)]
    grids.append(("A blank RACI grid", ("",) * 6, ("",) * 10))
    return grids


def write_pdf(path: Path) -> int:
    """Write the grids to `path`; returns the number of pages."""
    from matplotlib.backends.backend_pdf import PdfPages

    grids = course_grids()
    with PdfPages(path, metadata={"CreationDate": None, "Creator": "mlops-course"}) as pdf:
        for title, roles, activities in grids:
            pdf.savefig(blank_grid(title, roles, activities))
    return len(grids)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write printable blank RACI grids to a PDF.")
    parser.add_argument("--out", type=Path, default=Path("raci-grids.pdf"), help="the PDF to write")
    args = parser.parse_args(argv)
    pages = write_pdf(args.out)
    print(f"wrote {args.out} ({pages} pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
