"""value: compute numbers (with pandas); each is right within its tolerance, common slips get their own feedback."""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError, number, plain, type_name
from course.exercises.answer_samples import json_forms
from course.exercises.blind_play import BlindStrategy, Check, is_right
from course.exercises.disclosure import Judging
from course.exercises.model import COMMON_FIELDS, Exercise, key_in
from course.exercises.practice_key import Sealer
from course.exercises.results import Part, Score, finish, without_credit
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
)
from course.exercises.type_registry import register
from course.exercises.wording import SLIPS
from course.text import format_points

MAX_GRID = 20001
"""At most this many grid points lie within a field's tolerance (the practice check hashes each)."""
SLACK = 1e-9
"""What a float may be off by and still count as the value written (in `score` and the sealed check alike)."""
CHECK_CODE = "Check what your code counts."
MAX_INDEX = 2**40
"""Sealed values stay below this on their grid, so products with the scale are exact to well under a step."""


@dataclass(frozen=True)
class ValueField:
    """One number the learner computes. Correct when within `tolerance` of `expected`."""

    id: str
    label: str
    expected: float
    tolerance: float = 0.0


@dataclass(frozen=True)
class CommonMistake:
    """A wrong value worth recognising, and the slip that produces it."""

    field: str
    value: float
    feedback: str


@dataclass(frozen=True)
class Value(Exercise):
    fields: tuple[ValueField, ...] = ()
    explanation: str = ""
    mistakes: tuple[CommonMistake, ...] = ()

    def learner_view(self) -> dict[str, Any]:
        return {**super().learner_view(), "fields": [[f.id, f.label] for f in self.fields]}


@register
class ValueType(ExerciseType[Value]):
    name = "value"
    label = "compute with pandas"
    definition = Value
    partial_credit = ("per_field", "none")
    fields = ("fields", "explanation", "mistakes")
    judging = Judging(explained=1, noun="value")
    """One wrong value explained at a time while most are wrong: with two or three fields, two would be all.
    No answer shape is refused: one number in every field can be what a slip gives (4, 4, 4, 4)."""

    def parse(self, f: Fields, common: dict[str, Any]) -> Value:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        fields = []
        for v in f.records("fields", allow_empty=False):
            v.reject_unknown(("id", "label", "answer", "tolerance"))
            tolerance = float(v.number("tolerance", 0))
            if tolerance < 0:
                raise v.error("tolerance", "expected zero or a positive number")
            fields.append(ValueField(v.text("id"), v.text("label"), float(v.number("answer")), tolerance))
        ids = [x.id for x in fields]
        if len(set(ids)) != len(ids):
            raise f.error("fields", "field ids must be unique")
        mistakes = []
        for m in f.records("mistakes", []):
            m.reject_unknown(("field", "value", "feedback"))
            field_id = key_in(m, "field", m.text("field"), ids, "field")
            mistakes.append(CommonMistake(field_id, float(m.number("value")), m.text("feedback")))
        return Value(**common, fields=tuple(fields), explanation=f.text("explanation"), mistakes=tuple(mistakes))

    def normalise(self, exercise: Value, answer: Any) -> dict[str, float]:
        answer = plain(answer)
        fields = {f.id: f for f in exercise.fields} | {f.label: f for f in exercise.fields}
        if not isinstance(answer, Mapping):
            if len(exercise.fields) != 1:
                names = ", ".join(f.id for f in exercise.fields)
                raise AnswerError(
                    f"{exercise.id}: expected a mapping with a number for each of {names}, got {type_name(answer)}"
                )
            return {exercise.fields[0].id: number(exercise, answer, "the answer")}
        out: dict[str, float] = {}
        for key, value in answer.items():
            spec = fields.get(key) if isinstance(key, str) else None
            if spec is None:
                raise AnswerError(f"{exercise.id}: {str(key)[:80]!r} is not one of the values asked for")
            if value is None:
                continue
            out[spec.id] = number(exercise, value, repr(spec.label))
        order = [f.id for f in exercise.fields]
        return {k: out[k] for k in sorted(out, key=order.index)}

    def score(self, exercise: Value, answer: dict[str, float]) -> Score:
        unit = exercise.points / len(exercise.fields)
        # The explanation covers every field, so it goes with a right field only once all are
        # right: shown beside the first right value, it would give the others away.
        all_right = all(
            spec.id in answer and abs(answer[spec.id] - spec.expected) <= spec.tolerance + SLACK
            for spec in exercise.fields
        )
        parts = []
        for spec in exercise.fields:
            given = answer.get(spec.id)
            if given is None:
                parts.append(Part(spec.label, 0.0, unit, False, "No value yet.", exercise.explanation))
                continue
            if abs(given - spec.expected) <= spec.tolerance + SLACK:
                explanation = exercise.explanation if all_right else ""
                parts.append(Part(spec.label, unit, unit, True, "Right.", explanation, format_points(given)))
                continue
            mistake = next(
                (
                    m
                    for m in exercise.mistakes
                    if m.field == spec.id and abs(m.value - given) <= max(spec.tolerance, SLACK)
                ),
                None,
            )
            # No "too high" or "too low": the direction would turn the Check into a guessing game.
            feedback = mistake.feedback if mistake else f"{format_points(given)} is not right. {CHECK_CODE}"
            misconception = f"{spec.label}: {format_points(given)}" if mistake else None
            parts.append(
                Part(spec.label, 0.0, unit, False, feedback, exercise.explanation, format_points(given), misconception)
            )
        return _finish(exercise, parts)

    # --- the learner edition: numbers on a decimal grid -----------------------------------------------------
    # A field's expected value and its slips are sealed at their grid index k (the value times 10**places,
    # places = the decimals they and the tolerance need). A check hashes each grid point within the
    # tolerance of the given number (at most MAX_GRID of them), so "right" means exactly what `score` says.

    def learner_definition(self, exercise: Value) -> Value:
        fields = tuple(replace(f, expected=math.nan) for f in exercise.fields)
        return replace(exercise, fields=fields, explanation="", mistakes=())

    def seal(self, exercise: Value, sealer: Sealer) -> None:
        places: dict[str, int] = {}
        right_points = []
        for spec in exercise.fields:
            slips = [m for m in exercise.mistakes if m.field == spec.id]
            digits = max(_places(x) for x in (spec.expected, spec.tolerance, *(m.value for m in slips)))
            if 2 * spec.tolerance * 10**digits + 1 > MAX_GRID:
                raise ValueError(
                    f"{exercise.id}: field {spec.id!r} has a tolerance of {spec.tolerance:g} at {digits} decimals, "
                    f"more than {MAX_GRID} grid points to check; round the answer or the tolerance"
                )
            too_big = [x for x in (spec.expected, *(m.value for m in slips)) if abs(x) * 10**digits >= MAX_INDEX]
            if too_big:
                raise ValueError(f"{exercise.id}: field {spec.id!r}: {too_big[0]:g} is too large to seal")
            places[spec.id] = digits
            right_points.append(_grid(spec.expected, digits))
            sealer.add(spec.id, right_points[-1], {"right": True})
            for order, slip in enumerate(slips):
                sealer.add(
                    spec.id, _grid(slip.value, digits), {"right": False, "feedback": slip.feedback, "order": order}
                )
        sealer.add("explanation", right_points, {"right": True, "feedback": exercise.explanation})
        sealer.counts["places"] = places

    def check_sealed(self, exercise: Value, answer: dict[str, float]) -> Score:
        unit = exercise.points / len(exercise.fields)
        places = exercise.practice.counts["places"]
        found = {spec.id: _find(exercise, spec, answer.get(spec.id), places[spec.id]) for spec in exercise.fields}
        right_points = [found[spec.id][0] for spec in exercise.fields]
        explanation = ""
        if all(k is not None for k in right_points):
            opened = exercise.practice.open(exercise.id, "explanation", right_points)
            explanation = str((opened or {}).get("feedback") or "")
        parts = []
        for spec in exercise.fields:
            given = answer.get(spec.id)
            right_point, slip = found[spec.id]
            if given is None:
                parts.append(Part(spec.label, 0.0, unit, False, "No value yet."))
            elif right_point is not None:
                parts.append(Part(spec.label, unit, unit, True, "Right.", explanation, format_points(given)))
            else:
                shown = format_points(given)
                feedback = slip or f"{shown} is not right. {CHECK_CODE}"
                misconception = f"{spec.label}: {shown}" if slip else None
                parts.append(Part(spec.label, 0.0, unit, False, feedback, "", shown, misconception))
        return _finish(exercise, parts)

    def describe_progress(self, exercise: Value, answer: dict[str, float]) -> str:
        return f"{len(answer)} of {len(exercise.fields)} values"

    def describe_answer(self, exercise: Value, answer: dict[str, float]) -> str:
        labels = {f.id: f.label for f in exercise.fields}
        return "\n".join(f"{labels[k]}: {format_points(v, 4)}" for k, v in answer.items())

    def reveal_key(self, exercise: Value, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: Value) -> str:
        return "; ".join(f"{f.label} = {f.expected:g}" for f in exercise.fields)

    def misconception_lines(self, exercise: Value) -> tuple[str, list[str]]:
        labels = {f.id: f.label for f in exercise.fields}
        return SLIPS, [f"- {labels[m.field]} = {m.value:g}: {m.feedback}" for m in exercise.mistakes]

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: Value) -> dict[str, float]:
        return {f.id: f.expected for f in exercise.fields}

    def sample_answers(self, exercise: Value, rng: random.Random) -> Iterator[Any]:
        """The right values, then per field: at and just past the tolerance, far off, each slip and near it."""
        yield None
        right = self.key_answer(exercise)
        yield right
        for spec in exercise.fields:
            tol = spec.tolerance
            candidates = [
                spec.expected + tol,
                spec.expected - tol,
                spec.expected + tol * 0.999,
                spec.expected + tol + 0.01,
                spec.expected - tol - 0.001,
                spec.expected * 2 + 1,
                -spec.expected,
                0,
                1e300,
                spec.expected + 1e-10,
                round(spec.expected, 1),
            ]
            for slip in exercise.mistakes:
                if slip.field == spec.id:
                    candidates += [
                        slip.value,
                        slip.value + tol / 2,
                        slip.value - tol,
                        slip.value + max(tol, 1e-9) * 1.5,
                    ]
            candidates += [rng.uniform(spec.expected - 3 * tol - 1, spec.expected + 3 * tol + 1) for _ in range(10)]
            for value in candidates:
                if math.isfinite(value):
                    yield {**right, spec.id: value}
            yield {k: v for k, v in right.items() if k != spec.id}

    def wrong_answers(self, exercise: Value) -> list[WrongAnswer]:
        """Each slip the definition words feedback for (the other fields right)."""
        right = self.key_answer(exercise)
        found = []
        for slip in exercise.mistakes:
            spec = next(f for f in exercise.fields if f.id == slip.field)
            found.append(
                WrongAnswer(
                    {**right, slip.field: slip.value},
                    f"slip {slip.value:g} on {slip.field!r}",
                    slip.feedback,
                    f"{spec.label}: {format_points(slip.value)}",
                    KeyNames(((f"{spec.expected:g}",),), exercise.prompt),
                )
            )
        return found

    def blind_answers(self, exercise: Value) -> list[BlindAnswer]:
        return [
            BlindAnswer(f"{guess:g} in every field", {f.id: guess for f in exercise.fields}) for guess in (0, 1, 100)
        ]

    def blind_strategies(self, exercise: Value) -> list[BlindStrategy]:
        return [
            *super().blind_strategies(exercise),
            BlindStrategy("count up from 0 in every field", _count_up(exercise)),
        ]

    def reordered(self, exercise: Value, rng: random.Random) -> Value:
        return replace(exercise, fields=tuple(rng.sample(exercise.fields, len(exercise.fields))))

    def key_names(self, exercise: Value) -> KeyNames:
        return KeyNames(tuple((f"{f.expected:g}",) for f in exercise.fields), exercise.prompt)

    def key_traces(self, exercise: Value) -> KeyTraces:
        answer = self.normalise(exercise, self.key_answer(exercise))
        forms = list(json_forms(answer))
        for spec in exercise.fields:
            forms += [f"answer: {text}\n" for text in _number_forms(spec.expected)]
        return KeyTraces(
            file_forms=tuple(forms),
            texts=(exercise.explanation, *(m.feedback for m in exercise.mistakes)),
            numbers=tuple(spec.expected for spec in exercise.fields),
        )

    def early_texts(self, exercise: Value) -> list[EarlyText]:
        # A slip's feedback may repeat the wrong value the learner wrote, never a key value.
        keys = tuple(spec.expected for spec in exercise.fields)
        slips = [
            EarlyText(
                f"{exercise.id} mistake {m.value:g} on {m.field!r}",
                m.feedback,
                numbers_from=None,
                key_numbers=keys,
                one_is_a_number=1 in keys,
            )
            for m in exercise.mistakes
        ]
        return slips + hint_texts(exercise, (), (), (exercise.prompt,), key_numbers=keys)

    def learner_texts(self, exercise: Value) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints, *(spec.label for spec in exercise.fields)]

    def option_groups(self, exercise: Value) -> list[OptionGroup]:
        return []


MAX_COUNT = 100
"""Blind counting goes this far."""


def _count_up(exercise: Value) -> Any:
    """Blind play: 0, 1, 2, ... in every field, keeping each value marked right and moving on from each value
    marked wrong (when every field would hold the same number, the last field tries its next one first)."""

    def play(check: Check) -> Iterator[Any]:
        labels = {f.label: f.id for f in exercise.fields}
        left: dict[str, list[float]] = {f.id: list(range(MAX_COUNT + 1)) for f in exercise.fields}
        right: dict[str, float] = {}
        while all(left.values()):
            current = {k: right.get(k, queue[0]) for k, queue in left.items()}
            pending = [k for k in left if k not in right]
            if len(set(current.values())) == 1 and len(current) > 1 and pending and len(left[pending[-1]]) > 1:
                current[pending[-1]] = left[pending[-1]][1]
            yield current
            result = check(current)
            if is_right(result):
                return
            for part in result.parts:
                field_id = labels.get(part.label)
                if field_id is None or part.given is None:
                    continue
                if part.correct:
                    right[field_id] = current[field_id]
                elif current[field_id] in left[field_id]:
                    left[field_id].remove(current[field_id])

    return play


def _finish(exercise: Value, parts: list[Part]) -> Score:
    right = sum(p.correct for p in parts)
    if exercise.partial_credit == "none" and right != len(parts):
        parts = without_credit(parts)
    return finish(exercise, parts, f"{right} of {len(exercise.fields)} values right.")


def _number_forms(x: float) -> list[str]:
    """A number as a file may spell it (2, 2.0, 0.35)."""
    return sorted({f"{x:g}", repr(float(x)), str(int(x)) if float(x).is_integer() else repr(float(x))})


def _places(x: float) -> int:
    """The decimals a number needs as written (0.35 → 2, 1200 → 0)."""
    exponent = Decimal(repr(float(x))).normalize().as_tuple().exponent
    return max(0, -int(exponent))


def _grid(x: float, places: int) -> int:
    """A number's exact index on the grid of 10**-places."""
    return int(Decimal(repr(float(x))).scaleb(places))


def _find(exercise: Value, spec: Any, given: float | None, places: int) -> tuple[int | None, str | None]:
    """(the grid index of the sealed right value within tolerance of `given`, or None;
    else the feedback of the first sealed slip within tolerance, or None)."""
    if given is None:
        return None, None
    scale = 10**places
    reach = spec.tolerance + SLACK
    if not (abs(given) + reach) * scale < 2 * MAX_INDEX:
        return None, None  # farther from every sealed value (|k| < MAX_INDEX) than any tolerance reaches
    low, high = math.floor((given - reach) * scale) - 1, math.ceil((given + reach) * scale) + 1
    slip: tuple[int, str] | None = None
    for k in range(low, high + 1):
        point = k / scale  # correctly rounded: the same float as the number written with `places` decimals
        near_right = abs(given - point) <= reach
        near_slip = abs(point - given) <= max(spec.tolerance, SLACK)
        if not (near_right or near_slip):
            continue
        opened = exercise.practice.open(exercise.id, spec.id, k)
        if opened is None:
            continue
        if opened.get("right"):
            if near_right:
                return k, None
        elif near_slip and (slip is None or int(opened["order"]) < slip[0]):
            slip = (int(opened["order"]), str(opened["feedback"]))
    return None, slip[1] if slip else None
