"""The fast loop's guard (tests/conftest.py): an unmarked test that starts a kernel, a server, a browser or a
process pool fails, naming itself; a light subprocess is fine."""

from __future__ import annotations

import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

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


def test_an_unmarked_test_cannot_start_a_kernel_or_a_pool():
    with pytest.raises(HeavyStartInFastTest, match="test_an_unmarked_test_cannot_start_a_kernel_or_a_pool starts"):
        subprocess.run([sys.executable, "-m", "ipykernel_launcher", "--help"], capture_output=True)
    with pytest.raises(HeavyStartInFastTest, match="a process pool"):
        ProcessPoolExecutor(max_workers=1)
    assert subprocess.run([sys.executable, "-c", "print(1)"], capture_output=True, text=True).stdout == "1\n"


@pytest.mark.slow
def test_a_slow_test_may_start_a_pool():
    with ProcessPoolExecutor(max_workers=1) as pool:
        assert pool.submit(abs, -3).result() == 3
