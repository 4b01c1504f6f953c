"""Figures drawn from the chapter data (team map, topologies, RACI grid, workload) and the review's recall chart.

Every function returns a matplotlib Figure and never touches pyplot's global
state; in a notebook, leaving the figure as a cell's last value shows it, with
a text description of what it shows as the output's plain-text fallback
(`description(fig)`).
"""

from course.figures.descriptions import description
from course.figures.raci_grid import raci_grid
from course.figures.recall import recall
from course.figures.style import get_theme, set_theme
from course.figures.team_map import team_map
from course.figures.topologies import topologies, topology
from course.figures.workload import workload

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
