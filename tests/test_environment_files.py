"""pyproject.toml and environment.yml describe the same environment.

pip users install from pyproject.toml, Binder and conda users from
environment.yml; if the two drift, one audience gets a broken course. Both
must list the same packages (the runtime dependencies and the `test` extra)
with the same version floors, and the same Python floor.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from tests.yaml_tools import load_yaml

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = ROOT / "pyproject.toml"
ENVIRONMENT = ROOT / "environment.yml"

# PyPI name -> conda-forge name, where they differ (names normalised as in PEP 503).
# Each conda-forge name is the package holding what pip installs, without extras:
PYPI_TO_CONDA = {
    "matplotlib": "matplotlib-base",  # conda-forge's `matplotlib` also pulls in the Qt GUI toolkit
    "nbconvert": "nbconvert-core",  # conda-forge's `nbconvert` also pulls in pandoc
}
# Packages environment.yml needs that are not dependencies of the course package.
CONDA_ONLY = {"python", "pip"}

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*?)\s*$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def split(requirement: str) -> tuple[str, str]:
    """'pandas >= 2.1' -> ('pandas', '>=2.1'); markers and extras are not used here."""
    match = REQUIREMENT.match(requirement)
    assert match, f"cannot read requirement {requirement!r}"
    return normalise(match.group(1)), match.group(2).replace(" ", "")


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def environment() -> dict:
    return load_yaml(ENVIRONMENT.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pip_requirements(pyproject) -> dict[str, str]:
    project = pyproject["project"]
    listed = [*project["dependencies"], *project["optional-dependencies"]["test"]]
    pairs = [split(item) for item in listed]
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), "a package is listed twice in pyproject.toml"
    return dict(pairs)


@pytest.fixture(scope="module")
def conda_requirements(environment) -> dict[str, str]:
    """What the environment installs: conda's packages and the pip section's (the course itself aside)."""
    strings = [item for item in environment["dependencies"] if isinstance(item, str)]
    strings += [line for item in environment["dependencies"] if isinstance(item, dict) for line in item["pip"]]
    strings = [item for item in strings if item.strip() != "-e ."]
    pairs = [split(item) for item in strings]
    names = [name for name, _ in pairs]
    assert len(names) == len(set(names)), "a package is listed twice in environment.yml"
    return dict(pairs)


def test_helpers_read_requirements():
    assert split("pandas>=2.1") == ("pandas", ">=2.1")
    assert split("PyYAML >= 6.0") == ("pyyaml", ">=6.0")
    assert split("pytest_xdist>=3.5") == ("pytest-xdist", ">=3.5")
    assert split("pip") == ("pip", "")
    assert split("mlops-roles-course[test]>=0.1") == ("mlops-roles-course", ">=0.1")


def test_environment_header(environment):
    assert environment["name"] == "mlops-roles-course"
    assert environment["channels"] == ["conda-forge"]


def test_same_packages(pip_requirements, conda_requirements):
    expected = {PYPI_TO_CONDA.get(name, name) for name in pip_requirements}
    listed = set(conda_requirements) - CONDA_ONLY
    assert listed - expected == set(), "in environment.yml but not in pyproject.toml"
    assert expected - listed == set(), "in pyproject.toml but not in environment.yml"


def test_same_version_floors(pip_requirements, conda_requirements):
    for name, spec in pip_requirements.items():
        conda_name = PYPI_TO_CONDA.get(name, name)
        assert spec.startswith(">="), f"{name}: pyproject.toml should give a floor, got {spec!r}"
        assert conda_requirements[conda_name] == spec, (
            f"{name}: pyproject {spec!r}, environment.yml {conda_requirements[conda_name]!r}"
        )


def test_mapping_table_is_used(pip_requirements):
    """A stale entry in PYPI_TO_CONDA would hide a missing package."""
    assert set(PYPI_TO_CONDA) <= set(pip_requirements)


def test_same_python_floor(pyproject, conda_requirements):
    requires = pyproject["project"]["requires-python"].replace(" ", "")
    assert requires.startswith(">=")
    python = conda_requirements["python"]
    floor = re.fullmatch(r"(?:>=|=)(\d+\.\d+)(?:\.\*)?", python)
    assert floor, f"environment.yml should give python a floor, got {python!r}"
    assert floor.group(1) == requires[2:]


def test_python_floor_matches_ruff_target(pyproject):
    floor = pyproject["project"]["requires-python"].replace(" ", "")[2:]
    assert pyproject["tool"]["ruff"]["target-version"] == "py" + floor.replace(".", "")


def test_binder_gets_jupyterlab_widgets_and_kernel(conda_requirements):
    for needed in ("jupyterlab", "ipywidgets", "ipykernel"):
        assert needed in conda_requirements


def test_pip_section_installs_the_course_itself(environment, conda_requirements):
    assert "pip" in conda_requirements
    sections = [item["pip"] for item in environment["dependencies"] if isinstance(item, dict)]
    assert len(sections) == 1
    assert sections[0][-1].strip() == "-e .", "the pip section ends by installing the course itself"


def test_every_pin_says_why():
    """Each dependency line of environment.yml carries a short comment giving its reason."""
    lines = ENVIRONMENT.read_text(encoding="utf-8").splitlines()
    start = lines.index("dependencies:")
    entries = [
        line for line in lines[start + 1 :] if line.strip().startswith("- ") and not line.strip().startswith("- pip:")
    ]
    assert len(entries) >= 18
    for line in entries:
        assert re.search(r"\S\s+#\s*\S", line), f"no reason given: {line.strip()!r}"


def test_pyproject_points_to_this_check():
    assert "environment.yml" in PYPROJECT.read_text(encoding="utf-8")
