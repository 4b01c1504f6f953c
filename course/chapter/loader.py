"""Load and check `chapter.yaml`, the chapter's content as data."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from course.chapter.model import (
    Chapter,
    CodeReviewRule,
    CollaborationCategory,
    Handoff,
    Role,
    Topology,
    TopologyLink,
    TopologyUnit,
)
from course.datafile import DataFileError, Fields, read_yaml
from course.raci.cells import RACI, CellError, parse_cell
from course.raci.matrix import RaciMatrix
from course.raci.rules import validate

DEFAULT_CHAPTER_FILE = Path(__file__).resolve().parent.parent / "data" / "chapter.yaml"

ROLE_FIELDS = (
    "id",
    "name",
    "long_name",
    "abbreviation",
    "team_map",
    "focus",
    "activities",
    "tools",
    "outputs",
    "mlops_responsibility",
    "kit_additions",
)
TOP_FIELDS = (
    "title",
    "chapter_number",
    "theme",
    "roles",
    "handoffs",
    "handoff_kit_additions",
    "topologies",
    "raci",
    "collaboration",
)
"""The top-level fields of chapter.yaml (the JSON Schema in docs/schema/ is generated from these)."""
ADDABLE_ROLE_FIELDS = ("focus", "activities", "tools", "outputs", "mlops_responsibility")
UNIT_KINDS = ("product", "platform", "data_science", "enabling")


def load_chapter(path: str | Path | None = None) -> Chapter:
    """Load the chapter (the shipped one by default), validated.

    Raises `DataFileError` naming the file, the field and what was expected.
    The result is cached per file, so lessons may call this freely.
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_CHAPTER_FILE
    return _load_cached(str(resolved), _stamp(resolved))


def _stamp(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=8)
def _load_cached(path: str, _mtime: float) -> Chapter:
    return parse_chapter(read_yaml(path), path)


def parse_chapter(data: object, file: str | Path) -> Chapter:
    """Build a `Chapter` from parsed YAML, checking every field and reference."""
    top = Fields(data, file)
    top.reject_unknown(TOP_FIELDS)
    roles = tuple(_role(f) for f in top.records("roles", allow_empty=False))
    role_ids = _unique(top, "roles", [r.id for r in roles])
    handoffs = tuple(_handoff(f, role_ids) for f in top.records("handoffs"))
    handoff_additions = top.texts("handoff_kit_additions", ())
    for name in handoff_additions:
        if name != "carries":
            raise top.error("handoff_kit_additions", f"expected only 'carries', got {name!r}")
    topologies = tuple(_topology(f, role_ids) for f in top.records("topologies", allow_empty=False))
    _unique(top, "topologies", [t.id for t in topologies])
    raci, legend = _read_raci_matrix(top.mapping("raci"), roles)
    collaboration = top.mapping("collaboration")
    collaboration.reject_unknown(("categories", "code_review"))
    categories = tuple(
        CollaborationCategory(c.text("name"), c.texts("tools", allow_empty=False), c.flag("shared_access", False))
        for c in collaboration.records("categories", allow_empty=False)
    )
    review = collaboration.mapping("code_review")
    reviewers = review.texts("required_reviewers", allow_empty=False)
    for index, reviewer in enumerate(reviewers):
        if reviewer not in role_ids:
            raise DataFileError(
                file, f"{review.where('required_reviewers')}[{index}]", _unknown_role(reviewer, role_ids)
            )
    return Chapter(
        title=top.text("title"),
        number=top.integer("chapter_number"),
        theme=top.text("theme"),
        roles=roles,
        handoffs=handoffs,
        handoff_kit_additions=frozenset(handoff_additions),
        topologies=topologies,
        raci_matrix=raci,
        raci_legend=MappingProxyType(legend),
        collaboration=categories,
        code_review=CodeReviewRule(review.text("tool"), reviewers),
        source=str(file),
    )


def _unknown_role(role: str, role_ids: list[str]) -> str:
    return f"expected a role id ({', '.join(role_ids)}), got {role!r}"


def _unique(parent: Fields, key: str, ids: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    for index, item in enumerate(ids):
        if item in seen:
            raise DataFileError(
                parent.file,
                f"{parent.where(key)}[{index}].id",
                f"expected a unique id, got {item!r} again (already the id of {parent.where(key)}[{seen[item]}])",
            )
        seen[item] = index
    return ids


def _role(f: Fields) -> Role:
    f.reject_unknown(ROLE_FIELDS)
    place = f.mapping("team_map")
    place.reject_unknown(("row", "column", "duties"))
    additions = f.texts("kit_additions", ())
    for index, name in enumerate(additions):
        if name not in ADDABLE_ROLE_FIELDS:
            raise DataFileError(
                f.file,
                f"{f.where('kit_additions')}[{index}]",
                f"expected one of {', '.join(ADDABLE_ROLE_FIELDS)}, got {name!r}",
            )
    role_id = f.text("id")
    if not role_id.isidentifier():
        raise f.error("id", f"expected a short identifier such as 'ml_engineer', got {role_id!r}")
    return Role(
        id=role_id,
        name=f.text("name"),
        long_name=f.text("long_name"),
        abbreviation=f.text("abbreviation"),
        map_row=place.integer("row"),
        map_column=place.integer("column"),
        duties=place.texts("duties", allow_empty=False),
        focus=f.text("focus"),
        activities=f.texts("activities", allow_empty=False),
        tools=f.texts("tools", allow_empty=False),
        outputs=f.texts("outputs", allow_empty=False),
        mlops_responsibility=f.texts("mlops_responsibility", allow_empty=False),
        kit_additions=frozenset(additions),
    )


def _handoff(f: Fields, role_ids: list[str]) -> Handoff:
    f.reject_unknown(("from", "to", "two_way", "carries"))
    ends = []
    for key in ("from", "to"):
        role = f.text(key)
        if role not in role_ids:
            raise f.error(key, _unknown_role(role, role_ids))
        ends.append(role)
    return Handoff(ends[0], ends[1], f.flag("two_way"), f.text("carries"))


def _topology(f: Fields, role_ids: list[str]) -> Topology:
    f.reject_unknown(("id", "number", "name", "units", "serves", "best_for"))
    units = []
    for u in f.records("units", allow_empty=False):
        u.reject_unknown(("name", "kind", "roles", "note"))
        roles = u.texts("roles", allow_empty=False)
        for index, role in enumerate(roles):
            if role not in role_ids:
                raise DataFileError(f.file, f"{u.where('roles')}[{index}]", _unknown_role(role, role_ids))
        units.append(TopologyUnit(u.text("name"), u.choice("kind", UNIT_KINDS), roles, u.text("note", "")))
    names = [unit.name for unit in units]
    links = []
    for link in f.records("serves"):
        link.reject_unknown(("from", "to"))
        ends = []
        for key in ("from", "to"):
            name = link.text(key)
            if name not in names:
                raise link.error(key, f"expected a unit of this topology ({', '.join(names)}), got {name!r}")
            ends.append(name)
        links.append(TopologyLink(ends[0], ends[1]))
    return Topology(f.text("id"), f.integer("number"), f.text("name"), tuple(units), tuple(links), f.text("best_for"))


def _read_raci_matrix(f: Fields, roles: tuple[Role, ...]) -> tuple[RaciMatrix, dict[str, str]]:
    f.reject_unknown(("roles", "legend", "activities"))
    by_id = {role.id: role for role in roles}
    column_ids = f.texts("roles", allow_empty=False)
    for index, role in enumerate(column_ids):
        if role not in by_id:
            raise DataFileError(f.file, f"{f.where('roles')}[{index}]", _unknown_role(role, list(by_id)))
    legend_fields = f.mapping("legend")
    legend = {letter: legend_fields.text(letter) for letter in RACI.letters}
    rows: dict[str, dict[str, object]] = {}
    row_fields = list(f.records("activities", allow_empty=False))
    for row in row_fields:
        row.reject_unknown(("activity", *column_ids))
        activity = row.text("activity")
        if activity in rows:
            raise row.error("activity", f"expected a unique activity name, got {activity!r} again")
        cells: dict[str, object] = {}
        for role in column_ids:
            text = row.raw(role, "")
            try:
                cells[by_id[role].name] = str(parse_cell(text, where=f"{activity!r} x {by_id[role].name!r}"))
            except CellError as err:
                raise row.error(role, str(err)) from None
        rows[activity] = cells
    matrix = RaciMatrix.from_rows(rows, [by_id[role].name for role in column_ids])
    problems = validate(matrix)
    if problems:
        index = matrix.activities.index(problems[0].activity) if problems[0].activity else 0
        raise DataFileError(f.file, row_fields[index].path, problems[0].message)
    return matrix, legend
