"""In a real browser, with the keyboard alone: the ordering exercise of notebook 05 is put in order,
checked and saved, in JupyterLab's light and dark themes (screenshots kept in
test-artifacts/browser/ordering-*.png)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.definitions import load_bank
from tests.browser import harness as jh
from tests.browser.test_learner_path import exercise_box, saved_records, wait_model_record

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

EXERCISE_ID = "05.first-moves"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def _select(listbox: Locator, page: Page, target: str, order: list[str]) -> None:
    """Select `target` in the focused list with the arrow keys, from the step selected now."""
    listbox.focus()
    current = int(listbox.evaluate("el => el.selectedIndex"))
    for _ in range(abs(order.index(target) - current)):
        page.keyboard.press("ArrowDown" if order.index(target) > current else "ArrowUp")
    expect(listbox).to_have_js_property("selectedIndex", order.index(target))


def _move(page: Page, listbox: Locator, button: str, times: int) -> None:
    """Tab from the list to the button (Move up is next, Move down after it) and press Space `times` times."""
    listbox.focus()
    page.keyboard.press("Tab")
    if button == "Move down":
        page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement && document.activeElement.textContent")
    assert focused and button in focused, focused
    for _ in range(times):
        page.keyboard.press("Space")


def test_the_ordering_exercise_is_put_in_order_with_the_keyboard(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    exercise = load_bank().get(EXERCISE_ID)
    source = next((course_root / "exercises").glob("05_*.ipynb"))
    with steps("open notebook 05 and run it"):
        jh.open_notebook(page, lab_server, f"exercises/{source.name}")
        jh.run_all_cells(page)
        box = exercise_box(jh.active_panel(page), exercise)
        box.scroll_into_view_if_needed()
        expect(box).to_be_visible()
        listbox = box.locator("select")
        expect(listbox).to_have_count(1)
    order = [s.id for s in exercise.steps]
    key = list(exercise.key)
    with steps("move each step into place with the arrow keys, Tab and Space"):
        for position, step in enumerate(key):
            where = order.index(step)
            if where == position:
                continue
            _select(listbox, page, step, order)
            _move(page, listbox, "Move up", where - position)
            order.insert(position, order.pop(where))
            wait_model_record(page, exercise, order)
        assert order == key
    with steps("Check with the keyboard: full marks, and each step's explanation"):
        box.get_by_role("button", name="Check", exact=True).focus()
        page.keyboard.press("Space")
        expect(box.locator(".mlc-fb")).to_contain_text(
            f"{exercise.points:g} of {exercise.points:g} points", timeout=30_000
        )
    for name, theme in THEMES.items():
        page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{theme}'}})")
        page.wait_for_timeout(1500)
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(jh.ARTIFACTS / f"ordering-{name}.png"))
    with steps("save: the file holds the order"):
        jh.save(page)
        assert saved_records(source)[EXERCISE_ID].answer == key
