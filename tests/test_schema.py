"""The JSON Schemas in docs/schema/ are generated from the code, up to date, and accept the shipped data."""

from __future__ import annotations

import copy
import functools
import json
from pathlib import Path

import jsonschema
import pytest

from course.authoring import schema
from tests.yaml_tools import load_yaml

ROOT = Path(__file__).resolve().parent.parent
EXERCISE_FILES = sorted((ROOT / "course" / "data" / "exercises").glob("*.yaml"))
CHAPTER_FILE = ROOT / "course" / "data" / "chapter.yaml"


@functools.cache
def validator(name: str) -> jsonschema.protocols.Validator:
    """The validator of one generated schema, built once: `jsonschema.validate` checks the schema against its
    metaschema on every call, which the test below does once."""
    generated = {"exercises": schema.exercise_schema, "chapter": schema.chapter_schema}[name]()
    return jsonschema.validators.validator_for(generated)(generated)


@pytest.mark.parametrize("name", ["exercises", "chapter"])
def test_each_generated_schema_is_a_valid_json_schema(name):
    validator(name).check_schema(validator(name).schema)
    broken = dict(validator(name).schema, type="no-such-type")
    with pytest.raises(jsonschema.SchemaError):
        validator(name).check_schema(broken)


def test_the_schemas_in_docs_are_what_the_code_generates():
    for name, text in schema.rendered().items():
        assert (ROOT / "docs" / "schema" / name).read_text(encoding="utf-8") == text, (
            f"docs/schema/{name} is out of date: run `python -m course.authoring.schema`"
        )


@pytest.mark.parametrize("path", EXERCISE_FILES, ids=lambda p: p.name)
def test_every_exercise_file_names_its_schema_and_passes_it(path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../../docs/schema/exercises.schema.json"
    assert (path.parent / first.split("=", 1)[1]).resolve().is_file()
    validator("exercises").validate(load_yaml(path.read_text(encoding="utf-8")))


def test_the_chapter_file_names_its_schema_and_passes_it():
    first = CHAPTER_FILE.read_text(encoding="utf-8").splitlines()[0]
    assert (CHAPTER_FILE.parent / first.split("=", 1)[1]).resolve() == ROOT / "docs" / "schema" / "chapter.schema.json"
    validator("chapter").validate(load_yaml(CHAPTER_FILE.read_text(encoding="utf-8")))


def test_the_schema_flags_an_unknown_type_and_a_field_of_another_type():
    data = load_yaml(EXERCISE_FILES[0].read_text(encoding="utf-8"))
    exercises = validator("exercises")
    assert not list(exercises.iter_errors(data))
    unknown_type = copy.deepcopy(data)
    unknown_type["exercises"][0]["type"] = "essay"
    assert list(exercises.iter_errors(unknown_type))
    foreign_field = copy.deepcopy(data)
    foreign_field["exercises"][0]["min_words"] = 50  # a free_text field
    if foreign_field["exercises"][0]["type"] != "free_text":
        assert list(exercises.iter_errors(foreign_field))


def test_every_registered_type_has_a_branch_in_the_schema():
    from course.exercises.type_registry import names

    text = json.dumps(schema.exercise_schema())
    assert all(f'"const": "{name}"' in text for name in names())


def test_the_format_document_has_a_section_and_a_valid_example_for_every_type():
    import re

    from course.datafile import Fields
    from course.exercises.definitions import parse_exercise
    from course.exercises.type_registry import names

    text = (ROOT / "docs" / "exercise-format.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"## `(\w+)`.*?```yaml\n(.*?)```", text, flags=re.S))
    assert set(sections) == set(names())
    for name, example in sections.items():
        (data,) = load_yaml(example)
        assert parse_exercise(Fields(data, "exercise-format.md")).type == name
