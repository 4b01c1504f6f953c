"""What the grader does faster gives exactly what it did before.

The grader encodes answers with a C encoder it builds once (`course.text.json_encode`), keys and
fingerprints answers with orjson where it can (`course.text.json_key`), parses each
RACI cell text once (`course.raci.cells.parse_cell`), reads a file name's notebook once per name
(`course.notebook_names`) and looks for solution markers with a substring search first
(`course.solution_marks`), and takes its report's means and medians without the statistics module.
Each is checked here against the plain way, on generated values.
"""

from __future__ import annotations

import json
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from course.notebook_names import names_a_notebook, notebook_from_name
from course.raci.cells import RACI, RASCI, CellError, parse_cell
from course.solution_marks import BEGIN_SOLUTION, has_solution_cells
from course.text import json_encode, json_key
from tests.property_budget import examples

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
)
ANSWERS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
ENCODERS = (
    json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=True),
    json.JSONEncoder(sort_keys=True, ensure_ascii=False, default=str),
    json.JSONEncoder(sort_keys=True, separators=(",", ":")),
)


@settings(max_examples=examples(100), deadline=None)
@given(ANSWERS)
def test_the_reused_encoder_writes_what_json_writes(value):
    for encoder in ENCODERS:
        assert json_encode(encoder)(value) == encoder.encode(value)


def test_the_reused_encoder_keeps_what_json_tells_apart_and_its_default():
    encode = json_encode(ENCODERS[0])
    texts = {encode(v) for v in (1, 1.0, True, 0.0, -0.0, math.nan, None, "1", [1], {"1": 1})}
    assert len(texts) == 10
    with_default = {"when": frozenset({3})}  # not JSON: the encoder's default (str) writes it
    assert json_encode(ENCODERS[1])(with_default) == ENCODERS[1].encode(with_default) == '{"when": "frozenset({3})"}'


@settings(max_examples=examples(200), deadline=None)
@given(ANSWERS, ANSWERS)
def test_two_answers_share_a_key_exactly_when_json_writes_them_alike(first, second):
    for encoder in ENCODERS[:2]:
        key = json_key(encoder)
        assert (key(first) == key(second)) == (encoder.encode(first) == encoder.encode(second))
        assert key(first) == key(json.loads(encoder.encode(first))) or _has_nan(first)


def _has_nan(value: object) -> bool:
    """NaN is not equal to itself, so it never reads back as a value with the same text."""
    if isinstance(value, float):
        return math.isnan(value)
    if isinstance(value, dict):
        return any(map(_has_nan, value.values()))
    return isinstance(value, list) and any(map(_has_nan, value))


def test_the_key_tells_apart_what_a_fast_encoder_would_merge():
    key = json_key(ENCODERS[0])
    values = (
        None,
        math.nan,
        math.inf,
        -math.inf,
        2**70,
        2**70 + 1,
        "\ud800",
        "\udc00",
        "null",
        "annulled",
        [None],
        [math.nan],
    )
    assert len({key(v) for v in values}) == len(values)
    assert len({key(v) for v in (1, 1.0, True, 0.0, -0.0, "1", [1], {"1": 1}, {"a": 1, "b": 2})}) == 9
    assert key({"b": 1, "a": 2}) == key({"a": 2, "b": 1})
    with_default = json_key(ENCODERS[1])
    assert with_default({"when": frozenset({3})}) == with_default({"when": "frozenset({3})"})


CELL_TEXTS = st.text(alphabet="RACIS/ ,-—ra\t", max_size=6) | st.sampled_from(["R/A", "a,r", "RA", "", "-", "X", "R/R"])


def _parse_plainly(text: object, scheme, where: str) -> object:
    """parse_cell with its memory cleared first, so the value is worked out afresh."""
    from course.raci import cells

    cells._parse_text.cache_clear()
    try:
        return parse_cell(text, scheme, where=where)
    except CellError as err:
        return str(err)


@settings(max_examples=examples(100), deadline=None)
@given(CELL_TEXTS, st.sampled_from([RACI, RASCI]), st.sampled_from(["", "Train x Data Scientist"]))
def test_a_cell_parsed_from_memory_is_the_cell_parsed_afresh(text, scheme, where):
    fresh = _parse_plainly(text, scheme, where)
    for _ in range(2):  # the second from memory
        try:
            again: object = parse_cell(text, scheme, where=where)
        except CellError as err:
            again = str(err)
        assert again == fresh


def test_a_cell_error_still_names_the_cell():
    for _ in range(2):
        try:
            parse_cell("X", RACI, where="Deploy x QA")
        except CellError as err:
            assert str(err).startswith("cell Deploy x QA: 'X' is not a RACI cell")
        else:
            raise AssertionError("X parsed as a cell")


def test_a_file_name_names_its_notebook_the_same_every_time():
    known = {"01": [], "04": []}
    for name in ("04_raci.ipynb", "alice_04_raci.ipynb", "04-raci (1).ipynb", "07_x.ipynb", "notes.ipynb"):
        first = notebook_from_name(name, known)
        assert notebook_from_name(name, list(known)) == first
        assert notebook_from_name(name, {"07"}) == ("07" if name.startswith("07") else None)
    assert names_a_notebook("07_x.ipynb") == "07" and names_a_notebook("notes.ipynb") is None


def _notebook(source: object, tags: list[str] | None = None) -> dict:
    cell = {"cell_type": "code", "metadata": {"tags": tags or []}, "source": source, "outputs": []}
    return {"cells": [{"cell_type": "markdown", "metadata": {}, "source": BEGIN_SOLUTION}, cell]}


def test_solution_markers_are_found_however_the_source_is_split():
    assert has_solution_cells(_notebook(["x = 1\n", f"  {BEGIN_SOLUTION}  \n", "y = 2\n"]))
    assert has_solution_cells(_notebook(["x = 1\n### BEGIN SOL", "UTION\n"]))  # split across two items
    assert has_solution_cells(_notebook(["x = 1\n", 7, f"{BEGIN_SOLUTION}\n"]))  # an item that is not text
    assert has_solution_cells(_notebook("x = 1", ["solution"]))
    assert not has_solution_cells(_notebook([f"x = 1  # {BEGIN_SOLUTION}\n"]))  # not a line of its own
    assert not has_solution_cells(_notebook(["x = 1\n", None]))
    assert not has_solution_cells(_notebook(f"{BEGIN_SOLUTION} below"))


@settings(max_examples=examples(200))
@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=40))
def test_the_reports_mean_and_median_are_those_of_the_statistics_module(values):
    """The class report computes its means and medians without importing `statistics` (its start-up)."""
    import statistics

    from course.grading.outputs.report import _mean, _median

    assert _mean(values) == statistics.fmean(values)
    assert _mean(iter(values)) == statistics.fmean(iter(values))
    assert _median(values) == statistics.median(values)


def _shape_by_walking(value: object) -> str | None:
    """`answer_shape_problem` as it was before its shortcut for flat answers: every container walked."""
    from course.exercises.record_reader import MAX_ANSWER_DEPTH, MAX_ANSWER_NODES

    if not isinstance(value, dict | list):
        return None
    values, stack = 1, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > MAX_ANSWER_DEPTH:
            return f"nested too deeply to be an answer (over {MAX_ANSWER_DEPTH} levels)"
        children = item.values() if isinstance(item, dict) else item
        values += len(children)
        if values > MAX_ANSWER_NODES:
            return f"far larger than any answer (over {MAX_ANSWER_NODES} values)"
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return None


def _nested(levels: int) -> object:
    """A value that many containers deep (lists for an odd number, objects for an even one)."""
    nested: object = "leaf"
    for _ in range(levels):
        nested = [nested] if levels % 2 else {"k": nested}
    return nested


@settings(max_examples=examples(200), deadline=None)
@given(
    ANSWERS
    | st.integers(4990, 5010).map(lambda n: [None] * n)
    | st.integers(0, 12).map(_nested)
    | st.integers(68, 72).map(lambda n: {str(i): dict.fromkeys(map(str, range(n)), "R") for i in range(n)})
)
def test_the_shape_check_says_what_walking_every_container_says(value):
    from course.exercises.record_reader import answer_shape_problem

    assert answer_shape_problem(value) == _shape_by_walking(value)
    assert answer_shape_problem({"k": value}) == _shape_by_walking({"k": value})


CELLS = (
    st.none()
    | st.text(max_size=8)
    | st.sampled_from(["", " ", ",", '"', "a,b", 'say "hi"', "=1+1", "-2", "\n", "\r", "a\r\nb", "@x", "\t"])
)


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.lists(CELLS, min_size=2, max_size=6), min_size=1, max_size=4))
def test_cells_joined_are_the_row_the_csv_writer_writes(rows):
    import csv
    import io

    from course.grading.outputs.formats import CsvCells, escape_cell, escape_row

    plain, escaped = CsvCells(), CsvCells(escape_cell)
    for row in rows:
        for cells, prepared in ((plain, row), (escaped, escape_row(row))):
            stream = io.StringIO()
            csv.writer(stream, lineterminator="\n").writerow(prepared)
            assert ",".join(map(cells, row)) + "\n" == stream.getvalue()


def _recorded_by_counting(records):
    """`identify.recorded_learner` without its shortcut for files with one id: every id counted."""
    from collections import Counter

    counts: Counter[str] = Counter()
    newest: dict[str, tuple[int, tuple[int, int]]] = {}
    for found in records:
        learner = (found.record.learner or "").strip()
        if not learner:
            continue
        counts[learner] += 1
        key = (found.record.revision, found.position)
        newest[learner] = max(newest.get(learner, key), key)
    if not counts:
        return None, []
    return max(counts, key=lambda learner: (counts[learner], newest[learner])), sorted(counts)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from([None, "", " ", "ada", " ada ", "ben", "Ada"]), st.integers(0, 3), st.integers(0, 3)),
        max_size=6,
    )
)
def test_the_recorded_learner_is_the_one_counting_every_id_gives(given_ids):
    from course.exercises.record_reader import FoundRecord
    from course.exercises.records import AnswerRecord
    from course.grading.identify import recorded_learner

    records = [
        FoundRecord((cell, 0), AnswerRecord("01.x", "f" * 12, "single_choice", "a", 0, revision, learner))
        for cell, (learner, revision, _) in enumerate(given_ids)
    ]
    assert recorded_learner(iter(records)) == _recorded_by_counting(records)


@settings(max_examples=examples(200), deadline=None)
@given(st.text(max_size=6), st.text(alphabet="{}<>&\"' ab", max_size=10), st.text(alphabet="{}<>&\"' ab/", max_size=10))
def test_a_sections_head_is_the_head_formatted_with_every_value_escaped(number, title, label):
    from markupsafe import escape

    from course.grading.outputs.feedback import NOTEBOOK_HEAD, render_notebook

    head, pieces = render_notebook(number, title, label, [])
    assert head == NOTEBOOK_HEAD.format(
        number=escape(number), title=escape(title), label=escape(label), earned="0", possible="0"
    )
    assert pieces[-1] == "</section>\n"
