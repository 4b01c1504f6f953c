"""A bounded memory for pure functions called with the same arguments again and again."""

from __future__ import annotations

from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A small bounded memory (a batch's memory stays flat): when full, the oldest entry goes.

    Learners often give the same answer (the right one, or a classic mistake), and scoring
    is pure, so a batch scores and renders each common answer once. A hit does not reorder
    the entries (that cost a third of the time spent in the memory, on every hit): a common
    answer pushed out by a run of one-off answers is worked out once more, and kept again.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.items: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        return self.items.get(key)

    def __len__(self) -> int:
        return len(self.items)

    def put(self, key: K, value: V) -> V:
        self.items[key] = value
        if len(self.items) > self.size:
            del self.items[next(iter(self.items))]  # the oldest
        return value


class ShortMemo(Memo[K, V]):
    """A `Memo` that forgets everything at once when full: for what is asked again soon or not at all (a file's
    records within the file, a table's repeated cells), where keeping the oldest out one by one costs more
    than it keeps."""

    def put(self, key: K, value: V) -> V:
        if len(self.items) >= self.size:
            self.items.clear()
        self.items[key] = value
        return value


__all__ = ["Memo", "ShortMemo"]
