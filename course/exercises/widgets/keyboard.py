"""Keep keys pressed on an exercise's controls inside the exercise.

In JupyterLab's command mode, a plain key pressed on a focused drop-down,
radio button or check box is also a notebook shortcut: ArrowDown selects the
next cell, "a" inserts a cell above. Those elements are not `:read-write`, so
JupyterLab does not treat them as being typed into (ipywidgets#3912). This
invisible widget stops such keys at the exercise's outer element, after the
control has had them: the arrow keys move between options as they should,
while Ctrl/Cmd shortcuts (Ctrl+S), Shift+Enter, Tab and Escape still reach
JupyterLab. It also names each radio group (nameless radios would form one
group across the whole page, so an arrow key could move into another
exercise), and marks a view restored from saved widget state, with no kernel
behind it, as read-only. The code is a package file, static/keyboard_guard.js (anywidget's prebuilt front end
runs it); nothing is injected into the learner's notebook.
"""

from __future__ import annotations

from pathlib import Path

import anywidget

GUARD_FILE = Path(__file__).resolve().parent / "static" / "keyboard_guard.js"
GUARD_ESM = GUARD_FILE.read_text(encoding="utf-8")
"""The guard's JavaScript module (static/keyboard_guard.js, a package file)."""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; placed inside an exercise so its controls keep their keys (and its radios their group).

    It also answers the front end's ping: a view that gets no answer is one restored from
    saved widget state with no kernel behind it, and shows itself as saved (read-only).
    """

    _esm = GUARD_FILE

    def __init__(self) -> None:
        super().__init__()
        self.on_msg(self._answer_ping)

    def _answer_ping(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("ping"):
            self.send({"pong": True})

    def __repr__(self) -> str:
        return "KeyboardGuard()"
