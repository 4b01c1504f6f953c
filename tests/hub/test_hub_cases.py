"""Per-learner cases on a real JupyterHub: two learners open the assessed capstone and each sees their own company
(drawn from their hub user name), answers it and saves; a third copies a classmate's saved notebook into their
home. `mlops-course grade` over the homes grades each learner on their own case: the two on their own answers,
the copier as the copied answers deserve against the copier's case, and integrity.csv lists the copier.

The course is pulled with an nbgitpuller link from the learner edition (no keys), as in tests/hub/test_hub.py,
whose helpers this test uses; it runs on a hub of its own (this module's), so its homes hold only its learners.
"""

from __future__ import annotations

import shutil

import pytest

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.scoring import score
from course.exercises.session import RECORDED_SUMMARY
from course.exercises.type_registry import type_of
from course.exercises.types.scenario import Scenario
from course.exercises.variants import variant_for
from course.hub import nbgitpuller_link
from tests.browser import harness as jh
from tests.browser.test_learner_path import exercise_box, radio, saved_records, wait_model_record
from tests.grading_tools import read_csv
from tests.hub import hub_harness
from tests.hub.test_hub import BRANCH, TARGET, grade_homes, hub_artifacts_dir, log_in_through_link

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail when CI requires the browser
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

NOTEBOOK = "exercises/06_capstone.ipynb"
EXERCISE_ID = "06.topology"
CANDIDATES = ("dora", "eli", "fred", "gwen", "hugo", "ines", "jon", "kai", "lena", "mo")


def class_of_three() -> tuple[str, str, str]:
    """Two learners whose companies differ, and a copier whose company differs from the first one's."""
    exercise = load_bank().get(EXERCISE_ID)
    case = {name: variant_for(exercise, name).variant for name in CANDIDATES}
    first = CANDIDATES[0]
    second = next(n for n in CANDIDATES if case[n] != case[first])
    copier = next(n for n in CANDIDATES if n not in (first, second) and case[n] != case[first])
    return first, second, copier


def answer_own_case(page, case: Scenario) -> dict:
    """Pick the case's key in the widget (as the learner who knows it would), press Check; the canonical answer."""
    key = normalise(case, type_of(case).key_answer(case))
    box = exercise_box(jh.active_panel(page), case).first
    box.scroll_into_view_if_needed()
    radio(box, case.topology(key["topology"])).first.click()
    for reason in case.reasons:
        if reason.id in key["reasons"]:
            box.get_by_role("checkbox", name=reason.text, exact=True).first.check()
    wait_model_record(page, case, key)
    box.get_by_role("button", name="Check", exact=True).first.click()
    expect(box.locator(".mlc-status").first).to_contain_text(RECORDED_SUMMARY, timeout=30_000)
    return key


def test_learners_see_their_own_cases_and_a_copier_is_graded_on_theirs(hub, hub_browser, course_git, request, tmp_path):
    bank = load_bank()
    base = bank.get(EXERCISE_ID)
    first, second, copier = class_of_three()
    cases = {name: variant_for(base, name) for name in (first, second, copier)}
    assert cases[first].variant != cases[second].variant and cases[copier].variant != cases[first].variant
    link = nbgitpuller_link(hub.base_url, course_git, branch=BRANCH, notebook=NOTEBOOK, targetpath=None)
    answers: dict[str, dict] = {}
    for name in (first, second, copier):
        case = cases[name]
        page = jh.new_page(hub_browser)
        steps = jh.Steps(page, hub_artifacts_dir(request) / name)
        try:
            with steps("follow the link, log in and run the capstone"):
                log_in_through_link(page, hub, link, name)
                jh.run_all_cells(page)
            with steps("the topology exercise shows this learner's own company, drawn from the hub user name"):
                box = exercise_box(jh.active_panel(page), case).first
                box.scroll_into_view_if_needed()
                shown = box.locator(".mlc-case").first
                expect(shown).to_contain_text(f"Your case: {case.case_name}", timeout=30_000)
                expect(shown).to_contain_text(f"drawn from your learner id ({name})")
                expect(box.locator(".mlc-title").first).to_have_text(case.title)
                box.screenshot(path=str(hub_artifacts_dir(request) / f"{name}-case.png"))
            if name != copier:
                with steps("answer the company's topology, check (recorded) and save"):
                    answers[name] = answer_own_case(page, case)
                    jh.save(page)
        finally:
            page.context.close()

    home_notebook = {name: hub.home(name) / TARGET / NOTEBOOK for name in (first, second, copier)}
    for name in (first, second):
        record = saved_records(home_notebook[name])[EXERCISE_ID]
        assert (record.learner, record.variant, record.answer) == (name, cases[name].variant, answers[name])
        assert record.fingerprint == cases[name].fingerprint
    # The copier takes the first learner's saved notebook (sent by chat, say) and hands it in as their own.
    shutil.copyfile(home_notebook[first], home_notebook[copier])

    graded = grade_homes(hub, tmp_path)
    scores = {(row["learner"], row["exercise"]): row for row in graded.scores}
    for name in (first, second):
        row = scores[(name, EXERCISE_ID)]
        assert (row["case"], float(row["points"]), row["status"]) == (cases[name].variant, base.points, "correct")
    own = cases[copier]
    try:
        deserved = score(own, normalise(own, answers[first])).points
    except AnswerError:
        deserved = 0.0  # the copied answer names reasons the copier's company does not have
    row = scores[(copier, EXERCISE_ID)]
    assert row["case"] == own.variant and float(row["points"]) == pytest.approx(deserved) and deserved < base.points
    integrity = read_csv(tmp_path / "grades" / "integrity.csv")
    copied = {f["finding"] for f in integrity if f["learner"] == copier or copier in f["other_learners"]}
    assert "case not the learner's" in copied, integrity
    assert "recorded id differs" in copied, integrity
    assert not [f for f in integrity if f["finding"] == "case not the learner's" and f["learner"] in (first, second)]
    assert set(hub_harness.learner_memory(hub)) == {first, second, copier}
