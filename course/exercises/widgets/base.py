"""The shell every exercise widget shares: header, prompt, buttons, feedback, status.

A widget is a view of an `ExerciseSession`. Every change to a control goes
straight to `session.set_answer` (which journals it and updates the notebook's
answer record); Check, Hint and Reset call the session; what the widget shows
comes from the session and its `Score`. It never scores anything itself, so
what a learner sees here is what `mlops-course check` and the grader compute.

The widget subscribes to its session, so an answer given in code
(`course.answer(...)`) or in another view of the same exercise appears here
too, and a widget re-created after a re-run or a kernel restart shows the
restored answer and its last feedback.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import ipywidgets as widgets
from markupsafe import Markup, escape

from course.exercises.answer_forms import AnswerError
from course.exercises.answers import describe_progress, normalise
from course.exercises.learner import learner_id, learner_problem
from course.exercises.records import SAVE_REMINDER
from course.exercises.results import INCORRECT, PARTIAL, Part, Score, readable_points
from course.exercises.session import RECORDED_SUMMARY, ExerciseSession, RetiredSession
from course.exercises.status import MARKS, PRACTICE_WORDS
from course.exercises.type_interface import ExerciseType
from course.exercises.variants import variants_of
from course.exercises.widgets.keyboard import KeyboardGuard
from course.exercises.widgets.style import ROOT_CLASS, style_widget
from course.text import esc, format_points, is_empty_answer

STATUS_MARKS = MARKS
STATUS_WORDS = PRACTICE_WORDS
_NOT_CHECKED = object()
WIDGETS: dict[str, type[ExerciseWidget]] = {}
"""Type name → the widget that shows its exercises, filled by `@shows`."""
W = TypeVar("W", bound="type[ExerciseWidget]")
OWN_CONTROLS: dict[type[widgets.DOMWidget], bool] = {}
"""Answer controls a widget module defines itself (beyond ipywidgets' own), filled by `@answer_control`:
the control → whether its keys need telling in the widget's keyboard note (as a list's do)."""
C = TypeVar("C", bound=type[widgets.DOMWidget])


def answer_control(*, keyboard_note: bool) -> Callable[[C], C]:
    """Class decorator for a control a type's widget defines itself, so the widget tests find it as
    they find ipywidgets' own controls, with no list naming types to edit."""

    def register_control(control: C) -> C:
        OWN_CONTROLS[control] = keyboard_note
        return control

    return register_control


def shows(exercise_type: type[ExerciseType[Any]]) -> Callable[[W], W]:
    """Class decorator: this widget shows the exercises of `exercise_type` (one widget per type)."""

    def register_widget(widget_class: W) -> W:
        known = WIDGETS.get(exercise_type.name)
        if known is not None and known.__qualname__ != widget_class.__qualname__:
            raise TypeError(f"two widgets for {exercise_type.name!r}: {known.__name__}, {widget_class.__name__}")
        WIDGETS[exercise_type.name] = widget_class
        return widget_class

    return register_widget


def inline_markup(text: str) -> Markup:
    """Escaped text with `backticks` as code and blank lines as paragraphs."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for paragraph in paragraphs:
        pieces = re.split(r"`([^`]+)`", paragraph.replace("\n", " "))  # text, code, text, code, ...
        body = Markup("").join(
            Markup("<code>{}</code>").format(p) if i % 2 else escape(p) for i, p in enumerate(pieces)
        )
        out.append(Markup("<p>{}</p>").format(body))
    return Markup("").join(out)


def fmt_points(points: float) -> str:
    """Points for display, with a real minus sign for a wrong pick's cost."""
    text = format_points(points)
    return text.replace("-", "−") if points < 0 else text


def readable(points: float) -> str:
    """Partial points rounded for reading (1.1 of 1.4, not 1.09/1.36), with a real minus sign."""
    text = readable_points(points)
    return text.replace("-", "−") if points < 0 else text


def sr_only(text: str) -> Markup:
    """Text for screen readers only (a visible mark says the same)."""
    return Markup('<span class="mlc-sr">{}</span>').format(text)


def hide(widget: widgets.DOMWidget, hidden: bool) -> None:
    widget.layout.display = "none" if hidden else None


KEYBOARD_NOTE = (
    "Keyboard: Tab moves between answers; arrow keys change the choice in a group; "
    "Space ticks a box or opens a list; Ctrl+S saves."
)
"""Shown under widgets with lists or options. The keys work because `KeyboardGuard` keeps plain
keys pressed on these controls inside the exercise, where JupyterLab's command mode would
otherwise take them as notebook shortcuts; the browser tests press them."""


class ExerciseWidget(widgets.VBox):
    """The shared shell; subclasses build the type's body and read/show its answer."""

    keyboard_note: str | None = KEYBOARD_NOTE

    def __init__(self, session: ExerciseSession) -> None:
        super().__init__()
        self.session = session
        exercise = session.exercise
        self._syncing = False
        self._checked_answer: Any = _NOT_CHECKED
        self._status_error = False
        self.add_class(ROOT_CLASS)
        self.add_class(f"mlc-type-{exercise.type.replace('_', '-')}")

        self.header = widgets.HTML(self._header_html())
        self.notice = widgets.HTML()
        self.notice.add_class("mlc-notice-box")
        self.case = widgets.HTML(case_html(session))
        self.case.add_class("mlc-case-box")
        hide(self.case, not self.case.value)
        self.prompt = widgets.HTML(Markup('<div class="mlc-prompt">{}</div>').format(inline_markup(exercise.prompt)))
        self.body = self.build_body()
        self.body.add_class("mlc-body")

        self.check_button = widgets.Button(
            description="Check",
            tooltip=(
                "Record your answer (feedback comes after the deadline)"
                if exercise.assessed
                else "Score your answer and show feedback"
            ),
            button_style="",
        )
        self.check_button.add_class("mlc-check-button")
        self.hint_button = widgets.Button(description="Hint", tooltip="Show the next hint")
        self.reset_button = widgets.Button(
            description="Reset", tooltip="Clear your answer and the feedback (answer again to bring one back)"
        )
        self.another_button = widgets.Button(
            description="Try another case",
            tooltip="Practise on another case of this exercise (your answer here stays as it is)",
        )
        self.another_button.add_class("mlc-another-button")
        self.attempts_label = widgets.HTML()
        self.attempts_label.add_class("mlc-attempts")
        buttons = widgets.HBox(
            [self.check_button, self.hint_button, self.reset_button, self.another_button, self.attempts_label]
        )
        buttons.add_class("mlc-buttons")

        self.status = widgets.HTML()
        self.status.add_class("mlc-status")
        self.hints = widgets.HTML()
        self.feedback = widgets.HTML()
        self.feedback.add_class("mlc-feedback")
        self.practice_box = widgets.VBox()
        self.practice_box.add_class("mlc-practice-case")
        self.reminder = widgets.HTML(self._reminder_html())
        self.reminder.add_class("mlc-reminder")
        self.keyboard = widgets.HTML(esc(self.keyboard_note or ""))
        self.keyboard.add_class("mlc-reminder")
        hide(self.keyboard, not self.keyboard_note)

        self.children = [
            style_widget(),
            KeyboardGuard(),
            self.header,
            self.notice,
            self.case,
            self.prompt,
            self.body,
            buttons,
            self.status,
            self.hints,
            self.feedback,
            self.practice_box,
            self.reminder,
            self.keyboard,
        ]

        self.check_button.on_click(lambda _button: self.on_check())
        self.hint_button.on_click(lambda _button: self.on_hint())
        self.reset_button.on_click(lambda _button: self.on_reset())
        self.another_button.on_click(lambda _button: self.on_another())

        if session.last_score is not None:
            self._checked_answer = session.answer
        self._sync_controls()
        self._render_all()
        if session.restored and session.answer is not None:
            self.set_status(
                f"✎ Your last answer was restored from {session.restored_from} "
                f"({describe_progress(exercise, session.answer)})."
            )
        elif session.restored:
            self.set_status(f"✎ Your last answer was restored from {session.restored_from}; see the note above.")
        else:
            self.set_status(self._answer_status())
        self._show_practising()
        self._unsubscribe: Callable[[], None] | None = session.subscribe(self._on_event)

    # --- for subclasses -----------------------------------------------------
    def build_body(self) -> widgets.Widget:
        """The type-specific controls."""
        raise NotImplementedError

    def read_answer(self) -> Any:
        """The answer as the controls show it (any form `normalise` accepts)."""
        raise NotImplementedError

    def show_answer(self, answer: Any) -> None:
        """Set the controls to a canonical answer (None: clear them). Called with change events muted."""
        raise NotImplementedError

    def after_change(self) -> None:
        """Refresh anything derived from the current answer (live warnings, word counts)."""

    def part_lines(self, score: Score, reveal: bool) -> list[str]:
        """The feedback list's items; choice types override this to keep the key hidden."""
        return part_items(score.parts, reveal)

    def answer_changed(self, _change: Any = None) -> None:
        """Observer for every answer control: record the new answer right away."""
        if self._syncing:
            return
        self.submit(self.read_answer())

    # --- actions ------------------------------------------------------------
    def submit(self, raw: Any) -> None:
        try:
            self.session.set_answer(raw)
        except RetiredSession as err:
            self.set_status(f"✘ Not recorded: {err}", error=True)
            return
        except AnswerError as err:
            self.set_status(f"✘ Not recorded: {err}", error=True)
            self.after_change()
            return
        if self.session.notes:
            self.set_status("⚠ " + " ".join(self.session.notes), error=True)
        elif self._status_error:
            self.set_status(self._answer_status())

    def on_check(self) -> None:
        try:
            self.session.check()
        except RetiredSession as err:
            self.set_status(f"✘ Not recorded: {err}", error=True)

    def on_hint(self) -> None:
        hint = self.session.next_hint()
        if hint is None:
            total = len(self.session.exercise.hints)
            self.set_status(
                "There are no more hints for this exercise." if total else "This exercise has no hints.",
            )

    def on_reset(self) -> None:
        try:
            self.session.reset()
        except RetiredSession as err:
            self.set_status(f"✘ Not recorded: {err}", error=True)

    def on_another(self) -> None:
        try:
            case = self.session.another_case()
        except (ValueError, RetiredSession) as err:
            self.set_status(f"✘ {err}", error=True)
            return
        self.set_status(f"Another case, {case.exercise.case_name}, is below. Your answer here stays as it is.")

    def _show_practising(self) -> None:
        """The other case being practised on, below this exercise's feedback (its own view, with its own buttons)."""
        from course.exercises.widgets import build_widget

        practising = getattr(self.session, "practising", None)
        shown = [w for w in self.practice_box.children if isinstance(w, ExerciseWidget)]
        if shown and practising is not None and shown[0].session is practising:
            return
        for widget in shown:
            widget.close()
        if practising is None:
            self.practice_box.children = ()
            hide(self.practice_box, True)
            return
        heading = widgets.HTML(
            Markup('<p class="mlc-part-heading">Another case, for practice: {}</p>').format(
                practising.exercise.case_name
            )
        )
        self.practice_box.children = (heading, build_widget(practising))
        hide(self.practice_box, False)

    def close(self) -> None:
        """Stop following the session (and close the widget's models)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        super().close()

    # --- session events -----------------------------------------------------
    def _on_event(self, event: str) -> None:
        if event == "another":
            self._show_practising()
        if event == "retired":
            for button in (self.check_button, self.reset_button, self.another_button):
                button.disabled = True
            self._render_all()
            self.set_status(f"✘ {self.session.retired}", error=True)
            return
        if event in ("answer", "reset"):
            self._sync_controls()
        if event == "check":
            self._checked_answer = self.session.answer
        elif event == "reset":
            self._checked_answer = _NOT_CHECKED
        self._render_all()
        if event == "answer":
            self.set_status(self._answer_status())
        elif event == "check":
            if is_empty_answer(self.session.answer):
                self.set_status("Nothing to check yet: give an answer first, then press Check.")
            elif self.session.exercise.assessed:
                self.set_status(f"● {RECORDED_SUMMARY} (attempt {self.session.attempts})")
            else:
                self.set_status(f"Checked (attempt {self.session.attempts}). The feedback is below.")
        elif event == "reset":
            self.set_status("Answer and feedback cleared. Give an answer again whenever you like.")
        elif event == "hint":
            shown, total = self.session.hints_shown, len(self.session.exercise.hints)
            self.set_status(f"Hint {shown} of {total} is shown below.")

    def _sync_controls(self) -> None:
        """Show the session's answer, unless the controls already say the same
        (rewriting a text box while someone types in it would move their cursor)."""
        answer = self.session.answer
        try:
            current = normalise(self.session.exercise, self.read_answer())
        except AnswerError:
            current = _NOT_CHECKED
        if current != answer or answer is None:
            self._syncing = True
            try:
                self.show_answer(answer)
            finally:
                self._syncing = False
        self.after_change()

    # --- rendering ----------------------------------------------------------
    def set_status(self, text: str, *, error: bool = False) -> None:
        self._status_error = error
        role = "alert" if error else "status"
        self.status.value = Markup('<div role="{}" aria-live="polite">{}</div>').format(role, text)
        if error:
            self.status.add_class("mlc-status-error")
        else:
            self.status.remove_class("mlc-status-error")

    def _answer_status(self) -> str:
        answer = self.session.answer
        if is_empty_answer(answer):
            return "No answer recorded yet."
        return f"✎ Answer recorded: {describe_progress(self.session.exercise, answer)}."

    def _render_all(self) -> None:
        session = self.session
        attempts = session.attempts
        self.attempts_label.value = f"Attempts: {attempts}"
        warning = session.warning or session.journal.warning or learner_problem()
        self.notice.value = (
            Markup('<div class="mlc-notice" role="note"><span class="mlc-mark">ⓘ</span> Note: {}</div>').format(warning)
            if warning
            else ""
        )
        hide(self.notice, not warning)
        hints = session.exercise.hints[: session.hints_shown]
        self.hints.value = (
            Markup('<div class="mlc-hints">{}</div>').format(
                Markup("").join(
                    Markup("<p><b>Hint {} of {}:</b> {}</p>").format(i, len(session.exercise.hints), text)
                    for i, text in enumerate(hints, 1)
                )
            )
            if hints
            else ""
        )
        hide(self.hints, not hints)
        self.feedback.value = self._feedback_html()
        hide(self.feedback, not self.feedback.value)
        hide(self.another_button, not session.can_try_another)

    def _feedback_html(self) -> str:
        score = self.session.last_score
        if score is None:
            return ""
        reveal = self.session.reveal_explanations
        mark = STATUS_MARKS.get(score.status, "·")
        summary = Markup(
            '<p class="mlc-fb-summary"><span class="mlc-mark" aria-hidden="true">{}</span>{} {}</p>'
        ).format(mark, sr_only(STATUS_WORDS.get(score.status, score.status) + ":"), score.summary)
        items = self.part_lines(score, reveal)
        parts = Markup('<ul class="mlc-parts">{}</ul>').format(Markup("").join(items)) if items else ""
        stale = Markup("")
        if self._checked_answer is not _NOT_CHECKED and self._checked_answer != self.session.answer:
            stale = Markup(
                '<p class="mlc-stale">Your answer has changed since this check: press Check to score it.</p>'
            )
        elif items and not reveal and score.status in (PARTIAL, INCORRECT):
            stale = Markup('<p class="mlc-stale">The explanation of a part appears once that part is right.</p>')
        return Markup('<div class="mlc-fb mlc-fb-{}" role="region" aria-label="Feedback">{}{}{}</div>').format(
            score.status, summary, parts, stale
        )

    def _header_html(self) -> str:
        exercise = self.session.exercise
        if exercise.graded:
            points = fmt_points(exercise.points)
            worth = f"{points} point{'s' if exercise.points != 1 else ''}"
        else:
            worth = "not scored: collected for your instructor"
        return Markup('<h3 class="mlc-title">{}</h3><p class="mlc-meta">Exercise {} · {} · Section: {}</p>').format(
            exercise.title, exercise.id, worth, exercise.section
        )

    def _reminder_html(self) -> str:
        return Markup("Your answer is recorded in this notebook as you go (the line under this exercise). {}").format(
            SAVE_REMINDER
        )

    # --- notebook output ----------------------------------------------------
    def __repr__(self) -> str:
        exercise = self.session.exercise
        return (
            f"Exercise {exercise.id}: {exercise.title} (interactive widget; run the notebook in JupyterLab to answer)"
        )

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any] | None:
        data: dict[str, Any] | None = super()._repr_mimebundle_(**kwargs)
        if data is not None:
            data["text/plain"] = repr(self)  # whole, not cut at 110 characters
        return data


def case_html(session: ExerciseSession) -> str:
    """Which case of the exercise this is, and why this learner has it ('' for an exercise without cases)."""
    exercise = session.exercise
    if not exercise.variant:
        return ""
    count = len(variants_of(session.base))
    name = Markup("<b>{}</b>").format(exercise.case_name)
    learner = learner_id()
    if session.case_chosen:
        why = Markup("{} ({}).").format(session.case_chosen, f"one of {count} cases")
    elif learner is None:
        why = Markup(
            "You have no learner id yet, so you see the first of {} cases. Set your id (notebooks/00_start_here.ipynb) "
            "and re-run this cell to get your own case: classmates get different ones."
        ).format(count)
    else:
        why = Markup("One of {} cases, drawn from your learner id ({}); classmates may have another.").format(
            count, learner
        )
    facts = Markup("").join(
        Markup('<tr><th scope="row">{}</th><td>{}</td></tr>').format(label, text) for label, text in exercise.case_facts
    )
    table = (
        Markup('<table class="mlc-facts"><caption class="mlc-sr">Your case</caption>{}</table>').format(facts)
        if facts
        else ""
    )
    return Markup('<div class="mlc-case"><p><span class="mlc-case-label">{}:</span> {} · {}</p>{}</div>').format(
        session.case_label, name, why, table
    )


def part_items(parts: Iterable[Part], reveal: bool) -> list[str]:
    """One list item per scored part: mark, label, points, feedback and (when due) the explanation."""
    shown: set[str] = set()
    items = []
    for part in parts:
        items.append(part_item(part, reveal, shown))
    return items


def part_item(part: Part, reveal: bool, shown_explanations: set[str], label: str | None = None) -> str:
    ok = part.correct
    mark, word, css = ("✔", "right", "mlc-ok") if ok else ("✘", "not right", "mlc-bad")
    points = Markup("")
    if part.max_points or part.points:
        points = (
            Markup(' <span class="mlc-pts">({} of {})</span>').format(readable(part.points), readable(part.max_points))
            if part.max_points
            else Markup(' <span class="mlc-pts">({})</span>').format(readable(part.points))
        )
    text = Markup('<li class="{}"><span class="mlc-mark" aria-hidden="true">{}</span>{}<b>{}</b>{}: ').format(
        css, mark, sr_only(word + ":"), label if label is not None else part.label, points
    )
    if part.misconception and not ok:
        text += Markup('<span class="mlc-misc">Common misconception: “{}”.</span> ').format(part.misconception)
    text += escape(part.feedback)
    explanation = part.explanation
    if explanation and explanation != part.feedback and (ok or reveal) and explanation not in shown_explanations:
        shown_explanations.add(explanation)
        text += Markup('<div class="mlc-expl">Why: {}</div>').format(explanation)
    return text + Markup("</li>")


def labelled(widget: widgets.DOMWidget, description: str, *, hidden_label: bool = False) -> widgets.DOMWidget:
    """Give a control an accessible name; with `hidden_label` the name stays in the DOM for
    screen readers while a visible header or row label names it on screen."""
    widget.description = description
    widget.tooltip = description
    if hidden_label:
        widget.style.description_width = "0px"
        widget.add_class("mlc-srlabel")
    return widget
