"""The nbgitpuller link: the folder it clones into is the folder it opens, whatever the address looks like."""

from __future__ import annotations

import urllib.parse

import pytest

from course.hub import folder_name, nbgitpuller_link


def query(link: str) -> dict[str, str]:
    parsed = urllib.parse.urlsplit(link)
    assert parsed.path.endswith("/hub/user-redirect/git-pull")
    return dict(urllib.parse.parse_qsl(parsed.query, strict_parsing=True))


@pytest.mark.parametrize(
    ("repository", "folder"),
    [
        ("https://github.com/org/mlops-course", "mlops-course"),
        ("https://github.com/org/mlops-course.git", "mlops-course"),
        ("https://github.com/org/mlops-course/", "mlops-course"),
        ("https://github.com/org/mlops-course.git/", "mlops-course"),
        ("file:///srv/git/course.git", "course"),
        ("git@github.com:org/mlops-course.git", "mlops-course"),
    ],
)
def test_folder_name_drops_git_ending_and_slash(repository, folder):
    assert folder_name(repository) == folder


@pytest.mark.parametrize("repository", ["https://github.com/org/course.git", "https://github.com/org/course"])
def test_link_opens_the_folder_it_clones_into(repository):
    link = nbgitpuller_link("https://hub.example.org/", repository, branch="main")
    fields = query(link)
    assert link.startswith("https://hub.example.org/hub/user-redirect/git-pull?")
    assert fields["repo"] == repository
    assert fields["targetpath"] == "course"
    assert fields["urlpath"] == "lab/tree/course/notebooks/00_start_here.ipynb"
    assert fields["branch"] == "main"


def test_link_with_own_folder_and_notebook_ui():
    link = nbgitpuller_link(
        "http://127.0.0.1:8000",
        "https://x.org/a/b.git",
        targetpath="mlops/2026",
        notebook="exercises/04_raci_model.ipynb",
        interface="notebook",
    )
    fields = query(link)
    assert fields["targetpath"] == "mlops/2026"
    assert fields["urlpath"] == "tree/mlops/2026/exercises/04_raci_model.ipynb"
    assert "%2F" in link  # the addresses inside the query are escaped


@pytest.mark.parametrize("targetpath", ["../elsewhere", "/", "a/../../b"])
def test_link_refuses_a_folder_outside_the_home(targetpath):
    with pytest.raises(ValueError, match="targetpath"):
        nbgitpuller_link("https://hub", "https://x.org/a/b", targetpath=targetpath)


def test_folder_name_needs_a_name():
    with pytest.raises(ValueError, match="targetpath"):
        folder_name("https://x.org/")


def test_command_prints_the_link(capsys):
    from course.cli import main

    assert main(["hub-link", "https://github.com/org/course.git", "--hub", "https://hub.example.org"]) == 0
    link = capsys.readouterr().out.strip()
    assert link == nbgitpuller_link("https://hub.example.org", "https://github.com/org/course.git")


def test_command_refuses_a_folder_outside_the_home(capsys):
    from course.cli import main

    assert main(["hub-link", "https://x.org/a/b", "--hub", "https://hub", "--targetpath", "../x"]) == 2
    assert "targetpath" in capsys.readouterr().err
