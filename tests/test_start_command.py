"""`mlops-course start` forwards JupyterLab's options, and its --dry-run prints a command a shell can run."""

from __future__ import annotations

import json
import os
import posixpath
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from course.cli import main
from course.commands import start

REPO = Path(__file__).resolve().parents[1]
LINK = re.compile(r"\]\(([^)#\s]+)(?:#[^)]*)?\)")


def notebook_links(root: Path, folders: tuple[str, ...] = ("notebooks", "exercises")) -> list[tuple[str, str]]:
    """(notebook, target) for every relative link in a markdown cell, the target relative to `root`."""
    found = []
    for folder in folders:
        for path in sorted((root / folder).glob("*.ipynb")):
            for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
                if cell["cell_type"] != "markdown":
                    continue
                for link in LINK.findall("".join(cell["source"])):
                    if "://" in link or link.startswith(("mailto:", "/")):
                        continue
                    target = posixpath.normpath(posixpath.join(folder, urllib.parse.unquote(link)))
                    found.append((f"{folder}/{path.name}", target))
    return found


def api(port: int, path: str) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}/{path}", headers={"Authorization": "token t0k3n"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


@pytest.fixture
def course_with_spaces(tmp_path, monkeypatch) -> Path:
    """A course folder whose path has spaces and a quote in it, as the current folder."""
    root = tmp_path / "my course's copy"
    (root / "notebooks").mkdir(parents=True)
    (root / "solutions").mkdir()
    (root / "jupyter-config").mkdir()
    monkeypatch.chdir(root)
    return root


def dry_run(capsys, *args: str) -> list[str]:
    assert main(["start", "--dry-run", *args]) == 0
    return shlex.split(capsys.readouterr().out)


def lab_part(words: list[str]) -> list[str]:
    return words[words.index("lab") + 1 :]


ROOT_OPTION = "--ServerApp.root_dir="


@pytest.mark.parametrize(
    ("args", "forwarded"),
    [
        ((), []),
        (("--no-browser",), ["--no-browser"]),
        (("--", "--no-browser", "--port", "8899"), ["--no-browser", "--port", "8899"]),
        (("--no-browser", "--port", "8899"), ["--no-browser", "--port", "8899"]),
        (("--port=8899", "--ServerApp.ip=127.0.0.1"), ["--port=8899", "--ServerApp.ip=127.0.0.1"]),
    ],
)
def test_jupyterlab_options_are_forwarded(capsys, course_with_spaces, args, forwarded):
    words = dry_run(capsys, *args)
    assert lab_part(words) == [f"{ROOT_OPTION}{course_with_spaces}", "notebooks/00_start_here.ipynb", *forwarded]


def test_dry_run_survives_spaces_and_quotes_in_paths(capsys, course_with_spaces):
    words = dry_run(capsys, "--no-browser")
    assert words[:3] == ["cd", str(course_with_spaces), "&&"]
    assert f"{ROOT_OPTION}{course_with_spaces}" in words


@pytest.mark.slow
def test_dry_run_command_runs_in_a_shell(capsys, course_with_spaces, tmp_path):
    """The printed line, run by sh with `jupyter` swapped for `echo`, reaches the right folder and arguments."""
    assert main(["start", "--dry-run", "--no-browser"]) == 0
    line = capsys.readouterr().out.strip()
    words = shlex.split(line)
    python = words[words.index("-m") - 1]
    probe = line.replace(shlex.quote(python) + " -m jupyter lab", "pwd; echo") if shlex.quote(python) in line else None
    assert probe, line
    result = subprocess.run(["sh", "-c", probe], capture_output=True, text=True, check=True, cwd=tmp_path)
    assert result.stdout.splitlines() == [
        str(course_with_spaces),
        f"{ROOT_OPTION}{course_with_spaces} notebooks/00_start_here.ipynb --no-browser",
    ]


def test_start_runs_jupyterlab_in_the_course_folder(monkeypatch, course_with_spaces, tmp_path, capsys):
    seen = {}

    def fake_call(command, cwd=None):
        seen.update(command=command, cwd=cwd)
        return 0

    monkeypatch.setattr(start.subprocess, "call", fake_call)
    monkeypatch.setattr(start, "missing_settings", lambda: [])
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(start, "require_course_root", lambda: course_with_spaces)
    assert main(["start", "--no-browser", "--port", "8899"]) == 0
    assert seen["command"][-5:] == [
        f"{ROOT_OPTION}{course_with_spaces}",
        "notebooks/00_start_here.ipynb",
        "--no-browser",
        "--port",
        "8899",
    ]
    assert seen["cwd"] == course_with_spaces
    assert capsys.readouterr().err == ""  # the settings are in place: nothing to say


def test_start_says_what_is_lost_and_how_to_fix_it_when_the_settings_are_missing(
    monkeypatch, course_with_spaces, tmp_path, capsys
):
    """An environment installed by an older release lacks the settings: say so, and still start."""
    monkeypatch.setattr(start.subprocess, "call", lambda command, cwd=None: 0)
    monkeypatch.setattr(start, "require_course_root", lambda: course_with_spaces)
    empty = tmp_path / "empty-prefix"
    assert len(start.missing_settings(empty)) == 2
    real = start.missing_settings
    monkeypatch.setattr(start, "missing_settings", lambda: real(empty))
    assert main(["start", "--no-browser"]) == 0
    err = capsys.readouterr().err
    assert "Error displaying widget" in err and "as they start" in err and "python -m pip install -e ." in err


def test_the_settings_count_as_in_place_only_with_the_kit_s_content(tmp_path):
    from course.kernel_setting import KERNEL_SETTING, kernel_setting_target
    from course.lab_settings import SETTINGS_SOURCE, settings_target

    lab, kernel = settings_target(tmp_path), kernel_setting_target(tmp_path)
    assert start.missing_settings(tmp_path) != []
    lab.parent.mkdir(parents=True)
    lab.write_text("{}")
    kernel.parent.mkdir(parents=True)
    kernel.write_text('{"IPKernelApp": {"matplotlib": "inline"}}')  # someone else's setting
    assert len(start.missing_settings(tmp_path)) == 2
    lab.write_bytes(SETTINGS_SOURCE.read_bytes())
    kernel.write_text(
        json.dumps(
            {
                "InteractiveShellApp": {
                    "extra_extensions": ["autoreload", *KERNEL_SETTING["InteractiveShellApp"]["extra_extensions"]]
                }
            }
        )
    )
    assert start.missing_settings(tmp_path) == []


def test_other_commands_still_refuse_unknown_options(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["check", "x.ipynb", "--no-such-option"])
    assert exited.value.code == 2
    assert "unrecognized arguments: --no-such-option" in capsys.readouterr().err


def test_help_groups_commands_by_audience_and_shows_examples(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    learners, instructors, maintainers = (text.index(h) for h in ("For learners", "For instructors", "For maintainers"))
    assert learners < instructors < maintainers
    block = {
        "learners": text[learners:instructors],
        "instructors": text[instructors:maintainers],
        "maintainers": text[maintainers:],
    }
    for name in ("start", "check"):
        assert f"\n  {name} " in block["learners"]
    for name in ("grade", "live", "slides", "hub-link"):
        assert f"\n  {name} " in block["instructors"]
    assert "\n  release " in block["maintainers"]
    assert "Examples:" in text and "mlops-course start --no-browser --port 8899" in text
    assert main([]) == 2  # no command: the same help, and a usage error


@pytest.mark.slow
def test_jupyterlab_really_takes_the_forwarded_options_and_serves_the_course_folder(tmp_path):
    """`mlops-course start --no-browser --port P ...` starts a JupyterLab that answers on port P, whose
    root is the course folder: notebooks/ and exercises/ are both there, and every relative link of a
    lesson or exercise notebook opens."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "HOME": str(tmp_path), "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    options = ["--no-browser", "--port", str(port), "--ServerApp.ip=127.0.0.1", "--IdentityProvider.token=t0k3n"]
    if os.geteuid() == 0:
        options.append("--allow-root")
    proc = subprocess.Popen(
        [sys.executable, "-m", "course", "start", *options],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"JupyterLab exited with {proc.returncode}"
            try:
                assert "started" in api(port, "api/status")
                break
            except OSError:
                assert time.monotonic() < deadline, "JupyterLab did not answer on the forwarded port"
                time.sleep(0.3)
        top = {item["name"] for item in api(port, "api/contents")["content"]}
        assert {"notebooks", "exercises"} <= top, f"the server's root is not the course folder: it shows {sorted(top)}"
        exercises = {item["name"] for item in api(port, "api/contents/exercises")["content"]}
        assert any(name.startswith("01_") for name in exercises), sorted(exercises)
        links = notebook_links(REPO)
        assert len(links) > 10, links  # the course map and the lessons' "Practice" links
        for source, target in links:
            try:
                api(port, "api/contents/" + urllib.parse.quote(target) + "?content=0")
            except urllib.error.HTTPError as err:
                raise AssertionError(f"{source} links to {target}, which the server cannot open ({err})") from None
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
