"""A Check reveals no more than it teaches.

Every blind strategy a type offers (its blind answers handed in as they are, and adaptive searches
that read each check's feedback as a determined learner would) is played against the learner
edition's practice check of every shipped practice exercise, in the order shown and in other orders
(`course.authoring.blind_report`). None may reach full marks within two checks in every order. The same
strategies against the check as it was before (every part marked, the points shown) find most
multiple selects in one check: the walk can tell the difference.

Then what one check shows: a blind answer is never judged part by part for the whole item; the
instructor's copy and the learner edition show the same check; a genuine attempt with one wrong part
still gets that part's feedback and misconception, and a mostly right answer is judged part by part.
"""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from course.authoring import blind_report
from course.authoring.blind_report import SOLVABLE, learner_view, play, play_bank
from course.datafile import DataFileError
from course.exercises.answer_forms import AnswerError
from course.exercises.answers import normalise
from course.exercises.blind_play import Check
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_bank
from course.exercises.disclosure import NOT_JUDGED
from course.exercises.model import Exercise
from course.exercises.scoring import practice_check, score
from course.exercises.status import Status
from course.exercises.type_registry import all_types, type_of

FIXTURES = Path(__file__).parent / "fixtures" / "exercises"
SHIPPED = load_bank(DEFAULT_DEFINITIONS_DIR)
EXERCISES = [e for e in [*SHIPPED, *load_bank(FIXTURES)] if type_of(e).scored]
IDS = [e.id for e in EXERCISES]


def practiced(exercise: Exercise) -> Exercise:
    """The exercise as a practice exercise, the instructor's copy (the fixtures hold assessed ones too)."""
    return replace(exercise, mode="practice")


def answer_parts(exercise: Exercise, answer: Any) -> int:
    """How many parts of an answer the full score marks (values the learner gave)."""
    return sum(p.given is not None for p in score(exercise, answer).parts)


@pytest.fixture(scope="module")
def outcomes() -> list[blind_report.Outcome]:
    return play_bank(SHIPPED)


# --- blind play -----------------------------------------------------------------------------------------------


def test_no_practice_exercise_is_solvable_blind_in_two_checks(outcomes):
    solvable = [f"{o.exercise}: '{o.strategy}' in {o.worst} checks in every order" for o in outcomes if o.solvable]
    assert not solvable, "\n".join(solvable)
    played = {o.exercise for o in outcomes}
    assert played == {e.id for e in SHIPPED if type_of(e).scored and not e.assessed}


def test_blind_play_still_gets_there_in_the_end(outcomes):
    """The strategies are real searches, not straw men: each practice exercise is brought to full marks by one
    of them in every order tried (with `final` grading, persistence alone still wins: see the grading guide)."""
    by_exercise: dict[str, list[blind_report.Outcome]] = {}
    for outcome in outcomes:
        by_exercise.setdefault(outcome.exercise, []).append(outcome)
    stuck = [e for e, runs in by_exercise.items() if all(r.worst is None for r in runs)]
    assert not stuck


def old_check(exercise: Exercise) -> Check:
    """The Check as it was: the sealed score itself, every part marked and the points shown."""
    return lambda answer: score(exercise, normalise(exercise, answer))


def test_the_walk_finds_what_the_old_check_gave_away():
    """Against the old check, ticking every option solved every multiple select in one check, and one
    letter per check solved any RACI grid: the walk must see that, or it proves nothing."""
    solvable = {}
    for exercise in SHIPPED:
        if exercise.assessed or not type_of(exercise).scored:
            continue
        found = play(exercise, old_check, orders=3)
        solvable[exercise.id] = min((o.worst for o in found if o.worst is not None), default=None)
    multiple = [  # the exercises a learner can answer by ticking every option: the old check marked each tick
        e.id
        for e in SHIPPED
        if not e.assessed and any(s.name.startswith("tick every option") for s in type_of(e).blind_strategies(e))
    ]
    assert multiple and all(solvable[e] == 1 for e in multiple), {e: solvable[e] for e in multiple}
    assert sum(1 for v in solvable.values() if v is not None and v <= SOLVABLE) >= 10


def test_the_instructors_copy_and_the_edition_play_alike():
    for exercise in SHIPPED:
        if exercise.assessed or not type_of(exercise).scored:
            continue
        sealed = play(exercise, orders=2)
        instructors = blind_report.practice_checks(practiced(exercise))
        plain = play(exercise, lambda _learner, check=instructors: check, orders=0)
        assert [(o.strategy, o.shown) for o in plain] == [(o.strategy, o.shown) for o in sealed[: len(plain)]]


def test_blind_strategies_need_nothing_a_learner_cannot_see():
    for exercise in EXERCISES:
        exercise_type = type_of(exercise)
        names = [s.name for s in exercise_type.blind_strategies(practiced(exercise))]
        assert names == [s.name for s in exercise_type.blind_strategies(learner_view(exercise))]


def test_every_scored_type_plays_adaptively():
    """A type whose strategies are only its fixed blind answers would make the walk a formality."""
    for exercise_type in all_types():
        if not exercise_type.scored:
            continue
        exercise = next(e for e in EXERCISES if e.type == exercise_type.name)
        fixed = len(exercise_type.blind_answers(exercise))
        assert len(exercise_type.blind_strategies(exercise)) > fixed, exercise_type.name


def test_the_report_prints_the_table_and_the_figures(capsys):
    assert blind_report.main(["--orders", "1"]) == 0
    printed = capsys.readouterr().out
    for heading in [*blind_report.HEADER, *blind_report.FIGURES_HEADER]:
        assert heading in printed
    assert "tick every option" in printed and "\nall " in printed
    assert blind_report.main(["--orders", "0", "--markdown"]) == 0
    assert "| exercise | strategy |" in capsys.readouterr().out


# --- what one check shows -------------------------------------------------------------------------------------


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_no_blind_answer_is_judged_part_by_part_for_the_whole_item(exercise):
    exercise = practiced(exercise)
    for blind in type_of(exercise).blind_answers(exercise):
        answer = normalise(exercise, blind.answer)
        shown = practice_check(exercise, answer)
        if shown.status == Status.CORRECT or answer_parts(exercise, answer) <= 2:
            continue  # the blind answer is the key (luck), or it commits to one choice per part (a topology, a reason)
        judged = [p for p in shown.parts if p.given is not None]
        assert len(judged) < answer_parts(exercise, answer), (blind.strategy, [p.label for p in judged])


def near_blind(exercise: Exercise) -> list[Any]:
    """Answers a step away from the blind shapes: all options but one, one category for all items but one,
    two letters in turn in every row."""
    exercise_type = type_of(exercise)
    found = []
    for blind in exercise_type.blind_answers(exercise):
        raw = blind.answer
        if isinstance(raw, list) and len(raw) > 2:
            found.append(raw[:-1])
        if isinstance(raw, dict) and len(raw) > 2 and all(isinstance(v, str) for v in raw.values()):
            first = next(iter(raw))
            other = next((v for v in {*raw.values()} if v != raw[first]), None)
            categories = [c for c in getattr(exercise, "categories", ()) if c.id != raw[first]]
            if other is None and categories:
                found.append({**raw, first: categories[0].id})
        if isinstance(raw, dict) and all(isinstance(v, dict) for v in raw.values()):
            found.append(
                {a: {r: "RC"[n % 2] for n, r in enumerate(row)} for a, row in raw.items()}  # R, C, R, C, ...
            )
    return found


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_near_blind_answers_are_not_judged_part_by_part_either(exercise):
    exercise = practiced(exercise)
    for raw in near_blind(exercise):
        try:
            answer = normalise(exercise, raw)
        except AnswerError:
            continue
        shown = practice_check(exercise, answer)
        full = score(exercise, answer)
        share = type_of(exercise).judging_of(exercise).judge_all_from
        if shown.status == Status.CORRECT or answer_parts(exercise, answer) <= 2:
            continue
        if share is not None and full.points >= share * full.max_points:
            continue  # mostly right by luck: judged like any mostly right answer
        judged = [p for p in shown.parts if p.given is not None]
        assert len(judged) <= type_of(exercise).judging_of(exercise).explained, (raw, [p.label for p in judged])


def same(check: Any) -> Any:
    return (
        check.status,
        round(check.points, 6),
        check.summary,
        [(p.label, p.correct, round(p.points, 6), p.feedback, p.explanation, p.misconception) for p in check.parts],
    )


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_the_instructors_copy_and_the_edition_show_the_same_check(exercise):
    exercise = practiced(exercise)
    learner = learner_view(exercise)
    rng = random.Random(exercise.id)
    compared = 0
    for raw in type_of(exercise).sample_answers(exercise, rng):
        try:
            answer = normalise(exercise, raw)
        except AnswerError:
            continue
        if answer is None:
            continue
        assert same(practice_check(learner, answer)) == same(practice_check(exercise, answer)), answer
        compared += 1
    assert compared >= 2


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_a_genuine_attempt_with_one_wrong_part_gets_its_feedback(exercise):
    """The key with one part wrong (each wrong option, placement, cell or slip the definition words): the Check
    shows that part's own feedback and its misconception, as the graded feedback does."""
    exercise = practiced(exercise)
    for wrong in type_of(exercise).wrong_answers(exercise):
        shown = practice_check(learner_view(exercise), normalise(exercise, wrong.answer))
        assert shown.status != Status.CORRECT and NOT_JUDGED not in shown.summary, wrong.where
        marked = [p for p in shown.parts if not p.correct and p.feedback.strip()]
        assert marked, wrong.where
        if wrong.feedback:
            assert any(p.feedback == wrong.feedback for p in marked), wrong.where
        if wrong.misconception:
            assert wrong.misconception in [p.misconception for p in shown.parts], wrong.where


@pytest.mark.parametrize("exercise", EXERCISES, ids=IDS)
def test_a_mostly_right_answer_is_judged_part_by_part(exercise):
    """Where a check gives counts, an answer with half its points or more has every part marked."""
    exercise = practiced(exercise)
    exercise_type = type_of(exercise)
    share = exercise_type.judging_of(exercise).judge_all_from
    if share is None:
        return
    for wrong in exercise_type.wrong_answers(exercise):
        answer = normalise(exercise, wrong.answer)
        full = score(exercise, answer)
        shown = practice_check(exercise, answer)
        if full.points < share * full.max_points or NOT_JUDGED in shown.summary:
            continue
        marked = {p.label: p.correct for p in shown.parts}
        for part in full.parts:
            if part.given is not None and part.label in marked:
                assert marked[part.label] == part.correct, (wrong.where, part.label)
        assert (
            len([p for p in shown.parts if p.given is not None])
            >= len([p for p in full.parts if p.given is not None and not p.feedback.startswith("This row breaks")]) - 1
        ), wrong.where


def test_a_right_answer_is_confirmed_in_full():
    for exercise in EXERCISES:
        exercise = practiced(exercise)
        key = normalise(exercise, type_of(exercise).key_answer(exercise))
        for definition in (exercise, learner_view(exercise)):
            shown = practice_check(definition, key)
            assert shown.status == Status.CORRECT and shown.points == exercise.points, exercise.id


def test_the_key_is_never_a_shape_the_check_refuses_to_judge(tmp_path):
    for exercise in EXERCISES:
        exercise_type = type_of(exercise)
        assert exercise_type.unjudgeable(exercise, normalise(exercise, exercise_type.key_answer(exercise))) is None
    # ... and a definition whose key has such a shape is refused when it is loaded.
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: 99.match")
    end = text.index("\n  - id: ", start + 1)
    block = text[start:end]
    uniform = block.replace("answer: mle,", "answer: ds,").replace("answer: [mlops]", "answer: [ds]")
    assert uniform.count("answer: ds") + uniform.count("answer: [ds]") == 3
    (tmp_path / "99_demo.yaml").write_text(text.replace(block, uniform), encoding="utf-8")
    with pytest.raises(DataFileError, match="cannot be judged"):
        load_bank(tmp_path)


def test_no_case_of_a_practice_exercise_is_solvable_blind_in_two_checks():
    """An exercise with cases shows each learner one of them: every case is played, not only the first."""
    cases = [v for e in SHIPPED for v in SHIPPED.variants(e.id) if v.variant != e.variant and not v.assessed]
    assert cases, "the shipped practice exercises have no other cases to play"
    solvable = [f"{v.id} ({v.variant}): {o.strategy}" for v in cases for o in play(v, orders=6) if o.solvable]
    assert not solvable, "\n".join(solvable)
