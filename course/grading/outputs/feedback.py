"""feedback/<learner>.html: each exercise with the learner's answer, points and the explanation.

A section per course notebook is rendered by the worker that graded the file
(so the parent never re-scores); the parent joins a learner's sections into
one page. Everything the learner gave is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from course.exercises.definitions import Exercise
from course.exercises.status import LEARNER_WORDS, Status
from course.exercises.types.registry import type_of
from course.grading.grade_answers import MEMO_SIZE, Graded
from course.grading.outputs.formats import percent, points
from course.grading.outputs.html import page
from course.memo import Memo
from course.text import esc, is_empty_answer


def describe_answer(exercise: Exercise, answer: Any) -> str:
    """A canonical answer in words, using the question's own labels."""
    if is_empty_answer(answer):
        return "(no answer)"
    return type_of(exercise).describe_answer(exercise, answer)


_rendered: Memo[int, tuple[Graded, str]] = Memo(MEMO_SIZE)


def render_exercise(graded: Graded) -> str:
    """One exercise's feedback; a memoised Graded (see `course.memo.Memo`) is rendered once."""
    found = _rendered.get(id(graded))
    if found is not None and found[0] is graded:
        return found[1]
    return _rendered.put(id(graded), (graded, _render_exercise(graded)))[1]


def _render_exercise(graded: Graded) -> str:
    exercise, result = graded.exercise, graded.score
    status = graded.status
    lines = [
        '<article class="exercise">',
        f"<h3>{esc(exercise.id)}: {esc(exercise.title)}</h3>",
        f"<p>{esc(exercise.prompt)}</p>",
        "<p><strong>Your answer</strong></p>",
        f'<pre class="answer">{esc(describe_answer(exercise, graded.answer))}</pre>',
        f'<p class="{esc(status)}"><strong>{esc(LEARNER_WORDS[Status(status)].capitalize())}.</strong> '
        f"{esc(result.summary)}</p>",
    ]
    if graded.note:
        lines.append(f'<p class="note">Note: {esc(graded.note)}</p>')
    parts = [p for p in result.parts if p.feedback or p.explanation]
    if parts:
        lines.append("<ul>")
        for part in parts:
            mark = "✔" if part.correct else "✘"
            detail = esc(part.feedback)
            if part.explanation and part.explanation != part.feedback:
                detail += f"<br><em>Why:</em> {esc(part.explanation)}"
            lines.append(f"<li>{mark} <strong>{esc(part.label)}</strong>: {detail}</li>")
        lines.append("</ul>")
    key = the_answer(exercise, graded)
    if key:
        lines.append(f"<p><em>The answer:</em> {esc(key)}</p>")
    explanation = getattr(exercise, "explanation", "")
    if explanation and not any(p.explanation == explanation for p in result.parts):
        lines.append(f"<p><em>Explanation:</em> {esc(explanation)}</p>")
    lines.append("</article>")
    return "\n".join(lines)


def the_answer(exercise: Exercise, graded: Graded) -> str:
    """What the feedback reveals of the key for an answer that is not right (it comes after the deadline)."""
    if graded.status in (Status.CORRECT, Status.COLLECTED):
        return ""
    return type_of(exercise).reveal_key(exercise, graded.answer)


def render_notebook(number: str, title: str, label: str, graded: list[Graded]) -> str:
    """One notebook's section of a learner's feedback page."""
    earned = sum(g.score.points for g in graded)
    possible = sum(g.score.max_points for g in graded)
    body = [
        '<section class="notebook">',
        f"<h2>Notebook {esc(number)}: {esc(title)}</h2>",
        f'<p class="note">Graded from {esc(label)}: {points(earned)} of {points(possible)} points.</p>',
        *(render_exercise(g) for g in graded),
        "</section>",
    ]
    return "\n".join(body)


def render_page(learner: str, sections: Iterable[str], earned: float, possible: float) -> str:
    share = 100.0 * earned / possible if possible else 0.0
    body = [
        f"<h1>Feedback for {esc(learner)}</h1>",
        f"<p><strong>{points(earned)} of {points(possible)} points ({percent(share)}%)</strong> "
        "across the notebooks graded.</p>",
        *sections,
    ]
    return page(f"Feedback for {learner}", "\n".join(body))
