"""The lesson decks in Chromium with the network off, and their PDF handouts.

`mlops-course slides` builds every lesson's deck and handout (printed by the same
Chromium) into a temporary folder. Each deck is then opened from disk in a browser
context that is offline and aborts every request that is not for a local file: the
slides must be there and reveal.js initialised, with no request refused, no script
error, and paging to the next slide working. Each handout must be a PDF with at
least one page per slide. The dark theme must really be dark (and the light one
light). Screenshots of the first slide with content in both themes, and the build
time per deck, are kept in test-artifacts/browser/slides/ for review.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from course.slides import DeckResult, build_slides, select_lessons
from course.slides.deck import Theme, slide_count
from course.slides.handout import pdf_page_count
from course.slides.reveal import RevealError, RevealPackage, find_reveal
from tests.browser import harness as jh

pytestmark = pytest.mark.browser

LESSONS = select_lessons(jh.REPO)
ARTIFACTS = jh.ARTIFACTS / "slides"
PREVIEW_LESSON = "03_team_topologies"
PREVIEW_SLIDE = 4  # a slide with a figure and a table


@dataclass(frozen=True)
class Built:
    folder: Path
    results: list[DeckResult]


def require_reveal() -> RevealPackage:
    """The installed reveal.js (a test never fetches it); skip, or fail in CI, without it."""
    try:
        return find_reveal(fetch=False)
    except RevealError as err:
        reason = f"slides test skipped: {err} (npm install --prefix .ci-node reveal.js)"
        if os.environ.get(jh.REQUIRE_ENV) == "1":
            pytest.fail(f"{jh.REQUIRE_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)


def build(out: Path, lessons: list[Path], theme: Theme) -> Built:
    jh.require_browser()
    results = list(build_slides(lessons, out, require_reveal(), theme=theme, browser=jh.chromium_path()))
    failed = [f"{r.lesson.name}: {r.error}" for r in results if r.error]
    assert not failed, failed
    return Built(out, results)


@pytest.fixture(scope="module")
def light(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("slides-light"), LESSONS, "light")


@pytest.fixture(scope="module")
def dark(tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(tmp_path_factory.mktemp("slides-dark"), select_lessons(jh.REPO, [PREVIEW_LESSON[:2]]), "dark")


@pytest.fixture
def offline_page(browser) -> Iterator:
    """A page that cannot reach the network: the context is offline and every non-file request is aborted."""
    context = browser.new_context(offline=True, viewport={"width": 1280, "height": 900})
    refused: list[str] = []

    def only_files(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_files)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("requestfailed", lambda request: errors.append(f"request failed: {request.url}"))
    page._mlc_refused, page._mlc_errors = refused, errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()


def open_deck(page, deck: Path) -> None:
    page.goto(deck.as_uri())
    page.wait_for_function("() => window.Reveal && Reveal.isReady()", timeout=30_000)


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_deck_shows_its_slides_with_the_network_off(lesson, light, offline_page, request):
    deck = light.folder / f"{lesson.stem}.slides.html"
    open_deck(offline_page, deck)
    sections = offline_page.locator(".reveal .slides section").count()
    expected = slide_count(deck.read_text(encoding="utf-8"))
    assert sections >= expected >= 5, f"{lesson.name}: {sections} sections for {expected} slides"
    assert offline_page.evaluate("Reveal.getTotalSlides()") == expected
    assert offline_page.locator(".reveal .slides section.present").first.is_visible()
    offline_page.evaluate("Reveal.next()")
    assert offline_page.evaluate("Reveal.getIndices()") != {"h": 0, "v": 0, "f": None}
    assert offline_page._mlc_refused == [], f"the deck asked the network for {offline_page._mlc_refused}"
    assert offline_page._mlc_errors == [], offline_page._mlc_errors


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.name[:2])
def test_each_lesson_has_a_pdf_handout(lesson, light):
    handout = light.folder / f"{lesson.stem}.handout.pdf"
    slides = slide_count((light.folder / f"{lesson.stem}.slides.html").read_text(encoding="utf-8"))
    assert handout.is_file(), f"no handout for {lesson.name}"
    pages = pdf_page_count(handout.read_bytes())
    assert pages >= slides >= 1, f"{handout.name}: {pages} pages for {slides} slides"


def luminance(css_colour: str) -> float:
    """0 (black) to 1 (white) for an `rgb(...)`/`rgba(...)` colour."""
    parts = [float(x) for x in css_colour[css_colour.index("(") + 1 : -1].split(",")[:3]]
    return sum(weight * value / 255 for weight, value in zip((0.2126, 0.7152, 0.0722), parts, strict=True))


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_themes_and_a_look_at_a_slide(theme, light, dark, offline_page, request):
    built = light if theme == "light" else dark
    open_deck(offline_page, built.folder / f"{PREVIEW_LESSON}.slides.html")
    offline_page.evaluate(f"Reveal.slide({PREVIEW_SLIDE})")
    offline_page.wait_for_timeout(800)  # the slide transition
    colours = offline_page.evaluate(
        """() => { const style = getComputedStyle(document.querySelector('.reveal-viewport') || document.body);
                   const text = getComputedStyle(document.querySelector('.reveal .slides section.present p')
                                                 || document.querySelector('.reveal .slides section.present'));
                   return [style.backgroundColor, text.color]; }"""
    )
    background, text = map(luminance, colours)
    if theme == "dark":
        assert background < 0.2 and text > 0.6, f"dark deck: background {colours[0]}, text {colours[1]}"
    else:
        assert background > 0.8 and text < 0.4, f"light deck: background {colours[0]}, text {colours[1]}"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    offline_page.screenshot(path=str(ARTIFACTS / f"{PREVIEW_LESSON}-slide{PREVIEW_SLIDE}-{theme}.png"))
    assert offline_page._mlc_refused == [] and offline_page._mlc_errors == []
    figures = {
        f"{r.lesson.name[:2]}_{theme}": f"deck {r.deck_seconds:.1f} s, handout {r.handout_seconds:.1f} s, "
        f"{r.slides} slides, {r.pages} pages, {r.handout.stat().st_size / 1024:.0f} KiB"
        for r in built.results
        if r.handout is not None
    }
    request.node.user_properties.append((jh.TIMINGS_PROPERTY, figures))
