"""An answer once given is never erased, never leaks into another notebook, never changes by accident.

The kernel side of the chain of custody: the saved notebook file is the source of
truth and the journal a cache (restore takes the newer by revision), a journal
belongs to one notebook (never shared by headless runs), a `set_learner` cell in
someone else's notebook leaves the runner's saved id alone, and an answer to an
earlier version of a question stays as it was, with a note.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import nbformat
import pytest

from course.exercises import api
from course.exercises.definitions import load_bank
from course.exercises.journal import Entry, Journal, notebook_key
from course.exercises.records import MIME_TYPE
from course.exercises.widgets import build_widget
from tests.grading_tools import FIXTURES, submission, write
from tests.widget_tools import CODE_ANSWERS, text


@pytest.fixture
def kernel(monkeypatch, course_home):
    """A fresh kernel's module state over the fixture definitions; returns a 'restart' function."""
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)

    def restart() -> None:
        api._sessions.clear()
        getattr(api, "_journals", {}).clear()
        getattr(sys.modules.get("course.exercises.notebook_file"), "_cache", {}).clear()
        import course.exercises.learner as learner

        if hasattr(learner, "_kernel_learner"):
            learner._kernel_learner = None

    restart()
    yield restart
    restart()


def saved_notebook(path: Path, answers: dict, *, revision: int = 1, learner: str | None = "alice") -> Path:
    """A notebook saved with these answers in its records (as a learner's Ctrl+S leaves it)."""
    return write(path, submission(load_bank(FIXTURES), answers, learner=learner, revision=revision))


def journal_of(home: Path, notebook: Path) -> Path:
    return home / "journal" / f"{notebook_key(str(notebook))}.json"


# --------------------------------------------------------------------------- 1 and 4: the file is the truth


def test_a_renamed_notebook_restores_its_answers_from_the_file_when_the_journal_lacks_them(
    kernel, tmp_path, monkeypatch
):
    nb = saved_notebook(tmp_path / "renamed-04.ipynb", CODE_ANSWERS, revision=3)
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))  # no journal for this path: a rename, a copy, a new machine
    monkeypatch.setenv("MLOPS_COURSE_LEARNER", "instructor-1")  # someone else runs alice's notebook
    for exercise_id in CODE_ANSWERS:
        session = api.session(exercise_id)
        record = session.bundle()[MIME_TYPE]
        assert record["answer"] is not None, f"{exercise_id}: Restart & Run All would erase the saved answer"
        assert record["answer"] == session.answer
        assert record["revision"] == 3
        assert record["learner"] == "alice", "an answer restored from the file keeps the learner who gave it"
        widget = build_widget(session)
        assert "restored from the saved notebook" in text(widget.status.value), exercise_id


def test_a_newer_answer_in_the_file_wins_over_an_older_journal_one(kernel, tmp_path, monkeypatch, course_home):
    # The course home went read-only: the journal kept revision 2 while the file got revision 3.
    nb = saved_notebook(tmp_path / "04.ipynb", {"99.single": "mlops"}, revision=3)
    journal = Journal(journal_of(course_home, nb))
    journal.put("99.single", Entry("ds", 1, 2, load_bank(FIXTURES).get("99.single").fingerprint))
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    session = api.session("99.single")
    assert session.answer == "mlops" and session.revision == 3
    assert session.restored_from == "the saved notebook"


def test_a_newer_journal_answer_wins_over_the_file_and_says_so(kernel, tmp_path, monkeypatch, course_home):
    nb = saved_notebook(tmp_path / "04.ipynb", {"99.single": "mlops"}, revision=1)
    Journal(journal_of(course_home, nb)).put(
        "99.single", Entry("ds", 0, 2, load_bank(FIXTURES).get("99.single").fingerprint)
    )
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    session = api.session("99.single")
    assert session.answer == "ds"
    assert "restored from this computer's answer journal" in text(build_widget(session).status.value)


def test_a_fresh_empty_record_never_replaces_a_saved_answer_but_a_reset_does(
    kernel, tmp_path, monkeypatch, course_home
):
    nb = saved_notebook(tmp_path / "04.ipynb", {"99.single": "mlops"}, revision=2)
    fingerprint = load_bank(FIXTURES).get("99.single").fingerprint
    journal = Journal(journal_of(course_home, nb))
    journal.put("99.single", Entry(None, 0, 0, fingerprint))  # an empty check journalled before anything
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    assert api.session("99.single").answer == "mlops"
    api.session("99.single").reset()  # the learner pressed Reset: that empties it, at a newer revision
    kernel()
    assert api.session("99.single").answer is None
    assert api.session("99.single").revision == 3


def test_a_journal_write_failure_then_a_restart_keeps_the_answer_in_the_file(
    kernel, tmp_path, monkeypatch, course_home
):
    nb_path = tmp_path / "04.ipynb"
    saved_notebook(nb_path, {"99.single": "ds"}, revision=1)
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb_path))
    session = api.session("99.single")
    session.set_answer("mle")  # journalled at revision 2

    def full_disk(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("course.exercises.journal.write_json_atomic", full_disk)
    session.set_answer("mlops")  # revision 3: only in the notebook, which is then saved
    assert "Could not write the answer journal" in (session.journal.warning or "")
    nb = nbformat.read(nb_path, as_version=4)
    nb.cells[1].outputs[0]["data"] = session.bundle()
    nbformat.write(nb, nb_path)
    monkeypatch.undo()
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(course_home))
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb_path))
    kernel()
    assert api.session("99.single").answer == "mlops"


# --------------------------------------------------------------------------- 2: one journal per notebook


def test_headless_runs_share_no_journal(kernel, course_home):
    api.answer("99.single", "mlops")
    api.answer("99.reflect", "Learner A's own reflection on roles.")
    kernel()  # a second headless run: another learner's (blank) notebook
    for exercise_id in ("99.single", "99.reflect"):
        session = api.session(exercise_id)
        assert session.answer is None and not session.restored, exercise_id
    assert not list(course_home.glob("journal/*.json")), "a headless run wrote a journal another run could read"


def test_a_set_learner_cell_in_someone_elses_notebook_leaves_the_runners_saved_id(kernel, course_home):
    from course.exercises.learner import learner_id, set_learner

    set_learner("instructor-1", remember=True)
    kernel()
    import course

    course.set_learner("alice")  # a cell in alice's notebook, run by the instructor
    assert learner_id() == "alice"  # this kernel records alice's notebook as hers
    assert json.loads((course_home / "learner.json").read_text())["learner"] == "instructor-1"
    kernel()
    assert learner_id() == "instructor-1"


def test_a_renamed_notebook_takes_its_journal_along_but_a_copy_does_not(kernel, tmp_path, course_home):
    old = saved_notebook(tmp_path / "04_raci_model.ipynb", {})
    fingerprint = load_bank(FIXTURES).get("99.single").fingerprint
    journal = Journal.for_notebook(str(old), notebook_id="04_raci_model")
    journal.put("99.single", Entry("mle", 0, 4, fingerprint))  # answered, not saved yet

    copy = tmp_path / "copy-of-04.ipynb"
    shutil.copy(old, copy)
    assert Journal.for_notebook(str(copy), notebook_id="04_raci_model").get("99.single") is None

    renamed = tmp_path / "my-04.ipynb"
    old.rename(renamed)
    moved = Journal.for_notebook(str(renamed), notebook_id="04_raci_model")
    assert moved.get("99.single") == Entry("mle", 0, 4, fingerprint)


def test_release_writes_the_course_notebook_id_into_the_metadata(tmp_path):
    from course.authoring.release import exercise_notebook

    made = exercise_notebook({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, "04_raci_model.ipynb")
    assert made["metadata"]["mlops_course"] == {"notebook": "04_raci_model"}


# --------------------------------------------------------------------------- 5: versions


def changed_definitions(folder: Path) -> Path:
    """The fixture bank with 99.single reworded and one choice removed; the old version archived."""
    folder.mkdir()
    source = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    old_prompt = "prompt: In the chapter's RACI matrix, which role is accountable for the CI/CD pipeline?"
    assert old_prompt in source
    (folder / "99_demo.yaml").write_text(
        source.replace(old_prompt, "prompt: Which role is accountable for the pipeline that ships models?"),
        encoding="utf-8",
    )
    (folder / "archive").mkdir()
    shutil.copy(FIXTURES / "99_demo.yaml", folder / "archive" / "99_demo.yaml")
    return folder


def test_an_answer_to_an_earlier_version_stays_with_its_fingerprint_and_a_note(kernel, tmp_path, monkeypatch):
    old_bank = load_bank(FIXTURES)
    nb = saved_notebook(tmp_path / "99.ipynb", {"99.single": "mlops"}, revision=2)
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(changed_definitions(tmp_path / "defs")))
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    session = api.session("99.single")
    assert session.exercise.fingerprint != old_bank.get("99.single").fingerprint
    widget = build_widget(session)
    assert "earlier version" in text(widget.notice.value)
    session.check()  # a run that checks must not re-stamp it with the new fingerprint
    record = session.bundle()[MIME_TYPE]
    assert record["fingerprint"] == old_bank.get("99.single").fingerprint
    assert record["answer"] == "mlops"
    assert "earlier version" in session.bundle()["text/plain"]
    session.set_answer("mle")  # the learner answers the new version
    record = session.bundle()[MIME_TYPE]
    assert record["fingerprint"] == session.exercise.fingerprint
    assert "earlier version" not in text(build_widget(session).notice.value)


def test_an_answer_whose_choice_was_removed_is_not_erased(kernel, tmp_path, monkeypatch, course_home):
    nb = tmp_path / "99.ipynb"
    bank = load_bank(FIXTURES)
    nb_data = submission(bank, {"99.single": "mlops"}, learner="alice", revision=2)
    record = nb_data.cells[1].outputs[0]["data"][MIME_TYPE]
    record["answer"], record["fingerprint"] = "removed-choice", "0123456789abcdef"
    write(nb, nb_data)
    monkeypatch.setenv("JPY_SESSION_NAME", str(nb))
    session = api.session("99.single")
    build_widget(session)
    again = session.bundle()[MIME_TYPE]
    assert (again["answer"], again["fingerprint"]) == ("removed-choice", "0123456789abcdef")


def test_check_prints_the_graders_version_note(tmp_path, capsys):
    from course.cli import main
    from course.exercises.definitions import EARLIER_VERSION

    nb = saved_notebook(tmp_path / "99_demo.ipynb", {"99.single": "mlops", "99.multi": ["spark"]})
    defs = changed_definitions(tmp_path / "defs")
    status = main(["check", str(nb), "--definitions", str(defs)])
    out = capsys.readouterr().out
    assert status == 0
    assert EARLIER_VERSION in out, out
    line = next(line for line in out.splitlines() if "99.single" in line)
    points = load_bank(FIXTURES).get("99.single").points
    assert f"{points:g}/{points:g}" in line  # right under the version answered, as the grader scores it


# --------------------------------------------------------------------------- 2 in a real kernel

CELLS_A = [
    "import course",
    'course.answer("99.single", "mlops")\ncourse.answer("99.value", {"ra": 3, "i": 5})',
    'course.exercise("99.single")',
    'course.exercise("99.value")',
]
CELLS_BLANK = ["import course", 'course.exercise("99.single")', 'course.exercise("99.value")']


def run_headless(cells: list[str], folder: Path) -> nbformat.NotebookNode:
    import nbclient

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(folder)}}
    ).execute()
    return nb


@pytest.mark.slow  # runs two notebooks in kernels
def test_a_blank_notebook_run_headless_after_an_answered_one_stays_blank(kernel, tmp_path):
    run_headless(CELLS_A, tmp_path)
    blank = run_headless(CELLS_BLANK, tmp_path)
    records = [
        output["data"][MIME_TYPE]
        for cell in blank.cells
        for output in cell.get("outputs", [])
        if MIME_TYPE in output.get("data", {})
    ]
    assert [r["exercise"] for r in records] == ["99.single", "99.value"]
    assert all(r["answer"] is None for r in records), [r["answer"] for r in records]


# --------------------------------------------------------------------------- 7: the kit's JupyterLab settings


def test_the_kit_turns_on_saved_widget_state_in_its_jupyterlab():
    import tomllib

    from course.lab_settings import SETTINGS_SOURCE, settings_target

    assert json.loads(SETTINGS_SOURCE.read_text())["@jupyter-widgets/jupyterlab-manager:plugin"]["saveState"] is True
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    shared = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    source = SETTINGS_SOURCE.relative_to(Path(__file__).parents[1]).as_posix()
    # Every install, regular or editable, puts it where JupyterLab reads defaults (tests/test_install_paths.py).
    assert (
        shared[source] == settings_target("").as_posix() == "share/jupyter/lab/settings/overrides.d/mlops-course.json"
    )


def test_the_exercise_answers_the_front_ends_ping_so_a_live_view_is_not_shown_as_saved(monkeypatch):
    from course.exercises.widgets.keyboard import GUARD_ESM, KeyboardGuard

    guard = KeyboardGuard()
    sent: list[dict] = []
    monkeypatch.setattr(guard, "send", lambda content, buffers=None: sent.append(content))
    guard._handle_custom_msg({"ping": True}, [])
    assert sent == [{"pong": True}]
    assert ".widget-radio-box" in GUARD_ESM and "input.name" in GUARD_ESM  # each exercise names its radio group
