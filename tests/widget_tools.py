"""Helpers for the widget tests: walk a widget tree and read what it shows as plain text."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

import ipywidgets as widgets

# An answer for every fixture exercise, as a learner could give it in code.
CODE_ANSWERS: dict[str, Any] = {
    "99.single": "mle",
    "99.multi": ["dbt", "helm"],
    "99.match": {"proto": "ds", "alerts": "mlops"},
    "99.raci": {"Model training code": {"Data Scientist": "R", "ML Engineer": "A"}},
    "99.scenario": {"topology": "embedded", "reasons": ["speed"]},
    "99.value": {"ra": 3, "i": 5},
    "99.reflect": "Roles overlap more than I expected here.",
}

ANSWER_CONTROLS = (widgets.Dropdown, widgets.RadioButtons, widgets.Checkbox, widgets.Text, widgets.Textarea)


def walk(widget: widgets.Widget) -> Iterator[widgets.Widget]:
    """The widget and all its descendants, depth first."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from walk(child)


def text(value: str) -> str:
    """What an HTML widget's value reads as: tags removed, entities decoded, spaces collapsed."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", value))).strip()


def visible(widget: widgets.DOMWidget) -> bool:
    return widget.layout.display != "none"


def controls(widget: widgets.Widget, kind: type | tuple[type, ...] = ANSWER_CONTROLS) -> list[widgets.Widget]:
    return [w for w in walk(widget) if isinstance(w, kind)]


def button(widget: widgets.Widget, name: str) -> widgets.Button:
    (found,) = [w for w in walk(widget) if isinstance(w, widgets.Button) and w.description == name]
    return found
