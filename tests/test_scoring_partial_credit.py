"""Partial credit per exercise type, with the expected points worked out here by hand.

The fixture's keys: single 'mlops' (1 pt); multi {spark, dbt, kafka} of five (2 pts);
match proto->ds, serving->mle, alerts->mlops (3 pts); raci 4 pts over 3 open cells + 2 rule
points; scenario full_stack (1 pt) + reasons {one_team, speed} of three (2 pts); value
ra=3, i=6 (2 pts); reflection 0 pts.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.definitions import load_file
from course.exercises.results import COLLECTED, CORRECT, INCORRECT, PARTIAL, UNANSWERED
from course.exercises.scoring import score
from course.exercises.types.raci_grid import EMPTY_ROWS_LABEL
from tests.yaml_tools import dump_yaml, load_yaml

FIXTURE = Path(__file__).parent / "fixtures" / "exercises" / "99_demo.yaml"
MULTI_KEY = {"spark", "dbt", "kafka"}
MULTI_WRONG = {"helm", "fastapi"}
RACI_KEY = {
    ("Model training code", "Data Scientist"): "R",
    ("Model training code", "ML Engineer"): "A",
    ("Unit tests for model", "ML Engineer"): "R/A",
}
GIVEN = {("Unit tests for model", "Data Scientist"): "C"}


def variant(tmp_path: Path, exercise_id: str, **changes: object):
    """The fixture's exercise with some fields changed, loaded through the real parser."""
    data = load_yaml(FIXTURE.read_text(encoding="utf-8"))
    exercise = next(e for e in data["exercises"] if e["id"] == exercise_id)
    exercise.update(changes)
    data["exercises"] = [exercise]
    path = tmp_path / "99_variant.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    return load_file(path)[0]


def test_single_choice_is_all_or_nothing(demo_bank):
    exercise = demo_bank.get("99.single")
    assert (score(exercise, "mlops").points, score(exercise, "mlops").status) == (1.0, CORRECT)
    wrong = score(exercise, "mle")
    assert (wrong.points, wrong.status) == (0.0, INCORRECT)
    assert wrong.misconceptions == ("Consulted means owning",)


@pytest.mark.parametrize(
    "selected",
    [
        [],
        ["spark"],
        ["spark", "dbt"],
        ["spark", "dbt", "kafka"],
        ["spark", "helm"],
        ["spark", "dbt", "helm"],
        ["spark", "dbt", "kafka", "helm"],
        ["spark", "dbt", "kafka", "helm", "fastapi"],
        ["helm", "fastapi"],
    ],
)
def test_multiple_select_is_right_minus_wrong_floored_at_zero(demo_bank, selected):
    chosen = set(selected)
    right, wrong = len(chosen & MULTI_KEY), len(chosen & MULTI_WRONG)
    # Each right pick earns 2/3, each wrong pick costs 2/2: ticking all five earns nothing.
    expected = max(0.0, right * 2 / len(MULTI_KEY) - wrong * 2 / len(MULTI_WRONG))
    result = score(demo_bank.get("99.multi"), selected or None)
    assert result.points == pytest.approx(expected, abs=1e-3)
    if not selected:
        assert result.status == UNANSWERED
    elif right == len(MULTI_KEY) and not wrong:
        assert result.status == CORRECT
    else:
        assert result.status == (PARTIAL if expected > 0 else INCORRECT)


def test_multiple_select_without_partial_credit(tmp_path):
    exercise = variant(tmp_path, "99.multi", partial_credit="none")
    assert score(exercise, ["spark", "dbt"]).points == 0
    assert score(exercise, ["spark", "dbt", "kafka"]).points == 2


@pytest.mark.parametrize(
    ("answer", "right"),
    [
        ({"proto": "ds"}, 1),
        ({"proto": "ds", "serving": "mle"}, 2),
        ({"proto": "mle", "serving": "mlops", "alerts": "ds"}, 0),
        ({"proto": "ds", "serving": "mle", "alerts": "mlops"}, 3),
    ],
)
def test_matching_earns_per_item(demo_bank, answer, right):
    result = score(demo_bank.get("99.match"), answer)
    assert result.points == pytest.approx(3 / 3 * right)
    assert sum(p.correct for p in result.parts) == right


def test_matching_without_partial_credit(tmp_path):
    exercise = variant(tmp_path, "99.match", partial_credit="none")
    assert score(exercise, {"proto": "ds", "serving": "mle"}).points == 0
    assert score(exercise, {"proto": "ds", "serving": "mle", "alerts": "mlops"}).points == 3


def _raci_expected(answer: dict[str, dict[str, str]]) -> float:
    """Cells: 4 points over the 3 open cells; rules: 1 point each when no row breaks it."""
    cells = {**GIVEN, **{(a, r): v for a, row in answer.items() for r, v in row.items()}}
    right = sum(cells.get(cell, "") == letters for cell, letters in RACI_KEY.items())
    rows = {a for a, _ in RACI_KEY}
    roles = ("Data Scientist", "ML Engineer")

    def holders(activity: str, letter: str) -> int:
        return sum(letter in cells.get((activity, role), "").split("/") for role in roles)

    one_a = all(holders(a, "A") == 1 for a in rows)
    some_r = all(holders(a, "R") >= 1 for a in rows)
    return right * 4 / 3 + one_a + some_r


@pytest.mark.parametrize(
    "answer",
    [
        {"Model training code": {"Data Scientist": "R", "ML Engineer": "A"}},
        {
            "Model training code": {"Data Scientist": "R", "ML Engineer": "R"},
            "Unit tests for model": {"ML Engineer": "R/A"},
        },
        {
            "Model training code": {"Data Scientist": "A", "ML Engineer": "A"},
            "Unit tests for model": {"ML Engineer": "R/A"},
        },
        {
            "Model training code": {"Data Scientist": "R/A", "ML Engineer": "I"},
            "Unit tests for model": {"ML Engineer": "R"},
        },
        {
            "Model training code": {"Data Scientist": "R", "ML Engineer": "A"},
            "Unit tests for model": {"ML Engineer": "R/A"},
        },
    ],
)
def test_raci_earns_per_cell_plus_rules(demo_bank, answer):
    result = score(demo_bank.get("99.raci"), answer)
    assert result.points == pytest.approx(_raci_expected(answer), abs=1e-3)


def test_raci_names_the_misconception_of_two_as(demo_bank):
    result = score(demo_bank.get("99.raci"), {"Model training code": {"Data Scientist": "A", "ML Engineer": "A"}})
    assert "Shared accountability (more than one A)" in result.misconceptions


def test_raci_without_partial_credit(tmp_path):
    exercise = variant(tmp_path, "99.raci", partial_credit="none")
    half = {"Model training code": {"Data Scientist": "R", "ML Engineer": "A"}}
    assert score(exercise, half).points == 0
    full = {**half, "Unit tests for model": {"ML Engineer": "R/A"}}
    assert score(exercise, full).points == 6


@pytest.mark.parametrize(
    ("answer", "expected"),
    [
        ({"topology": "full_stack"}, 1),
        ({"topology": "full_stack", "reasons": ["one_team"]}, 1 + 1),
        ({"topology": "embedded", "reasons": ["one_team", "speed"]}, 0 + 2),
        ({"topology": "full_stack", "reasons": ["one_team", "speed", "standards"]}, 1 + (2 - 2)),
        # A wrong reason may cancel right reasons, never the topology's point.
        ({"topology": "full_stack", "reasons": ["standards"]}, 1),
        ({"topology": "full_stack", "reasons": ["one_team", "speed"]}, 3),
    ],
)
def test_scenario_earns_per_part(demo_bank, answer, expected):
    assert score(demo_bank.get("99.scenario"), answer).points == pytest.approx(expected)


def test_scenario_without_partial_credit(tmp_path):
    exercise = variant(tmp_path, "99.scenario", partial_credit="none")
    assert score(exercise, {"topology": "full_stack", "reasons": ["one_team"]}).points == 0
    assert score(exercise, {"topology": "full_stack", "reasons": ["one_team", "speed"]}).points == 3


def test_value_earns_per_field_and_recognises_a_common_mistake(demo_bank):
    exercise = demo_bank.get("99.value")
    assert score(exercise, {"ra": 3}).points == pytest.approx(1)
    assert score(exercise, {"ra": 3, "i": 6}).points == pytest.approx(2)
    slip = score(exercise, {"ra": 4, "i": 6})
    assert slip.points == pytest.approx(1)
    assert "You counted the A on Docker packaging too" in slip.parts[0].feedback
    assert slip.misconceptions == ("R/A cells: 4",)
    plain = score(exercise, {"i": 5}).parts[1].feedback
    assert "is not right" in plain and "too low" not in plain  # a direction would make the Check a guessing game


def test_value_tolerance(tmp_path):
    exercise = variant(
        tmp_path, "99.value", fields=[{"id": "ra", "label": "R/A share", "answer": 0.3, "tolerance": 0.05}], mistakes=[]
    )
    assert score(exercise, {"ra": 0.34}).points == 2
    assert score(exercise, {"ra": 0.36}).points == 0


def test_free_text_is_collected_never_scored(demo_bank):
    exercise = demo_bank.get("99.reflect")
    result = score(exercise, "Too short")
    assert (result.points, result.max_points, result.status) == (0, 0, COLLECTED)
    assert "aim for at least 5" in result.summary
    assert score(exercise, "").status == UNANSWERED


def test_every_summary_states_the_points(demo_bank):
    for exercise in demo_bank:
        if exercise.graded:
            result = score(exercise, None)
            assert result.summary.startswith("No answer yet (0 of ")


def test_an_untouched_raci_row_earns_nothing_even_where_the_key_is_blank(tmp_path):
    # Three roles; the key leaves QA blank on both rows. Only the first row is answered (correctly).
    exercise = variant(
        tmp_path,
        "99.raci",
        roles=["Data Scientist", "ML Engineer", "QA Engineer"],
        answer=[
            {"activity": "Model training code", "Data Scientist": "R", "ML Engineer": "A"},
            {"activity": "Unit tests for model", "Data Scientist": "C", "ML Engineer": "R/A"},
        ],
        rules=[],
        rule_points=0,
        points=5,
        given=[],
    )
    result = score(exercise, {"Model training code": {"Data Scientist": "R", "ML Engineer": "A"}})
    unit = 5 / 6  # six scored cells
    assert result.points == pytest.approx(round(3 * unit, 4))
    (untouched,) = [p for p in result.parts if p.label == EMPTY_ROWS_LABEL]
    assert untouched.points == 0 and not untouched.correct
    assert untouched.max_points == pytest.approx(3 * unit)
    assert "Still empty: Unit tests for model." in untouched.feedback


def test_value_explanation_is_withheld_until_every_value_is_right(demo_bank):
    exercise = demo_bank.get("99.value")
    half = score(exercise, {"ra": 3, "i": 5})
    right_part = next(p for p in half.parts if p.correct)
    assert right_part.explanation == ""  # it would give the other value away
    wrong_part = next(p for p in half.parts if not p.correct)
    assert wrong_part.explanation == exercise.explanation  # shown only once explanations are revealed
    full = score(exercise, {"ra": 3, "i": 6})
    assert all(p.explanation == exercise.explanation for p in full.parts)


def test_wrong_choice_feedback_is_the_explanation_and_the_misconception_is_named_apart(demo_bank):
    result = score(demo_bank.get("99.single"), "ds")
    (part,) = result.parts
    assert part.feedback == "The data scientist is only informed about the pipeline."
    assert part.misconception == "Builder owns the pipe"
