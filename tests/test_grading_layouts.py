"""Every common way submissions arrive, built from the course's own notebooks, graded with no flags.

Each test checks every learner's row and total: credit goes to the learner the files came from,
only for their own exercise notebooks, never for the course's shipped solutions/.
"""

from __future__ import annotations

import os
import zipfile

import pytest

from tests.grading_tools import read_csv, run_grade
from tests.layout_tools import REPO, answered, clone_course, course_bank, file_name, grade, notebook_points, points, put

# Every exercise notebook of the course counts towards each learner's maximum.
COURSE_MAX = sum(notebook_points(n) for n in course_bank().notebooks())
R04 = file_name("04")
T03 = file_name("03")


@pytest.fixture(autouse=True)
def shipped_definitions(monkeypatch):
    monkeypatch.delenv("MLOPS_COURSE_EXERCISES", raising=False)


def totals(rows) -> dict[str, tuple[float, float]]:
    return {learner: (float(r["total"]), float(r["max"])) for learner, r in rows.items()}


def errors(tmp_path) -> list[dict[str, str]]:
    return read_csv(tmp_path / "out" / "errors.csv")


def integrity(tmp_path) -> list[dict[str, str]]:
    return read_csv(tmp_path / "out" / "integrity.csv")


# --- copies of the course: GitHub Classroom, JupyterHub homes ------------------------------------------
ALICE = ["04.letters", "04.c-or-i", "04.rebuild"]
BOB = ["04.letters"]
CHEN = ["04.letters", "04.c-or-i"]


def fill_clone(clone, learner_answers, recorded=None):
    put(clone / "exercises" / R04, answered("04", learner_answers, learner=recorded))
    return clone


@pytest.mark.slow
def test_github_classroom_clones_credit_only_each_learners_exercises(tmp_path, capsys):
    classroom = tmp_path / "classroom"
    for user, right in (("alice", ALICE), ("bob", BOB), ("chen-li", CHEN)):
        fill_clone(clone_course(classroom / f"raci-assignment-{user}"), right)
    assert (classroom / "raci-assignment-bob" / "solutions" / R04).is_file()
    status, out, rows = grade(tmp_path, capsys, classroom)
    assert totals(rows) == {
        "alice": (points(ALICE), COURSE_MAX),
        "bob": (points(BOB), COURSE_MAX),
        "chen-li": (points(CHEN), COURSE_MAX),
    }
    assert "GitHub Classroom" in out and "raci-assignment-" in out
    assert not [e for e in errors(tmp_path) if "corpus" in e["file"] or "solutions" in e["file"]]
    assert status == 0, errors(tmp_path)


@pytest.mark.parametrize("prefix", ["jupyter-", ""])
@pytest.mark.slow
def test_jupyterhub_homes_filled_by_nbgitpuller(tmp_path, capsys, prefix):
    homes = tmp_path / "homes"
    for user, right in (("alice", ALICE), ("bob", BOB)):
        fill_clone(clone_course(homes / f"{prefix}{user}" / "mlops-roles-course"), right, recorded=user)
        put(
            homes / f"{prefix}{user}" / "Untitled.ipynb",
            '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}',
        )
    put(homes / f"{prefix}admin" / "scratch.ipynb", '{"cells": [], "nbformat": 4, "nbformat_minor": 5, "metadata": {}}')
    expected = {"alice": (points(ALICE), COURSE_MAX), "bob": (points(BOB), COURSE_MAX)}
    status, out, rows = grade(tmp_path, capsys, homes)
    assert totals(rows) == expected
    assert "JupyterHub" in out
    assert status == 0, errors(tmp_path)
    # the same homes, given as one exercises/ folder per learner (a shell glob)
    status, out, rows = grade(tmp_path, capsys, *sorted(homes.glob("*/mlops-roles-course/exercises")))
    assert totals(rows) == expected and "exercises" not in rows
    assert status == 0, errors(tmp_path)


# --- nbgrader --------------------------------------------------------------------------------------------
def nbgrader_root(tmp_path):
    root = tmp_path / "course"
    put(root / "source" / "ps1" / R04, (answered("04", ALICE)))
    put(root / "release" / "ps1" / R04, answered("04"))
    for user, right in (("alice", ALICE), ("bob", BOB)):
        put(root / "submitted" / user / "ps1" / R04, answered("04", right, learner=user))
        put(root / "submitted" / user / "ps1" / "timestamp.txt", "2026-11-30 10:00:00.000000 UTC")
        later = put(root / "autograded" / user / "ps1" / R04, answered("04", [*ALICE, "04.raci-startup"], learner=user))
        os.utime(later, (2_000_000_000, 2_000_000_000))
        put(root / "feedback" / user / "ps1" / "04_raci_model.html", "<html></html>")
    put(root / "nbgrader_config.py", "c = get_config()\n")
    return root


def test_nbgrader_course_root_grades_only_submitted(tmp_path, capsys):
    root = nbgrader_root(tmp_path)
    expected = {"alice": (points(ALICE), notebook_points("04")), "bob": (points(BOB), notebook_points("04"))}
    for given in (root, root / "submitted"):
        status, out, rows = grade(tmp_path, capsys, given)
        assert totals(rows) == expected, given
        assert "nbgrader" in out
        assert status == 0, errors(tmp_path)


def test_nbgrader_a_copied_file_is_credited_to_its_folder_and_reported(tmp_path, capsys):
    root = tmp_path / "course"
    original = put(root / "submitted" / "alice" / "ps1" / R04, answered("04", ALICE, learner="alice"))
    put(root / "submitted" / "bob" / "ps1" / R04, original.read_bytes())  # bob hands in alice's file
    put(root / "submitted" / "carol" / "ps1" / R04, answered("04", [], wrong=["04.letters"], learner="alice"))
    status, _, rows = grade(tmp_path, capsys, root)
    assert totals(rows) == {
        "alice": (points(ALICE), notebook_points("04")),
        "bob": (points(ALICE), notebook_points("04")),
        "carol": (0.0, notebook_points("04")),
    }
    assert not [e for e in errors(tmp_path) if "more than once" in e["problem"]]
    found = integrity(tmp_path)
    identical = [f for f in found if f["finding"] == "identical files"]
    assert len(identical) == 1 and {identical[0]["learner"], identical[0]["other_learners"]} == {"alice", "bob"}
    recorded = {f["learner"]: f for f in found if f["finding"] == "recorded id differs"}
    assert set(recorded) == {"bob", "carol"} and "alice" in recorded["carol"]["detail"]
    assert status == 0  # integrity findings report; they do not fail the run


# --- LMS downloads ---------------------------------------------------------------------------------------
def canvas_folder(folder):
    put(folder / f"smithjane_12345_67890_{R04}", answered("04", ALICE, learner="jsmith"))
    put(folder / f"smithjane_LATE_12345_67891_{T03}", answered("03", ["03.startup"]))
    put(folder / f"smithjane_23456_67892_{R04}", answered("04", BOB))
    put(folder / f"müllerannalena_34567_67893_{R04[:-6]}-1.ipynb", answered("04", CHEN))
    return folder


def canvas_expected():
    both = notebook_points("03") + notebook_points("04")
    return {
        "12345": (points(ALICE) + points(["03.startup"]), both),
        "23456": (points(BOB), both),
        "34567": (points(CHEN), both),
    }


def test_canvas_download_folder_and_zip_name_learners_by_user_id(tmp_path, capsys):
    folder = canvas_folder(tmp_path / "submissions")
    status, out, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == canvas_expected()
    assert rows["34567"]["name"] == "müllerannalena" and rows["12345"]["name"] == "smithjane"
    assert "Canvas" in out
    assert status == 0, errors(tmp_path)
    archive = tmp_path / "submissions.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.iterdir()):
            z.write(path, path.name)
    status, out, rows = grade(tmp_path, capsys, archive)
    assert totals(rows) == canvas_expected() and "Canvas" in out
    canvas = read_csv(tmp_path / "out" / "canvas.csv")
    assert {r["ID"] for r in canvas if r["Student"] != "Points Possible"} == {"12345", "23456", "34567"}


def test_moodle_download_folders_name_learners_by_participant_id(tmp_path, capsys):
    folder = tmp_path / "moodle"
    put(folder / "Sean O'Brien_5403_assignsubmission_file_" / R04, answered("04", ALICE))
    put(folder / "Zoë Müller_5404_assignsubmission_file_" / R04, answered("04", BOB, learner="zm"))
    status, out, rows = grade(tmp_path, capsys, folder)
    assert totals(rows) == {
        "5403": (points(ALICE), notebook_points("04")),
        "5404": (points(BOB), notebook_points("04")),
    }
    assert rows["5403"]["name"] == "Sean O'Brien" and "Moodle" in out
    assert status == 0, errors(tmp_path)


def test_learner_pattern_is_matched_on_the_full_path_and_a_miss_is_an_error(tmp_path, capsys):
    folder = tmp_path / "class"
    put(folder / "alice" / R04, answered("04", ALICE))
    put(folder / "bob" / R04, answered("04", BOB))
    put(folder / "stray" / R04, answered("04", CHEN))
    pattern = r"class/(?P<learner>alice|bob)/"
    status, _, rows = grade(tmp_path, capsys, folder, extra=("--learner-pattern", pattern))
    assert totals(rows) == {
        "alice": (points(ALICE), notebook_points("04")),
        "bob": (points(BOB), notebook_points("04")),
    }
    (miss,) = errors(tmp_path)
    assert "stray" in miss["file"] and "--learner-pattern" in miss["problem"] and miss["kind"] == "error"
    assert status == 1


# --- a learner's own folder: JupyterLab copies and checkpoints ---------------------------------------------
def test_a_jupyterlab_copy_loses_to_the_real_file_and_is_a_notice(tmp_path, capsys):
    real = put(tmp_path / "class" / "alice" / R04, answered("04", BOB))
    copy = put(tmp_path / "class" / "alice" / f"{R04[:-6]}-Copy1.ipynb", answered("04", ALICE))
    os.utime(real, (1_700_000_000, 1_700_000_000))
    os.utime(copy, (1_700_000_500, 1_700_000_500))
    put(tmp_path / "class" / "bob" / R04, answered("04", BOB))
    status, _, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert totals(rows)["alice"] == (points(BOB), notebook_points("04"))
    (notice,) = errors(tmp_path)
    assert notice["kind"] == "notice" and notice["file"].endswith("-Copy1.ipynb")
    assert status == 0  # notices alone do not fail the run


def test_an_empty_file_mentions_the_checkpoint_beside_it(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, b"")
    put(tmp_path / "class" / "alice" / ".ipynb_checkpoints" / f"{R04[:-6]}-checkpoint.ipynb", answered("04", ALICE))
    put(tmp_path / "class" / "bob" / R04, answered("04", BOB))
    status, _, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert "alice" not in rows  # a checkpoint is never graded in its place
    (error,) = errors(tmp_path)
    assert error["kind"] == "error" and "empty" in error["problem"]
    assert ".ipynb_checkpoints" in error["detail"] and f"{len(ALICE)} answer" in error["detail"]
    assert status == 1


def test_help_and_grading_guide_give_one_recipe_per_layout(capsys):
    with pytest.raises(SystemExit):
        run_grade(capsys, "--help")
    text = capsys.readouterr().out.split("One recipe per layout")[1]
    guide = (REPO / "docs" / "grading-guide.md").read_text(encoding="utf-8")
    recipes = guide.split("## One recipe per layout")[1].split("\n## ")[0]
    for layout in ("Canvas", "Moodle", "nbgrader", "GitHub Classroom", "JupyterHub", "folder per learner"):
        assert "mlops-course grade" in text.split(layout, 1)[1].split("\n")[1], layout
        assert layout in recipes, layout
    assert "--learner-pattern '^(?P<learner>[a-z]+)_'" not in (REPO / "docs" / "facilitator-guide.md").read_text(
        encoding="utf-8"
    )


def test_a_name_like_canvas_in_a_learners_folder_does_not_make_a_canvas_learner(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, answered("04", ALICE))
    put(tmp_path / "class" / "alice" / "notes_2024_07_draft.ipynb", answered("03", ["03.startup"]))
    put(tmp_path / "class" / "bob" / R04, answered("04", BOB))
    status, out, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert set(rows) == {"alice", "bob"} and "Canvas" not in out
    assert float(rows["alice"]["total"]) == points(ALICE) + points(["03.startup"])
    assert status == 0


def test_a_file_saved_without_answers_mentions_the_checkpoint_that_has_them(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, answered("04"))  # all records empty: Clear All Outputs, then saved
    put(tmp_path / "class" / "alice" / ".ipynb_checkpoints" / f"{R04[:-6]}-checkpoint.ipynb", answered("04", BOB))
    put(tmp_path / "class" / "bob" / R04, answered("04", BOB))
    status, _, rows = grade(tmp_path, capsys, tmp_path / "class")
    assert float(rows["alice"]["total"]) == 0  # graded as saved; the checkpoint is only mentioned
    (notice,) = errors(tmp_path)
    assert notice["kind"] == "notice" and ".ipynb_checkpoints" in notice["detail"] and "1 answer" in notice["detail"]
    assert status == 0


@pytest.mark.slow
def test_classroom_prefix_comes_from_the_folder_gh_classroom_clone_makes(tmp_path, capsys):
    classroom = tmp_path / "raci-submissions"  # user names that share more than the assignment prefix
    for user, right in (("anna-k", ALICE), ("anna-m", BOB)):
        fill_clone(clone_course(classroom / f"raci-{user}"), right)
    status, _, rows = grade(tmp_path, capsys, classroom)
    assert totals(rows) == {"anna-k": (points(ALICE), COURSE_MAX), "anna-m": (points(BOB), COURSE_MAX)}
    assert status == 0


@pytest.mark.slow
def test_a_learner_pattern_names_learners_but_never_grades_the_course_s_own_files(tmp_path, capsys):
    homes = tmp_path / "homes"
    for user, right in (("alice", ALICE), ("bob", BOB)):
        fill_clone(clone_course(homes / user / "mlops-roles-course"), right)
    status, _, rows = grade(tmp_path, capsys, homes, extra=("--learner-pattern", r"homes/(?P<learner>[^/]+)/"))
    assert totals(rows) == {"alice": (points(ALICE), COURSE_MAX), "bob": (points(BOB), COURSE_MAX)}
    assert status == 0, errors(tmp_path)


def test_files_with_the_same_answers_but_other_bytes_are_not_called_identical(tmp_path, capsys):
    text = answered("04", ALICE, learner="alice")
    put(tmp_path / "class" / "alice" / R04, text)
    changed = text.replace("Exercises 4", "Exercises_4", 1)  # same size, same answers, one byte apart
    assert changed != text and len(changed) == len(text)
    put(tmp_path / "class" / "bob" / R04, changed)
    grade(tmp_path, capsys, tmp_path / "class")
    assert not [f for f in read_csv(tmp_path / "out" / "integrity.csv") if f["finding"] == "identical files"]


def test_an_unanswered_file_with_an_unanswered_checkpoint_is_no_notice(tmp_path, capsys):
    put(tmp_path / "class" / "alice" / R04, answered("04", ALICE))
    put(tmp_path / "class" / "alice" / T03, answered("03"))
    put(tmp_path / "class" / "alice" / ".ipynb_checkpoints" / f"{T03[:-6]}-checkpoint.ipynb", answered("03"))
    status, _, _ = grade(tmp_path, capsys, tmp_path / "class")
    assert errors(tmp_path) == [] and status == 0
