"""No learner can take a classmate's credit: the layouts learners can bend, built for real on disk.

Each test lays out what a determined learner (or a slip of a busy instructor) can make: links
between learners' places, a stray file in a platform download, platform-like folders made inside
a learner's own folder, a course copy in a folder-per-learner class, hub homes with and without
`jupyter-`, one name spelt several ways, a zip holding two entries of one name. Credit goes to the
learner whose place the file is in, or to no one with a row in errors.csv or integrity.csv saying
why; never to the learner a file's recorded id names, and never silently.
"""

from __future__ import annotations

import os
import unicodedata
import zipfile

import pytest

from tests.grading_tools import read_csv
from tests.layout_tools import (
    answered,
    clone_course,
    course_bank,
    file_name,
    grade,
    notebook_points,
    points,
    points_as_credited,
    put,
)

R04 = file_name("04")
T03 = file_name("03")
ALL04 = [e.id for e in course_bank().for_notebook("04")]
SOME04 = ["04.letters"]
ALL03 = [e.id for e in course_bank().for_notebook("03")]


@pytest.fixture(autouse=True)
def shipped_definitions(monkeypatch):
    monkeypatch.delenv("MLOPS_COURSE_EXERCISES", raising=False)


def totals(rows) -> dict[str, float]:
    return {learner: float(r["total"]) for learner, r in rows.items()}


def errors(tmp_path, kind="error") -> list[dict[str, str]]:
    return [e for e in read_csv(tmp_path / "out" / "errors.csv") if e["kind"] == kind]


def findings(tmp_path, name=None) -> list[dict[str, str]]:
    return [f for f in read_csv(tmp_path / "out" / "integrity.csv") if name is None or f["finding"] == name]


# --- 1. links: one file on disk reachable from two learners' places -------------------------------------
@pytest.mark.slow
def test_a_symbolic_link_into_a_classmates_home_credits_neither_and_names_both(tmp_path, capsys):
    homes = tmp_path / "home"
    zoe = clone_course(homes / "zoe" / "mlops-roles-course")
    aaron = clone_course(homes / "aaron" / "mlops-roles-course")
    put(zoe / "exercises" / R04, answered("04", ALL04, learner="zoe"))
    put(zoe / "exercises" / T03, answered("03", ALL03[:1], learner="zoe"))
    put(aaron / "exercises" / T03, answered("03", ALL03[:2], learner="aaron"))
    (aaron / "exercises" / R04).unlink()
    os.symlink(zoe / "exercises" / R04, aaron / "exercises" / R04)  # ln -s ~zoe/.../04_raci_model.ipynb
    status, _, rows = grade(tmp_path, capsys, homes)
    assert totals(rows) == {"aaron": points(ALL03[:2]), "zoe": points(ALL03[:1])}  # 04 credited to neither
    shared = [e for e in errors(tmp_path) if R04 in e["file"]]
    assert {e["file"] for e in shared} == {
        f"{homes}/aaron/mlops-roles-course/exercises/{R04}",
        f"{homes}/zoe/mlops-roles-course/exercises/{R04}",
    }
    for error in shared:
        assert "aaron" in error["problem"] and "zoe" in error["problem"]
    assert status == 1


@pytest.mark.slow
def test_a_link_to_a_classmates_notebook_outside_her_exercises_is_still_her_work(tmp_path, capsys):
    homes = tmp_path / "home"
    zoe = clone_course(homes / "zoe" / "mlops-roles-course")
    aaron = clone_course(homes / "aaron" / "mlops-roles-course")
    draft = put(homes / "zoe" / "drafts" / R04, answered("04", ALL04, learner="zoe"))  # never handed in
    put(zoe / "exercises" / T03, answered("03", ALL03[:1], learner="zoe"))
    (aaron / "exercises" / R04).unlink()
    os.symlink(draft, aaron / "exercises" / R04)
    status, _, rows = grade(tmp_path, capsys, homes)
    assert float(rows["aaron"]["total"]) == 0 and float(rows["zoe"]["total"]) == points(ALL03[:1])
    (shared,) = [e for e in errors(tmp_path) if R04 in e["file"]]
    assert shared["learner"] == "aaron" and "aaron and zoe" in shared["problem"]
    assert status == 1


def test_a_hard_link_between_two_learners_folders_credits_neither_and_names_both(tmp_path, capsys):
    class_ = tmp_path / "class"
    original = put(class_ / "bob" / R04, answered("04", ALL04, learner="bob"))
    put(class_ / "alice" / T03, answered("03", ALL03[:1], learner="alice"))
    os.link(original, class_ / "alice" / R04)
    status, _, rows = grade(tmp_path, capsys, class_)
    assert totals(rows) == {"alice": points(ALL03[:1])}
    shared = errors(tmp_path)
    assert sorted(e["learner"] for e in shared) == ["alice", "bob"]
    assert all("alice" in e["problem"] and "bob" in e["problem"] for e in shared)
    assert status == 1


def test_one_learners_file_reached_twice_is_graded_once_without_an_error(tmp_path, capsys):
    class_ = tmp_path / "class"
    put(class_ / "alice" / R04, answered("04", SOME04, learner="alice"))
    put(class_ / "bob" / R04, answered("04", ALL04, learner="bob"))
    status, _, rows = grade(tmp_path, capsys, class_, class_ / "alice")  # overlapping PATHs
    assert totals(rows) == {"alice": points(SOME04), "bob": points(ALL04)}
    assert errors(tmp_path) == [] and status == 0


# --- 2. one odd file does not change the layout ---------------------------------------------------------
def canvas_download(folder):
    put(folder / f"smithjane_12345_67890_{R04}", answered("04", SOME04, learner="jsmith"))
    put(folder / f"bobsmith_23456_67891_{R04}", answered("04", ALL04[:2], learner="bob"))
    put(folder / f"leechen_34567_67892_{R04}", answered("04", ALL04[:3], learner="chen"))
    return folder


def test_a_zip_uploaded_to_canvas_is_its_uploaders_whatever_id_is_recorded(tmp_path, capsys):
    folder = canvas_download(tmp_path / "submissions")
    with zipfile.ZipFile(folder / "alicejones_111_501_work.zip", "w") as archive:
        archive.writestr(R04, answered("04", ALL04, learner="bob"))  # recorded as bob
    status, out, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == {
        "111": points(ALL04),
        "12345": points(SOME04),
        "23456": points(ALL04[:2]),
        "34567": points(ALL04[:3]),
    }
    assert rows["111"]["name"] == "alicejones" and "Canvas" in out and "single files" not in out
    canvas = read_csv(tmp_path / "out" / "canvas.csv")
    assert {r["ID"] for r in canvas if r["Student"] != "Points Possible"} == {"111", "12345", "23456", "34567"}
    shared = findings(tmp_path, "recorded id shared")
    assert len(shared) == 1 and {shared[0]["learner"], shared[0]["other_learners"]} == {"111", "23456"}
    assert status == 0


@pytest.mark.parametrize("stray", [R04, "my work.ipynb", f"bob_{R04}"])
def test_a_stray_notebook_in_a_canvas_download_is_refused_alone(tmp_path, capsys, stray):
    folder = canvas_download(tmp_path / "submissions")
    put(folder / stray, answered("04", ALL04, learner="bob"))
    status, out, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == {"12345": points(SOME04), "23456": points(ALL04[:2]), "34567": points(ALL04[:3])}
    (refused,) = errors(tmp_path)
    assert refused["file"] == f"{folder}/{stray}" and "Canvas" in refused["problem"]
    canvas = read_csv(tmp_path / "out" / "canvas.csv")
    assert {r["ID"] for r in canvas if r["Student"] != "Points Possible"} == {"12345", "23456", "34567"}
    assert "single files" not in out and status == 1


def test_a_stray_notebook_beside_learners_folders_is_refused_not_credited_to_its_recorded_id(tmp_path, capsys):
    class_ = tmp_path / "class"
    put(class_ / "alice" / R04, answered("04", SOME04, learner="alice"))
    put(class_ / "bob" / R04, answered("04", ALL04[:2], learner="bob"))
    put(class_ / R04, answered("04", ALL04, learner="bob"))
    status, _, rows = grade(tmp_path, capsys, class_)
    assert totals(rows) == {"alice": points(SOME04), "bob": points(ALL04[:2])}
    (refused,) = errors(tmp_path)
    assert refused["file"] == f"{class_}/{R04}" and "folder" in refused["problem"]
    assert status == 1


def test_a_folder_of_single_files_still_names_learners_by_their_recorded_ids(tmp_path, capsys):
    folder = tmp_path / "inbox"
    put(folder / "first.ipynb", answered("04", SOME04, learner="alice"))
    put(folder / "second.ipynb", answered("04", ALL04, learner="bob"))
    status, out, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == {"alice": points(SOME04), "bob": points(ALL04)} and "single files" in out
    assert status == 0


# --- 3. platform folders made inside a platform folder ----------------------------------------------------
def test_a_moodle_folder_made_inside_a_moodle_folder_is_the_outer_learners_and_a_finding(tmp_path, capsys):
    folder = tmp_path / "moodle"
    put(folder / "Bob Smith_7777_assignsubmission_file_" / R04, answered("04", SOME04))
    nested = folder / "Sean O'Brien_5403_assignsubmission_file_" / "Bob Smith_7777_assignsubmission_file_"
    put(nested / R04, answered("04", ALL04))
    status, _, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == {"5403": points(ALL04), "7777": points(SOME04)}
    (found,) = findings(tmp_path, "nested platform folder")
    assert found["learner"] == "5403" and "Bob Smith_7777_assignsubmission_file_" in found["detail"]
    assert status == 0


def test_an_nbgrader_tree_made_inside_a_students_submission_is_that_students_and_a_finding(tmp_path, capsys):
    root = tmp_path / "course"
    put(root / "submitted" / "bob" / "ps1" / R04, answered("04", SOME04, learner="bob"))
    put(root / "submitted" / "alice" / "ps1" / "submitted" / "bob" / "ps1" / R04, answered("04", ALL04))
    status, _, rows = grade(tmp_path, capsys, root)
    assert totals(rows) == {"alice": points(ALL04), "bob": points(SOME04)}
    (found,) = findings(tmp_path, "nested platform folder")
    assert found["learner"] == "alice" and "submitted/bob" in found["detail"]
    assert status == 0


def test_a_moodle_like_folder_inside_a_learners_folder_is_that_learners_and_a_finding(tmp_path, capsys):
    class_ = tmp_path / "class"
    put(class_ / "alice" / "Bob Smith_7777_assignsubmission_file_" / R04, answered("04", ALL04))
    put(class_ / "bob" / R04, answered("04", SOME04))
    put(class_ / "carol" / R04, answered("04", SOME04))
    status, _, rows = grade(tmp_path, capsys, class_)
    assert totals(rows) == {"alice": points(ALL04), "bob": points(SOME04), "carol": points(SOME04)}
    (found,) = findings(tmp_path, "nested platform folder")
    assert found["learner"] == "alice"
    assert status == 0


# --- 4. a course copy in a folder-per-learner class ------------------------------------------------------
@pytest.mark.slow
def test_a_course_copy_in_a_learners_folder_is_that_learners(tmp_path, capsys):
    class_ = tmp_path / "byl"
    copy = clone_course(class_ / "alice" / "mlops-roles-course")
    put(copy / "exercises" / R04, answered("04", ALL04, learner="carol"))
    put(copy / "exercises" / T03, answered("03", ALL03, learner="bob"))
    put(class_ / "bob" / R04, answered("04", SOME04, learner="bob"))
    put(class_ / "carol" / R04, answered("04", ALL04[:2], learner="carol"))
    status, _, rows = grade(tmp_path, capsys, class_)
    # Answers recorded under carol's and bob's ids answer their cases; credited to alice, each exercise with
    # cases is graded against alice's own case of it.
    alice = points_as_credited(ALL04, "carol", "alice") + points_as_credited(ALL03, "bob", "alice")
    assert totals(rows) == pytest.approx({"alice": alice, "bob": points(SOME04), "carol": points(ALL04[:2])})
    assert float(rows["alice"]["max"]) == sum(notebook_points(n) for n in course_bank().notebooks())
    assert len(findings(tmp_path, "recorded id differs")) == 2
    if alice < points(ALL04) + points(ALL03):
        assert findings(tmp_path, "case not the learner's")
    assert status == 0


# --- 5. hub homes -----------------------------------------------------------------------------------------
def hub(homes, users):
    for user, right in users.items():
        copy = clone_course(homes / user / "mlops-roles-course")
        put(copy / "exercises" / R04, answered("04", right))


@pytest.mark.slow
def test_a_user_called_jupyter_something_on_a_hub_of_plain_homes_keeps_their_name(tmp_path, capsys):
    homes = tmp_path / "home"
    hub(homes, {"carl": SOME04, "jupyter-carl": ALL04, "alice": ALL04[:2]})
    status, out, rows = grade(tmp_path, capsys, homes)
    assert totals(rows) == {"carl": points(SOME04), "jupyter-carl": points(ALL04), "alice": points(ALL04[:2])}
    assert "home folder (<user>)" in out
    assert errors(tmp_path) == [] and status == 0


@pytest.mark.slow
def test_littlest_jupyterhub_homes_drop_the_prefix_once(tmp_path, capsys):
    homes = tmp_path / "home"
    hub(homes, {"jupyter-carl": SOME04, "jupyter-jupyter-carl": ALL04})
    status, out, rows = grade(tmp_path, capsys, homes)
    assert totals(rows) == {"carl": points(SOME04), "jupyter-carl": points(ALL04)}
    assert "jupyter-<user>" in out and status == 0


@pytest.mark.slow
def test_two_homes_that_would_name_one_learner_are_both_refused(tmp_path, capsys):
    homes = tmp_path / "home"
    hub(homes, {"jupyter-carl": SOME04, "jupyter-bob": ALL04[:2], "carl": ALL04})
    status, _, rows = grade(tmp_path, capsys, homes)
    assert totals(rows) == {"bob": points(ALL04[:2])}
    refused = errors(tmp_path)
    assert {e["file"].split("/home/")[1].split("/")[0] for e in refused} == {"carl", "jupyter-carl"}
    assert all("carl and jupyter-carl" in e["problem"] for e in refused)
    assert status == 1


# --- 6. one person, one row; nothing dropped silently -----------------------------------------------------
def test_nfc_and_nfd_spellings_of_one_folder_are_one_learner_and_a_notice(tmp_path, capsys):
    class_ = tmp_path / "class"
    nfc, nfd = unicodedata.normalize("NFC", "José"), unicodedata.normalize("NFD", "José")
    assert nfc != nfd
    put(class_ / nfd / R04, answered("04", ALL04))
    put(class_ / nfc / T03, answered("03", ALL03))
    put(class_ / "bob" / R04, answered("04", SOME04))
    status, _, rows = grade(tmp_path, capsys, class_)
    assert totals(rows) == {nfc: points(ALL04) + points(ALL03), "bob": points(SOME04)}
    (merged,) = errors(tmp_path, "notice")
    assert nfd in merged["problem"] and nfc in merged["problem"]
    assert status == 0


def test_folders_differing_only_in_letter_case_are_one_learner_and_each_merge_is_a_notice(tmp_path, capsys):
    class_ = tmp_path / "class"
    put(class_ / "alice" / R04, answered("04", SOME04))
    put(class_ / "Alice" / T03, answered("03", ALL03))
    put(class_ / "ALICE" / file_name("05"), answered("05"))
    put(class_ / "bob" / R04, answered("04", ALL04))
    status, _, rows = grade(tmp_path, capsys, class_)
    assert set(rows) == {"alice", "bob"} or set(rows) == {"Alice", "bob"} or set(rows) == {"ALICE", "bob"}
    (alice,) = [learner for learner in rows if learner != "bob"]
    assert totals(rows)[alice] == points(SOME04) + points(ALL03)
    merges = [e for e in errors(tmp_path, "notice") if "one learner" in e["problem"]]
    assert len(merges) == 2 and status == 0


def test_a_zip_holding_two_entries_of_one_name_grades_the_newer_and_names_the_other(tmp_path, capsys):
    class_ = tmp_path / "class"
    put(class_ / "bob" / R04, answered("04", SOME04))
    (class_ / "alice").mkdir(parents=True)
    with zipfile.ZipFile(class_ / "alice" / "work.zip", "w") as archive:
        archive.writestr(zipfile.ZipInfo(R04, (2026, 1, 2, 10, 0, 0)), answered("04", ALL04))
        with pytest.warns(UserWarning, match="Duplicate name"):
            archive.writestr(zipfile.ZipInfo(R04, (2026, 1, 1, 10, 0, 0)), answered("04", SOME04))
    status, _, rows = grade(tmp_path, capsys, class_)
    assert totals(rows) == {"alice": points(ALL04), "bob": points(SOME04)}  # the newer entry, though listed first
    (dropped,) = errors(tmp_path, "notice")
    assert "work.zip" in dropped["file"] and "entry 2 of 2" in dropped["file"] and "entry 1 of 2" in dropped["detail"]
    assert status == 0
