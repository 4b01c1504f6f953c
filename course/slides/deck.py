"""One lesson notebook as a reveal.js deck that links only files beside it.

nbconvert's slides exporter builds the deck from the lessons' slide metadata;
the kit's template (templates/offline-reveal) replaces every script and style
it would load from a CDN by the copy of reveal.js in the deck's folder.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from course.slides.reveal import FOLDER, THEMES

TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE = "offline-reveal"
Theme = Literal["light", "dark"]
_LEAF_SECTION = re.compile(r"<section\b[^>]*>(?:(?!<section\b).)*?</section>", re.S)
# Any address a deck's tags or styles load from; a deck for a room without internet has none.
_REMOTE = re.compile(
    r"""<(?:script|link|img|iframe|source|video|audio)\b[^>]*\b(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]*"""
    r"""|@import\s+(?:url\()?\s*["']?(?:https?:)?//[^"'\s)]*|url\(\s*["']?(?:https?:)?//[^"'\s)]*""",
    re.I,
)


def deck_html(notebook: Path, theme: Theme = "light") -> str:
    """The deck of `notebook` as one HTML page that expects reveal.js in `./reveal.js/`."""
    from nbconvert import SlidesExporter

    exporter = SlidesExporter(
        extra_template_basedirs=[str(TEMPLATES)],
        template_name=TEMPLATE,
        reveal_url_prefix=FOLDER,
        reveal_theme=THEMES[theme],
        reveal_number="c/t",
        theme=theme,
    )
    body, _ = exporter.from_filename(str(notebook))
    return body


def remote_references(html: str) -> list[str]:
    """The tags of `html` that load something from another host (empty for an offline deck)."""
    return [match.group(0) for match in _REMOTE.finditer(html)]


def slide_count(html: str) -> int:
    """How many slides a reader pages through: sections that hold no further section."""
    return len(_LEAF_SECTION.findall(html))
