"""The course as a whole: naming, facts, sources, accessibility, determinism, slides, keys.

These checks read the committed notebooks as files (nbval runs them separately).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from course import load_chapter
from course.cli import main
from course.paths import REVIEW_NOTEBOOK

REPO = Path(__file__).resolve().parent.parent
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SOLUTIONS = sorted((REPO / "solutions").glob("[0-9][0-9]_*.ipynb"))
EXERCISES = sorted((REPO / "exercises").glob("[0-9][0-9]_*.ipynb"))
ALL = LESSONS + SOLUTIONS + EXERCISES
REVIEW = REVIEW_NOTEBOOK.name
"""The review notebook: in exercises/ and solutions/ with no lesson (as 00_start_here has no exercises)."""
ANSWER_MIME = "application/vnd.mlops-course.answer+json"

# Sources from beyond the chapter: a key that must be cited wherever it is used.
SOURCES = (
    "Kreuzberger",
    "Skelton",
    "Huyen",
    "Nahar",
    "Shankar",
    "Dunlosky",
    "Van der Kleij",
    "Roediger",
    "Sweller",
    "Uddin",
    "Erwin",
    "Thoughtworks",
    "Full Stack Deep Learning",
    "Team API template",
)


def notebook(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cell: dict) -> str:
    text = cell.get("source", "")
    return "".join(text) if isinstance(text, list) else text


def output_text(cell: dict) -> str:
    parts = []
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        for key in ("text/plain", "text/html", "text/markdown"):
            value = data.get(key, "")
            parts.append("".join(value) if isinstance(value, list) else value)
        text = output.get("text", "")
        parts.append("".join(text) if isinstance(text, list) else text)
    return "\n".join(parts)


def all_text(path: Path) -> str:
    return "\n".join(source(c) + "\n" + output_text(c) for c in notebook(path)["cells"])


def test_lessons_exercises_and_solutions_are_numbered_in_parallel():
    from course.exercises.definitions import load_bank

    # The start notebook, then one lesson per notebook that has exercises.
    assert [p.name[:2] for p in LESSONS] == ["00", *load_bank().notebooks()]
    assert [p.name for p in SOLUTIONS] == [p.name for p in EXERCISES]
    assert [p.name for p in SOLUTIONS if p.name != REVIEW] == [p.name for p in LESSONS[1:]], (
        "each lesson 01-06 has its exercise notebook"
    )
    for path in ALL:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name


def test_the_review_notebook_follows_the_last_lesson_and_no_number_means_two_things():
    """The review notebook has no lesson and no definitions; its number is the next after the last lesson's."""
    from course.exercises.definitions import load_bank

    assert REVIEW in [p.name for p in EXERCISES] and REVIEW in [p.name for p in SOLUTIONS]
    number = REVIEW[:2]
    assert int(number) == int(LESSONS[-1].name[:2]) + 1
    assert number not in load_bank().notebooks()
    assert not [p for p in LESSONS if p.name.startswith(number)]
    names = {}
    for path in ALL:  # one number, one topic, in every folder
        assert names.setdefault(path.name[:2], path.name[3:]) == path.name[3:], path


def test_every_chapter_fact_appears_in_the_lessons():
    chapter = load_chapter()
    text = "\n".join(all_text(p) for p in LESSONS)
    facts = [role.name for role in chapter.roles]
    facts += [tool for role in chapter.roles for tool in role.tools if not role.is_kit_addition("tools")]
    facts += [output for role in chapter.roles for output in role.outputs if not role.is_kit_addition("outputs")]
    facts += [topology.name for topology in chapter.topologies] + [t.best_for for t in chapter.topologies]
    facts += list(chapter.raci_matrix.activities)
    facts += [c.name for c in chapter.collaboration] + [tool for c in chapter.collaboration for tool in c.tools]
    missing = [fact for fact in facts if fact not in text]
    assert not missing, f"chapter facts no lesson shows: {missing}"


def test_the_chapters_raci_letters_are_shown_in_the_raci_lesson():
    chapter = load_chapter()
    text = all_text(REPO / "notebooks" / "04_raci_model.ipynb")
    for activity in chapter.raci_matrix.activities:
        cells = [str(chapter.raci_matrix.cell(activity, role)) for role in chapter.raci_matrix.roles]
        html_row = rf"<th>{re.escape(activity)}</th>\s*" + r"\s*".join(rf"<td>{re.escape(c)}</td>" for c in cells)
        assert re.search(html_row, text), f"the lesson does not show the chapter's row {activity!r}: {cells}"


@pytest.mark.parametrize("path", LESSONS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_every_source_used_is_cited(path):
    """A source named in a notebook is cited there: in a Sources section, or with its year beside it."""
    cells = notebook(path)["cells"]
    text = "\n".join(source(c) for c in cells)
    sources_section = "\n".join(source(c) for c in cells if re.search(r"^#+\s*(Sources|References)", source(c), re.M))
    for key in SOURCES:
        for match in re.finditer(re.escape(key), text):
            nearby = text[match.start() : match.end() + 120]
            cited_here = re.search(r"\b(19|20)\d\d\b", nearby)
            assert cited_here or key in sources_section, f"{path.name}: {key!r} is used without a citation"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_every_figure_has_a_text_alternative_beside_it(path):
    cells = notebook(path)["cells"]
    for index, cell in enumerate(cells):
        if not any("image/png" in o.get("data", {}) for o in cell.get("outputs", [])):
            continue
        beside = [
            source(cells[j])
            for j in (index - 1, index + 1)
            if 0 <= j < len(cells) and cells[j]["cell_type"] == "markdown"
        ]
        assert any(re.search(r"description|text alternative", text, re.I) for text in beside), (
            f"{path.name}, cell {index}: a figure without a text description in the markdown beside it"
        )


VOLATILE = {
    "an absolute path": re.compile(r"(/work/|/home/|/tmp/|/root/|/Users/|[A-Z]:\\\\)"),
    "a memory address": re.compile(r"\bat 0x[0-9a-fA-F]{6,}"),
    "a timestamp": re.compile(r"\b20\d\d-\d\d-\d\d[T ]\d\d:\d\d"),
}


@pytest.mark.parametrize("path", ALL, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_stored_notebooks_hold_nothing_machine_specific(path):
    data = notebook(path)
    assert "widgets" not in data["metadata"]
    for index, cell in enumerate(data["cells"]):
        assert "execution" not in cell.get("metadata", {}), f"cell {index} keeps run timings"
        text = output_text(cell)
        for what, pattern in VOLATILE.items():
            assert not pattern.search(text), f"{path.name}, cell {index}: output holds {what}"
        for output in cell.get("outputs", []):
            assert "application/vnd.jupyter.widget-view+json" not in output.get("data", {}), "random widget ids stored"
            record = output.get("data", {}).get(ANSWER_MIME)
            if record is not None:
                assert record["learner"] is None, "a stored answer record names a learner"


def test_nbval_markers_are_tags_not_comments():
    for path in ALL:
        for cell in notebook(path)["cells"]:
            assert not re.search(r"#\s*NBVAL_", source(cell)), f"{path.name}: nbval marker written as a comment"


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.name)
def test_exercise_notebooks_hold_no_solution(path):
    data = notebook(path)
    for cell in data["cells"]:
        assert "solution" not in cell.get("metadata", {}).get("tags", [])
        assert "BEGIN SOLUTION" not in source(cell) and "END SOLUTION" not in source(cell)
        assert cell.get("outputs", []) == [], "exercise notebooks are stored without outputs"
        for call in re.finditer(r"course\.answer\(\s*\"[^\"]+\"\s*,\s*([^)]*)\)", source(cell)):
            argument = call.group(1).strip()
            assert argument.isidentifier() or argument in ("...", "value"), (
                f"{path.name}: course.answer with a literal answer ({argument[:40]}) is a solution"
            )


def test_every_solution_notebook_scores_full_marks_with_check(capsys):
    from course.exercises.answers import normalise
    from course.exercises.api import bank
    from course.exercises.record_reader import extract_records, read_untrusted_notebook
    from course.exercises.scoring import score

    for path in SOLUTIONS:
        if path.name == REVIEW:  # no exercises of its own: nothing to score
            continue
        assert main(["check", str(path)]) == 0
        out = capsys.readouterr().out
        exercises = bank().for_notebook(path.name[:2])
        total = sum(e.points for e in exercises)
        points = f"{total:.2f}".rstrip("0").rstrip(".")
        if exercises[0].assessed:  # check shows no scores for an assessed notebook: score its records directly
            assert f"{len(exercises)}/{len(exercises)} recorded" in out and "points" not in out.split("\n", 2)[1]
            records = extract_records(read_untrusted_notebook(path)).latest()
            scored = sum(score(e, normalise(e, records[e.id].record.answer)).points for e in exercises)
            assert round(scored, 4) == total, f"{path.name} does not score full marks"
            continue
        assert f"{points}/{points} points" in out, f"{path.name} does not score full marks:\n{out}"
        assert f"{len(exercises)}/{len(exercises)} answered" in out


def test_every_exercise_type_is_used_and_every_exercise_is_in_its_notebook():
    from course.exercises.api import bank
    from course.exercises.type_registry import names

    assert {e.type for e in bank()} == set(names())
    for path in SOLUTIONS:
        text = "\n".join(source(c) for c in notebook(path)["cells"])
        for exercise in bank().for_notebook(path.name[:2]):
            assert f'course.exercise("{exercise.id}")' in text, f"{exercise.id} is not shown in {path.name}"


@pytest.mark.slow
@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name)
def test_lessons_make_a_slide_deck(path, tmp_path):
    """Every cell carries slide metadata, and the kit builds a deck with several slides and no CDN."""
    from course.slides.deck import deck_html, remote_references, slide_count

    data = notebook(path)
    assert all(c.get("metadata", {}).get("slideshow", {}).get("slide_type") for c in data["cells"])
    body = deck_html(path)
    assert slide_count(body) >= 5, f"{path.name} gives only {slide_count(body)} slides"
    assert remote_references(body) == [], f"{path.name}'s deck loads from the internet"
    assert '<script src="reveal.js/dist/reveal.js">' in body
    title = source(data["cells"][0]).splitlines()[0].lstrip("# ").strip()
    assert title.split("·")[-1].strip()[:20] in body
