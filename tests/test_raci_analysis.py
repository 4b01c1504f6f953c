"""Per-role and per-activity analyses, on small matrices whose answer is known by construction,
and on the chapter's matrix against counts taken from the chapter's printed table."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import course
from course.raci import RACI, RASCI, RaciMatrix, activity_findings, role_findings, role_loads
from course.raci.analysis import workload_frame
from tests.property_budget import examples

# Section 3.4 of the chapter, transcribed by hand (same table as in test_chapter_data.py).
CHAPTER_TABLE = """
Define business problem | R/A | C   | I   | I
Data exploration        | R/A | C   | I   | C
Feature engineering     | R   | A   | I   | C
Model training code     | R   | A   | I   | I
Unit tests for model    | C   | R/A | I   | I
CI/CD pipeline          | I   | C   | R/A | I
Docker packaging        | C   | R   | A   | I
K8s deployment          | I   | C   | R/A | I
Monitoring setup        | I   | C   | R/A | I
Data pipeline           | I   | I   | C   | R/A
Feature store mgmt      | C   | C   | I   | R/A
"""
CHAPTER_ROLES = ["Data Scientist", "ML Engineer", "MLOps Engineer", "Data Engineer"]


def chapter_rows() -> list[tuple[str, list[str]]]:
    rows = []
    for line in CHAPTER_TABLE.strip().splitlines():
        activity, *cells = (part.strip() for part in line.split("|"))
        rows.append((activity, cells))
    return rows


def chapter_counts() -> dict[str, dict[str, int]]:
    """Per role: how many activities carry each letter, how many are blank, how many are R or A."""
    counts = {role: {"R": 0, "A": 0, "C": 0, "I": 0, "blank": 0, "owns": 0} for role in CHAPTER_ROLES}
    for _, cells in chapter_rows():
        for role, text in zip(CHAPTER_ROLES, cells, strict=True):
            held = set(text.split("/")) - {""}
            for letter in held:
                counts[role][letter] += 1
            counts[role]["blank"] += not held
            counts[role]["owns"] += bool(held & {"R", "A"})
    return counts


def matrix(columns: dict[str, str], activities: list[str] | None = None) -> RaciMatrix:
    """Build a matrix column by column: {role: 'R A C ...'} with one letter (or '-') per activity."""
    lengths = {len(spec.split()) for spec in columns.values()}
    assert len(lengths) == 1
    count = lengths.pop()
    names = activities or [f"Task {i + 1}" for i in range(count)]
    rows = {name: {} for name in names}
    for role, spec in columns.items():
        for name, text in zip(names, spec.split(), strict=True):
            rows[name][role] = "" if text == "-" else text
    return RaciMatrix.from_rows(rows, list(columns))


def checks(findings, subject: str | None = None) -> set[str]:
    return {f.check for f in findings if subject is None or f.subject == subject}


# --- per role ---------------------------------------------------------------------------------------------------


def test_role_responsible_for_five_of_six_is_overloaded():
    m = matrix({"Busy": "R R R R R C", "Lead": "A A A A A R/A", "Quiet": "I - - - C I"})
    findings = role_findings(m)
    assert "overloaded" in checks(findings, "Busy")
    assert "overloaded" not in checks(findings, "Lead")  # one R of six
    [finding] = [f for f in findings if f.check == "overloaded"]
    assert "5 of 6" in finding.message


def test_overload_threshold_is_a_parameter():
    m = matrix({"Busy": "R R R R R C", "Lead": "A A A A A R/A"})
    assert "overloaded" not in checks(role_findings(m, overload_share=5 / 6))
    assert "overloaded" in checks(role_findings(m, overload_share=4 / 6))


def test_role_with_only_c_and_i_has_no_r_or_a():
    m = matrix({"Doer": "R/A R/A R/A", "Watcher": "C I C"})
    assert "no-r-or-a" in checks(role_findings(m), "Watcher")
    assert "no-r-or-a" not in checks(role_findings(m), "Doer")


def test_role_with_a_letter_everywhere_has_no_blank():
    m = matrix({"Everywhere": "C I C", "Somewhere": "R/A R/A -"})
    assert "no-blank" in checks(role_findings(m), "Everywhere")
    assert "no-blank" not in checks(role_findings(m), "Somewhere")


def test_role_accountable_for_many_activities():
    m = matrix({"Boss": "A A A R/A - -", "Team": "R R R - R/A R/A"})
    assert "many-accountable" in checks(role_findings(m), "Boss")  # 4 of 6
    assert "many-accountable" not in checks(role_findings(m), "Team")  # 2 of 6
    assert "many-accountable" not in checks(role_findings(m, many_accountable_share=0.7), "Boss")


def test_balanced_matrix_has_no_role_findings():
    m = matrix({"DS": "R/A C - I", "MLE": "C R/A - C", "Ops": "- I R/A -", "DE": "I - C R/A"})
    assert role_findings(m) == []


# --- per activity -----------------------------------------------------------------------------------------------


def test_activity_with_two_responsible_is_many_r():
    m = matrix({"DS": "R/A R/A", "MLE": "R C", "Ops": "I -"}, ["Shared", "Single"])
    findings = activity_findings(m)
    assert checks(findings, "Shared") == {"many-r"}
    assert checks(findings, "Single") == set()
    assert "2 Responsible" in next(f.message for f in findings if f.check == "many-r")


def test_activity_with_three_consulted_is_many_c_and_two_is_not():
    m = matrix({"Owner": "R/A R/A", "A1": "C C", "A2": "C C", "A3": "C I"}, ["Three", "Two"])
    findings = activity_findings(m)
    assert checks(findings, "Three") == {"many-c"}
    assert checks(findings, "Two") == set()


def test_activity_with_three_informed_is_many_i():
    m = matrix({"Owner": "R/A", "A1": "I", "A2": "I", "A3": "I"}, ["Announce"])
    assert checks(activity_findings(m), "Announce") == {"many-i"}
    assert checks(activity_findings(m, many_consulted_or_informed=4), "Announce") == set()


def test_activity_without_r_or_a():
    m = matrix({"X": "A C", "Y": "C R"}, ["Owned only", "Done only"])
    findings = activity_findings(m)
    assert checks(findings, "Owned only") == {"no-r"}
    assert checks(findings, "Done only") == {"no-a"}


def test_findings_name_their_subject_in_the_message():
    m = matrix({"Busy": "R R R", "Watcher": "C C C", "B": "R C I", "C": "C I C"}, ["One", "Two", "Three"])
    for finding in role_findings(m) + activity_findings(m):
        assert finding.subject in finding.message


# --- the chapter's matrix ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def chapter_matrix() -> RaciMatrix:
    return course.load_chapter().raci_matrix


def test_chapter_role_loads_match_the_printed_table(chapter_matrix):
    expected = chapter_counts()
    loads = role_loads(chapter_matrix)
    assert [load.role for load in loads] == CHAPTER_ROLES
    for load in loads:
        want = expected[load.role]
        assert load.counts == {letter: want[letter] for letter in "RACI"}, load.role
        assert load.blank == want["blank"]
        assert load.owns == want["owns"]
        assert load.responsible == want["R"]
        assert load.accountable == want["A"]


def test_chapter_role_loads_spot_values(chapter_matrix):
    """A few counts read straight off the chapter's table, as a check of the counting helper itself."""
    loads = {load.role: load for load in role_loads(chapter_matrix)}
    assert loads["Data Scientist"].responsible == 4  # R/A, R/A, R, R
    assert loads["MLOps Engineer"].accountable == 4  # CI/CD, Docker, K8s, Monitoring
    assert loads["ML Engineer"].counts["C"] == 6
    assert loads["Data Engineer"].counts["I"] == 7


def test_chapter_findings_follow_from_the_printed_table(chapter_matrix):
    counts = chapter_counts()
    total = len(chapter_rows())
    expected_roles = set()
    for role, c in counts.items():
        if c["R"] / total > 0.4:
            expected_roles.add(("overloaded", role))
        if c["A"] / total > 0.4:
            expected_roles.add(("many-accountable", role))
        if c["owns"] == 0:
            expected_roles.add(("no-r-or-a", role))
        if c["blank"] == 0:
            expected_roles.add(("no-blank", role))
    assert {(f.check, f.subject) for f in role_findings(chapter_matrix)} == expected_roles

    expected_activities = set()
    for activity, cells in chapter_rows():
        held = [set(text.split("/")) for text in cells]
        if sum("R" in h for h in held) >= 2:
            expected_activities.add(("many-r", activity))
        for letter in "CI":
            if sum(letter in h for h in held) >= 3:
                expected_activities.add((f"many-{letter.lower()}", activity))
    assert {(f.check, f.subject) for f in activity_findings(chapter_matrix)} == expected_activities


def test_workload_frame(chapter_matrix):
    frame = workload_frame(chapter_matrix)
    assert frame.index.name == "role"
    assert list(frame.index) == CHAPTER_ROLES
    assert list(frame.columns) == ["R", "A", "C", "I", "R or A", "blank"]
    for role, c in chapter_counts().items():
        assert frame.loc[role].to_dict() == {
            "R": c["R"],
            "A": c["A"],
            "C": c["C"],
            "I": c["I"],
            "R or A": c["owns"],
            "blank": c["blank"],
        }


def test_workload_frame_of_a_rasci_matrix_has_an_s_column():
    m = RaciMatrix.from_rows({"Train": {"DS": "R/A", "MLE": "S", "Ops": ""}}, scheme=RASCI)
    frame = workload_frame(m)
    assert list(frame.columns) == ["R", "A", "S", "C", "I", "R or A", "blank"]
    assert frame.at["MLE", "S"] == 1
    assert frame.at["Ops", "blank"] == 1


# --- matrix construction and conversion -------------------------------------------------------------------------


def test_from_frame_of_to_frame_round_trips_the_chapter(chapter_matrix):
    frame = chapter_matrix.to_frame()
    assert frame.index.name == "activity"
    assert frame.columns.name == "role"
    assert RaciMatrix.from_frame(frame) == chapter_matrix


@settings(max_examples=examples(60), deadline=None)
@given(
    st.lists(st.sampled_from(["Frame", "Explore", "Train", "Ship", "Watch"]), min_size=1, max_size=5, unique=True),
    st.lists(st.sampled_from(["DS", "MLE", "Ops", "DE"]), min_size=1, max_size=4, unique=True),
    st.sampled_from([RACI, RASCI]),
    st.data(),
)
def test_from_frame_of_to_frame_round_trips_any_matrix(activities, roles, scheme, data):
    texts = ["", *(str(c) for c in scheme.valid_cells() if not c.is_blank)]
    rows = {a: {r: data.draw(st.sampled_from(texts)) for r in roles} for a in activities}
    original = RaciMatrix.from_rows(rows, roles, scheme)
    again = RaciMatrix.from_frame(original.to_frame(), scheme)
    assert again == original
    assert again.as_texts() == rows


def test_from_frame_reads_nan_and_none_as_blank():
    import pandas as pd  # here: the module's other tests never need it

    frame = pd.DataFrame({"DS": ["R/A", None], "MLE": [float("nan"), "r a"]}, index=["Train", "Ship"])
    m = RaciMatrix.from_frame(frame)
    assert m.as_texts() == {"Train": {"DS": "R/A", "MLE": ""}, "Ship": {"DS": "", "MLE": "R/A"}}


def test_as_texts_is_the_printed_table(chapter_matrix):
    assert chapter_matrix.as_texts() == {
        activity: dict(zip(CHAPTER_ROLES, cells, strict=True)) for activity, cells in chapter_rows()
    }


def test_from_rows_with_an_unknown_role_raises():
    with pytest.raises(ValueError, match=r"activity 'Train' names role 'Wizard', which is not a column"):
        RaciMatrix.from_rows({"Train": {"DS": "R/A", "Wizard": "C"}}, ["DS", "MLE"])


def test_from_rows_fills_missing_cells_with_blank_and_infers_roles_in_order():
    m = RaciMatrix.from_rows({"Train": {"DS": "R/A"}, "Ship": {"MLE": "R/A", "DS": "C"}})
    assert m.roles == ("DS", "MLE")
    assert m.cell("Train", "MLE").is_blank


def test_from_rows_with_a_bad_cell_names_it():
    with pytest.raises(ValueError, match=r"cell 'Train' x 'DS'"):
        RaciMatrix.from_rows({"Train": {"DS": "Z"}})


def test_duplicate_roles_are_rejected():
    with pytest.raises(ValueError, match="role 'DS' appears twice"):
        RaciMatrix.from_rows({"Train": {"DS": "R/A"}}, ["DS", "DS"])


def test_to_markdown(chapter_matrix):
    lines = chapter_matrix.to_markdown().splitlines()
    assert lines[0] == "| Activity | " + " | ".join(CHAPTER_ROLES) + " |"
    assert lines[1] == "|---|---|---|---|---|"
    assert lines[2] == "| Define business problem | R/A | C | I | I |"
    assert len(lines) == 2 + len(chapter_rows())


def test_holders_row_and_column(chapter_matrix):
    assert chapter_matrix.holders("Docker packaging", "R") == ["ML Engineer"]
    assert chapter_matrix.holders("Feature store mgmt", "C") == ["Data Scientist", "ML Engineer"]
    assert str(chapter_matrix.row("Data pipeline")["Data Engineer"]) == "R/A"
    column = chapter_matrix.column("MLOps Engineer")
    assert [str(column[a]) for a, _ in chapter_rows()] == [cells[2] for _, cells in chapter_rows()]
