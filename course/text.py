"""The course's shared words for small things: an empty answer, points as text, HTML escaping.

The bottom layer: every other module may import it, it imports nothing of the course
(markupsafe, a dependency of Jinja2, escapes for the widgets and the grader's templates alike).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from markupsafe import Markup, escape

EMPTY_ANSWERS: tuple[Any, ...] = (None, "", [], {})


class _NotGiven:
    def __repr__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Any = _NotGiven()
"""An argument left out (None is an answer of its own: "no answer yet")."""


def is_empty_answer(answer: Any) -> bool:
    """True for "no answer yet" in any of its canonical shapes (None, '', [], {})."""
    return answer in EMPTY_ANSWERS


def format_points(value: float, decimals: int = 2) -> str:
    """Points as people write them: 2, 0.5, 3.67 (at most `decimals` decimals, no trailing zeros, no -0)."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def esc(value: object) -> Markup:
    """Text made safe inside HTML, quotes included (None is the empty string).

    The result is `Markup`: a template or `Markup.format` will not escape it twice.
    """
    return escape("" if value is None else str(value))


def json_encode(encoder: json.JSONEncoder) -> Callable[[Any], str]:
    """`encoder.encode`, made for many small values: the standard library builds its C encoder anew on
    every call, which for an answer of a few keys costs more than the encoding itself. Gives the same
    text for anything not nested in itself (a decoded answer never is); `encoder.encode` elsewhere."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None or encoder.indent is not None:
        return encoder.encode
    strings = json.encoder.encode_basestring_ascii if encoder.ensure_ascii else json.encoder.encode_basestring
    chunks = make(
        None,  # no check for a value nested in itself: a decoded answer is a tree
        encoder.default,
        strings,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def encode(value: Any) -> str:
        if isinstance(value, str):
            return encoder.encode(value)
        return "".join(chunks(value, 0))

    return encode


def json_key(encoder: json.JSONEncoder) -> Callable[[Any], bytes]:
    """A value's JSON as bytes, to compare or hash answers, never to show: two values get one key exactly
    when `encoder` writes them alike. orjson's text when it is installed (an answer of ten keys takes a
    seventh of the time), else `encoder`'s, marked with a NUL byte first (orjson's never starts so), so
    the two never give one key for different values. orjson writes NaN and Infinity as null, so a text
    with `null` in it is made by `encoder`, which tells them apart; so is a value orjson refuses (an
    integer over 64 bits, a lone surrogate). Only `sort_keys` and `default` of `encoder` carry over to
    orjson: keep its other options fixed for one kind of key. Meant for answers as JSON gives them (dicts,
    lists, tuples, text, numbers); dates and dataclasses go to `default`, as `encoder` sends them."""
    slow = json_encode(encoder)

    def by_encoder(value: Any) -> bytes:
        return b"\x00" + slow(value).encode("utf-8", "surrogatepass")

    try:
        import orjson
    except ImportError:  # pragma: no cover - depends on the environment
        return by_encoder
    dumps, refused = orjson.dumps, orjson.JSONEncodeError
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    option |= orjson.OPT_SORT_KEYS if encoder.sort_keys else 0
    default = None if getattr(encoder.default, "__func__", None) is json.JSONEncoder.default else encoder.default

    def key(value: Any) -> bytes:
        try:
            text = dumps(value, default, option)
        except refused:
            return by_encoder(value)
        return by_encoder(value) if b"null" in text else text

    return key
