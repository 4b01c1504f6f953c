"""MLOps Roles & Team Structure: a JupyterLab course kit.

`import course` stays light (no pandas, matplotlib or ipywidgets): the heavy
libraries load when a lesson first asks for a DataFrame, a figure or a widget.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from course.chapter.model import Chapter

__all__ = ["__version__", "load_chapter"]


def load_chapter(path: str | None = None) -> Chapter:
    """The chapter's content, validated; see `course.chapter.load_chapter`."""
    from course.chapter.loader import load_chapter as _load

    return _load(path)
