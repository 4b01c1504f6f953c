"""The lesson decks and their PDF handouts, for a room with no internet.

`build_slides` writes, into one folder: each lesson's reveal.js deck
(`NN_name.slides.html`), the copy of reveal.js the decks link relatively
(`reveal.js/`), a PDF handout per lesson (`NN_name.handout.pdf`, one slide or
more per page) and an `index.html` listing them. The folder can be copied to a
USB stick or a laptop and opened from disk. One lesson that fails is reported
and the others are still built.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from course.atomic import write_text_atomic
from course.slides.deck import Theme, deck_html, remote_references, slide_count
from course.slides.handout import HandoutError, print_handout
from course.slides.reveal import RevealPackage, copy_beside

__all__ = ["DeckResult", "build_slides", "select_lessons"]


@dataclass(frozen=True)
class DeckResult:
    """What was made for one lesson (paths are None for what was not made)."""

    lesson: Path
    deck: Path | None = None
    handout: Path | None = None
    slides: int = 0
    pages: int = 0
    deck_seconds: float = 0.0
    handout_seconds: float = 0.0
    error: str | None = None


def select_lessons(root: Path, wanted: Sequence[str] = ()) -> list[Path]:
    """The lesson notebooks in `root/notebooks` whose number is in `wanted` (all when empty).

    `wanted` holds lesson numbers ("3", "03") or notebook paths; ValueError names what matched nothing.
    """
    lessons = sorted((root / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    if not wanted:
        return lessons
    chosen: list[Path] = []
    unknown = []
    for word in wanted:
        if word.endswith(".ipynb"):
            path = Path(word)
            found = [path] if path.is_file() else []
        else:
            found = [p for p in lessons if word.isdigit() and p.name[:2] == word.zfill(2)]
        if not found:
            unknown.append(word)
        chosen += [p for p in found if p not in chosen]
    if unknown:
        available = ", ".join(p.name[:2] for p in lessons)
        raise ValueError(f"no lesson {', '.join(map(repr, unknown))} (lessons: {available})")
    return chosen


def build_slides(
    lessons: Sequence[Path],
    out: Path,
    reveal: RevealPackage,
    *,
    theme: Theme = "light",
    browser: str | None = None,
) -> Iterator[DeckResult]:
    """Write reveal.js, then each lesson's deck (and handout, when `browser` is given) into `out`."""
    copy_beside(reveal, out)
    results = []
    for lesson in lessons:
        result = _build_one(lesson, out, theme, browser)
        results.append(result)
        yield result
    write_text_atomic(out / "index.html", index_page(results, theme))


def _build_one(lesson: Path, out: Path, theme: Theme, browser: str | None) -> DeckResult:
    started = time.perf_counter()
    stem = lesson.name.removesuffix(".ipynb")
    try:
        page = deck_html(lesson, theme)
    except Exception as err:  # nbconvert raises many kinds; one bad lesson must not stop the others
        return DeckResult(lesson, error=f"cannot build the deck: {type(err).__name__}: {err}")
    remote = remote_references(page)
    if remote:
        return DeckResult(lesson, error=f"the deck would load from the internet: {remote[0]}")
    deck = out / f"{stem}.slides.html"
    write_text_atomic(deck, page)
    slides = slide_count(page)
    deck_seconds = time.perf_counter() - started
    if browser is None:
        return DeckResult(lesson, deck, slides=slides, deck_seconds=deck_seconds)
    started = time.perf_counter()
    handout = out / f"{stem}.handout.pdf"
    try:
        pages = print_handout(deck, handout, browser, slides=slides)
    except HandoutError as err:
        return DeckResult(lesson, deck, slides=slides, deck_seconds=deck_seconds, error=str(err))
    return DeckResult(lesson, deck, handout, slides, pages, deck_seconds, time.perf_counter() - started)


def index_page(results: Sequence[DeckResult], theme: Theme) -> str:
    """A plain page linking every deck and handout (relative links, nothing loaded from elsewhere)."""
    rows = []
    for result in results:
        name = html.escape(result.lesson.name.removesuffix(".ipynb").replace("_", " "))
        links = []
        if result.deck:
            links.append(f'<a href="{html.escape(result.deck.name)}">slides</a> ({result.slides})')
        if result.handout:
            links.append(f'<a href="{html.escape(result.handout.name)}">handout</a> (PDF, {result.pages} pages)')
        if result.error:
            links.append(f"not built: {html.escape(result.error)}")
        rows.append(f"<li>{name}: {' · '.join(links)}</li>")
    colours = "background:#111;color:#eee" if theme == "dark" else "background:#fff;color:#111"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>MLOps Roles &amp; Team Structure: slides</title>"
        f"<style>body{{font-family:sans-serif;{colours};max-width:48em;margin:2em auto;line-height:1.6}}"
        "a{color:#4a90d9}</style></head><body>\n<h1>MLOps Roles &amp; Team Structure: slides</h1>\n"
        "<p>Open a deck and press <kbd>F</kbd> for full screen, <kbd>Esc</kbd> for an overview of the slides. "
        "Everything here works without internet.</p>\n"
        "<ul>\n" + "\n".join(rows) + "\n</ul>\n</body></html>\n"
    )
