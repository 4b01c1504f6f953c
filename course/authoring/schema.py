"""JSON Schemas for the data files, generated from the code that reads them.

    python -m course.authoring.schema          # write docs/schema/*.schema.json
    python -m course.authoring.schema --check  # exit 1 if they are out of date

The loaders stay the authority (they check references and sums a schema cannot);
the schemas let an editor complete field names, flag an unknown field or type
as you type, and show each type's fields. Each YAML file names its schema in a
first-line `# yaml-language-server: $schema=...` comment (the YAML extension of
VS Code and other editors read it). tests/test_schema.py regenerates and compares.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from course.chapter.loader import ROLE_FIELDS, TOP_FIELDS, UNIT_KINDS
from course.exercises.model import CASE_ID_PATTERN, COMMON_FIELDS, LEVELS, MODES, VARIANT_COMMON_FIELDS
from course.exercises.type_registry import all_types

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "docs" / "schema"
DRAFT = "https://json-schema.org/draft/2020-12/schema"
TEXT = {"type": "string", "minLength": 1}
TEXTS = {"type": "array", "items": TEXT}
COMMON: dict[str, dict[str, Any]] = {
    "id": {**TEXT, "pattern": r"^\d\d\.[a-z0-9][a-z0-9-]*$", "description": "notebook number, dot, lowercase words"},
    "title": TEXT,
    "prompt": TEXT,
    "points": {"type": "number", "minimum": 0},
    "section": TEXT,
    "hints": TEXTS,
    "level": {"enum": list(LEVELS), "description": "the cognitive level asked for (revised Bloom)"},
    "level_reason": {
        **TEXT,
        "pattern": r"^[^\n]*$",
        "description": "one line: what the task asks that earns its level (docs/levels.md)",
    },
    "objectives": {
        "type": "array",
        "items": {"type": "string", "pattern": r"^\d\d\.[a-z0-9][a-z0-9-]*$"},
        "description": "the lesson objectives the exercise assesses (ids from course/data/lessons.yaml)",
    },
    "discussion": {"type": "string", "description": "for instructors: how to debrief the exercise"},
    "case": {
        "type": "object",
        "required": ["id", "name"],
        "additionalProperties": False,
        "properties": {
            "id": {**TEXT, "pattern": CASE_ID_PATTERN.pattern},
            "name": TEXT,
            "facts": {"type": "object", "additionalProperties": TEXT},
        },
        "description": "this case of the exercise (with `variants:`): its id, its name, facts shown above the prompt",
    },
    "case_group": {
        **TEXT,
        "pattern": r"^[a-z0-9][a-z0-9.-]{0,63}$",
        "description": "exercises of one group give a learner the same case (they need the same case ids)",
    },
}


def exercise_schema() -> dict[str, Any]:
    """The schema of one course/data/exercises/NN_topic.yaml file: one branch per registered type."""
    branches = []
    for exercise_type in all_types():
        properties: dict[str, Any] = {name: COMMON.get(name, {}) for name in COMMON_FIELDS}
        properties["type"] = {"const": exercise_type.name}
        properties["partial_credit"] = {"enum": list(exercise_type.partial_credit)}
        properties.update({name: {} for name in exercise_type.fields})
        variant: dict[str, Any] = {"case": COMMON["case"]}
        variant.update(
            {name: properties[name] for name in (*VARIANT_COMMON_FIELDS, *exercise_type.changeable_fields())}
        )
        properties["variants"] = {
            "type": "array",
            "minItems": 1,
            "items": {"type": "object", "required": ["case"], "properties": variant, "additionalProperties": False},
            "description": "the exercise's other cases: each gives its case and the fields it changes",
        }
        branches.append(
            {
                "title": exercise_type.name,
                "description": exercise_type.label,
                "if": {"properties": {"type": {"const": exercise_type.name}}, "required": ["type"]},
                "then": {"properties": properties, "additionalProperties": False},
            }
        )
    return {
        "$schema": DRAFT,
        "$id": "exercises.schema.json",
        "title": "MLOps course exercise definitions (one notebook's exercises)",
        "type": "object",
        "required": ["notebook", "title", "exercises"],
        "additionalProperties": False,
        "properties": {
            "notebook": {"type": "string", "pattern": r"^\d\d$"},
            "title": TEXT,
            "mode": {
                "enum": list(MODES),
                "description": "practice (default): instant feedback; assessed: Check records, no correctness",
            },
            "exercises": {
                "type": "array",
                "minItems": 1,
                "items": {
                    "type": "object",
                    "required": ["id", "type", "title", "prompt", "section", "level"],
                    "properties": {"type": {"enum": [t.name for t in all_types()]}},
                    "allOf": branches,
                },
            },
        },
    }


def chapter_schema() -> dict[str, Any]:
    """The schema of course/data/chapter.yaml: its fields, the roles' fields and the topology unit kinds."""
    role = {"type": "object", "properties": {name: {} for name in ROLE_FIELDS}, "additionalProperties": False}
    unit = {"type": "object", "properties": {"kind": {"enum": list(UNIT_KINDS)}}}
    properties: dict[str, Any] = {name: {} for name in TOP_FIELDS}
    properties["roles"] = {"type": "array", "minItems": 1, "items": role}
    properties["topologies"] = {
        "type": "array",
        "items": {"type": "object", "properties": {"units": {"type": "array", "items": unit}}},
    }
    return {
        "$schema": DRAFT,
        "$id": "chapter.schema.json",
        "title": "MLOps course chapter data",
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
    }


def rendered() -> dict[str, str]:
    """File name to its text, as written to docs/schema/."""
    schemas = {"exercises.schema.json": exercise_schema(), "chapter.schema.json": chapter_schema()}
    return {name: json.dumps(schema, indent=2, ensure_ascii=False) + "\n" for name, schema in schemas.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write (or --check) the data files' JSON Schemas in docs/schema/.")
    parser.add_argument("--check", action="store_true", help="exit 1 if a schema is out of date; write nothing")
    args = parser.parse_args(argv)
    stale = []
    for name, text in rendered().items():
        path = SCHEMA_DIR / name
        if path.exists() and path.read_text(encoding="utf-8") == text:
            continue
        stale.append(name)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    if stale:
        print(("Out of date: " if args.check else "Wrote: ") + ", ".join(stale), file=sys.stderr)
    return 1 if args.check and stale else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
