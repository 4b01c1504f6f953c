"""The kit's JupyterLab settings: widget state saved with the notebook.

Without saved widget state, a notebook reopened before its cells run shows
"Error displaying widget: model not found" under every exercise (the next-day
path, and what an instructor sees when opening a submission). With JupyterLab's
"Save Widget State Automatically" on, each exercise is shown as it was saved,
and the exercise itself says to run the cell before changing the answer (see
`widgets.keyboard`).

The setting is a JupyterLab default for the environment the course is installed
in: a file in `<prefix>/share/jupyter/lab/settings/overrides.d/`, placed there by
every install, regular or editable (pyproject.toml's shared data). A learner's own
choice in Settings still wins.
"""

from __future__ import annotations

import sys
from pathlib import Path

from course.paths import DATA_DIR

SETTINGS_SOURCE = DATA_DIR / "jupyterlab" / "mlops-course.json"


def settings_target(prefix: str | Path = sys.prefix) -> Path:
    """Where JupyterLab in the environment at `prefix` reads the kit's default settings."""
    return Path(prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.d" / SETTINGS_SOURCE.name


def lab_settings_in_place(prefix: str | Path = sys.prefix) -> bool:
    """Whether the environment at `prefix` has the kit's JupyterLab defaults (an install put them there)."""
    target = settings_target(prefix)
    return target.is_file() and target.read_bytes() == SETTINGS_SOURCE.read_bytes()
