"""In a real browser: the capstone (an assessed notebook) records a Check and says so, and shows no
correctness, points, misconception or explanation; the saved file is then graded by `mlops-course grade`,
which counts the attempts and grades the answer."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.definitions import load_bank
from course.exercises.session import RECORDED_SUMMARY
from course.exercises.types.multiple_select import MultipleSelect
from tests.browser import harness as jh
from tests.browser.test_learner_path import exercise_box, grade, saved_records, wait_model_record

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

ASSESSED = "06"
GIVEAWAYS = ("✔", "✘", "◐", "correct", "not right", "of 2 points", "Why:", "Common misconception", "Also right")


def test_an_assessed_check_shows_recorded_only_and_the_grader_grades_it(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps, tmp_path: Path
) -> None:
    bank = load_bank()
    exercise = bank.get("06.warning-signs")
    assert exercise.assessed and isinstance(exercise, MultipleSelect)
    source = next((course_root / "exercises").glob(f"{ASSESSED}_*.ipynb"))
    target = course_root / "assessed" / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    wrong = next(c for c in exercise.choices if c.id not in exercise.key and c.misconception)
    with steps("open the assessed notebook and run it"):
        jh.open_notebook(page, lab_server, f"assessed/{source.name}")
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        box = exercise_box(panel, exercise)
        expect(box).to_be_visible()
    with steps("tick a wrong option and press Check: recorded, nothing judged"):
        box.get_by_role("checkbox", name=wrong.text, exact=True).check()
        wait_model_record(page, exercise, [wrong.id])
        box.get_by_role("button", name="Check", exact=True).click()
        expect(box.locator(".mlc-status")).to_contain_text(RECORDED_SUMMARY, timeout=30_000)
        shown = box.inner_text()
        for giveaway in (*GIVEAWAYS, wrong.misconception or "", wrong.feedback):
            assert giveaway not in shown, f"the assessed widget shows {giveaway!r}"
        expect(box.locator(".mlc-fb")).to_have_count(0)
    with steps("change to the key's options and Check again: a second attempt, still nothing judged"):
        box.get_by_role("checkbox", name=wrong.text, exact=True).uncheck()
        for option in exercise.choices:
            if option.id in exercise.key:
                box.get_by_role("checkbox", name=option.text, exact=True).check()
        key = sorted(exercise.key, key=[c.id for c in exercise.choices].index)
        wait_model_record(page, exercise, key)
        box.get_by_role("button", name="Check", exact=True).click()
        expect(box.locator(".mlc-status")).to_contain_text("attempt 2", timeout=30_000)
        shown = box.inner_text()
        for giveaway in GIVEAWAYS:
            assert giveaway not in shown, f"the assessed widget shows {giveaway!r}"
    with steps("save: the file holds the answer, its first check and the attempts"):
        jh.save(page)
        record = saved_records(target)[exercise.id]
        assert (record.answer, record.first_checked, record.attempts) == (key, [wrong.id], 2)
    with steps("mlops-course grade grades that answer"):
        _row, scores = grade(target, tmp_path / "grading")
        rows = {s["exercise"]: s for s in scores}
        assert float(rows[exercise.id]["points"]) == exercise.points
        assert rows[exercise.id]["attempts"] == "2" and rows[exercise.id]["policy"] == "final"
