"""RACI letter meanings come from the `Scheme` alone.

A scheme that words its letters differently changes every sentence that names
a letter: rule problems, analysis findings, the figure legend. The workload
figure's counts are `analysis.role_loads`.
"""

from __future__ import annotations

from course.raci.analysis import activity_findings, role_findings, role_loads
from course.raci.cells import RACI, Scheme
from course.raci.matrix import RaciMatrix
from course.raci.rules import activity_problems

WORDED = Scheme(
    name="RACI (worded)",
    letters=RACI.letters,
    meanings=("Doer", "Owner", "Adviser", "Watcher"),
    combinable=RACI.combinable,
)


def _matrix(scheme: Scheme) -> RaciMatrix:
    rows = {
        "Train": {"DS": "R/A", "MLE": "C", "Ops": "", "PM": "C", "Lead": "C"},
        "Deploy": {"DS": "A", "MLE": "C", "Ops": "I", "PM": "R", "Lead": ""},
    }
    return RaciMatrix.from_rows(rows, scheme=scheme)


def _messages(matrix: RaciMatrix) -> str:
    texts = [p.message for a in matrix.activities for p in activity_problems(matrix, a)]
    texts += [f.message for f in activity_findings(matrix) + role_findings(matrix)]
    return "\n".join(texts)


def test_rule_and_analysis_messages_use_the_scheme_s_words():
    standard, worded = _messages(_matrix(RACI)), _messages(_matrix(WORDED))

    for word in ("Responsible", "Accountable", "Consulted"):
        assert word in standard
    for word in ("Doer", "Owner", "Adviser"):
        assert word in worded
    assert not any(word in worded for word in RACI.meanings)


def test_the_raci_figure_legend_uses_the_scheme_s_words():
    from course.figures.raci_grid import raci_grid

    fig = raci_grid(_matrix(WORDED))
    texts = {t.get_text() for ax in fig.axes for t in ax.texts}

    assert {"Doer", "Owner", "Adviser", "Watcher"} <= texts
    assert not texts & set(RACI.meanings)


def test_role_loads_count_whole_cells_as_the_workload_figure_draws_them():
    loads = {load.role: load.cells for load in role_loads(_matrix(RACI))}

    assert loads["DS"] == {"R/A": 1, "A": 1}
    assert loads["MLE"] == {"C": 2}
    assert loads["Ops"] == {"": 1, "I": 1}
