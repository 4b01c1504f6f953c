"""`course.check` and the notebook API's `check` are one function to a learner: same parameters, same default."""

from __future__ import annotations

import inspect

import course
from course.exercises import api


def test_course_check_and_api_check_have_one_signature():
    assert inspect.signature(course.check) == inspect.signature(api.check)
    assert (
        inspect.signature(course.check).parameters["value"].default
        is inspect.signature(api.ExerciseHandle.check).parameters["value"].default
    )
