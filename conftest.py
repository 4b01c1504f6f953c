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
import os
import shutil
import tempfile
from pathlib import Path

import pytest

LAX_FOLDERS = {"exercises"}
_homes: dict[str, str] = {}

# The kit's cache of parsed data files (course.disk_cache) is one temporary folder per test process,
# shared by its tests and the programs and kernels they start: never the user's own.
_CACHE = tempfile.mkdtemp(prefix="mlops-course-cache-")
os.environ["MLOPS_COURSE_CACHE"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, True)


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
