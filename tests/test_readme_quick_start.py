"""The README's Quick start: a virtual environment, a learner install without test tools, a contributor install.

`.ci/run` reads its install and test commands from the README (the first line of the fenced
block after `<!-- ci:install -->` and `<!-- ci:test -->`), so those markers must stay on the
contributor install and the test command. The environment check's advice must name the same
learner install the README shows.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from course.environment import FIX

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LEARNER_INSTALL = "python -m pip install -e ."


def quick_start() -> str:
    text = README.read_text(encoding="utf-8")
    return text[text.index("## Quick start") : text.index("\n## ", text.index("## Quick start") + 1)]


def blocks(text: str) -> list[list[str]]:
    return [block.strip().splitlines() for block in re.findall(r"```[a-z]*\n(.*?)```", text, flags=re.S)]


def ci_command(marker: str) -> str:
    """What .ci/run's awk reads for `marker`, by running that same awk program on the README."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    program = re.search(r"awk -v marker=\"<!-- \$1 -->\" '(.*?)'\s+README\.md", script, flags=re.S)
    assert program, ".ci/run no longer reads the README with awk; update this test"
    result = subprocess.run(
        ["awk", "-v", f"marker=<!-- {marker} -->", program.group(1), str(README)],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


@pytest.mark.slow
def test_ci_installs_with_test_tools_and_runs_pytest():
    assert ci_command("ci:install") == 'python -m pip install -e ".[test]"'
    assert ci_command("ci:test") == "python -m pytest"


QUICK_START = ["python3 -m venv .venv && . .venv/bin/activate", f"{LEARNER_INSTALL} && mlops-course start"]


@pytest.mark.parametrize(
    "readme", [README, ROOT / "course" / "authoring" / "learner_readme.md"], ids=["repository", "learner edition"]
)
def test_two_commands_from_the_course_folder_to_the_first_notebook(readme):
    """The lines the browser test runs literally (tests/browser/test_readme_quick_start_browser.py) are these."""
    from tests.browser.harness import QUICK_START_MARKER, readme_block

    assert readme_block(readme, QUICK_START_MARKER) == QUICK_START


def test_windows_uses_the_py_launcher():
    windows = next(b for b in blocks(quick_start()) if b and b[0].startswith("py -m venv"))
    assert windows == ["py -m venv .venv", r".venv\Scripts\activate", LEARNER_INSTALL, "mlops-course start"]


@pytest.mark.parametrize("text", [FIX], ids=["environment check"])
def test_advice_names_the_learner_install(text):
    assert LEARNER_INSTALL in text and "[test]" not in text
