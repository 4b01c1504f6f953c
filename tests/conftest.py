"""Shared test setup: every test writes learner files (journal, learner id) under a course home of its own."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

FIXTURE_EXERCISES = Path(__file__).parent / "fixtures" / "exercises"

# Broken and hostile submissions for the grader's tests: data, not notebooks to run under nbval.
collect_ignore_glob = ["corpus/*"]


_home_numbers = itertools.count()


@pytest.fixture(scope="session")
def course_homes(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder under which each test gets its own course home (made once per process)."""
    return tmp_path_factory.mktemp("course-homes")


@pytest.fixture(autouse=True)
def course_home(course_homes: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """MLOPS_COURSE_HOME in a folder of its own (not yet made), so no answers leak between tests or into ~.

    Not under `tmp_path`: most tests write no answer, and pytest numbers each tmp folder by listing all the
    others (2.3 ms a test in a module of 2,000 trivial ones); the tests that need a folder still ask for one."""
    home = course_homes / str(next(_home_numbers))
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(home))
    import course.exercises.learner

    monkeypatch.setattr(course.exercises.learner, "_kernel_learner", None, raising=False)  # one kernel only
    return home


@pytest.fixture
def demo_bank():
    """The fixture bank: one exercise of every type (tests/fixtures/exercises/99_demo.yaml)."""
    from course.exercises.definitions import load_bank

    return load_bank(FIXTURE_EXERCISES)


@pytest.fixture
def make_session(demo_bank, tmp_path: Path):
    """make_session('99.raci') -> a fresh ExerciseSession over tmp_path/'j.json' (or a given journal file)."""
    from course.exercises.journal import Journal
    from course.exercises.session import ExerciseSession

    def make(exercise_id: str, journal_path: Path | None = None) -> ExerciseSession:
        return ExerciseSession(demo_bank.get(exercise_id), Journal(journal_path or tmp_path / "j.json"))

    return make


_deleting_old_runs: list[Any] = []


def pytest_sessionstart(session: pytest.Session) -> None:
    """Delete older runs' temporary folders while the tests run (`tests/old_runs.py`), in the controlling process."""
    config = session.config
    factory = getattr(config, "_tmp_path_factory", None)
    if hasattr(config, "workerinput") or factory is None or config.option.basetemp:
        return
    from tests.old_runs import start_deleting

    policy = config.getini("tmp_path_retention_policy")
    keep = 0 if policy == "none" else int(config.getini("tmp_path_retention_count"))
    _deleting_old_runs.append(start_deleting(factory.getbasetemp(), keep))


@pytest.hookimpl(tryfirst=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """Let the deletion end before pytest's own clean-up looks at the same folders."""
    from tests.old_runs import finish

    while _deleting_old_runs:
        finish(_deleting_old_runs.pop())


def pytest_unconfigure(config: pytest.Config) -> None:
    """Spare the exiting test process a last garbage collection over everything the tests imported.

    Python collects garbage as it shuts down; over a worker's heap (matplotlib, Jupyter, pandas) that took
    about a second, while the controlling process waited: frozen objects are left out of it.
    """
    import gc

    gc.freeze()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the browser tests' timings (reported, never asserted; also in test-artifacts/browser/timings.json).

    This hook lives here rather than in tests/browser/ because under xdist only the controller
    prints the summary, and it loads this conftest but not the one of a sub-folder.
    """
    rows: list[str] = []
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            for name, value in getattr(report, "user_properties", ()):
                if name == "browser_timings":  # harness.TIMINGS_PROPERTY
                    rows += [f"  {report.nodeid.split('::')[-1]}: {key} = {text}" for key, text in value.items()]
    if rows:
        terminalreporter.write_sep("-", "browser timings (reported, not asserted)")
        for row in rows:
            terminalreporter.write_line(row)


# --- the fast loop stays fast: an unmarked test runs in its own process only (no subprocess, kernel, server,
# browser or worker pool) ---

HEAVY_PROGRAMS = frozenset(
    {"jupyter", "jupyter-lab", "jupyter-server", "jupyter-notebook", "jupyterhub", "configurable-http-proxy"}
    | {"chromium", "chromium-browser", "chrome", "google-chrome"}
)
"""Programs that start a Jupyter server or hub, or a browser (named in the refusal; every process is refused)."""
HEAVY_MODULES = frozenset({"ipykernel", "ipykernel_launcher", "jupyter", "jupyterlab", "jupyter_server", "notebook"})
"""Modules that `python -m` runs as a kernel or a Jupyter server."""


def heavy_command(args: Any) -> str | None:
    """What a command line starts, if it is a kernel, a server or a browser."""
    words = [str(a) for a in ([args] if isinstance(args, str | bytes) else args)]
    if len(words) == 1:
        words = words[0].split()
    if not words:
        return None
    program = Path(words[0]).name
    if program in HEAVY_PROGRAMS:
        return program
    if "-m" in words[:-1]:
        module = words[words.index("-m") + 1]
        if module.split(".")[0] in HEAVY_MODULES:
            return f"python -m {module}"
    return None


class HeavyStartInFastTest(AssertionError):
    """A test outside the `slow` marker started another process: mark it slow, or keep it in-process."""


_unmarked: list[str] = []
"""The node id of the test running now when it is not marked slow (empty otherwise)."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Note whether the test about to run (its fixtures included) may start processes."""
    unmarked = item.get_closest_marker("slow") is None
    if unmarked:
        _unmarked.append(item.nodeid)
    try:
        yield
    finally:
        if unmarked:
            _unmarked.pop()


@pytest.fixture(autouse=True, scope="session")
def fast_tests_start_nothing_heavy() -> Iterator[None]:
    """Outside `@pytest.mark.slow`, starting any other process fails the test: a kernel, a Jupyter server, a
    browser or a pool (seconds each), and also a clone, the command line or a probe in a fresh interpreter.

    `pytest -m "not slow"` is the inner loop (CONTRIBUTING.md). Processes were a sixth of its CPU time and most
    of the files it wrote (a clone of the course per learner); a test that needs one says so with the
    marker and runs in the full suite. The guards are put in place once per test process (a kernel starts
    through `subprocess` too) and refuse only while an unmarked test runs.
    """
    import concurrent.futures
    import multiprocessing.pool
    import subprocess

    def refuse(what: str) -> None:
        if _unmarked:
            raise HeavyStartInFastTest(f"{_unmarked[-1]} starts {what} without @pytest.mark.slow")

    real_execute = subprocess.Popen._execute_child  # type: ignore[attr-defined]

    def execute_child(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> Any:
        shown = args[:120] if isinstance(args, str | bytes) else " ".join(map(str, args))[:120]
        refuse(f"{heavy_command(args) or 'a process'} ({shown!s})")
        return real_execute(self, args, *rest, **kwargs)

    def refusing_pool(real_init: Any) -> Any:
        def init(self: Any, *args: Any, **kwargs: Any) -> None:
            refuse("a process pool")
            real_init(self, *args, **kwargs)

        return init

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(subprocess.Popen, "_execute_child", execute_child)
        for pool in (concurrent.futures.ProcessPoolExecutor, multiprocessing.pool.Pool):
            patched.setattr(pool, "__init__", refusing_pool(pool.__init__))
        yield
