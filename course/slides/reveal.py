"""Where the decks' reveal.js comes from, and the few files of it each deck needs beside it.

A deck that loads reveal.js from a CDN shows a blank page in a room without
internet. The decks therefore link a copy of reveal.js by a relative path, and
that copy comes from the npm package `reveal.js` at a pinned version: found
where it was already installed (an `npm install` in the course folder, or
`.ci-node/` where the CI script puts it), else fetched once with npm into the
user's cache folder. Only the files the decks load are copied next to them.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from course.errors import CourseError
from course.paths import course_root

REVEAL_VERSION = "6.0.2"  # .ci/run installs the same version (a test checks)
REVEAL_ENV = "MLOPS_COURSE_REVEAL_JS"
FOLDER = "reveal.js"  # beside the decks; the decks link it relatively
THEMES = {"light": "white", "dark": "black"}
# Relative to the package folder; the same in the npm package and the copy beside the decks.
NEEDED = (
    "LICENSE",
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/plugin/notes.js",
    *(f"dist/theme/{theme}.css" for theme in THEMES.values()),
)
NPM_TIMEOUT_S = 300


class RevealError(CourseError):
    """reveal.js cannot be found or fetched; the message says what to do."""


@dataclass(frozen=True)
class RevealPackage:
    folder: Path
    version: str


def cache_folder() -> Path:
    """The per-user cache the package is fetched into (XDG_CACHE_HOME, else ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mlops-course" / f"reveal.js-{REVEAL_VERSION}"


def candidate_folders() -> list[Path]:
    """Where an installed reveal.js is looked for, in order (before fetching one)."""
    folders = []
    if os.environ.get(REVEAL_ENV):
        folders.append(Path(os.environ[REVEAL_ENV]).expanduser())
    root = course_root()
    if root is not None:
        folders += [root / "node_modules" / "reveal.js", root / ".ci-node" / "node_modules" / "reveal.js"]
    folders.append(cache_folder() / "node_modules" / "reveal.js")
    return folders


def check_package(folder: Path) -> RevealPackage:
    """The reveal.js package in `folder`, or RevealError naming what is missing."""
    manifest = folder / "package.json"
    try:
        meta = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise RevealError(f"{folder} is not a reveal.js package (cannot read {manifest.name}: {err})") from None
    if meta.get("name") != "reveal.js":
        raise RevealError(f"{folder} holds the npm package {meta.get('name')!r}, not reveal.js")
    missing = [name for name in NEEDED if not (folder / name).is_file()]
    if missing:
        raise RevealError(
            f"{folder} holds reveal.js {meta.get('version')}, which lacks {', '.join(missing)}; "
            f"use reveal.js {REVEAL_VERSION} (npm install reveal.js@{REVEAL_VERSION})"
        )
    return RevealPackage(folder, str(meta.get("version", "?")))


def fetch_with_npm() -> RevealPackage:
    """Install the pinned reveal.js into the cache folder with npm (once; later runs find it)."""
    npm = shutil.which("npm")
    if npm is None:
        raise RevealError(
            "reveal.js is not installed and npm is not available to fetch it. Install Node.js with npm "
            f"(Debian/Ubuntu: apt-get install npm) and run again, or run `npm install reveal.js@{REVEAL_VERSION}` "
            f"in the course folder, or pass --reveal-js with an unpacked reveal.js {REVEAL_VERSION} package."
        )
    target = cache_folder()
    target.mkdir(parents=True, exist_ok=True)
    print(f"Fetching reveal.js {REVEAL_VERSION} with npm into {target} (once) ...", file=sys.stderr)
    command = [npm, "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(target)]
    try:
        done = subprocess.run(
            [*command, f"reveal.js@{REVEAL_VERSION}"],
            capture_output=True,
            text=True,
            timeout=NPM_TIMEOUT_S,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as err:
        raise RevealError(f"npm could not fetch reveal.js {REVEAL_VERSION}: {err}") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no message"]
        raise RevealError(f"npm could not fetch reveal.js {REVEAL_VERSION}: {detail[0]}")
    return check_package(target / "node_modules" / "reveal.js")


def find_reveal(explicit: Path | None = None, *, fetch: bool = True) -> RevealPackage:
    """The reveal.js to use: `explicit` if given, else the first installed one, else one fetched with npm."""
    if explicit is not None:
        return check_package(explicit)
    for folder in candidate_folders():
        if (folder / "package.json").is_file():
            return check_package(folder)
    if not fetch:
        raise RevealError(f"reveal.js not found in {', '.join(map(str, candidate_folders()))}")
    return fetch_with_npm()


def copy_beside(package: RevealPackage, out: Path) -> Path:
    """Copy the files the decks load into `out/reveal.js/`; returns that folder."""
    target = out / FOLDER
    for name in NEEDED:
        destination = target / name
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(package.folder / name, destination)
    return target
