"""One error base: every error of the kit is a CourseError with its exit code, printed once by the CLI."""

from __future__ import annotations

import pytest

from course.authoring.release import ReleaseError
from course.cli import main
from course.datafile import DataFileError
from course.errors import CourseError, CourseUsageError, ExitCode
from course.exercises.answer_forms import AnswerError
from course.exercises.record_reader import ReadError
from course.exercises.records import RecordError
from course.grading.discover import UsageError
from course.grading.identify import PatternError
from course.grading.roster import RosterError
from course.paths import LearnerHomeError
from course.raci.cells import CellError


@pytest.mark.parametrize(
    "error",
    [
        AnswerError,
        CellError,
        DataFileError,
        LearnerHomeError,
        PatternError,
        ReadError,
        RecordError,
        ReleaseError,
        RosterError,
        UsageError,
    ],
)
def test_every_error_of_the_kit_is_a_course_error_with_an_exit_code(error):
    assert issubclass(error, CourseError)
    assert error.exit_code in (ExitCode.FAILED, ExitCode.USAGE)


def test_a_command_error_is_printed_once_with_the_command_name_and_its_exit_code(capsys, tmp_path):
    status = main(["grade", str(tmp_path / "missing"), "--out", str(tmp_path / "out"), "--key", str(tmp_path / "no")])
    err = capsys.readouterr().err
    assert status == ExitCode.USAGE
    assert err.startswith("mlops-course grade: ")
    assert err.count("mlops-course") == 1


def test_the_cli_prints_a_course_error_raised_by_any_command(capsys, monkeypatch):
    import course.commands.hub_link as hub_link

    def fail(args):
        raise CourseUsageError("the hub address must start with https://")

    monkeypatch.setattr(hub_link, "run", fail)
    status = main(["hub-link", "https://example.org/repo.git", "--hub", "x"])
    assert status == 2
    assert capsys.readouterr().err == "mlops-course hub-link: the hub address must start with https://\n"
