"""The facilitator guide's printable blank RACI grids: one page per grid exercise plus an empty
grid, and the same bytes every time (no creation date)."""

from __future__ import annotations

import re

from course.exercises.definitions import load_bank
from course.exercises.types.raci_grid import RaciGrid
from course.figures.printable import write_pdf


def test_one_page_per_grid_exercise_and_a_blank_one(tmp_path):
    path = tmp_path / "grids.pdf"
    pages = write_pdf(path)
    data = path.read_bytes()
    grids = [e for e in load_bank() if isinstance(e, RaciGrid)]
    assert pages == len(grids) + 1
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type /Page\b", data)) == pages


def test_the_pdf_is_reproducible(tmp_path):
    write_pdf(tmp_path / "a.pdf")
    write_pdf(tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()
