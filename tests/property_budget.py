"""How many examples a property test draws: every one in the full suite, a quarter in the fast inner loop.

The full suite (CI, and `python -m pytest` before a change is pushed) draws each test's whole budget. The
inner loop (`-m "not slow"`) is for the minutes in between: a quarter of the examples still finds a broken
rule at once, and keeps the loop's few seconds of property tests from being its largest part. The root
`conftest.py` says which run this is before any test module is read.
"""

from __future__ import annotations

INNER_LOOP_SHARE = 0.25
"""The share of each property test's examples the fast inner loop draws."""
MINIMUM = 20
"""No property test draws fewer examples than this, however small its share."""

_inner_loop = False


def set_inner_loop(inner: bool) -> None:
    """Called by the root conftest.py as the run starts: True when `-m` leaves out the slow tests."""
    global _inner_loop
    _inner_loop = inner


def examples(full: int) -> int:
    """The examples to draw of a test whose full budget is `full`."""
    return max(min(full, MINIMUM), round(full * INNER_LOOP_SHARE)) if _inner_loop else full
