"""Playing the Check blind: how a learner who knows nothing of the subject could try to reach full marks.

A `BlindStrategy` is one way of doing it, built from what the learner sees (the learner edition's
definition, which holds no key): a blind answer checked as it is (every option ticked, one letter in
every cell), or an adaptive search that reads each check's feedback the way a determined learner
would (keep what was marked right, change what was marked wrong, use every count the summary gives).
`course.authoring.blind_report` plays them against every exercise and counts the checks each needs;
the types build theirs from the pieces here (`ExerciseType.blind_strategies`).

A strategy is a generator function `play(check)`: it yields the answer it would hand in now and,
between two answers, may call `check(answer)` (one Check each) to read the feedback a learner sees.
It tries things in the order the question shows them; the report plays it again on the question
shown in other orders (`ExerciseType.reordered`), so that luck in one order is not taken for a method.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from course.exercises.results import Score
from course.exercises.status import Status

Check = Callable[[Any], Score]
"""One practice Check of an answer, as the learner sees its result."""
Play = Callable[[Check], Iterator[Any]]


@dataclass(frozen=True)
class BlindStrategy:
    """A named way to play the Check without knowing the subject (see the module docstring)."""

    name: str
    play: Play


def static(name: str, answer: Any) -> BlindStrategy:
    """A blind answer as it is: handed in unchanged (its one check changes nothing it does)."""

    def play(check: Check) -> Iterator[Any]:
        yield answer

    return BlindStrategy(name, play)


def is_right(result: Score) -> bool:
    return result.status == Status.CORRECT


def try_each(options: Sequence[str]) -> BlindStrategy:
    """One pick at a time, each option in turn until one is marked right (elimination)."""

    def play(check: Check) -> Iterator[Any]:
        for option in options:
            yield option
            if is_right(check(option)):
                return

    return BlindStrategy("each option in turn until one is right", play)


class ChoiceSetSearch:
    """What a learner has worked out about a set of options to tick, from the checks so far.

    `right` and `wrong` hold options the feedback marked; `count` is the number of right options
    once a summary or a part has given it away. `next_set(size)` ticks every option known right and
    up to `size` options not yet judged.
    """

    def __init__(self, options: Sequence[str]) -> None:
        self.options = list(options)
        self.right: set[str] = set()
        self.wrong: set[str] = set()
        self.count: int | None = None

    @property
    def unknown(self) -> list[str]:
        return [o for o in self.options if o not in self.right and o not in self.wrong]

    def settled(self) -> list[str] | None:
        """The right set when what is known pins it down, else None."""
        if self.count is not None and len(self.right) == self.count:
            return sorted(self.right)
        if self.count is not None and len(self.right) + len(self.unknown) == self.count:
            return sorted(self.right | set(self.unknown))
        return None

    def next_set(self, size: int) -> list[str]:
        return sorted(self.right | set(self.unknown[: max(0, size)]))

    def read(self, ticked: Sequence[str], parts: Sequence[Any], summary: str, noun: str) -> None:
        """Learn from the parts and summary of a check of `ticked` (parts whose `given` is an option).

        `noun` is how the feedback names a right option ('right option', 'reason'): "1 of 2 right
        options selected" gives the count, and so does "2 more right options not ticked yet" once
        every ticked option is known right.
        """
        ids = set(self.options)
        for part in parts:
            if part.given in ids:
                (self.right if part.correct else self.wrong).add(part.given)
        text = " ".join([summary, *(p.feedback for p in parts)])
        total = re.search(rf"of (\d+) {noun}s?\b", text) or re.search(r"(\d+) (?:is|are) right\b", text)
        if total:
            self.count = int(total.group(1))
        missing = re.search(rf"(\d+) (?:more )?{noun}s? (?:not|still)", text)
        if missing and all(o in self.right for o in ticked):
            self.count = len(ticked) + int(missing.group(1))


def choice_set_play(options: Sequence[str], noun: str, size: Callable[[int], int]) -> Play:
    """Tick options in groups and keep what the feedback marks right.

    `size(n)` is how many options not yet judged to tick with the known right ones (n: how many
    options there are); a check that judges nothing (too many ticked) halves the group.
    """

    def play(check: Check) -> Iterator[Any]:
        search = ChoiceSetSearch(options)
        group = size(len(options))
        while True:
            settled = search.settled()
            if settled is not None:
                yield settled
                return
            ticked = search.next_set(group)
            yield ticked
            result = check(ticked)
            if is_right(result):
                return
            before = (len(search.right), len(search.wrong), search.count)
            search.read(ticked, result.parts, result.summary, noun)
            if (len(search.right), len(search.wrong), search.count) == before:
                if group <= 1 and not search.unknown:
                    return
                group = max(1, group // 2)

    return play
