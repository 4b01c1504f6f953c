"""The RACI engine: parse cells, validate matrices, analyse and compare them.

Pure logic: nothing here imports widgets or plotting, and pandas only where a
DataFrame is asked for.
"""

from course.raci.analysis import Finding, RoleLoad, activity_findings, role_findings, role_loads
from course.raci.cells import RACI, RASCI, Cell, CellError, Scheme, format_cell, parse_cell
from course.raci.compare import CellDifference, Comparison, compare
from course.raci.matrix import RaciMatrix
from course.raci.rules import Problem, validate

__all__ = [
    "RACI",
    "RASCI",
    "Cell",
    "CellDifference",
    "CellError",
    "Comparison",
    "Finding",
    "Problem",
    "RaciMatrix",
    "RoleLoad",
    "Scheme",
    "activity_findings",
    "compare",
    "format_cell",
    "parse_cell",
    "role_findings",
    "role_loads",
    "validate",
]
