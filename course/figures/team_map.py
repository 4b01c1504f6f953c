"""The team map: six roles in two rows, their focus and duties, and the hand-offs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.figures import descriptions
from course.figures.drawing import arrow, blank_axes, box, wrap
from course.figures.style import ROLE_COLOURS, blend, get_theme, new_figure

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from course.chapter.model import Chapter

BOX_W, BOX_H = 2.5, 1.55
CELL_W, CELL_H = 3.4, 2.35


TITLE = "Who does what on an ML team"


def team_map(chapter: Chapter | None = None, *, theme: str | None = None) -> Figure:
    """Draw each role where the chapter's team map puts it, with its hand-offs as arrows."""
    from course.chapter import load_chapter

    chapter = chapter or load_chapter()
    colours = get_theme(theme)
    columns = 1 + max(r.map_column for r in chapter.roles)
    rows = 1 + max(r.map_row for r in chapter.roles)
    width, height = columns * CELL_W, rows * CELL_H + 0.35
    fig = new_figure(width * 1.15, height * 1.15, colours)
    ax = fig.add_axes((0, 0, 1, 1))
    blank_axes(ax, colours, width, height)
    ax.text(
        width / 2,
        height - 0.2,
        TITLE,
        ha="center",
        va="center",
        fontsize=15,
        fontweight="bold",
        color=colours.text,
    )

    corners = {}
    for role in chapter.roles:
        x = role.map_column * CELL_W + (CELL_W - BOX_W) / 2
        y = height - 0.45 - (role.map_row + 1) * CELL_H + (CELL_H - BOX_H) / 2
        corners[role.id] = (x, y)
        colour = ROLE_COLOURS.get(role.id, colours.line)
        box(ax, x, y, BOX_W, BOX_H, fill=blend(colour, colours.background, 0.18), edge=colour, linewidth=2.4)
        ax.text(
            x + BOX_W / 2,
            y + BOX_H - 0.2,
            f"{role.name} ({role.abbreviation})",
            ha="center",
            va="center",
            fontsize=12.5,
            fontweight="bold",
            color=colours.text,
        )
        focus = wrap(role.focus, 33)
        ax.text(
            x + BOX_W / 2,
            y + BOX_H - 0.38,
            focus,
            ha="center",
            va="top",
            fontsize=10,
            style="italic",
            color=colours.muted,
        )
        duties_top = y + BOX_H - 0.68 - 0.15 * focus.count("\n")
        ax.text(
            x + 0.18,
            duties_top,
            "\n".join(f"• {d}" for d in role.duties),
            ha="left",
            va="top",
            fontsize=10.5,
            color=colours.text,
            linespacing=1.45,
        )

    for handoff in chapter.handoffs:
        (sx, sy), (tx, ty) = corners[handoff.source], corners[handoff.target]
        if abs(sy - ty) < 1e-9:  # same row: horizontal arrow between facing sides
            left, right = sorted([(sx, sy), (tx, ty)])
            start = (left[0] + BOX_W + 0.05, left[1] + BOX_H / 2)
            end = (right[0] - 0.05, right[1] + BOX_H / 2)
            if sx > tx:
                start, end = end, start
        else:  # different rows: vertical arrow from the source's edge to the target's
            down = ty < sy
            start = (sx + BOX_W / 2, sy if down else sy + BOX_H)
            end = (tx + BOX_W / 2, ty + BOX_H if down else ty)
            start = (start[0], start[1] - 0.04 if down else start[1] + 0.04)
            end = (end[0], end[1] + 0.04 if down else end[1] - 0.04)
        arrow(ax, start, end, colour=colours.line, two_way=handoff.two_way)
    ax.text(
        width / 2,
        0.12,
        "Arrows show hand-offs: two heads for work that goes both ways, one head for work passed on.",
        ha="center",
        va="center",
        fontsize=9.5,
        color=colours.muted,
    )
    return descriptions.attach(fig, descriptions.team_map(chapter, TITLE))
