"""A text description of each figure, written from the same data the figure is drawn from.

A figure in a saved notebook is an image plus a plain-text fallback; the fallback is what a
screen reader, a diff, a terminal or a notebook viewer without images shows. Matplotlib's own
fallback ("<Figure size 1173x580.75 with 1 Axes>") says nothing, so every figure function
attaches one of these descriptions and the notebook shows it as the text of the output.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from course.chapter.model import Chapter, Topology
    from course.raci.matrix import RaciMatrix

_DESCRIPTIONS: WeakKeyDictionary[Figure, str] = WeakKeyDictionary()
BLANK = "–"


def attach(fig: Figure, text: str) -> Figure:
    """Remember `text` as the figure's description; returns the figure."""
    _DESCRIPTIONS[fig] = text
    return fig


def description(fig: Figure) -> str | None:
    """The description a figure function attached, or None for a figure drawn elsewhere."""
    return _DESCRIPTIONS.get(fig)


def _names(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def team_map(chapter: Chapter, title: str) -> str:
    """The roles row by row with their focus and duties, then every hand-off arrow."""
    rows = sorted({r.map_row for r in chapter.roles})
    parts = [f'A diagram titled "{title}" with {len(chapter.roles)} role boxes in {len(rows)} rows.']
    for row in rows:
        boxes = [
            f'{r.name} ({r.abbreviation}), focus "{r.focus}", duties {_names([d for d in r.duties])}'
            for r in sorted((r for r in chapter.roles if r.map_row == row), key=lambda r: r.map_column)
        ]
        parts.append(f"{'Top' if row == rows[0] else 'Next'} row, left to right: " + "; ".join(boxes) + ".")
    abbreviation = {r.id: r.abbreviation for r in chapter.roles}
    two_way = [f"{abbreviation[h.source]} and {abbreviation[h.target]}" for h in chapter.handoffs if h.two_way]
    one_way = [f"from {abbreviation[h.source]} to {abbreviation[h.target]}" for h in chapter.handoffs if not h.two_way]
    if two_way:
        parts.append(f"Double-headed arrows join {'; '.join(two_way)}.")
    if one_way:
        parts.append(f"Single arrows point {'; '.join(one_way)}.")
    return " ".join(parts)


def topology(model: Topology, chapter: Chapter) -> str:
    """One model: its title, each unit with its roles and note, who serves whom, its best-for line."""
    units = []
    for unit in model.units:
        roles = _names([chapter.role_name(r) for r in unit.roles])
        border = ", with a thicker border (a platform team)" if unit.kind == "platform" else ""
        units.append(f'{unit.name}{border}: {roles}, noted "{unit.note}"')
    sources = list(dict.fromkeys(link.source for link in model.serves))
    serves = [f"{s} to {_names([link.target for link in model.serves if link.source == s])}" for s in sources]
    arrows = f" Arrows lead from {'; from '.join(serves)}." if serves else " There are no arrows."
    return (
        f'"Model {model.number}: {model.name}". '
        + "; ".join(units)
        + "."
        + arrows
        + f' Footer: "Best for: {model.best_for}".'
    )


def topologies(chapter: Chapter) -> str:
    """All models stacked in order, each described as in `topology`."""
    return "The team models stacked top to bottom in model order. " + " ".join(
        topology(model, chapter) for model in chapter.topologies
    )


def raci_grid(matrix: RaciMatrix, title: str) -> str:
    """Every cell, row by row in column order, and the letters the legend lists."""
    rows = [
        f"{activity}: " + ", ".join(str(matrix.cell(activity, role)) or BLANK for role in matrix.roles)
        for activity in matrix.activities
    ]
    from course.figures.style import CELL_ORDER

    present = {str(c) for c in matrix.cells.values() if str(c)}
    letters = [kind for kind in CELL_ORDER if kind in present] + sorted(present - set(CELL_ORDER))
    return (
        f'A grid titled "{title}" with {len(matrix.activities)} activity rows and {len(matrix.roles)} role columns '
        f'({_names(list(matrix.roles))}). Row by row, in that column order, with "{BLANK}" for a blank cell: '
        + ". ".join(rows)
        + f". The legend lists {_names(letters)}."
    )


def workload(matrix: RaciMatrix, title: str, counts: dict[str, dict[str, int]], order: list[str]) -> str:
    """One bar per role: how many activities it holds each letter on, blank included."""
    bars = []
    for role in matrix.roles:
        held = [f"{kind or 'blank'} {counts[role][kind]}" for kind in [*order, ""] if counts[role].get(kind)]
        bars.append(f"{role}: {', '.join(held)}")
    return (
        f'A horizontal stacked bar chart titled "{title}", one bar per role, each bar splitting the '
        f"{len(matrix.activities)} activities by the letter the role holds. " + ". ".join(bars) + "."
    )


def recall(
    history: Sequence[tuple[date, int, int]],
    forecast: Sequence[tuple[date, float]],
    today: date,
    target: float,
    title: str,
) -> str:
    """Each day's first tries (right of reviewed), then the predicted recall from today, and the review level."""
    from course.figures.recall import day_label

    def when(day: date) -> str:
        return "today" if day == today else f"on {day_label(day)}"

    parts = [f'A line chart titled "{title}": recall in percent over days, today marked.']
    if history:
        tries = [f"{when(day)} {right} of {total} right ({100 * right / total:.0f}%)" for day, right, total in history]
        parts.append("Your first tries at review items: " + "; ".join(tries) + ".")
    else:
        parts.append("No review done yet.")
    if forecast:
        shown = [forecast[0], *forecast[1:-1:3], forecast[-1]] if len(forecast) > 2 else list(forecast)
        points = [f"{100 * value:.0f}% {when(day)}" for day, value in shown]
        parts.append(
            "Predicted recall of your scheduled items if you do not review them (dashed line): "
            + ", ".join(points)
            + f". An item comes back for review when its predicted recall falls to {100 * target:.0f}% (dotted line)."
        )
    return " ".join(parts)
