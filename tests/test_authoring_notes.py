"""The notes tool rewrites only what it derives from the definitions, keeps the prose an
instructor wrote, and changes nothing on a second run."""

from __future__ import annotations

import pytest

from course.authoring.notes import replace_between, sync_note, sync_rubric
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.wording import short

BANK = load_bank(DEFAULT_DEFINITIONS_DIR)


def test_a_note_keeps_its_prose_and_gets_a_fresh_header_and_list():
    exercise = BANK.get("04.access")
    stale = (
        "**For instructors - `04.access`** (single choice, 9 points; section: old)\n\n"
        "Hand-written advice stays.\n\nMisconceptions this exercise surfaces:\n- *An old misconception* (option: x)"
    )
    fresh = sync_note(stale, exercise)
    assert fresh.startswith("**For instructors - `04.access`** (single choice, 2 points; level: understand;")
    assert "Hand-written advice stays." in fresh
    assert "An old misconception" not in fresh
    assert "*Accountability grants access*" in fresh
    assert sync_note(fresh, exercise) == fresh


def test_generated_parts_need_their_markers():
    assert replace_between("a <!-- BEGIN generated: x -->old<!-- END generated: x --> b", "x", "new") == (
        "a <!-- BEGIN generated: x -->\nnew\n<!-- END generated: x --> b"
    )
    with pytest.raises(ValueError, match="missing the markers"):
        replace_between("no markers here", "x", "new")


def test_short_keeps_an_answer_readable():
    assert short("Optimization (making a model lean and fast enough to serve)") == "Optimization"
    assert short("word " * 30, 20).endswith("…") and len(short("word " * 30, 20)) <= 21


def test_the_learner_facing_rubric_follows_the_definition():
    exercise = BANK.get("06.reflection")
    stale = "## Exercise 6.5 · Justify your design\n\nIntro.\n\nYour instructor marks it with a rubric of 9 criteria."
    fresh = sync_rubric(stale, exercise)
    assert fresh.startswith("## Exercise 6.5 · Justify your design\n\nIntro.\n\n")
    assert f"rubric of {len(exercise.rubric)} criteria" in " ".join(fresh.split())
    for criterion in exercise.rubric:
        assert criterion.title.lower()[:20] in " ".join(fresh.split()).lower()
