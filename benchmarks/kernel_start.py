"""What does the kit's kernel setting add to a kernel's start?

Why this exists: the setting (jupyter-config/ipython/ipython_kernel_config.json) loads
`course.exercises.notebook_file` as an IPython extension in every kernel of the
environment, so that a kernel copies its notebook's answers before any cell runs.
Every kernel pays for it, lesson kernels and kernels for notebooks that are not the
course's included, so it must stay small: one file read, no pandas, no ipywidgets.

For each case a fresh kernel is started N times with jupyter_client, and the time
from `start_kernel` to the reply of its first execute request (`pass`) is taken;
the table gives the median and the minimum, without and with the setting:

- no notebook (JPY_SESSION_NAME unset);
- a lesson notebook (no answer records);
- a saved exercise notebook with answers (the copy is kept in memory).

It is a benchmark, not a test: it asserts nothing. Run it with the interpreter of
the environment to measure, from the repository:

    python benchmarks/kernel_start.py [--runs 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from jupyter_client import KernelManager

REPO = Path(__file__).resolve().parents[1]
SETTING = REPO / "jupyter-config" / "ipython" / "ipython_kernel_config.json"
CASES = {
    "no notebook": None,
    "lesson notebook": REPO / "notebooks" / "04_raci_model.ipynb",
    "exercise notebook with answers": REPO / "solutions" / "04_raci_model.ipynb",
}


def one_start(env: dict[str, str], with_setting: bool) -> float:
    """Seconds from starting a kernel to the reply of its first execute request."""
    manager = KernelManager(kernel_name="python3")
    extra = [] if with_setting else ["--InteractiveShellApp.extra_extensions=[]"]
    started = time.perf_counter()
    manager.start_kernel(env=env, extra_arguments=extra)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        client.execute_interactive("pass", timeout=60)
        return time.perf_counter() - started
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        ipython_dir = Path(work) / "ipython"
        (ipython_dir / "profile_default").mkdir(parents=True)
        shutil.copyfile(SETTING, ipython_dir / "profile_default" / SETTING.name)
        base = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER"))}
        base.update(IPYTHONDIR=str(ipython_dir), MLOPS_COURSE_HOME=str(Path(work) / "home"))
        print(f"{'case':<34} {'setting':<8} {'median ms':>10} {'min ms':>8}")
        for case, notebook in CASES.items():
            env = dict(base)
            if notebook is not None:
                env["JPY_SESSION_NAME"] = str(notebook)
            times: dict[bool, list[float]] = {False: [], True: []}
            for _ in range(args.runs):  # interleaved, so a busy moment of the machine hits both alike
                for with_setting in (False, True):
                    times[with_setting].append(one_start(env, with_setting))
            for with_setting, taken in times.items():
                print(
                    f"{case:<34} {'on' if with_setting else 'off':<8} "
                    f"{statistics.median(taken) * 1000:>10.0f} {min(taken) * 1000:>8.0f}"
                )


if __name__ == "__main__":
    main()
