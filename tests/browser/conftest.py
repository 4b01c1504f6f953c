"""Fixtures for the browser tests: one Jupyter server per module, one Chromium per session.

Artefacts (screenshots and console logs of every open page when a test fails,
the server logs, timings.json) go to `test-artifacts/browser/` at the repository
root, which is emptied when the first browser test starts.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import harness

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

REPO = harness.REPO
ARTIFACTS = harness.ARTIFACTS


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """An empty `test-artifacts/browser/` (last run's screenshots would only mislead)."""
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    harness.require_browser()
    with harness.chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context and page for one test."""
    opened = harness.new_page(browser)
    try:
        yield opened
    finally:
        opened.context.close()


@pytest.fixture(scope="module")
def course_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What the server serves: a temporary copy of the course's exercises/ and notebooks/."""
    return harness.copy_course(REPO, tmp_path_factory.mktemp("course"))


@pytest.fixture(scope="module")
def learner_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """MLOPS_COURSE_HOME of the server's kernels: the answer journal lands here."""
    return tmp_path_factory.mktemp("learner-home")


@pytest.fixture(scope="module")
def lab_server(
    course_root: Path, learner_home: Path, tmp_path_factory: pytest.TempPathFactory, artifacts: Path
) -> Iterator[harness.JupyterServer]:
    """JupyterLab (and Notebook 7) over the course copy, with a known learner id; stopped after the module."""
    harness.require_browser()
    with harness.start_jupyter_server(
        course_root,
        work_dir=tmp_path_factory.mktemp("jupyter-work"),
        log_dir=artifacts,
        env=harness.course_kernel_env(learner_home),
    ) as server:
        yield server


@pytest.fixture
def steps(page: Page, artifacts: Path, request: pytest.FixtureRequest) -> Iterator[harness.Steps]:
    """Step screenshots under test-artifacts/browser/steps/<test>/, deleted when the test passes."""
    directory = artifacts / "steps" / request.node.name
    shutil.rmtree(directory, ignore_errors=True)
    yield harness.Steps(page, directory)
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.passed:
        shutil.rmtree(directory, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """When a browser test fails, keep a screenshot and the console log of every open page."""
    outcome = yield
    report: pytest.TestReport = outcome.get_result()  # type: ignore[attr-defined]
    setattr(item, f"rep_{report.when}", report)  # for the `steps` fixture's clean-up
    if report.failed and report.when in ("setup", "call"):
        saved = harness.capture_all_pages(ARTIFACTS, f"FAILED-{item.name}-{report.when}")
        saved += sorted(ARTIFACTS.glob("jupyter-server-*.log"))
        if saved:
            lines = [f"Artefacts of this failure are in {ARTIFACTS.relative_to(REPO)}/:"]
            lines += [f"  {path.relative_to(ARTIFACTS)}" for path in saved]
            if (ARTIFACTS / "steps" / item.name).is_dir():
                lines.append(f"  steps/{item.name}/ (a screenshot after each step)")
            report.sections.append(("browser artefacts", "\n".join(lines)))
