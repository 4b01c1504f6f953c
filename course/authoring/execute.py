"""Re-run course notebooks so their stored outputs are current and reproducible.

Notebooks run in a clean environment: a fresh, empty course home (no journal,
no learner id), no JupyterLab session name, the light figure theme, and the
notebook's own folder as working directory. Run metadata (timings) is
dropped, and so are widget views: their model ids are random and point at
models that are not saved, so a stored notebook keeps each widget's short
text instead ("Exercise 04.x: ... run the notebook in JupyterLab to answer").
Re-running an unchanged notebook therefore gives the same bytes.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from course.authoring.notebook_io import write_notebook

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CLEARED_ENV = ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "JPY_SESSION_NAME", "MLOPS_COURSE_FIGURE_THEME")


def clean_environment(home: Path) -> dict[str, str]:
    """The environment course notebooks are run in, for stored outputs and for tests alike."""
    env = {k: v for k, v in os.environ.items() if k not in CLEARED_ENV}
    env["MLOPS_COURSE_HOME"] = str(home)
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def execute_notebook(path: Path, timeout: int = 300) -> bool:
    """Execute one notebook in place; returns True when its content changed."""
    import nbclient
    import nbformat

    notebook = nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)
    with tempfile.TemporaryDirectory(prefix="mlops-course-run-") as home:
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(clean_environment(Path(home)))
        try:
            client = nbclient.NotebookClient(
                notebook,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": str(path.parent)}},
                store_widget_state=False,
            )
            client.execute()
        finally:
            os.environ.clear()
            os.environ.update(saved)
    data = json.loads(nbformat.writes(notebook))
    for cell in data.get("cells", []):
        cell.get("metadata", {}).pop("execution", None)
        for output in cell.get("outputs", []):
            output.get("data", {}).pop(WIDGET_VIEW, None)
    data.get("metadata", {}).pop("widgets", None)
    return write_notebook(path, data)
