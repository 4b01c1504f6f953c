"""Broken definition files fail with a DataFileError naming the file and the field.

Each case starts from the fixture's valid definition of one type, breaks one
thing, and expects the error to point at it, as an instructor editing the
YAML would need.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path

import pytest

from course.datafile import DataFileError
from course.exercises.definitions import load_bank, load_file
from course.exercises.type_registry import names
from tests.yaml_tools import dump_yaml, load_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "exercises" / "99_demo.yaml"


def demo(exercise_id: str) -> dict:
    data = load_yaml(FIXTURE.read_text(encoding="utf-8"))
    return copy.deepcopy(next(e for e in data["exercises"] if e["id"] == exercise_id))


def write(folder: Path, name: str, exercises: list[dict], notebook: str = "99") -> Path:
    path = folder / name
    path.write_text(
        dump_yaml({"notebook": notebook, "title": "Broken", "exercises": exercises}, allow_unicode=True),
        encoding="utf-8",
    )
    return path


def _set(key: str, value: object) -> Callable[[dict], None]:
    def change(exercise: dict) -> None:
        exercise[key] = value

    return change


def _strip_misconception(exercise: dict) -> None:
    del exercise["choices"][0]["misconception"]


def _matching_answer(exercise: dict) -> None:
    exercise["items"][1]["answer"] = "platform"


def _raci_cell(exercise: dict) -> None:
    exercise["answer"][0]["ML Engineer"] = "X"


def _raci_rule(exercise: dict) -> None:
    exercise["rules"] = ["exactly-one-accountable", "no-two-rs"]


def _scenario_points(exercise: dict) -> None:
    exercise["reasons"]["points"] = 3


def _raci_explanation(exercise: dict) -> None:
    del exercise["explanations"]["Unit tests for model"]


def _value_mistake_field(exercise: dict) -> None:
    exercise["mistakes"][0]["field"] = "total"


CASES = [
    # (exercise, change, field named, words in the problem)
    (
        "99.single",
        _set("type", "essay"),
        "exercises[0].type",
        f"expected one of {', '.join(names())}, got 'essay'",
    ),
    ("99.single", _set("id", "99.Who_Owns"), "exercises[0].id", "expected an id like '04.raci-startup'"),
    ("99.single", _set("id", "04.single"), "exercises[0].id", "starting with 99."),
    ("99.single", _set("answer", "ops"), "exercises[0].answer", "the key 'ops' is not among the choices"),
    (
        "99.single",
        _strip_misconception,
        "exercises[0].choices[0].misconception",
        "wrong choice 'ds' needs the misconception",
    ),
    ("99.single", _set("colour", "red"), "exercises[0].colour", "is not a known field"),
    ("99.single", _set("points", 0), "exercises[0].points", "expected a positive number of points"),
    ("99.multi", _set("answer", ["spark", "dbt", "kafka", "helm", "fastapi"]), "exercises[0].answer", "every choice"),
    ("99.multi", _set("partial_credit", "half"), "exercises[0].partial_credit", "expected one of right_minus_wrong"),
    ("99.match", _matching_answer, "exercises[0].items[1].answer", "the key 'platform' is not among the categories"),
    ("99.raci", _raci_cell, "exercises[0].answer[0].ML Engineer", "'X' is not a letter"),
    ("99.raci", _raci_rule, "exercises[0].rules[1]", "got 'no-two-rs'"),
    ("99.raci", _raci_explanation, "exercises[0].explanations.Unit tests for model", "needs an explanation"),
    ("99.raci", _set("rule_points", 6), "exercises[0].rule_points", "positive share of the points"),
    ("99.scenario", _scenario_points, "exercises[0].points", "sum of topology.points and reasons.points"),
    ("99.value", _value_mistake_field, "exercises[0].mistakes[0].field", "the key 'total' is not among the fields"),
    ("99.reflect", _set("points", 2), "exercises[0].points", "collected, not scored: points must be 0"),
]


@pytest.mark.parametrize(("exercise_id", "change", "field", "problem"), CASES, ids=[c[2] + "|" + c[3] for c in CASES])
def test_a_broken_definition_names_file_and_field(tmp_path, exercise_id, change, field, problem):
    exercise = demo(exercise_id)
    change(exercise)
    path = write(tmp_path, "99_broken.yaml", [exercise])
    with pytest.raises(DataFileError) as caught:
        load_file(path)
    err = caught.value
    assert Path(err.file).name == "99_broken.yaml"
    assert err.field == field
    assert problem in err.problem
    assert str(err).startswith(f"99_broken.yaml: {field}: ")


def test_the_unbroken_cases_load(tmp_path):
    # The starting points are valid, so each failure above comes from its one change.
    ids = sorted({case[0] for case in CASES})
    path = write(tmp_path, "99_ok.yaml", [demo(i) for i in ids])
    assert sorted(e.id for e in load_file(path)) == ids


def test_duplicate_ids_across_files_name_the_second_file_and_the_id(tmp_path):
    write(tmp_path, "99_a.yaml", [demo("99.single")])
    write(tmp_path, "99_b.yaml", [demo("99.multi"), demo("99.single")])
    with pytest.raises(DataFileError) as caught:
        load_bank(tmp_path)
    err = caught.value
    assert Path(err.file).name == "99_b.yaml"
    assert err.field == "99.single"
    assert "duplicate exercise id '99.single'" in err.problem


def test_a_file_that_is_not_yaml_names_the_line(tmp_path):
    path = tmp_path / "99_bad.yaml"
    path.write_text("notebook: '99'\nexercises: [\n  - id: 99.x\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"99_bad.yaml: is not valid YAML at line \d+"):
        load_file(path)


def test_the_notebook_number_is_checked(tmp_path):
    path = write(tmp_path, "9_bad.yaml", [demo("99.single")], notebook="9")
    with pytest.raises(DataFileError) as caught:
        load_file(path)
    assert caught.value.field == "notebook"
    assert "two-digit notebook number" in caught.value.problem


def test_a_notebook_mode_reaches_every_exercise_and_a_wrong_mode_names_the_field(tmp_path: Path) -> None:
    data = load_yaml(FIXTURE.read_text(encoding="utf-8"))
    assert {e.mode for e in load_file(FIXTURE)} == {"practice"}
    (tmp_path / "practice.yaml").write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    data["mode"] = "assessed"
    (tmp_path / "99_demo.yaml").write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    exercises = load_file(tmp_path / "99_demo.yaml")
    assert exercises and all(e.assessed and e.mode == "assessed" for e in exercises)
    # the mode is how the notebook behaves, not what the learner answers: old answers stay this version
    assert [e.fingerprint for e in exercises] == [e.fingerprint for e in load_file(tmp_path / "practice.yaml")]
    data["mode"] = "exam"
    (tmp_path / "99_demo.yaml").write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"mode.*expected one of practice, assessed, got 'exam'"):
        load_file(tmp_path / "99_demo.yaml")
