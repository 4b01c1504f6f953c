"""Edges where an answer used to be lost or go unnamed: each now has a clear message and loses nothing.

No home folder, a lone surrogate pasted into a reflection, temporary files left by a
killed kernel, an over-long paste, an unusable hub user name, a YAML mistake in the
course data, and one fsync per keystroke.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

import pytest

from course.exercises.journal import Entry, Journal
from course.exercises.records import MIME_TYPE
from course.exercises.widgets import build_widget
from tests.grading_tools import FIXTURES
from tests.widget_tools import text


@pytest.mark.slow
def test_no_home_and_no_passwd_entry_records_answers_and_the_check_says_why(tmp_path):
    """A container's random user id: no HOME, and no entry in the password database (getpwuid fails)."""
    script = textwrap.dedent(
        f"""
        import os, pwd

        def no_entry(uid):
            raise KeyError(f"getpwuid(): uid not found: {{uid}}")

        pwd.getpwuid = no_entry
        os.environ.pop("HOME", None); os.environ.pop("MLOPS_COURSE_HOME", None)
        os.environ["MLOPS_COURSE_EXERCISES"] = {str(FIXTURES)!r}
        os.environ["JPY_SESSION_NAME"] = {str(tmp_path / "99_demo.ipynb")!r}
        import course
        from course.exercises import api
        from course.exercises.widgets import build_widget
        print("CHECK:", str(course.check_environment()).replace(chr(10), " | "))
        api.answer("99.single", "mlops")
        session = api.session("99.single")
        build_widget(session)
        print("RECORD:", session.bundle()["{MIME_TYPE}"]["answer"])
        print("WARNING:", session.journal.warning)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "RECORD: mlops" in out
    assert "no home folder" in out.split("WARNING:")[1]
    check_line = next(line for line in out.splitlines() if line.startswith("CHECK:"))
    assert "Environment ready" not in check_line and "MLOPS_COURSE_HOME" in check_line
    assert not list(tmp_path.glob("~*")), "answers were written into a folder literally named ~"


def test_a_lone_surrogate_keeps_the_rest_of_the_text_and_says_so(make_session, tmp_path):
    session = make_session("99.reflect", tmp_path / "j.json")
    widget = build_widget(session)
    widget.text.value = "Roles overlap \ud83d more than I expected."
    assert session.answer == "Roles overlap \ufffd more than I expected."
    assert session.bundle()[MIME_TYPE]["answer"] == session.answer  # the record follows the answer
    assert "replaced" in text(widget.status.value)
    assert Journal(tmp_path / "j.json").get("99.reflect").answer == session.answer


def test_temporary_files_left_by_a_killed_kernel_are_removed(tmp_path):
    folder = tmp_path / "journal"
    folder.mkdir()
    old = folder / ".nb-1234.json.abcd.tmp"
    old.write_text("{")
    os.utime(old, (time.time() - 3600, time.time() - 3600))
    fresh = folder / ".nb-1234.json.efgh.tmp"  # a write in progress in another kernel
    fresh.write_text("{")
    Journal(folder / "nb-1234.json")
    assert not old.exists()
    assert fresh.exists()


def test_an_invalid_hub_user_name_is_reported_not_silent(monkeypatch, make_session):
    import course

    name = "Jörg-" + "x" * 65
    monkeypatch.setenv("JUPYTERHUB_USER", name)
    monkeypatch.delenv("MLOPS_COURSE_LEARNER", raising=False)
    widget = build_widget(make_session("99.single"))
    notice = text(widget.notice.value)
    assert "hub user name" in notice and "70 characters" in notice and "set_learner" in notice
    assert "hub user name" in str(course.check_environment())


def test_the_environment_check_names_a_yaml_mistake_instead_of_advising_a_reinstall(tmp_path, monkeypatch):
    import course

    broken = tmp_path / "defs"
    broken.mkdir()
    (broken / "99_demo.yaml").write_text(
        (FIXTURES / "99_demo.yaml").read_text(encoding="utf-8") + "\n  bad: [unclosed\n", encoding="utf-8"
    )
    monkeypatch.setenv("MLOPS_COURSE_EXERCISES", str(broken))
    report = str(course.check_environment())
    assert "99_demo.yaml" in report
    assert "pip install" not in report, report
    assert "restart the kernel" in report


def test_fsync_is_debounced_while_typing_and_the_last_change_is_flushed(tmp_path, monkeypatch):
    import course.exercises.journal as journal_module

    synced: list[int] = []
    real_fsync = os.fsync

    def counting_fsync(fd: int) -> None:
        # Only this journal's fsyncs count: another journal's timer may still fire on its own thread.
        if os.readlink(f"/proc/self/fd/{fd}").startswith(str(tmp_path)):
            synced.append(fd)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", counting_fsync)
    journal = Journal(tmp_path / "j.json")
    for length in range(1, 101):  # a learner typing a 100-character reflection
        journal.put("99.reflect", Entry("x" * length, 0, length, "f"))
    assert len(synced) <= 2, f"{len(synced)} fsyncs for 100 keystrokes"
    journal_module.flush_journals()  # the timer's (or the kernel's exit's) flush
    assert len(synced) >= 2
    assert Journal(tmp_path / "j.json").get("99.reflect").answer == "x" * 100
