"""Keep keys pressed on an exercise's controls inside the exercise.

In JupyterLab's command mode, a plain key pressed on a focused drop-down,
radio button or check box is also a notebook shortcut: ArrowDown selects the
next cell, "a" inserts a cell above. Those elements are not `:read-write`, so
JupyterLab does not treat them as being typed into (ipywidgets#3912). This
invisible widget stops such keys at the exercise's outer element, after the
control has had them: the arrow keys move between options as they should,
while Ctrl/Cmd shortcuts (Ctrl+S), Shift+Enter, Tab and Escape still reach
JupyterLab. The code is part of the package (anywidget's prebuilt front end
runs it); nothing is injected into the learner's notebook.
"""

from __future__ import annotations

import anywidget

GUARD_ESM = """
const PASS_THROUGH = new Set(["Tab", "Escape"]);
const CONTROL = 'select, input[type="radio"], input[type="checkbox"]';

function keepInside(event) {
  const target = event.target;
  if (!(target instanceof Element) || !target.matches(CONTROL)) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (PASS_THROUGH.has(event.key) || (event.shiftKey && event.key === "Enter")) return;
  event.stopPropagation();
}

function render({ el }) {
  el.style.display = "none";
  let root = null;
  let tries = 0;
  const attach = () => {
    root = el.closest(".mlc-exercise");
    if (root) {
      root.addEventListener("keydown", keepInside);
    } else if (tries++ < 100) {
      setTimeout(attach, 100);
    }
  };
  attach();
  return () => root && root.removeEventListener("keydown", keepInside);
}

export default { render };
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; placed inside an exercise so its controls keep their keys."""

    _esm = GUARD_ESM

    def __repr__(self) -> str:
        return "KeyboardGuard()"
