"""Files prepared ahead of the plan (`pipeline.prepare_file`, while the parent still finds and places the files)
are graded exactly as files graded in one go: good ones, broken ones and missing ones alike; and the files a
worker prepared are the ones `routes` gives it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from course.grading.discover import Source
from course.grading.layout import Origin
from course.grading.pipeline import Context, grade_file, prepare_file
from course.grading.run import notebook_hint, routes, share_notebooks
from tests.grading_tools import FULL_MARKS, submission, write


def _source(path: Path) -> Source:
    size = path.stat().st_size if path.exists() else 0
    return Source(str(path), str(path), None, (path.parent.name, path.name), path.parent.name, 0.0, size)


def _files(folder: Path, bank) -> list[Path]:
    good = write(folder / "ada" / "99_demo.ipynb", submission(bank, FULL_MARKS, learner="ada"))
    other = write(folder / "ben" / "99_demo.ipynb", submission(bank, {"99.single": "ds"}, learner="someone-else"))
    text = good.read_text(encoding="utf-8")
    cut = folder / "cy" / "99_demo.ipynb"
    cut.parent.mkdir()
    cut.write_text(text[: len(text) // 2], encoding="utf-8")
    not_json = folder / "dee" / "99_demo.ipynb"
    not_json.parent.mkdir()
    not_json.write_text("this is not a notebook", encoding="utf-8")
    no_records = folder / "eve" / "99_demo.ipynb"
    no_records.parent.mkdir()
    no_records.write_text(
        json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}), encoding="utf-8"
    )
    return [good, other, cut, not_json, no_records, folder / "gone" / "99_demo.ipynb"]


def test_a_prepared_file_is_graded_as_one_graded_in_one_go(tmp_path, demo_bank):
    context = Context(demo_bank)
    for path in _files(tmp_path, demo_bank):
        source = _source(path)
        origin = Origin("folders", path.parent.name, file_name=path.name)
        prepared = prepare_file(source, context)
        assert prepared.done <= 4
        assert grade_file(source, context, None, origin, prepared) == grade_file(source, context, None, origin), path


def test_a_file_that_changes_after_it_was_prepared_is_graded_as_prepared(tmp_path, demo_bank):
    """It was read once, as it was then: what was read is graded (as when a file changes after being read)."""
    context = Context(demo_bank)
    path = write(tmp_path / "ada" / "99_demo.ipynb", submission(demo_bank, FULL_MARKS, learner="ada"))
    source = _source(path)
    prepared = prepare_file(source, context)
    before = grade_file(source, context, None, Origin("folders", "ada", file_name=path.name))
    path.write_text("changed", encoding="utf-8")
    after = grade_file(source, context, None, Origin("folders", "ada", file_name=path.name), prepared)
    assert after == before and not after.failed


@pytest.mark.parametrize("workers", [2, 3])
def test_routes_keep_the_notebooks_shared_out_when_the_workers_started(demo_bank, workers):
    context = Context(demo_bank)
    names = ["01_a.ipynb", "02_b.ipynb", "03_c.ipynb", "04_d.ipynb", "notes.ipynb"]
    items = [
        (
            Source(f"/c/l{i}/{n}", f"/c/l{i}/{n}", None, (f"l{i}", n), f"l{i}", 0.0, 1),
            Origin("folders", f"l{i}", file_name=n),
        )
        for i in range(50)
        for n in names
    ]
    early = [source for source, _ in items[:40]]
    assigned = share_notebooks(early, context, workers)
    assert set(assigned) == {"01", "02", "03", "04"} and set(assigned.values()) <= set(range(workers))
    queues = routes(items, context, workers, assigned)
    for worker, queue in enumerate(queues):
        hints = {notebook_hint(source, origin) for chunk, _ in queue for source, origin in chunk}
        assert all(assigned.get(hint, worker) == worker for hint in hints), (worker, hints)
    graded = sorted(number for queue in queues for _, ids in queue for number in ids)
    assert graded == list(range(1, len(items) + 1))
