"""The learner's path in a real browser: JupyterLab in headless Chromium, from answering to grading.

Widgets, answer records and saving only really work (or fail) in a browser, so
these tests do what a learner does in exercise notebook 04 (the RACI model):
click radio buttons, pick letters in the RACI grid, tick boxes, type numbers,
press Check, save with Ctrl+S, restart the kernel, close and reopen the
notebook, and finally grade the saved file with `mlops-course grade`.

The expected answers, feedback texts, record lines and points all come from
the exercise definitions and the kit's own scorer, never from copied output.
The tests share one server (and run on one xdist worker, being one module); the
sabotage test starts its own, whose kernels switch answer recording off, and
proves that the same path then fails.

Artefacts (screenshots of each step of a failed test, server logs,
timings.json with the Check-to-feedback latency) are in test-artifacts/browser/.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from course.exercises.answers import describe_progress, normalise
from course.exercises.definitions import load_bank
from course.exercises.journal import notebook_key
from course.exercises.model import Choice, Exercise
from course.exercises.records import MIME_TYPE, SAVE_REMINDER, parse_record, summary_line
from course.exercises.results import CORRECT, INCORRECT
from course.exercises.scoring import score
from course.exercises.type_registry import type_of
from course.exercises.types.multiple_select import MultipleSelect
from course.exercises.types.raci_grid import RaciGrid
from course.exercises.types.single_choice import SingleChoice
from course.exercises.types.value import Value
from course.exercises.variants import variant_for
from tests.browser import harness as jh

try:
    from playwright.sync_api import expect
except ImportError:  # the `page` fixture skips these tests, or fails them when CI requires the browser
    expect = None  # type: ignore[assignment]

if TYPE_CHECKING:
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

NOTEBOOK = "04"  # the exercise notebook with a RACI grid, radio buttons, check boxes and typed numbers
RECORD_TIMEOUT_MS = 10_000
WIDGET_TIMEOUT_MS = 30_000

# Breaks answer recording in every kernel of a server, without touching the kit: the widget
# still works and checks answers, but no answer record is displayed under it.
SABOTAGE_STARTUP = '''\
"""Test sabotage: exercises show their widget but no answer record."""
import course.exercises.display as _display


def _show_without_record(session):
    from IPython.display import display

    from course.exercises.widgets import build_widget

    display(build_widget(session))


_display.show = _show_without_record
'''


# --------------------------------------------------------------------------- what to answer


@dataclass(frozen=True)
class Plan:
    """The exercises the learner answers, and everything expected of them, from the definitions."""

    notebook: str  # path under the server root
    exercises: tuple[Exercise, ...]  # every exercise of the notebook, in order
    choice: SingleChoice
    wrong: Choice  # a wrong option whose feedback names a misconception
    grid: RaciGrid
    select: MultipleSelect
    value: Value

    @property
    def answered(self) -> tuple[Exercise, ...]:
        return (self.choice, self.grid, self.select, self.value)

    def expected_points(self) -> dict[str, float]:
        """Points per exercise when the answered ones are right and the others unanswered."""
        answered = {ex.id for ex in self.answered}
        return {ex.id: score(ex, key_answer(ex)).points if ex.id in answered else 0.0 for ex in self.exercises}


def key_answer(exercise: Exercise) -> Any:
    """The canonical right answer, as the exercise's type gives it."""
    return normalise(exercise, type_of(exercise).key_answer(exercise))


def first(exercises: list[Exercise], kind: type, why: str) -> Any:
    found = [ex for ex in exercises if isinstance(ex, kind)]
    assert found, f"exercise notebook {NOTEBOOK} has no {kind.__name__} exercise; the browser test needs one ({why})"
    return found[0]


def make_plan(course_root: Path, folder: str) -> Plan:
    """Pick the exercises to answer in notebook 04 and place a fresh copy of it in `folder`."""
    bank = load_bank()
    # each exercise as the server's learner sees it: their own case of an exercise with cases
    exercises = [variant_for(e, jh.LEARNER_ID) for e in bank.for_notebook(NOTEBOOK)]
    sources = sorted((course_root / "exercises").glob(f"{NOTEBOOK}_*.ipynb"))
    assert len(sources) == 1, f"expected one exercises/{NOTEBOOK}_*.ipynb, found {sources}"
    cells = json.loads(sources[0].read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    displayed = [ex for ex in exercises if f'course.exercise("{ex.id}")' in code]
    choice = first(displayed, SingleChoice, "radio buttons")
    wrong = next((c for c in choice.choices if c.id != choice.key and c.misconception), None)
    assert wrong is not None, f"{choice.id} has no wrong option with a misconception"
    grids = [ex for ex in displayed if isinstance(ex, RaciGrid)]
    assert grids, f"exercise notebook {NOTEBOOK} shows no RACI grid"
    grid = min(grids, key=lambda ex: len(ex.scored_cells))  # the fewest cells to fill
    target = course_root / folder / sources[0].name
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sources[0], target)
    return Plan(
        notebook=f"{folder}/{sources[0].name}",
        exercises=tuple(displayed),
        choice=choice,
        wrong=wrong,
        grid=grid,
        select=first(displayed, MultipleSelect, "check boxes"),
        value=first(displayed, Value, "typed numbers"),
    )


# --------------------------------------------------------------------------- what the page shows


def exercise_box(panel: Locator, exercise: Exercise) -> Locator:
    """The exercise's widget, found by the 'Exercise 04.x ·' line in its header."""
    meta = panel.page.locator(".mlc-meta", has_text=re.compile(rf"^Exercise {re.escape(exercise.id)} ·"))
    return panel.locator(".mlc-exercise").filter(has=meta)


def record_output(panel: Locator, exercise: Exercise) -> Locator:
    """The answer record's line of text in the output area, next to the widget."""
    line = re.compile(rf"recorded(?: yet)? for {re.escape(exercise.id)}\b")
    return panel.locator(".jp-OutputArea-output").filter(has_text=line)


def expected_line(exercise: Exercise, answer: Any, attempts: int) -> str:
    return summary_line(exercise, {"answer": answer, "attempts": attempts})


def expect_record(panel: Locator, exercise: Exercise, answer: Any, attempts: int) -> None:
    expect(record_output(panel, exercise), f"answer record for {exercise.id} shown next to its widget").to_have_text(
        expected_line(exercise, answer, attempts), timeout=RECORD_TIMEOUT_MS
    )


def expect_status(box: Locator, text: str | re.Pattern[str]) -> None:
    expect(box.locator(".mlc-status")).to_contain_text(text, timeout=WIDGET_TIMEOUT_MS)


def radio(box: Locator, option: Choice) -> Locator:
    return box.get_by_role("radio", name=option.text, exact=True)


def grid_cell(box: Locator, activity: str, role: str) -> Locator:
    return box.get_by_role("combobox", name=f"{activity} – {role}", exact=True)


def value_box(box: Locator, label: str) -> Locator:
    return box.get_by_role("textbox", name=label, exact=True)


def typed(number: float) -> str:
    """A number as a person types it (and as its box shows it once recorded)."""
    return format(number, "g")


def check_and_time(page: Page, box: Locator, expected_text: str) -> jh.ClickTiming:
    """Press the exercise's Check button; time until `expected_text` shows in its feedback."""
    button = box.get_by_role("button", name="Check", exact=True)
    return jh.click_and_time(page, button, box, expected_text, timeout=WIDGET_TIMEOUT_MS / 1000)


# The answer records in the browser's notebook model (what Ctrl+S would write), by exercise.
_MODEL_RECORDS_JS = """(mime) => {
  const w = window.jupyterapp.shell.currentWidget, out = {};
  for (const cell of w.content.widgets) {
    const outputs = cell.model.outputs;
    for (let i = 0; outputs && i < outputs.length; i++) {
      const data = outputs.get(i).data;
      if (data && data[mime]) out[data[mime].exercise] = data[mime].answer;
    }
  }
  return out;
}"""


def model_records(page: Page) -> dict[str, Any]:
    return dict(page.evaluate(_MODEL_RECORDS_JS, MIME_TYPE))


def wait_model_record(page: Page, exercise: Exercise, answer: Any) -> None:
    """Wait until the kernel has sent `answer` in the exercise's record to the notebook model.

    Only then is it safe to press Check: ipywidgets may hold back a control's new value while
    an earlier message is pending, but sends a button click at once, so a quick Check could
    score the previous answer.
    """
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            f"([mime, id, answer]) => JSON.stringify(({_MODEL_RECORDS_JS})(mime)[id]) === JSON.stringify(answer)",
            arg=[MIME_TYPE, exercise.id, answer],
            timeout=RECORD_TIMEOUT_MS,
        )
    except PlaywrightTimeout:
        found = model_records(page).get(exercise.id, "no record at all")
        raise AssertionError(
            f"answer record for {exercise.id}: expected {answer!r}, the notebook has {found!r}"
        ) from None


def saved_records(path: Path) -> dict[str, Any]:
    """The answer records in the saved file, by exercise (each must parse; one per exercise)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    records: dict[str, Any] = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if MIME_TYPE in data:
                record = parse_record(data[MIME_TYPE])
                assert record.exercise not in records, f"two answer records for {record.exercise} in {path.name}"
                records[record.exercise] = record
    return records


# --------------------------------------------------------------------------- steps and timings


@dataclass
class Timings:
    """Seconds per stage and Check-to-feedback latencies: reported, never asserted."""

    values: dict[str, Any] = field(default_factory=dict)

    def latency(self, name: str, timing: jh.ClickTiming) -> None:
        self.values[f"check_to_feedback_{name}_ms"] = {"wall": round(timing.wall_ms), "page": round(timing.page_ms)}


def report_timings(request: pytest.FixtureRequest, steps: jh.Steps, timings: Timings) -> None:
    data = {**timings.values, "steps_s": steps.seconds}
    jh.write_timings(request.node.name, data)
    shown = {k: json.dumps(v) for k, v in timings.values.items()}  # per-step seconds only in the file
    request.node.user_properties.append((jh.TIMINGS_PROPERTY, shown))
    print(f"\n[browser timings] {request.node.name}: {json.dumps(data)}")


# --------------------------------------------------------------------------- the learner's path


def answer_everything(page: Page, panel: Locator, plan: Plan, steps: jh.Steps, timings: Timings) -> dict[str, int]:
    """Answer four widget types as a learner does, with one wrong answer corrected; returns attempts."""
    choice, grid, select, value = plan.choice, plan.grid, plan.select, plan.value
    attempts = {ex.id: 0 for ex in plan.exercises}

    with steps("answer the radio buttons wrongly"):
        box = exercise_box(panel, choice)
        radio(box, plan.wrong).click()
        expect_status(box, f"Answer recorded: {describe_progress(choice, plan.wrong.id)}")
        expect_record(panel, choice, plan.wrong.id, attempts[choice.id])
        wait_model_record(page, choice, plan.wrong.id)

    with steps("check the wrong answer and read why it is wrong"):
        wrong_score = score(choice, plan.wrong.id)
        assert wrong_score.status == INCORRECT
        feedback = wrong_score.parts[0].feedback
        timings.latency("wrong_answer", check_and_time(page, box, feedback))
        attempts[choice.id] += 1
        expect(box.locator(f".mlc-fb-{INCORRECT}")).to_contain_text(feedback)
        expect(box.locator(f".mlc-fb-{INCORRECT}")).to_contain_text(wrong_score.summary)
        expect_record(panel, choice, plan.wrong.id, attempts[choice.id])

    with steps("correct the answer and check again"):
        radio(box, choice.choice(choice.key)).click()
        wait_model_record(page, choice, choice.key)
        right = score(choice, choice.key)
        timings.latency("corrected_answer", check_and_time(page, box, right.summary))
        attempts[choice.id] += 1
        expect(box.locator(f".mlc-fb-{CORRECT}")).to_be_visible()
        expect_record(panel, choice, choice.key, attempts[choice.id])

    with steps("fill the RACI grid"):
        box = exercise_box(panel, grid)
        key = key_answer(grid)
        for activity, role in grid.scored_cells:
            letters = key.get(activity, {}).get(role, "")
            if letters:
                grid_cell(box, activity, role).select_option(label=letters)
        expect_status(box, f"Answer recorded: {describe_progress(grid, key)}")
        wait_model_record(page, grid, key)
        timings.latency("raci_grid", check_and_time(page, box, score(grid, key).summary))
        attempts[grid.id] += 1
        expect(box.locator(f".mlc-fb-{CORRECT}")).to_be_visible()

    with steps("tick the check boxes"):
        box = exercise_box(panel, select)
        for option in select.choices:
            if option.id in select.key:
                box.get_by_role("checkbox", name=option.text, exact=True).check()
        wait_model_record(page, select, key_answer(select))
        timings.latency("check_boxes", check_and_time(page, box, score(select, key_answer(select)).summary))
        attempts[select.id] += 1
        expect(box.locator(f".mlc-fb-{CORRECT}")).to_be_visible()

    with steps("type the numbers"):
        box = exercise_box(panel, value)
        for spec in value.fields:
            field_box = value_box(box, spec.label)
            field_box.click()
            field_box.press("Control+a")
            field_box.press_sequentially(typed(spec.expected))
            field_box.press("Tab")  # the box records what was typed when the learner leaves it
        wait_model_record(page, value, key_answer(value))
        timings.latency("typed_numbers", check_and_time(page, box, score(value, key_answer(value)).summary))
        attempts[value.id] += 1
        expect(box.locator(f".mlc-fb-{CORRECT}")).to_be_visible()

    return attempts


def expect_all_records(panel: Locator, plan: Plan, attempts: dict[str, int]) -> None:
    answered = {ex.id for ex in plan.answered}
    for exercise in plan.exercises:
        answer = key_answer(exercise) if exercise.id in answered else None
        expect_record(panel, exercise, answer, attempts[exercise.id])


def expect_widgets_show_answers(panel: Locator, plan: Plan) -> None:
    """Read the answers back from the controls in the page (checked, selected, typed)."""
    choice, grid, select, value = plan.choice, plan.grid, plan.select, plan.value
    box = exercise_box(panel, choice)
    for option in choice.choices:
        expect(radio(box, option), f"{choice.id}: option {option.id}").to_be_checked(checked=option.id == choice.key)
    box = exercise_box(panel, grid)
    key = key_answer(grid)
    for activity, role in grid.scored_cells:
        expect(grid_cell(box, activity, role), f"{grid.id}: {activity} – {role}").to_have_value(
            key.get(activity, {}).get(role, "")
        )
    box = exercise_box(panel, select)
    for option in select.choices:
        expect(box.get_by_role("checkbox", name=option.text, exact=True), f"{select.id}: {option.id}").to_be_checked(
            checked=option.id in select.key
        )
    box = exercise_box(panel, value)
    for spec in value.fields:
        expect(value_box(box, spec.label), f"{value.id}: {spec.id}").to_have_value(typed(spec.expected))
    for exercise in plan.answered:
        expect(exercise_box(panel, exercise).locator(f".mlc-fb-{CORRECT}"), f"{exercise.id} feedback").to_be_visible()


def expect_saved_answers(path: Path, plan: Plan) -> None:
    """The saved file has one record per exercise: the right answers for those answered, none for the rest."""
    records = saved_records(path)
    answered = {ex.id for ex in plan.answered}
    assert set(records) == {ex.id for ex in plan.exercises}, f"records in the saved file: {sorted(records)}"
    for exercise in plan.exercises:
        record = records[exercise.id]
        assert record.fingerprint == exercise.fingerprint, exercise.id
        assert record.learner == jh.LEARNER_ID, exercise.id
        if exercise.id in answered:
            assert normalise(exercise, record.answer) == key_answer(exercise), f"saved answer of {exercise.id}"
        else:
            assert record.answer is None, f"{exercise.id} was not answered, but the file records {record.answer!r}"


def learner_path(page: Page, server: jh.JupyterServer, plan: Plan, steps: jh.Steps, timings: Timings) -> Path:
    """Open, run, answer, save, restart and re-run, close and reopen: the answers must survive each.

    Returns the saved notebook. Any missing or wrong answer record fails an assertion
    that names the exercise.
    """
    saved = server.root_dir / plan.notebook
    with steps("open the exercise notebook"):
        timings.values["open_notebook_s"] = round(jh.open_notebook(page, server, plan.notebook), 2)
    with steps("run all cells"):
        timings.values["run_all_s"] = round(jh.run_all_cells(page), 2)
        panel = jh.active_panel(page)
        for exercise in plan.answered:
            expect(exercise_box(panel, exercise), f"widget of {exercise.id}").to_be_visible(timeout=WIDGET_TIMEOUT_MS)

    attempts = answer_everything(page, panel, plan, steps, timings)

    with steps("every exercise shows its answer record and the save reminder"):
        expect_all_records(panel, plan, attempts)
        expect(record_output(panel, plan.choice)).to_contain_text(SAVE_REMINDER)

    with steps("save with Ctrl+S and read the file"):
        timings.values["save_s"] = round(jh.save(page), 2)
        expect_saved_answers(saved, plan)

    with steps("restart the kernel and run all cells"):
        timings.values["restart_and_run_all_s"] = round(jh.restart_kernel_and_run_all(page), 2)
        panel = jh.active_panel(page)
        for exercise in plan.answered:
            expect_status(exercise_box(panel, exercise), re.compile("restored"))
        expect_widgets_show_answers(panel, plan)
        expect_all_records(panel, plan, attempts)

    with steps("the restored answers came from this notebook's journal"):
        journal = Path(server.env["MLOPS_COURSE_HOME"]) / "journal" / f"{notebook_key(str(saved))}.json"
        found = sorted(p.name for p in journal.parent.glob("*.json"))
        assert journal.is_file(), f"no journal {journal.name} keyed by JPY_SESSION_NAME; journals: {found}"
        entries = json.loads(journal.read_text())["exercises"]
        assert {ex.id for ex in plan.answered} <= set(entries), sorted(entries)

    with steps("save again after the restart"):
        jh.save(page)
        expect_saved_answers(saved, plan)

    with steps("close and reopen the notebook: the saved records are there"):
        jh.close_notebook(page)
        timings.values["reopen_s"] = round(jh.reopen(page, plan.notebook), 2)
        panel = jh.active_panel(page)
        expect_all_records(panel, plan, attempts)

    with steps("run all cells after reopening: the widgets show the answers"):
        jh.run_all_cells(page)
        expect_widgets_show_answers(jh.active_panel(page), plan)
        expect_all_records(jh.active_panel(page), plan, attempts)
    return saved


def grade(saved: Path, out: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """Run `mlops-course grade` on the saved file; returns this learner's gradebook row and score rows (a
    practice notebook's points are in the score rows; the gradebook row has its completion)."""
    script = Path(sys.executable).with_name("mlops-course")
    command = [str(script)] if script.is_file() else [sys.executable, "-m", "course"]
    result = subprocess.run(
        [*command, "grade", str(saved), "--out", str(out), "--jobs", "1"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, f"mlops-course grade exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    with open(out / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["learner"] == jh.LEARNER_ID]
    assert len(rows) == 1, f"gradebook rows for {jh.LEARNER_ID}: {rows}; grader said {result.stdout}"
    with open(out / "scores.csv", newline="", encoding="utf-8") as handle:
        scores = [row for row in csv.DictReader(handle) if row["learner"] == jh.LEARNER_ID]
    return rows[0], scores


# --------------------------------------------------------------------------- tests


def test_learner_path_from_answering_to_grading(
    lab_server: jh.JupyterServer,
    course_root: Path,
    page: Page,
    steps: jh.Steps,
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    plan = make_plan(course_root, "learner")
    timings = Timings({"server_start_s": round(lab_server.startup_seconds, 2)})
    try:
        saved = learner_path(page, lab_server, plan, steps, timings)
        with steps("grade the saved file with mlops-course grade"):
            row, scores = grade(saved, tmp_path / "grading")
            expected = plan.expected_points()
            assert sum(expected.values()) == sum(ex.points for ex in plan.answered)  # the key answers earn full marks
            # notebook 04 is practice: its points are in scores.csv, labelled so; the gradebook shows its completion
            earned = {s["exercise"]: float(s["points"]) for s in scores}
            for exercise_id, points in expected.items():
                assert earned[exercise_id] == pytest.approx(points), (exercise_id, scores)
            assert {s["kind"] for s in scores} == {"practice"}
            assert not [column for column in row if column.startswith(f"{NOTEBOOK}.")], row
            in_notebook = len(load_bank().for_notebook(NOTEBOOK))
            completion = 100 * len(plan.answered) / in_notebook
            assert float(row[f"practice {NOTEBOOK} completion"]) == pytest.approx(completion, abs=0.05), row
            statuses = {s["exercise"]: s["status"] for s in scores}
            assert all(statuses[ex.id] == CORRECT for ex in plan.answered), statuses
    finally:
        report_timings(request, steps, timings)


def test_an_unsaved_change_is_not_in_the_file(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    plan = make_plan(course_root, "unsaved")
    saved = lab_server.root_dir / plan.notebook
    choice = plan.choice
    with steps("open, run, answer right and save"):
        jh.open_notebook(page, lab_server, plan.notebook)
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        box = exercise_box(panel, choice)
        radio(box, choice.choice(choice.key)).click()
        expect_record(panel, choice, choice.key, 0)
        jh.save(page)
        assert saved_records(saved)[choice.id].answer == choice.key
    with steps("change the answer without saving"):
        radio(box, plan.wrong).click()
        wait_model_record(page, choice, plan.wrong.id)
        assert model_records(page)[choice.id] == plan.wrong.id  # the page holds the change...
        assert jh.is_dirty(page)
    with steps("the file still has the saved answer, and the page says to save"):
        assert saved_records(saved)[choice.id].answer == choice.key  # ...the file does not
        expect(record_output(panel, choice)).to_contain_text(SAVE_REMINDER)
        expect(box.locator(".mlc-reminder").first).to_contain_text(SAVE_REMINDER)


def test_notebook7_smoke(lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps) -> None:
    """The same server's Notebook 7 front end: open, run all, answer one widget, save, read the file."""
    plan = make_plan(course_root, "notebook7")
    choice = plan.choice
    with steps("open in Notebook 7 and run all cells"):
        jh.open_notebook(page, lab_server, plan.notebook, ui="notebook")
        assert page.evaluate("() => document.body.dataset.notebook") == "notebooks"
        jh.run_all_cells(page)
    with steps("answer the radio buttons and save"):
        panel = jh.active_panel(page)
        box = exercise_box(panel, choice)
        radio(box, choice.choice(choice.key)).click()
        wait_model_record(page, choice, choice.key)
        check_and_time(page, box, score(choice, choice.key).summary)
        expect_record(panel, choice, choice.key, 1)
        jh.save(page)
    with steps("the saved file has the answer"):
        record = saved_records(lab_server.root_dir / plan.notebook)[choice.id]
        assert (record.answer, record.attempts, record.learner) == (choice.key, 1, jh.LEARNER_ID)


def test_keyboard_path_the_widgets_describe(
    lab_server: jh.JupyterServer, course_root: Path, page: Page, steps: jh.Steps
) -> None:
    """Space picks the focused option, an arrow key the next one in the same group, Tab moves on to
    the next answer, as the widget's keyboard note says, without JupyterLab taking the keys for
    notebook shortcuts. (Each exercise's options are one radio group: see test_answer_custody_browser.)"""
    plan = make_plan(course_root, "keyboard")
    choice = plan.choice
    with steps("open and run all cells"):
        jh.open_notebook(page, lab_server, plan.notebook)
        jh.run_all_cells(page)
        panel = jh.active_panel(page)
        box = exercise_box(panel, choice)
    with steps("Space on the first option, ArrowDown to the second, Tab on to the next answer"):
        radio(box, choice.choices[0]).focus()
        before = jh.notebook_state(page)
        page.keyboard.press("Space")
        expect(radio(box, choice.choices[0])).to_be_checked()
        page.keyboard.press("ArrowDown")
        expect(radio(box, choice.choices[1])).to_be_focused()
        expect(radio(box, choice.choices[1])).to_be_checked()
        expect_record(panel, choice, choice.choices[1].id, 0)
        page.keyboard.press("Tab")
        assert not box.locator("input[type=radio]:focus").count(), "Tab stayed in the option group"
        after = jh.notebook_state(page)
        assert (after["active"], after["cells"]) == (before["active"], before["cells"]), (before, after)


def test_arrow_and_letter_keys_on_a_radio_button_stay_in_the_widget(
    lab_server: jh.JupyterServer, course_root: Path, page: Page
) -> None:
    """In command mode JupyterLab would take ArrowDown for 'next cell' and 'a' for 'insert cell'
    (ipywidgets#3912); the exercise keeps such keys, but lets Ctrl+S through."""
    plan = make_plan(course_root, "arrows")
    choice = plan.choice
    jh.open_notebook(page, lab_server, plan.notebook)
    jh.run_all_cells(page)
    box = exercise_box(jh.active_panel(page), choice)
    radio(box, choice.choices[0]).click()
    expect(radio(box, choice.choices[0])).to_be_checked()
    before = jh.notebook_state(page)
    page.keyboard.press("ArrowDown")
    expect(radio(box, choice.choices[1])).to_be_checked(timeout=2000)
    page.keyboard.press("a")
    page.wait_for_timeout(500)  # nothing to wait for if a key is lost: give the page time to react
    after = jh.notebook_state(page)
    assert (after["active"], after["cells"]) == (before["active"], before["cells"]), (
        "a key moved or changed the notebook"
    )
    jh.save(page)  # Ctrl+S pressed while the radio button has focus still saves
    assert not jh.is_dirty(page)


def test_the_path_fails_when_answers_are_not_recorded(
    course_root: Path, page: Page, steps: jh.Steps, tmp_path: Path
) -> None:
    """A kit whose answer records are switched off must fail the learner path, naming the missing record."""
    learner_home = tmp_path / "home"
    with jh.start_jupyter_server(
        course_root,
        work_dir=tmp_path / "jupyter-sabotaged",
        log_dir=jh.ARTIFACTS,
        env=jh.course_kernel_env(learner_home),
        ipython_startup={"00-no-answer-records.py": SABOTAGE_STARTUP},
    ) as server:
        plan = make_plan(course_root, "sabotaged")
        with pytest.raises(AssertionError, match=rf"answer record for {re.escape(plan.choice.id)}") as failure:
            learner_path(page, server, plan, steps, Timings())
        panel = jh.active_panel(page)
        # The widget itself worked: the failure is the missing record, not a broken page.
        expect(exercise_box(panel, plan.choice)).to_be_visible()
        assert record_output(panel, plan.choice).count() == 0
        assert "answer the radio buttons wrongly" in "\n".join(getattr(failure.value, "__notes__", []))
        print(f"\n[sabotage] the learner path failed as it must: {str(failure.value).splitlines()[0]}")
