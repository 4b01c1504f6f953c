"""The kit's IPython kernel setting: each kernel reads its notebook's answers when it starts.

"Restart Kernel and Run All" clears every output at once, and an autosave can write
the cleared notebook before the first exercise cell reads the file; a kernel that
has already read it when it started keeps the answers (see `exercises.notebook_file`).
The setting loads that reader as an IPython extension in every kernel of the
environment the course is installed in. IPython reads kernel settings from
`<prefix>/etc/ipython/` (and the user's profile), not from JUPYTER_CONFIG_PATH: the
kit ships the file as `jupyter-config/ipython/ipython_kernel_config.json`, a regular
install places it there, and `mlops-course start` does where an editable install skipped it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from course.atomic import write_bytes_atomic

EXTENSION = "course.exercises.notebook_file"
FILE_NAME = "ipython_kernel_config.json"
KERNEL_SETTING = {"InteractiveShellApp": {"extra_extensions": [EXTENSION]}}
"""The content of the shipped file (a test keeps the two the same)."""


def kernel_setting_target(prefix: str | Path = sys.prefix) -> Path:
    """Where IPython kernels of the environment at `prefix` read the kit's setting."""
    return Path(prefix) / "etc" / "ipython" / FILE_NAME


def install_kernel_setting(prefix: str | Path = sys.prefix) -> Path | None:
    """Put the kit's kernel setting in place where there is none; None when another setting holds that file.

    A file there is left as it is: one that loads the kit's extension already does the job
    (and may carry the owner's own settings too), any other is someone else's.
    Raises OSError when the folder is read-only.
    """
    target = kernel_setting_target(prefix)
    if target.is_file():
        return target if EXTENSION.encode() in target.read_bytes() else None
    write_bytes_atomic(target, (json.dumps(KERNEL_SETTING, indent=2) + "\n").encode())
    return target
