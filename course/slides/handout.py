"""A lesson's PDF handout: its deck printed by headless Chromium (or Chrome) in reveal.js's print view.

reveal.js lays a deck out one slide per page when the address ends in
`?print-pdf`. Chromium prints it once reveal.js reports the print layout done
(see devtools.py for why the plain `--print-to-pdf` option will not do), and
the result is checked: a handout with fewer pages than the deck has slides, or
than reveal.js laid out, is reported and never replaces a previous one.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
from pathlib import Path

from course.atomic import write_bytes_atomic
from course.errors import CourseError
from course.slides.devtools import DevToolsError, print_when_ready

BROWSER_ENV = "MLOPS_COURSE_CHROMIUM"
BROWSER_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
MAC_BROWSERS = (
    "/Applications/Chromium.app/Contents/MacOS/Chromium",
    "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
)
# Truthy (the number of pages laid out) once reveal.js has finished its print view.
PRINT_LAYOUT_DONE = (
    "window.Reveal && Reveal.isReady() && Reveal.isPrintView() && document.querySelectorAll('.reveal .pdf-page').length"
)
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


class HandoutError(CourseError):
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


def pdf_page_count(pdf: bytes) -> int:
    """The number of pages in a PDF Chromium wrote (its page objects; Chromium compresses no object lists)."""
    if not pdf.startswith(b"%PDF-"):
        raise HandoutError("not a PDF file")
    return len(_PAGE_OBJECT.findall(pdf))


def print_handout(deck: Path, pdf: Path, browser: str, *, slides: int) -> int:
    """Print `deck` to `pdf` (replaced only by a complete handout); returns its page count."""
    if os.name != "posix":
        raise HandoutError(
            "handouts are printed on Linux or macOS; elsewhere open the deck with ?print-pdf after its "
            "address in Chrome and print it to PDF"
        )
    if not (os.path.isfile(browser) or shutil.which(browser)):
        raise HandoutError(f"the browser {browser} was not found")
    try:
        data, laid_out = print_when_ready(browser, deck.resolve().as_uri() + "?print-pdf", PRINT_LAYOUT_DONE)
    except DevToolsError as err:
        raise HandoutError(f"{Path(browser).name} could not print {deck.name}: {err}") from None
    try:
        pages = pdf_page_count(data)
    except HandoutError as err:
        raise HandoutError(f"{Path(browser).name} printed {deck.name}, but {err}") from None
    if pages < max(slides, int(laid_out)):
        raise HandoutError(
            f"the handout of {deck.name} has {pages} page(s) for {slides} slides ({laid_out} laid out); not kept"
        )
    write_bytes_atomic(pdf, data)
    return pages
