"""The exercise types: one module each, one interface, one registry that refuses an incomplete type.

A demo type ("yes_no") is added here the way CONTRIBUTING.md says: a type class registered with
`@register`, a widget, a definition. Nothing else in the kit is edited, and the kit reads,
normalises, scores, describes and shows it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError
from course.exercises.answers import describe_progress, normalise
from course.exercises.definitions import load_file
from course.exercises.model import COMMON_FIELDS, Exercise
from course.exercises.results import Score, finish
from course.exercises.scoring import score
from course.exercises.status import Status
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
from course.exercises.type_interface import ExerciseType as BaseType
from course.exercises.type_registry import all_types, by_name, names, register, type_of, unregister
from tests.yaml_tools import dump_yaml

COURSE = Path(__file__).resolve().parent.parent / "course"
TYPE_MODULES = sorted(p.stem for p in (COURSE / "exercises" / "types").glob("*.py") if p.stem != "__init__")


@dataclass(frozen=True)
class YesNo(Exercise):
    key: bool = True


class YesNoBase(ExerciseType[YesNo]):
    name = "yes_no"
    label = "yes or no"
    definition = YesNo
    partial_credit = ("none",)
    fields = ("answer",)

    def parse(self, f: Fields, common: dict[str, Any]) -> YesNo:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        return YesNo(**common, key=f.flag("answer"))

    def normalise(self, exercise: YesNo, answer: Any) -> str:
        if answer not in ("yes", "no"):
            raise AnswerError(f"{exercise.id}: expected 'yes' or 'no', got {answer!r}")
        return str(answer)

    def score(self, exercise: YesNo, answer: str) -> Score:
        right = (answer == "yes") == exercise.key
        from course.exercises.results import Part

        part = Part("Yes or no", exercise.points if right else 0.0, exercise.points, right, "")
        return finish(exercise, [part], "Right." if right else "Not this one.")

    def describe_progress(self, exercise: YesNo, answer: str) -> str:
        return f"said {answer}"

    def describe_answer(self, exercise: YesNo, answer: str) -> str:
        return answer.capitalize()

    def reveal_key(self, exercise: YesNo, answer: Any) -> str:
        return "Yes." if exercise.key else "No."

    def key_in_words(self, exercise: YesNo) -> str:
        return "yes" if exercise.key else "no"

    def misconception_lines(self, exercise: YesNo) -> tuple[str, list[str]]:
        return "Misconceptions this exercise surfaces:", []

    def key_answer(self, exercise: YesNo) -> str:
        return "yes" if exercise.key else "no"

    def sample_answers(self, exercise: YesNo, rng: Any) -> Any:
        yield from (None, "yes", "no")

    def wrong_answers(self, exercise: YesNo) -> list[WrongAnswer]:
        return [WrongAnswer("no" if exercise.key else "yes", "the other answer")]

    def blind_answers(self, exercise: YesNo) -> list[BlindAnswer]:
        return [BlindAnswer("always yes", "yes"), BlindAnswer("always no", "no")]

    def key_names(self, exercise: YesNo) -> KeyNames:
        return KeyNames((), exercise.prompt)

    def key_traces(self, exercise: YesNo) -> KeyTraces:
        return KeyTraces(file_forms=(f"answer: {str(exercise.key).lower()}\n",))

    def early_texts(self, exercise: YesNo) -> list[EarlyText]:
        return hint_texts(exercise, (), (exercise.prompt,), (exercise.prompt,))

    def learner_texts(self, exercise: YesNo) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints]

    def option_groups(self, exercise: YesNo) -> list[OptionGroup]:
        return []


DEMO = {
    "notebook": "98",
    "title": "Demo",
    "exercises": [
        {
            "id": "98.yes-no",
            "type": "yes_no",
            "title": "Yes or no",
            "prompt": "Is an ML engineer accountable for the data pipeline?",
            "points": 1,
            "section": "Roles",
            "hints": ["Think of who owns the pipeline."],
            "level": "remember",
            "answer": False,
        }
    ],
}


@pytest.fixture
def yes_no(tmp_path):
    register(YesNoBase)
    path = tmp_path / "98_demo.yaml"
    path.write_text(dump_yaml(DEMO), encoding="utf-8")
    try:
        yield load_file(path)[0]
    finally:
        unregister("yes_no")


def test_every_module_of_the_types_package_registers_the_type_it_is_named_after():
    assert sorted(names()) == TYPE_MODULES
    for name in TYPE_MODULES:
        exercise_type = by_name(name)
        assert type(exercise_type).__module__ == f"course.exercises.types.{name}"
        assert exercise_type.name == name


def test_a_type_missing_a_part_fails_when_it_is_registered():
    class Incomplete(ExerciseType[YesNo]):
        name = "incomplete"
        label = "incomplete"
        definition = YesNo
        partial_credit = ("none",)
        fields = ()

        def parse(self, f: Fields, common: dict[str, Any]) -> YesNo:
            return YesNo(**common)

    with pytest.raises(TypeError, match="abstract") as caught:
        register(Incomplete)
    assert "score" in str(caught.value) and "blind_answers" in str(caught.value)
    assert "incomplete" not in names()


def test_a_type_without_its_name_fails_when_it_is_registered():
    class Nameless(YesNoBase):
        pass

    del_name = type("NoName", (BaseType,), {})  # no name, no methods
    with pytest.raises(TypeError, match="does not set `name`"):
        register(del_name)
    assert Nameless.name == "yes_no"


def test_a_demo_type_added_in_a_test_works_through_the_whole_kit(yes_no):
    assert type_of(yes_no).name == "yes_no"
    answer = normalise(yes_no, "no")
    assert answer == "no"
    result = score(yes_no, answer)
    assert result.status == Status.CORRECT and result.points == 1
    assert score(yes_no, normalise(yes_no, "yes")).status == Status.INCORRECT
    assert score(yes_no, None).status == Status.UNANSWERED
    assert describe_progress(yes_no, "no") == "said no"
    with pytest.raises(AnswerError, match="expected 'yes' or 'no'"):
        normalise(yes_no, "maybe")


def test_a_demo_type_reaches_the_feedback_page_and_the_notes(yes_no):
    from course.authoring.notes import answer_text, misconception_list
    from course.grading.outputs.feedback import describe_answer

    assert describe_answer(yes_no, "yes") == "Yes"
    assert answer_text(yes_no) == "no"
    assert misconception_list(yes_no)[1] == []


def test_a_type_name_cannot_be_registered_twice():
    class Again(YesNoBase):
        pass

    register(YesNoBase)
    try:
        with pytest.raises(TypeError, match="registered twice"):
            register(Again)
    finally:
        unregister("yes_no")


def _isinstance_of_definitions(tree: ast.AST) -> list[str]:
    kinds = {t.definition.__name__ for t in all_types()}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance" and len(node.args) == 2:
            named = {n.id for n in ast.walk(node.args[1]) if isinstance(n, ast.Name)}
            found += sorted(named & kinds)
    return sorted(set(found))


def test_no_module_outside_the_types_dispatches_on_a_definition_class():
    """Per-type behaviour lives in course/exercises/types/: elsewhere, no isinstance chain over the types."""
    offenders = {}
    for path in COURSE.rglob("*.py"):
        if "types" in path.relative_to(COURSE).parts:
            continue
        found = _isinstance_of_definitions(ast.parse(path.read_text(encoding="utf-8")))
        if len(found) > 1:  # a single check for one type's own feature (a rubric) is not a dispatch
            offenders[str(path.relative_to(COURSE))] = found
    assert offenders == {}


TESTS = COURSE.parent / "tests"


def _dispatch_by_type_name(tree: ast.AST) -> list[str]:
    """`x.type == "matching"`, `TABLE[x.type]`, a table of functions keyed by type names."""
    type_names = set(names())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Attribute) and side.attr == "type" for side in sides):
                found += [
                    c.value
                    for side in sides
                    for c in ast.walk(side)
                    if isinstance(c, ast.Constant) and c.value in type_names
                ]
        elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Attribute) and node.slice.attr == "type":
            found.append(ast.unparse(node))
        elif isinstance(node, ast.Dict):
            keyed = [
                k.value
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant)
                and k.value in type_names
                and isinstance(v, ast.Name | ast.Attribute | ast.Lambda)
            ]
            if len(keyed) > 1:
                found += keyed
    return sorted(set(found))


def handled_by_type(source: str) -> list[str]:
    """What a test module does by exercise type: isinstance over several definition classes, or type names."""
    tree = ast.parse(source)
    kinds = _isinstance_of_definitions(tree)
    return (kinds if len(kinds) > 1 else []) + _dispatch_by_type_name(tree)


def test_no_test_outside_the_types_handles_exercise_types_by_name():
    """A test that walks exercises asks each type (its hooks), so a new type is tested as soon as it is
    registered; only tests/types/ (each type's own tests) and a check of one type's own feature name one."""
    offenders = {}
    for path in TESTS.rglob("*.py"):
        if path.relative_to(TESTS).parts[0] == "types":
            continue
        found = handled_by_type(path.read_text(encoding="utf-8"))
        if found:
            offenders[str(path.relative_to(TESTS))] = found
    assert offenders == {}


def test_the_type_dispatch_check_finds_a_reader_table_and_an_isinstance_chain():
    table = 'READERS = {"single_choice": _single, "matching": _matching}\nreader = READERS[exercise.type]\n'
    assert handled_by_type(table) == ["READERS[exercise.type]", "matching", "single_choice"]
    chain = "if isinstance(e, SingleChoice):\n    pass\nelif isinstance(e, Scenario):\n    pass\n"
    assert handled_by_type(chain) == ["Scenario", "SingleChoice"]
    assert handled_by_type('if exercise.type == "raci_grid":\n    pass\n') == ["raci_grid"]
    assert handled_by_type("grids = [e for e in bank if isinstance(e, RaciGrid)]\n") == []
