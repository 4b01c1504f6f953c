"""RACI grid: activities by roles, a drop-down of letters in each open cell.

Given cells are shown as locked labels. As the learner fills a row, the grid
says at once which validity rule the row breaks (two A's, no R), using the
same rule code the scorer uses; rows not started yet say nothing.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from markupsafe import Markup

from course.exercises.types.raci_grid import RaciGrid, RaciGridType, answer_matrix
from course.exercises.widgets.base import ExerciseWidget, hide, labelled, shows
from course.raci.cells import Scheme
from course.raci.matrix import RaciMatrix
from course.raci.rules import ONE_ACCOUNTABLE, SOME_RESPONSIBLE, Problem, activity_problems

NUMBER_WORDS = {0: "no", 2: "two", 3: "three", 4: "four"}


def cell_options(scheme: Scheme) -> list[str]:
    """The scheme's cells as drop-down values: blank, then single letters, each combined
    cell right after its last letter ('', R, A, R/A, C, I)."""
    cells = scheme.valid_cells()
    combined = [c for c in cells if len(c.letters) > 1]
    options = [""]
    for cell in cells:
        if len(cell.letters) != 1:
            continue
        options.append(str(cell))
        letter = next(iter(cell.letters))
        options += [str(c) for c in combined if max(c.letters, key=scheme.letters.index) == letter]
    options += [str(c) for c in combined if str(c) not in options]
    return options


def short_problem(matrix: RaciMatrix, problem: Problem) -> str:
    """A few words for the row's own column ('two A's', 'no R')."""
    if problem.rule == ONE_ACCOUNTABLE and problem.activity is not None:
        count = len(matrix.holders(problem.activity, "A"))
        return f"{NUMBER_WORDS.get(count, str(count))} A's" if count != 1 else "A?"
    if problem.rule == SOME_RESPONSIBLE:
        return "no R"
    return problem.rule


@shows(RaciGridType)
class RaciGridWidget(ExerciseWidget):
    """A grid of drop-downs with role headers, activity labels and a live rule column."""

    def build_body(self) -> widgets.Widget:
        exercise: RaciGrid = self.session.exercise  # type: ignore[assignment]
        options = cell_options(exercise.scheme)
        self.dropdowns: dict[tuple[str, str], widgets.Dropdown] = {}
        self.row_warnings: dict[str, widgets.HTML] = {}

        def head(text: str, *extra: str) -> widgets.HTML:
            cell = widgets.HTML(Markup("<div>{}</div>").format(text))
            for name in ("mlc-colhead", *extra):
                cell.add_class(name)
            return cell

        cells: list[widgets.Widget] = [
            head("Activity", "mlc-colhead-row"),
            *[head(role) for role in exercise.roles],
            head("Rules"),
        ]
        for activity in exercise.activities:
            label = widgets.HTML(Markup("<div>{}</div>").format(activity))
            label.add_class("mlc-rowhead")
            cells.append(label)
            for role in exercise.roles:
                if (activity, role) in exercise.given:
                    text = exercise.given[(activity, role)] or "–"
                    given = widgets.HTML(
                        Markup(
                            '<span class="mlc-given" title="Given: {activity} – {role} is {text} '
                            '(not scored)">{text} <span class="mlc-given-tag">given</span></span>'
                        ).format(activity=activity, role=role, text=text)
                    )
                    cells.append(given)
                    continue
                dropdown = widgets.Dropdown(options=options, value="", layout=widgets.Layout(width="auto"))
                labelled(dropdown, f"{activity} – {role}", hidden_label=True)
                dropdown.observe(self.answer_changed, names="value")
                self.dropdowns[(activity, role)] = dropdown
                cells.append(dropdown)
            warning = widgets.HTML()
            warning.add_class("mlc-rowwarn")
            self.row_warnings[activity] = warning
            cells.append(warning)
        roles = len(exercise.roles)
        grid = widgets.GridBox(
            cells,
            layout=widgets.Layout(
                grid_template_columns=f"minmax(9em, 2fr) repeat({roles}, minmax(5em, 1fr)) minmax(6.5em, 1fr)",
                grid_gap="2px 4px",
            ),
        )
        grid.add_class("mlc-grid")
        self.warnings = widgets.HTML()
        scheme = exercise.scheme
        meanings = Markup(" · ").join(
            Markup("<b>{}</b> {}").format(letter, scheme.meaning(letter)) for letter in scheme.letters
        )
        legend = widgets.HTML(
            Markup("{} · <b>R/A</b> both. Cells marked “given” are filled in for you and not scored.").format(meanings)
        )
        legend.add_class("mlc-legend")
        return widgets.VBox([grid, legend, self.warnings])

    def read_answer(self) -> Any:
        exercise: RaciGrid = self.session.exercise  # type: ignore[assignment]
        rows: dict[str, dict[str, str]] = {}
        for (activity, role), dropdown in self.dropdowns.items():
            rows.setdefault(activity, {})[role] = dropdown.value
        return {a: rows[a] for a in exercise.activities if a in rows}

    def show_answer(self, answer: Any) -> None:
        rows = answer or {}
        for (activity, role), dropdown in self.dropdowns.items():
            dropdown.value = rows.get(activity, {}).get(role, "")

    def after_change(self) -> None:
        """Live rule warnings for every row the learner has started."""
        exercise: RaciGrid = self.session.exercise  # type: ignore[assignment]
        answer = self.session.answer or {}
        matrix = answer_matrix(exercise, answer)
        messages = []
        for activity in exercise.activities:
            problems = activity_problems(matrix, activity) if answer.get(activity) else []
            box = self.row_warnings[activity]
            if problems:
                short = ", ".join(short_problem(matrix, p) for p in problems)
                box.value = Markup(
                    '<span class="mlc-warn"><span class="mlc-mark" aria-hidden="true">⚠</span>{}</span>'
                ).format(short)
                box.tooltip = " ".join(p.message for p in problems)
                messages += [p.message for p in problems]
            else:
                box.value = ""
                box.tooltip = None
        self.warnings.value = (
            Markup('<ul class="mlc-parts" role="status">{}</ul>').format(
                Markup("").join(
                    Markup('<li class="mlc-warn"><span class="mlc-mark" aria-hidden="true">⚠</span>{}</li>').format(m)
                    for m in messages
                )
            )
            if messages
            else ""
        )
        hide(self.warnings, not messages)
