"""Check boxes for a set of options and their feedback list, shared by the widgets that tick options."""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.model import Choice
from course.exercises.results import Part
from course.exercises.widgets.base import labelled, part_item


def choice_boxes(choices: tuple[Choice, ...], observer: Any) -> dict[str, widgets.Checkbox]:
    """A labelled check box per choice, keyed by choice id."""
    boxes = {}
    for choice in choices:
        box = widgets.Checkbox(value=False, indent=False, layout=widgets.Layout(width="auto"))
        labelled(box, choice.text)
        box.observe(observer, names="value")
        boxes[choice.id] = box
    return boxes


def select_items(
    parts: tuple[Part, ...] | list[Part], choices: tuple[Choice, ...], reveal: bool, noun: str
) -> list[str]:
    """Feedback items for a set of check boxes.

    The scorer adds a part for each right option left unticked, labelled with
    that option; listing those would give the answer away, so until explanations
    are due they are only counted.
    """
    texts = {c.text for c in choices}
    shown: set[str] = set()
    items, missed = [], []
    for part in parts:
        if part.given is None and not part.correct and part.label in texts:
            missed.append(part)
        else:
            items.append(part_item(part, reveal, shown))
    if missed and reveal:
        items += [part_item(part, reveal, shown, label=f"Also right: {part.label}") for part in missed]
    elif missed:
        count = len(missed)
        plural = "s" if count != 1 else ""
        items.append(
            Markup('<li class="mlc-bad"><span class="mlc-mark" aria-hidden="true">✘</span>{}</li>').format(
                f"{count} {noun}{plural} not selected yet."
            )
        )
    return items
