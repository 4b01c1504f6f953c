"""`course.frozen` builds and changes frozen dataclasses without `__init__`: for each class it is used
with, the instance must be the one `__init__` or `dataclasses.replace` gives, still frozen, and a change
must leave the original as it was."""

from __future__ import annotations

import dataclasses

import pytest

from course.exercises.record_reader import FoundRecord
from course.exercises.records import AnswerRecord
from course.frozen import built, replaced
from course.grading.discover import Source
from course.grading.layout import Origin
from course.grading.pipeline import FileResult, Row

USED_WITH = (AnswerRecord, FileResult, FoundRecord, Origin, Source)
"""Every class `built` or `replaced` is called with in the package."""


@pytest.mark.parametrize("cls", USED_WITH)
def test_the_class_only_sets_fields_in_its_init(cls):
    assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen
    assert not hasattr(cls, "__post_init__") and not hasattr(cls, "__slots__")
    assert all(f.init for f in dataclasses.fields(cls))


def test_every_use_in_the_package_is_with_a_class_checked_here():
    import re
    from pathlib import Path

    import course

    names = {cls.__name__ for cls in USED_WITH}
    names |= {"result", "origin", "item"}  # a FileResult, an Origin and a Source where they are replaced
    for path in Path(course.__file__).parent.rglob("*.py"):
        if path.name == "frozen.py":
            continue
        for called in re.findall(r"\b(?:built|replaced)\((\w+)", path.read_text(encoding="utf-8")):
            assert called in names, f"{path.name}: {called}"


def test_a_built_record_is_the_record_init_builds():
    fields = dict(
        exercise="01.x",
        fingerprint="f" * 12,
        type="single_choice",
        answer=["a"],
        attempts=1,
        revision=2,
        learner="ada",
        first_checked="a",
        history=("a",),
        version=3,
        variant=None,
        practice_cases=(),
    )
    made = built(AnswerRecord, **fields)
    assert made == AnswerRecord(**fields) and repr(made) == repr(AnswerRecord(**fields))
    assert hash(built(AnswerRecord, **{**fields, "answer": "a"})) == hash(AnswerRecord(**{**fields, "answer": "a"}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.answer = "b"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("instance", "changes"),
    [
        (Origin("canvas", "ada", notes=(("a", "b"),)), {"copy": True, "file_name": "01_x.ipynb"}),
        (
            FileResult("a.ipynb", "ada", 1.0, 2, rows=(Row("01", 0, "01.x", 1.0, 1.0, "correct", "", 1, None),)),
            {"sections": (("01", "h", ("p",)),), "grades": ()},
        ),
        (Source("a", "/a", None, ("a",), "c", 1.0, 10), {"root": "/"}),
    ],
)
def test_a_replaced_instance_is_what_dataclasses_replace_gives(instance, changes):
    before = repr(instance)
    changed = replaced(instance, **changes)
    assert changed == dataclasses.replace(instance, **changes)
    assert repr(changed) == repr(dataclasses.replace(instance, **changes))
    assert repr(instance) == before and changed is not instance
    with pytest.raises(dataclasses.FrozenInstanceError):
        changed.label = "other"  # type: ignore[misc]


def test_a_graded_files_result_has_every_field_a_result_has(tmp_path, demo_bank):
    """`pipeline.file_result` builds the result with `built`, which fills in no default: every field is named."""
    from course.grading.pipeline import Context, grade_file
    from tests.grading_tools import FULL_MARKS, submission, write

    path = write(tmp_path / "ada" / "99_demo.ipynb", submission(demo_bank, FULL_MARKS, learner="ada"))
    stat = path.stat()
    source = Source(path.name, str(path), None, (path.name,), "", stat.st_mtime, stat.st_size)
    result = grade_file(source, Context(demo_bank))
    assert vars(result).keys() == {f.name for f in dataclasses.fields(FileResult)}
    assert result.rows and not result.failed and result.sections == ()
