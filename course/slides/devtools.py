"""Print a page to PDF with headless Chromium, driven over its DevTools pipe, once the page says it is ready.

`chromium --print-to-pdf` prints when the page has loaded, and reveal.js lays out
its print view a frame later, so about one print in three came out as a single
blank page. Over the DevTools protocol the kit can wait for the layout itself:
Chromium is started with `--remote-debugging-pipe` (it reads commands on file
descriptor 3 and answers on 4, one JSON message per NUL-terminated chunk), the
page is opened, a JavaScript condition is polled until it holds, and only then
is `Page.printToPDF` called. Standard library only; POSIX systems (Linux, macOS).
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import subprocess
import tempfile
import time
from collections.abc import Iterator
from typing import Any

from course.errors import CourseError

STARTUP_TIMEOUT_S = 60.0
ANSWER_TIMEOUT_S = 120.0  # Chromium answers a command within this or is taken as hung
POLL_S = 0.1


class DevToolsError(CourseError):
    """Chromium did not start, answered with an error, or the page never became ready."""


class _Pipe:
    """One Chromium process and its DevTools pipe: send a command, wait for its answer."""

    def __init__(self, browser: str, args: list[str]) -> None:
        command_read, command_write = os.pipe()
        answer_read, answer_write = os.pipe()
        # Chromium wants the pipe on descriptors 3 and 4 exactly; park both ends above them first.
        child_read = fcntl.fcntl(command_read, fcntl.F_DUPFD, 10)
        child_write = fcntl.fcntl(answer_write, fcntl.F_DUPFD, 10)
        for fd in (command_read, answer_write):
            os.close(fd)

        def on_descriptors_3_and_4() -> None:
            os.dup2(child_read, 3)
            os.dup2(child_write, 4)

        try:
            self.process = subprocess.Popen(
                [browser, *args, "--remote-debugging-pipe"],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(3, 4),
                preexec_fn=on_descriptors_3_and_4,  # Chromium is started from one thread only
            )
        except OSError as err:
            for fd in (command_write, answer_read):
                os.close(fd)
            raise DevToolsError(f"cannot start {browser}: {err}") from None
        finally:
            os.close(child_read)
            os.close(child_write)
        self.commands = os.fdopen(command_write, "wb", buffering=0)
        self.answers = answer_read
        self.buffer = b""
        self.next_id = 0

    def send(self, method: str, params: dict[str, Any] | None = None, *, session: str | None = None) -> dict[str, Any]:
        """Send one command and return its result (events in between are skipped)."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        try:
            self.commands.write(json.dumps(message).encode() + b"\0")
        except OSError as err:
            raise DevToolsError(f"Chromium stopped listening ({method}): {err}") from None
        while True:
            answer = self._read_message()
            if answer.get("id") != self.next_id:
                continue
            if "error" in answer:
                raise DevToolsError(f"{method}: {answer['error'].get('message', answer['error'])}")
            result: dict[str, Any] = answer.get("result", {})
            return result

    def _read_message(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            readable, _, _ = select.select([self.answers], [], [], ANSWER_TIMEOUT_S)
            if not readable:
                raise DevToolsError(f"Chromium did not answer within {ANSWER_TIMEOUT_S:.0f} s")
            chunk = os.read(self.answers, 1 << 16)
            if not chunk:
                detail = self._stderr_tail()
                raise DevToolsError(f"Chromium closed the DevTools pipe{': ' + detail if detail else ''}")
            self.buffer += chunk
        raw, self.buffer = self.buffer.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def _stderr_tail(self) -> str:
        with contextlib.suppress(Exception):
            self.process.wait(timeout=5)
            stderr = self.process.stderr
            lines = ((stderr.read() if stderr else b"") or b"").decode(errors="replace").strip().splitlines()
            useful = [line for line in lines if "dbus" not in line.lower()]
            return useful[-1] if useful else ""
        return ""

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.send("Browser.close")
        with contextlib.suppress(Exception):
            self.commands.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        with contextlib.suppress(OSError):
            os.close(self.answers)
        if self.process.stderr:
            self.process.stderr.close()


@contextlib.contextmanager
def _chromium(browser: str) -> Iterator[_Pipe]:
    with tempfile.TemporaryDirectory(prefix="mlops-course-print-") as profile:
        args = ["--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check"]
        if os.geteuid() == 0:
            args.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
        pipe = _Pipe(browser, [*args, f"--user-data-dir={profile}", "about:blank"])
        try:
            yield pipe
        finally:
            pipe.close()


def print_when_ready(browser: str, url: str, ready: str, *, timeout_s: float = STARTUP_TIMEOUT_S) -> tuple[bytes, Any]:
    """Open `url`, wait until the JavaScript expression `ready` is truthy, print to PDF.

    Returns (the PDF, the last value of `ready`); the page's own CSS page size is used.
    """
    with _chromium(browser) as pipe:
        target = pipe.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = pipe.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        pipe.send("Page.navigate", {"url": url}, session=session)
        deadline = time.monotonic() + timeout_s
        value: Any = None
        while time.monotonic() < deadline:
            with contextlib.suppress(DevToolsError):  # the page may still be between documents
                evaluated = pipe.send("Runtime.evaluate", {"expression": ready, "returnByValue": True}, session=session)
                value = evaluated.get("result", {}).get("value")
                if value:
                    break
            time.sleep(POLL_S)
        else:
            raise DevToolsError(f"the page was not ready after {timeout_s:.0f} s ({ready})")
        printed = pipe.send(
            "Page.printToPDF",
            {"preferCSSPageSize": True, "printBackground": True, "displayHeaderFooter": False},
            session=session,
        )
        return base64.b64decode(printed["data"]), value
