"""Frozen dataclasses made and changed on hot paths without their `__init__`.

A frozen dataclass's `__init__` sets each field through `object.__setattr__`, one call per field, and
`dataclasses.replace` goes through `__init__` again: for a record of twelve fields or a file's result of
twenty, that was most of what building one cost. A grader builds one per record and per file, tens of
thousands in a class. `built` and `replaced` fill the instance's fields in one update instead. They are for
classes whose `__init__` only sets fields (no `__post_init__`, no `InitVar`, no slots); tests/test_frozen.py
checks each class they are used with gives what `__init__` and `dataclasses.replace` give.
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

_new = object.__new__


def built(cls: type[T], /, **fields: Any) -> T:
    """`cls(**fields)`, every field given (the caller names them all; a default is not filled in)."""
    instance = _new(cls)
    vars(instance).update(fields)
    return instance


def replaced(instance: T, /, **changes: Any) -> T:
    """`dataclasses.replace(instance, **changes)`: a copy with some fields changed, `instance` left as it is."""
    copy = _new(type(instance))
    fields = vars(copy)
    fields.update(vars(instance))
    fields.update(changes)
    return copy
