"""The nbgitpuller link that fills a learner's JupyterHub home with the course.

nbgitpuller clones the repository into a folder of the learner's home and then
opens `urlpath`. Without `targetpath` it names that folder after the last part
of the repository address, *including* a `.git` ending: a link to
`https://example.org/team/course.git` clones into `course.git/`, so a `urlpath`
of `lab/tree/course/...` opens nothing. The link built here always names the
folder (`targetpath`) and opens the notebook inside that same folder.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Literal

DEFAULT_NOTEBOOK = "notebooks/00_start_here.ipynb"
GIT_SCHEMES = frozenset({"https", "http", "ssh", "git", "file"})
SCP_LIKE = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^/\s][^\s]*$")
"""git's short form for ssh, `git@github.com:org/course.git`."""


def hub_address(hub: str) -> str:
    """The hub's base address, checked: http(s) with a host (a link to anything else is no hub link)."""
    parts = urllib.parse.urlsplit(hub.strip())
    if parts.scheme.lower() not in {"https", "http"} or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"the hub's address must be an http(s) address such as https://hub.example.org, got {hub!r}")
    return hub.strip().rstrip("/")


def repository_address(repository: str) -> str:
    """The git address learners pull from, checked: an address git can clone (https, ssh, git, file, user@host:path)."""
    text = repository.strip()
    parts = urllib.parse.urlsplit(text)
    if SCP_LIKE.match(text):
        return text
    if (
        parts.scheme.lower() in GIT_SCHEMES
        and (parts.netloc or parts.scheme.lower() == "file")
        and parts.path.strip("/")
    ):
        return text
    raise ValueError(
        f"the repository must be a git address such as https://github.com/OWNER/REPOSITORY.git, got {repository!r}"
    )


def folder_name(repository: str) -> str:
    """The folder a learner gets: the repository's last path part, without a trailing `/` or `.git`."""
    path = urllib.parse.urlsplit(repository).path or repository
    name = path.rstrip("/").rsplit("/", 1)[-1]
    name = name.removesuffix(".git")
    if not name or name in {".", ".."}:
        raise ValueError(f"cannot tell a folder name from the repository address {repository!r}; pass targetpath")
    return name


def nbgitpuller_link(
    hub: str,
    repository: str,
    *,
    branch: str = "main",
    notebook: str = DEFAULT_NOTEBOOK,
    targetpath: str | None = None,
    interface: Literal["lab", "notebook"] = "lab",
) -> str:
    """The git-pull link for `hub` (its base address) that opens `notebook` of the pulled course.

    Raises ValueError for an address that is no hub's or no git repository's (a `javascript:` one, a bare word).
    """
    hub = hub_address(hub)
    repository = repository_address(repository)
    target = (targetpath or folder_name(repository)).strip("/")
    if not target or ".." in target.split("/"):
        raise ValueError(f"targetpath must be a folder inside the learner's home, got {targetpath!r}")
    opened = f"{target}/{notebook.lstrip('/')}"
    urlpath = f"lab/tree/{opened}" if interface == "lab" else f"tree/{opened}"
    query = urllib.parse.urlencode(
        {"repo": repository, "branch": branch, "targetpath": target, "urlpath": urlpath},
        quote_via=urllib.parse.quote,
    )
    return f"{hub}/hub/user-redirect/git-pull?{query}"
