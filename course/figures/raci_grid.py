"""The RACI matrix as a colour-coded grid that also prints every letter."""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.figures import descriptions
from course.figures.drawing import blank_axes, box, wrap
from course.figures.style import CELL_COLOURS, CELL_ORDER, get_theme, new_figure, text_colour_on

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from course.raci.matrix import RaciMatrix

LABEL_W = 2.8
CELL_W, CELL_H = 1.35, 0.44
SCALE = 1.1  # inches per drawing unit: 11 activities fit a 7-inch-high slide
LABEL_WRAP = 30  # characters per line of an activity label


def raci_grid(
    matrix: RaciMatrix | None = None, *, title: str = "Who does what (RACI)", theme: str | None = None
) -> Figure:
    """Draw a RACI matrix (the chapter's by default): one coloured, lettered cell per activity and role."""
    from course.chapter import load_chapter

    matrix = matrix if matrix is not None else load_chapter().raci_matrix
    colours = get_theme(theme)
    header_h, legend_h = 1.0, 0.7
    width = LABEL_W + CELL_W * len(matrix.roles) + 0.2
    height = header_h + CELL_H * len(matrix.activities) + legend_h
    fig = new_figure(width * SCALE, height * SCALE, colours)
    ax = fig.add_axes((0, 0, 1, 1))
    blank_axes(ax, colours, width, height)
    ax.text(
        width / 2, height - 0.25, title, ha="center", va="center", fontsize=13.5, fontweight="bold", color=colours.text
    )
    top = height - header_h
    for j, role in enumerate(matrix.roles):
        ax.text(
            LABEL_W + (j + 0.5) * CELL_W,
            top + 0.08,
            role.replace(" ", "\n", 1),
            ha="center",
            va="bottom",
            fontsize=10,
            fontweight="bold",
            color=colours.text,
        )
    for i, activity in enumerate(matrix.activities):
        y = top - (i + 1) * CELL_H
        ax.text(
            LABEL_W - 0.12,
            y + CELL_H / 2,
            wrap(activity, LABEL_WRAP),
            ha="right",
            va="center",
            fontsize=10,
            color=colours.text,
            linespacing=1.0,
        )
        for j, role in enumerate(matrix.roles):
            text = str(matrix.cell(activity, role))
            fill = CELL_COLOURS.get(text, colours.panel)
            x = LABEL_W + j * CELL_W
            box(ax, x + 0.04, y + 0.04, CELL_W - 0.08, CELL_H - 0.08, fill=fill, edge=colours.background, linewidth=0.5)
            ax.text(
                x + CELL_W / 2,
                y + CELL_H / 2,
                text or "–",
                ha="center",
                va="center",
                fontsize=11.5,
                fontweight="bold",
                color=text_colour_on(fill) if text else colours.muted,
            )
    used = [key for key in CELL_ORDER if any(str(c) == key for c in matrix.cells.values())]
    meanings = {letter: matrix.scheme.meaning(letter) for letter in matrix.scheme.letters}
    meanings["R/A"] = "R and A"
    slot = (width - 0.3) / max(1, len(used))
    for k, key in enumerate(used):
        x = 0.15 + k * slot
        fill = CELL_COLOURS[key]
        box(ax, x, 0.2, 0.55, 0.34, fill=fill, edge=colours.background, linewidth=0.5)
        ax.text(
            x + 0.275, 0.37, key, ha="center", va="center", fontsize=9.5, fontweight="bold", color=text_colour_on(fill)
        )
        ax.text(x + 0.62, 0.37, meanings[key], ha="left", va="center", fontsize=9.5, color=colours.text)
    return descriptions.attach(fig, descriptions.raci_grid(matrix, title))
