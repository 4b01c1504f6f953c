"""The relative links of Markdown documents, and which of them lead nowhere.

A link leads somewhere when its file exists (relative to the document) and, when it names a
`#section`, that file has a heading GitHub gives that anchor.
"""

from __future__ import annotations

import re
from pathlib import Path

LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", flags=re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", flags=re.M)


def prose(text: str) -> str:
    """The text without code blocks and code spans, where a bracket is not a link."""
    return CODE.sub("", FENCE.sub("", text))


def relative_links(text: str) -> list[str]:
    """Each link to a file beside the document (no web address, no mail)."""
    return [target for target in LINK.findall(prose(text)) if not re.match(r"[a-z][a-z0-9+.-]*:", target)]


def anchor(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens."""
    words = re.sub(r"[`*_]|\[([^\]]*)\]\([^)]*\)", lambda m: m.group(1) or "", heading).strip().lower()
    return re.sub(r"[^\w\- ]", "", words).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    found: set[str] = set()
    for heading in HEADING.findall(FENCE.sub("", path.read_text(encoding="utf-8"))):
        name, number = anchor(heading), 0
        while (name if not number else f"{name}-{number}") in found:
            number += 1
        found.add(name if not number else f"{name}-{number}")
    return found


def broken_links(document: Path, within: Path) -> list[str]:
    """The relative links of `document` that lead to no file under `within`, or to no such section."""
    return [
        target
        for target in relative_links(document.read_text(encoding="utf-8"))
        if not _leads_somewhere(document, target, within.resolve())
    ]


def _leads_somewhere(document: Path, target: str, within: Path) -> bool:
    file_part, _, section = target.partition("#")
    path = (document.parent / file_part).resolve() if file_part else document.resolve()
    if not path.is_relative_to(within) or not path.exists():
        return False
    return not section or path.suffix != ".md" or section in anchors(path)
