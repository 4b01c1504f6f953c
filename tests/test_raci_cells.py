"""Parsing and printing RACI cells: tolerant of how people type, strict about what they mean."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course.raci import RACI, RASCI, Cell, CellError, format_cell, parse_cell
from tests.property_budget import examples

# What each scheme allows, written out from the RACI literature (one letter set per
# role per activity; only A may also be R, written "R/A"), not from the code.
RACI_CANONICAL = ["", "R", "A", "C", "I", "R/A"]
RASCI_CANONICAL = ["", "R", "A", "S", "C", "I", "R/A"]
RACI_ALLOWED = "R, A, C, I, R/A or blank"
RASCI_ALLOWED = "R, A, S, C, I, R/A or blank"
SEPARATORS = ["/", " / ", " ", ",", ", ", "+", " & ", "\t", "//"]
WHERE = "'Docker packaging' x 'ML Engineer'"

PROPERTY_SETTINGS = settings(max_examples=examples(150), deadline=None)


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("R/A", "R/A"),
        ("A/R", "R/A"),
        ("r a", "R/A"),
        ("RA", "R/A"),
        ("ra", "R/A"),
        ("aR", "R/A"),
        (" r / a ", "R/A"),
        ("A,R", "R/A"),
        ("R + A", "R/A"),
        ("R&A", "R/A"),
        ("R", "R"),
        ("r", "R"),
        (" a ", "A"),
        ("c", "C"),
        ("I", "I"),
        ("\tI\n", "I"),
    ],
)
def test_tolerant_spellings(text, canonical):
    cell = parse_cell(text)
    assert format_cell(cell) == canonical
    assert str(cell) == canonical


@pytest.mark.parametrize("blank", [None, math.nan, float("nan"), "", "   ", "-", "—"], ids=repr)
def test_blank_spellings(blank):
    cell = parse_cell(blank)
    assert cell.is_blank
    assert cell.letters == frozenset()
    assert format_cell(cell) == ""


def test_numpy_nan_is_blank():
    numpy = pytest.importorskip("numpy")
    assert parse_cell(numpy.float64("nan")).is_blank


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("X", "'X' is not a letter"),
        ("Q/A", "'Q' is not a letter"),
        ("RX", "is not a letter"),
        ("S", "'S' is not a letter"),
        ("C/I", "cannot share a cell"),
        ("R/C", "cannot share a cell"),
        ("A/I", "cannot share a cell"),
        ("R/A/C", "cannot share a cell"),
        ("A/A", "repeats a letter"),
        ("RR", "repeats a letter"),
        ("r / R", "repeats a letter"),
        (3, "got int 3"),
        (True, "got bool True"),
        (["R"], "got list"),
    ],
    ids=repr,
)
def test_invalid_cells_name_the_cell_and_the_allowed_set(text, reason):
    with pytest.raises(CellError) as caught:
        parse_cell(text, where=WHERE)
    message = str(caught.value)
    assert message.startswith(f"cell {WHERE}: ")
    assert reason in message
    assert RACI_ALLOWED in message


def test_error_without_where_has_no_cell_label():
    with pytest.raises(CellError) as caught:
        parse_cell("Z")
    assert not str(caught.value).startswith("cell")
    assert RACI_ALLOWED in str(caught.value)


def test_cell_error_is_a_value_error():
    assert issubclass(CellError, ValueError)


def test_rasci_accepts_support_and_raci_rejects_it():
    cell = parse_cell("s", RASCI)
    assert cell.letters == {"S"}
    assert cell.scheme is RASCI
    assert format_cell(cell) == "S"
    with pytest.raises(CellError, match="not a RACI cell"):
        parse_cell("S", RACI)
    with pytest.raises(CellError) as caught:
        parse_cell("R/S", RASCI, where=WHERE)
    assert "cannot share a cell" in str(caught.value)
    assert RASCI_ALLOWED in str(caught.value)


def test_valid_cells_per_scheme():
    assert sorted(format_cell(c) for c in RACI.valid_cells()) == sorted(RACI_CANONICAL)
    assert sorted(format_cell(c) for c in RASCI.valid_cells()) == sorted(RASCI_CANONICAL)
    assert RACI.valid_cells()[0].is_blank
    assert all(c.scheme is RASCI for c in RASCI.valid_cells())


def test_meanings():
    assert [RACI.meaning(letter) for letter in "RACI"] == ["Responsible", "Accountable", "Consulted", "Informed"]
    assert RASCI.meaning("S") == "Support"


def test_format_prints_letters_in_scheme_order():
    assert format_cell(Cell(frozenset({"A", "R"}))) == "R/A"
    assert format_cell(Cell(frozenset())) == ""


def test_cell_predicates():
    both = parse_cell("R/A")
    assert both.responsible and both.accountable and both.has("R") and both.has("A")
    assert not both.has("C") and not both.is_blank
    consulted = parse_cell("C")
    assert not consulted.responsible and not consulted.accountable and consulted.has("C")


def test_parsed_cells_compare_by_letters_and_scheme():
    assert parse_cell("A/R") == parse_cell("r a") == Cell(frozenset({"R", "A"}), RACI)
    assert parse_cell("R") != parse_cell("A")
    assert parse_cell("R", RASCI) != parse_cell("R", RACI)


# --- properties -------------------------------------------------------------------------------------------------


def messy(canonical: str) -> st.SearchStrategy[str]:
    """The ways a person might type `canonical`: any order, any case, any separator, stray spaces."""
    if not canonical:
        return st.sampled_from(["", " ", "  ", "\t", "-", "—", " - "])
    letters = canonical.split("/")

    @st.composite
    def typed(draw: st.DrawFn) -> str:
        order = draw(st.permutations(letters))
        cased = [draw(st.sampled_from([letter.upper(), letter.lower()])) for letter in order]
        joiner = draw(st.sampled_from([*SEPARATORS, ""]))
        pad = st.sampled_from(["", " ", "  ", "\t"])
        return draw(pad) + joiner.join(cased) + draw(pad)

    return typed()


schemes = st.sampled_from([(RACI, RACI_CANONICAL), (RASCI, RASCI_CANONICAL)])


@PROPERTY_SETTINGS
@given(st.sampled_from(RACI.valid_cells() + RASCI.valid_cells()))
def test_parse_inverts_format(cell):
    assert parse_cell(format_cell(cell), cell.scheme) == cell


@PROPERTY_SETTINGS
@given(st.data())
def test_messy_text_formats_to_the_canonical_text(data):
    scheme, canonical_texts = data.draw(schemes)
    canonical = data.draw(st.sampled_from(canonical_texts))
    typed = data.draw(messy(canonical))
    assert format_cell(parse_cell(typed, scheme)) == canonical


@PROPERTY_SETTINGS
@given(st.text(alphabet="BDEFGHJKLMNOPQTUVWXYZbdxz0123456789?!", min_size=1, max_size=6))
def test_text_without_any_scheme_letter_is_rejected(text):
    with pytest.raises(CellError):
        parse_cell(text)


@PROPERTY_SETTINGS
@given(st.text(max_size=8), schemes)
def test_any_text_gives_a_valid_cell_or_a_cell_error(text, scheme_and_texts):
    scheme, canonical_texts = scheme_and_texts
    try:
        cell = parse_cell(text, scheme)
    except CellError:
        return
    assert format_cell(cell) in canonical_texts
    assert cell.letters <= set(scheme.letters)


@pytest.mark.parametrize("text", ["/", " / ", ",", "+"])
def test_separators_without_letters_are_an_error_not_a_blank(text):
    with pytest.raises(CellError, match="no letters"):
        parse_cell(text, where="'Data pipeline' x 'Data Engineer'")
