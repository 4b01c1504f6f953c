"""Grading exercises with cases: each learner on their own case, copies found out."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import nbformat
import pytest

from course.exercises.answers import normalise
from course.exercises.definitions import load_bank
from course.exercises.records import bundle, make_record
from course.exercises.type_registry import type_of
from course.exercises.variants import variant_for
from tests.grading_tools import case_notebook, read_csv, run_grade, write

CASES = Path(__file__).parent / "fixtures" / "variants"
BANK = load_bank(CASES)
CASE_OF = {name: variant_for(BANK.get("97.pick"), name).variant for name in ("alice", "bob", "fay", "dan")}


def key(exercise_id: str, case: str) -> Any:
    exercise = BANK.variant_named(exercise_id, case)
    return type_of(exercise).key_answer(exercise)


def notebook(answers: dict[str, Any], learner: str | None, cases: dict[str, str] | None = None, **record: Any):
    """A saved 97_cases notebook whose records answer `learner`'s own case of each exercise (or `cases`)."""
    return case_notebook(BANK, answers, learner, cases, **record)


@pytest.fixture
def graded(tmp_path, capsys):
    def grade(submissions: dict[str, Any], definitions: Path = CASES) -> tuple[dict[str, dict], list[dict]]:
        root = tmp_path / "submissions"
        for learner, nb in submissions.items():
            write(root / learner / "97_cases.ipynb", nb)
        status, _, err = run_grade(capsys, str(root), "--key", str(definitions), "--out", str(tmp_path / "out"))
        assert status in (0, 1), err
        scores = {(r["learner"], r["exercise"]): r for r in read_csv(tmp_path / "out" / "scores.csv")}
        return scores, read_csv(tmp_path / "out" / "integrity.csv")

    return grade


def test_each_learner_is_graded_on_their_own_case(graded) -> None:
    assert CASE_OF["alice"] != CASE_OF["bob"]
    scores, integrity = graded(
        {
            "alice": notebook({"97.pick": key("97.pick", CASE_OF["alice"])}, "alice"),
            "bob": notebook({"97.pick": key("97.pick", CASE_OF["bob"])}, "bob"),
        }
    )
    for learner in ("alice", "bob"):
        row = scores[(learner, "97.pick")]
        assert (row["points"], row["status"], row["case"]) == ("3", "correct", CASE_OF[learner])
    assert scores[("alice", "97.owner")]["case"] == variant_for(BANK.get("97.owner"), "alice").variant  # unanswered
    assert integrity == []


def test_a_copied_notebook_scores_what_its_answers_deserve_on_the_copiers_case(graded) -> None:
    copied = notebook({"97.pick": key("97.pick", CASE_OF["alice"])}, "alice")
    assert CASE_OF["fay"] != CASE_OF["alice"]
    scores, integrity = graded({"alice": copied, "fay": copied})
    fay_case = BANK.variant_named("97.pick", CASE_OF["fay"])
    deserved = type_of(fay_case).score(fay_case, normalise(fay_case, key("97.pick", CASE_OF["alice"]))).points
    row = scores[("fay", "97.pick")]
    assert float(row["points"]) == pytest.approx(deserved) and deserved < 3
    assert row["case"] == CASE_OF["fay"] and "not the learner's own" in row["note"]
    fay = {(f["finding"], f["detail"].split(":")[0]) for f in integrity if f["learner"] == "fay"}
    assert ("case not the learner's", "97.pick") in fay
    assert ("answer fits another case", "97.pick") in fay
    assert any(f["finding"] == "recorded id differs" and f["learner"] == "fay" for f in integrity)
    assert any(f["finding"] == "identical files" for f in integrity)
    assert scores[("alice", "97.pick")]["points"] == "3"
    assert not any(f["learner"] == "alice" and f["finding"] == "case not the learner's" for f in integrity)


def test_answers_typed_in_from_a_classmates_case_are_found(graded) -> None:
    """Dan gives Alice's answer to his own case: his record is his own, but the answer is Alice's case's key."""
    alice_key = key("97.pick", CASE_OF["alice"])
    scores, integrity = graded(
        {"alice": notebook({"97.pick": alice_key}, "alice"), "dan": notebook({"97.pick": alice_key}, "dan")}
    )
    assert scores[("dan", "97.pick")]["case"] == CASE_OF["dan"] and scores[("dan", "97.pick")]["status"] != "correct"
    across = [f for f in integrity if f["finding"] == "identical answers to different cases"]
    assert len(across) == 1
    assert {across[0]["learner"], across[0]["other_learners"]} == {"alice", "dan"}
    assert f"it is right only for alice ({CASE_OF['alice']})" in across[0]["detail"]
    assert any(f["finding"] == "answer fits another case" and f["learner"] == "dan" for f in integrity)
    assert not any(f["finding"] == "case not the learner's" for f in integrity)


def test_a_single_pick_shared_across_cases_is_not_flagged(graded) -> None:
    """The same option picked by learners with different cases happens by chance: only detailed answers count."""
    assert variant_for(BANK.get("97.owner"), "alice").variant != variant_for(BANK.get("97.owner"), "fay").variant
    _, integrity = graded(
        {"alice": notebook({"97.owner": "mle"}, "alice"), "fay": notebook({"97.owner": "mle"}, "fay")}
    )
    assert not any(f["finding"] == "identical answers to different cases" for f in integrity)


def test_a_record_naming_another_case_than_its_fingerprint_is_graded_on_the_learners_case(graded) -> None:
    forged = notebook({"97.pick": key("97.pick", CASE_OF["bob"])}, "bob", variant="retailer")
    scores, integrity = graded({"bob": forged})
    assert scores[("bob", "97.pick")]["points"] == "3"  # the fingerprint is bob's case: graded there
    assert "names case retailer" in scores[("bob", "97.pick")]["note"]
    assert [f["finding"] for f in integrity] == ["case not the learner's"]


def test_a_record_from_before_the_exercise_had_cases_is_graded_against_the_base_as_it_was(graded, tmp_path) -> None:
    """Format 2 records were written when everyone saw the base case: no finding, graded on that version."""
    definitions = tmp_path / "definitions"
    shutil.copytree(CASES, definitions)
    text = (CASES / "97_cases.yaml").read_text(encoding="utf-8")
    archived = text.split("    variants:", 1)[0].replace(
        '    case: {id: startup, name: "Ravel, a six-person startup"}\n', ""
    )
    (definitions / "archive").mkdir()
    (definitions / "archive" / "97_cases.yaml").write_text(archived, encoding="utf-8")
    before = load_bank(definitions / "archive").get("97.pick")
    assert not before.variant
    nb = nbformat.v4.new_notebook()
    made = make_record(before, normalise(before, key("97.pick", "startup")), attempts=1, revision=1, learner="alice")
    made.pop("variant")
    made["version"] = 2
    cell = nbformat.v4.new_code_cell('course.exercise("97.pick")')
    cell.outputs.append(nbformat.v4.new_output("display_data", data=bundle(before, made)))
    nb.cells.append(cell)
    assert CASE_OF["alice"] != "startup"
    scores, integrity = graded({"alice": nb}, definitions)
    row = scores[("alice", "97.pick")]
    assert row["points"] == "3" and "before the exercise had cases" in row["note"]
    assert integrity == []


def test_the_report_compares_the_cases_and_flags_one_much_harder(graded, tmp_path) -> None:
    learners = [f"s{n:03d}" for n in range(30)]
    cases = {name: variant_for(BANK.get("97.pick"), name).variant for name in learners}
    assert min(list(cases.values()).count(c) for c in ("startup", "retailer", "group")) >= 5
    wrong = {"topology": "embedded", "reasons": ["one_team"]}  # wrong for the retailer
    graded(
        {
            name: notebook({"97.pick": wrong if cases[name] == "retailer" else key("97.pick", cases[name])}, name)
            for name in learners
        }
    )
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<h2>Cases compared</h2>" in report
    rows = re.findall(r'<tr><td>97\.pick</td><td>([^<]+) <span class="case-id">\((\w+)\)</span></td>(.*?)</tr>', report)
    found = {case: cells for _, case, cells in rows}
    assert set(found) == {"startup", "retailer", "group"}
    assert "much harder" in found["retailer"] and "3 of 3" not in found["retailer"]
    assert "much" not in found["startup"] and "100.0%" in found["startup"]  # right at the first check
    assert "97.pick · case Harbour, a retailer starting MLOps" in report  # choices at first check, per case


def test_the_report_flags_a_case_much_easier_than_its_siblings(graded, tmp_path) -> None:
    learners = [f"s{n:03d}" for n in range(30)]
    cases = {name: variant_for(BANK.get("97.pick"), name).variant for name in learners}
    wrong = key("97.pick", "startup")  # scores nothing in either other case
    assert min(list(cases.values()).count(c) for c in ("startup", "retailer", "group")) >= 5
    graded({name: notebook({"97.pick": wrong}, name) for name in learners})
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    rows = re.findall(r'<tr><td>97\.pick</td><td>([^<]+) <span class="case-id">\((\w+)\)</span></td>(.*?)</tr>', report)
    found = {case: cells for _, case, cells in rows}
    assert "much easier" in found["startup"] and "100.0%" in found["startup"]
    for case in ("retailer", "group"):  # at the median of the three: not flagged
        assert "much" not in found[case] and "0.0%" in found[case]


def test_cases_practised_beside_the_answer_are_never_graded(graded) -> None:
    other = BANK.variant_named("97.pick", CASE_OF["bob"])
    beside = [
        {"variant": other.variant, "fingerprint": other.fingerprint, "answer": {"topology": "embedded"}, "attempts": 2}
    ]
    alice = notebook({"97.pick": key("97.pick", CASE_OF["alice"])}, "alice", practice_cases=beside)
    damaged = notebook({"97.pick": key("97.pick", CASE_OF["fay"])}, "fay", practice_cases=[{"variant": 3}, "junk"])
    scores, integrity = graded({"alice": alice, "fay": damaged})
    assert scores[("alice", "97.pick")]["points"] == "3" and scores[("alice", "97.pick")]["case"] == CASE_OF["alice"]
    assert scores[("fay", "97.pick")]["points"] == "3"  # a damaged practice case costs nothing
    assert integrity == []


def test_an_answer_recorded_without_a_learner_id_is_graded_on_the_case_it_was_shown(graded) -> None:
    """A kernel without an id shows the first case: the grader grades that answer on it, and says so."""
    assert CASE_OF["fay"] != "startup"
    scores, integrity = graded({"fay": notebook({"97.pick": key("97.pick", "startup")}, None)})
    row = scores[("fay", "97.pick")]
    assert (row["points"], row["case"]) == ("3", "startup") and "without a learner id" in row["note"]
    assert [f["finding"] for f in integrity] == ["case shown without a learner id"]


def test_an_answer_to_another_case_that_does_not_fit_scores_nothing_and_is_no_file_error(graded, tmp_path) -> None:
    owner = BANK.get("97.owner")
    assert variant_for(owner, "carol").variant == "group" and variant_for(owner, "bob").variant == "startup"
    copied = notebook({"97.owner": "manager"}, "carol")  # an option only the group's case has
    scores, integrity = graded({"bob": copied})
    assert (scores[("bob", "97.owner")]["status"], scores[("bob", "97.owner")]["points"]) == ("rejected", "0")
    errors = read_csv(tmp_path / "out" / "errors.csv")
    assert not [e for e in errors if e["kind"] == "error"]
    assert any(f["finding"] == "case not the learner's" for f in integrity)
