"""A record's own fields must agree with each other: `first_checked`, `attempts` and `history` are
written together by the session, so a record whose fields contradict each other was made by hand.
Such a record is graded on its final answer under `final` only (no first-check credit, no
penalty) and named in integrity.csv; a record the session could have written is graded as before.
"""

from __future__ import annotations

import pytest

from course.exercises.definitions import load_bank
from course.exercises.records import MIME_TYPE, inconsistency, parse_record
from tests.grading_tools import FIXTURES, read_csv, run_grade, submission, write

RIGHT, WRONG = "mlops", "ds"


def record_fields(**fields):
    """A version 2 record of 99.single whose answer is wrong, with the attempt fields given."""
    bank = load_bank(FIXTURES)
    nb = submission(bank, {"99.single": WRONG})
    record = nb.cells[1].outputs[0]["data"][MIME_TYPE]
    record.update(fields)
    return nb, record


def graded(tmp_path, capsys, fields, policy):
    nb, _ = record_fields(**fields)
    write(tmp_path / "subs" / "ada" / "99_demo.ipynb", nb)
    out = tmp_path / f"out-{policy.replace(':', '-')}"
    status, _, err = run_grade(
        capsys, str(tmp_path / "subs"), "--out", str(out), "--key", str(FIXTURES), "--policy", policy
    )
    assert status == 0, err
    row = next(r for r in read_csv(out / "scores.csv") if r["exercise"] == "99.single")
    found = [f for f in read_csv(out / "integrity.csv") if f["finding"] == "inconsistent record"]
    return row, found


FORGED = {
    # the case: one attempt, four alternating checked answers, the first check already right
    "one attempt, four checked answers": dict(attempts=1, first_checked=RIGHT, history=[RIGHT, WRONG, RIGHT, WRONG]),
    "first check is not the first in a full history": dict(attempts=2, first_checked=RIGHT, history=[WRONG, RIGHT]),
    "a first check but no attempt": dict(attempts=0, first_checked=RIGHT, history=[]),
    "a history but no first check": dict(attempts=2, first_checked=None, history=[WRONG, RIGHT]),
    "the same answer checked twice in a row": dict(attempts=3, first_checked=RIGHT, history=[RIGHT, RIGHT, WRONG]),
    "more checked answers than changes": dict(
        attempts=3, revision=1, first_checked=RIGHT, history=[RIGHT, WRONG, RIGHT]
    ),
}


@pytest.mark.parametrize("case", FORGED)
def test_a_forged_record_is_graded_on_its_final_answer_and_reported(tmp_path, capsys, case):
    row, found = graded(tmp_path, capsys, {"revision": 4, **FORGED[case]}, "first")
    assert row["points"] == "0"  # the final answer is wrong: no credit for a forged first check
    assert "final" in row["note"]
    (finding,) = found
    assert finding["learner"] == "ada" and finding["file"].endswith("ada/99_demo.ipynb")
    assert "99.single" in finding["detail"]


def test_a_forged_record_is_not_penalised_for_its_attempts_either(tmp_path, capsys):
    fields = dict(answer=RIGHT, attempts=1, revision=4, first_checked=WRONG, history=[WRONG, RIGHT, WRONG, RIGHT])
    row, found = graded(tmp_path, capsys, fields, "penalty:0.5")
    assert row["points"] == "1" and len(found) == 1


@pytest.mark.parametrize(
    "fields",
    [
        dict(attempts=2, revision=3, first_checked=RIGHT, history=[RIGHT, WRONG]),  # right first, then changed
        dict(attempts=7, revision=9, first_checked=RIGHT, history=[WRONG, RIGHT, WRONG, RIGHT, WRONG]),  # history cut
        dict(attempts=3, revision=3, first_checked=None, history=[]),  # carried over from a version 1 record
        dict(attempts=4, revision=5, first_checked=RIGHT, history=[WRONG]),  # older checks kept in the journal only
        dict(attempts=0, revision=1, first_checked=None, history=[]),  # never checked
    ],
)
def test_a_record_the_session_can_write_is_graded_by_the_policy(tmp_path, capsys, fields):
    row, found = graded(tmp_path, capsys, fields, "first")
    assert found == []
    expected = "1" if fields["first_checked"] == RIGHT else "0"
    assert row["points"] == expected


def test_the_check_names_what_contradicts():
    _, record = record_fields(attempts=1, revision=4, first_checked=RIGHT, history=[RIGHT, WRONG, RIGHT, WRONG])
    assert "4 checked answers" in inconsistency(parse_record(record))
    _, record = record_fields(attempts=2, revision=4, first_checked=RIGHT, history=[WRONG, RIGHT])
    assert "first" in inconsistency(parse_record(record))
    _, record = record_fields(attempts=2, revision=4, first_checked=WRONG, history=[WRONG, RIGHT])
    assert inconsistency(parse_record(record)) is None
