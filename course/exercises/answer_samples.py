"""Answers and key forms the types build for the tests, shared by several types.

A type describes itself to the tests (`ExerciseType.sample_answers`, `key_traces`, ...);
these are the pieces more than one type needs.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from typing import Any


def choice_sets(ids: list[str], key: set[str], rng: random.Random) -> Iterator[list[str]]:
    """Sets of options worth scoring: the key, all, each one alone, the key with one more or one less, random."""
    yield sorted(key)
    yield ids
    for one in ids:
        yield [one]
        yield sorted(key | {one})
        yield sorted(key - {one})
    for _ in range(12):
        yield rng.sample(ids, rng.randint(1, len(ids)))


def json_forms(value: Any) -> tuple[str, str]:
    """A value as JSON would spell it in a file, spaced and compact."""
    return json.dumps(value, ensure_ascii=False), json.dumps(value, ensure_ascii=False, separators=(",", ":"))
