"""feedback/<learner>.html: each exercise with the learner's answer, points and the explanation.

A section per course notebook is rendered by the worker that graded the file
(so the parent never re-scores); the parent joins a learner's sections into
one page. Everything the learner gave is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from course.exercises.definitions import (
    Exercise,
    FreeText,
    Matching,
    MultipleSelect,
    RaciGrid,
    Scenario,
    SingleChoice,
    Value,
)
from course.exercises.scoring import COLLECTED, UNANSWERED
from course.grading.outputs.formats import percent, points
from course.grading.outputs.html import esc, page
from course.grading.score import MEMO_SIZE, Graded, Memo

STATUS_WORDS = {
    "correct": "correct",
    "partial": "partly right",
    "incorrect": "not right",
    UNANSWERED: "not answered",
    COLLECTED: "collected for your teacher",
    "rejected": "could not be read",
}


def describe_answer(exercise: Exercise, answer: Any) -> str:
    """A canonical answer in words, using the question's own labels."""
    if answer in (None, "", [], {}):
        return "(no answer)"
    if isinstance(exercise, SingleChoice):
        return exercise.choice(answer).text
    if isinstance(exercise, MultipleSelect):
        return "; ".join(exercise.choice(c).text for c in answer)
    if isinstance(exercise, Matching):
        items = {i.id: i.text for i in exercise.items}
        return "\n".join(f"{items[i]} → {exercise.category_text(c)}" for i, c in answer.items())
    if isinstance(exercise, RaciGrid):
        return "\n".join(
            f"{activity}: " + ", ".join(f"{role} {letters}" for role, letters in row.items())
            for activity, row in answer.items()
        )
    if isinstance(exercise, Scenario):
        topologies = {c.id: c.text for c in exercise.topologies}
        reasons = {c.id: c.text for c in exercise.reasons}
        lines = [f"Topology: {topologies.get(answer.get('topology'), '(none)')}"]
        lines += [f"Reason: {reasons[r]}" for r in answer.get("reasons", [])]
        return "\n".join(lines)
    if isinstance(exercise, Value):
        labels = {f.id: f.label for f in exercise.fields}
        return "\n".join(f"{labels[k]}: {points(v)}" for k, v in answer.items())
    if isinstance(exercise, FreeText):
        return str(answer)
    return str(answer)


_rendered = Memo(MEMO_SIZE)


def render_exercise(graded: Graded) -> str:
    """One exercise's feedback; a memoised Graded (see `score.Memo`) is rendered once."""
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
        f'<p class="{esc(status)}"><strong>{esc(STATUS_WORDS.get(status, status).capitalize())}.</strong> '
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
    """For a wrong choice, the right one and why (graded feedback comes after the deadline)."""
    if graded.status in ("correct", COLLECTED):
        return ""
    if isinstance(exercise, SingleChoice):
        right = exercise.choice(exercise.key)
        return f"{right.text}. {right.feedback}"
    if isinstance(exercise, Scenario) and (graded.answer or {}).get("topology") != exercise.topology_key:
        right = next(c for c in exercise.topologies if c.id == exercise.topology_key)
        return f"{right.text}. {right.feedback}"
    return ""


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
