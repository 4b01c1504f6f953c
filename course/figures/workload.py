"""Workload per role: how each role's activities split between R/A, R, A, C, I and blank."""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.figures import descriptions
from course.figures.style import CELL_COLOURS, CELL_ORDER, get_theme, new_figure, text_colour_on
from course.raci.analysis import role_loads

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from course.raci.matrix import RaciMatrix


def workload(matrix: RaciMatrix | None = None, *, title: str = "Workload per role", theme: str | None = None) -> Figure:
    """A horizontal stacked bar per role; each bar splits all activities by the role's letter."""
    from course.chapter import load_chapter

    matrix = matrix if matrix is not None else load_chapter().raci_matrix
    colours = get_theme(theme)
    kinds = [k for k in CELL_ORDER if any(str(c) == k for c in matrix.cells.values())]
    counts = {load.role: load.cells for load in role_loads(matrix)}
    fig = new_figure(9.5, 1.9 + 0.62 * len(matrix.roles), colours)
    height = 1.9 + 0.62 * len(matrix.roles)
    ax = fig.add_axes((0.2, 0.7 / height, 0.77, 1 - 1.65 / height))
    ax.set_facecolor(colours.background)
    roles = list(matrix.roles)[::-1]
    lefts = [0.0] * len(roles)
    labels = {
        "": "blank",
        "R/A": "R/A (does and owns)",
        "R": "R (does)",
        "A": "A (owns)",
        "S": "S (supports)",
        **{letter: f"{letter} ({matrix.scheme.meaning(letter).lower()})" for letter in ("C", "I")},
    }
    for kind in [*kinds, ""]:
        values = [counts[r].get(kind, 0) for r in roles]
        if not any(values):
            continue
        fill = CELL_COLOURS.get(kind, colours.panel)
        blank = kind == ""  # drawn hatched with an outline, so it shows on either background
        bars = ax.barh(
            roles,
            values,
            left=lefts,
            color=fill,
            edgecolor=colours.muted if blank else colours.background,
            hatch="///" if blank else None,
            linewidth=1.2,
            label=labels[kind],
            height=0.62,
        )
        for bar, value in zip(bars, values, strict=True):
            if value:
                ax.text(
                    bar.get_x() + bar.get_width() / 2,
                    bar.get_y() + bar.get_height() / 2,
                    str(value),
                    ha="center",
                    va="center",
                    fontsize=10,
                    fontweight="bold",
                    color=text_colour_on(fill),
                )
        lefts = [a + b for a, b in zip(lefts, values, strict=True)]
    ax.set_xlim(0, len(matrix.activities))
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # activities are counted: no 0.25 ticks on short matrices
    ax.set_xlabel(f"Activities ({len(matrix.activities)} in all)", color=colours.text, fontsize=10.5)
    ax.tick_params(colors=colours.text, labelsize=10.5)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(colours.muted)
    fig.text(
        0.5, 1 - 0.25 / height, title, ha="center", va="center", fontsize=13.5, fontweight="bold", color=colours.text
    )
    legend = fig.legend(
        loc="upper center",
        bbox_to_anchor=(0.5, 1 - 0.48 / height),
        ncol=len(kinds) + 1,
        frameon=False,
        fontsize=9.5,
        handlelength=1.2,
        columnspacing=1.0,
    )
    for text in legend.get_texts():
        text.set_color(colours.text)
    return descriptions.attach(fig, descriptions.workload(matrix, title, counts, kinds))
