"""Every command refuses a hostile argument with one clear line and exit status 2, never a traceback.

Each case runs the real command line (`course.cli.main`, the console script's entry point)
in this process: an exception escaping it fails the test, and so does a message on more
than one line or one that does not name what was wrong. Read-only places are ones even
root cannot write (`/proc`, `/sys`), so the cases hold in a container too.
"""

from __future__ import annotations

import argparse
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course.cli import main
from course.commands.arguments import number_between, port_number, positive_number, writable_folder
from course.errors import CourseUsageError
from course.live.server import LiveState

ROOT = Path(__file__).resolve().parents[1]
SUBMISSIONS = ROOT / "tests" / "fixtures"


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        status = main(args)
    except SystemExit as exited:  # argparse ends a refused value there, with the parser's status
        status = int(exited.code or 0)
    return status, capsys.readouterr().err


def assert_one_line_usage_error(status: int, err: str, *words: str) -> None:
    assert status == 2, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    for word in words:
        assert word in lines[0], err


@pytest.fixture
def a_file(tmp_path: Path) -> Path:
    path = tmp_path / "a-file"
    path.write_text("not a folder\n")
    return path


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--out", "/proc/no-such/grades"], ["--out", "/proc"]),
        (["--out", "/sys/grades"], ["--out", "/sys"]),
        (["--max-size", "nan"], ["--max-size", "nan"]),
        (["--max-size", "inf"], ["--max-size", "inf"]),
        (["--max-size", "-1"], ["--max-size"]),
        (["--max-size", "lots"], ["--max-size", "lots"]),
        (["--jobs", "0"], ["--jobs"]),
        (["--jobs", "two"], ["--jobs"]),
    ],
)
def test_grade_refuses(args: list[str], words: list[str], tmp_path: Path, capsys) -> None:
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "grades")]
    status, err = run_cli(["grade", str(SUBMISSIONS), *args], capsys)
    assert_one_line_usage_error(status, err, "mlops-course grade", *words)
    assert not (tmp_path / "grades").exists()  # a refused call writes nothing


def test_grade_refuses_an_out_that_is_a_file(a_file: Path, capsys) -> None:
    status, err = run_cli(["grade", str(SUBMISSIONS), "--out", str(a_file)], capsys)
    assert_one_line_usage_error(status, err, "--out", "is a file")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes into read-only folders")
def test_grade_refuses_a_read_only_out(tmp_path: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        status, err = run_cli(["grade", str(SUBMISSIONS), "--out", str(locked / "grades")], capsys)
    finally:
        locked.chmod(0o755)
    assert_one_line_usage_error(status, err, "--out", "Permission denied")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["--port", "99999"], ["--port", "99999"]),
        (["--port", "-5"], ["--port", "-5"]),
        (["--port", "http"], ["--port"]),
        (["--interval", "inf"], ["--interval", "inf"]),
        (["--interval", "nan"], ["--interval", "nan"]),
        (["--interval", "0"], ["--interval"]),
        (["--interval", "1e9"], ["--interval"]),
    ],
)
def test_live_refuses(args: list[str], words: list[str], capsys) -> None:
    status, err = run_cli(["live", str(SUBMISSIONS), *args], capsys)
    assert_one_line_usage_error(status, err, "mlops-course live", *words)


@pytest.mark.parametrize("interval", [math.inf, math.nan, 0.0, -1.0])
def test_the_live_view_itself_refuses_an_interval_its_refresher_cannot_wait(interval: float) -> None:
    # Called from Python, not only from the command line: inf killed the thread, nan was a busy loop.
    with pytest.raises(ValueError, match="interval"):
        LiveState(reader=None, interval=interval)  # type: ignore[arg-type]


@pytest.mark.parametrize("where", ["/proc/no-such/edition", "/sys/edition"])
def test_release_refuses_a_learner_folder_it_cannot_write(where: str, capsys) -> None:
    status, err = run_cli(["release", "--root", str(ROOT), "--learner", where], capsys)
    assert_one_line_usage_error(status, err, "mlops-course release", "--learner", where)


def test_release_check_of_a_learner_edition_writes_nothing(tmp_path: Path, capsys) -> None:
    edition = tmp_path / "edition"
    status, err = run_cli(["release", "--root", str(ROOT), "--check", "--learner", str(edition)], capsys)
    assert_one_line_usage_error(status, err, "--learner", "not a learner edition")
    assert not edition.exists()


def test_release_check_of_a_learner_edition_says_current_or_stale(tmp_path: Path, capsys) -> None:
    edition = tmp_path / "edition"
    assert main(["release", "--root", str(ROOT), "--learner", str(edition)]) == 0
    capsys.readouterr()
    assert main(["release", "--root", str(ROOT), "--check", "--learner", str(edition)]) == 0
    assert "is current" in capsys.readouterr().out
    readme = edition / "README.md"
    readme.write_text(readme.read_text() + "edited\n")
    before = readme.read_bytes()
    assert main(["release", "--root", str(ROOT), "--check", "--learner", str(edition)]) == 1
    assert "README.md" in capsys.readouterr().err
    assert readme.read_bytes() == before  # checked, not rebuilt


def test_release_refuses_execute_with_learner(tmp_path: Path, capsys) -> None:
    status, err = run_cli(["release", "--root", str(ROOT), "--execute", "--learner", str(tmp_path / "ed")], capsys)
    assert_one_line_usage_error(status, err, "--execute")


@pytest.mark.parametrize("where", ["file", "/proc/no-such/slides", "/sys/slides"])
def test_slides_refuses_an_out_it_cannot_write(where: str, a_file: Path, capsys) -> None:
    out = str(a_file) if where == "file" else where
    status, err = run_cli(["slides", "--root", str(ROOT), "--no-handouts", "--out", out], capsys)
    assert_one_line_usage_error(status, err, "mlops-course slides", "--out")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["https://github.com/example/course.git", "--hub", "x"], ["hub's address", "'x'"]),
        (["https://github.com/example/course.git", "--hub", "javascript:alert(1)"], ["hub's address"]),
        (["https://github.com/example/course.git", "--hub", "ftp://hub.example.org"], ["hub's address"]),
        (["https://github.com/example/course.git", "--hub", "https://"], ["hub's address"]),
        (["javascript:alert(1)", "--hub", "https://hub.example.org"], ["repository"]),
        (["course", "--hub", "https://hub.example.org"], ["repository"]),
    ],
)
def test_hub_link_refuses(args: list[str], words: list[str], capsys) -> None:
    status, err = run_cli(["hub-link", *args], capsys)
    assert_one_line_usage_error(status, err, "mlops-course hub-link", *words)
    assert "git-pull" not in capsys.readouterr().out


@pytest.mark.parametrize(
    "repository",
    [
        "https://github.com/example/course.git",
        "git@github.com:example/course.git",
        "ssh://git@example.org/course.git",
    ],
)
def test_hub_link_still_takes_every_git_address(repository: str, capsys) -> None:
    assert main(["hub-link", repository, "--hub", "https://hub.example.org/"]) == 0
    assert capsys.readouterr().out.startswith("https://hub.example.org/hub/user-redirect/git-pull?")


def test_an_unknown_option_is_one_line_with_where_help_is(capsys) -> None:
    status, err = run_cli(["grade", str(SUBMISSIONS), "--out", "grades", "--no-such-option"], capsys)
    assert_one_line_usage_error(status, err, "--no-such-option", "--help`")


@pytest.mark.slow
def test_the_console_script_prints_no_traceback(tmp_path: Path) -> None:
    # The installed command itself, as a person types it.
    script = Path(sys.executable).with_name("mlops-course")
    result = subprocess.run(
        [str(script), "live", str(SUBMISSIONS), "--interval", "nan"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "--interval" in result.stderr


def test_argument_types_accept_the_ordinary_values() -> None:
    assert positive_number("25") == 25.0
    assert number_between(0.5, 3600)("0.5") == 0.5
    assert port_number("0") == 0 and port_number("65535") == 65535
    with pytest.raises(argparse.ArgumentTypeError):
        port_number("65536")


def test_writable_folder_creates_nothing(tmp_path: Path) -> None:
    target = tmp_path / "new" / "deeper"
    assert writable_folder(target, "--out") == target
    assert not (tmp_path / "new").exists()
    with pytest.raises(CourseUsageError, match="is a file"):
        (tmp_path / "f").write_text("")
        writable_folder(tmp_path / "f" / "below", "--out")


def test_each_command_module_registers_the_command_its_name_says() -> None:
    """`main` imports only the module of the command it is given (`course.commands.<command>`, `-` as `_`):
    that holds only while each module registers exactly the command of its name."""
    from course.cli import COMMANDS, command_module

    for name in COMMANDS:
        parser = argparse.ArgumentParser()
        subparsers = parser.add_subparsers()
        __import__(name, fromlist=["register"]).register(subparsers)
        assert [command_module(command) for command in subparsers.choices] == [name]


@pytest.mark.slow
def test_a_command_loads_only_its_own_module_and_the_full_help_lists_every_command(capsys) -> None:
    code = (
        "import sys\nfrom course.cli import COMMANDS, main\n"
        "try:\n    main(['grade', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(name for name in COMMANDS if name in sys.modules), file=sys.stderr)\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert ran.stderr.strip() == "['course.commands.grade']" and "--out" in ran.stdout
    assert main([]) == 2
    listed = capsys.readouterr().out
    for command in ("start", "check", "live", "grade", "slides", "hub-link", "release"):
        assert f"\n  {command} " in listed
