"""Answer records: what a session writes parses back; malformed records are rejected
with a RecordError that says which field is wrong."""

from __future__ import annotations

import copy

import pytest

from course.exercises.records import (
    HISTORY_LIMIT,
    MIME_TYPE,
    RECORD_FORMAT,
    RecordError,
    bundle,
    make_record,
    parse_record,
)


@pytest.fixture
def record(demo_bank):
    return make_record(
        demo_bank.get("99.raci"),
        {"Model training code": {"Data Scientist": "R"}},
        attempts=2,
        revision=5,
        learner="ada",
    )


def test_a_made_record_parses_back(record, demo_bank):
    parsed = parse_record(record)
    assert (parsed.exercise, parsed.type, parsed.attempts, parsed.revision, parsed.learner) == (
        "99.raci",
        "raci_grid",
        2,
        5,
        "ada",
    )
    assert parsed.fingerprint == demo_bank.get("99.raci").fingerprint
    assert parsed.answer == {"Model training code": {"Data Scientist": "R"}}
    assert set(record) == {
        "format",
        "version",
        "exercise",
        "fingerprint",
        "type",
        "learner",
        "answer",
        "attempts",
        "revision",
        "first_checked",
        "history",
        "variant",
    }
    assert record["variant"] is None  # an exercise without cases


def test_a_version_1_record_still_reads_with_no_first_checked_answer(record):
    old = {k: v for k, v in record.items() if k not in ("first_checked", "history")}
    old["version"] = 1
    parsed = parse_record(old)
    assert (parsed.version, parsed.first_checked, parsed.history, parsed.attempts) == (1, None, (), 2)
    assert parsed.answer == record["answer"]


def test_a_record_carries_its_first_checked_answer_and_history(demo_bank):
    first = {"Model training code": {"Data Scientist": "A"}}
    final = {"Model training code": {"Data Scientist": "R"}}
    made = make_record(
        demo_bank.get("99.raci"),
        final,
        attempts=2,
        revision=4,
        learner=None,
        first_checked=first,
        history=[first, final],
    )
    parsed = parse_record(made)
    assert (parsed.version, parsed.first_checked, parsed.history) == (3, first, (first, final))


def test_the_history_a_record_keeps_is_bounded(demo_bank):
    answers = [{"Model training code": {"Data Scientist": letter}} for letter in "RACIRACI"]
    made = make_record(demo_bank.get("99.raci"), answers[-1], attempts=8, revision=9, learner=None, history=answers)
    assert made["history"] == answers[-HISTORY_LIMIT:]
    assert parse_record(made).history == tuple(answers[-HISTORY_LIMIT:])


def test_a_bundle_carries_the_record_and_a_readable_line(record, demo_bank):
    data = bundle(demo_bank.get("99.raci"), record)
    assert data[MIME_TYPE] is record
    assert data["text/plain"] == (
        "Answer recorded for 99.raci: 1 of 2 activities, checked 2 times. Save the notebook (Ctrl+S) to keep it in the file."
    )


def _without(name):
    def change(data):
        del data[name]

    return change


def _with(name, value):
    def change(data):
        data[name] = value

    return change


REJECTED = [
    (_with("format", "jupyterquiz"), r"not an answer record of this course"),
    (_without("format"), r"not an answer record of this course"),
    (_with("version", 4), r"version '4' is not supported"),
    (_with("history", [1, 2, 3, 4, 5, 6]), r"field 'history' must be a list of at most 5"),
    (_with("history", "x"), r"field 'history' must be a list"),
    (_with("version", 0), r"version '0' is not supported"),
    (_with("version", "1"), r"version '1' is not supported"),
    (_with("version", True), r"version 'True' is not supported"),
    (_without("exercise"), r"field 'exercise' must be a short text, found NoneType"),
    (_with("exercise", ""), r"field 'exercise' must be a short text"),
    (_with("exercise", "9" * 81), r"field 'exercise' must be a short text"),
    (_with("fingerprint", 12), r"field 'fingerprint' must be a short text, found int"),
    (_with("type", None), r"field 'type' must be a short text"),
    (_with("attempts", -1), r"field 'attempts' must be a whole number >= 0, found '-1'"),
    (_with("attempts", 1.5), r"field 'attempts' must be a whole number >= 0, found '1.5'"),
    (_with("revision", True), r"field 'revision' must be a whole number >= 0, found 'True'"),
    (_without("revision"), r"field 'revision' must be a whole number >= 0, found 'None'"),
    (_with("learner", 7), r"field 'learner' must be a short text or null"),
    (_with("learner", "x" * 201), r"field 'learner' must be a short text or null"),
]


@pytest.mark.parametrize(("change", "message"), REJECTED, ids=[r[1][:40] for r in REJECTED])
def test_malformed_records_are_rejected(record, change, message):
    data = copy.deepcopy(record)
    change(data)
    with pytest.raises(RecordError, match=message):
        parse_record(data)


@pytest.mark.parametrize("data", [None, [], "record", 3])
def test_a_record_must_be_an_object(data):
    with pytest.raises(RecordError, match=r"must be a JSON object"):
        parse_record(data)


def test_a_null_learner_and_missing_answer_are_allowed(record):
    data = copy.deepcopy(record)
    data["learner"] = None
    del data["answer"]
    parsed = parse_record(data)
    assert parsed.learner is None and parsed.answer is None
    assert data["format"] == RECORD_FORMAT


def test_every_record_stored_in_the_solutions_is_in_the_current_format():
    """Stored outputs are what nbval compares: a format change without re-executing solutions/
    fails only the slow run, so the inner loop checks the stored records' version itself."""
    import json

    from course.exercises.records import FORMAT_VERSION
    from course.paths import require_course_root

    root = require_course_root()
    stale = []
    for path in sorted((root / "solutions").glob("*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                stored = output.get("data", {}).get(MIME_TYPE)
                if stored is not None and stored.get("version") != FORMAT_VERSION:
                    stale.append(f"{path.name}: {stored.get('exercise')} v{stored.get('version')}")
    assert not stale, f"re-run `mlops-course release --execute`: {stale}"


def test_a_parsed_record_is_the_record_the_dataclass_builds(record):
    """`parse_record` builds its records without the dataclass's `__init__` (a grader parses tens of
    thousands): each must still be exactly the one the dataclass builds, every field set, and frozen."""
    import dataclasses

    from course.exercises.records import AnswerRecord, PracticeCase

    record = {**record, "first_checked": {"a": "R"}, "history": [{"a": "R"}], "variant": "b", "attempts": 2}
    record["practice_cases"] = [{"variant": "c", "fingerprint": "f" * 12, "answer": "x", "attempts": 1}]
    parsed = parse_record(record)
    built = AnswerRecord(
        exercise="99.raci",
        fingerprint=record["fingerprint"],
        type="raci_grid",
        answer=record["answer"],
        attempts=2,
        revision=5,
        learner="ada",
        first_checked={"a": "R"},
        history=({"a": "R"},),
        version=3,
        variant="b",
        practice_cases=(PracticeCase("c", "f" * 12, "x", 1),),
    )
    assert parsed == built and repr(parsed) == repr(built)
    assert vars(parsed).keys() == {f.name for f in dataclasses.fields(AnswerRecord)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        parsed.answer = "changed"  # type: ignore[misc]
