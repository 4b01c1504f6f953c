"""Figures drawn from the chapter data (team map, topologies, RACI grid, workload) and the review's recall chart.

Every function returns a matplotlib Figure and never touches pyplot's global
state; in a notebook, leaving the figure as a cell's last value shows it, with
a text description of what it shows as the output's plain-text fallback
(`description(fig)`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from course.figures.descriptions import description
    from course.figures.raci_grid import raci_grid
    from course.figures.recall import recall
    from course.figures.style import get_theme, set_theme
    from course.figures.team_map import team_map
    from course.figures.topologies import topologies, topology
    from course.figures.workload import workload

_HOMES = {
    "description": "descriptions",
    "get_theme": "style",
    "raci_grid": "raci_grid",
    "recall": "recall",
    "set_theme": "style",
    "team_map": "team_map",
    "topologies": "topologies",
    "topology": "topologies",
    "workload": "workload",
}
"""Each public name's module: imported at first use, so the grader's report, which needs only the palette
(`course.figures.style`), does not load every figure and the RACI analysis behind them."""


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'course.figures' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"course.figures.{_HOMES[name]}"), name)
    globals()[name] = value
    return value


__all__ = [
    "description",
    "get_theme",
    "raci_grid",
    "recall",
    "set_theme",
    "team_map",
    "topologies",
    "topology",
    "workload",
]


def __dir__() -> list[str]:
    """The public names too, before their first use (tab completion in a notebook lists them)."""
    return sorted({*globals(), *_HOMES})
