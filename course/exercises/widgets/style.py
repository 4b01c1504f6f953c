"""The exercise widgets' look: one CSS block that follows JupyterLab's theme.

Every colour and size is a JupyterLab CSS variable (with a fallback for other
front ends), so the widgets read well in the light and the dark theme and scale
with JupyterLab's font size when projected. Meaning never rests on colour
alone: marks (✔ ✘ ⚠) and words carry it, colour only underlines it.

The block is scoped under `.mlc-exercise` and identical every time it is
emitted, so showing many exercises in one notebook changes nothing.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets

ROOT_CLASS = "mlc-exercise"

CSS_FILE = Path(__file__).resolve().parent / "static" / "exercise.css"
CSS = CSS_FILE.read_text(encoding="utf-8")
"""The block itself (static/exercise.css, a package file an editor highlights as CSS)."""


def style_widget() -> widgets.HTML:
    """The `<style>` block as a widget; it takes no space (a style element renders nothing)."""
    style = widgets.HTML(value=f"<style>{CSS}</style>", layout=widgets.Layout(margin="0", height="0px"))
    style.add_class("mlc-style")
    return style
