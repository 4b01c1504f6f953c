"""The layers of `course/` are held by import-linter's contracts (pyproject.toml), with no exception listed.

The contracts are checked here as `lint-imports` checks them; a copy of the package with one upward
import added shows the check is not vacuous; and docs/architecture.md's layer tables must say what
the contracts say, layer for layer.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
CONTRACTS = {c["id"]: c for c in CONFIG["contracts"]}


def lint(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` with the repository's contracts, on the `course` package found in `root`."""
    script = (
        "import sys; from importlinter.cli import lint_imports; "
        f"sys.exit(lint_imports(config_filename={str(ROOT / 'pyproject.toml')!r}, no_cache=True))"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=root,
        env={"PYTHONPATH": str(root), "PYTHONSAFEPATH": "1", "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.slow
def test_the_layer_contracts_are_kept():
    done = lint(ROOT)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"Contracts: {len(CONTRACTS)} kept, 0 broken." in done.stdout


def test_no_contract_lists_an_exception_and_the_layers_place_every_module():
    for contract in CONTRACTS.values():
        assert not contract.get("ignore_imports"), contract["id"]
        if contract["type"] == "layers":
            assert contract.get("exhaustive") is True, contract["id"]


@pytest.mark.slow
def test_an_upward_import_breaks_the_contract(tmp_path):
    """The check sees an import inside a function too: the model importing the grader is refused."""
    shutil.copytree(ROOT / "course", tmp_path / "course", ignore=shutil.ignore_patterns("__pycache__", "data"))
    model = tmp_path / "course" / "exercises" / "model.py"
    model.write_text(
        model.read_text(encoding="utf-8") + "\n\ndef _upward() -> None:\n    from course.grading import run  # noqa\n",
        encoding="utf-8",
    )
    done = lint(tmp_path)
    assert done.returncode == 1
    assert "course.exercises.model -> course.grading.run" in done.stdout


@pytest.mark.slow
def test_a_new_module_must_be_placed_in_a_layer(tmp_path):
    shutil.copytree(ROOT / "course", tmp_path / "course", ignore=shutil.ignore_patterns("__pycache__", "data"))
    (tmp_path / "course" / "exercises" / "stray.py").write_text('"""Not in any layer."""\n', encoding="utf-8")
    done = lint(tmp_path)
    assert done.returncode == 1 and "course.exercises.stray" in done.stdout


def _layers_in_docs(heading: str) -> list[str]:
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index(heading) :].split("\n\n")[1]
    return [m.group(1).replace("\\|", "|") for m in re.finditer(r"^\| `([^`]+)` \|", table, flags=re.M)]


def test_the_architecture_document_shows_the_contracts_layers():
    assert _layers_in_docs("The package, from the top (`course-layers`)") == CONTRACTS["course-layers"]["layers"]
    assert _layers_in_docs("The exercises, from the top (`exercise-layers`)") == CONTRACTS["exercise-layers"]["layers"]
