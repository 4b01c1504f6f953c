"""Which course notebook a file name names: `04_raci.ipynb`, `alice_04_raci.ipynb`, `04-raci (1).ipynb`.

The learner's `mlops-course check` and the grader read a saved notebook's number from its
name by the same rule, so the two never disagree about which notebook a file is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePosixPath

NUMBER_PREFIX = re.compile(r"^(\d\d)(?:[_\-. ]|$)")
"""A name that starts with a notebook's two digits."""
NOTEBOOK_IN_NAME = re.compile(r"(?:^|[^0-9])(\d\d)_[A-Za-z]")
"""A notebook's name inside a longer one (an LMS prefixes the learner: `alice_04_raci`)."""


def notebook_from_name(name: str, known: Iterable[str]) -> str | None:
    """The course notebook a file name points at ('04' for 04_raci.ipynb), if it is one of `known`."""
    return _notebook_from_name(name, frozenset(known))


@lru_cache(maxsize=256)
def _notebook_from_name(name: str, known: frozenset[str]) -> str | None:
    """Worked out once per name: a class hands in the same few names, thousands of times."""
    stem = PurePosixPath(name).stem
    for candidate in [m.group(1) for m in NUMBER_PREFIX.finditer(stem)] + [
        m.group(1) for m in NOTEBOOK_IN_NAME.finditer(stem)
    ][::-1]:
        if candidate in known:
            return candidate
    return None


@lru_cache(maxsize=256)
def names_a_notebook(name: str) -> str | None:
    """The notebook number a file name starts with, whether or not it has exercises."""
    match = NUMBER_PREFIX.match(PurePosixPath(name).stem)
    return match.group(1) if match else None
