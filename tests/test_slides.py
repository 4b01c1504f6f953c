"""`mlops-course slides`: what is checked without a browser.

The decks link nothing on the internet, lessons are picked by number, a missing or
wrong reveal.js and a failed print each give a clear message, a handout with slides
missing is never kept, and one broken lesson does not stop the others. The decks in
Chromium with the network off, and the real handouts, are in
tests/browser/test_slides_offline.py.
"""

from __future__ import annotations

import base64
import json
import stat
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.slides import build_slides, select_lessons
from course.slides import reveal as reveal_module
from course.slides.deck import remote_references, slide_count
from course.slides.handout import HandoutError, pdf_page_count, print_handout
from course.slides.reveal import NEEDED, REVEAL_VERSION, RevealError, RevealPackage, check_package, find_reveal

REPO = Path(__file__).resolve().parents[1]


def fake_reveal(folder: Path, *, name: str = "reveal.js", skip: tuple[str, ...] = ()) -> Path:
    """A folder laid out like the npm package (tiny files), for tests that need no real reveal.js."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "package.json").write_text(json.dumps({"name": name, "version": REVEAL_VERSION}))
    for needed in NEEDED:
        if needed not in skip:
            (folder / needed).parent.mkdir(parents=True, exist_ok=True)
            (folder / needed).write_text(f"/* {needed} */\n")
    return folder


def tiny_pdf(pages: int) -> bytes:
    """A PDF laid out as Chromium writes them: one `/Type /Page` object per page, under a `/Pages` tree."""
    kids = " ".join(f"{3 + i} 0 R" for i in range(pages))
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", f"<< /Type /Pages /Count {pages} /Kids [{kids}] >>"]
    objects += ["<< /Type /Page /Parent 2 0 R /MediaBox [0 0 720 540] >>"] * pages
    body = "".join(f"{n} 0 obj\n{text}\nendobj\n" for n, text in enumerate(objects, 1))
    return f"%PDF-1.4\n{body}trailer\n<< /Root 1 0 R >>\n%%EOF\n".encode()


FAKE_CHROMIUM = """\
#!{python}
import json, os, sys
assert "--remote-debugging-pipe" in sys.argv and "--headless" in sys.argv, sys.argv
if {exit_status}:
    print("cannot open display", file=sys.stderr)
    sys.exit({exit_status})
commands, answers = os.fdopen(3, "rb", 0), os.fdopen(4, "wb", 0)
results = {{
    "Target.createTarget": {{"targetId": "T"}},
    "Target.attachToTarget": {{"sessionId": "S"}},
    "Runtime.evaluate": {{"result": {{"type": "number", "value": {laid_out}}}}},
    "Page.printToPDF": {{"data": "{pdf}"}},
}}
buffer = b""
while True:
    chunk = commands.read(65536)
    if not chunk:
        sys.exit(0)
    buffer += chunk
    while b"\\0" in buffer:
        raw, buffer = buffer.split(b"\\0", 1)
        message = json.loads(raw)
        result = results.get(message["method"], {{}})
        answers.write(json.dumps({{"id": message["id"], "result": result}}).encode() + b"\\0")
        if message["method"] == "Browser.close":
            sys.exit(0)
"""


def fake_browser(tmp_path: Path, *, pages: int, laid_out: int | None = None, exit_status: int = 0) -> str:
    """An executable that answers on Chromium's DevTools pipe as Chromium does, printing a PDF of `pages` pages."""
    script = tmp_path / "fake-chromium"
    pdf = base64.b64encode(tiny_pdf(pages)).decode()
    script.write_text(
        FAKE_CHROMIUM.format(python=sys.executable, exit_status=exit_status, laid_out=laid_out or pages, pdf=pdf)
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return str(script)


# --------------------------------------------------------------------------- decks


def test_remote_references_finds_what_a_deck_would_load_from_elsewhere():
    page = """<link rel="stylesheet" href="reveal.js/dist/reveal.css">
    <script src="https://unpkg.com/reveal.js@4.0.2/dist/reveal.js"></script>
    <link href='//fonts.example.org/css' rel=stylesheet>
    <a href="https://example.org/paper">a cited source stays a link</a>"""
    found = remote_references(page)
    assert len(found) == 2, found
    assert "unpkg" in found[0] and "fonts.example.org" in found[1]
    assert remote_references('<script src="reveal.js/dist/reveal.js"></script>') == []


def test_slide_count_counts_the_slides_a_reader_pages_through():
    page = """<section><section><p>one</p></section><section>two</section></section>
    <section>three</section><section><section>four</section></section>"""
    assert slide_count(page) == 4


def test_lessons_are_picked_by_number(tmp_path):
    lessons = select_lessons(REPO)
    assert [p.name[:2] for p in lessons] == sorted({p.name[:2] for p in lessons}) and len(lessons) >= 7
    assert select_lessons(REPO, ["3"]) == select_lessons(REPO, ["03"]) == [REPO / "notebooks/03_team_topologies.ipynb"]
    assert select_lessons(REPO, ["04", "4", "01"]) == [lessons[4], lessons[1]]
    with pytest.raises(ValueError, match=r"no lesson '99', 'x'.*lessons: 00, 01"):
        select_lessons(REPO, ["99", "03", "x"])


def test_one_broken_lesson_does_not_stop_the_others(tmp_path):
    broken = tmp_path / "07_broken.ipynb"
    broken.write_text('{"cells": [')  # a truncated file
    package = RevealPackage(fake_reveal(tmp_path / "reveal"), REVEAL_VERSION)
    out = tmp_path / "out"
    results = list(build_slides([broken, REPO / "notebooks/00_start_here.ipynb"], out, package))
    assert results[0].error and "cannot build the deck" in results[0].error and results[0].deck is None
    assert results[1].error is None and results[1].deck == out / "00_start_here.slides.html"
    assert results[1].deck.is_file() and results[1].slides >= 5
    assert all((out / "reveal.js" / name).is_file() for name in NEEDED)
    index = (out / "index.html").read_text()
    assert "07 broken: not built" in index and 'href="00_start_here.slides.html"' in index
    assert remote_references(index) == []


def test_the_command_writes_decks_beside_reveal_js(tmp_path, capsys):
    reveal = fake_reveal(tmp_path / "reveal")
    out = tmp_path / "out"
    words = ["slides", "3", "--out", str(out), "--root", str(REPO), "--reveal-js", str(reveal), "--no-handouts"]
    assert main([*words, "--theme", "dark"]) == 0
    deck = (out / "03_team_topologies.slides.html").read_text()
    assert 'href="reveal.js/dist/theme/black.css"' in deck and remote_references(deck) == []
    assert (out / "reveal.js/dist/theme/black.css").read_text() == (reveal / "dist/theme/black.css").read_text()
    assert not list(out.glob("*.pdf"))
    printed = capsys.readouterr().out
    assert "03_team_topologies.slides.html (" in printed and "index.html (works offline)" in printed


# --------------------------------------------------------------------------- reveal.js


def test_ci_installs_the_pinned_reveal_js():
    assert f"reveal.js@{REVEAL_VERSION}" in (REPO / ".ci" / "run").read_text()


def test_a_wrong_reveal_js_folder_is_named_with_what_is_wrong(tmp_path):
    with pytest.raises(RevealError, match=r"not a reveal\.js package"):
        check_package(tmp_path / "nothing-here")
    with pytest.raises(RevealError, match=r"'left-pad', not reveal\.js"):
        check_package(fake_reveal(tmp_path / "other", name="left-pad"))
    with pytest.raises(RevealError, match=r"lacks dist/plugin/notes.js; use reveal.js 6"):
        check_package(fake_reveal(tmp_path / "old", skip=("dist/plugin/notes.js",)))
    assert check_package(fake_reveal(tmp_path / "good")).version == REVEAL_VERSION


def test_without_reveal_js_or_npm_the_message_says_what_to_do(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(reveal_module.REVEAL_ENV, raising=False)
    monkeypatch.setattr(reveal_module, "course_root", lambda: None)
    monkeypatch.setattr(reveal_module.shutil, "which", lambda name: None)
    with pytest.raises(RevealError, match=r"npm is not available.*npm install reveal.js@.*--reveal-js"):
        find_reveal()
    monkeypatch.setenv(reveal_module.REVEAL_ENV, str(fake_reveal(tmp_path / "mine")))
    assert find_reveal().folder == tmp_path / "mine"


def test_the_command_reports_a_wrong_lesson_and_a_wrong_reveal_js(tmp_path, capsys):
    assert main(["slides", "42", "--out", str(tmp_path / "out"), "--root", str(REPO)]) == 2
    assert "no lesson '42'" in capsys.readouterr().err
    status = main(["slides", "03", "--out", str(tmp_path / "out"), "--reveal-js", str(tmp_path), "--no-handouts"])
    assert status == 1
    assert "is not a reveal.js package" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


# --------------------------------------------------------------------------- handouts


def test_pdf_page_count():
    for pages in (1, 3, 12):
        assert pdf_page_count(tiny_pdf(pages)) == pages
    with pytest.raises(HandoutError, match="not a PDF"):
        pdf_page_count(b"<html>not a pdf</html>")


@pytest.mark.slow
def test_a_handout_missing_slides_is_not_kept(tmp_path):
    deck = tmp_path / "03.slides.html"
    deck.write_text("<html></html>")
    handout = tmp_path / "03.handout.pdf"
    handout.write_bytes(b"the previous handout")
    with pytest.raises(HandoutError, match=r"has 1 page\(s\) for 5 slides \(1 laid out\); not kept"):
        print_handout(deck, handout, fake_browser(tmp_path, pages=1), slides=5)
    with pytest.raises(HandoutError, match=r"has 6 page\(s\) for 5 slides \(7 laid out\)"):
        print_handout(deck, handout, fake_browser(tmp_path, pages=6, laid_out=7), slides=5)
    assert handout.read_bytes() == b"the previous handout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["03.handout.pdf", "03.slides.html", "fake-chromium"]
    assert print_handout(deck, handout, fake_browser(tmp_path, pages=6), slides=5) == 6
    assert pdf_page_count(handout.read_bytes()) == 6


@pytest.mark.slow
def test_a_browser_that_fails_is_reported(tmp_path):
    deck = tmp_path / "03.slides.html"
    deck.write_text("<html></html>")
    with pytest.raises(HandoutError, match=r"could not print 03\.slides\.html: .*cannot open display"):
        print_handout(deck, tmp_path / "03.pdf", fake_browser(tmp_path, pages=5, exit_status=3), slides=5)
    with pytest.raises(HandoutError, match="was not found"):
        print_handout(deck, tmp_path / "03.pdf", str(tmp_path / "no-such-browser"), slides=5)
    assert not (tmp_path / "03.pdf").exists()
