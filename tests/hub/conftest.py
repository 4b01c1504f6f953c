"""Fixtures for the hub test: one JupyterHub per module, one Chromium per session.

The hub test reuses the browser tests' harness (tests/browser/harness.py). Artefacts (the hub log, the single-user
servers' output, screenshots of a failed step) go to `test-artifacts/hub/`.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness
from tests.hub import hub_harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ARTIFACTS = harness.REPO / "test-artifacts" / "hub"


@pytest.fixture(scope="session")
def hub_artifacts() -> Path:
    """An empty `test-artifacts/hub/`."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def hub_browser() -> Iterator[Browser]:
    hub_harness.require_hub()
    with harness.chromium() as launched:
        yield launched


@pytest.fixture(scope="module")
def learner_edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What learners get: `mlops-course release --learner`, committed as its own repository (the instructor guide's recipe)."""
    hub_harness.require_hub()
    return hub_harness.learner_edition_repository(harness.REPO, tmp_path_factory.mktemp("edition") / "edition")


@pytest.fixture(scope="module")
def course_git(tmp_path_factory: pytest.TempPathFactory, learner_edition: Path) -> str:
    """The learner edition as a bare repository `mlops-roles-course.git`; its file:// address."""
    return hub_harness.course_repository(learner_edition, tmp_path_factory.mktemp("git") / "mlops-roles-course.git")


@pytest.fixture(scope="module")
def hub(
    tmp_path_factory: pytest.TempPathFactory, hub_artifacts: Path, learner_edition: Path
) -> Iterator[hub_harness.Hub]:
    """The hub; its single-user servers and kernels import the learner edition's package, as an image
    built from the edition would (the instructor's copy, with its keys, is installed only for grading).

    No Jupyter setting is copied in: the single-user servers run in this test's environment, where
    installing the course with pip put the kit's settings, as it does in a hub's image."""
    hub_harness.require_hub()
    with hub_harness.start_hub(
        work_dir=tmp_path_factory.mktemp("hub"),
        log_dir=hub_artifacts,
        python_path=learner_edition,
    ) as running:
        yield running


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """When the hub test fails, keep a screenshot and the console log of every open page."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    if report.failed and report.when in ("setup", "call"):
        saved = harness.capture_all_pages(ARTIFACTS, f"FAILED-{item.name}-{report.when}")
        saved += sorted(ARTIFACTS.glob("jupyterhub-*.log"))
        if saved:
            lines = [f"Artefacts of this failure are in {ARTIFACTS.relative_to(harness.REPO)}/:"]
            lines += [f"  {path.relative_to(ARTIFACTS)}" for path in saved]
            report.sections.append(("hub artefacts", "\n".join(lines)))
