"""The fast loop's guard (tests/conftest.py): an unmarked test that starts another process (a kernel, a server,
a browser, a pool, a clone, the command line in a subprocess) fails, naming itself and what it started."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import HeavyStartInFastTest, heavy_command


@pytest.mark.parametrize(
    ("command", "heavy"),
    [
        (["jupyter", "lab", "--no-browser"], "jupyter"),
        ([sys.executable, "-m", "ipykernel_launcher", "-f", "k.json"], "python -m ipykernel_launcher"),
        (["/usr/bin/chromium", "--headless"], "chromium"),
        ([sys.executable, "-m", "jupyterlab"], "python -m jupyterlab"),
        ("configurable-http-proxy --port 8000", "configurable-http-proxy"),
        (["git", "clone", "repo", "homes/jupyter-alice"], None),
        (["/tmp/fake-chromium", "--headless"], None),
        ([sys.executable, "-c", "print(1)"], None),
    ],
)
def test_heavy_commands_are_told_from_light_ones(command, heavy):
    assert heavy_command(command) == heavy


def test_an_unmarked_test_cannot_start_a_process():
    with pytest.raises(
        HeavyStartInFastTest, match=r"test_an_unmarked_test_cannot_start_a_process starts python -m ipyk"
    ):
        subprocess.run([sys.executable, "-m", "ipykernel_launcher", "--help"], capture_output=True)
    with pytest.raises(HeavyStartInFastTest, match="a process pool"):
        ProcessPoolExecutor(max_workers=1)
    with pytest.raises(HeavyStartInFastTest, match=r"starts a process \(git clone"):
        subprocess.run(["git", "clone", "--quiet", "repo", "elsewhere"], capture_output=True)
    with pytest.raises(HeavyStartInFastTest, match=r"starts a process \(.*-c print\(1\)\)"):
        subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True)


@pytest.mark.slow
def test_a_slow_test_may_start_a_process():
    assert subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True, text=True).stdout == "1\n"


@pytest.mark.slow
def test_a_slow_test_may_start_a_pool():
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(abs, -3).result() == 3


def _run(script: str) -> list[str]:
    root = Path(__file__).resolve().parent.parent
    done = subprocess.run([sys.executable, "-c", script], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout.split()


_LOADED = "loaded = lambda: sys.modules['rfc3987_syntax'].__dict__.get('__file__') is not None\n"


@pytest.mark.slow
def test_jsonschema_is_imported_without_building_the_iri_parsers():
    """conftest.py's stand-in for rfc3987_syntax: importing nbformat (as nbval does in every test process)
    no longer builds its parsers, and JSON Schema still registers its `iri` format check."""
    script = (
        "import sys, conftest, nbformat\n" + _LOADED + "from jsonschema import FormatChecker\n"
        "print(loaded(), 'iri' in FormatChecker.checkers, loaded())\n"
    )
    assert _run(script) == ["False", "True", "False"]


@pytest.mark.slow
def test_the_deferred_iri_check_is_the_real_one():
    """The first IRI checked imports the real rfc3987_syntax (building its parsers: seconds) and uses it."""
    script = (
        "import sys, conftest, nbformat\n" + _LOADED + "from jsonschema import FormatChecker\n"
        "checks = FormatChecker()\n"
        "print(checks.conforms('https://example.org/é', 'iri'), checks.conforms('not an iri', 'iri'), loaded())\n"
    )
    assert _run(script) == ["True", "False", "True"]


@pytest.mark.parametrize(
    ("expression", "deselected"),
    [("not slow", True), ("not slow and not browser", True), ("slow", False), ("browser or slow", False), ("", False)],
)
def test_notebooks_are_not_read_when_the_marker_expression_leaves_them_out(expression, deselected):
    """Root conftest.py skips collecting notebooks (every cell of which is marked slow) under `-m "not slow"`."""
    from conftest import _notebooks_deselected

    class Config:
        def getoption(self, name: str, default: object = None) -> object:
            return expression if name == "markexpr" else default

    assert _notebooks_deselected(Config()) is deselected  # type: ignore[arg-type]


# --- property tests draw a quarter of their examples in the inner loop -----------------------------------------


def test_the_property_budget_is_the_whole_one_outside_the_inner_loop_and_a_quarter_inside(monkeypatch):
    from tests import property_budget

    monkeypatch.setattr(property_budget, "_inner_loop", False)
    assert [property_budget.examples(n) for n in (10, 60, 150)] == [10, 60, 150]
    monkeypatch.setattr(property_budget, "_inner_loop", True)
    assert [property_budget.examples(n) for n in (10, 60, 150)] == [10, 20, 38]


def test_this_run_draws_the_budget_its_marker_expression_asks_for(request):
    """The root conftest sets the budget from `-m`: the inner loop is `-m "not slow"`, the full suite no `-m`."""
    from tests import property_budget

    inner = "not slow" in (request.config.getoption("markexpr") or "")
    assert property_budget.examples(120) == (30 if inner else 120)


def test_every_module_of_the_folders_the_fast_loop_skips_is_marked_browser():
    """The inner loop does not collect tests/browser or tests/hub: a test there without the mark would be lost."""
    import ast

    from conftest import BROWSER_ONLY_FOLDERS

    modules = [path for folder in BROWSER_ONLY_FOLDERS for path in sorted(folder.glob("test_*.py"))]
    assert len(modules) >= 10
    for path in modules:
        marks = [
            node.value
            for node in ast.parse(path.read_text(encoding="utf-8")).body
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "pytestmark" for t in node.targets)
        ]
        assert marks and "pytest.mark.browser" in ast.unparse(marks[0]), f"{path.name} is not marked browser"


def lines_matching(pattern: str, files: str, *skipped: str) -> list[str]:
    """`file:line` of every line of the test files named by the glob `files` that matches `pattern` (this module
    and the `skipped` file names left out)."""
    import re

    here = Path(__file__).parent
    return [
        f"{path.relative_to(here)}:{number}"
        for path in sorted(here.rglob(files))
        if path != Path(__file__) and path.name not in skipped
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(pattern, line)
    ]


def test_every_property_test_takes_its_budget_from_the_budget_module():
    """A property test with a fixed `max_examples` would draw its whole budget in the inner loop too."""
    fixed = lines_matching(r"max_examples=(?!examples\()", "test_*.py")
    assert not fixed, fixed


def test_the_tests_read_and_write_yaml_through_libyaml():
    """`yaml.safe_load` and `yaml.safe_dump` are pure Python, about ten times slower than libyaml's; the tests
    go through `tests/yaml_tools.py` (the course reads YAML with libyaml too: `course.datafile`)."""
    direct = lines_matching(r"\byaml\.(safe_load|safe_dump|load|dump)\(", "*.py", "yaml_tools.py")
    assert not direct, direct
