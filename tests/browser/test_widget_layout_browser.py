"""In a real browser: how the widgets lay out long options and name their text boxes, and what a Check
shows for a blind answer, in JupyterLab's light and dark themes (screenshots kept in
test-artifacts/browser/layout-*.png).

- A long single-choice or scenario option wraps onto several lines with its radio button beside the first
  line, not above or below the text.
- A free-text box is named from its exercise (the Team API answer is "Your Team API"), on screen and for
  screen readers.
- Ticking every option of a multiple select gets the Check's message and no option marked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from course.exercises.definitions import load_bank
from tests.browser import harness as jh
from tests.browser.test_learner_path import exercise_box

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}
WIDTH = 900
"""A narrow window, as on a laptop with the file browser open: long options wrap."""

RADIO_LINES = """
box => Array.from(box.querySelectorAll('.widget-radio-box label')).map(label => {
  const input = label.querySelector('input');
  const text = Array.from(label.childNodes).find(n => n.nodeType === 3 && n.textContent.trim());
  const range = document.createRange();
  range.setStart(text, text.textContent.search(/\\S/));
  range.setEnd(text, text.textContent.search(/\\S/) + 1);
  const first = range.getClientRects()[0];
  const last = label.getBoundingClientRect();
  const radio = input.getBoundingClientRect();
  return {
    text: text.textContent.trim().slice(0, 40),
    lines: Math.round((last.bottom - first.top) / first.height),
    radioMiddle: (radio.top + radio.bottom) / 2,
    firstTop: first.top, firstBottom: first.bottom,
    radioRight: radio.right, textLeft: first.left,
  };
})
"""


def _radios_beside_their_first_line(box: Locator) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = box.evaluate(RADIO_LINES)
    assert found, "no radio buttons found"
    assert any(f["lines"] >= 2 for f in found), f"no option wraps at this width: {found}"
    for option in found:
        assert option["firstTop"] <= option["radioMiddle"] <= option["firstBottom"], repr(option)
        assert option["radioRight"] <= option["textLeft"] + 1, option
    return found


def _in_both_themes(page: Page, box: Locator, name: str) -> None:
    for theme, title in THEMES.items():
        page.evaluate(f"() => window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{title}'}})")
        page.wait_for_timeout(1500)
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(jh.ARTIFACTS / f"layout-{name}-{theme}.png"))


def _open(page: Page, server: jh.JupyterServer, course_root: Path, number: str) -> Locator:
    page.set_viewport_size({"width": WIDTH, "height": 1800})
    source = next((course_root / "exercises").glob(f"{number}_*.ipynb"))
    jh.open_notebook(page, server, f"exercises/{source.name}")
    jh.run_all_cells(page)
    return jh.active_panel(page)


def test_long_options_keep_their_radio_beside_the_first_line(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    bank = load_bank()
    with steps("open notebook 03 and run it"):
        panel = _open(page, lab_server, course_root, "03")
    for exercise_id, name in (("03.maturity", "single-choice"), ("03.bank", "scenario")):
        with steps(f"{exercise_id}: every radio beside the first line of its option"):
            box = exercise_box(panel, bank.get(exercise_id))
            box.scroll_into_view_if_needed()
            expect(box).to_be_visible()
            _radios_beside_their_first_line(box)
            _in_both_themes(page, box, name)
            _radios_beside_their_first_line(box)  # the dark theme lays out the same


def test_the_free_text_box_is_named_from_its_exercise_and_a_blind_tick_is_not_judged(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    bank = load_bank()
    with steps("open notebook 05 and run it"):
        panel = _open(page, lab_server, course_root, "05")
    exercise = bank.get("05.write-team-api")
    with steps("the Team API box is called 'Your Team API'"):
        box = exercise_box(panel, exercise)
        box.scroll_into_view_if_needed()
        expect(box.get_by_role("textbox", name="Your Team API")).to_be_visible()
        expect(box.locator(".widget-label", has_text="Your Team API")).to_be_visible()
        expect(box).not_to_contain_text("Your reflection")
        _in_both_themes(page, box, "free-text")
    team_api = bank.get("05.team-api")
    with steps("tick every option of 05.team-api and check: not judged, no option marked"):
        box = exercise_box(panel, team_api)
        box.scroll_into_view_if_needed()
        for option in box.get_by_role("checkbox").all():
            option.check()
        box.get_by_role("button", name="Check", exact=True).click()
        feedback = box.locator(".mlc-fb")
        expect(feedback).to_contain_text("Not judged part by part", timeout=30_000)
        expect(feedback).to_contain_text("You ticked every option")
        expect(feedback.locator("li")).to_have_count(0)
        _in_both_themes(page, box, "blind-check")
