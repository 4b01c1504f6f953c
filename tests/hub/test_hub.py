"""The course on a real JupyterHub: three learners log in, pull the course, answer, check and save.

A course like this runs at scale on a hub filled by nbgitpuller links, so this test
does what a class does there, with nothing faked between the learner and the file:
JupyterHub and configurable-http-proxy on 127.0.0.1, one single-user JupyterLab per
learner with a home of its own, the course pulled by nbgitpuller from a git
repository whose address ends in `.git` (through the link `course.hub` builds), and
Chromium clicking. Each learner then has, in their own home, a saved exercise
notebook whose answer record names them by their hub user name.

What is pulled is the learner edition (`mlops-course release --learner`, committed as
its own repository, as the instructor guide tells instructors to publish it), and the learners'
servers and kernels import the edition's package: no solutions, no tests, no answer
key in any learner's home or kernel. Check there works from the sealed practice keys.

Then the chain of custody is followed to the gradebook: one learner logs in again,
renames the answered notebook in JupyterLab's file browser (a name with spaces and
brackets), opens it, runs Kernel > Restart Kernel and Run All Cells and leaves it to
JupyterLab's autosave; the answer must still be in the file. The instructor then runs
`mlops-course grade <homes> --out DIR` with no flags (the instructor's installed copy, which
holds the keys): each learner must appear once,
by hub user name, with exactly the points the kit's scorer gives their answer, and
nothing credited from the course's own solutions/ or lessons that sit in every home.

It also proves that the "get notified about official Jupyter news?" pop-up does not
appear: the single-user servers read the kit's page config from the environment the course
was installed in with pip (as in a hub's image), which switches JupyterLab's announcements
plugin off.

Reported, not asserted: the hub's start time and each learner's memory (single-user
server and kernel resident set sizes, read from /proc) — the figures behind the
memory guarantee and capacity table in docs/jupyterhub.md — and how long the
Restart & Run All and the grading took.
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from course.exercises.definitions import load_bank
from course.exercises.scoring import score
from course.exercises.types.single_choice import SingleChoice
from course.hub import nbgitpuller_link
from tests.browser import harness as jh
from tests.browser.test_learner_path import check_and_time, exercise_box, radio, saved_records, wait_model_record
from tests.hub import hub_harness

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip, or fail when CI requires the browser
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

NOTEBOOK = "exercises/04_raci_model.ipynb"
RENAMED = "my answers (RACI).ipynb"  # a learner's own name for it: spaces and brackets
AUTOSAVE_SECONDS = 3
USER_SETTINGS = Path(".jupyter") / "lab" / "user-settings"  # in the home; the spawner sets HOME there
TARGET = "mlops-roles-course"  # the folder nbgitpuller creates in each home
BRANCH = "main"
NEWS_QUESTION = "Would you like to get notified about official Jupyter news?"
ANNOUNCEMENTS_PLUGIN = "@jupyterlab/apputils-extension:announcements"
SPAWN_TIMEOUT = 180


@dataclass(frozen=True)
class Learner:
    name: str  # the hub user name, which must become the learner id in the records
    option: str  # the option of the single-choice exercise this learner picks


def first_single_choice() -> SingleChoice:
    """The first single-choice exercise notebook 04 displays (what each learner answers)."""
    exercises = [ex for ex in load_bank().for_notebook("04") if isinstance(ex, SingleChoice)]
    assert exercises, "exercise notebook 04 has no single-choice exercise"
    return exercises[0]


def learners(exercise: SingleChoice) -> list[Learner]:
    """Three learners: two pick the key, one a wrong option (so the class's answers differ)."""
    wrong = next(c.id for c in exercise.choices if c.id != exercise.key)
    return [Learner("ada", exercise.key), Learner("ben", wrong), Learner("chen", exercise.key)]


def log_in_through_link(page, hub: hub_harness.Hub, link: str, user: str) -> float:
    """Follow the nbgitpuller link, log in on the hub's page, wait for the notebook; returns seconds."""
    started = time.perf_counter()
    page.goto(link, wait_until="domcontentloaded")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill("any")  # the dummy authenticator accepts any password
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=SPAWN_TIMEOUT * 1000)
    jh.wait_notebook_ready(page, timeout=SPAWN_TIMEOUT)
    return time.perf_counter() - started


def news_pop_up_shown(page) -> bool:
    return page.get_by_text(NEWS_QUESTION).count() > 0


def disabled_plugins(page) -> list[str]:
    """The plugins the page was told to leave out (JupyterLab's page config)."""
    config = json.loads(page.locator("#jupyter-config-data").text_content() or "{}")
    return list(config.get("disabledExtensions", []))


def answer_and_check(page, exercise: SingleChoice, option_id: str) -> float:
    """Pick an option as a learner does, press Check; returns milliseconds until the feedback."""
    panel = jh.active_panel(page)
    box = exercise_box(panel, exercise)
    radio(box, exercise.choice(option_id)).click()
    wait_model_record(page, exercise, option_id)
    timing = check_and_time(page, box, score(exercise, option_id).summary)
    return timing.wall_ms


def learner_notebook(hub: hub_harness.Hub, user: str) -> Path:
    return hub.home(user) / TARGET / NOTEBOOK


def test_three_learners_on_a_hub(hub, hub_browser, course_git, learner_edition, request, tmp_path):
    exercise = first_single_choice()
    link = nbgitpuller_link(hub.base_url, course_git, branch=BRANCH, notebook=NOTEBOOK, targetpath=None)
    assert course_git.endswith(".git"), "the test must pull from an address ending in .git"
    figures: dict[str, object] = {"hub_start_s": round(hub.startup_seconds, 2)}
    class_list = learners(exercise)

    for learner in class_list:
        page = jh.new_page(hub_browser)
        steps = jh.Steps(page, hub_artifacts_dir(request) / learner.name)
        try:
            with steps("follow the link and log in"):
                figures[f"{learner.name}_login_to_notebook_s"] = round(
                    log_in_through_link(page, hub, link, learner.name), 1
                )
            with steps("the learner edition was pulled into the learner's home"):
                assert learner_notebook(hub, learner.name).is_file(), (
                    f"{NOTEBOOK} not pulled into {learner.name}'s home"
                )
                pulled = hub.home(learner.name) / TARGET
                assert not (pulled / "solutions").exists() and not (pulled / "tests").exists()
                definitions = pulled / "course" / "data" / "exercises"
                assert list(definitions.glob("*.learner.json")), "the edition's key-free definitions are missing"
                assert not list(definitions.rglob("*.yaml")), "exercise definitions with keys reached a learner's home"
            with steps("run all cells"):
                figures[f"{learner.name}_run_all_s"] = round(jh.run_all_cells(page), 1)
            with steps("answer and check"):
                figures[f"{learner.name}_check_ms"] = round(answer_and_check(page, exercise, learner.option))
            with steps("save"):
                jh.save(page)
            with steps("no news pop-up"):
                assert not news_pop_up_shown(page), f"the pop-up '{NEWS_QUESTION}' appeared"
                assert ANNOUNCEMENTS_PLUGIN in disabled_plugins(page), "the announcements plugin is not switched off"
        finally:
            page.context.close()

    for learner in class_list:
        records = saved_records(learner_notebook(hub, learner.name))
        assert exercise.id in records, f"{learner.name}'s saved notebook has no record for {exercise.id}"
        record = records[exercise.id]
        assert record.learner == learner.name, f"{learner.name}'s record names learner {record.learner!r}"
        assert record.answer == learner.option, (
            f"{learner.name} picked {learner.option}, the file holds {record.answer!r}"
        )
        assert record.attempts >= 1, f"{learner.name} pressed Check, but the record counts no attempt"

    for user, paths in hub_harness.kernel_python_paths(hub).items():
        assert paths == {str(learner_edition)}, f"{user}'s kernels did not run the learner edition: {paths}"
    memory = hub_harness.learner_memory(hub)
    assert set(memory) == {learner.name for learner in class_list}, f"single-user servers found: {sorted(memory)}"
    for user, used in sorted(memory.items()):
        assert used.kernels >= 1, f"{user}'s server has no kernel running"
        figures[f"{user}_memory_mib"] = {
            "server": round(used.server_mib),
            "kernels": round(used.kernels_mib),
            "kernel_count": used.kernels,
            "total": round(used.total_mib),
        }
    report(request, figures)  # reported again, with the rest, at the end

    # ------------------------------------------------------------------ rename, run again, grade
    renamer = class_list[0]
    page = jh.new_page(hub_browser)
    steps = jh.Steps(page, hub_artifacts_dir(request) / f"{renamer.name}-rename")
    renamed = learner_notebook(hub, renamer.name).with_name(RENAMED)
    try:
        with steps("autosave every few seconds (the learner's own JupyterLab setting)"):
            set_autosave(hub.home(renamer.name), AUTOSAVE_SECONDS)
        with steps("log in again"):
            log_in(page, hub, renamer.name)
        with steps("rename the answered notebook in the file browser"):
            rename_in_file_browser(page, f"{TARGET}/{Path(NOTEBOOK).parent}", Path(NOTEBOOK).name, RENAMED)
            assert renamed.is_file() and not learner_notebook(hub, renamer.name).exists()
        with steps("open it and Restart & Run All"):
            open_in_file_browser(page, RENAMED)
            figures[f"{renamer.name}_restart_run_all_s"] = round(jh.restart_kernel_and_run_all(page), 1)
        with steps("wait for autosave: the answer is still in the file"):
            wait_for_autosave(page)
            record = saved_records(renamed)[exercise.id]
            assert (record.answer, record.learner) == (renamer.option, renamer.name), record
    finally:
        page.context.close()

    graded = grade_homes(hub, tmp_path)
    figures["grade_s"] = round(graded.seconds, 1)
    report(request, figures)
    gradebook = {row["learner"]: row for row in graded.gradebook}
    assert len(graded.gradebook) == len(gradebook), f"a learner has two rows: {graded.gradebook}"
    assert sorted(gradebook) == sorted(learner.name for learner in class_list), sorted(gradebook)
    # Every exercise notebook in a home is graded (unanswered ones give 0), so the assessed maximum is the course's.
    bank = load_bank()
    pulled = sorted({p.name[:2] for p in (hub_harness.REPO / "exercises").glob("[0-9][0-9]_*.ipynb")})
    assessed_max = sum(e.points for n in pulled for e in bank.for_notebook(n) if e.graded and e.assessed)
    assert not exercise.assessed  # notebook 04 is practice: its points are in scores.csv, apart from the grade
    for learner in class_list:
        row = gradebook[learner.name]
        expected = score(exercise, learner.option).points
        earned = [s for s in graded.scores if s["learner"] == learner.name and float(s["points"] or 0) > 0]
        # Only this learner's one answer earns points: nothing from the course's solutions/ or lessons.
        assert [(s["exercise"], s["kind"]) for s in earned] == ([(exercise.id, "practice")] if expected else [])
        assert sum(float(s["points"]) for s in earned) == pytest.approx(expected), (learner, earned)
        assert float(row["assessed"]) == 0 and float(row["assessed_max"]) == pytest.approx(assessed_max), row
        assert float(row["practice 04 completion"]) > 0, row
    files = {row["file"] for row in graded.scores}
    assert files and all(f"/{TARGET}/exercises/" in f"/{f}" for f in files), sorted(files)
    assert any(f.endswith(RENAMED) for f in files), f"the renamed notebook was not graded: {sorted(files)}"


@dataclass(frozen=True)
class Graded:
    gradebook: list[dict[str, str]]
    scores: list[dict[str, str]]
    seconds: float


def grade_homes(hub: hub_harness.Hub, tmp_path: Path) -> Graded:
    """`mlops-course grade <homes> --out DIR`, with no flags, as the instructor types it."""
    out = tmp_path / "grades"
    command = [str(Path(sys.executable).parent / "mlops-course"), "grade", str(hub.homes), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    seconds = time.perf_counter() - started
    errors = (out / "errors.csv").read_text(encoding="utf-8") if (out / "errors.csv").is_file() else ""
    assert done.returncode == 0, f"grade exited {done.returncode}\n{done.stdout}\n{done.stderr}\n{errors}"

    def table(name: str) -> list[dict[str, str]]:
        with open(out / name, newline="", encoding="utf-8") as stream:
            return list(csv.DictReader(stream))

    return Graded(table("gradebook.csv"), table("scores.csv"), seconds)


def set_autosave(home: Path, seconds: int) -> None:
    """The learner's JupyterLab user setting: autosave on, every `seconds` (read when a page loads)."""
    path = home / USER_SETTINGS / "@jupyterlab" / "docmanager-extension" / "plugin.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"autosave": True, "autosaveInterval": seconds}))


def log_in(page, hub: hub_harness.Hub, user: str) -> None:
    """Log in on the hub's page; JupyterLab opens on the learner's (still running) server."""
    page.goto(f"{hub.base_url}/hub/login", wait_until="domcontentloaded")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill("any")
    page.locator("#login_submit").click()
    page.wait_for_url(re.compile(rf"/user/{user}/lab"), timeout=SPAWN_TIMEOUT * 1000)
    page.locator("#jupyterlab-splash").wait_for(state="detached", timeout=SPAWN_TIMEOUT * 1000)
    page.locator(".jp-DirListing").first.wait_for(timeout=60_000)
    # Close what the workspace reopened (a notebook opened again before it runs may ask to be saved).
    page.evaluate("() => { window.jupyterapp.commands.execute('application:close-all'); }")
    jh.wait_js(
        page,
        "() => !document.querySelector('.jp-NotebookPanel')",
        answers={"Save your work": "Save"},
        timeout=30,
        what="notebooks closed",
    )


def file_item(page, name: str):
    text = page.locator(".jp-DirListing-itemText", has_text=re.compile(rf"^{re.escape(name)}$"))
    return page.locator(".jp-DirListing-item").filter(has=text)


def rename_in_file_browser(page, folder: str, old: str, new: str) -> None:
    """Right-click > Rename in JupyterLab's file browser, type the new name, Enter."""
    page.evaluate("(path) => window.jupyterapp.commands.execute('filebrowser:go-to-path', {path})", folder)
    item = file_item(page, old)
    item.click(button="right")
    page.locator(".lm-Menu-item", has_text=re.compile(r"^Rename")).first.click()
    editor = page.locator(".jp-DirListing-editor")
    editor.fill(new)
    editor.press("Enter")
    file_item(page, new).wait_for(timeout=15_000)


def open_in_file_browser(page, name: str) -> None:
    file_item(page, name).dblclick()
    jh.wait_notebook_ready(page, timeout=SPAWN_TIMEOUT)


def wait_for_autosave(page) -> None:
    """Until JupyterLab's own autosave has written the notebook after the run."""
    jh.wait_for_autosave(page, AUTOSAVE_SECONDS)


def hub_artifacts_dir(request: pytest.FixtureRequest) -> Path:
    return hub_harness.REPO / "test-artifacts" / "hub" / "steps" / request.node.name


def report(request: pytest.FixtureRequest, figures: dict[str, object]) -> None:
    """Print the figures and keep them in test-artifacts/hub/figures.json (reported, never asserted)."""
    path = hub_harness.REPO / "test-artifacts" / "hub" / "figures.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(figures, indent=2, sort_keys=True) + "\n")
    shown = [item for item in request.node.user_properties if item[0] != jh.TIMINGS_PROPERTY]  # once, the latest
    request.node.user_properties[:] = [*shown, (jh.TIMINGS_PROPERTY, {k: json.dumps(v) for k, v in figures.items()})]
    print(f"\n[hub figures] {json.dumps(figures)}")
