"""How a solution notebook marks what learners write themselves, in one place for every tool that reads it.

`mlops-course release` removes cells tagged `solution` and replaces each region between
`### BEGIN SOLUTION` and `### END SOLUTION` by its `### STUB:` lines; the grader refuses a file
that still has them (`has_solution_cells`): it is an instructor's copy, not a learner's work.
"""

from __future__ import annotations

from typing import Any

SOLUTION_TAG = "solution"
"""The cell tag of a cell learners do not get (an answer cell, an instructor's note)."""
BEGIN_SOLUTION = "### BEGIN SOLUTION"
END_SOLUTION = "### END SOLUTION"


def has_solution_cells(notebook: dict[str, Any]) -> bool:
    """True for a notebook with a cell tagged `solution` or a code cell with a `### BEGIN SOLUTION` line."""
    for cell in notebook.get("cells", []):
        if not isinstance(cell, dict):
            continue
        metadata = cell.get("metadata")
        tags = metadata.get("tags") if isinstance(metadata, dict) else None
        if isinstance(tags, list) and SOLUTION_TAG in tags:
            return True
        source = cell.get("source")
        if cell.get("cell_type") != "code":
            continue
        text = _joined(source) if isinstance(source, list) else source
        if (
            isinstance(text, str)
            and BEGIN_SOLUTION in text  # found in C; only then line by line (most cells have no marker)
            and any(line.strip() == BEGIN_SOLUTION for line in text.splitlines())
        ):
            return True
    return False


def _joined(lines: list[Any]) -> str:
    """A cell's source lines as one text (anything not text left out)."""
    try:
        return "".join(lines)
    except TypeError:
        return "".join(s for s in lines if isinstance(s, str))
