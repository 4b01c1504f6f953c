"""Keep what is derived from the exercise definitions in step with them.

The definitions (course/data/exercises/*.yaml) are the single source of each
exercise's level, points, key, misconceptions and discussion notes. Several
documents repeat parts of them for people: each solution notebook's overview
table and instructor notes, the instructor guide's points per level, the learner
guide's mode of each exercise notebook, and the facilitator guide's levels table,
objectives map, misconception lists, reflection rubric and answer key. The
lessons file (course/data/lessons.yaml) is the single source of the lessons'
objectives and times: the lesson notebooks' objective lists and time lines, the
course maps (docs/learner-guide.md, notebooks/00_start_here.ipynb) and the
facilitator guide's timing line.
`sync` rewrites those parts from the definitions (hand-written prose around
them is kept), so they cannot drift; running it twice changes nothing.

    python -m course.authoring.notes          # rewrite what is out of date
    python -m course.authoring.notes --check  # exit 1 if anything is out of date
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

from course.authoring.lesson_pages import course_map, sync_lesson_notebook, timing_line
from course.authoring.notebook_io import cell_source, dumps_notebook, read_notebook, write_notebook
from course.exercises.definitions import ExerciseBank, load_bank
from course.exercises.model import APPLY_OR_ABOVE, EVALUATE_OR_ABOVE, LEVELS, Exercise
from course.exercises.type_registry import all_types, type_of
from course.exercises.types.free_text import FreeText
from course.exercises.variants import variants_of
from course.exercises.wording import CASES, LIST_HEADINGS
from course.lessons import Lesson, load_lessons, load_review
from course.text import format_points

TABLE_HEAD = "| Exercise | What you do | Level | Points |"
OLD_TABLE_HEAD = "| Exercise | What you do | Points |"


def points_text(points: float) -> str:
    return f"{format_points(points)} point{'' if points == 1 else 's'}"


def misconception_list(exercise: Exercise) -> tuple[str, list[str]]:
    """The heading and the lines of an exercise's misconceptions (or slips, or rubric); for an exercise with
    cases, each case with its key and its own lines."""
    if not exercise.variants:
        return type_of(exercise).misconception_lines(exercise)
    lines: list[str] = []
    listed: list[str] = []
    for case in variants_of(exercise):
        heading, items = type_of(case).misconception_lines(case)
        lines.append(f"- **{case.case_name}** (`{case.variant}`). Key: {answer_text(case)}")
        if items and items == listed:
            lines.append("  The same as the case above.")
        elif items:
            lines.append(f"  {heading}")
            lines += [f"  {item}" for item in items]
        listed = items
    return CASES, lines


def answer_text(exercise: Exercise) -> str:
    """The key in words, short enough for a one-page answer key."""
    return type_of(exercise).key_in_words(exercise)


# --- solution notebooks ------------------------------------------------------------


def overview_table(exercises: list[Exercise]) -> str:
    rows = [TABLE_HEAD, "|---|---|---|---|"]
    rows += [
        f"| {_title(e)} | {type_of(e).label.split(',')[0]} | {e.level} | {format_points(e.points)} |" for e in exercises
    ]
    total = sum(e.points for e in exercises)
    rows.append(f"| **Total** | | | **{format_points(total)}** |")
    return "\n".join(rows)


def _title(exercise: Exercise) -> str:
    """An exercise in the overview table; one with cases says the learner may see another of them."""
    if not exercise.variants:
        return f"{exercise.title} (`{exercise.id}`)"
    cases = variants_of(exercise)
    other = "" if all(case.title == exercise.title for case in cases) else " or another case"
    return f"{exercise.title}{other} (`{exercise.id}`; {len(cases)} cases)"


def note_header(exercise: Exercise) -> str:
    return (
        f"**For instructors - `{exercise.id}`** ({type_of(exercise).label}, {points_text(exercise.points)}; "
        f"level: {exercise.level}; section: {exercise.section})"
    )


def sync_note(source: str, exercise: Exercise) -> str:
    """An instructor note with its header and generated list rewritten, its prose kept."""
    lines = source.split("\n")
    body = lines[1:]
    cut = next((i for i, line in enumerate(body) if line.strip() in LIST_HEADINGS), len(body))
    prose = "\n".join(body[:cut]).rstrip()
    heading, items = misconception_list(exercise)
    text = note_header(exercise) + "\n" + prose
    if items:
        text += "\n\n" + heading + "\n" + "\n".join(items)
    return text


RUBRIC_LEAD = "Your instructor marks it with a rubric"


def rubric_paragraph(exercise: FreeText) -> str:
    """What a learner is told about the rubric: each criterion and what earns its top marks."""
    lows = sorted({min(lv.marks for lv in c.levels) for c in exercise.rubric})
    highs = sorted({c.max_marks for c in exercise.rubric})
    span = f"{lows[0]}-{highs[-1]} marks each" if len(lows) == len(highs) == 1 else "marks as shown"
    parts = [
        f"{c.title[0].lower() + c.title[1:]} ({c.max_marks} marks: {c.levels[-1].description[0].lower()}"
        f"{c.levels[-1].description[1:].rstrip('.')})"
        for c in exercise.rubric
    ]
    return f"{RUBRIC_LEAD} of {len(parts)} criteria, {span}: " + "; ".join(parts) + "."


def sync_rubric(source: str, exercise: FreeText) -> str:
    """Rewrite the learner-facing rubric paragraph of an exercise's context cell, if it has one."""
    paragraphs = source.split("\n\n")
    for i, paragraph in enumerate(paragraphs):
        if paragraph.startswith(RUBRIC_LEAD):
            paragraphs[i] = textwrap.fill(rubric_paragraph(exercise), 110, break_on_hyphens=False)
    return "\n\n".join(paragraphs)


def sync_solution(path: Path, bank: ExerciseBank) -> dict[str, Any]:
    notebook = read_notebook(path)
    number = path.name[:2]
    exercises = bank.for_notebook(number)
    for cell in notebook["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        source = cell_source(cell)
        if TABLE_HEAD in source or OLD_TABLE_HEAD in source:
            head = TABLE_HEAD if TABLE_HEAD in source else OLD_TABLE_HEAD
            start = source.index(head)
            end = source.find("\n\n", start)
            end = len(source) if end < 0 else end
            source = source[:start] + overview_table(exercises) + source[end:]
        if RUBRIC_LEAD in source:
            for free_text in (e for e in exercises if isinstance(e, FreeText)):
                if f"· {free_text.title}" in source.split("\n", 1)[0]:
                    source = sync_rubric(source, free_text)
        match = re.match(r"\*\*For instructors - `([0-9]{2}\.[a-z0-9-]+)`\*\*", source)
        if match and match.group(1) in bank:
            source = sync_note(source, bank.get(match.group(1)))
        cell["source"] = _as_lines(source)
    return notebook


def _as_lines(source: str) -> list[str]:
    lines = source.split("\n")
    return [line + "\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


# --- the guides in docs/ --------------------------------------------------------------


def level_table(bank: ExerciseBank) -> str:
    """Points per level, per notebook and in total, with the share of the whole."""
    numbers = bank.notebooks()
    total = sum(e.points for e in bank)
    head = "| Level | " + " | ".join(numbers) + " | Points | Share |"
    rule = "|---|" + "---|" * len(numbers) + "---|---|"
    rows = [head, rule]
    for level in LEVELS:
        per = [sum(e.points for e in bank.for_notebook(n) if e.level == level) for n in numbers]
        if not any(per) and not any(e.level == level for e in bank):
            continue
        points = sum(per)
        rows.append(
            f"| {level} | " + " | ".join(format_points(p) if p else "-" for p in per) + f" | {format_points(points)} | "
            f"{100 * points / total:.0f}% |"
        )
    high = sum(e.points for e in bank if e.level in APPLY_OR_ABOVE)
    judging = sum(e.points for e in bank if e.level in EVALUATE_OR_ABOVE)
    recall = sum(e.points for e in bank if e.level == LEVELS[0])
    per_nb = [format_points(sum(e.points for e in bank.for_notebook(n))) for n in numbers]
    rows.append("| **Total** | " + " | ".join(per_nb) + f" | **{format_points(total)}** | 100% |")
    marked = [e for e in bank if isinstance(e, FreeText) and e.rubric]
    by_hand = "; ".join(f"`{e.id}` ({e.level}) is worth {format_points(e.max_marks)}" for e in marked)
    return "\n".join(rows) + (
        f"\n\n{format_points(high)} of {format_points(total)} points ({100 * high / total:.0f}%) ask for apply or"
        f" above, {format_points(judging)} ({100 * judging / total:.0f}%) for evaluate or create, and"
        f" {format_points(recall)} ({100 * recall / total:.0f}%) are recall, each exercise levelled by the rubric in"
        " docs/levels.md. Reflections are marked by hand with their rubric and not counted here: once their marks are merged"
        f" (`mlops-course grade --marks`), each is worth its rubric's maximum: {by_hand or 'none'}."
    )


def objectives_table(bank: ExerciseBank, lessons: tuple[Lesson, ...]) -> str:
    """Each objective of a lesson with exercises, and the exercises that assess it (from their `objectives`)."""
    rows = ["| Objective | Assessed by |", "|---|---|"]
    for lesson in lessons:
        if not lesson.has_practice:
            continue
        for objective in lesson.objectives:
            ids = [f"`{e.id}`" for e in bank if objective.id in e.objectives]
            rows.append(f"| `{objective.id}`: {objective.short} | {', '.join(ids) or '**none**'} |")
    return "\n".join(rows)


def notebook_modes(bank: ExerciseBank) -> dict[str, tuple[str, str]]:
    """Each exercise notebook's name (`04_raci_model`) to its title and mode, as its definitions file says."""
    modes: dict[str, tuple[str, str]] = {}
    for number in bank.notebooks():
        first = bank.for_notebook(number)[0]
        modes[Path(first.source).name.split(".")[0]] = (bank.titles.get(number, ""), first.mode)
    return modes


def mode_rows(modes: dict[str, tuple[str, str]]) -> str:
    """One table row per exercise notebook: its file and title, and whether it is practice or assessed."""
    return "\n".join(f"| `exercises/{stem}.ipynb` ({title}) | {mode} |" for stem, (title, mode) in modes.items())


def mode_table(modes: dict[str, tuple[str, str]]) -> str:
    """The learner guide's table of modes (the learner edition's README shows the same rows)."""
    return "| Exercise notebook | Mode |\n|---|---|\n" + mode_rows(modes)


def misconceptions_section(bank: ExerciseBank) -> str:
    parts = []
    for number in bank.notebooks():
        parts.append(f"### {number} · {bank.titles.get(number, '')}")
        for e in bank.for_notebook(number):
            heading, items = misconception_list(e)
            worth = points_text(e.points)
            if isinstance(e, FreeText) and e.rubric:
                worth = f"{points_text(e.max_marks)} once marked"
            block = f"**`{e.id}`** · {e.title} ({type_of(e).label}, {worth}; level: {e.level})"
            if isinstance(e, FreeText):
                block += "\n\n" + heading + "\n\n" + "\n".join(items)
            elif items:
                block += "\n\n" + "\n".join(items)
            if e.discussion:
                block += f"\n\n*Address it:* {e.discussion}"
            for case in e.variants:
                if case.discussion and case.discussion != e.discussion:
                    block += f"\n\n*Address it ({case.case_name}):* {case.discussion}"
            parts.append(block)
    return "\n\n".join(parts)


def answer_key(bank: ExerciseBank) -> str:
    lines = ["| Exercise | Level | Points | Answer |", "|---|---|---|---|"]
    for e in bank.definitions():
        answer = answer_text(e).replace("|", "/")
        worth = format_points(e.points)
        if isinstance(e, FreeText) and e.rubric:
            worth = f"{format_points(e.max_marks)} when marked"
        case = f" (case: {e.case_name})" if e.case_name else ""
        lines.append(f"| `{e.id}` {e.title}{case} | {e.level} | {worth} | {answer} |")
    return "\n".join(lines)


def type_table(bank: ExerciseBank) -> str:
    """The exercise types, from the registry: a new type appears here by being registered."""
    lines = [
        "| Type | What the learner does | `partial_credit` (first: default) | Its own fields | Used in |",
        "|---|---|---|---|---|",
    ]
    for exercise_type in all_types():
        used = sorted({e.notebook for e in bank if e.type == exercise_type.name})
        lines.append(
            f"| `{exercise_type.name}` | {exercise_type.label} | "
            f"{', '.join(exercise_type.partial_credit)} | {', '.join(f'`{f}`' for f in exercise_type.fields)} | "
            f"{', '.join(used) or '-'} |"
        )
    return "\n".join(lines)


def replace_between(text: str, name: str, body: str) -> str:
    """Replace what sits between a document's BEGIN/END markers for `name`."""
    begin, end = f"<!-- BEGIN generated: {name} -->", f"<!-- END generated: {name} -->"
    if begin not in text or end not in text:
        raise ValueError(f"missing the markers {begin} ... {end}")
    start = text.index(begin) + len(begin)
    return text[:start] + "\n" + body.strip("\n") + "\n" + text[text.index(end) :]


Part = Callable[[ExerciseBank, tuple[Lesson, ...]], str]
GUIDE_PARTS: dict[str, Part] = {
    "levels": lambda bank, _: level_table(bank),
    "timing": lambda _, lessons: timing_line(lessons),
    "objectives": objectives_table,
    "misconceptions": lambda bank, _: misconceptions_section(bank),
    "answer-key": lambda bank, _: answer_key(bank),
}
LEARNER_GUIDE_PARTS: dict[str, Part] = {
    "course-map": lambda _, lessons: course_map(lessons, review=load_review()),
    "modes": lambda bank, _: mode_table(notebook_modes(bank)),
}


def sync(root: Path, *, check: bool = False) -> list[Path]:
    """Rewrite (or, with `check`, only list) the files that are out of step with the definitions
    and the lessons file."""
    bank = load_bank()
    lessons = load_lessons()
    changed: list[Path] = []
    notebooks = [(path, sync_solution(path, bank)) for path in sorted((root / "solutions").glob("[0-9][0-9]_*.ipynb"))]
    review = load_review()
    for lesson in lessons:
        path = root / "notebooks" / f"{lesson.notebook}.ipynb"
        notebooks.append((path, sync_lesson_notebook(read_notebook(path), lesson, lessons, path, review)))
    for path, notebook in notebooks:
        if check:
            if path.read_text(encoding="utf-8") != dumps_notebook(notebook):
                changed.append(path)
        elif write_notebook(path, notebook):
            changed.append(path)
    documents: dict[Path, dict[str, Part]] = {
        root / "docs" / "instructor-guide.md": {"levels": lambda bank, _: level_table(bank)},
        root / "docs" / "learner-guide.md": LEARNER_GUIDE_PARTS,
        root / "docs" / "facilitator-guide.md": GUIDE_PARTS,
        root / "docs" / "exercise-format.md": {"types": lambda bank, _: type_table(bank)},
    }
    for path, parts in documents.items():
        text = path.read_text(encoding="utf-8")
        new = text
        for name, make in parts.items():
            new = replace_between(new, name, make(bank, lessons))
        if new != text:
            changed.append(path)
            if not check:
                path.write_text(new, encoding="utf-8")
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything is out of date")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[2])
    args = parser.parse_args(argv)
    from course.exercises.definitions import INSTRUCTOR_TOOL, is_learner_edition

    if is_learner_edition():
        print(INSTRUCTOR_TOOL.format(command="`python -m course.authoring.notes`") + ".", file=sys.stderr)
        return 2
    changed = sync(args.root, check=args.check)
    for path in changed:
        print(("out of date: " if args.check else "updated: ") + str(path.relative_to(args.root)))
    return 1 if args.check and changed else 0


if __name__ == "__main__":
    sys.exit(main())
