"""Each exercise type's widget, driven through its controls and buttons.

Expected points are worked out here from the fixture's key by hand (the
comments show the arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pytest
import yaml

from course.exercises.definitions import load_bank
from course.exercises.journal import Journal
from course.exercises.records import MIME_TYPE
from course.exercises.session import ExerciseSession
from course.exercises.widgets import build_widget
from course.exercises.widgets.matching import BLANK_LABEL
from tests.widget_tools import controls, text, visible, walk

FIXTURE_EXERCISES = Path(__file__).parent / "fixtures" / "exercises"

# --- single choice ---------------------------------------------------------------


def test_single_choice_starts_unselected_and_records_every_pick(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    assert widget.radio.value is None
    assert [label for label, _ in widget.radio.options] == ["Data Scientist", "MLOps Engineer", "ML Engineer"]
    widget.radio.value = "mle"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == "mle"
    assert record[MIME_TYPE]["revision"] == 1
    assert "choice mle" in record["text/plain"]
    widget.check_button.click()
    assert session.last_score.points == 0
    assert "Consulted means owning" in text(widget.feedback.value)
    widget.radio.value = "mlops"
    widget.check_button.click()
    assert session.last_score.points == 1.0
    assert "✔" in text(widget.feedback.value)
    assert session.bundle()[MIME_TYPE]["attempts"] == 2


# --- multiple select -------------------------------------------------------------


def test_multiple_select_does_not_reward_ticking_everything(make_session):
    session = make_session("99.multi")
    widget = build_widget(session)
    for box in widget.boxes.values():
        box.value = True
    widget.check_button.click()
    # 3 right picks earn 2/3 each, 2 wrong picks cost 2/2 each: 2 - 2 = 0.
    assert session.last_score.points == 0
    assert session.answer == ["spark", "dbt", "kafka", "helm", "fastapi"]
    shown = text(widget.feedback.value)
    assert "Every infra tool is a data tool" in shown and "Serving is data work" in shown


@pytest.mark.parametrize(
    ("ticked", "right", "wrong"),
    [(["spark"], 1, 0), (["spark", "dbt"], 2, 0), (["spark", "dbt", "helm"], 2, 1), (["spark", "dbt", "kafka"], 3, 0)],
)
def test_multiple_select_scores_right_minus_wrong(make_session, ticked, right, wrong):
    session = make_session("99.multi")
    widget = build_widget(session)
    for choice_id in ticked:
        widget.boxes[choice_id].value = True
    widget.check_button.click()
    expected = max(0.0, right * 2 / 3 - wrong * 2 / 2)
    assert session.last_score.points == pytest.approx(expected, abs=1e-3)


def test_multiple_select_feedback_keeps_missed_options_secret_until_all_are_right(make_session):
    session = make_session("99.multi")
    widget = build_widget(session)
    widget.boxes["spark"].value = True
    widget.check_button.click()
    first = text(widget.feedback.value)
    assert "2 right options not selected yet" in first
    assert "dbt" not in first and "Kafka" not in first
    widget.check_button.click()  # the same answer again is not an attempt: still hidden
    assert "dbt" not in text(widget.feedback.value)
    widget.boxes["helm"].value = True
    widget.check_button.click()  # a second check of a changed answer: the missed options stay unnamed
    assert "dbt" not in text(widget.feedback.value) and "Kafka" not in text(widget.feedback.value)
    widget.boxes["helm"].value = False
    widget.boxes["dbt"].value = True
    widget.boxes["kafka"].value = True
    widget.check_button.click()
    assert "Kafka streams events." in text(widget.feedback.value)


# --- matching ----------------------------------------------------------------------


def test_matching_dropdowns_start_blank_and_record_placements(make_session):
    session = make_session("99.match")
    widget = build_widget(session)
    for dropdown in widget.dropdowns.values():
        assert dropdown.options[0] == (BLANK_LABEL, "")
        assert (dropdown.label, dropdown.value) == (BLANK_LABEL, "")
    assert [d.description for d in widget.dropdowns.values()] == [
        "Model prototypes",
        "Serving code",
        "Alerting systems",
    ]
    widget.dropdowns["proto"].value = "ds"
    widget.dropdowns["serving"].value = "mlops"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"proto": "ds", "serving": "mlops"}
    assert "2 of 3 items placed" in record["text/plain"]
    widget.check_button.click()
    # 3 points over 3 items: proto right (1), serving wrong, alerts not placed.
    assert session.last_score.points == pytest.approx(1.0)
    shown = text(widget.feedback.value)
    assert "Running the service is not writing it." in shown
    assert "Not placed yet." in shown
    widget.dropdowns["serving"].value = ""  # back to blank removes the placement
    assert session.answer == {"proto": "ds"}


# --- RACI grid -----------------------------------------------------------------------


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
        data = yaml.safe_load(stream)
    raci = next(e for e in data["exercises"] if e["id"] == "99.raci")
    raci["scheme"] = "RASCI"
    raci["answer"][0]["Data Scientist"] = "S"
    data["exercises"] = [raci]
    path = tmp_path / "99_rasci.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    exercise = load_bank(path).get("99.raci")
    widget = build_widget(ExerciseSession(exercise, Journal(tmp_path / "j.json")))
    dropdown = widget.dropdowns[("Model training code", "Data Scientist")]
    assert list(dropdown.options) == ["", "R", "A", "R/A", "S", "C", "I"]
    dropdown.value = "S"
    assert widget.session.answer == {"Model training code": {"Data Scientist": "S"}}
    assert "Support" in text(widget.body.children[1].value)


# --- scenario ------------------------------------------------------------------------


def test_scenario_shows_the_profile_and_scores_topology_and_reasons(make_session):
    session = make_session("99.scenario")
    widget = build_widget(session)
    facts = text(widget.body.children[0].value)
    for fact, value in [("People", "six"), ("Products", "one"), ("MLOps maturity", "none yet")]:
        assert f"{fact} {value}" in facts
    assert widget.topology.value is None
    widget.topology.value = "full_stack"
    widget.reasons["one_team"].value = True
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"topology": "full_stack", "reasons": ["one_team"]}
    widget.check_button.click()
    # Topology 1 point; reasons 2 points over 2 right reasons: 1 + 1.
    assert session.last_score.points == pytest.approx(2.0)
    assert "1 right reason not selected yet" in text(widget.feedback.value)


def test_scenario_ticking_every_reason_earns_no_reason_points(make_session):
    session = make_session("99.scenario")
    widget = build_widget(session)
    widget.topology.value = "full_stack"
    for box in widget.reasons.values():
        box.value = True
    widget.check_button.click()
    # Reasons: 2 right x 1 - 1 wrong x 2 = 0; the topology keeps its 1 point.
    assert session.last_score.points == pytest.approx(1.0)
    assert "Standardisation first" in text(widget.feedback.value)


# --- value ---------------------------------------------------------------------------


def test_value_fields_record_only_what_was_typed(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    assert [f.description for f in widget.fields.values()] == ["R/A cells", "I cells"]
    assert all("no value yet" in text(s.value) for s in widget.states.values())
    assert [f.value for f in widget.fields.values()] == ["", ""]  # empty, not a misleading 0
    widget.fields["ra"].value = "4"
    record = session.bundle()
    assert record[MIME_TYPE]["answer"] == {"ra": 4}
    assert "1 of 2 values" in record["text/plain"]
    assert "recorded: 4" in text(widget.states["ra"].value)
    assert "no value yet" in text(widget.states["i"].value)
    widget.check_button.click()
    assert session.last_score.points == 0
    assert "You counted the A on Docker packaging too" in text(widget.feedback.value)
    widget.fields["ra"].value = " 3 "
    widget.fields["i"].value = "6.0"
    widget.check_button.click()
    assert session.last_score.points == 2
    widget.fields["i"].value = ""  # clearing a field takes its value back out
    assert session.answer == {"ra": 3}


def test_value_widget_tells_how_to_submit_from_code(make_session):
    widget = build_widget(make_session("99.value"))
    hint = text(widget.body.children[-1].value)
    assert 'course.answer("99.value", {"ra": …, "i": …})' in hint
    assert "ex.answer(" in hint and "pandas" in hint


def test_value_answer_error_is_shown_not_raised(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    widget.fields["ra"].value = "3"
    widget.fields["i"].value = "six"  # must not raise into the notebook
    status = text(widget.status.value)
    assert "Not recorded" in status and "must be a number" in status and "99.value" in status
    assert "mlc-status-error" in widget.status._dom_classes
    assert session.answer == {"ra": 3}
    widget.fields["i"].value = "nan"
    assert "finite number" in text(widget.status.value)
    widget.fields["i"].value = "6"
    assert session.answer == {"ra": 3, "i": 6}
    assert "mlc-status-error" not in widget.status._dom_classes
    assert "Answer recorded" in text(widget.status.value)


def test_value_answered_in_code_fills_the_fields(make_session):
    session = make_session("99.value")
    widget = build_widget(session)
    session.set_answer({"ra": 3, "i": 6.5})
    assert (widget.fields["ra"].value, widget.fields["i"].value) == ("3", "6.5")
    assert "recorded: 6.5" in text(widget.states["i"].value)


# --- free text -----------------------------------------------------------------------


def test_free_text_counts_words_and_is_collected_not_scored(make_session):
    session = make_session("99.reflect")
    widget = build_widget(session)
    assert "collected for your instructor" in text(widget.header.value)
    assert "0 words (aim for at least 5)" in text(widget.word_count.value)
    widget.text.value = "Roles overlap more than expected "
    assert session.answer == "Roles overlap more than expected"
    assert widget.text.value == "Roles overlap more than expected "  # typing is not disturbed
    assert text(widget.word_count.value).startswith("✔ 5 words")
    assert "5 words" in session.bundle()["text/plain"]
    widget.check_button.click()
    assert session.last_score.status == "collected" and session.last_score.points == 0
    assert "recorded for your instructor" in text(widget.feedback.value)


def test_free_text_too_long_keeps_the_first_max_chars_with_a_warning(make_session):
    session = make_session("99.reflect")
    widget = build_widget(session)
    widget.text.value = "short note here"
    limit = session.exercise.max_chars
    pasted = "y" * limit + "TAIL"
    widget.text.value = pasted
    assert session.answer == "y" * limit  # kept, not thrown away
    assert session.bundle()["application/vnd.mlops-course.answer+json"]["answer"] == "y" * limit
    assert f"the first {limit} are recorded" in text(widget.status.value)
    assert widget.text.value == "y" * limit  # the box shows what is recorded


def test_a_wrong_choice_names_its_misconception_as_such(make_session):
    session = make_session("99.single")
    widget = build_widget(session)
    widget.radio.value = "ds"
    widget.check_button.click()
    feedback = text(widget.feedback.value)
    assert "Common misconception: “Builder owns the pipe”." in feedback
    assert "The data scientist is only informed about the pipeline." in feedback


# --- markup ----------------------------------------------------------------------------


def test_type_widgets_escape_names_and_facts_from_the_definitions(tmp_path):
    """Activity, role and fact texts with HTML in them show as text in every snippet."""
    source = (FIXTURE_EXERCISES / "99_demo.yaml").read_text(encoding="utf-8")
    source = source.replace("Unit tests for model", "Unit <tests> & model").replace(
        "People: six", "<b>People</b>: six & more"
    )
    path = tmp_path / "99_markup.yaml"
    path.write_text(source, encoding="utf-8")
    bank = load_bank(path)
    journal = Journal(tmp_path / "j.json")

    raci = build_widget(ExerciseSession(bank.get("99.raci"), journal))
    scenario = build_widget(ExerciseSession(bank.get("99.scenario"), journal))
    raci.dropdowns[("Model training code", "Data Scientist")].value = "A"  # two A's: a live warning
    snippets = [w.value for root in (raci, scenario) for w in walk(root) if isinstance(w, widgets.HTML)]

    joined = "\n".join(snippets)
    assert "<tests>" not in joined and "<b>People</b>" not in joined
    assert "Unit &lt;tests&gt; &amp; model" in joined
    assert "&lt;b&gt;People&lt;/b&gt;" in joined and "six &amp; more" in joined
    assert any("mlc-given" in s and 'title="Given: Unit &lt;tests&gt; &amp; model' in s for s in snippets)
