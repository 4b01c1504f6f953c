"""The live view in Chromium: answers saved on disk show up on the projector page, and change with them.

`mlops-course live` runs as the instructor starts it (a process, on 127.0.0.1, a
free port, a one-second interval) over a folder of learner homes. The test writes
the learners' saved notebooks, watches the page count them, changes answers on disk
and waits for the page to follow, without reloading it: the page's own refresh must
bring the new counts. It also checks that no learner name is shown, that the page
runs without console errors under its Content-Security-Policy, and that the dark
colour scheme really changes the colours.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from course.exercises.definitions import load_bank
from course.exercises.types.single_choice import SingleChoice
from tests.browser import harness as jh
from tests.grading_tools import submission, write

try:
    from playwright.sync_api import expect
except ImportError:
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.browser

REFRESH_TIMEOUT_MS = 15_000


@contextlib.contextmanager
def live_view(*paths: Path, extra: tuple[str, ...] = ()) -> Iterator[str]:
    """`mlops-course live PATH... --port 0 --interval 1`; yields the address it prints."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "course", "live", *map(str, paths), "--port", "0", "--interval", "1", *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://\S+/\?token=\S+", line)  # the address with its access token
        assert match, f"mlops-course live printed no address: {line!r}"
        yield match.group(0)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


def save_answer(root: Path, learner: str, exercise_id: str, answer: str, revision: int) -> None:
    """A learner's saved exercise notebook 04 with one answer (written as the kit writes records)."""
    path = write(
        root / learner / "exercises" / "04_raci_model.ipynb",
        submission(load_bank(), {exercise_id: answer}, learner=learner, revision=revision),
    )
    stamp = time.time() + revision  # a new modification time even on a coarse clock
    os.utime(path, (stamp, stamp))


def bar(section, text: str):
    return section.locator(".bars li").filter(has_text=text)


def test_live_view_follows_answers_on_disk(page, tmp_path):
    exercise = next(ex for ex in load_bank().for_notebook("04") if isinstance(ex, SingleChoice))
    wrong = next(c for c in exercise.choices if c.id != exercise.key and c.misconception)
    right = exercise.choice(exercise.key)
    homes = tmp_path / "homes"
    save_answer(homes, "ada", exercise.id, wrong.id, 1)
    save_answer(homes, "ben", exercise.id, wrong.id, 1)

    with live_view(homes) as address:
        page.goto(address)
        section = page.locator(f'section[data-exercise="{exercise.id}"]')
        expect(section.locator(".answered")).to_have_text("2")
        expect(bar(section, wrong.text).locator(".count")).to_have_text("2")
        expect(bar(section, right.text).locator(".count")).to_have_text("0")
        expect(section.locator(".misconception")).to_contain_text(wrong.misconception)
        expect(section.locator(".basis")).to_contain_text("current answer")

        changed = time.perf_counter()
        save_answer(homes, "ben", exercise.id, right.id, 2)  # ben re-votes
        save_answer(homes, "chen", exercise.id, right.id, 1)  # chen votes late
        expect(section.locator(".answered")).to_have_text("3", timeout=REFRESH_TIMEOUT_MS)
        expect(bar(section, right.text).locator(".count")).to_have_text("2", timeout=REFRESH_TIMEOUT_MS)
        expect(bar(section, wrong.text).locator(".count")).to_have_text("1")
        seen_after = time.perf_counter() - changed

        body = page.locator("body").inner_text()
        for learner in ("ada", "ben", "chen"):
            assert learner not in body, f"learner name {learner!r} shown without --names"
        errors = [m for m in jh.console_messages(page) if m.startswith(("[error]", "[pageerror]"))]
        assert not errors, f"console errors: {errors}"

        light = page.evaluate("getComputedStyle(document.body).backgroundColor")
        page.emulate_media(color_scheme="dark")
        dark = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert light != dark, "the dark colour scheme changes nothing"
    print(f"\n[live view] change on disk to page: {seen_after:.2f} s (interval 1 s)")


def test_live_view_names_only_when_asked(page, tmp_path):
    exercise = next(ex for ex in load_bank().for_notebook("04") if isinstance(ex, SingleChoice))
    homes = tmp_path / "homes"
    save_answer(homes, "grace", exercise.id, exercise.key, 1)
    with live_view(homes, extra=("--names",)) as address:
        page.goto(address)
        section = page.locator(f'section[data-exercise="{exercise.id}"]')
        expect(bar(section, exercise.choice(exercise.key).text).locator(".names")).to_have_text("grace")
