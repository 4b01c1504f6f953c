"""In a real browser: answers survive a rename and Restart & Run All with autosave on, arrow keys stay
in their exercise, and a notebook reopened before it runs shows each exercise as saved, never
"Error displaying widget: model not found" (screenshots in light and dark theme are kept in
test-artifacts/browser/reopen-before-run-*.png for a person to look at).
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.scoring import score
from course.exercises.types.single_choice import SingleChoice
from tests.browser import harness as jh
from tests.browser.test_learner_path import (
    Plan,
    exercise_box,
    expect_record,
    key_answer,
    make_plan,
    model_records,
    radio,
    saved_records,
    wait_model_record,
)

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

MODEL_NOT_FOUND = "model not found"
# Far shorter than JupyterLab's default (120 s), so autosaves land while Run All runs, also in the
# moment between Run All clearing the outputs and the first exercise cell: with the journal lost,
# only what the kernel read from the file as it started keeps the answers then (the checkpoint does
# not help: JupyterLab 4 makes one when a file is first opened, not on Ctrl+S).
AUTOSAVE_SECONDS = 3
DARK_THEME = "JupyterLab Dark"


def single_choices(plan) -> tuple[SingleChoice, SingleChoice]:
    choices = [ex for ex in plan.exercises if isinstance(ex, SingleChoice)]
    assert len(choices) >= 2, "notebook 04 must show two single-choice exercises for this test"
    return choices[0], choices[1]


def wrong_choice(exercise: SingleChoice):
    return next(c for c in exercise.choices if c.id != exercise.key)


def answer_and_save(page: Page, server: jh.JupyterServer, plan) -> dict[str, object]:
    """Open, run all, answer the two single-choice exercises and the check boxes, save; returns the answers."""
    first, second = single_choices(plan)
    jh.open_notebook(page, server, plan.notebook)
    jh.run_all_cells(page)
    panel = jh.active_panel(page)
    answers: dict[str, object] = {}
    for exercise, option in ((first, first.choice(first.key)), (second, wrong_choice(second))):
        radio(exercise_box(panel, exercise), option).click()
        wait_model_record(page, exercise, option.id)
        answers[exercise.id] = option.id
    box = exercise_box(panel, plan.select)
    for option in plan.select.choices:
        if option.id in plan.select.key:
            box.get_by_role("checkbox", name=option.text, exact=True).check()
    answers[plan.select.id] = key_answer(plan.select)
    wait_model_record(page, plan.select, answers[plan.select.id])
    box.get_by_role("button", name="Check", exact=True).click()
    expect(box.locator(".mlc-fb")).to_be_visible()
    jh.save(page)
    return answers


def end_kernels(server: jh.JupyterServer) -> None:
    """The next day: no kernel is running."""
    for session in server.api("api/sessions"):
        server.api(f"api/sessions/{session['id']}", method="DELETE")


def rename(server: jh.JupyterServer, old: str, new: str) -> None:
    """Rename through the Contents API, as JupyterLab's file browser does (its checkpoint moves along)."""
    request = urllib.request.Request(
        f"{server.base_url}api/contents/{urllib.parse.quote(old)}",
        method="PATCH",
        data=json.dumps({"path": new}).encode(),
        headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200


def expect_saved(path: Path, answers: dict[str, object]) -> None:
    records = saved_records(path)
    bank = load_bank()
    for exercise_id, answer in answers.items():
        assert exercise_id in records, f"{exercise_id}: no record in {path.name} (records: {sorted(records)})"
        found = records[exercise_id].answer
        assert found is not None, f"{exercise_id}: the answer was erased from {path.name}"
        assert normalise(bank.get(exercise_id), found) == answer, f"{exercise_id}: {found!r} != {answer!r}"


def test_arrow_keys_at_the_last_option_never_change_another_exercise(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    plan = make_plan(course_root, "arrow-groups")
    first, second = single_choices(plan)
    with steps("open, run all, answer the first single-choice exercise right"):
        jh.open_notebook(page, lab_server, plan.notebook)
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        radio(exercise_box(panel, first), first.choice(first.key)).click()
        wait_model_record(page, first, first.key)
        first_box = exercise_box(panel, first)
        first_box.get_by_role("button", name="Check", exact=True).click()
        expect(first_box.locator(".mlc-fb")).to_contain_text(score(first, first.key).summary)
    with steps("pick the last option of the second and press ArrowDown, then ArrowUp at its first"):
        second_box = exercise_box(panel, second)
        last = second.choices[-1]
        radio(second_box, last).click()
        wait_model_record(page, second, last.id)
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(800)  # nothing to wait for if the key did nothing: give the page time
        page.keyboard.press("ArrowUp")
        page.wait_for_timeout(800)
    with steps("the first exercise's record is unchanged; focus stayed in the second"):
        records = model_records(page)
        assert records[first.id] == first.key, f"an arrow key changed {first.id} to {records[first.id]!r}"
        assert records[second.id] in {c.id for c in second.choices}
        focused_in_second = second_box.evaluate("(box) => box.contains(document.activeElement)")
        assert focused_in_second, "focus left the exercise"
        expect_record(panel, first, first.key, 1)
    with steps("every exercise's options form one named group of their own"):
        names = [
            exercise_box(panel, ex).evaluate(
                "(box) => [...new Set([...box.querySelectorAll('input[type=radio]')].map((r) => r.name))]"
            )
            for ex in (first, second)
        ]
        assert all(len(found) == 1 and found[0] for found in names), names
        assert names[0] != names[1], f"two exercises share the radio group {names[0]}"


def test_reopened_before_running_each_exercise_reads_as_saved(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, browser, steps: jh.Steps
) -> None:
    plan = make_plan(course_root, "reopen")
    first, second = single_choices(plan)
    with steps("answer, check and save; the kernel ends"):
        answers = answer_and_save(page, lab_server, plan)
        jh.close_notebook(page)
        end_kernels(lab_server)
    reopened = jh.new_page(browser)
    try:
        with steps("reopen the next day, before running anything"):
            jh.open_notebook(reopened, lab_server, plan.notebook)
            panel = jh.active_panel(reopened)
            expect(exercise_box(panel, first)).to_be_visible(timeout=30_000)
            expect(panel.locator(".mlc-saved-view").first).to_be_visible(timeout=15_000)
        with steps("no 'model not found'; each exercise shows its saved answer, read-only"):
            assert panel.get_by_text(MODEL_NOT_FOUND).count() == 0, "a widget shows 'model not found'"
            expect(radio(exercise_box(panel, first), first.choice(first.key))).to_be_checked()
            expect(radio(exercise_box(panel, second), wrong_choice(second))).to_be_checked()
            expect(radio(exercise_box(panel, first), first.choices[-1])).to_be_disabled()
            for exercise in plan.exercises:
                expect(exercise_box(panel, exercise).locator(".mlc-saved-view")).to_contain_text("Run this cell")
            exercise_box(panel, first).scroll_into_view_if_needed()
            light = jh.screenshot(reopened, jh.ARTIFACTS, "reopen-before-run-light")
            reopened.evaluate(
                f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{DARK_THEME}'}})"
            )
            reopened.wait_for_function("() => document.body.dataset.jpThemeLight === 'false'", timeout=15_000)
            reopened.wait_for_timeout(800)
            exercise_box(panel, first).scroll_into_view_if_needed()
            dark = jh.screenshot(reopened, jh.ARTIFACTS, "reopen-before-run-dark")
            reopened.evaluate(
                "() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})"
            )
            print(f"\n[reopen before run] screenshots: {light} {dark}")
        with steps("run all: the exercises are live again with the same answers"):
            jh.run_all_cells(reopened)
            panel = jh.active_panel(reopened)
            expect(panel.locator(".mlc-saved-view")).to_have_count(0, timeout=15_000)
            expect(radio(exercise_box(panel, first), first.choice(first.key))).to_be_enabled()
            records = model_records(reopened)
            for exercise_id, answer in answers.items():
                assert records[exercise_id] == answer, exercise_id
    finally:
        reopened.context.close()


def test_a_renamed_notebook_keeps_every_answer_through_restart_run_all_and_autosave(
    course_root: Path, page: Page, steps: jh.Steps, tmp_path: Path
) -> None:
    """Autosave on (every few seconds) and the journal lost: only the file itself can keep the answers."""
    learner_home = tmp_path / "home"
    with jh.start_jupyter_server(
        course_root,
        work_dir=tmp_path / "jupyter-autosave",
        log_dir=jh.ARTIFACTS,
        env=jh.course_kernel_env(learner_home),
        settings={"@jupyterlab/docmanager-extension:plugin": {"autosave": True, "autosaveInterval": AUTOSAVE_SECONDS}},
    ) as server:
        plan = make_plan(course_root, "renamed")
        answers, renamed = answer_rename_and_lose_journal(page, server, steps, plan, learner_home, "my-answers-")
        notebook = str(renamed.relative_to(server.root_dir))
        with steps("open it, Restart & Run All"):
            jh.open_notebook(page, server, notebook)
            jh.restart_kernel_and_run_all(page)
            panel = jh.active_panel(page)
            first, _second = single_choices(plan)
            expect(exercise_box(panel, first).locator(".mlc-status")).to_contain_text(
                "restored from the saved notebook"
            )
        with steps("wait for autosave: every answer is still in the file"):
            jh.wait_for_autosave(page, AUTOSAVE_SECONDS)
            expect_saved(renamed, answers)


def answer_rename_and_lose_journal(
    page: Page, server: jh.JupyterServer, steps: jh.Steps, plan: Plan, learner_home: Path, prefix: str
) -> tuple[dict[str, object], Path]:
    """Answer and save, rename the notebook as the file browser does (`prefix` + name), and lose the
    journal as well: afterwards only the file can give the answers back. Returns them and the new path."""
    with steps("answer and save, rename the notebook, lose the journal"):
        answers = answer_and_save(page, server, plan)
        jh.close_notebook(page)
        end_kernels(server)
        saved = server.root_dir / plan.notebook
        renamed = saved.with_name(prefix + saved.name)
        rename(server, plan.notebook, str(renamed.relative_to(server.root_dir)))
        shutil.rmtree(learner_home / "journal", ignore_errors=True)
        expect_saved(renamed, answers)
    return answers, renamed


def test_a_cleared_file_saved_after_the_kernel_started_loses_no_answer(
    course_root: Path, page: Page, steps: jh.Steps, tmp_path: Path
) -> None:
    """The autosave race made certain: the cleared notebook is saved after its kernel started, before a cell ran.

    "Run All" clears the outputs and an autosave may write them before the first exercise cell
    reads the file; here Ctrl+S writes them at that moment. The journal is lost and the
    checkpoint predates the answers, so only what the kernel read as it started can keep them.
    """
    learner_home = tmp_path / "home"
    with jh.start_jupyter_server(
        course_root, work_dir=tmp_path / "jupyter-cleared", log_dir=jh.ARTIFACTS, env=jh.course_kernel_env(learner_home)
    ) as server:
        plan = make_plan(course_root, "cleared")
        answers, renamed = answer_rename_and_lose_journal(page, server, steps, plan, learner_home, "cleared-")
        with steps("open it (its kernel starts), clear every output and save before any cell runs"):
            jh.open_notebook(page, server, str(renamed.relative_to(server.root_dir)))
            jh.wait_kernel_idle(page)
            page.evaluate("() => window.jupyterapp.commands.execute('notebook:clear-all-cell-outputs')")
            jh.save(page)
            assert saved_records(renamed) == {}, "the cleared notebook was not written"
        with steps("run all: every answer is restored, and saved again"):
            jh.run_all_cells(page)
            first, _second = single_choices(plan)
            expect(exercise_box(jh.active_panel(page), first).locator(".mlc-status")).to_contain_text(
                "restored from the saved notebook"
            )
            jh.save(page)
            expect_saved(renamed, answers)
