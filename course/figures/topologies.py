"""Organisation diagrams for the team topologies.

Teams that are served sit on the upper row, the teams serving them below, with
an arrow for each "serves" link: the same layout for every model, so learners
compare the models rather than the drawings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from course.figures import descriptions
from course.figures.drawing import arrow, blank_axes, box, wrap
from course.figures.style import ROLE_COLOURS, blend, get_theme, new_figure, text_colour_on

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from course.chapter.model import Chapter, Topology, TopologyUnit
    from course.palette import Theme

UNIT_W = 2.9
GAP = 0.5
CHIP_H = 0.3
TITLE_H = 0.55
FOOT_H = 0.45
ROW_GAP = 0.75


def topology(key: str | int, chapter: Chapter | None = None, *, theme: str | None = None) -> Figure:
    """One topology (by id, name or model number) as an organisation diagram."""
    from course.chapter import load_chapter

    chapter = chapter or load_chapter()
    model = chapter.topology(key)
    colours = get_theme(theme)
    width, height = _panel_size(model)
    fig = new_figure(width * 1.55, height * 1.55, colours)
    ax = fig.add_axes((0, 0, 1, 1))
    _draw(ax, model, chapter, colours, width, height)
    return descriptions.attach(fig, descriptions.topology(model, chapter))


def topologies(chapter: Chapter | None = None, *, theme: str | None = None) -> Figure:
    """All topologies, one panel each, stacked top to bottom in model order."""
    from course.chapter import load_chapter

    chapter = chapter or load_chapter()
    colours = get_theme(theme)
    sizes = [_panel_size(model) for model in chapter.topologies]
    width = max(w for w, _ in sizes)
    total = sum(h for _, h in sizes)
    fig = new_figure(width * 1.55, total * 1.55, colours)
    top = 1.0
    for model, (_, h) in zip(chapter.topologies, sizes, strict=True):
        share = h / total
        ax = fig.add_axes((0, top - share, 1, share))
        _draw(ax, model, chapter, colours, width, h)
        top -= share
    return descriptions.attach(fig, descriptions.topologies(chapter))


def _rows(model: Topology) -> tuple[list[TopologyUnit], list[TopologyUnit]]:
    providers = {link.source for link in model.serves}
    served = [u for u in model.units if u.name not in providers]
    serving = [u for u in model.units if u.name in providers]
    return served, serving


def _unit_height(unit: TopologyUnit) -> float:
    return 0.5 + len(unit.roles) * (CHIP_H + 0.08) + 0.45


def _panel_size(model: Topology) -> tuple[float, float]:
    served, serving = _rows(model)
    across = max(len(served), len(serving), 1)
    width = across * UNIT_W + (across + 1) * GAP
    height = TITLE_H + FOOT_H + max(map(_unit_height, served), default=0)
    if serving:
        height += ROW_GAP + max(map(_unit_height, serving))
    return max(width, 7.2), height


def _draw(ax: Axes, model: Topology, chapter: Chapter, colours: Theme, width: float, height: float) -> None:
    blank_axes(ax, colours, width, height)
    ax.text(
        width / 2,
        height - TITLE_H / 2,
        f"Model {model.number}: {model.name}",
        ha="center",
        va="center",
        fontsize=13.5,
        fontweight="bold",
        color=colours.text,
    )
    served, serving = _rows(model)
    places: dict[str, tuple[float, float, float]] = {}
    top = height - TITLE_H
    for row in (served, serving):
        if not row:
            continue
        row_h = max(map(_unit_height, row))
        span = len(row) * UNIT_W + (len(row) - 1) * GAP
        x = (width - span) / 2
        for unit in row:
            uh = _unit_height(unit)
            y = top - uh
            _draw_unit(ax, unit, chapter, colours, x, y, uh)
            places[unit.name] = (x, y, uh)
            x += UNIT_W + GAP
        top -= row_h + ROW_GAP
    for link in model.serves:
        sx, sy, sh = places[link.source]
        tx, ty, _ = places[link.target]
        arrow(ax, (sx + UNIT_W / 2, sy + sh + 0.04), (tx + UNIT_W / 2, ty - 0.04), colour=colours.line)
    ax.text(
        width / 2,
        FOOT_H / 2,
        wrap(f"Best for: {model.best_for}", 90),
        ha="center",
        va="center",
        fontsize=10.5,
        style="italic",
        color=colours.muted,
    )


def _draw_unit(ax: Axes, unit: TopologyUnit, chapter: Chapter, colours: Theme, x: float, y: float, h: float) -> None:
    edge = colours.line if unit.kind != "platform" else colours.text
    box(ax, x, y, UNIT_W, h, fill=colours.panel, edge=edge, linewidth=2.6 if unit.kind == "platform" else 1.4)
    ax.text(
        x + UNIT_W / 2,
        y + h - 0.25,
        unit.name,
        ha="center",
        va="center",
        fontsize=11.5,
        fontweight="bold",
        color=colours.text,
    )
    chip_y = y + h - 0.5 - CHIP_H
    for role_id in unit.roles:
        fill = ROLE_COLOURS.get(role_id, colours.line)
        box(ax, x + 0.2, chip_y, UNIT_W - 0.4, CHIP_H, fill=fill, edge=blend(fill, colours.text, 0.7), linewidth=0.8)
        ax.text(
            x + UNIT_W / 2,
            chip_y + CHIP_H / 2,
            chapter.role_name(role_id),
            ha="center",
            va="center",
            fontsize=10,
            color=text_colour_on(fill),
        )
        chip_y -= CHIP_H + 0.08
    if unit.note:
        ax.text(
            x + UNIT_W / 2,
            y + 0.22,
            unit.note,
            ha="center",
            va="center",
            fontsize=9.5,
            style="italic",
            color=colours.muted,
        )
