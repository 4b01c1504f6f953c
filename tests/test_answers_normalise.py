"""answers.normalise: every accepted form becomes one canonical answer; a wrong type or
shape is an AnswerError that names the exercise and says what is expected."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import describe_progress, normalise
from course.exercises.definitions import load_file
from tests.yaml_tools import dump_yaml, load_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "exercises" / "99_demo.yaml"

WRONG = [
    ("99.single", 3, r"^99\.single: expected a choice id such as 'ds', got int 3"),
    ("99.single", "devops", r"^99\.single: 'devops' is not one of the choices \(ds, mlops, mle\)"),
    ("99.multi", "spark", r"^99\.multi: expected a list of choice ids, got str 'spark'"),
    ("99.multi", {"spark": True}, r"^99\.multi: expected a list of choice ids, got dict"),
    ("99.multi", ["spark", "airflow"], r"^99\.multi: 'airflow' is not one of the choices"),
    ("99.match", ["ds", "mle"], r"^99\.match: expected a mapping of item to category, got list"),
    ("99.match", {"notebooks": "ds"}, r"^99\.match: 'notebooks' is not an item of this exercise"),
    ("99.match", {"proto": "ops"}, r"^99\.match: 'ops' for 'proto' is not a category \(ds, mle, mlops\)"),
    ("99.raci", [["R", "A"]], r"^99\.raci: expected \{activity: \{role: letters\}\} or a DataFrame, got list"),
    ("99.raci", {"Deploy": {}}, r"^99\.raci: 'Deploy' is not an activity of this grid"),
    ("99.raci", {"Model training code": "R"}, r"^99\.raci: the row for 'Model training code' must map role to letters"),
    ("99.raci", {"Model training code": {"CTO": "A"}}, r"^99\.raci: 'CTO' is not a role of this grid"),
    ("99.raci", {"Model training code": {"ML Engineer": "X"}}, r"^99\.raci: .*'X' is not a letter; expected R, A"),
    ("99.raci", {"Model training code": {"ML Engineer": "C/I"}}, r"^99\.raci: .*only R/A may be combined"),
    ("99.raci", {"Model training code": {"ML Engineer": "S"}}, r"^99\.raci: .*'S' is not a letter"),
    ("99.scenario", "full_stack", r"^99\.scenario: expected \{'topology': id, 'reasons': \[ids\]\}, got str"),
    ("99.scenario", {"topology": "full_stack", "why": []}, r"^99\.scenario: unexpected part 'why'"),
    (
        "99.scenario",
        {"topology": "mesh"},
        r"^99\.scenario: 'mesh' is not one of the topologies \(embedded, centralized, full_stack\)",
    ),
    ("99.scenario", {"reasons": "speed"}, r"^99\.scenario: expected a list of reason ids"),
    ("99.value", 3, r"^99\.value: expected a mapping with a number for each of ra, i, got int"),
    ("99.value", {"ra": "three"}, r"^99\.value: 'R/A cells' must be a number, got the text 'three'"),
    ("99.value", {"ra": True}, r"^99\.value: 'R/A cells' must be a number, got bool"),
    ("99.value", {"ra": math.nan}, r"^99\.value: 'R/A cells' must be a finite number, got nan"),
    ("99.value", {"ra": math.inf}, r"^99\.value: 'R/A cells' must be a finite number, got inf"),
    ("99.value", {"total": 3}, r"^99\.value: 'total' is not one of the values asked for"),
    ("99.reflect", 42, r"^99\.reflect: expected text, got int"),
    ("99.reflect", "x" * 4001, r"^99\.reflect: the text is 4001 characters; at most 4000 are kept"),
]


@pytest.mark.parametrize(("exercise_id", "raw", "message"), WRONG, ids=[f"{w[0]}-{i}" for i, w in enumerate(WRONG)])
def test_wrong_answers_say_what_is_expected(demo_bank, exercise_id, raw, message):
    with pytest.raises(AnswerError, match=message):
        normalise(demo_bank.get(exercise_id), raw)


ACCEPTED = [
    ("99.single", " MLOps Engineer ", "mlops"),
    ("99.multi", ("kafka", "Spark", "kafka"), ["spark", "kafka"]),
    ("99.multi", [], []),
    (
        "99.match",
        {"Alerting systems": "MLOps Engineer", "proto": "ds", "serving": ""},
        {"proto": "ds", "alerts": "mlops"},
    ),
    (
        "99.raci",
        {
            "Unit tests for model": {"ML Engineer": "a / r", "Data Scientist": "I"},
            "Model training code": {"ML Engineer": ""},
        },
        {"Unit tests for model": {"ML Engineer": "R/A"}},  # the given cell and blanks are left out
    ),
    (
        "99.scenario",
        {"topology": "Full-stack ML team", "reasons": ["speed", "one_team"]},
        {"topology": "full_stack", "reasons": ["one_team", "speed"]},
    ),
    ("99.scenario", {"topology": "", "reasons": []}, {}),
    ("99.value", {"I cells": "6", "ra": 3.0}, {"ra": 3, "i": 6}),
    ("99.value", {"ra": 2.5, "i": None}, {"ra": 2.5}),
    ("99.reflect", "  Two words  ", "Two words"),
]


@pytest.mark.parametrize(("exercise_id", "raw", "canonical"), ACCEPTED)
def test_accepted_forms_become_canonical(demo_bank, exercise_id, raw, canonical):
    result = normalise(demo_bank.get(exercise_id), raw)
    assert result == canonical
    assert type(result) is type(canonical)


def test_none_means_no_answer_for_every_type(demo_bank):
    for exercise in demo_bank:
        assert normalise(exercise, None) is None
        assert describe_progress(exercise, None) == "no answer yet"


def test_pandas_forms_are_accepted(demo_bank):
    import pandas as pd  # here: the module's other tests never need it, and each test worker would import it

    frame = pd.DataFrame(
        {"Data Scientist": ["R", "C"], "ML Engineer": ["A", "R/A"]},
        index=["Model training code", "Unit tests for model"],
    )
    assert normalise(demo_bank.get("99.raci"), frame) == {
        "Model training code": {"Data Scientist": "R", "ML Engineer": "A"},
        "Unit tests for model": {"ML Engineer": "R/A"},
    }
    counts = pd.Series({"ra": 3, "i": 6})
    result = normalise(demo_bank.get("99.value"), counts)
    assert result == {"ra": 3, "i": 6}
    assert all(type(v) is int for v in result.values())  # plain JSON numbers, not numpy
    assert normalise(demo_bank.get("99.match"), pd.Series({"proto": "ds"})) == {"proto": "ds"}


def test_a_single_value_field_takes_a_bare_number(tmp_path):
    data = load_yaml(FIXTURE.read_text(encoding="utf-8"))
    value = next(e for e in data["exercises"] if e["id"] == "99.value")
    value["fields"] = value["fields"][:1]
    value["mistakes"] = []
    data["exercises"] = [value]
    path = tmp_path / "99_one.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    exercise = load_file(path)[0]
    import numpy as np  # here: the other tests of the module never need it

    assert normalise(exercise, np.float64(3.0)) == {"ra": 3}
    assert normalise(exercise, "2.5") == {"ra": 2.5}
    with pytest.raises(AnswerError, match=r"^99\.value: the answer must be a number, got list"):
        normalise(exercise, [3])
