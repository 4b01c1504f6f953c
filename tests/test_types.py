"""The course package passes `mypy --strict` (configured in pyproject.toml): its annotations are checked, not decoration."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow  # about 10 s: the whole suite runs it; in the inner loop run `mypy` when types change
def test_the_course_package_type_checks_strictly(tmp_path_factory):
    api = pytest.importorskip("mypy.api")
    cache = tmp_path_factory.getbasetemp() / "mypy-cache"
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--cache-dir", str(cache), str(ROOT / "course")]
    )
    assert status == 0, stdout + stderr
    assert "Success: no issues found" in stdout


def test_mypy_runs_in_strict_mode():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mypy"]
    assert config["strict"] is True
    for override in config.get("overrides", []):
        # Only third-party modules without types are relaxed; course modules only for subclassing them.
        assert override.get("ignore_missing_imports") or override.get("disallow_subclassing_any") is False
