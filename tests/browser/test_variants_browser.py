"""In a real browser: an exercise with cases shows the learner's own case (drawn from their id), is answered and
checked in it, offers another case for practice once right, is saved, reopened (before and after running) and
graded on that case. Screenshots of the case in JupyterLab's light and dark themes are kept in
test-artifacts/browser/ (case-light.png, case-dark.png, case-practice.png, case-reopened.png)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.type_registry import type_of
from course.exercises.types.scenario import Scenario
from course.exercises.variants import case_order, variant_for
from tests.browser import harness as jh
from tests.browser.test_learner_path import exercise_box, grade, radio, saved_records, wait_model_record

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

EXERCISE_ID = "03.retailer"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def set_theme(page: Page, theme: str) -> None:
    page.evaluate("(theme) => window.jupyterapp.commands.execute('apputils:change-theme', {theme})", theme)
    light = "true" if "Light" in theme else "false"
    page.wait_for_function(f"() => document.body.dataset.jpThemeLight === '{light}'", timeout=15_000)
    page.wait_for_timeout(800)  # the theme's stylesheet applied to every widget


def answer(box: Locator, case: Scenario, reasons: list[str], topology: str) -> None:
    radio(box, case.topology(topology)).first.click()
    for choice in case.reasons:
        checkbox = box.get_by_role("checkbox", name=choice.text, exact=True).first
        if choice.id in reasons:
            checkbox.check()


def test_a_learners_case_is_shown_answered_practised_saved_reopened_and_graded(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, browser: Browser, steps: jh.Steps, tmp_path: Path
) -> None:
    bank = load_bank()
    base = bank.get(EXERCISE_ID)
    case = variant_for(base, jh.LEARNER_ID)
    assert isinstance(case, Scenario) and case.variant != base.variant, "the test needs a case other than the first"
    practice_case = case_order(base, jh.LEARNER_ID)[1]
    key = normalise(case, type_of(case).key_answer(case))
    source = next((course_root / "exercises").glob("03_*.ipynb"))
    target = course_root / "cases" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    notebook = f"cases/{source.name}"

    with steps("open the notebook and run it: the exercise shows the learner's own case"):
        jh.open_notebook(page, lab_server, notebook)
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        box = exercise_box(panel, case).first
        box.scroll_into_view_if_needed()
        shown = box.locator(".mlc-case").first
        expect(shown).to_contain_text(f"Your case: {case.case_name}", timeout=30_000)
        expect(shown).to_contain_text(f"drawn from your learner id ({jh.LEARNER_ID})")
        expect(box.locator(".mlc-title").first).to_have_text(case.title)
        for _label, fact in case.profile:
            expect(box.locator(".mlc-facts").first).to_contain_text(fact)
        assert base.profile[0][1] not in box.inner_text(), "the first case's facts show too"
    with steps("screenshots of the case in light and dark theme"):
        for name, theme in THEMES.items():
            set_theme(page, theme)
            box.scroll_into_view_if_needed()
            box.screenshot(path=str(jh.ARTIFACTS / f"case-{name}.png"))
        set_theme(page, THEMES["light"])
    with steps("answer the case and check it: full marks, and another case is offered"):
        another = box.get_by_role("button", name="Try another case", exact=True).first
        expect(another).to_be_hidden()
        answer(box, case, key["reasons"], key["topology"])
        wait_model_record(page, case, key)
        box.get_by_role("button", name="Check", exact=True).first.click()
        expect(box.locator(".mlc-fb").first).to_contain_text(
            f"{case.points:g} of {case.points:g} points", timeout=30_000
        )
        expect(another).to_be_visible()
    with steps("try another case: it opens below, and its answers leave the graded one alone"):
        another.click()
        practice = box.locator(".mlc-practice-case .mlc-exercise")
        expect(practice).to_be_visible(timeout=30_000)
        expect(practice.locator(".mlc-case")).to_contain_text(f"Practice case: {practice_case.case_name}")
        wrong = next(c for c in practice_case.topologies if c.id != practice_case.topology_key)
        practice.get_by_role("radio", name=wrong.text, exact=True).click()
        practice.get_by_role("button", name="Check", exact=True).click()
        expect(practice.locator(".mlc-fb")).to_contain_text(wrong.feedback[:40], timeout=30_000)
        practice.scroll_into_view_if_needed()
        box.screenshot(path=str(jh.ARTIFACTS / "case-practice.png"))
    with steps("save: the record names the case, the graded answer and the practice case beside it"):
        page.wait_for_timeout(1000)  # the record's update after the practice check reaches the model
        jh.save(page)
        record = saved_records(target)[EXERCISE_ID]
        assert (record.variant, record.fingerprint, record.answer) == (case.variant, case.fingerprint, key)
        assert [(p.variant, p.answer) for p in record.practice_cases] == [
            (practice_case.variant, {"topology": wrong.id})
        ]
        jh.close_notebook(page)
    reopened = jh.new_page(browser)
    try:
        with steps("reopen before running: the saved view shows the case and the answer"):
            jh.open_notebook(reopened, lab_server, notebook)
            panel = jh.active_panel(reopened)
            box = exercise_box(panel, case).first
            expect(box.locator(".mlc-case").first).to_contain_text(f"Your case: {case.case_name}", timeout=30_000)
            expect(radio(box, case.topology(key["topology"])).first).to_be_checked()
            box.scroll_into_view_if_needed()
            box.screenshot(path=str(jh.ARTIFACTS / "case-reopened.png"))
        with steps("run all: the case and the answer are live again"):
            jh.run_all_cells(reopened)
            panel = jh.active_panel(reopened)
            box = exercise_box(panel, case).first
            expect(box.locator(".mlc-case").first).to_contain_text(f"Your case: {case.case_name}", timeout=30_000)
            expect(radio(box, case.topology(key["topology"])).first).to_be_checked()
            expect(box.locator(".mlc-practice-case .mlc-case")).to_contain_text(practice_case.case_name)
    finally:
        reopened.context.close()
    with steps("mlops-course grade grades the answer on the learner's case"):
        _row, scores = grade(target, tmp_path / "grading")
        (row,) = [s for s in scores if s["exercise"] == EXERCISE_ID]
        assert (row["case"], float(row["points"])) == (case.variant, case.points)
