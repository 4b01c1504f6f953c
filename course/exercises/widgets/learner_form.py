"""A small form to set the learner id once (it is recorded with every answer)."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.learner import LEARNER_ENV, learner_id, set_learner
from course.exercises.widgets.style import ROOT_CLASS, style_widget


class LearnerForm(widgets.VBox):
    """A text box and a Save button; says the current id or what is wrong with the one typed."""

    def __init__(self) -> None:
        super().__init__()
        self.add_class(ROOT_CLASS)
        self.add_class("mlc-learner-form")
        current = learner_id()
        self.text = widgets.Text(
            value=current or "",
            placeholder="for example your university login",
            description="Learner id",
            tooltip="Your learner id: 1 to 64 letters, digits or . _ @ + -",
            style={"description_width": "initial"},
            layout=widgets.Layout(width="28em"),
        )
        self.text.add_class("mlc-labelled")
        self.save_button = widgets.Button(description="Save", tooltip="Save your learner id for every notebook")
        self.save_button.on_click(lambda _button: self.save())
        self.status = widgets.HTML()
        self.status.add_class("mlc-status")
        row = widgets.HBox([self.text, self.save_button])
        row.add_class("mlc-buttons")
        self.children = [style_widget(), row, self.status]
        self._show_current(current)

    def _show_current(self, current: str | None) -> None:
        if current:
            self._status(f"Your answers are recorded as {current}.")
        else:
            self._status("No learner id set yet: type yours and press Save.")

    def _status(self, text: str, *, error: bool = False) -> None:
        role = "alert" if error else "status"
        mark = Markup('<span class="mlc-mark" aria-hidden="true">✘</span>') if error else ""
        self.status.value = Markup('<div role="{}" aria-live="polite">{}{}</div>').format(role, mark, text)
        if error:
            self.status.add_class("mlc-status-error")
        else:
            self.status.remove_class("mlc-status-error")

    def save(self) -> None:
        try:
            saved = set_learner(self.text.value, remember=True)
        except ValueError as err:
            self._status(f"Not saved: {err}.", error=True)
            return
        except OSError as err:
            self._status(f"Not saved: the id could not be written ({err}).", error=True)
            return
        self.text.value = saved
        current = learner_id()
        if current != saved:
            self._status(
                f"Saved {saved}, but {LEARNER_ENV} is set to {current} in this environment, "
                "so answers are recorded as that.",
                error=True,
            )
        else:
            self._status(f"✔ Saved: your answers are recorded as {saved}.")

    def __repr__(self) -> str:
        return "Learner id form (interactive widget; run the notebook in JupyterLab to use it)"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = repr(self)
        return data


def learner_form() -> LearnerForm:
    """The form; leave it as a cell's last value to show it."""
    return LearnerForm()
