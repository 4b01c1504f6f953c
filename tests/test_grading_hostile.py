"""Broken and hostile submissions: one clear row each in errors.csv, no traceback, the rest graded."""

from __future__ import annotations

import json
import os
import shutil
import zipfile

import nbformat
import pytest

from course.exercises.definitions import load_bank
from tests.grading_tools import (
    CORPUS,
    FIXTURE_MAX,
    FIXTURES,
    FULL_MARKS,
    learner_points,
    read_csv,
    run_grade,
    submission,
    write,
)

# corpus file -> words its one errors.csv row must contain
CORPUS_PROBLEMS = {
    "empty.ipynb": "is empty",
    "not-json.ipynb": "not valid JSON",
    "not-a-notebook.ipynb": "JSON but not a notebook",
    "old-format.ipynb": "old format",
    "truncated.ipynb": "cut off",
    "deeply-nested.ipynb": "nested far deeper",
    "binary-junk.ipynb": "binary data",
    "renamed-zip.ipynb": "zip archive renamed",
    "wrong-types.ipynb": "does not fit the question",
    "damaged-record.ipynb": "answer record is damaged",
    "unknown-exercise.ipynb": "does not have (99.no-such-exercise)",
    "duplicated-records.ipynb": "2 answer records for 99.single",
}
# built here, too big or too dangerous to commit -> words of their one row
BUILT_PROBLEMS = {
    "huge/99_demo.ipynb": "over the size limit",
    "bomb.zip!/99_demo.ipynb": "zip bomb",
    "slip.zip!/../../escaped.ipynb": "unsafe path",
    "nested.zip!/inner.zip": "zips inside zips",
    "broken.zip": "damaged or not a zip",
    "link/99_demo.ipynb": "outside the submissions folder",
}


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


def build_hostile(root, outside, bank):
    """Files that cannot be committed: a file over the cap, a zip bomb, a zip slip, zip in zip, a link out."""
    write(root / "huge" / "99_demo.ipynb", b"{" + b" " * (2 * 1024 * 1024) + b"}")
    with zipfile.ZipFile(root / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("99_demo.ipynb", b"{" + b" " * (60 * 1024 * 1024) + b"}")
    with zipfile.ZipFile(root / "slip.zip", "w") as z:
        z.writestr("../../escaped.ipynb", nbformat.writes(submission(bank, FULL_MARKS)))
    with zipfile.ZipFile(root / "nested.zip", "w") as z:
        z.writestr("inner.zip", b"PK\x05\x06" + b"\x00" * 18)
    (root / "broken.zip").write_bytes(b"PK\x03\x04 this is not really a zip")
    secret = write(outside / "secret" / "99_demo.ipynb", submission(bank, FULL_MARKS, learner="someone-else"))
    (root / "link").mkdir()
    os.symlink(secret, root / "link" / "99_demo.ipynb")


def test_every_broken_or_hostile_file_gets_one_clear_row_and_the_batch_goes_on(tmp_path, capsys, bank):
    root = tmp_path / "subs"
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "README.md").unlink()
    for path in sorted(corpus.iterdir()):  # single files, credited to the ids recorded in them
        path.rename(root / path.name)
    corpus.rmdir()
    build_hostile(root, tmp_path / "elsewhere", bank)
    write(root / "alice" / "99_demo.ipynb", submission(bank, FULL_MARKS, learner="alice"))
    write(root / "bob" / "99_demo.ipynb", submission(bank, {"99.single": "mlops"}, learner="bob"))

    status, out, err = run_grade(
        capsys, str(root), "--out", str(tmp_path / "out"), "--key", str(FIXTURES), "--max-size", "1"
    )

    assert status == 1
    errors = read_csv(tmp_path / "out" / "errors.csv")
    expected = {f"{root}/{name}": words for name, words in CORPUS_PROBLEMS.items()}
    expected |= {f"{root}/{name}": words for name, words in BUILT_PROBLEMS.items()}
    by_file: dict[str, list[str]] = {}
    for row in errors:
        # notices (a second file for one notebook, several records for one exercise) are not failures
        if row["kind"] == "error" or "answer records for" in row["problem"]:
            by_file.setdefault(row["file"], []).append(row["problem"])
    assert set(by_file) == set(expected)
    for file, words in expected.items():
        assert len(by_file[file]) == 1, (file, by_file[file])
        assert words in by_file[file][0], (file, by_file[file][0])
    for text in (out, err, (tmp_path / "out" / "errors.csv").read_text(encoding="utf-8")):
        assert "Traceback" not in text
    totals = {r["learner"]: float(r["total"]) for r in learner_points(tmp_path / "out").values()}
    assert totals["alice"] == FIXTURE_MAX and totals["bob"] == 1.0
    assert "someone-else" not in totals
    assert not (tmp_path / "escaped.ipynb").exists() and not (tmp_path.parent / "escaped.ipynb").exists()
    # Files with a bad record are still graded for the rest of their answers.
    scores = read_csv(tmp_path / "out" / "scores.csv")
    graded = {r["exercise"]: r["status"] for r in scores if r["learner"] == "wrong-types"}
    assert graded["99.single"] == "rejected" and graded["99.multi"] == "partial"


def test_a_zip_whose_members_add_up_past_the_total_cap_is_stopped(tmp_path, capsys, bank):
    from course.grading.discover import Limits, discover

    archive = tmp_path / "many.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        for i in range(5):
            z.writestr(f"learner{i}/99_demo.ipynb", b" " * 1000)
    found = discover([archive], Limits(max_bytes=2000, max_total=2500))
    assert len(found.sources) == 2
    (problem,) = found.problems
    assert "more than" in problem.problem and "remaining files were not read" in problem.problem


def test_a_zip_member_that_lies_about_its_size_is_still_capped(tmp_path, bank):
    from course.exercises.record_reader import ReadError
    from course.grading.discover import Limits, discover, read_source

    archive = tmp_path / "liar.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as z:
        z.writestr("a/99_demo.ipynb", b"x" * 5000)
    data = bytearray(archive.read_bytes())
    # Declare 10 bytes unpacked (local header and central directory) for a member holding 5000.
    data = data.replace((5000).to_bytes(4, "little") * 2, (5000).to_bytes(4, "little") + (10).to_bytes(4, "little"))
    archive.write_bytes(bytes(data))
    (source,) = discover([archive], Limits(max_bytes=100)).sources
    with pytest.raises(ReadError):
        read_source(source, Limits(max_bytes=100))


@pytest.mark.parametrize("parser", ["orjson", "json"])
def test_both_json_parsers_describe_broken_files_alike(monkeypatch, parser):
    """orjson is used when installed; without it the standard library must give the same verdicts."""
    from course.exercises import record_reader as read

    if parser == "json":
        monkeypatch.setattr(read, "orjson", None)
    elif read.orjson is None:
        pytest.skip("orjson is not installed")
    for name in ("empty", "not-json", "not-a-notebook", "old-format", "truncated", "deeply-nested", "binary-junk"):
        with pytest.raises(read.ReadError) as error:
            read.parse_notebook((CORPUS / f"{name}.ipynb").read_bytes())
        assert CORPUS_PROBLEMS[f"{name}.ipynb"] in error.value.problem, (parser, name)
    good = read.parse_notebook(b"\xef\xbb\xbf" + (CORPUS / "wrong-types.ipynb").read_bytes())
    assert len(read.extract_records(good).records) == 2


def test_a_grader_bug_on_one_file_costs_that_file_only(tmp_path, capsys, bank, monkeypatch):
    from course.grading import pipeline

    real = pipeline.file_result

    def failing_for_bob(work):
        if work.learner == "bob":
            raise ValueError("simulated bug")
        return real(work)

    monkeypatch.setattr(pipeline, "file_result", failing_for_bob)
    write(tmp_path / "subs" / "alice" / "99_demo.ipynb", submission(bank, FULL_MARKS, learner="alice"))
    write(tmp_path / "subs" / "bob" / "99_demo.ipynb", submission(bank, FULL_MARKS, learner="bob"))
    status, out, err = run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 1 and "Traceback" not in out + err
    (row,) = read_csv(tmp_path / "out" / "errors.csv")
    assert row["learner"] == "bob" and "internal error" in row["problem"] and "simulated bug" in row["detail"]
    assert [r["learner"] for r in read_csv(tmp_path / "out" / "gradebook.csv")] == ["alice"]


def test_answers_nested_or_sized_beyond_any_real_answer_are_ignored_with_a_row(tmp_path, capsys, bank):
    deep: list = []
    for _ in range(50):
        deep = [deep]
    for learner, answer in (("deep", deep), ("wide", ["spark"] * 100_000)):
        nb = submission(bank, {"99.single": "mlops", "99.multi": ["spark"]}, learner=learner)
        nb.cells[-1].outputs[0]["data"]["application/vnd.mlops-course.answer+json"]["answer"] = answer
        write(tmp_path / "subs" / learner / "99_demo.ipynb", nb)
    status, _, _ = run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 1
    problems = {r["learner"]: r["problem"] for r in read_csv(tmp_path / "out" / "errors.csv")}
    assert "nested too deeply" in problems["deep"] and "far larger than any answer" in problems["wide"]
    totals = {r["learner"]: float(r["total"]) for r in learner_points(tmp_path / "out").values()}
    assert totals == {"deep": 1.0, "wide": 1.0}  # the single choice still counts


def test_outputs_whose_fields_have_the_wrong_json_type_are_passed_over_and_the_answers_still_count(
    tmp_path, capsys, bank
):
    """An output with a list or an object where text belongs is no record: the file's records still count."""
    nb = submission(bank, FULL_MARKS, learner="odd")
    nb.cells[-1].outputs[:0] = [
        {"output_type": ["display_data"], "data": {}, "metadata": {}},
        {"output_type": {"display_data": 1}, "data": {}, "metadata": {}},
        {"output_type": "display_data", "data": ["text/plain"], "metadata": {}},
    ]
    path = write(tmp_path / "subs" / "odd" / "99_demo.ipynb", json.dumps(nb))
    status, _, _ = run_grade(capsys, str(path.parent.parent), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 0, read_csv(tmp_path / "out" / "errors.csv")
    assert float(learner_points(tmp_path / "out")["odd"]["total"]) == FIXTURE_MAX
