"""In a real browser, with the keyboard alone: the ordering exercise of notebook 05 is put in order,
checked and saved, in JupyterLab's light and dark themes (screenshots kept in
test-artifacts/browser/ordering-*.png), also against a kernel that answers every widget message
late, as on a busy hub, with the keys pressed as fast as a learner presses them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from course.exercises.definitions import load_bank
from course.exercises.types.ordering import Ordering
from tests.browser import harness as jh
from tests.browser.test_answer_custody_browser import MODEL_NOT_FOUND, end_kernels
from tests.browser.test_learner_path import exercise_box, saved_records, wait_model_record

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

pytestmark = pytest.mark.browser

EXERCISE_ID = "05.first-moves"
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
LIST_NAME = "Steps, in your order"
MESSAGE_DELAY_S = 0.4
SLOW_WIDGET_MESSAGES = f"""
# The kernel of a busy hub: every message from a widget waits {MESSAGE_DELAY_S} s before it is handled.
import time as _time

_kernel = get_ipython().kernel
_handle_comm_msg = _kernel.shell_handlers["comm_msg"]


def _late_comm_msg(*args, **kwargs):
    _time.sleep({MESSAGE_DELAY_S})
    return _handle_comm_msg(*args, **kwargs)


_kernel.shell_handlers["comm_msg"] = _late_comm_msg
"""


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


def shown_order(listbox: Locator, exercise: Ordering) -> list[str]:
    """The step ids in the order the list shows them (each option reads "N. step text")."""
    by_text = {s.text: s.id for s in exercise.steps}
    labels = listbox.evaluate("el => [...el.options].map((option) => option.textContent)")
    return [by_text[re.sub(r"^\d+\.\s*", "", label.replace("\xa0", " ")).strip()] for label in labels]


def test_the_ordering_exercise_is_put_in_order_with_the_keyboard(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, browser: Browser, steps: jh.Steps
) -> None:
    exercise = load_bank().get(EXERCISE_ID)
    assert isinstance(exercise, Ordering)
    source = next((course_root / "exercises").glob("05_*.ipynb"))
    with steps("open notebook 05 and run it"):
        jh.open_notebook(page, lab_server, f"exercises/{source.name}")
        jh.run_all_cells(page)
        box = exercise_box(jh.active_panel(page), exercise)
        box.scroll_into_view_if_needed()
        expect(box).to_be_visible()
        listbox = box.get_by_role("listbox", name=LIST_NAME, exact=True)
        expect(listbox).to_have_count(1)
        said = box.get_by_role("status").filter(has_text=re.compile("Moved|already"))
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
            # The selection stayed on the step, and the list says where it went.
            expect(listbox).to_have_js_property("selectedIndex", position)
            expect(said).to_have_text(f"Moved “{exercise.step(step).text}” to place {position + 1} of {len(key)}.")
        assert order == key and shown_order(listbox, exercise) == key
    with steps("Enter works as Space; a step already last stays, and the list says so"):
        last = key[-1]
        _select(listbox, page, last, order)
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        expect(box.get_by_role("button", name="Move down", exact=True)).to_be_focused()
        page.keyboard.press("Enter")
        expect(said).to_have_text(f"“{exercise.step(last).text}” is already last.")
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Enter")  # Move up: one place earlier...
        expect(said).to_have_text(f"Moved “{exercise.step(last).text}” to place {len(key) - 1} of {len(key)}.")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")  # ...and Move down: back
        expect(said).to_have_text(f"Moved “{exercise.step(last).text}” to place {len(key)} of {len(key)}.")
        assert shown_order(listbox, exercise) == key
        wait_model_record(page, exercise, key)
    with steps("Check with the keyboard: full marks, and each step's explanation"):
        box.get_by_role("button", name="Check", exact=True).focus()
        page.keyboard.press("Space")
        expect(box.locator(".mlc-fb")).to_contain_text(
            f"{exercise.points:g} of {exercise.points:g} points", timeout=30_000
        )
    for name, theme in THEMES.items():
        page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{theme}'}})")
        page.wait_for_timeout(1500)
        listbox.focus()  # the selected step as it shows while the list has the focus
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(jh.ARTIFACTS / f"ordering-{name}.png"))
    page.evaluate("() => window.jupyterapp.commands.execute('apputils:change-theme', {theme: 'JupyterLab Light'})")
    with steps("save: the file holds the order"):
        jh.save(page)
        assert saved_records(source)[EXERCISE_ID].answer == key
        jh.close_notebook(page)
        end_kernels(lab_server)
    reopened = jh.new_page(browser)
    try:
        with steps("reopened the next day, before running: the list shows the saved order, read-only"):
            jh.open_notebook(reopened, lab_server, f"exercises/{source.name}")
            panel = jh.active_panel(reopened)
            box = exercise_box(panel, exercise)
            expect(box.locator(".mlc-saved-view")).to_contain_text("Run this cell", timeout=30_000)
            assert panel.get_by_text(MODEL_NOT_FOUND).count() == 0, "a widget shows 'model not found'"
            listbox = box.get_by_role("listbox", name=LIST_NAME, exact=True)
            assert shown_order(listbox, exercise) == key
            expect(listbox).to_be_disabled()
            for button in ("Move up", "Move down", "Check", "Reset"):
                expect(box.get_by_role("button", name=button, exact=True)).to_be_disabled()
            box.scroll_into_view_if_needed()
            box.screenshot(path=str(jh.ARTIFACTS / "ordering-reopened-light.png"))
        with steps("run all: the list is live again with the same order"):
            jh.run_all_cells(reopened)
            box = exercise_box(jh.active_panel(reopened), exercise)
            expect(box.locator(".mlc-saved-view")).to_have_count(0, timeout=15_000)
            listbox = box.get_by_role("listbox", name=LIST_NAME, exact=True)
            expect(listbox).to_be_enabled()
            assert shown_order(listbox, exercise) == key
            expect(box.locator(".mlc-status")).to_contain_text("restored")
    finally:
        reopened.context.close()


def test_the_list_works_in_notebook_7(lab_server: jh.JupyterServer, course_root: Path, page: Page) -> None:
    """The same server's Notebook 7 front end: a step selected with the arrow keys and moved with
    Tab and Space is recorded (the arrow keys stay in the list)."""
    exercise = load_bank().get(EXERCISE_ID)
    assert isinstance(exercise, Ordering)
    source = next((course_root / "exercises").glob("05_*.ipynb"))
    jh.open_notebook(page, lab_server, f"exercises/{source.name}", ui="notebook")
    assert page.evaluate("() => document.body.dataset.notebook") == "notebooks"
    jh.run_all_cells(page)
    box = exercise_box(jh.active_panel(page), exercise)
    box.scroll_into_view_if_needed()
    listbox = box.get_by_role("listbox", name=LIST_NAME, exact=True)
    order = shown_order(listbox, exercise)
    listbox.focus()
    before = jh.notebook_state(page)
    _select(listbox, page, order[1], order)  # Notebook 7 would take ArrowDown for "next cell"
    assert jh.notebook_state(page)["active"] == before["active"], "an arrow key moved to another cell"
    _move(page, listbox, "Move up", 1)
    order[0], order[1] = order[1], order[0]
    expect(listbox.locator("option")).to_have_text(_labels(exercise, order))
    wait_model_record(page, exercise, order)
    box.screenshot(path=str(jh.ARTIFACTS / "ordering-notebook7.png"))


def test_moves_pressed_faster_than_a_slow_kernel_answers_land_as_pressed(
    page: Page, steps: jh.Steps, tmp_path: Path
) -> None:
    """A learner on a busy hub selects a step, presses Move up several times without waiting, and
    presses Check at once after the last move. Each step must land where the presses put it, the
    selection must stay on it, and the score and the record must be those of the order shown."""
    exercise = load_bank().get(EXERCISE_ID)
    assert isinstance(exercise, Ordering)
    course = jh.copy_course(jh.REPO, tmp_path / "course")
    source = next((course / "exercises").glob("05_*.ipynb"))
    with jh.start_jupyter_server(
        course,
        work_dir=tmp_path / "jupyter-slow",
        log_dir=jh.ARTIFACTS,
        env=jh.course_kernel_env(tmp_path / "home"),
        ipython_startup={"00-slow-widget-messages.py": SLOW_WIDGET_MESSAGES},
    ) as server:
        with steps("open notebook 05 and run it on a kernel that answers widgets late"):
            jh.open_notebook(page, server, f"exercises/{source.name}")
            jh.run_all_cells(page)
            box = exercise_box(jh.active_panel(page), exercise)
            box.scroll_into_view_if_needed()
            listbox = box.get_by_role("listbox", name=LIST_NAME, exact=True)
            expect(listbox).to_have_count(1)
            order = [s.id for s in exercise.steps]
            assert shown_order(listbox, exercise) == order
        key = list(exercise.key)
        with steps("select each step and press Move up without waiting for the kernel"):
            for position, step in enumerate(key):
                where = order.index(step)
                if where == position:
                    continue
                _select(listbox, page, step, order)
                _move(page, listbox, "Move up", where - position)
                order.insert(position, order.pop(where))
                # What a learner waits for: the list shows the step where the presses put it.
                try:
                    expect(listbox.locator("option")).to_have_text(_labels(exercise, order), timeout=20_000)
                    expect(listbox).to_have_js_property("selectedIndex", position, timeout=20_000)
                except AssertionError as err:
                    raise AssertionError(
                        f"moving {step!r} up {where - position} places: expected {order}, "
                        f"the list shows {shown_order(listbox, exercise)}"
                    ) from err
            assert shown_order(listbox, exercise) == key
        with steps("Check at once: full marks, and the record holds the order shown"):
            box.get_by_role("button", name="Check", exact=True).focus()
            page.keyboard.press("Space")
            expect(box.locator(".mlc-fb")).to_contain_text(
                f"{exercise.points:g} of {exercise.points:g} points", timeout=30_000
            )
            wait_model_record(page, exercise, key)
            expect(box.locator(".mlc-stale")).to_have_count(0)
            assert shown_order(listbox, exercise) == key
        with steps("Reset, and at once move a step: the list starts again, and the move is kept"):
            box.get_by_role("button", name="Reset", exact=True).focus()
            page.keyboard.press("Space")
            order = [s.id for s in exercise.steps]
            expect(listbox.locator("option")).to_have_text(_labels(exercise, order), timeout=1_000)
            _select(listbox, page, order[1], order)
            _move(page, listbox, "Move up", 1)
            order[0], order[1] = order[1], order[0]
            expect(listbox.locator("option")).to_have_text(_labels(exercise, order), timeout=1_000)
            wait_model_record(page, exercise, order)
            expect(box.locator(".mlc-fb")).to_have_count(0)
            expect(listbox.locator("option")).to_have_text(_labels(exercise, order))


def _labels(exercise: Ordering, order: list[str]) -> list[str]:
    return [f"{n}. {exercise.step(step_id).text}" for n, step_id in enumerate(order, 1)]
