"""The RACI grid type: its widget driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the comments show the
arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from course.exercises.definitions import load_bank
from course.exercises.journal import Journal
from course.exercises.records import MIME_TYPE
from course.exercises.session import ExerciseSession
from course.exercises.widgets import build_widget
from tests.widget_tools import controls, text, visible
from tests.yaml_tools import dump_yaml, load_yaml

FIXTURE_EXERCISES = Path(__file__).resolve().parent.parent / "fixtures" / "exercises"


def test_raci_grid_has_a_dropdown_per_open_cell_and_locks_given_cells(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    assert set(widget.dropdowns) == {
        ("Model training code", "Data Scientist"),
        ("Model training code", "ML Engineer"),
        ("Unit tests for model", "ML Engineer"),
    }
    expected = ["", "R", "A", "R/A", "C", "I"]
    for dropdown in widget.dropdowns.values():
        assert list(dropdown.options) == expected
        assert dropdown.style.description_width == "0px"
    assert widget.dropdowns[("Unit tests for model", "ML Engineer")].description == "Unit tests for model – ML Engineer"
    given = [w for w in controls(widget.body, type(widget.header)) if "mlc-given" in w.value]
    assert len(given) == 1
    assert text(given[0].value) == "C given"


def test_raci_grid_records_cells_and_describes_progress(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    widget.dropdowns[("Model training code", "Data Scientist")].value = "R"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"Model training code": {"Data Scientist": "R"}}
    assert "1 of 2 activities" in record["text/plain"]
    widget.dropdowns[("Unit tests for model", "ML Engineer")].value = "R/A"
    assert "2 of 2 activities" in session.bundle()["text/plain"]
    assert session.bundle()[MIME_TYPE]["revision"] == 2


def test_raci_live_warning_for_two_as_appears_and_goes(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    # Untouched rows say nothing, even the one whose given C alone breaks both rules.
    assert all(w.value == "" for w in widget.row_warnings.values())
    assert not visible(widget.warnings)
    widget.dropdowns[("Model training code", "Data Scientist")].value = "A"
    widget.dropdowns[("Model training code", "ML Engineer")].value = "A"
    row = text(widget.row_warnings["Model training code"].value)
    assert "two A's" in row
    assert visible(widget.warnings)
    assert "2 Accountable roles" in text(widget.warnings.value)
    assert widget.row_warnings["Unit tests for model"].value == ""
    widget.dropdowns[("Model training code", "Data Scientist")].value = "R"
    assert widget.row_warnings["Model training code"].value == ""
    assert not visible(widget.warnings)


def test_raci_live_warning_counts_given_cells(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    widget.dropdowns[("Unit tests for model", "ML Engineer")].value = "I"
    # Given C plus I: no A and no R in the row.
    row = text(widget.row_warnings["Unit tests for model"].value)
    assert "no A's" in row and "no R" in row


def test_raci_full_and_partial_scores(make_session):
    session = make_session("99.raci")
    widget = build_widget(session)
    cells = widget.dropdowns
    cells[("Model training code", "Data Scientist")].value = "R"
    cells[("Model training code", "ML Engineer")].value = "R"
    cells[("Unit tests for model", "ML Engineer")].value = "R/A"
    widget.check_button.click()
    # 6 points: 2 for the two rules, 4 over 3 open cells. Two cells right (8/3); the one-A rule
    # is broken in row 1 (no A), the one-R rule is kept (+1).
    assert session.last_score.points == pytest.approx(8 / 3 + 1, abs=1e-3)
    cells[("Model training code", "ML Engineer")].value = "A"
    widget.check_button.click()
    assert session.last_score.points == 6
    assert session.last_score.status == "correct"


def test_raci_grid_offers_s_for_a_rasci_scheme(tmp_path):
    with open(FIXTURE_EXERCISES / "99_demo.yaml", encoding="utf-8") as stream:
        data = load_yaml(stream)
    raci = next(e for e in data["exercises"] if e["id"] == "99.raci")
    raci["scheme"] = "RASCI"
    raci["answer"][0]["Data Scientist"] = "S"
    data["exercises"] = [raci]
    path = tmp_path / "99_rasci.yaml"
    path.write_text(dump_yaml(data), encoding="utf-8")
    exercise = load_bank(path).get("99.raci")
    widget = build_widget(ExerciseSession(exercise, Journal(tmp_path / "j.json")))
    dropdown = widget.dropdowns[("Model training code", "Data Scientist")]
    assert list(dropdown.options) == ["", "R", "A", "R/A", "S", "C", "I"]
    dropdown.value = "S"
    assert widget.session.answer == {"Model training code": {"Data Scientist": "S"}}
    assert "Support" in text(widget.body.children[1].value)
