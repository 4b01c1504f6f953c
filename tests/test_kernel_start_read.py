"""A kernel reads its notebook's answers when it starts, before any cell runs.

"Restart Kernel and Run All" clears every output at once; an autosave that lands before
the first exercise cell reads the file writes a notebook with no answer records. With the
journal lost too (a renamed notebook, a new machine) only what the kernel read at start
can keep the answers. These tests start real kernels (jupyter_client) with the kit's
kernel setting where an installed course puts it, and overwrite the file with its cleared
copy between kernel start and the first exercise cell, as that autosave would.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest

from course.exercises import notebook_file
from course.exercises.definitions import load_bank
from course.exercises.records import MIME_TYPE
from course.kernel_setting import KERNEL_SETTING
from tests.grading_tools import FIXTURES, submission, write
from tests.widget_tools import CODE_ANSWERS
from tests.yaml_tools import load_yaml

jupyter_client = pytest.importorskip("jupyter_client")

REPO = Path(__file__).resolve().parents[1]
KERNEL_SETTING_SOURCE = REPO / "jupyter-config" / "ipython" / "ipython_kernel_config.json"
"""The kit's kernel setting as shipped; a regular install places it in <prefix>/etc/ipython/."""

KERNEL_TIMEOUT = 60
RECORD_KEY = MIME_TYPE


def saved_notebook(path: Path, answers: dict, *, revision: int = 2) -> Path:
    nb = submission(load_bank(FIXTURES), answers, learner="alice", revision=revision)
    nb.cells.insert(1, nbformat.v4.new_code_cell("import course"))
    return write(path, nb)


def cleared_copy(path: Path) -> None:
    """The notebook as an autosave writes it after Run All cleared the outputs: no records left."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nbformat.write(nb, path)


def saved_answers(path: Path) -> dict:
    nb = nbformat.read(path, as_version=4)
    return {
        out["data"][RECORD_KEY]["exercise"]: out["data"][RECORD_KEY]["answer"]
        for cell in nb.cells
        for out in cell.get("outputs", [])
        if RECORD_KEY in out.get("data", {})
    }


class Kernel:
    """A started kernel and its client; `run` executes code and returns its IOPub messages."""

    def __init__(self, manager, client) -> None:
        self.manager = manager
        self.client = client

    def run(self, code: str) -> list[dict]:
        messages: list[dict] = []
        reply = self.client.execute_interactive(
            code, timeout=KERNEL_TIMEOUT, output_hook=messages.append, allow_stdin=False
        )
        assert reply["content"]["status"] == "ok", reply["content"]
        return messages


@pytest.fixture
def ipython_dir(tmp_path: Path) -> Path:
    """An IPython folder holding the kit's kernel setting, as `<prefix>/etc/ipython/` of an installed course does."""
    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    shutil.copyfile(KERNEL_SETTING_SOURCE, profile / KERNEL_SETTING_SOURCE.name)
    return tmp_path / "ipython"


@pytest.fixture
def start_kernel(tmp_path: Path, ipython_dir: Path, course_home: Path) -> Iterator:
    started: list[Kernel] = []

    def start(session_name: str | None, *, with_setting: bool = True) -> Kernel:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER", "PYTEST_"))}
        for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER"):
            env.pop(name, None)
        empty = tmp_path / "ipython-empty"
        empty.mkdir(exist_ok=True)
        env.update(
            IPYTHONDIR=str(ipython_dir if with_setting else empty),
            MLOPS_COURSE_EXERCISES=str(FIXTURES),
            MLOPS_COURSE_HOME=str(course_home),
        )
        if session_name is not None:
            env["JPY_SESSION_NAME"] = session_name
        manager = jupyter_client.KernelManager(kernel_name="python3")
        # Without the setting: also override an installed copy in this environment's etc/ipython/.
        extra = [] if with_setting else ["--InteractiveShellApp.extra_extensions=[]"]
        manager.start_kernel(env=env, cwd=str(tmp_path), extra_arguments=extra)
        client = manager.client()
        client.start_channels()
        client.wait_for_ready(timeout=KERNEL_TIMEOUT)
        kernel = Kernel(manager, client)
        started.append(kernel)
        return kernel

    yield start
    for kernel in started:
        kernel.client.stop_channels()
        kernel.manager.shutdown_kernel(now=True)


def run_all(kernel: Kernel, path: Path) -> dict:
    """Run every code cell of the file as it is now; the answers in the records the cells display."""
    shown: dict = {}
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "code":
            continue
        for message in kernel.run(cell.source):
            data = message["content"].get("data", {}) if message["msg_type"] == "display_data" else {}
            if RECORD_KEY in data:
                shown[data[RECORD_KEY]["exercise"]] = data[RECORD_KEY]["answer"]
    return shown


@pytest.mark.slow
def test_an_autosave_between_kernel_start_and_the_first_exercise_cell_loses_no_answer(tmp_path, start_kernel):
    nb = saved_notebook(tmp_path / "my-answers-99_demo.ipynb", CODE_ANSWERS)  # renamed: no journal for it
    given = saved_answers(nb)
    assert len(given) == len(CODE_ANSWERS)
    kernel = start_kernel(str(nb))  # "Restart Kernel": the new kernel is ready...
    cleared_copy(nb)  # ...Run All clears the outputs and the autosave writes them before a cell reads the file
    assert saved_answers(nb) == {}
    shown = run_all(kernel, nb)
    assert shown == given, "answers saved before the restart were lost to the autosave of the cleared file"


@pytest.mark.slow
def test_without_the_kernel_setting_the_same_autosave_loses_the_answers(tmp_path, start_kernel):
    """The race is real: a kernel that reads the file only at the first exercise cell loses them."""
    nb = saved_notebook(tmp_path / "my-answers-99_demo.ipynb", CODE_ANSWERS)
    kernel = start_kernel(str(nb), with_setting=False)
    cleared_copy(nb)
    shown = run_all(kernel, nb)
    assert all(answer is None for answer in shown.values()), shown


@pytest.mark.slow
def test_a_kernel_for_no_notebook_or_a_hostile_one_starts_and_runs(tmp_path, start_kernel):
    plain = start_kernel(None)
    assert any(m["content"].get("text") == "2\n" for m in plain.run("print(1 + 1)"))
    hostile = tmp_path / "hostile.ipynb"
    hostile.write_bytes(b'{"cells": [' * 100_000 + b'"application/vnd.mlops-course.answer+json"')
    kernel = start_kernel(str(hostile))
    messages = kernel.run("import course; course.exercise('99.single')")
    shown = [m["content"]["data"][RECORD_KEY] for m in messages if RECORD_KEY in m["content"].get("data", {})]
    assert shown and shown[0]["answer"] is None
    assert not [m for m in messages if m["msg_type"] == "error"]


@pytest.mark.slow
def test_the_extension_loaded_without_importing_the_heavy_libraries(tmp_path, start_kernel):
    nb = saved_notebook(tmp_path / "99_demo.ipynb", CODE_ANSWERS)
    kernel = start_kernel(str(nb))
    code = (
        "import sys, json; print(json.dumps({m: m in sys.modules for m in "
        "('course.exercises.notebook_file', 'ipywidgets', 'pandas', 'yaml', 'course.exercises.record_reader')}))"
    )
    text = "".join(m["content"].get("text", "") for m in kernel.run(code))
    loaded = json.loads(text)
    assert loaded == {
        "course.exercises.notebook_file": True,
        "ipywidgets": False,
        "pandas": False,
        "yaml": False,
        "course.exercises.record_reader": False,
    }


# --------------------------------------------------------------------------- in-process: what is kept, and when


@pytest.fixture
def fresh(monkeypatch):
    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)
    monkeypatch.setattr(notebook_file, "_cache", {})
    monkeypatch.setattr(notebook_file, "_at_start", {})
    return monkeypatch


def test_what_was_read_at_start_is_used_after_the_file_lost_its_records(tmp_path, fresh):
    nb = saved_notebook(tmp_path / "99_demo.ipynb", CODE_ANSWERS)
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    cleared_copy(nb)
    saved = notebook_file.saved_in_this_notebook()
    assert {e: r.answer for e, r in saved.records.items()} == saved_answers_of(tmp_path, CODE_ANSWERS)
    assert saved.warning is None
    assert notebook_file._at_start == {}, "the copy read at start is let go once used"


def saved_answers_of(tmp_path: Path, answers: dict) -> dict:
    return saved_answers(saved_notebook(tmp_path / "expected.ipynb", answers))


def test_a_newer_answer_saved_after_the_start_wins_over_what_was_read_at_start(tmp_path, fresh):
    nb = saved_notebook(tmp_path / "99_demo.ipynb", {"99.single": "ds"}, revision=2)
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    saved_notebook(nb, {"99.single": "mlops"}, revision=5)  # e.g. a pull of a newer copy before any cell ran
    record = notebook_file.saved_in_this_notebook().records["99.single"]
    assert (record.answer, record.revision) == ("mlops", 5)


def test_plain_run_all_without_restart_keeps_what_the_kernel_already_has(tmp_path, fresh):
    nb = saved_notebook(tmp_path / "99_demo.ipynb", {"99.single": "ds"})
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    first = notebook_file.saved_in_this_notebook()
    cleared_copy(nb)
    notebook_file.read_at_start()  # a second load of the extension changes nothing either
    assert notebook_file.saved_in_this_notebook() is first


def test_a_copy_read_at_start_is_never_used_for_another_notebook(tmp_path, fresh):
    mine = saved_notebook(tmp_path / "mine.ipynb", {"99.single": "ds"})
    other = saved_notebook(tmp_path / "other.ipynb", {"99.multi": ["dbt"]})
    fresh.setenv("JPY_SESSION_NAME", str(mine))
    notebook_file.read_at_start()
    fresh.setenv("JPY_SESSION_NAME", str(other))
    assert set(notebook_file.saved_in_this_notebook().records) == {"99.multi"}


def test_a_notebook_without_answer_records_is_not_kept_in_memory(tmp_path, fresh):
    lesson = write(tmp_path / "lesson.ipynb", nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1")]))
    fresh.setenv("JPY_SESSION_NAME", str(lesson))
    notebook_file.read_at_start()
    assert notebook_file._at_start == {str(lesson): b""}


@pytest.mark.parametrize("session", [None, "", "missing.ipynb", "a-folder"])
def test_no_notebook_to_read_keeps_nothing(tmp_path, fresh, session):
    (tmp_path / "a-folder").mkdir()
    fresh.chdir(tmp_path)
    if session is not None:
        fresh.setenv("JPY_SESSION_NAME", session)
    notebook_file.read_at_start()
    assert not any(notebook_file._at_start.values())


def test_a_damaged_file_at_start_breaks_nothing_and_the_first_use_says_why(tmp_path, fresh):
    nb = tmp_path / "99_demo.ipynb"
    nb.write_bytes(b'\x00\x01 not a notebook "application/vnd.mlops-course.answer+json"')
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    saved = notebook_file.saved_in_this_notebook()
    assert saved.records == {}
    assert "could not be read" in (saved.warning or "")


def test_a_hostile_copy_read_at_start_is_ignored_and_the_file_as_it_is_now_counts(tmp_path, fresh):
    nb = tmp_path / "99_demo.ipynb"
    nb.write_bytes(b'{"x": "application/vnd.mlops-course.answer+json", ' + b"[" * 50_000)
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    saved_notebook(nb, {"99.single": "mlops"})
    assert notebook_file.saved_in_this_notebook().records["99.single"].answer == "mlops"


def test_a_file_damaged_after_the_start_still_gives_the_answers_read_at_start_and_says_so(tmp_path, fresh):
    nb = saved_notebook(tmp_path / "99_demo.ipynb", {"99.single": "mle"})
    fresh.setenv("JPY_SESSION_NAME", str(nb))
    notebook_file.read_at_start()
    nb.write_bytes(b'{"cells": [')  # cut off: a save interrupted after the kernel started
    saved = notebook_file.saved_in_this_notebook()
    assert saved.records["99.single"].answer == "mle"
    assert "copy read when this kernel started" in (saved.warning or "")


def test_the_extension_hook_never_raises(tmp_path, fresh):
    def broken(_name):
        raise RuntimeError("boom")

    fresh.setattr(notebook_file, "resolve_notebook", broken)
    fresh.setenv("JPY_SESSION_NAME", str(tmp_path / "x.ipynb"))
    notebook_file.load_ipython_extension(object())
    assert not any(notebook_file._at_start.values())


def test_the_light_copies_of_the_reader_s_constants_match_it():
    from course.exercises.record_reader import DEFAULT_MAX_BYTES

    assert notebook_file.RECORD_MARK.decode() in MIME_TYPE
    assert notebook_file.START_READ_MAX_BYTES == DEFAULT_MAX_BYTES


def test_the_kernel_setting_loads_the_extension_and_is_installed_with_the_package():
    setting = json.loads(KERNEL_SETTING_SOURCE.read_text(encoding="utf-8"))
    assert (
        setting == KERNEL_SETTING == {"InteractiveShellApp": {"extra_extensions": ["course.exercises.notebook_file"]}}
    )
    import tomllib

    from course.kernel_setting import kernel_setting_target

    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    shared = pyproject["tool"]["hatch"]["build"]["targets"]["wheel"]["shared-data"]
    source = KERNEL_SETTING_SOURCE.relative_to(REPO).as_posix()
    assert shared[source] == kernel_setting_target("").as_posix()  # <prefix>/etc/ipython/, by every install


def test_the_hub_settings_mount_the_same_kernel_setting():
    config = load_yaml((REPO / "docs" / "z2jh-config.yaml").read_text(encoding="utf-8"))
    mounted = config["singleuser"]["extraFiles"]["answers-read-at-kernel-start"]
    assert mounted["mountPath"] == "/etc/ipython/ipython_kernel_config.json"
    assert mounted["data"] == json.loads(KERNEL_SETTING_SOURCE.read_text(encoding="utf-8"))
