"""Project-wide pytest set-up for notebooks run by nbval.

- Each notebook's kernel starts in the same clean environment that
  `mlops-course release --execute` used to store its outputs: an empty course
  home of its own (so one notebook's answers never leak into another's), no
  learner id, no JupyterLab session name.
- Notebooks in exercises/ are only run, not compared: they are stored without
  outputs, and an unanswered exercise notebook must simply run without error
  (what `--nbval-lax` does, but within the same single test command).
"""

from __future__ import annotations

import atexit
import importlib
import importlib.util
import os
import shutil
import sys
import tempfile
import types
from pathlib import Path
from typing import Any

import pytest


def _defer_rfc3987_syntax() -> None:
    """Import `rfc3987_syntax` when it is first used, not when jsonschema is imported.

    nbval imports nbformat, which imports jsonschema, which imports rfc3987_syntax when it is
    installed (JupyterLab's dependencies pull it in), and that module builds some forty Earley
    parsers as it is imported: over two seconds of CPU in every test process, for the IRI formats
    of JSON Schema, which no test here checks. A stand-in takes its place until its first use.
    """
    name = "rfc3987_syntax"
    if name in sys.modules or importlib.util.find_spec(name) is None:
        return
    loaded: list[types.ModuleType] = []

    def real() -> types.ModuleType:
        if not loaded:
            sys.modules.pop(name, None)
            loaded.append(importlib.import_module(name))
        return loaded[0]

    def is_valid_syntax(term: str, value: str) -> Any:
        return real().is_valid_syntax(term, value)

    def attribute_of_real(attribute: str) -> Any:
        if attribute.startswith("__"):  # what the import system asks of any module (`__path__`): not a use
            raise AttributeError(attribute)
        return getattr(real(), attribute)

    stand_in = types.ModuleType(name, "Stands for rfc3987_syntax until its first use (see conftest.py).")
    stand_in.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    stand_in.__getattr__ = attribute_of_real  # type: ignore[method-assign]
    sys.modules[name] = stand_in


_defer_rfc3987_syntax()
pytest_plugins = ["nbval.plugin"]
"""nbval is loaded here, after the stand-in above (pyproject.toml's `-p no:nbval` keeps it from loading
first, as an installed plugin)."""

LAX_FOLDERS = {"exercises"}
BROWSER_ONLY_FOLDERS = {Path(__file__).parent / "tests" / name for name in ("browser", "hub")}
"""Test folders whose every module is marked `browser`: the fast loop does not even import them."""
_homes: dict[str, str] = {}

# The kit's cache of parsed data files (course.disk_cache) is one temporary folder per test process,
# shared by its tests and the programs and kernels they start: never the user's own.
_CACHE = tempfile.mkdtemp(prefix="mlops-course-cache-")
os.environ["MLOPS_COURSE_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


def _notebooks_deselected(config: pytest.Config) -> bool:
    """Whether `-m` leaves out the notebooks' items (all marked slow below), as `-m "not slow"` does.

    Asked with pytest's own evaluator of `-m` expressions (not public API: if it moves, the
    notebooks are read and deselected as before, only slower).
    """
    expression_text = config.getoption("markexpr", "")
    if not expression_text:
        return False
    try:
        from _pytest.mark import MarkMatcher
        from _pytest.mark.expression import Expression

        matcher = MarkMatcher.from_markers([pytest.mark.slow.mark])
        return not Expression.compile(expression_text).evaluate(matcher)
    except Exception:
        return False


def pytest_configure(config: pytest.Config) -> None:
    """The fast inner loop draws fewer examples in its property tests (tests/property_budget.py)."""
    from tests.property_budget import set_inner_loop

    set_inner_loop(_notebooks_deselected(config))


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Do not read and validate every notebook only to deselect its cells: the fast loop's collection
    in each of its processes is seconds shorter. A notebook named on the command line is still read."""
    if collection_path.suffix == ".ipynb" and _notebooks_deselected(config):
        return True
    if collection_path in BROWSER_ONLY_FOLDERS and _notebooks_deselected(config):
        return True  # every test in them drives a browser, so is slow (tests/test_fast_loop_guard.py holds it)
    return None


def _nbval_file(item: pytest.Item) -> Path | None:
    """The notebook an nbval cell item belongs to (None for ordinary tests)."""
    if type(item).__name__ != "IPyNbCell":
        return None
    return Path(str(item.parent.path))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Compare lessons and solutions but only run exercises; mark what starts kernels or browsers as slow."""
    for item in items:
        notebook = _nbval_file(item)
        if notebook is not None:
            item.add_marker(pytest.mark.slow)
            if notebook.parent.name in LAX_FOLDERS:
                item.options["check"] = False
        elif item.get_closest_marker("browser") is not None:
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    """Before a notebook's kernel starts (on its first cell), give it a clean environment."""
    notebook = _nbval_file(item)
    if notebook is None or str(notebook) in _homes:
        return
    from course.authoring.execute import clean_environment

    home = tempfile.mkdtemp(prefix=f"mlops-course-{notebook.stem}-")
    _homes[str(notebook)] = home
    environment = clean_environment(Path(home))
    for key in list(os.environ):
        if key not in environment:
            del os.environ[key]
    os.environ.update(environment)
