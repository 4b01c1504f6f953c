"""Step 2 of grading: which files are a learner's own work, and whose, from where they came from.

Submissions arrive in a few common shapes. Looking at every file's place among
all PATHs (paths only: nothing is read here), the grader recognises them and
names each learner the way the platform does:

- a copy of the course (a folder with `exercises/` beside `solutions/` or
  `notebooks/`): only `exercises/NN_*.ipynb` is the learner's; the course's
  own `solutions/`, `notebooks/`, `tests/` and anything else are not graded.
  Several copies are either GitHub Classroom repositories (the copy is the
  learner's folder: its name minus the prefix all of them share) or
  JupyterHub homes (the copy sits inside the learner's home: `jupyter-<user>`
  as The Littlest JupyterHub names it, or `<user>`);
- nbgrader: `submitted/<student>/<assignment>/` names the student; the
  course root's `source/`, `release/`, `autograded/` and `feedback/` are never graded;
- Moodle assignment downloads: `<Full name>_<participant id>_assignsubmission_file_/`;
- Canvas "Download submissions": `<name>[_LATE]_<user id>_<attachment id>_<file>`
  (a `-1` after the file's own name is Canvas renaming a re-upload);
- a folder per learner: the first folder under the PATH;
- flat files: the learner id recorded with the answers (else the file name's first word).

`--learner-pattern` replaces the naming (what is a learner's own work stays
the same): it is searched in the file's full path as given (zip members after
the archive's path, `/` between folders), and a file it does not match is an
error, never a guess.

The learner id recorded in the answers is a cross-check, never the identity
when the place names a learner (see `integrity`).
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import PurePath

from course.grading.discover import Source

EXERCISES = "exercises"
COURSE_MARKERS = ("solutions", "notebooks")
NBGRADER_SUBMITTED = "submitted"
HUB_PREFIX = "jupyter-"
SUBMISSIONS_SUFFIX = "-submissions"
CANVAS_NAME = re.compile(r"^(?P<name>[^_/]+?)_(?P<late>LATE_)?(?P<user>\d+)_(?P<attachment>\d+)_(?P<file>.+)$")
CANVAS_REUPLOAD = re.compile(r"^(?P<stem>.+?)-(?P<n>\d+)(?P<suffix>\.ipynb)$", re.IGNORECASE)
MOODLE_FOLDER = re.compile(r"^(?P<name>.+)_(?P<id>\d+)_assignsubmission_[a-z]+_?$")
JUPYTER_COPY = re.compile(r"^(?P<stem>.+?)-Copy\d+(?P<suffix>\.ipynb)$", re.IGNORECASE)

CLASSROOM = "GitHub Classroom repositories"
HUB = "JupyterHub homes"
ONE_COPY = "one copy of the course"
NBGRADER = "nbgrader"
MOODLE_DOWNLOAD = "Moodle assignment download"
CANVAS_DOWNLOAD = "Canvas submissions download"
FOLDERS = "a folder per learner"
FLAT = "single files"
PATTERN = "--learner-pattern"

RULES = {
    CLASSROOM: "learner = repository folder minus the prefix {prefix!r} all of them share; only exercises/ is graded",
    HUB: "learner = home folder ({prefix}<user>); only the course's exercises/ is graded",
    ONE_COPY: "learner = the id recorded with the answers; only exercises/ is graded",
    NBGRADER: "learner = the student folder under submitted/; source/, release/, autograded/, feedback/ are not graded",
    MOODLE_DOWNLOAD: "learner = the participant id in the folder name",
    CANVAS_DOWNLOAD: "learner = the Canvas user id in the file name (the name part is only shown)",
    FOLDERS: "learner = the first folder under the PATH",
    FLAT: "learner = the id recorded with the answers, else the file name up to its first '_' or '-'",
    PATTERN: "learner = the group 'learner' of the pattern, searched in each file's full path",
}


@dataclass(frozen=True)
class Origin:
    """Who a file belongs to, from where it came from, and how it ranks among that learner's files.

    `learner` is None when only the recorded id can tell (flat files, one copy of the course);
    `comparable` says whether a recorded id should equal it (a user name) or not (a Canvas number);
    `copy` marks a JupyterLab "-CopyN" duplicate, which loses to the file with the real name;
    `rank` orders a learner's files for one notebook (a Canvas attachment id: higher is later).
    """

    layout: str
    learner: str | None = None
    name: str = ""
    comparable: bool = True
    copy: bool = False
    rank: int = 0
    file_name: str = ""


@dataclass(frozen=True)
class Refused:
    """A file that cannot be credited to anyone: `error` is the sentence for errors.csv."""

    error: str


@dataclass
class Plan:
    """What `plan` decided for every file, and what it detected (to print)."""

    graded: list[tuple[Source, Origin]] = field(default_factory=list)
    refused: list[tuple[Source, Refused]] = field(default_factory=list)
    layouts: Counter[str] = field(default_factory=Counter)
    prefixes: dict[str, str] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)

    def describe(self) -> list[str]:
        """One line per layout detected: what it is and how it names learners."""
        lines = []
        for layout, count in sorted(self.layouts.items(), key=lambda item: (-item[1], item[0])):
            rule = RULES[layout].format(prefix=self.prefixes.get(layout, ""))
            lines.append(f"Detected {layout} ({count} file{'s' if count != 1 else ''}): {rule}.")
        for reason, count in sorted(self.ignored.items()):
            lines.append(f"Not graded: {count} file{'s' if count != 1 else ''} {reason}.")
        return lines


def full_path(source: Source) -> str:
    """The path a --learner-pattern is searched in: the PATH as given, then the path inside, `/` between."""
    return source.label.replace("\\", "/").replace("!/", "/")


def plan(sources: Iterable[Source], pattern: re.Pattern[str] | None = None) -> Plan:
    """Decide, for every source, whether it is graded and under which origin (module docstring)."""
    sources = list(sources)
    result = Plan()
    copies = _course_copies(sources)
    copy_learners = _copy_learners(copies, result)
    homes = _hub_homes(copy_learners)
    hub_roots = {home[:-1] for home in homes}
    canvas_folders = _canvas_folders(sources)
    nbgrader_roots = {loc[:i] for loc in (s.location for s in sources) for i in _submitted_at(loc)}
    for source in sources:
        location = source.location
        copy = _longest_prefix(location, copies)
        if copy is not None:
            if len(location) == len(copy) + 2 and location[len(copy)] == EXERCISES:
                layout, learner = copy_learners[copy]
                _take(result, source, Origin(layout, learner), pattern)
            else:
                result.ignored["from the course's own folders (only exercises/ is a learner's work)"] += 1
            continue
        if _longest_prefix(location, homes) is not None:
            result.ignored["in learners' homes outside the course's exercises/"] += 1
            continue
        if location[:-2] in hub_roots or _longest_prefix(location[:-1], hub_roots) is not None:
            result.ignored["in homes without a copy of the course"] += 1
            continue
        root = _longest_prefix(location, nbgrader_roots)
        if root is not None:
            sub = location[len(root)]
            if sub == NBGRADER_SUBMITTED and len(location) - len(root) >= 3:
                _take(result, source, Origin(NBGRADER, location[len(root) + 1]), pattern)
            else:
                result.ignored["from nbgrader's source/, release/, autograded/ or feedback/"] += 1
            continue
        moodle = next((m for m in map(MOODLE_FOLDER.match, reversed(source.parts[:-1])) if m), None)
        if moodle:
            origin = Origin(MOODLE_DOWNLOAD, moodle.group("id"), moodle.group("name").strip(), comparable=False)
            _take(result, source, origin, pattern)
            continue
        canvas = CANVAS_NAME.match(source.parts[-1]) if location[:-1] in canvas_folders else None
        if canvas:
            own = canvas.group("file")
            reupload = CANVAS_REUPLOAD.match(own)
            own = f"{reupload.group('stem')}{reupload.group('suffix')}" if reupload else own
            origin = Origin(
                CANVAS_DOWNLOAD,
                canvas.group("user"),
                canvas.group("name"),
                comparable=False,
                rank=int(canvas.group("attachment")),
                file_name=own,
            )
            _take(result, source, origin, pattern)
            continue
        if len(source.parts) > 1:
            _take(result, source, Origin(FOLDERS, source.parts[0]), pattern)
        else:
            _take(result, source, Origin(FLAT, None), pattern)
    return result


def _canvas_folders(sources: list[Source]) -> set[tuple[str, ...]]:
    """Folders in which every notebook is named the way Canvas names downloads (one odd name is not enough)."""
    verdict: dict[tuple[str, ...], bool] = {}
    for source in sources:
        folder = source.location[:-1]
        verdict[folder] = verdict.get(folder, True) and CANVAS_NAME.match(source.parts[-1]) is not None
    return {folder for folder, canvas in verdict.items() if canvas}


def _take(result: Plan, source: Source, origin: Origin, pattern: re.Pattern[str] | None) -> None:
    """Grade the source under its origin, or under the learner --learner-pattern names (a miss is an error)."""
    if pattern is not None:
        match = pattern.search(full_path(source))
        learner = (match.group("learner") or "").strip() if match else ""
        if not learner:
            problem = (
                "The file's path does not match --learner-pattern, so it is not known whose it is; it was not graded."
            )
            result.refused.append((source, Refused(problem)))
            return
        origin = dataclasses.replace(origin, layout=PATTERN, learner=learner, comparable=True)
    result.graded.append((source, _with_file(origin, source)))
    result.layouts[origin.layout] += 1


def _with_file(origin: Origin, source: Source) -> Origin:
    """The file's own name (Canvas prefix and re-upload suffix gone) and whether it is a "-CopyN" duplicate."""
    own = origin.file_name or source.parts[-1]
    copy = JUPYTER_COPY.match(own)
    if copy:
        own = f"{copy.group('stem')}{copy.group('suffix')}"
    return dataclasses.replace(origin, copy=bool(copy), file_name=own)


def _submitted_at(location: tuple[str, ...]) -> list[int]:
    """Indexes of an nbgrader `submitted` folder in the location, with <student>/<assignment or file> below."""
    return [i for i, part in enumerate(location[:-2]) if part == NBGRADER_SUBMITTED and i > 0]


def _longest_prefix(location: tuple[str, ...], prefixes: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The longest of `prefixes` that the location lies inside (set look-ups: fast for thousands of folders)."""
    if not prefixes:
        return None
    for end in range(len(location) - 1, 0, -1):
        if location[:end] in prefixes:
            return location[:end]
    return None


def _course_copies(sources: list[Source]) -> set[tuple[str, ...]]:
    """Folders that are copies of the course: `exercises/` with notebooks, beside `solutions/` or `notebooks/`."""
    locations = [s.location for s in sources]
    candidates = {loc[:-2] for loc in locations if len(loc) > 2 and loc[-2] == EXERCISES}
    folders = {loc[:i] for loc in locations for i in range(1, len(loc))}
    copies = set()
    for candidate in candidates:
        markers = [(*candidate, marker) for marker in COURSE_MARKERS]
        if any(m in folders for m in markers) or any(os.path.isdir(os.path.join(*m)) for m in markers):
            copies.add(candidate)
    return copies


def _copy_learners(copies: set[tuple[str, ...]], result: Plan) -> dict[tuple[str, ...], tuple[str, str | None]]:
    """Each copy of the course -> (layout, learner): Classroom repositories, hub homes, or a single copy."""
    if not copies:
        return {}
    if len(copies) == 1:
        return {next(iter(copies)): (ONE_COPY, None)}
    common = PurePath(os.path.commonpath([os.path.join(*c) for c in copies])).parts
    depth = len(common) + 1
    learners: dict[tuple[str, ...], tuple[str, str | None]] = {}
    repositories = sorted(c for c in copies if len(c) == depth)
    prefix = _classroom_prefix(common[-1] if common else "", [c[-1] for c in repositories])
    if repositories:
        result.prefixes[CLASSROOM] = prefix
    for copy in copies:
        folder = copy[depth - 1]
        if len(copy) == depth:
            learners[copy] = (CLASSROOM, folder[len(prefix) :] or folder)
        else:
            hub_user = folder[len(HUB_PREFIX) :] if folder.startswith(HUB_PREFIX) else folder
            if folder.startswith(HUB_PREFIX):
                result.prefixes[HUB] = HUB_PREFIX
            learners[copy] = (HUB, hub_user or folder)
    return learners


def _hub_homes(copy_learners: dict[tuple[str, ...], tuple[str, str | None]]) -> set[tuple[str, ...]]:
    """The home folders that hold a copy of the course (files elsewhere in them are not graded)."""
    if len(copy_learners) < 2:
        return set()
    common = PurePath(os.path.commonpath([os.path.join(*c) for c in copy_learners])).parts
    return {copy[: len(common) + 1] for copy, (layout, _) in copy_learners.items() if layout == HUB}


def _classroom_prefix(parent: str, names: list[str]) -> str:
    """The assignment prefix of GitHub Classroom repositories: from the folder `gh classroom clone`
    makes (`<assignment>-submissions`) when the names agree with it, else the prefix they all share."""
    if parent.endswith(SUBMISSIONS_SUFFIX):
        prefix = parent[: -len(SUBMISSIONS_SUFFIX)] + "-"
        if all(name.startswith(prefix) and len(name) > len(prefix) for name in names):
            return prefix
    return _shared_prefix(names) if len(names) > 1 else ""


def _shared_prefix(names: list[str]) -> str:
    """The prefix all names share, cut back to its last '-' (GitHub Classroom's `<assignment>-<user>`)."""
    shortest = min(names, key=len)
    length = next((i for i, letter in enumerate(shortest) if any(n[i] != letter for n in names)), len(shortest))
    prefix = shortest[:length]  # character by character, not by path component
    cut = prefix.rfind("-")
    return prefix[: cut + 1] if cut >= 0 else ""
