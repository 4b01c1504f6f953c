"""Show an exercise in a notebook: its widget, then its answer record.

The record is displayed with a display id and replaced on every change, which
is what puts the answer into the saved .ipynb (widget state alone is not saved
reliably). Only the newest display of an exercise keeps receiving updates, so
re-running a cell does not leave stale outputs being rewritten.
"""

from __future__ import annotations

from typing import Any

from course.exercises.session import CaseSession, ExerciseSession

_active: dict[int, Any] = {}


def show(session: ExerciseSession) -> None:
    """Display the widget and the live record for `session`."""
    from IPython.display import display

    from course.exercises.widgets import build_widget

    display(build_widget(session))
    if isinstance(session, CaseSession):  # a case tried for practice lives in its exercise's record, shown there
        return
    handle = display(session.bundle(), raw=True, display_id=True)
    previous = _active.pop(id(session), None)
    if previous is not None:
        previous()
    _active[id(session)] = session.subscribe(lambda _event: handle.update(session.bundle(), raw=True))
