"""The learner edition of an exercise with cases: every case's wording, each practice case sealed on its own,
no case's key in the file; an assessed exercise's cases ship nothing sealed."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from course.authoring.edition import plan_edition
from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.edition_data import learner_exercise_cases, learner_file_text, read_learner_file, salt_name
from course.exercises.practice_key import PracticeSeal
from course.exercises.scoring import score
from course.exercises.type_registry import type_of
from course.exercises.variants import variant_for, variants_of
from tests.test_practice_keys import _canonical_answers

REPO = Path(__file__).resolve().parent.parent
CASES = Path(__file__).parent / "fixtures" / "variants"
BANK = load_bank(CASES)
SALTS = {
    salt_name(e, case): f"{n:02d}" * 16 for n, (e, case) in enumerate((e, c) for e in BANK for c in variants_of(e))
}


def edition_of(mode: str, tmp_path: Path) -> tuple[str, list]:
    exercises = [learner_exercise_cases(replace_mode(e, mode), SALTS) for e in BANK]
    text = learner_file_text("97", "Cases", exercises)
    path = tmp_path / "97_cases.learner.json"
    path.write_text(text, encoding="utf-8")
    return text, read_learner_file(path)[2]


def replace_mode(exercise, mode: str):
    return replace(exercise, mode=mode, variants=tuple(replace(c, mode=mode) for c in exercise.variants))


def test_each_case_has_a_salt_of_its_own_and_the_base_keeps_the_exercises() -> None:
    pick = BANK.get("97.pick")
    assert [salt_name(pick, c) for c in variants_of(pick)] == ["97.pick", "97.pick/retailer", "97.pick/group"]


def test_every_case_comes_back_with_its_wording_and_no_key(tmp_path: Path) -> None:
    text, read = edition_of("practice", tmp_path)
    for original, back in zip(BANK, read, strict=True):
        assert [c.fingerprint for c in variants_of(back)] == [c.fingerprint for c in variants_of(original)]
        assert [c.case_name for c in variants_of(back)] == [c.case_name for c in variants_of(original)]
        for case, learner in zip(variants_of(original), variants_of(back), strict=True):
            traces = type_of(case).key_traces(case)
            assert not [form for form in traces.file_forms if form in text], case.variant
            assert not [t for t in traces.texts if t.startswith(("Right", "Yes")) and t in text], case.variant
            assert learner.practice.entries and learner.practice.salt == SALTS[salt_name(original, case)]
    # a learner given the bytes again gets the same definitions: the edition is deterministic
    assert learner_file_text("97", "Cases", read) == text


def test_each_practice_case_checks_as_the_instructor_scores_it(tmp_path: Path) -> None:
    _, read = edition_of("practice", tmp_path)
    for original, back in zip(BANK, read, strict=True):
        for case, learner in zip(variants_of(original), variants_of(back), strict=True):
            for answer in _canonical_answers(case):
                assert score(learner, answer).points == pytest.approx(score(case, answer).points), (
                    case.variant,
                    answer,
                )
            key = normalise(case, type_of(case).key_answer(case))
            assert score(learner, key).status == "correct"


def test_an_assessed_exercises_cases_ship_nothing_sealed(tmp_path: Path) -> None:
    text, read = edition_of("assessed", tmp_path)
    for exercise in read:
        for case in variants_of(exercise):
            assert case.practice == PracticeSeal() and case.assessed
    data = json.loads(text)
    assert all(c["practice"]["entries"] == {} for e in data["exercises"] for c in [e, *e.get("cases", [])])
    owner = variant_for(read[1], "fay")
    assert owner.case_facts  # the case's text is there for the learner who has it


def test_a_release_adds_a_salt_for_each_new_case(tmp_path: Path) -> None:
    salts: dict[str, str] = {"97.pick": "ab" * 16}
    edition = plan_edition(REPO, CASES, salts)
    assert set(edition.new_salts) == {salt_name(e, c) for e in BANK for c in variants_of(e)} - {"97.pick"}
    assert salts["97.pick"] == "ab" * 16
    assert "course/data/exercises/97_cases.learner.json" in edition.files
