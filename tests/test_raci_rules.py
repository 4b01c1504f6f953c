"""Validity rules and comparison of RACI matrices, on hand-made and random matrices.

The expectations of the property tests are computed here from the cell texts
(the rule as the RACI literature states it: exactly one A and at least one R
per activity), not by calling the code under test.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from course.raci import RASCI, RaciMatrix, compare, validate
from course.raci.rules import ONE_ACCOUNTABLE, SOME_RESPONSIBLE, UNKNOWN_ACTIVITY, UNKNOWN_ROLE
from tests.property_budget import examples

CELL_TEXTS = ["", "R", "A", "C", "I", "R/A"]
ACTIVITY_POOL = ["Frame problem", "Explore data", "Train model", "Package model", "Deploy", "Monitor"]
ROLE_POOL = ["Data Scientist", "ML Engineer", "MLOps Engineer", "Data Engineer"]

ANY_CELL = st.sampled_from(CELL_TEXTS)
PROPERTY_SETTINGS = settings(max_examples=examples(120), deadline=None)


def letters(text: str) -> set[str]:
    return set(text.split("/")) - {""}


@st.composite
def text_tables(draw: st.DrawFn, cells: st.SearchStrategy[str] = ANY_CELL) -> dict[str, dict[str, str]]:
    """{activity: {role: cell text}} over a few activities and roles."""
    activities = draw(st.lists(st.sampled_from(ACTIVITY_POOL), min_size=1, max_size=5, unique=True))
    roles = draw(st.lists(st.sampled_from(ROLE_POOL), min_size=1, max_size=4, unique=True))
    return {activity: {role: draw(cells) for role in roles} for activity in activities}


@st.composite
def valid_text_tables(draw: st.DrawFn) -> dict[str, dict[str, str]]:
    """Tables built to be valid: one A per row (maybe also R), at least one R."""
    table = draw(text_tables(st.sampled_from(["", "R", "C", "I"])))
    for row in table.values():
        roles = list(row)
        owner = draw(st.sampled_from(roles))
        row[owner] = draw(st.sampled_from(["A", "R/A"]))
        if not any("R" in letters(text) for text in row.values()):
            others = [r for r in roles if r != owner]
            doer = draw(st.sampled_from(others)) if others else owner
            row[doer] = "R/A" if doer == owner else "R"
    return table


def matrix_of(table: dict[str, dict[str, str]]) -> RaciMatrix:
    return RaciMatrix.from_rows(table)


def expected_problems(table: dict[str, dict[str, str]]) -> set[tuple[str, str]]:
    found = set()
    for activity, row in table.items():
        if sum("A" in letters(text) for text in row.values()) != 1:
            found.add((activity, ONE_ACCOUNTABLE))
        if not any("R" in letters(text) for text in row.values()):
            found.add((activity, SOME_RESPONSIBLE))
    return found


# --- validate ---------------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(text_tables())
def test_valid_iff_one_a_and_some_r_in_every_row(table):
    problems = validate(matrix_of(table))
    assert (problems == []) == (expected_problems(table) == set())
    assert {(p.activity, p.rule) for p in problems} == expected_problems(table)


@PROPERTY_SETTINGS
@given(text_tables())
def test_problems_name_the_activity_and_the_rule(table):
    for problem in validate(matrix_of(table)):
        assert problem.activity in table
        assert repr(problem.activity) in problem.message
        assert problem.rule in {ONE_ACCOUNTABLE, SOME_RESPONSIBLE}
        word = "Accountable" if problem.rule == ONE_ACCOUNTABLE else "Responsible"
        assert word in problem.message
        assert str(problem) == problem.message


@PROPERTY_SETTINGS
@given(text_tables())
def test_problems_come_in_row_order(table):
    order = list(table)
    positions = [order.index(p.activity) for p in validate(matrix_of(table))]
    assert positions == sorted(positions)


@PROPERTY_SETTINGS
@given(valid_text_tables())
def test_constructed_valid_matrices_validate_with_one_a_per_activity(table):
    matrix = matrix_of(table)
    assert validate(matrix) == []
    for activity in matrix.activities:
        assert len(matrix.holders(activity, "A")) == 1
        assert len(matrix.holders(activity, "R")) >= 1


def test_two_accountable_is_one_problem_naming_both_roles():
    matrix = matrix_of({"Deploy": {"ML Engineer": "A", "MLOps Engineer": "R/A"}})
    [problem] = validate(matrix)
    assert problem.rule == ONE_ACCOUNTABLE
    assert problem.activity == "Deploy"
    assert "2 Accountable roles (ML Engineer, MLOps Engineer)" in problem.message


def test_empty_row_breaks_both_rules():
    matrix = matrix_of({"Deploy": {"ML Engineer": "", "MLOps Engineer": "C"}})
    assert [p.rule for p in validate(matrix)] == [ONE_ACCOUNTABLE, SOME_RESPONSIBLE]


def test_unknown_roles_and_activities():
    matrix = matrix_of({"Deploy": {"ML Engineer": "R/A", "Wizard": "C"}, "Dance": {"ML Engineer": "R/A", "Wizard": ""}})
    problems = validate(matrix, known_roles=["ML Engineer"], known_activities=["Deploy"])
    assert [(p.rule, p.role, p.activity) for p in problems] == [
        (UNKNOWN_ROLE, "Wizard", None),
        (UNKNOWN_ACTIVITY, None, "Dance"),
    ]
    assert "'Wizard'" in problems[0].message
    assert "'Dance'" in problems[1].message


# --- compare ----------------------------------------------------------------------------------------------------


@PROPERTY_SETTINGS
@given(text_tables())
def test_compare_with_itself_is_identical(table):
    matrix = matrix_of(table)
    result = compare(matrix, matrix)
    assert result.identical
    assert result.differences == ()
    assert result.total == result.matched == len(table) * len(next(iter(table.values())))
    assert result.missing_activities == result.extra_activities == ()
    assert result.missing_roles == result.extra_roles == ()


@PROPERTY_SETTINGS
@given(st.data())
def test_compare_counts_exactly_the_mutated_cells(data):
    table = data.draw(text_tables())
    positions = [(a, r) for a, row in table.items() for r in row]
    chosen = data.draw(st.lists(st.sampled_from(positions), unique=True, max_size=len(positions)))
    mutated = {a: dict(row) for a, row in table.items()}
    for activity, role in chosen:
        mutated[activity][role] = data.draw(st.sampled_from(CELL_TEXTS))
    changed = {(a, r) for a, r in positions if mutated[a][r] != table[a][r]}

    result = compare(matrix_of(table), matrix_of(mutated))
    assert len(result.differences) == len(changed)
    assert {(d.activity, d.role) for d in result.differences} == changed
    assert result.matched == len(positions) - len(changed)
    assert result.identical == (not changed)
    for activity in table:
        assert result.wrong_in(activity) == sum(1 for a, _ in changed if a == activity)
    for diff in result.differences:
        assert str(diff.expected) == table[diff.activity][diff.role]
        assert str(diff.actual) == mutated[diff.activity][diff.role]


def test_compare_ignores_spelling_of_the_same_letters():
    expected = matrix_of({"Deploy": {"MLE": "R/A", "Ops": "C"}})
    actual = matrix_of({"Deploy": {"MLE": "a r", "Ops": "c"}})
    assert compare(expected, actual).identical


def test_compare_missing_and_extra_rows_and_columns():
    expected = matrix_of({"Train": {"DS": "R/A", "MLE": "C"}, "Deploy": {"DS": "I", "MLE": "R/A"}})
    actual = matrix_of({"Train": {"DS": "R/A", "Ops": "C"}, "Dance": {"DS": "R/A", "Ops": ""}})
    result = compare(expected, actual)
    assert result.missing_activities == ("Deploy",)
    assert result.extra_activities == ("Dance",)
    assert result.missing_roles == ("MLE",)
    assert result.extra_roles == ("Ops",)
    assert not result.identical
    # Every cell of the missing row and column counts as wrong; absent cells read as "nothing".
    assert {(d.activity, d.role) for d in result.differences} == {("Train", "MLE"), ("Deploy", "DS"), ("Deploy", "MLE")}
    assert result.total == 4 and result.matched == 1
    assert all(d.actual is None for d in result.differences)
    assert str(result.differences[0]) == "Train x MLE: expected 'C', got nothing"


def test_extra_column_alone_makes_a_comparison_not_identical():
    expected = matrix_of({"Train": {"DS": "R/A"}})
    actual = matrix_of({"Train": {"DS": "R/A", "MLE": "C"}})
    result = compare(expected, actual)
    assert result.differences == ()
    assert result.matched == result.total == 1
    assert not result.identical


def test_difference_text_shows_blank_cells():
    expected = matrix_of({"Train": {"DS": "R/A", "MLE": ""}})
    actual = matrix_of({"Train": {"DS": "", "MLE": "C"}})
    assert [str(d) for d in compare(expected, actual).differences] == [
        "Train x DS: expected 'R/A', got blank",
        "Train x MLE: expected blank, got 'C'",
    ]


def test_compare_rasci_matrices():
    expected = RaciMatrix.from_rows({"Train": {"DS": "R/A", "MLE": "S"}}, scheme=RASCI)
    actual = RaciMatrix.from_rows({"Train": {"DS": "R/A", "MLE": "C"}}, scheme=RASCI)
    [diff] = compare(expected, actual).differences
    assert (diff.role, str(diff.expected), str(diff.actual)) == ("MLE", "S", "C")
