"""A lesson's PDF handout: its deck printed by headless Chromium (or Chrome) in reveal.js's print view.

reveal.js lays a deck out one slide per page when the address ends in
`?print-pdf`; Chromium prints that page to PDF from the command line, with no
network and no Python package beyond the standard library. Chromium prints at
page load, before reveal.js has finished laying the slides out, unless it is
told to let virtual time run on and every compositor stage finish first, so
those flags are set. Even so, on a busy machine Chromium now and then prints
before the layout (one blank page), so the page count is checked against the
deck's slides and the print is tried again with more time; a handout that
still lacks slides is reported, never silently kept.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

BROWSER_ENV = "MLOPS_COURSE_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
MAC_BROWSERS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
PRINT_TIMEOUT_S = 180
LAYOUT_BUDGETS_MS = (15_000, 30_000, 60_000)  # virtual time reveal.js gets to lay out, per attempt
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class HandoutError(Exception):
    """A handout could not be printed; the message says why."""


def find_browser(explicit: str | None = None) -> str | None:
    """The Chromium/Chrome to print with: `explicit`, $MLOPS_COURSE_CHROMIUM, else the first on PATH."""
    if explicit:
        return explicit
    if os.environ.get(BROWSER_ENV):
        return os.environ[BROWSER_ENV]
    for name in BROWSER_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if sys.platform == "darwin":
        return next((path for path in MAC_BROWSERS if os.path.isfile(path)), None)
    return None


def print_command(browser: str, deck: Path, pdf: Path, profile: Path, budget_ms: int) -> list[str]:
    """The Chromium command line that prints `deck` in reveal.js's print view to `pdf`."""
    command = [browser, "--headless", "--disable-gpu", "--no-first-run", "--no-default-browser-check"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--no-sandbox")  # Chromium refuses to start as root with its sandbox
    return [
        *command,
        f"--user-data-dir={profile}",
        "--no-pdf-header-footer",
        "--run-all-compositor-stages-before-draw",
        f"--virtual-time-budget={budget_ms}",
        f"--print-to-pdf={pdf}",
        deck.resolve().as_uri() + "?print-pdf",
    ]


def pdf_page_count(pdf: Path) -> int:
    """The number of pages in a PDF Chromium wrote (its page objects; Chromium compresses no object lists)."""
    data = pdf.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise HandoutError(f"{pdf.name} is not a PDF file")
    return len(_PAGE_OBJECT.findall(data))


def print_handout(deck: Path, pdf: Path, browser: str, *, slides: int) -> int:
    """Print `deck` to `pdf` (replaced only by a complete handout); returns its page count."""
    pdf.parent.mkdir(parents=True, exist_ok=True)
    printed = pdf.with_name(f".{pdf.name}.printing")  # same folder, so the final rename is atomic
    pages = 0
    try:
        for budget_ms in LAYOUT_BUDGETS_MS:
            _print_once(browser, deck, printed, budget_ms)
            pages = pdf_page_count(printed)
            if pages >= slides:
                os.replace(printed, pdf)
                return pages
    finally:
        printed.unlink(missing_ok=True)
    tries = len(LAYOUT_BUDGETS_MS)
    raise HandoutError(f"the handout of {deck.name} had {pages} page(s) for {slides} slides after {tries} tries")


def _print_once(browser: str, deck: Path, printed: Path, budget_ms: int) -> None:
    printed.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="mlops-course-print-") as profile:
        command = print_command(browser, deck, printed, Path(profile), budget_ms)
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        except FileNotFoundError:
            raise HandoutError(f"the browser {browser} was not found") from None
        except (OSError, subprocess.TimeoutExpired) as err:
            raise HandoutError(f"{browser} could not print {deck.name}: {err}") from None
    if done.returncode != 0 or not printed.is_file():
        last = (done.stderr or done.stdout).strip().splitlines()[-1:] or [f"exit status {done.returncode}"]
        raise HandoutError(f"{browser} could not print {deck.name}: {last[0]}")
