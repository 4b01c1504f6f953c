"""The kit's JupyterLab settings: widget state saved with the notebook.

Without saved widget state, a notebook reopened before its cells run shows
"Error displaying widget: model not found" under every exercise (the next-day
path, and what an instructor sees when opening a submission). With JupyterLab's
"Save Widget State Automatically" on, each exercise is shown as it was saved,
and the exercise itself says to run the cell before changing the answer (see
`widgets.keyboard`).

The setting is a JupyterLab default for the environment the course is installed
in: a file in `<prefix>/share/jupyter/lab/settings/overrides.d/`, installed with
the package, and put in place by `mlops-course start` where an editable install
skipped it. A learner's own choice in Settings still wins.
"""

from __future__ import annotations

import sys
from pathlib import Path

from course.atomic import write_bytes_atomic
from course.paths import DATA_DIR

SETTINGS_SOURCE = DATA_DIR / "jupyterlab" / "mlops-course.json"


def settings_target(prefix: str | Path = sys.prefix) -> Path:
    """Where JupyterLab in the environment at `prefix` reads the kit's default settings."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / SETTINGS_SOURCE.name


def install_lab_settings(prefix: str | Path = sys.prefix) -> Path:
    """Put the kit's JupyterLab defaults in place (idempotent). Raises OSError when the folder is read-only."""
    target = settings_target(prefix)
    wanted = SETTINGS_SOURCE.read_bytes()
    if not target.is_file() or target.read_bytes() != wanted:
        write_bytes_atomic(target, wanted)
    return target
