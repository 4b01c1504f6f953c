"""A bounded memory for pure functions called with the same arguments again and again."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A small least-recently-used memory (bounded: a batch's memory stays flat).

    Learners often give the same answer (the right one, or a classic mistake), and scoring
    is pure, so a batch scores and renders each common answer once; one-off answers pass
    through and are forgotten first.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self.items.pop(key, None)
        if value is not None:
            self.items[key] = value  # now the most recent
        return value

    def put(self, key: K, value: V) -> V:
        self.items[key] = value
        if len(self.items) > self.size:
            del self.items[next(iter(self.items))]  # the least recent
        return value


__all__ = ["Memo"]
