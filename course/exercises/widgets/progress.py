"""The progress widget: per notebook and for the course, from the learner's answer journal.

The numbers come from `exercises.progress.summarise`, the same summary
`mlops-course check` prints, so the widget and the terminal agree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.definitions import ExerciseBank
from course.exercises.definitions import bank as configured_bank
from course.exercises.policy import Policy, configured_policy
from course.exercises.progress import ASSESSED_NOTE, CourseProgress, journal_records, summarise
from course.exercises.widgets.base import fmt_points
from course.exercises.widgets.style import ROOT_CLASS, style_widget


def bar(percent: float, label: str) -> str:
    """A small bar with its number beside it (the number carries the meaning, not the colour)."""
    clamped = max(0.0, min(100.0, percent))
    return Markup(
        '<span class="mlc-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" '
        'aria-valuenow="{now:.0f}" aria-label="{label}">'
        '<span class="mlc-bar-fill" style="display:block;width:{width:.1f}%"></span></span>'
        "{now:.0f}%"
    ).format(now=clamped, width=clamped, label=label)


def progress_table(progress: CourseProgress) -> str:
    """The table as HTML: one row per notebook, then the course total."""
    if not progress.notebooks:
        return "<p>No exercises are defined yet.</p>"
    head = (
        "<tr><th scope='col'>Notebook</th><th scope='col'>Answered</th>"
        "<th scope='col'>Points</th><th scope='col'>Score</th></tr>"
    )
    rows = []
    for notebook in progress.notebooks:
        if notebook.assessed:
            rows.append(
                Markup(
                    "<tr><td class='mlc-nb-title'>{} {}</td><td>{}/{} recorded</td><td colspan='2'>{}</td></tr>"
                ).format(notebook.number, notebook.title, notebook.answered, notebook.total, ASSESSED_NOTE)
            )
            continue
        rows.append(
            Markup("<tr><td class='mlc-nb-title'>{} {}</td><td>{}/{}</td><td>{}/{}</td><td>{}</td></tr>").format(
                notebook.number,
                notebook.title,
                notebook.answered,
                notebook.total,
                fmt_points(notebook.points),
                fmt_points(notebook.max_points),
                bar(notebook.percent, f"Notebook {notebook.number} score"),
            )
        )
    rows.append(
        Markup("<tr class='mlc-total'><td>Course total</td><td>{}/{}</td><td>{}/{}</td><td>{}</td></tr>").format(
            progress.answered,
            progress.total,
            fmt_points(progress.points),
            fmt_points(progress.max_points),
            bar(progress.percent, "Course score"),
        )
    )
    return Markup("<table class='mlc-progress-table'>{}{}</table>").format(Markup(head), Markup("").join(rows))


class ProgressWidget(widgets.VBox):
    """The learner's progress table and a Refresh button."""

    def __init__(
        self,
        notebooks: list[str] | None = None,
        bank: ExerciseBank | None = None,
        nudge: Callable[[], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.notebooks = notebooks
        self._bank = bank
        self._nudge = nudge
        """A line worked out at each refresh by a caller above this layer (the review's, from `course.progress`)."""
        self.add_class(ROOT_CLASS)
        self.add_class("mlc-progress")
        self.table = widgets.HTML()
        self.refresh_button = widgets.Button(
            description="Refresh", tooltip="Read your answers again and update the table"
        )
        self.refresh_button.on_click(lambda _button: self.refresh())
        self.note = widgets.HTML()
        self.note.add_class("mlc-legend")
        header = widgets.HTML('<h3 class="mlc-title">Your progress</h3>')
        self.children = [style_widget(), header, self.table, widgets.HBox([self.refresh_button]), self.note]
        self.progress: CourseProgress | None = None
        self.refresh()

    def bank(self) -> ExerciseBank:
        if self._bank is None:
            return configured_bank()
        return self._bank

    def refresh(self) -> None:
        """Re-read the journal and re-score every answer."""
        records = journal_records()
        self.progress = summarise(
            self.bank(),
            {k: answer for k, (answer, _) in records.items()},
            self.notebooks,
            policy=learner_policy(),
            evidence={k: found for k, (_, found) in records.items()},
        )
        self.table.value = progress_table(self.progress)
        self.note.value = Markup(
            "From the answers journalled on this computer; your instructor grades the saved notebooks. "
            "Grading policy: {}."
        ).format(self.progress.policy.describe())
        line = self._nudge() if self._nudge is not None else None
        if line:
            self.note.value += Markup("<br><span class='mlc-review-nudge'>{}</span>").format(line)

    def __repr__(self) -> str:
        return "Course progress (interactive widget; run the notebook in JupyterLab to see it)"

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = repr(self)
        return data


def learner_policy() -> Policy:
    """The policy the course config names for these definitions (final if none, or if it cannot be read)."""
    from course.datafile import DataFileError
    from course.exercises.definitions import configured_definitions

    try:
        return configured_policy(configured_definitions())
    except DataFileError:
        return Policy()


def progress_widget(
    notebooks: str | Iterable[str] | None = None,
    *,
    bank: ExerciseBank | None = None,
    nudge: Callable[[], str | None] | None = None,
) -> ProgressWidget:
    """Progress for some notebooks ('04' or ['04', '05']) or all of them.

    An unknown notebook number is an error naming the known ones.
    """
    chosen: list[str] | None
    if notebooks is None:
        chosen = None
    else:
        chosen = [notebooks] if isinstance(notebooks, str) else [str(n) for n in notebooks]
        chosen = [n.zfill(2) for n in chosen]
        source = bank
        if source is None:
            source = configured_bank()
        known = source.notebooks()
        unknown = [n for n in chosen if n not in known]
        if unknown:
            raise ValueError(
                f"no exercises for notebook {unknown[0]!r}; notebooks with exercises: {', '.join(known) or 'none yet'}"
            )
    return ProgressWidget(chosen, bank, nudge)
