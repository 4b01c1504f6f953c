"""Pipeline steps return data; `outputs.feedback` turns it into HTML.

A graded file's result carries the graded exercises per notebook and no HTML;
`render_sections` renders each notebook's feedback section from that data and
drops it, so what crosses back from a worker is small and the pipeline never
imports an output module.
"""

from __future__ import annotations

from pathlib import Path

from course.grading.discover import Source
from course.grading.outputs.feedback import render_notebook, render_sections
from course.grading.pipeline import Context, grade_file
from tests.grading_tools import FULL_MARKS, submission, write


def _source(path: Path) -> Source:
    stat = path.stat()
    return Source(path.name, str(path), None, (path.name,), "", stat.st_mtime, stat.st_size)


def test_grading_a_file_returns_graded_data_and_no_html(tmp_path, demo_bank):
    path = write(tmp_path / "ada" / "99_demo.ipynb", submission(demo_bank, FULL_MARKS, learner="ada"))

    result = grade_file(_source(path), Context(demo_bank))

    assert result.sections == ()
    assert [g.number for g in result.grades] == ["99"]
    grades = result.grades[0]
    assert [g.exercise.id for g in grades.graded] == [e.id for e in demo_bank.for_notebook("99")]
    assert grades.label == "99_demo.ipynb"


def test_render_sections_renders_each_notebook_from_the_data_and_drops_it(tmp_path, demo_bank):
    path = write(
        tmp_path / "ada" / "99_demo.ipynb",
        submission(demo_bank, {"99.reflect": "Roles <b>overlap</b> in a small team."}, learner="ada"),
    )
    result = grade_file(_source(path), Context(demo_bank))
    grades = result.grades[0]

    rendered = render_sections(result)

    assert rendered.grades == ()
    assert rendered.sections == (
        ("99", *render_notebook(grades.number, grades.title, grades.label, list(grades.graded))),
    )
    _, head, pieces = rendered.sections[0]
    assert "Roles &lt;b&gt;overlap&lt;/b&gt;" in "".join(pieces)
    assert head.startswith('<section class="notebook">') and pieces[-1] == "</section>\n"
    assert rendered.rows == result.rows
