"""The review in real kernels: misses made in notebook 04's kernel come back in another notebook's kernel,
and the schedule survives a kernel restart (it lives in a file, not in the kernel)."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from course.spaced_review.review_records import MIME_TYPE as REVIEW_MIME

jupyter_client = pytest.importorskip("jupyter_client")

REPO = Path(__file__).resolve().parents[1]
TIMEOUT = 60


class Kernel:
    def __init__(self, manager) -> None:
        self.manager = manager
        self.client = manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def run(self, code: str) -> list[dict]:
        messages: list[dict] = []
        reply = self.client.execute_interactive(code, timeout=TIMEOUT, output_hook=messages.append, allow_stdin=False)
        assert reply["content"]["status"] == "ok", reply["content"]
        return messages

    def value(self, code: str) -> str:
        """The text a cell whose last line is `code` prints."""
        out = [m["content"]["text"] for m in self.run(f"print({code})") if m["msg_type"] == "stream"]
        return "".join(out).strip()

    def restart(self) -> None:
        self.client.stop_channels()
        self.manager.restart_kernel(now=True)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture
def kernels(tmp_path: Path, course_home: Path):
    started: list[Kernel] = []
    shutil.copytree(REPO / "exercises", tmp_path / "exercises")

    def start(notebook: str) -> Kernel:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("JPY_", "JUPYTER", "PYTEST_"))}
        for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "MLOPS_COURSE_EXERCISES"):
            env.pop(name, None)
        env.update(MLOPS_COURSE_HOME=str(course_home), JPY_SESSION_NAME=f"exercises/{notebook}")
        manager = jupyter_client.KernelManager(kernel_name="python3")
        manager.start_kernel(env=env, cwd=str(tmp_path))
        kernel = Kernel(manager)
        started.append(kernel)
        return kernel

    yield start
    for kernel in started:
        kernel.stop()


@pytest.mark.slow
def test_misses_in_04_come_back_in_the_review_kernel_and_the_schedule_survives_a_restart(kernels):
    now = datetime.now(UTC).isoformat()
    lesson = kernels("04_raci_model.ipynb")
    lesson.run(
        'import course\ncourse.check("04.letters", "a-fixes")\ncourse.check("04.c-or-i", "tell-both")\n'
        'course.check("04.access", "separate")'
    )
    review = kernels("08_review.ipynb")
    setup = f"import course\nfrom datetime import datetime, timedelta\nNOW = datetime.fromisoformat({now!r})\n"
    review.run(setup)
    assert review.value("course.review(clock=lambda: NOW).due") == "0"
    assert review.value(
        "sorted(i.exercise_id for i in course.review(clock=lambda: NOW + timedelta(days=1)).items)"
    ) == ("['04.c-or-i', '04.letters']")
    shown = review.run("r = course.review(clock=lambda: NOW + timedelta(days=1))\nr")
    data = [m["content"]["data"] for m in shown if m["msg_type"] in ("display_data", "execute_result")]
    assert any("Today's review. 2 items due today." in d.get("text/plain", "") for d in data)
    figure = next(d for d in data if "image/png" in d)
    assert figure["text/plain"].startswith('A line chart titled "Recall over time"')
    assert sum(REVIEW_MIME in d for d in data) == 2
    updated = review.run('r.check("04.letters", "r-fixes").status')
    records = [m["content"]["data"][REVIEW_MIME] for m in updated if m["msg_type"] == "update_display_data"]
    assert records and records[-1]["first_try"] == "r-fixes"

    review.restart()
    review.run(setup)
    assert review.value("[i.exercise_id for i in course.review(clock=lambda: NOW + timedelta(days=1)).items]") == (
        "['04.c-or-i']"
    )
    assert review.value("course.review(clock=lambda: NOW + timedelta(days=1)).today.done_today[0].exercise_id") == (
        "04.letters"
    )
    lesson.restart()
    lesson.run("import course")
    assert (
        lesson.value('course.exercise("04.letters").session.first_checked') == "a-fixes"
    )  # the graded record as it was
