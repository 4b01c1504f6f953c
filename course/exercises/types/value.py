"""value: compute numbers (with pandas); each is right within its tolerance, common slips get their own feedback."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from course.datafile import Fields
from course.exercises.answers import AnswerError, number, plain, type_name
from course.exercises.definitions import COMMON_FIELDS, CommonMistake, Value, ValueField, key_in
from course.exercises.scoring import Part, Score, finish, without_credit
from course.exercises.types.base import ExerciseType
from course.exercises.types.registry import register
from course.exercises.types.wording import SLIPS
from course.text import format_points

if TYPE_CHECKING:
    from course.exercises.widgets.base import ExerciseWidget


@register
class ValueType(ExerciseType[Value]):
    name = "value"
    label = "compute with pandas"
    definition = Value
    partial_credit = ("per_field", "none")
    fields = ("fields", "explanation", "mistakes")

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
            spec.id in answer and abs(answer[spec.id] - spec.expected) <= spec.tolerance + 1e-9
            for spec in exercise.fields
        )
        parts = []
        for spec in exercise.fields:
            given = answer.get(spec.id)
            if given is None:
                parts.append(Part(spec.label, 0.0, unit, False, "No value yet.", exercise.explanation))
                continue
            if abs(given - spec.expected) <= spec.tolerance + 1e-9:
                explanation = exercise.explanation if all_right else ""
                parts.append(Part(spec.label, unit, unit, True, "Right.", explanation, format_points(given)))
                continue
            mistake = next(
                (
                    m
                    for m in exercise.mistakes
                    if m.field == spec.id and abs(m.value - given) <= max(spec.tolerance, 1e-9)
                ),
                None,
            )
            direction = "too high" if given > spec.expected else "too low"
            feedback = (
                mistake.feedback if mistake else f"{format_points(given)} is {direction}. Check what your code counts."
            )
            misconception = f"{spec.label}: {format_points(given)}" if mistake else None
            parts.append(
                Part(spec.label, 0.0, unit, False, feedback, exercise.explanation, format_points(given), misconception)
            )
        right = sum(p.correct for p in parts)
        if exercise.partial_credit == "none" and right != len(parts):
            parts = without_credit(parts)
        return finish(exercise, parts, f"{right} of {len(exercise.fields)} values right.")

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

    def widget(self) -> type[ExerciseWidget]:
        from course.exercises.widgets.value import ValueWidget

        return ValueWidget
