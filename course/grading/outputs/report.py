"""report.html: the class at a glance, for the teacher.

Score distribution, difficulty per exercise, the most common wrong answers
with the misconception each one shows (named in the definitions), answers
graded against another version of a question, and the free-text reflections
collected for reading. Figures are embedded as SVG images; learner text is
escaped; the page runs no script.
"""

from __future__ import annotations

import itertools
import statistics
from pathlib import Path

from course.atomic import open_atomic
from course.exercises.definitions import ExerciseBank
from course.grading.outputs import plots
from course.grading.outputs.formats import percent, points
from course.grading.outputs.html import esc, page_parts
from course.grading.store import ResultStore

REPORT = "report.html"
WRONG_PER_EXERCISE = 5
MISCONCEPTIONS_SHOWN = 12


def _figure(uri: str, alt: str) -> str:
    return f'<figure><img src="{uri}" alt="{esc(alt)}"></figure>'


def write_report(out: Path, store: ResultStore, bank: ExerciseBank, percents: list[float], title: str) -> None:
    counts = store.counts()
    learners = len(percents)
    items = list(store.item_stats())
    head = [
        f"<h1>{esc(title)}: class report</h1>",
        "<p>"
        f"{learners} learner{'s' if learners != 1 else ''}, {counts['files']} file{'s' if counts['files'] != 1 else ''} "
        f"read, {store.count_problems('error')} error{'s' if store.count_problems('error') != 1 else ''} and "
        f"{store.count_problems('notice')} notice{'s' if store.count_problems('notice') != 1 else ''} "
        "listed in errors.csv."
        "</p>",
    ]
    if percents:
        head.append(
            f"<p>Median score {percent(statistics.median(percents))}%, mean {percent(statistics.fmean(percents))}%.</p>"
        )
        head.append(_figure(plots.score_distribution(percents), "Histogram of the learners' scores in percent"))
    head.append("<h2>Difficulty per exercise</h2>")
    graded_items = [i for i in items if i[5] > 0]
    if graded_items:
        shares = [(exercise, 100.0 * mean / maximum) for exercise, _, _, _, mean, maximum, _ in graded_items]
        head.append(_figure(plots.difficulty(shares), "Bar chart of the share of points earned per exercise"))
    head.append(
        "<table><tr><th>Exercise</th><th>Title</th><th class='num'>Submitted</th><th class='num'>Answered</th>"
        "<th class='num'>Mean points</th><th class='num'>Full marks</th></tr>"
    )
    for exercise, _, submitted, answered, mean, maximum, full in items:
        title_text = bank.get(exercise).title if exercise in bank else ""
        mean_text = f"{points(mean)} of {points(maximum)}" if maximum else "collected"
        head.append(
            f"<tr><td>{esc(exercise)}</td><td>{esc(title_text)}</td><td class='num'>{submitted}</td>"
            f"<td class='num'>{answered}</td><td class='num'>{esc(mean_text)}</td>"
            f"<td class='num'>{full if maximum else ''}</td></tr>"
        )
    head.append("</table>")

    with open_atomic(out / REPORT) as stream:
        start, end = page_parts(title)
        stream.write(start)
        stream.write("\n".join(head))
        _write_wrong_answers(stream, store)
        _write_notes(stream, store)
        _write_integrity(stream, store)
        _write_reflections(stream, store, bank)
        stream.write(end)


def _write_wrong_answers(stream: object, store: ResultStore) -> None:
    stream.write("\n<h2>Most common wrong answers</h2>\n")
    common = store.misconceptions(MISCONCEPTIONS_SHOWN)
    if common:
        stream.write(_figure(plots.misconceptions(common), "Bar chart of the most common misconceptions"))
    rows = list(store.common_wrong(WRONG_PER_EXERCISE))
    if not rows:
        stream.write("<p>No wrong answers.</p>\n")
        return
    stream.write(
        "<table><tr><th>Exercise</th><th>Wrong answer</th><th>Misconception behind it</th>"
        "<th class='num'>Times</th></tr>\n"
    )
    for exercise, answer, misconception, n in rows:
        stream.write(
            f"<tr><td>{esc(exercise)}</td><td>{esc(answer)}</td><td>{esc(misconception or '—')}</td>"
            f"<td class='num'>{n}</td></tr>\n"
        )
    stream.write("</table>\n")


def _write_notes(stream: object, store: ResultStore) -> None:
    rows = list(store.notes())
    if not rows:
        return
    stream.write("<h2>Answers graded with a note</h2>\n<table><tr><th>Exercise</th><th>Note</th><th>Times</th></tr>\n")
    for exercise, note, n in rows:
        stream.write(f"<tr><td>{esc(exercise)}</td><td>{esc(note)}</td><td class='num'>{n}</td></tr>\n")
    stream.write("</table>\n")


INTEGRITY_SHOWN = 200


def _write_integrity(stream: object, store: ResultStore) -> None:
    """What a teacher may want to look at (integrity.csv has every row); grades are not changed by it."""
    stream.write("\n<h2>Integrity</h2>\n")
    rows = list(itertools.islice(store.findings(), INTEGRITY_SHOWN + 1))
    if not rows:
        stream.write("<p>Nothing to report: no copied files, shared answer sets or solution notebooks.</p>\n")
        return
    stream.write(
        "<p>These findings do not change any grade. Identical answer sets are ranked by the wrong answers they "
        "share (right answers are expected to agree).</p>\n<table><tr><th>Finding</th><th>Notebook</th>"
        "<th>Learner</th><th>Also</th><th>File</th><th>Detail</th></tr>\n"
    )
    for finding, notebook, learner, others, label, detail in rows[:INTEGRITY_SHOWN]:
        stream.write(
            f"<tr><td>{esc(finding)}</td><td>{esc(notebook)}</td><td>{esc(learner)}</td><td>{esc(others)}</td>"
            f"<td>{esc(label)}</td><td>{esc(detail)}</td></tr>\n"
        )
    stream.write("</table>\n")
    if len(rows) > INTEGRITY_SHOWN:
        stream.write(f"<p>More in integrity.csv (only the first {INTEGRITY_SHOWN} are shown here).</p>\n")


def _write_reflections(stream: object, store: ResultStore, bank: ExerciseBank) -> None:
    stream.write("<h2>Reflections</h2>\n")
    empty = True
    for exercise, group in itertools.groupby(store.reflections(), key=lambda r: r[0]):
        empty = False
        prompt = bank.get(exercise).prompt if exercise in bank else ""
        stream.write(f"<h3>{esc(exercise)}</h3>\n<p><em>{esc(prompt)}</em></p>\n")
        for _, learner, text in group:
            stream.write(f"<blockquote><p><strong>{esc(learner)}</strong></p><p>{esc(text)}</p></blockquote>\n")
    if empty:
        stream.write("<p>No reflections were collected.</p>\n")
