"""Typed objects for the chapter: roles, hand-offs, topologies, RACI, tools.

Objects are frozen: the chapter is reference material, and a lesson that wants
a variant builds a new object rather than changing the shared one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from course.raci.matrix import RaciMatrix

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Role:
    """One role on the team map, with what the chapter (or the kit) says of it."""

    id: str
    name: str
    long_name: str
    abbreviation: str
    map_row: int
    map_column: int
    duties: tuple[str, ...]
    focus: str
    activities: tuple[str, ...]
    tools: tuple[str, ...]
    outputs: tuple[str, ...]
    mlops_responsibility: tuple[str, ...]
    kit_additions: frozenset[str] = frozenset()

    def is_kit_addition(self, field_name: str) -> bool:
        """True when the chapter says nothing on `field_name` and the kit wrote it."""
        return field_name in self.kit_additions


@dataclass(frozen=True)
class Handoff:
    """An arrow of the team map: work passing from one role to another."""

    source: str
    target: str
    two_way: bool
    carries: str


@dataclass(frozen=True)
class TopologyUnit:
    """A team inside a topology, and the roles it holds."""

    name: str
    kind: str
    roles: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class TopologyLink:
    """One unit serving another (a platform serving a product team)."""

    source: str
    target: str


@dataclass(frozen=True)
class Topology:
    """One way of organising ML work, and the organisations it suits."""

    id: str
    number: int
    name: str
    units: tuple[TopologyUnit, ...]
    serves: tuple[TopologyLink, ...]
    best_for: str

    def unit(self, name: str) -> TopologyUnit:
        for unit in self.units:
            if unit.name == name:
                return unit
        raise KeyError(name)

    def roles(self) -> set[str]:
        """Every role id that appears somewhere in this topology."""
        return {role for unit in self.units for role in unit.roles}


@dataclass(frozen=True)
class CollaborationCategory:
    """A row of the collaboration stack: a kind of tool and examples of it."""

    name: str
    tools: tuple[str, ...]
    shared_access: bool


@dataclass(frozen=True)
class CodeReviewRule:
    """Which roles must approve a pull request before it merges."""

    tool: str
    required_reviewers: tuple[str, ...]


@dataclass(frozen=True)
class Chapter:
    """The whole chapter. `raci` and the `*_frame` methods give pandas views."""

    title: str
    number: int
    theme: str
    roles: tuple[Role, ...]
    handoffs: tuple[Handoff, ...]
    handoff_kit_additions: frozenset[str]
    topologies: tuple[Topology, ...]
    raci_matrix: RaciMatrix
    raci_legend: Mapping[str, str]
    collaboration: tuple[CollaborationCategory, ...]
    code_review: CodeReviewRule
    source: str = field(default="", compare=False)

    def role(self, key: str) -> Role:
        """A role by id ('ml_engineer'), name ('ML Engineer') or abbreviation ('MLE')."""
        for role in self.roles:
            if key in (role.id, role.name, role.long_name, role.abbreviation):
                return role
        raise KeyError(f"no role {key!r}; roles are {', '.join(r.id for r in self.roles)}")

    def topology(self, key: str | int) -> Topology:
        """A topology by id ('embedded'), name or model number (1, 2, 3)."""
        for topology in self.topologies:
            if key in (topology.id, topology.name, topology.number):
                return topology
        raise KeyError(f"no topology {key!r}; topologies are {', '.join(t.id for t in self.topologies)}")

    def role_name(self, role_id: str) -> str:
        return self.role(role_id).name

    @property
    def raci(self) -> pd.DataFrame:
        """The RACI matrix as the chapter prints it: activities x role names, cells like 'R/A'."""
        return self.raci_matrix.to_frame()

    def roles_frame(self) -> pd.DataFrame:
        """One row per role: focus, tools, outputs, MLOps responsibility (lists joined)."""
        import pandas as pd

        rows = [
            {
                "role": r.name,
                "abbreviation": r.abbreviation,
                "focus": r.focus,
                "activities": "; ".join(r.activities),
                "tools": ", ".join(r.tools),
                "outputs": "; ".join(r.outputs),
                "mlops_responsibility": "; ".join(r.mlops_responsibility),
                "kit_additions": ", ".join(sorted(r.kit_additions)),
            }
            for r in self.roles
        ]
        return pd.DataFrame(rows).set_index("role")

    def tools_frame(self) -> pd.DataFrame:
        """Long form: one row per (role, tool); the basis of tool-to-role exercises."""
        import pandas as pd

        rows = [{"role": r.name, "tool": tool} for r in self.roles for tool in r.tools]
        return pd.DataFrame(rows)

    def topologies_frame(self) -> pd.DataFrame:
        """One row per (topology, unit) with the unit's roles."""
        import pandas as pd

        rows = [
            {
                "topology": t.name,
                "unit": u.name,
                "kind": u.kind,
                "roles": ", ".join(self.role_name(role) for role in u.roles),
                "best_for": t.best_for,
            }
            for t in self.topologies
            for u in t.units
        ]
        return pd.DataFrame(rows)

    def collaboration_frame(self) -> pd.DataFrame:
        """The collaboration stack: category, tools, shared access."""
        import pandas as pd

        rows = [
            {"category": c.name, "tools": ", ".join(c.tools), "shared_access": c.shared_access}
            for c in self.collaboration
        ]
        return pd.DataFrame(rows).set_index("category")
