"""Where submissions come from: folders, nbgrader trees, zips, LMS names; who the learner is; duplicates."""

from __future__ import annotations

import os
import zipfile

import nbformat
import pytest

from course.exercises.definitions import load_bank
from course.exercises.notebook_file import notebook_from_metadata
from course.grading.identify import (
    path_learner,
    safe_file_names,
)
from course.notebook_names import names_a_notebook, notebook_from_name
from tests.grading_tools import (
    FIXTURE_MAX,
    FIXTURES,
    FULL_MARKS,
    learner_points,
    read_csv,
    run_grade,
    submission,
    write,
)

PARTIAL = {"99.single": "mlops"}  # 1 point


@pytest.fixture
def bank():
    return load_bank(FIXTURES)


def grade(tmp_path, capsys, *paths, extra=()):
    status, _, _ = run_grade(capsys, *map(str, paths), "--out", str(tmp_path / "out"), "--key", str(FIXTURES), *extra)
    totals = {r["learner"]: float(r["total"]) for r in learner_points(tmp_path / "out").values()}
    return status, totals, read_csv(tmp_path / "out" / "errors.csv")


def test_folder_per_learner_without_recorded_ids(tmp_path, capsys, bank):
    write(tmp_path / "subs" / "alice" / "99_demo.ipynb", submission(bank, FULL_MARKS))
    write(tmp_path / "subs" / "bob" / "99_demo.ipynb", submission(bank, PARTIAL))
    status, totals, errors = grade(tmp_path, capsys, tmp_path / "subs")
    assert (status, totals, errors) == (0, {"alice": FIXTURE_MAX, "bob": 1.0}, [])


def test_the_folder_wins_over_the_recorded_learner_id_which_is_a_finding(tmp_path, capsys, bank):
    write(tmp_path / "subs" / "folder-name" / "99_demo.ipynb", submission(bank, PARTIAL, learner="jdoe"))
    status, totals, _ = grade(tmp_path, capsys, tmp_path / "subs")
    assert (status, totals) == (0, {"folder-name": 1.0})
    (finding,) = read_csv(tmp_path / "out" / "integrity.csv")
    assert finding["finding"] == "recorded id differs" and "jdoe" in finding["detail"]


def test_single_files_are_credited_to_the_recorded_id(tmp_path, capsys, bank):
    write(tmp_path / "subs" / "99_demo.ipynb", submission(bank, PARTIAL, learner="jdoe"))
    status, totals, _ = grade(tmp_path, capsys, tmp_path / "subs" / "99_demo.ipynb")
    assert (status, totals) == (0, {"jdoe": 1.0})


def test_nbgrader_submitted_tree(tmp_path, capsys, bank):
    root = tmp_path / "course"
    write(root / "submitted" / "alice" / "ps1" / "99_demo.ipynb", submission(bank, FULL_MARKS))
    write(root / "submitted" / "bob" / "ps1" / "99_demo.ipynb", submission(bank, PARTIAL))
    for given in (root, root / "submitted"):
        status, totals, _ = grade(tmp_path, capsys, given)
        assert (status, totals) == (0, {"alice": FIXTURE_MAX, "bob": 1.0}), given


def test_a_learners_several_notebooks_make_one_row(tmp_path, capsys, bank):
    other = tmp_path / "defs"
    other.mkdir()
    text = (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8")
    (other / "99_demo.yaml").write_text(text, encoding="utf-8")
    (other / "98_more.yaml").write_text(
        text.replace('notebook: "99"', 'notebook: "98"').replace("id: 99.", "id: 98."), encoding="utf-8"
    )
    both = load_bank(other)
    write(tmp_path / "subs" / "alice" / "98_more.ipynb", submission(both, {"98.single": "mlops"}))
    write(
        tmp_path / "subs" / "alice" / "99_demo.ipynb", submission(both, {"99.single": "mlops", "99.value": {"ra": 3}})
    )
    status, _, _ = run_grade(capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--key", str(other))
    (row,) = learner_points(tmp_path / "out").values()
    assert status == 0
    assert (row["learner"], float(row["total"]), float(row["max"])) == ("alice", 3.0, 2 * FIXTURE_MAX)
    assert row["98.single"] == "1" and row["99.value"] == "1"
    canvas = read_csv(tmp_path / "out" / "canvas.csv")
    assert [k for k in canvas[0] if k.startswith("MLOps")] == [
        "MLOps 98 practice: Demo exercises (completion %)",
        "MLOps 99 practice: Demo exercises (completion %)",
    ]


def test_zip_of_learner_folders(tmp_path, capsys, bank):
    archive = tmp_path / "downloads.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("alice/99_demo.ipynb", nbformat.writes(submission(bank, FULL_MARKS)))
        z.writestr("bob/99_demo.ipynb", nbformat.writes(submission(bank, PARTIAL)))
        z.writestr("bob/notes.txt", "not a notebook, ignored")
    status, totals, errors = grade(tmp_path, capsys, archive)
    assert (status, totals, errors) == (0, {"alice": FIXTURE_MAX, "bob": 1.0}, [])
    files = {r["file"] for r in read_csv(tmp_path / "out" / "scores.csv")}
    assert files == {f"{archive}!/alice/99_demo.ipynb", f"{archive}!/bob/99_demo.ipynb"}


def test_lms_download_names_and_learner_pattern(tmp_path, capsys, bank):
    flat = tmp_path / "canvas"
    write(flat / "smithjohn_12345_67890_99_demo.ipynb", submission(bank, FULL_MARKS))
    write(flat / "doejane_23456_78901_99_demo.ipynb", submission(bank, PARTIAL, learner="recorded-id"))
    status, totals, _ = grade(tmp_path, capsys, flat)
    assert (status, totals) == (0, {"12345": FIXTURE_MAX, "23456": 1.0})
    status, totals, _ = grade(tmp_path, capsys, flat, extra=("--learner-pattern", r"canvas/(?P<learner>[a-z]+)_"))
    assert (status, totals) == (0, {"smithjohn": FIXTURE_MAX, "doejane": 1.0})


@pytest.mark.parametrize("pattern", ["(unclosed", "no-group-here"])
def test_a_bad_learner_pattern_is_a_usage_error(tmp_path, capsys, bank, pattern):
    write(tmp_path / "subs" / "a" / "99_demo.ipynb", submission(bank, PARTIAL))
    status, _, err = run_grade(
        capsys, str(tmp_path / "subs"), "--out", str(tmp_path / "out"), "--learner-pattern", pattern
    )
    assert status == 2 and "--learner-pattern" in err
    assert not (tmp_path / "out" / "gradebook.csv").exists()


def test_usage_errors_exit_2(tmp_path, capsys):
    assert run_grade(capsys, str(tmp_path / "missing"), "--out", str(tmp_path / "out"))[0] == 2
    (tmp_path / "file.txt").write_text("x")
    assert run_grade(capsys, str(tmp_path / "file.txt"), "--out", str(tmp_path / "out"))[0] == 2
    with pytest.raises(SystemExit) as exit_info:
        run_grade(capsys, str(tmp_path))  # --out missing: argparse
    assert exit_info.value.code == 2


def test_the_newest_of_two_submissions_counts_and_the_other_is_reported(tmp_path, capsys, bank):
    older = write(tmp_path / "subs" / "alice" / "99_demo.ipynb", submission(bank, FULL_MARKS))
    newer = write(tmp_path / "subs" / "alice" / "99_demo (1).ipynb", submission(bank, PARTIAL))
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_700_000_100, 1_700_000_100))
    status, totals, errors = grade(tmp_path, capsys, tmp_path / "subs")
    assert totals == {"alice": 1.0}
    assert status == 0  # a superseded copy is a notice, not an error
    (notice,) = errors
    assert notice["file"].endswith("alice/99_demo.ipynb") and notice["kind"] == "notice"
    assert "newest" in notice["problem"] and notice["detail"].endswith("99_demo (1).ipynb")
    os.utime(older, (1_700_000_200, 1_700_000_200))
    _, totals, _ = grade(tmp_path, capsys, tmp_path / "subs")
    assert totals == {"alice": FIXTURE_MAX}


def test_on_equal_times_more_answer_revisions_count_as_newer(tmp_path, capsys, bank):
    first = write(tmp_path / "subs" / "alice" / "99_demo.ipynb", submission(bank, FULL_MARKS, revision=9))
    second = write(tmp_path / "subs" / "alice" / "99_demo-2.ipynb", submission(bank, PARTIAL, revision=1))
    for path in (first, second):
        os.utime(path, (1_700_000_000, 1_700_000_000))
    _, totals, errors = grade(tmp_path, capsys, tmp_path / "subs")
    assert totals == {"alice": FIXTURE_MAX}
    assert [e["file"].rsplit("/", 1)[1] for e in errors] == ["99_demo-2.ipynb"]


def test_several_learner_ids_in_one_file_take_the_most_frequent_and_are_reported(tmp_path, capsys, bank):
    nb = submission(bank, {k: FULL_MARKS[k] for k in ("99.single", "99.multi", "99.match")}, learner="alice")
    nb.cells[-1].outputs[0]["data"]["application/vnd.mlops-course.answer+json"]["learner"] = "bob"
    write(tmp_path / "subs" / "99_demo.ipynb", nb)
    status, totals, errors = grade(tmp_path, capsys, tmp_path / "subs")
    assert totals == {"alice": 6.0}
    assert status == 0 and "2 different learner ids" in errors[0]["problem"] and errors[0]["kind"] == "notice"


def test_path_rule_details():
    assert path_learner(("submitted", "alice", "ps1", "04_raci.ipynb"), "x") == "alice"
    assert path_learner(("04_raci.ipynb",), "solutions") == "solutions"
    assert path_learner(("04_raci.ipynb",), "jdoe_submissions") == "jdoe"
    assert path_learner(("smithjohn_12_34_04_raci.ipynb",), "downloads") == "smithjohn"
    assert path_learner(("smith-john.ipynb",), "downloads") == "smith"


COURSE_NOTEBOOKS = ("01", "02", "03", "04", "05", "06", "07")


@pytest.mark.parametrize(
    ("name", "number"),
    [
        ("04_raci_model.ipynb", "04"),
        ("04_raci.ipynb", "04"),  # a learner's shorter name keeps its number at the start
        ("04_raci_model-Copy1.ipynb", "04"),  # JupyterLab's Duplicate
        ("04_raci_model (1).ipynb", "04"),  # a browser's second download
        ("smithjane_12345_67890_04_raci_model.ipynb", "04"),  # Canvas: login_userid_fileid_name
        ("smithjane_LATE_12345_67891_03_team_topologies.ipynb", "03"),  # Canvas, handed in late
        ("müllerannalena_34567_67893_04_raci_model-1.ipynb", "04"),  # Canvas, a resubmission
        ("Jane Smith_123456_assignsubmission_file_05_collaboration_tooling.ipynb", "05"),  # Moodle, flat
        ("MLOps_jsmith_attempt_2026-03-02-14-05-09_07_growing_ml_organisations.ipynb", "07"),  # Blackboard
        ("notes_2024_07_draft.ipynb", None),  # a date is not a notebook
        ("smithjane_12345_67890_notes_2024_07_draft.ipynb", None),  # nor through Canvas's prefix
        ("week_03_notes.ipynb", None),  # nor a number in the middle of a learner's own name
        ("2024_07_review.ipynb", None),
        ("09_extra.ipynb", None),  # a number the course has no exercises for
    ],
)
def test_a_file_is_its_notebook_by_the_name_it_starts_with_after_a_platform_prefix(name, number):
    assert notebook_from_name(name, COURSE_NOTEBOOKS) == number


def test_names_a_notebook_sees_through_a_platform_prefix_too():
    assert names_a_notebook("smithjane_12345_67890_00_start_here.ipynb") == "00"
    assert names_a_notebook("notes_2024_07_draft.ipynb") is None


@pytest.mark.parametrize(
    ("metadata", "number"),
    [
        ({"mlops_course": {"notebook": "07_growing_ml_organisations"}}, "07"),
        ({"mlops_course": {"notebook": "09_extra"}}, None),
        ({"mlops_course": {"notebook": 7}}, None),
        ({"mlops_course": "07"}, None),
        ({"mlops_course": {"notebook": "x" * 10_000}}, None),
        ({}, None),
        ("not a mapping", None),
    ],
)
def test_a_notebook_names_itself_in_its_metadata_and_bad_metadata_names_nothing(metadata, number):
    assert notebook_from_metadata({"metadata": metadata, "cells": []}, COURSE_NOTEBOOKS) == number


def test_safe_file_names_stay_inside_and_apart():
    names = safe_file_names(["../../etc", "alice", "Alice", "a/b", "con", ".hidden", "x" * 300])
    assert names["Alice"] == "Alice"  # the first in sort order keeps its id as file name
    assert names["alice"].startswith("alice-")  # the second would clash on a case-insensitive disk
    assert len({n.lower() for n in names.values()}) == len(names)
    for name in names.values():
        assert "/" not in name and "\\" not in name and not name.startswith(".") and len(name) < 80
