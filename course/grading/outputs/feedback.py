"""feedback/<learner>.html: each exercise with the learner's answer, points and the explanation.

A section per course notebook is rendered by the worker that graded the file
(`render_sections`, from the data the pipeline returns, so the parent never re-scores); the parent joins a learner's sections into
one page. The HTML comes from templates/feedback_*.html.j2, which escape
everything the learner gave (a notebook's section frame is `NOTEBOOK_HEAD`, escaped the same way).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from course.exercises.model import Exercise
from course.exercises.policy import PracticeWeight
from course.exercises.status import LEARNER_WORDS, Status
from course.exercises.type_registry import type_of
from course.frozen import replaced
from course.grading.course_grade import PracticeRecord
from course.grading.grade_answers import MEMO_SIZE, Graded
from course.grading.outputs.formats import render_percent, render_points
from course.grading.outputs.templating import render
from course.memo import Memo
from course.text import is_empty_answer

if TYPE_CHECKING:
    from course.grading.pipeline import FileResult


def describe_answer(exercise: Exercise, answer: Any) -> str:
    """A canonical answer in words, using the question's own labels."""
    if is_empty_answer(answer):
        return "(no answer)"
    return type_of(exercise).describe_answer(exercise, answer)


_rendered: Memo[tuple[int, bool], tuple[Graded, str]] = Memo(MEMO_SIZE)


def render_exercise(graded: Graded, answers: bool = True) -> str:
    """One exercise's feedback, as a line of its section (it ends in a newline); a memoised Graded (see
    `course.memo.Memo`) is rendered once, and every file that gave its answer gets the same text object,
    which `store.SectionFile` writes once.

    `answers` (`grade --feedback-answers`): with False the page shows what the learner answered and
    the feedback on it, but no key, no missed right option and no explanation of a part not right.
    """
    found = _rendered.get((id(graded), answers))
    if found is not None and found[0] is graded:
        return found[1]
    return _rendered.put((id(graded), answers), (graded, f"{_render_exercise(graded, answers)}\n"))[1]


def _render_exercise(graded: Graded, answers: bool) -> str:
    exercise, result = graded.exercise, graded.score
    explanation = getattr(exercise, "explanation", "")
    if any(p.explanation == explanation for p in result.parts):
        explanation = ""  # already shown with a part
    parts = [p for p in result.parts if p.feedback or p.explanation]
    if not answers:
        parts = [
            dataclasses.replace(p, explanation=p.explanation if p.correct else "")
            for p in parts
            if p.given is not None or p.correct
        ]
        if graded.status != Status.CORRECT:
            explanation = ""
    return render(
        "feedback_exercise.html.j2",
        exercise=exercise,
        answer=describe_answer(exercise, graded.answer),
        status=graded.status,
        status_words=LEARNER_WORDS[Status(graded.status)].capitalize(),
        summary=result.summary,
        note=graded.note,
        parts=parts,
        key=the_answer(exercise, graded) if answers else "",
        explanation=explanation,
    )


def the_answer(exercise: Exercise, graded: Graded) -> str:
    """What the feedback reveals of the key for an answer that is not right (it comes after the deadline)."""
    if graded.status in (Status.CORRECT, Status.COLLECTED):
        return ""
    return type_of(exercise).reveal_key(exercise, graded.answer)


NOTEBOOK_HEAD = (
    '<section class="notebook">\n'
    "<h2>Notebook {number}: {title}</h2>\n"
    '<p class="note">Graded from {label}: {earned} of {possible} points.</p>\n'
)
NOTEBOOK_END = "</section>\n"
"""A notebook's section is this head, each exercise's HTML on its own line, and the end. It is put
together here rather than by a template because it is made once per graded file (a template call
costs more than the rest of the section); every value is escaped as the templates do (`escape`, which
is what `Markup.format` applies to each field, without its formatter's cost)."""


def render_notebook(
    number: str, title: str, label: str, graded: list[Graded], answers: bool = True
) -> tuple[str, tuple[str, ...]]:
    """One notebook's section of a learner's feedback page (`answers`: see `render_exercise`), in pieces:
    its head (this file's own) and the rest (each exercise's HTML and the end), shared with every section
    that shows the same answers; joined, they are the section."""
    head = _heads(number, title).format(
        label=escape(label),
        earned=escape(render_points(sum(g.score.points for g in graded))),
        possible=escape(render_points(sum(g.score.max_points for g in graded))),
    )
    return head, (*(render_exercise(g, answers) for g in graded), NOTEBOOK_END)


@lru_cache(maxsize=64)
def _heads(number: str, title: str) -> str:
    """`NOTEBOOK_HEAD` with the notebook's number and title in it (escaped once per notebook, not per file),
    its braces kept for the rest."""
    return NOTEBOOK_HEAD.format(
        number=str(escape(number)).replace("{", "{{").replace("}", "}}"),
        title=str(escape(title)).replace("{", "{{").replace("}", "}}"),
        label="{label}",
        earned="{earned}",
        possible="{possible}",
    )


def render_sections(result: FileResult, answers: bool = True) -> FileResult:
    """The result with each notebook's feedback section rendered; the graded data stays behind."""
    sections = tuple(
        (grades.number, *render_notebook(grades.number, grades.title, grades.label, list(grades.graded), answers))
        for grades in result.grades
    )
    return replaced(result, sections=sections, grades=())


@dataclass(frozen=True)
class PageTotals:
    """What the top of a learner's feedback page says (see `course.grading.course_grade`)."""

    earned: float
    possible: float
    """Assessed points earned, and possible in the assessed notebooks the learner handed in."""
    practice: PracticeRecord | None
    """The learner's work over the run's practice notebooks (None: no practice notebook in the run)."""
    percent: float
    weight: PracticeWeight


SECTIONS_HERE = Markup("<!--sections-->")
"""Where a page's sections go: rendered as is, while anything a learner wrote is escaped, so this text can
only come from the template."""


def render_page(learner: str, sections: Iterable[bytes], totals: PageTotals | None) -> bytes:
    """A learner's whole feedback page in UTF-8; `sections` are rendered notebook sections (HTML, UTF-8, as
    workers stored them), each put on its own line. They go in as bytes: decoding a class's pages of
    sections, copying them through the template and encoding them again cost more than writing them."""
    totals = totals or PageTotals(0.0, 0.0, None, 0.0, PracticeWeight())
    practice = totals.practice
    head, found, tail = render(
        "feedback_page.html.j2",
        title=f"Feedback for {learner}",
        learner=learner,
        assessed=totals.possible > 0,
        earned=render_points(totals.earned),
        possible=render_points(totals.possible),
        share=render_percent(100.0 * totals.earned / totals.possible if totals.possible else 0.0),
        practice=practice is not None,
        answered=practice.answered if practice else 0,
        exercises=practice.exercises if practice else 0,
        completion=render_percent(practice.completion) if practice else "",
        first_check=render_percent(practice.first_check) if practice else "",
        weight=totals.weight.describe(),
        weighted=bool(totals.weight.weight) and totals.possible > 0 and practice is not None,
        percent=render_percent(totals.percent),
        sections=SECTIONS_HERE,
    ).partition(SECTIONS_HERE)
    if not found:
        raise RuntimeError("feedback_page.html.j2 no longer places {{ sections }}")
    return b"".join([head.encode("utf-8"), *(section + b"\n" for section in sections), tail.encode("utf-8")])
