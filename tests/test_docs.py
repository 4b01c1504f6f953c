"""The README stays a page a newcomer reads in two minutes, and every document's links lead somewhere.

The README holds what each audience needs first (what this is, the two commands, where to go
next); the details live in docs/. A link to a moved or renamed section would strand a reader, so
every relative link of the README, CONTRIBUTING.md and docs/ must reach a file of this repository
and, when it names one, a section that file has.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_links import anchor, broken_links, relative_links

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
README_MAX_LINES = 150
DOCUMENTS = [README, ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]
GUIDES = ("docs/learner-guide.md", "docs/instructor-guide.md", "docs/grading-guide.md")


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) < README_MAX_LINES, f"README.md has {len(lines)} lines; move details into docs/"


def test_the_readme_links_each_audience_to_its_guide():
    links = {target.partition("#")[0] for target in relative_links(README.read_text(encoding="utf-8"))}
    assert set(GUIDES) | {"CONTRIBUTING.md"} <= links


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_somewhere(document: Path):
    assert broken_links(document, ROOT) == []


def test_the_link_check_sees_a_missing_file_and_a_missing_section(tmp_path: Path):
    (tmp_path / "guide.md").write_text("# Guide\n\n## Publishing the learner edition\n", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(
        "[a](guide.md#publishing-the-learner-edition) [b](guide.md#for-graders) [c](gone.md) "
        "[d](https://example.org/x.md) `[e](not-a-link.md)` [f](../outside.md)\n",
        encoding="utf-8",
    )
    (tmp_path.parent / "outside.md").write_text("# Outside\n", encoding="utf-8")
    assert broken_links(readme, tmp_path) == ["guide.md#for-graders", "gone.md", "../outside.md"]


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Publishing the learner edition", "publishing-the-learner-edition"),
        ("How it works, in one paragraph", "how-it-works-in-one-paragraph"),
        (
            "06 · Capstone: design Kestrel Mobility's ML organisation",
            "06--capstone-design-kestrel-mobilitys-ml-organisation",
        ),
        ("Hand marking the reflections (`--marks`)", "hand-marking-the-reflections---marks"),
    ],
)
def test_anchors_are_githubs(heading: str, expected: str):
    assert anchor(heading) == expected
