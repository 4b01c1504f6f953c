"""What every type's widget shares: text from the definitions is escaped, never markup.

Expected points are worked out here from the fixture's key by hand (the
comments show the arithmetic), never by calling the scorer.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

from course.exercises.definitions import load_bank
from course.exercises.journal import Journal
from course.exercises.session import ExerciseSession
from course.exercises.widgets import build_widget
from tests.widget_tools import walk

FIXTURE_EXERCISES = Path(__file__).parent / "fixtures" / "exercises"

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
