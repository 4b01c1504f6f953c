"""In a real browser: the review notebook shows the two items a learner missed in notebook 04 two days ago,
with the recall chart; the first is answered with its widget, gets its feedback and is rescheduled; the
saved file holds the review's first try. Screenshots in JupyterLab's light and dark themes are kept in
test-artifacts/browser/review-*.png."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.definitions import load_bank
from course.exercises.records import bundle, make_record
from course.spaced_review.review_records import MIME_TYPE as REVIEW_MIME
from course.spaced_review.today import build_review
from tests.browser import harness as jh

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
REVIEW = "exercises/08_review.ipynb"


def missed_two_days_ago(folder: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Notebook 04 as the learner saved it two days ago (two items wrong at the first check), and the
    schedule the review made of it then, in the server's course home."""
    bank = load_bank()
    cell = {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": 1, "source": "", "outputs": []}
    for exercise_id, first, final in (
        ("04.letters", "a-fixes", "r-fixes"),
        ("04.c-or-i", "tell-both", "ask-then-tell"),
    ):
        exercise = bank.get(exercise_id)
        record = make_record(
            exercise, final, attempts=2, revision=2, learner=jh.LEARNER_ID, first_checked=first, history=[first, final]
        )
        cell["outputs"].append({"output_type": "display_data", "metadata": {}, "data": bundle(exercise, record)})
    saved = folder / "04_raci_model-saved.ipynb"
    saved.write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}), encoding="utf-8"
    )
    then = datetime.now(UTC) - timedelta(days=2)
    os.utime(saved, (then.timestamp(), then.timestamp()))
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(home))
    made = build_review(bank, jh.LEARNER_ID, lambda: then, [saved], journals=False)
    assert made.entered == ["04.letters", "04.c-or-i"] and made.due == 0


def test_the_review_notebook_brings_back_the_missed_items_in_both_themes(
    lab_server: jh.JupyterServer,
    course_root: Path,
    learner_home: Path,
    page: Page,
    steps: jh.Steps,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    missed_two_days_ago(tmp_path, learner_home, monkeypatch)
    c_or_i = load_bank().get("04.c-or-i")
    with steps("open the review notebook and run it: two items due, the chart"):
        jh.open_notebook(page, lab_server, REVIEW)
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        summary = panel.locator(".mlc-review-summary")
        expect(summary).to_contain_text("2 items due today")
        expect(panel.locator(".jp-RenderedImage img")).to_have_count(1)
        items = panel.locator(".mlc-review-item")
        expect(items).to_have_count(2)
        first = items.nth(0)
        expect(first.locator(".mlc-meta").first).to_contain_text("Review 1 of 2 · 04.c-or-i: wrong at the first check")
        expect(first).to_contain_text(c_or_i.prompt[:60])
    with steps("answer the first item from memory and Check: feedback, and the item rescheduled"):
        right = next(c for c in c_or_i.choices if c.id == c_or_i.key)
        first.get_by_role("radio", name=right.text, exact=True).click()
        jh.wait_kernel_idle(page)
        first.get_by_role("button", name="Check", exact=True).click()
        expect(first.locator(".mlc-fb")).to_contain_text("1 of 1 points", timeout=30_000)
        expect(first.locator(".mlc-review-result")).to_contain_text(
            "First try: right. Rescheduled: this item comes back"
        )
    for name, theme in THEMES.items():
        page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{theme}'}})")
        page.wait_for_timeout(1500)
        summary.scroll_into_view_if_needed()
        panel.screenshot(path=str(jh.ARTIFACTS / f"review-{name}.png"))
        first.scroll_into_view_if_needed()
        first.screenshot(path=str(jh.ARTIFACTS / f"review-item-{name}.png"))
    with steps("save: the file holds the review's first try, and no answer record"):
        jh.save(page)
        notebook = json.loads((course_root / REVIEW).read_text(encoding="utf-8"))
        outputs = [o.get("data", {}) for c in notebook["cells"] for o in c.get("outputs", [])]
        records = {d[REVIEW_MIME]["exercise"]: d[REVIEW_MIME] for d in outputs if REVIEW_MIME in d}
        assert records["04.c-or-i"]["first_try"] == c_or_i.key and records["04.letters"]["first_try"] is None
        assert not any("application/vnd.mlops-course.answer+json" in d for d in outputs)
