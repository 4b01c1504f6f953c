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
behind it, as read-only. The code is part of the package (anywidget's prebuilt front end
runs it); nothing is injected into the learner's notebook.
"""

from __future__ import annotations

import anywidget

GUARD_ESM = """
const PASS_THROUGH = new Set(["Tab", "Escape"]);
const CONTROL = 'select, input[type="radio"], input[type="checkbox"]';
const ANSWER = 'select, input, textarea, button';
const PING_WAIT_MS = 4000;
let groups = 0;

function keepInside(event) {
  const target = event.target;
  if (!(target instanceof Element) || !target.matches(CONTROL)) return;
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  if (PASS_THROUGH.has(event.key) || (event.shiftKey && event.key === "Enter")) return;
  event.stopPropagation();
}

// Radio inputs without a name form one group with every other nameless radio on the page,
// so an arrow key could move the choice into another exercise: name each group.
function nameRadioGroups(root) {
  for (const box of root.querySelectorAll(".widget-radio-box")) {
    // Random, not a clock or counter: each view may load this module afresh, in the same millisecond.
    if (!box.dataset.mlcGroup) {
      box.dataset.mlcGroup = `mlc-choice-${Math.random().toString(36).slice(2, 12)}-${groups++}`;
    }
    for (const input of box.querySelectorAll('input[type="radio"]')) {
      if (input.name !== box.dataset.mlcGroup) input.name = box.dataset.mlcGroup;
    }
  }
}

// Shown from saved widget state with no kernel behind it, an exercise is a picture of the saved
// answer: say so, and lock its controls, so no click is taken for an answer that is not recorded.
function showAsSaved(root) {
  if (root.querySelector(".mlc-saved-view")) return;
  root.classList.add("mlc-as-saved");
  const note = document.createElement("div");
  note.className = "mlc-saved-view";
  note.setAttribute("role", "note");
  note.textContent = "Shown as saved in this notebook. Run this cell (or Run All) to change the answer.";
  root.insertBefore(note, root.firstChild);
  for (const control of root.querySelectorAll(ANSWER)) {
    if (!control.disabled) {
      control.disabled = true;
      control.dataset.mlcLocked = "1";
    }
  }
}

// A late answer (the kernel was busy running other cells): the view is live after all.
function showAsLive(root) {
  root.classList.remove("mlc-as-saved");
  for (const note of root.querySelectorAll(".mlc-saved-view")) note.remove();
  for (const control of root.querySelectorAll("[data-mlc-locked]")) {
    control.disabled = false;
    delete control.dataset.mlcLocked;
  }
}

function render({ model, el }) {
  el.style.display = "none";
  let root = null;
  let observer = null;
  let live = false;
  let tries = 0;
  const onMessage = (message) => {
    if (message && message.pong) {
      live = true;
      if (root) showAsLive(root);
    }
  };
  model.on("msg:custom", onMessage);
  const attach = () => {
    root = el.closest(".mlc-exercise");
    if (root) {
      root.addEventListener("keydown", keepInside);
      nameRadioGroups(root);
      observer = new MutationObserver(() => nameRadioGroups(root));
      observer.observe(root, { childList: true, subtree: true });
      try {
        model.send({ ping: true });
      } catch (error) {
        // no kernel connection: the timer below shows the saved view
      }
      setTimeout(() => {
        if (!live && root) showAsSaved(root);
      }, PING_WAIT_MS);
    } else if (tries++ < 100) {
      setTimeout(attach, 100);
    }
  };
  attach();
  return () => {
    model.off("msg:custom", onMessage);
    if (observer) observer.disconnect();
    if (root) root.removeEventListener("keydown", keepInside);
  };
}

export default { render };
"""


class KeyboardGuard(anywidget.AnyWidget):
    """Invisible; placed inside an exercise so its controls keep their keys (and its radios their group).

    It also answers the front end's ping: a view that gets no answer is one restored from
    saved widget state with no kernel behind it, and shows itself as saved (read-only).
    """

    _esm = GUARD_ESM

    def __init__(self) -> None:
        super().__init__()
        self.on_msg(self._answer_ping)

    def _answer_ping(self, _widget: object, content: object, _buffers: object) -> None:
        if isinstance(content, dict) and content.get("ping"):
            self.send({"pong": True})

    def __repr__(self) -> str:
        return "KeyboardGuard()"
