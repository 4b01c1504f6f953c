"""Small drawing helpers shared by the figures: boxes, arrows, wrapped text."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from course.palette import Theme


def blank_axes(ax: Axes, theme: Theme, width: float, height: float) -> None:
    """An axes used as a drawing canvas with data units (0..width, 0..height)."""
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_facecolor(theme.background)
    ax.set_axis_off()


def box(ax: Axes, x: float, y: float, w: float, h: float, *, fill: str, edge: str, linewidth: float = 1.6) -> None:
    """A rounded rectangle with its lower-left corner at (x, y)."""
    from matplotlib.patches import FancyBboxPatch

    ax.add_patch(
        FancyBboxPatch(
            (x, y), w, h, boxstyle="round,pad=0,rounding_size=0.06", facecolor=fill, edgecolor=edge, linewidth=linewidth
        )
    )


def arrow(
    ax: Axes,
    start: tuple[float, float],
    end: tuple[float, float],
    *,
    colour: str,
    two_way: bool = False,
    width: float = 1.8,
) -> None:
    """An arrow from start to end (heads at both ends when two_way)."""
    from matplotlib.patches import FancyArrowPatch

    style = "<|-|>" if two_way else "-|>"
    ax.add_patch(
        FancyArrowPatch(
            start, end, arrowstyle=style, mutation_scale=16, color=colour, linewidth=width, shrinkA=0, shrinkB=0
        )
    )


def wrap(text: str, width: int) -> str:
    """Wrap text to lines of at most `width` characters."""
    return "\n".join(textwrap.wrap(text, width=width)) or text
