"""Read and write course notebooks byte-for-byte reproducibly.

Generated files (exercises/) are compared with what is committed, so writing
the same notebook twice must give the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from course.errors import CourseError


class NotebookReadError(CourseError, ValueError):
    """One of the kit's own notebooks cannot be read (a hand edit broke its JSON): named with where."""


def read_notebook(path: Path) -> dict[str, Any]:
    """Read an .ipynb as plain JSON (these are the kit's own files, not submissions)."""
    try:
        notebook = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as err:
        raise NotebookReadError(
            f"{path} is not a readable notebook: {err.msg} at line {err.lineno}, column {err.colno}"
        ) from None
    except UnicodeDecodeError as err:
        raise NotebookReadError(f"{path} is not a readable notebook: not UTF-8 text at byte {err.start}") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise NotebookReadError(f"{path} is not a readable notebook: no list of cells at the top level")
    return notebook


def dumps_notebook(notebook: dict[str, Any]) -> str:
    """The canonical text of a notebook: Jupyter's own layout (indent 1, sorted keys), final newline."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def write_notebook(path: Path, notebook: dict[str, Any]) -> bool:
    """Write if the content differs; returns True when the file changed."""
    from course.atomic import write_text_atomic

    text = dumps_notebook(notebook)
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    write_text_atomic(path, text)
    return True


def cell_source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def cell_tags(cell: dict[str, Any]) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))
