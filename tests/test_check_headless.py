"""A notebook run headless (nbclient) with answers given through the API keeps its answer records,
and `mlops-course check` on the saved file reports the score the notebook itself printed."""

from __future__ import annotations

import json
import re

import nbclient
import nbformat
import pytest

from course.cli import main
from course.exercises.records import MIME_TYPE
from course.text import format_points
from tests.grading_tools import FIXTURE_MAX, FIXTURES

CELLS = [
    "import course",
    'course.answer("99.single", "mlops")\ncourse.answer("99.multi", ["spark", "helm"])\n'
    'course.answer("99.value", {"ra": 3, "i": 5})',
    'course.exercise("99.single")',
    'course.exercise("99.multi")',
    'course.exercise("99.value")',
    'for exercise_id in ("99.single", "99.multi", "99.value"):\n'
    '    print("POINTS", exercise_id, course.check(exercise_id).points)',
]


@pytest.mark.slow
def test_check_on_a_headless_run_reports_the_points_the_notebook_printed(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(FIXTURES))
    monkeypatch.setenv("MLOPS_COURSE_HOME", str(tmp_path / "home"))
    for name in ("MLOPS_COURSE_LEARNER", "JUPYTERHUB_USER", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in CELLS]
    nbclient.NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    path = tmp_path / "99_demo.ipynb"
    path.write_text(nbformat.writes(nb), encoding="utf-8")

    printed = {
        exercise_id: float(points)
        for output in nb.cells[-1].outputs
        for exercise_id, points in re.findall(r"POINTS (\S+) ([\d.]+)", output.get("text", ""))
    }
    assert set(printed) == {"99.single", "99.multi", "99.value"}
    saved = json.loads(path.read_text(encoding="utf-8"))
    records = [
        output["data"][MIME_TYPE]
        for cell in saved["cells"]
        for output in cell["outputs"]
        if output.get("output_type") == "display_data" and MIME_TYPE in output.get("data", {})
    ]
    assert {r["exercise"] for r in records} == set(printed)

    status = main(["check", str(path)])
    out = capsys.readouterr().out
    assert status == 0
    reported = {e: float(p) for e, p in re.findall(r"(99\.\w+)\s+([\d.]+)/[\d.]+", out)}
    for exercise_id, points in printed.items():
        assert reported[exercise_id] == round(points, 2), (exercise_id, out)
    total = re.search(rf"Course: ([\d.]+)/{format_points(FIXTURE_MAX)} points", out)
    assert total and float(total.group(1)) == round(sum(printed.values()), 2)
    assert sum(printed.values()) > 0
