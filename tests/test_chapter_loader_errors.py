"""A broken chapter file is reported in the instructor's terms.

Each case writes a modified copy of the shipped `chapter.yaml` (a YAML round
trip, or a text edit for syntax errors) into a temporary folder under a
distinctive name, loads it, and checks that `DataFileError` names the file,
the field path and what was expected.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from course.chapter import DEFAULT_CHAPTER_FILE, load_chapter
from course.datafile import DataFileError
from tests.yaml_tools import dump_yaml, load_yaml

FILE_NAME = "broken-chapter.yaml"


@pytest.fixture(scope="module")
def shipped() -> dict[str, Any]:
    return load_yaml(DEFAULT_CHAPTER_FILE.read_text(encoding="utf-8"))


def write(folder: Path, data: Any, name: str = FILE_NAME) -> Path:
    path = folder / name
    path.write_text(dump_yaml(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def load_error(path: Path) -> DataFileError:
    with pytest.raises(DataFileError) as caught:
        load_chapter(path)
    return caught.value


def check(err: DataFileError, field: str, *expected: str) -> str:
    """The message starts with file and field, and contains every expected fragment."""
    message = str(err)
    assert Path(err.file).name == FILE_NAME
    assert err.field == field
    assert message.startswith(f"{FILE_NAME}: {field}: " if field else f"{FILE_NAME}: ")
    for fragment in expected:
        assert fragment in message, f"{fragment!r} not in {message!r}"
    return message


def test_unmodified_round_trip_loads_and_equals_the_shipped_chapter(tmp_path, shipped):
    """Guards every case below: the YAML round trip alone breaks nothing."""
    assert load_chapter(write(tmp_path, shipped)) == load_chapter()


def test_error_is_a_value_error_with_parts(tmp_path):
    err = load_error(tmp_path / FILE_NAME)
    assert isinstance(err, ValueError)
    assert err.problem == "file not found"


def test_missing_file(tmp_path):
    err = load_error(tmp_path / FILE_NAME)
    check(err, "", "file not found")
    assert err.file == str((tmp_path / FILE_NAME).resolve())


def test_invalid_yaml_names_the_line(tmp_path):
    lines = DEFAULT_CHAPTER_FILE.read_text(encoding="utf-8").splitlines()
    target = next(i for i, line in enumerate(lines) if line.strip() == "focus: Reliable data pipelines")
    lines[target] = lines[target].replace("Reliable data", "Reliable: data")  # "mapping values are not allowed here"
    path = tmp_path / FILE_NAME
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = check(load_error(path), "", "is not valid YAML", f"at line {target + 1},")
    assert "mapping values are not allowed" in message


def test_unclosed_bracket_is_invalid_yaml(tmp_path):
    text = DEFAULT_CHAPTER_FILE.read_text(encoding="utf-8")
    text = text.replace("tools: [Airflow, Spark, dbt, BigQuery, Kafka]", "tools: [Airflow, Spark, dbt, BigQuery, Kafka")
    path = tmp_path / FILE_NAME
    path.write_text(text, encoding="utf-8")
    check(load_error(path), "", "is not valid YAML at line ")


def test_top_level_is_a_list(tmp_path, shipped):
    check(load_error(write(tmp_path, [shipped])), "", "expected a mapping of fields", "got list")


def test_empty_file(tmp_path):
    path = tmp_path / FILE_NAME
    path.write_text("# nothing here\n", encoding="utf-8")
    check(load_error(path), "", "expected a mapping of fields", "got nothing")


Mutation = Callable[[dict[str, Any]], None]


def _delete_focus(data):
    del data["roles"][2]["focus"]


def _tools_as_text(data):
    data["roles"][0]["tools"] = "Jupyter, Python, sklearn"


def _tool_is_a_number(data):
    data["roles"][1]["tools"].append(42)


def _typo_tool(data):
    data["roles"][3]["tool"] = data["roles"][3].pop("tools")


def _handoff_to_unknown(data):
    data["handoffs"][1]["to"] = "mlops_enginer"


def _unit_with_unknown_role(data):
    data["topologies"][1]["units"][0]["roles"][1] = "sre"


def _serves_unknown_unit(data):
    data["topologies"][0]["serves"][1]["to"] = "Product Team C"


def _raci_cell_x(data):
    data["raci"]["activities"][4]["ml_engineer"] = "X"


def _raci_two_accountable(data):
    data["raci"]["activities"][2]["data_scientist"] = "R/A"  # Feature engineering: ML Engineer is already A


def _raci_no_responsible(data):
    data["raci"]["activities"][6]["ml_engineer"] = "C"  # Docker packaging: ML Engineer was the only R


def _raci_no_accountable(data):
    data["raci"]["activities"][9]["data_engineer"] = "R"  # Data pipeline: Data Engineer was the only A


def _raci_combined_c_i(data):
    data["raci"]["activities"][0]["ml_engineer"] = "C/I"


def _duplicate_role_id(data):
    data["roles"][4]["id"] = "data_engineer"


def _kit_addition_not_addable(data):
    data["roles"][5]["kit_additions"].append("name")


def _duplicate_activity(data):
    data["raci"]["activities"][1]["activity"] = "Define business problem"


def _raci_unknown_column_role(data):
    data["raci"]["roles"][3] = "data_enginer"


def _raci_row_typo_column(data):
    row = data["raci"]["activities"][3]
    row["data_scientst"] = row.pop("data_scientist")


def _unit_kind_unknown(data):
    data["topologies"][2]["units"][0]["kind"] = "squad"


def _reviewer_unknown(data):
    data["collaboration"]["code_review"]["required_reviewers"][1] = "MLOps"


def _chapter_number_text(data):
    data["chapter_number"] = "three"


def _duties_empty(data):
    data["roles"][0]["team_map"]["duties"] = []


def _handoff_two_way_text(data):
    data["handoffs"][0]["two_way"] = "yes please"


def _handoff_addition_other(data):
    data["handoff_kit_additions"] = ["carries", "two_way"]


def _legend_missing_letter(data):
    del data["raci"]["legend"]["C"]


def _role_id_not_identifier(data):
    data["roles"][0]["id"] = "data scientist"


CASES: list[tuple[str, Mutation, str, tuple[str, ...]]] = [
    ("role-missing-focus", _delete_focus, "roles[2].focus", ("is missing", "expected a non-empty text")),
    ("tools-not-a-list", _tools_as_text, "roles[0].tools", ("expected a list of texts", "got str")),
    ("tool-is-a-number", _tool_is_a_number, "roles[1].tools[5]", ("expected a non-empty text", "got int 42")),
    ("unknown-field-typo", _typo_tool, "roles[3].tool", ("is not a known field", "expected one of", "tools")),
    (
        "handoff-to-unknown-role",
        _handoff_to_unknown,
        "handoffs[1].to",
        ("expected a role id", "ml_engineer", "got 'mlops_enginer'"),
    ),
    (
        "unit-with-unknown-role",
        _unit_with_unknown_role,
        "topologies[1].units[0].roles[1]",
        ("expected a role id", "platform_engineer", "got 'sre'"),
    ),
    (
        "serves-unknown-unit",
        _serves_unknown_unit,
        "topologies[0].serves[1].to",
        ("expected a unit of this topology", "Product Team A, Product Team B, Shared Platform", "got 'Product Team C'"),
    ),
    (
        "raci-cell-x",
        _raci_cell_x,
        "raci.activities[4].ml_engineer",
        ("'Unit tests for model'", "'X'", "expected R, A, C, I, R/A or blank"),
    ),
    (
        "raci-cell-c-slash-i",
        _raci_combined_c_i,
        "raci.activities[0].ml_engineer",
        ("'Define business problem'", "'C/I'", "cannot share a cell", "expected R, A, C, I, R/A or blank"),
    ),
    (
        "raci-two-accountable",
        _raci_two_accountable,
        "raci.activities[2]",
        (
            "'Feature engineering'",
            "2 Accountable roles",
            "Data Scientist",
            "ML Engineer",
            "exactly one role must be Accountable (A) for each activity",
        ),
    ),
    (
        "raci-no-responsible",
        _raci_no_responsible,
        "raci.activities[6]",
        ("'Docker packaging'", "no Responsible role", "at least one role must be Responsible (R) for each activity"),
    ),
    (
        "raci-no-accountable",
        _raci_no_accountable,
        "raci.activities[9]",
        ("'Data pipeline'", "no Accountable role", "exactly one role must be Accountable (A) for each activity"),
    ),
    ("duplicate-role-id", _duplicate_role_id, "roles[4].id", ("expected a unique id", "'data_engineer'", "roles[3]")),
    (
        "kit-addition-not-addable",
        _kit_addition_not_addable,
        "roles[5].kit_additions[5]",
        ("expected one of focus, activities, tools, outputs, mlops_responsibility", "got 'name'"),
    ),
    (
        "duplicate-activity",
        _duplicate_activity,
        "raci.activities[1].activity",
        ("expected a unique activity name", "'Define business problem'"),
    ),
    (
        "raci-column-unknown-role",
        _raci_unknown_column_role,
        "raci.roles[3]",
        ("expected a role id", "got 'data_enginer'"),
    ),
    (
        "raci-row-typo-column",
        _raci_row_typo_column,
        "raci.activities[3].data_scientst",
        ("is not a known field", "data_scientist"),
    ),
    (
        "unit-kind-unknown",
        _unit_kind_unknown,
        "topologies[2].units[0].kind",
        ("expected one of product, platform, data_science, enabling", "got 'squad'"),
    ),
    (
        "reviewer-unknown",
        _reviewer_unknown,
        "collaboration.code_review.required_reviewers[1]",
        ("expected a role id", "got 'MLOps'"),
    ),
    ("chapter-number-text", _chapter_number_text, "chapter_number", ("expected a whole number", "got str 'three'")),
    ("duties-empty", _duties_empty, "roles[0].team_map.duties", ("expected at least one entry",)),
    ("two-way-not-a-flag", _handoff_two_way_text, "handoffs[0].two_way", ("expected true or false", "'yes please'")),
    (
        "handoff-addition-other",
        _handoff_addition_other,
        "handoff_kit_additions",
        ("expected only 'carries'", "got 'two_way'"),
    ),
    ("legend-missing-letter", _legend_missing_letter, "raci.legend.C", ("is missing", "expected a non-empty text")),
    (
        "role-id-not-identifier",
        _role_id_not_identifier,
        "roles[0].id",
        ("expected a short identifier", "got 'data scientist'"),
    ),
]


@pytest.mark.parametrize(("mutate", "field", "expected"), [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_broken_field_is_reported(tmp_path, shipped, mutate, field, expected):
    data = copy.deepcopy(shipped)
    mutate(data)
    assert data != shipped  # the case really changes something
    check(load_error(write(tmp_path, data)), field, *expected)


def test_missing_top_level_field(tmp_path, shipped):
    data = copy.deepcopy(shipped)
    del data["collaboration"]
    check(load_error(write(tmp_path, data)), "collaboration", "is missing", "expected a mapping of fields")


def test_unknown_top_level_field(tmp_path, shipped):
    data = {**copy.deepcopy(shipped), "rolls": []}
    check(load_error(write(tmp_path, data)), "rolls", "is not a known field", "roles")


def test_a_fixed_file_loads_again_at_the_same_path(tmp_path, shipped):
    """The loader caches per file; a failure must not stick to the path."""
    data = copy.deepcopy(shipped)
    _raci_cell_x(data)
    path = write(tmp_path, data)
    load_error(path)
    path.write_text(dump_yaml(shipped, sort_keys=False, allow_unicode=True), encoding="utf-8")
    assert load_chapter(path).raci_matrix == load_chapter().raci_matrix


def test_adapted_chapter_loads(tmp_path, shipped):
    """A legitimate edit (an instructor's variant) loads and shows the change."""
    data = copy.deepcopy(shipped)
    data["raci"]["activities"][6]["ml_engineer"] = "r / a"  # messy but valid
    data["raci"]["activities"][6]["mlops_engineer"] = "C"
    chapter = load_chapter(write(tmp_path, data))
    assert chapter.raci.at["Docker packaging", "ML Engineer"] == "R/A"
    assert chapter.raci.at["Docker packaging", "MLOps Engineer"] == "C"
    assert chapter != load_chapter()


def test_a_key_given_twice_is_reported_with_its_line(tmp_path):
    from course.chapter.loader import DEFAULT_CHAPTER_FILE, load_chapter
    from course.datafile import DataFileError

    text = DEFAULT_CHAPTER_FILE.read_text(encoding="utf-8")
    broken = text.replace(
        "    focus: Building accurate models\n", "    focus: Building accurate models\n    focus: Twice\n", 1
    )
    line = broken.splitlines().index("    focus: Twice") + 1
    path = tmp_path / "chapter.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        load_chapter(path)
    assert "chapter.yaml" in str(err.value)
    assert "'focus' appears twice" in str(err.value)
    assert f"line {line}" in str(err.value)


def test_the_shared_chapter_cannot_be_changed_by_a_lesson():
    from course import load_chapter

    chapter = load_chapter()
    with pytest.raises(TypeError):
        chapter.raci_legend["R"] = "Changed"  # type: ignore[index]
    with pytest.raises(TypeError):
        chapter.raci_matrix.cells[("Data pipeline", "Data Engineer")] = None  # type: ignore[index]
    assert load_chapter().raci.loc["Data pipeline", "Data Engineer"] == "R/A"
