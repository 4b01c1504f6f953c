"""The lessons file: one source for the lessons' objectives and times, read with clear errors.

The notebooks' objective lists and time lines, the course maps and the guide's timing line
are written from it (`test_assessment_levels` runs the sync check); here the loader, the
pages it writes, and that every lesson it names exists as notebooks.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path

import pytest

from course.authoring.lesson_pages import LessonPageError, course_map, hours, sync_lesson_notebook, timing_line
from course.authoring.notebook_io import read_notebook
from course.datafile import DataFileError
from course.lessons import DEFAULT_LESSONS_FILE, load_lessons, load_review
from tests.yaml_tools import dump_yaml, load_yaml

ROOT = Path(__file__).resolve().parents[1]
LESSONS = load_lessons()


def test_every_lesson_has_its_notebooks_and_objectives():
    assert [lesson.number for lesson in LESSONS] == sorted(p.name[:2] for p in (ROOT / "notebooks").glob("*.ipynb"))
    for lesson in LESSONS:
        assert (ROOT / "notebooks" / f"{lesson.notebook}.ipynb").is_file()
        if lesson.has_practice:
            assert (ROOT / "exercises" / f"{lesson.notebook}.ipynb").is_file()
            assert (ROOT / "solutions" / f"{lesson.notebook}.ipynb").is_file()
        assert lesson.objectives


def test_each_lesson_notebook_shows_its_time_and_objectives_from_the_file():
    for lesson in LESSONS:
        cells = {
            c.get("id"): "".join(c["source"])
            for c in read_notebook(ROOT / "notebooks" / f"{lesson.notebook}.ipynb")["cells"]
        }
        assert f"*Estimated time: {lesson.minutes} minutes.*" in cells[f"l{lesson.number}-title"]
        listed = re.findall(r"^\d+\. ", cells[f"l{lesson.number}-objectives"], re.M)
        assert len(listed) == len(lesson.objectives), lesson.number


def test_the_course_map_and_the_guide_show_the_same_times():
    learner_guide = (ROOT / "docs" / "learner-guide.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8")
    assert course_map(LESSONS, review=load_review()) in learner_guide
    assert timing_line(LESSONS) in guide
    for lesson in LESSONS:
        assert f"| {lesson.minutes} min |" in learner_guide


def test_both_course_maps_lead_to_the_review_notebook_which_exists():
    """The review notebook has no lesson, so without its own entry no map would show a learner the way to it."""
    review = load_review()
    assert review is not None
    assert (ROOT / "exercises" / f"{review.notebook}.ipynb").is_file()
    assert (ROOT / "solutions" / f"{review.notebook}.ipynb").is_file()
    link = f"(../exercises/{review.notebook}.ipynb)"
    cells = {
        c.get("id"): "".join(c["source"]) for c in read_notebook(ROOT / "notebooks" / "00_start_here.ipynb")["cells"]
    }
    assert link in cells["l00-map"]
    assert link in (ROOT / "docs" / "learner-guide.md").read_text(encoding="utf-8")


def test_a_mistake_in_the_review_entry_names_its_field(tmp_path):
    data = load_yaml(DEFAULT_LESSONS_FILE.read_text(encoding="utf-8"))
    data["review"]["notebook"] = "review"
    path = tmp_path / "lessons.yaml"
    path.write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match=r"notebook.*08_review"):
        load_review(path)
    data["review"].pop("notebook")
    path.write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataFileError, match="notebook"):
        load_review(path)


def test_hours_round_to_the_nearest_half():
    assert [hours(m) for m in (10, 200, 210, 230, 250)] == ["½", "3½", "3½", "4", "4"]


def _variant(tmp_path: Path, change) -> Path:
    data = load_yaml(DEFAULT_LESSONS_FILE.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    change(data["lessons"])
    path = tmp_path / "lessons.yaml"
    path.write_text(dump_yaml(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (lambda ls: ls[1].update(number="1"), "number", "two-digit"),
        (lambda ls: ls.reverse(), "number", "in order"),
        (lambda ls: ls[1].update(notebook="02_x"), "notebook", "starting with 01_"),
        (lambda ls: ls[1].update(minutes=0), "minutes", "positive"),
        (lambda ls: ls[1]["objectives"][0].update(id="02.roles"), "id", "like '01.maturity'"),
        (lambda ls: ls[1]["objectives"][1].update(id="01.roles"), "id", "duplicate"),
        (lambda ls: ls[1]["objectives"][0].pop("short"), "short", "is missing"),
        (lambda ls: ls[1]["practice"].update(extra=1), "extra", "not a known field"),
    ],
)
def test_a_mistake_in_the_lessons_file_names_its_field(tmp_path, change, field, message):
    with pytest.raises(DataFileError) as caught:
        load_lessons(_variant(tmp_path, change))
    assert field in str(caught.value) and message in str(caught.value)


def test_a_lesson_notebook_without_its_time_line_is_a_clear_error():
    path = ROOT / "notebooks" / f"{LESSONS[1].notebook}.ipynb"
    notebook = read_notebook(path)
    for cell in notebook["cells"]:
        if cell.get("id") == f"l{LESSONS[1].number}-title":
            cell["source"] = ["# A lesson without its time"]
    with pytest.raises(LessonPageError, match="Estimated time"):
        sync_lesson_notebook(notebook, LESSONS[1], LESSONS, path)
