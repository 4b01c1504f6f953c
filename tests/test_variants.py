"""Per-learner cases: read from the definitions, chosen from the learner's id, stable everywhere."""

from __future__ import annotations

import hashlib
import textwrap
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from course.datafile import DataFileError
from course.exercises.answer_forms import AnswerError
from course.exercises.definitions import load_bank
from course.exercises.type_registry import type_of
from course.exercises.variants import case_order, learner_key, other_variant, variant_for, variants_of
from tests.yaml_tools import load_yaml

CASES = Path(__file__).parent / "fixtures" / "variants"
BANK = load_bank(CASES)


def test_every_case_is_a_whole_definition_with_its_own_key_and_fingerprint() -> None:
    pick = BANK.get("97.pick")
    cases = variants_of(pick)
    assert [c.variant for c in cases] == ["startup", "retailer", "group"]
    assert [c.topology_key for c in cases] == ["full_stack", "centralized", "embedded"]  # type: ignore[attr-defined]
    assert len({c.fingerprint for c in cases}) == 3
    assert {c.id for c in cases} == {"97.pick"} and {c.points for c in cases} == {3.0}
    # the base's fields where the case gives none
    assert cases[1].title == "A retailer starting MLOps" and cases[1].prompt == pick.prompt
    assert cases[1].variants == () and cases[2].hints == pick.hints
    for case in cases:  # each case's own key scores full marks on it, and not on the others
        key = type_of(case).key_answer(case)
        assert type_of(case).score(case, type_of(case).normalise(case, key)).status == "correct"
        for other in (o for o in cases if o is not case):
            try:
                status = type_of(other).score(other, type_of(other).normalise(other, key)).status
            except AnswerError:  # a reason the other case does not have
                status = "rejected"
            assert status != "correct"


def test_the_bank_finds_every_case_by_its_fingerprint_and_walks_them_all() -> None:
    assert [e.id for e in BANK] == ["97.pick", "97.owner", "97.tell"]
    assert len(list(BANK.definitions())) == 9
    for case in BANK.definitions():
        assert BANK.version(case.id, case.fingerprint) is case
    assert [c.variant for c in BANK.variants("97.owner")] == ["startup", "retailer", "group"]
    assert BANK.variant_named("97.owner", "group").case_facts == (  # type: ignore[union-attr]
        ("Working agreement", "Each product's manager signs off its releases."),
    )


def test_an_exercise_without_cases_is_its_only_case_and_keeps_its_fingerprint() -> None:
    shipped = load_bank()
    single = shipped.get("04.letters")
    assert variants_of(single) == (single,) and single.variant == "" and not single.has_variants
    assert "case" not in single.learner_view()
    assert variant_for(single, "alice") is single and other_variant(single, "alice") is None


def rendezvous(group: str, learner: str, cases: list[str]) -> str:
    """The documented rule, written out again: the highest SHA-256 score of (person, group, learner, case) wins."""

    def score(case: str) -> int:
        material = "\x00".join(("mlops-course case", group, learner.strip().casefold(), case)).encode()
        return int.from_bytes(hashlib.sha256(material).digest()[:8], "big")

    return max(cases, key=lambda case: (score(case), [-ord(ch) for ch in case]))


@pytest.mark.parametrize("learner", ["alice", "bob", "carol", "dan", "erin", "fay", "s1234567", "ana.lopez@uni.es"])
def test_the_case_follows_the_documented_rule(learner: str) -> None:
    pick = BANK.get("97.pick")
    assert variant_for(pick, learner).variant == rendezvous("97.pick", learner, ["startup", "retailer", "group"])


def test_the_choice_is_fixed_for_good() -> None:
    """Learners' cases must not move between releases of the kit: these were worked out once, by hand."""
    pick = BANK.get("97.pick")
    assert {name: variant_for(pick, name).variant for name in ("alice", "bob", "carol", "fay")} == {
        "alice": "group",
        "bob": "startup",
        "carol": "group",
        "fay": "retailer",
    }


def test_one_learner_gets_one_case_however_the_id_is_spelled_and_none_without_an_id() -> None:
    pick = BANK.get("97.pick")
    assert variant_for(pick, "Fay") is variant_for(pick, " fay ") is variant_for(pick, "fay")
    assert learner_key("ÅSA") == learner_key("åsa")
    assert variant_for(pick, None) is pick and variant_for(pick, "") is pick


def test_cases_share_out_evenly_and_a_group_gives_one_case_in_each_of_its_exercises() -> None:
    owner, tell, pick = BANK.get("97.owner"), BANK.get("97.tell"), BANK.get("97.pick")
    learners = [f"learner{n:04d}" for n in range(3000)]
    counts = Counter(variant_for(owner, name).variant for name in learners)
    assert set(counts) == {"startup", "retailer", "group"}
    assert all(850 <= count <= 1150 for count in counts.values()), counts
    assert all(variant_for(owner, name).variant == variant_for(tell, name).variant for name in learners)
    differs = sum(variant_for(owner, name).variant != variant_for(pick, name).variant for name in learners)
    assert differs > 1500  # another exercise (not in the group) draws its own case


def test_adding_a_case_moves_only_the_learners_it_wins() -> None:
    owner = BANK.get("97.owner")
    extra = replace(owner.variants[0], variant="fourth", case_name="A fourth company")
    grown = replace(owner, variants=(*owner.variants, extra))
    learners = [f"learner{n:04d}" for n in range(2000)]
    moved = [name for name in learners if variant_for(grown, name).variant != variant_for(owner, name).variant]
    assert all(variant_for(grown, name).variant == "fourth" for name in moved)
    assert 400 <= len(moved) <= 600  # about one in four


def test_the_next_case_to_practise_on_comes_round_in_the_learners_own_order() -> None:
    pick = BANK.get("97.pick")
    order = [c.variant for c in case_order(pick, "alice")]
    assert order[0] == variant_for(pick, "alice").variant
    first = other_variant(pick, "alice", [])
    assert first is not None and first.variant == order[1]
    second = other_variant(pick, "alice", [order[1]])
    assert second is not None and second.variant == order[2]
    # Every case seen: the one seen longest ago that was not just shown.
    again = other_variant(pick, "alice", [order[0], order[1], order[2]])
    assert again is not None and again.variant == order[0]
    again = other_variant(pick, "alice", [order[2], order[0], order[1]])
    assert again is not None and again.variant == order[2]


def write(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "96_bad.yaml"
    path.write_text('notebook: "96"\ntitle: Bad\nexercises:\n' + textwrap.indent(textwrap.dedent(body), "  "))
    return path


BASE = """\
- id: 96.one
  type: single_choice
  level: apply
  title: One
  prompt: Pick one.
  section: S
  points: 1
  hints: [Think.]
  answer: a
  choices:
    - {id: a, text: A, feedback: Right.}
    - {id: b, text: B, misconception: M, feedback: Wrong.}
"""


@pytest.mark.parametrize(
    ("extra", "where", "says"),
    [
        ("  case: {id: one, name: One}\n", "exercises[0].case", "needs other cases"),
        (
            "  variants:\n    - case: {id: two, name: Two}\n      answer: b\n",
            "exercises[0].case",
            "an exercise with variants is a case too",
        ),
        (
            "  case: {id: one, name: One}\n  variants:\n    - answer: b\n",
            "exercises[0].variants[0].case",
            "each variant is a case",
        ),
        (
            "  case: {id: one, name: One}\n  variants:\n    - case: {id: two, name: Two}\n      points: 2\n",
            "exercises[0].variants[0].points",
            "not a known field",
        ),
        (
            "  case: {id: one, name: One}\n  variants:\n    - case: {id: one, name: Two}\n",
            "exercises[0].variants[0].case.id",
            "duplicate case id",
        ),
        (
            "  case: {id: one, name: One}\n  variants:\n    - case: {id: two, name: One}\n",
            "exercises[0].variants[0].case.name",
            "the same name",
        ),
        (
            "  case: {id: One Case, name: One}\n  variants:\n    - case: {id: two, name: Two}\n",
            "exercises[0].case.id",
            "lowercase words",
        ),
        (
            "  case: {id: one, name: One}\n  variants:\n    - case: {id: two, name: Two}\n      answer: c\n",
            "exercises[0].variants[0].answer",
            "not among the choices",
        ),
        ("  case_group: g\n", "exercises[0].case_group", "only an exercise with `variants:`"),
    ],
)
def test_a_case_written_wrong_is_an_error_naming_where(tmp_path: Path, extra: str, where: str, says: str) -> None:
    with pytest.raises(DataFileError) as caught:
        load_bank(write(tmp_path, BASE + extra))
    assert caught.value.field == where and says in caught.value.problem


def test_exercises_of_one_group_need_the_same_cases(tmp_path: Path) -> None:
    first = BASE + "  case_group: g\n  case: {id: one, name: One}\n  variants:\n    - case: {id: two, name: Two}\n"
    second = first.replace("96.one", "96.two").replace("{id: two, name: Two}", "{id: three, name: Three}")
    with pytest.raises(DataFileError) as caught:
        load_bank(write(tmp_path, first + second))
    assert caught.value.field == "exercises[1].case_group" and "96.one has one, two" in caught.value.problem


def test_the_schema_takes_a_case_and_refuses_a_variant_changing_the_points() -> None:
    import jsonschema

    from course.authoring.schema import exercise_schema

    generated = exercise_schema()
    validator = jsonschema.validators.validator_for(generated)(generated)  # the schema is checked in test_schema
    data = load_yaml((CASES / "97_cases.yaml").read_text(encoding="utf-8"))
    validator.validate(data)
    data["exercises"][0]["variants"][0]["points"] = 5
    with pytest.raises(jsonschema.ValidationError, match="points"):
        validator.validate(data)
