"""A notebook is parsed without decoding its figures' base64 text (`record_reader.without_figures`): every
other value reads as the whole file does, and a file that is not valid JSON is told apart as before."""

from __future__ import annotations

import base64
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.exercises.record_reader import FIGURE_MIN_BYTES, FIGURE_TYPES, ReadError, parse_notebook, without_figures
from tests.property_budget import examples

FIGURE_KEYS = [f"image/{kind.decode()}" for kind in FIGURE_TYPES]
PNG = base64.b64encode(bytes(range(256)) * 4).decode("ascii")  # 1,368 characters of base64


def notebook(outputs: list[dict]) -> dict:
    return {
        "nbformat": 4,
        "nbformat_minor": 5,
        "metadata": {},
        "cells": [{"cell_type": "code", "metadata": {}, "source": "x", "outputs": outputs, "execution_count": 1}],
    }


def blanked(value, ensure_ascii: bool = False):
    """`value` as parse_notebook should read it: each figure's base64 string (long, no escapes) empty."""

    def figure(key, item) -> bool:
        written = json.dumps(item, ensure_ascii=ensure_ascii).encode("utf-8")[1:-1] if isinstance(item, str) else b""
        return key in FIGURE_KEYS and len(written) >= FIGURE_MIN_BYTES and b"\\" not in written

    if isinstance(value, dict):
        return {key: "" if figure(key, item) else blanked(item, ensure_ascii) for key, item in value.items()}
    if isinstance(value, list):
        return [blanked(item, ensure_ascii) for item in value]
    return value


def test_a_saved_notebooks_figures_are_left_out_and_the_rest_is_read_as_it_is() -> None:
    figure = {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG, "text/plain": "<Figure>"}}
    record = {"output_type": "display_data", "metadata": {}, "data": {"application/json": {"image/png": "a"}}}
    saved = json.dumps(notebook([figure, record]), indent=1).encode("utf-8")
    assert len(without_figures(saved)) < len(saved) - 1000
    read = parse_notebook(saved)
    outputs = read["cells"][0]["outputs"]
    assert outputs[0]["data"] == {"image/png": "", "text/plain": "<Figure>"}
    assert outputs[1] == record  # short: kept, wherever it is


@pytest.mark.parametrize("separators", [(", ", ": "), (",", ":")])
def test_both_ways_of_writing_json_are_handled(separators) -> None:
    figure = {"output_type": "display_data", "metadata": {}, "data": {"image/jpeg": PNG}}
    saved = json.dumps(notebook([figure]), separators=separators).encode("utf-8")
    assert parse_notebook(saved)["cells"][0]["outputs"][0]["data"] == {"image/jpeg": ""}


def test_a_figure_value_with_an_escape_is_read_whole() -> None:
    tricky = PNG[:300] + '", "text/plain": "forged' + PNG[:300]  # its quotes are escaped in the file
    figure = {"output_type": "display_data", "metadata": {}, "data": {"image/png": tricky}}
    saved = json.dumps(notebook([figure])).encode("utf-8")
    assert without_figures(saved) == saved
    assert parse_notebook(saved)["cells"][0]["outputs"][0]["data"] == {"image/png": tricky}


def test_a_damaged_file_gets_the_same_error_at_the_same_place_as_before() -> None:
    figure = {"output_type": "display_data", "metadata": {}, "data": {"image/png": PNG}}
    saved = json.dumps(notebook([figure]), indent=1).encode("utf-8")
    with pytest.raises(ReadError) as cut:
        parse_notebook(saved[: len(saved) - 40])
    assert "cut off" in cut.value.problem and f"of {len(saved) - 40})" in cut.value.detail
    broken = saved.replace(b'"source": "x"', b'"source": x')
    with pytest.raises(ReadError) as invalid:
        parse_notebook(broken)
    assert "not valid JSON" in invalid.value.problem


PIECES = [*'ab+/=\\"é\n\t{}[]:, ', "image/png", '"image/png": "', "A" * 250, "é" * 30]
TEXT = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)
VALUES = st.recursive(
    st.none() | st.integers() | TEXT | st.just(PNG) | st.just(PNG[:FIGURE_MIN_BYTES]),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from([*FIGURE_KEYS, "text/plain", "data", "image/svg+xml"]), inner, max_size=4)
    ),
    max_leaves=10,
)


@settings(max_examples=examples(200), deadline=None)
@given(VALUES, st.sampled_from([None, 1]), st.booleans())
def test_any_document_reads_as_the_whole_file_does_but_for_its_figures(value, indent, ascii_only) -> None:
    saved = json.dumps(
        notebook([{"output_type": "display_data", "data": value}]), indent=indent, ensure_ascii=ascii_only
    )
    data = saved.encode("utf-8")
    assert json.loads(without_figures(data)) == blanked(json.loads(data), ascii_only)
