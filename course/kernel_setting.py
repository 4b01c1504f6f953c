"""The kit's IPython kernel setting: each kernel reads its notebook's answers when it starts.

"Restart Kernel and Run All" clears every output at once, and an autosave can write
the cleared notebook before the first exercise cell reads the file; a kernel that
has already read it when it started keeps the answers (see `exercises.notebook_file`).
The setting loads that reader as an IPython extension in every kernel of the
environment the course is installed in. IPython reads kernel settings from
`<prefix>/etc/ipython/` (and the user's profile), not from JUPYTER_CONFIG_PATH: the
kit ships the file as `jupyter-config/ipython/ipython_kernel_config.json`, and every
install, regular or editable, places it there (pyproject.toml's shared data).
"""

from __future__ import annotations

import sys
from pathlib import Path

EXTENSION = "course.exercises.notebook_file"
FILE_NAME = "ipython_kernel_config.json"
KERNEL_SETTING = {"InteractiveShellApp": {"extra_extensions": [EXTENSION]}}
"""The content of the shipped file (a test keeps the two the same)."""


def kernel_setting_target(prefix: str | Path = sys.prefix) -> Path:
    """Where IPython kernels of the environment at `prefix` read the kit's setting."""
    return Path(prefix) / "etc" / "ipython" / FILE_NAME


def kernel_setting_in_place(prefix: str | Path = sys.prefix) -> bool:
    """Whether kernels of the environment at `prefix` load the kit's reader as they start.

    A file there that names the extension does the job, whoever wrote it (it may carry the
    owner's own settings too).
    """
    target = kernel_setting_target(prefix)
    try:
        return EXTENSION.encode() in target.read_bytes()
    except OSError:
        return False
