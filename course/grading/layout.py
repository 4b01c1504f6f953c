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
  as The Littlest JupyterHub names it, or `<user>`; the prefix is dropped only
  when most homes carry it, and two homes never become one learner). One copy
  inside a learner's folder is that folder's learner's;
- nbgrader: `submitted/<student>/<assignment>/` names the student; the
  course root's `source/`, `release/`, `autograded/` and `feedback/` are never graded;
- Moodle assignment downloads: `<Full name>_<participant id>_assignsubmission_file_/`;
- Canvas "Download submissions": `<name>[_LATE]_<user id>_<attachment id>_<file>`
  (a `-1` after the file's own name is Canvas renaming a re-upload); a zip the
  learner uploaded is named so too, and everything in it is theirs;
- a folder per learner: the first folder under the PATH;
- flat files: the learner id recorded with the answers (else the file name's first word).

A PATH's layout is what most of its learners' places say (one stray file
cannot turn a Canvas download into "single files"). A file that does not fit
the layout of its PATH is refused with an error naming it, never credited by
the id recorded inside it, which anyone can type. The outermost platform
folder names the learner: a platform-like folder made inside it (a Moodle
folder in a Moodle folder, `submitted/` in a submission, either in a learner's
folder) is an integrity finding. One file on disk reachable from two learners'
places (a link, a hard link) is an error naming both, credited to neither.

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

from course.frozen import replaced
from course.grading.discover import Source, path_parts
from course.grading.identify import learner_key

EXERCISES = "exercises"
COURSE_MARKERS = ("solutions", "notebooks")
NBGRADER_SUBMITTED = "submitted"
NBGRADER_OWN = frozenset({"source", "release", "autograded", "feedback"})
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
MOODLE = "Moodle assignment download"
CANVAS = "Canvas submissions download"
FOLDERS = "a folder per learner"
FLAT = "single files"
PATTERN = "--learner-pattern"
NESTED_PLATFORM = "nested platform folder"
"""The integrity finding for a platform-like folder made inside the folder that names the learner."""

RULES = {
    CLASSROOM: "learner = repository folder minus the prefix {prefix!r} all of them share; only exercises/ is graded",
    HUB: "learner = home folder ({prefix}<user>); only the course's exercises/ is graded",
    ONE_COPY: "learner = the id recorded with the answers; only exercises/ is graded",
    NBGRADER: "learner = the student folder under submitted/; source/, release/, autograded/, feedback/ are not graded",
    MOODLE: "learner = the participant id in the folder name",
    CANVAS: "learner = the Canvas user id in the file name (the name part is only shown)",
    FOLDERS: "learner = the first folder under the PATH",
    FLAT: "learner = the id recorded with the answers, else the file name up to its first '_' or '-'",
    PATTERN: "learner = the group 'learner' of the pattern, searched in each file's full path",
}

COPIES = "copies of the course"
RECORDED = "recorded ids"
FAMILY = {
    CLASSROOM: COPIES,
    HUB: COPIES,
    ONE_COPY: RECORDED,
    FLAT: RECORDED,
    NBGRADER: NBGRADER,
    MOODLE: MOODLE,
    CANVAS: CANVAS,
    FOLDERS: FOLDERS,
}
"""How each layout names learners; a PATH's layout is the family most of its learners' places are in."""
PRECEDENCE = (COPIES, NBGRADER, MOODLE, CANVAS, FOLDERS, RECORDED)
"""On a tie, the family named first wins (a recognised layout before recorded ids)."""
WHERE_WORK_IS = {
    COPIES: "copies of the course, where a learner's work is in their copy's exercises/ folder",
    NBGRADER: "an nbgrader course, where a learner's work is in submitted/<student>/<assignment>/",
    MOODLE: "a Moodle assignment download, where a learner's work is in <Full name>_<participant id>_assignsubmission_file_/",
    CANVAS: "a Canvas submissions download, where each file is named <name>_<user id>_<attachment id>_<file>",
    FOLDERS: "a folder per learner, where a learner's work is in the folder named after them",
}
COURSE_OWN = "from the course's own folders (only exercises/ is a learner's work)"
IN_HOMES = "in learners' homes outside the course's exercises/"
HOMES_WITHOUT_COPY = "in homes without a copy of the course"
NBGRADER_OWN_FILES = "from nbgrader's source/, release/, autograded/ or feedback/"


@dataclass(frozen=True)
class Origin:
    """Who a file belongs to, from where it came from, and how it ranks among that learner's files.

    `learner` is None when only the recorded id can tell (flat files, one copy of the course);
    `comparable` says whether a recorded id should equal it (a user name) or not (a Canvas number);
    `copy` marks a JupyterLab "-CopyN" duplicate, which loses to the file with the real name;
    `rank` orders a learner's files for one notebook (a Canvas attachment id: higher is later);
    `notes` are integrity findings about the place itself, (finding, detail).
    """

    layout: str
    learner: str | None = None
    name: str = ""
    comparable: bool = True
    copy: bool = False
    rank: int = 0
    file_name: str = ""
    notes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Refused:
    """A file that cannot be credited to anyone: `error` is the sentence for errors.csv."""

    error: str
    learner: str = ""
    detail: str = ""


@dataclass
class Plan:
    """What `plan` decided for every file, and what it detected (to print)."""

    graded: list[tuple[Source, Origin]] = field(default_factory=list)
    refused: list[tuple[Source, Refused]] = field(default_factory=list)
    layouts: Counter[str] = field(default_factory=Counter)
    prefixes: dict[str, str] = field(default_factory=dict)
    ignored: Counter[str] = field(default_factory=Counter)
    notices: list[tuple[Source, str, str, str]] = field(default_factory=list)
    """(file, learner, notice, detail): worth knowing, not an error (one file reached twice)."""

    def describe(self) -> list[str]:
        """One line per layout detected: what it is and how it names learners."""
        lines = []
        for layout, count in sorted(self.layouts.items(), key=lambda item: (-item[1], item[0])):
            rule = RULES[layout].format(prefix=self.prefixes.get(layout, ""))
            lines.append(f"Detected {layout} ({count} file{'s' if count != 1 else ''}): {rule}.")
        for reason, count in sorted(self.ignored.items()):
            lines.append(f"Not graded: {count} file{'s' if count != 1 else ''} {reason}.")
        if self.refused:
            count = len(self.refused)
            lines.append(
                f"Refused: {count} file{'s' if count != 1 else ''} that cannot be credited safely (errors.csv)."
            )
        return lines


def full_path(source: Source) -> str:
    """The path a --learner-pattern is searched in: the PATH as given, then the path inside, `/` between."""
    return source.label.replace("\\", "/").replace("!/", "/")


@dataclass(frozen=True)
class _Place:
    """What a file's place says: graded under `origin`, else `ignored` (why) or `refused` (an error).
    `owner` is the learner whose place holds the file, graded or not (for files shared between places)."""

    origin: Origin | None = None
    ignored: str = ""
    refused: Refused | None = None
    owner: str = ""


@dataclass
class _Layout:
    """What is known about all the files at once: where the copies, homes, nbgrader roots and Canvas folders are."""

    copies: set[tuple[str, ...]]
    copy_learners: dict[tuple[str, ...], tuple[str, str | None]]
    clashes: dict[tuple[str, ...], str]
    homes: dict[tuple[str, ...], str]
    home_folders: set[tuple[str, ...]]
    hub_roots: set[tuple[str, ...]]
    hub_prefix: str
    canvas_folders: set[tuple[str, tuple[str, ...]]]
    nbgrader_roots: set[tuple[str, ...]]

    @classmethod
    def of(cls, sources: list[Source], locations: list[tuple[str, ...]], result: Plan) -> _Layout:
        copies = _course_copies(locations)
        copy_learners, hub_prefix = _copy_learners(copies, result)
        homes = _hub_homes(copy_learners)
        return cls(
            copies,
            copy_learners,
            _clashing_copies(copy_learners),
            homes,
            set(homes),
            {home[:-1] for home in homes},
            hub_prefix,
            _canvas_folders(sources),
            {loc[:i] for loc in locations for i in _submitted_at(loc)},
        )

    def home_learner(self, folder: str) -> str:
        """The learner a home folder names: minus the hub's prefix when the homes carry it."""
        if self.hub_prefix and folder.startswith(self.hub_prefix) and len(folder) > len(self.hub_prefix):
            return folder[len(self.hub_prefix) :]
        return folder


def plan(sources: Iterable[Source], pattern: re.Pattern[str] | None = None) -> Plan:
    """Decide, for every source, whether it is graded and under which origin (module docstring)."""
    sources = list(sources)
    result = Plan()
    locations = [source.location for source in sources]
    known = _Layout.of(sources, locations, result)
    places = [_place(source, location, known) for source, location in zip(sources, locations, strict=True)]
    if pattern is None:
        places = _fit_to_majority(sources, places)
    decided: list[tuple[Source, _Place]] = []
    for source, place in zip(sources, places, strict=True):
        if place.origin is not None and pattern is not None:
            place = _named_by_pattern(source, place, pattern)
        decided.append((source, place))
    for source, place in _one_owner_per_file(decided, result, pattern is None):
        if place.refused is not None:
            result.refused.append((source, place.refused))
        elif place.origin is not None:
            result.graded.append((source, _with_file(place.origin, source)))
            result.layouts[place.origin.layout] += 1
        elif place.ignored:
            result.ignored[place.ignored] += 1
    return result


def _place(source: Source, location: tuple[str, ...], known: _Layout) -> _Place:
    """What the file's place alone says, the most specific layout first (module docstring)."""
    copy = _longest_prefix(location, known.copies)
    if copy is not None:
        layout, learner = known.copy_learners[copy]
        if layout == ONE_COPY and len(copy) - len(path_parts(source.root)) >= 2:
            layout, learner = FOLDERS, source.parts[0]  # one copy inside a learner's folder: the folder names them
        owner = learner or ""
        if len(location) != len(copy) + 2 or location[len(copy)] != EXERCISES:
            return _Place(ignored=COURSE_OWN, owner=owner)
        if copy in known.clashes:
            return _Place(refused=Refused(known.clashes[copy], owner), owner=owner)
        return _Place(Origin(layout, learner), owner=owner)
    home = _longest_prefix(location, known.home_folders)
    if home is not None:
        return _Place(ignored=IN_HOMES, owner=known.homes[home])
    hub_root = _longest_prefix(location[:-1], known.hub_roots)
    if hub_root is not None:
        return _Place(ignored=HOMES_WITHOUT_COPY, owner=known.home_learner(location[len(hub_root)]))
    root = _shortest_prefix(location, known.nbgrader_roots)
    if root is not None:
        sub = location[len(root)]
        if sub == NBGRADER_SUBMITTED and len(location) - len(root) >= 3:
            student = location[len(root) + 1]
            notes = _nested(location[len(root) + 2 : -1], student)
            return _Place(Origin(NBGRADER, student, notes=notes), owner=student)
        if sub in NBGRADER_OWN:
            return _Place(ignored=NBGRADER_OWN_FILES)
    folders = source.parts[:-1]
    moodle = next(((i, m) for i, m in enumerate(map(MOODLE_FOLDER.match, folders)) if m), None)
    if moodle:
        at, match = moodle
        learner = match.group("id")
        notes = _nested(folders[at + 1 :], learner)
        origin = Origin(MOODLE, learner, match.group("name").strip(), comparable=False, notes=notes)
        return _Place(origin, owner=learner)
    canvas = _canvas_origin(source, known.canvas_folders)
    if canvas is not None:
        return _Place(canvas, owner=canvas.learner or "")
    if folders:
        return _Place(Origin(FOLDERS, folders[0]), owner=folders[0])
    return _Place(Origin(FLAT, None))


def _canvas_origin(source: Source, canvas_folders: set[tuple[str, tuple[str, ...]]]) -> Origin | None:
    """The Canvas learner of a file (or of an uploaded zip's member) named the way Canvas names downloads."""
    entry = source.archive or source.parts
    if (source.root, entry[:-1]) not in canvas_folders:
        return None
    canvas = CANVAS_NAME.match(entry[-1])
    if canvas is None:
        return None
    own = canvas.group("file")
    reupload = CANVAS_REUPLOAD.match(own)
    own = f"{reupload.group('stem')}{reupload.group('suffix')}" if reupload else own
    return Origin(
        CANVAS,
        canvas.group("user"),
        canvas.group("name"),
        comparable=False,
        rank=int(canvas.group("attachment")),
        file_name=source.parts[-1] if source.archive else own,
    )


def _canvas_folders(sources: list[Source]) -> set[tuple[str, tuple[str, ...]]]:
    """Folders (PATH, folders under it) most of whose entries (files, uploaded zips) are named the way
    Canvas names downloads."""
    entries: dict[tuple[str, tuple[str, ...]], set[str]] = {}
    for source in sources:
        entry = source.archive or source.parts
        entries.setdefault((source.root, entry[:-1]), set()).add(entry[-1])
    return {
        folder
        for folder, names in entries.items()
        if 2 * sum(1 for name in names if CANVAS_NAME.match(name)) > len(names)
    }


def _nested(folders: tuple[str, ...], learner: str) -> tuple[tuple[str, str], ...]:
    """A finding for each platform-like folder below the one naming the learner (made by hand, never by
    the platform): a Moodle submission folder, or nbgrader's `submitted/<student>`."""
    found = []
    for at, folder in enumerate(folders):
        if MOODLE_FOLDER.match(folder):
            found.append(folder)
        elif folder == NBGRADER_SUBMITTED and at + 1 < len(folders):
            found.append(f"{folder}/{folders[at + 1]}")
    return tuple(
        (NESTED_PLATFORM, f"{name} inside the folder of {learner}, who is credited; a platform never nests them")
        for name in found
    )


def _fit_to_majority(sources: list[Source], places: list[_Place]) -> list[_Place]:
    """Each PATH's layout is the family most of its learners' places are in; a file that does not fit it
    is renamed by it when it can be (a folder per learner names any file in a folder) and refused if not."""
    counted: dict[str, dict[str, set[str]]] = {}
    for source, place in zip(sources, places, strict=True):
        if place.origin is not None:
            family = FAMILY[place.origin.layout]
            who = source.label if family == RECORDED else learner_key(place.origin.learner or "")
            counted.setdefault(source.root, {}).setdefault(family, set()).add(who)
    majority = {
        root: max(families, key=lambda f: (len(families[f]), -PRECEDENCE.index(f)))
        for root, families in counted.items()
    }
    fitted = []
    for source, place in zip(sources, places, strict=True):
        origin = place.origin
        layout = majority.get(source.root, RECORDED)
        if origin is None or layout == RECORDED or FAMILY[origin.layout] == layout:
            fitted.append(place)
        elif layout == FOLDERS and len(source.parts) > 1:
            learner = source.parts[0]
            notes = _nested(source.parts[1:-1], learner)
            fitted.append(_Place(Origin(FOLDERS, learner, notes=notes), owner=learner))
        else:
            fitted.append(_Place(refused=_does_not_fit(layout), owner=place.owner))
    return fitted


def _does_not_fit(layout: str) -> Refused:
    return Refused(
        f"The file does not fit the layout of the PATH it was found in: most of it is {WHERE_WORK_IS[layout]}, "
        "and this file is not in such a place. It was not graded: only the learner id written inside it could "
        "say whose it is, and anyone can write any id there.",
        detail="put it where the platform puts a learner's work, or grade it on its own (mlops-course grade FILE)",
    )


def _named_by_pattern(source: Source, place: _Place, pattern: re.Pattern[str]) -> _Place:
    """The place with the learner --learner-pattern names (a file it does not match is an error)."""
    assert place.origin is not None
    match = pattern.search(full_path(source))
    learner = (match.group("learner") or "").strip() if match else ""
    if not learner:
        problem = "The file's path does not match --learner-pattern, so it is not known whose it is; it was not graded."
        return _Place(refused=Refused(problem))
    return _Place(dataclasses.replace(place.origin, layout=PATTERN, learner=learner, comparable=True), owner=learner)


def _one_owner_per_file(
    decided: list[tuple[Source, _Place]], result: Plan, by_place: bool
) -> list[tuple[Source, _Place]]:
    """One file on disk reached from several paths: from two learners' places (a link, a hard link) it is
    an error naming both, credited to neither; from one learner's place it is graded once (a notice when the
    paths are not the same: a link inside the learner's own folder)."""
    reached: dict[tuple[int, int, str | None, int], list[int]] = {}
    for at, (source, place) in enumerate(decided):
        if source.inode != (0, 0) and (place.origin is not None or (by_place and place.owner)):
            reached.setdefault(source.identity, []).append(at)
    kept = list(decided)
    for indexes in reached.values():
        if len(indexes) < 2:
            continue
        owners = {learner_key(_owner(decided[i][1])): _owner(decided[i][1]) for i in indexes if _owner(decided[i][1])}
        graded = sorted((i for i in indexes if decided[i][1].origin is not None), key=lambda i: decided[i][0].location)
        if len(owners) > 1:
            people = " and ".join(sorted(owners.values()))
            for i in graded:
                source, place = decided[i]
                others = "; ".join(decided[j][0].label for j in indexes if j != i)
                problem = (
                    f"This notebook is one file on disk that is also in another learner's place ({people}): a link or "
                    "a hard link. It was credited to neither; find out whose work it is."
                )
                kept[i] = (source, _Place(refused=Refused(problem, _owner(place), f"the same file: {others}")))
            continue
        for i in graded[1:]:
            source, place = decided[i]
            first = decided[graded[0]][0]
            kept[i] = (source, _Place())
            if source.location != first.location:
                notice = (
                    "Not graded again: this is the same file on disk as another of this learner's "
                    "(a link, or PATHs that overlap)."
                )
                result.notices.append((source, _owner(place), notice, f"graded: {first.label}"))
    return kept


def _owner(place: _Place) -> str:
    if place.origin is not None and place.origin.learner:
        return place.origin.learner
    return place.owner


def _with_file(origin: Origin, source: Source) -> Origin:
    """The file's own name (Canvas prefix and re-upload suffix gone) and whether it is a "-CopyN" duplicate."""
    own = origin.file_name or source.parts[-1]
    copy = JUPYTER_COPY.match(own)
    if copy:
        own = f"{copy.group('stem')}{copy.group('suffix')}"
    return replaced(origin, copy=bool(copy), file_name=own)  # once per file (see `course.frozen`)


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


def _shortest_prefix(location: tuple[str, ...], prefixes: set[tuple[str, ...]]) -> tuple[str, ...] | None:
    """The shortest of `prefixes` that the location lies inside: the outermost platform folder names the learner."""
    if not prefixes:
        return None
    for end in range(1, len(location)):
        if location[:end] in prefixes:
            return location[:end]
    return None


def _course_copies(locations: list[tuple[str, ...]]) -> set[tuple[str, ...]]:
    """Folders that are copies of the course: `exercises/` with notebooks, beside `solutions/` or `notebooks/`."""
    candidates = {loc[:-2] for loc in locations if len(loc) > 2 and loc[-2] == EXERCISES}
    folders = {loc[:i] for loc in locations for i in range(1, len(loc))}
    copies = set()
    for candidate in candidates:
        markers = [(*candidate, marker) for marker in COURSE_MARKERS]
        if any(m in folders for m in markers) or any(os.path.isdir(os.path.join(*m)) for m in markers):
            copies.add(candidate)
    return copies


def _copy_learners(
    copies: set[tuple[str, ...]], result: Plan
) -> tuple[dict[tuple[str, ...], tuple[str, str | None]], str]:
    """Each copy of the course -> (layout, learner): Classroom repositories, hub homes, or a single copy;
    and the hub's home prefix (`jupyter-` when most homes carry it, else '')."""
    if not copies:
        return {}, ""
    if len(copies) == 1:
        return {next(iter(copies)): (ONE_COPY, None)}, ""
    common = PurePath(os.path.commonpath([os.path.join(*c) for c in copies])).parts
    depth = len(common) + 1
    learners: dict[tuple[str, ...], tuple[str, str | None]] = {}
    repositories = sorted(c for c in copies if len(c) == depth)
    prefix = _classroom_prefix(common[-1] if common else "", [c[-1] for c in repositories])
    if repositories:
        result.prefixes[CLASSROOM] = prefix
    homes = [copy[depth - 1] for copy in copies if len(copy) > depth]
    hub_prefix = HUB_PREFIX if 2 * sum(1 for home in homes if home.startswith(HUB_PREFIX)) > len(homes) else ""
    if homes:
        result.prefixes[HUB] = hub_prefix
    for copy in copies:
        folder = copy[depth - 1]
        if len(copy) == depth:
            learners[copy] = (CLASSROOM, folder[len(prefix) :] or folder)
        else:
            stripped = hub_prefix and folder.startswith(hub_prefix) and len(folder) > len(hub_prefix)
            learners[copy] = (HUB, folder[len(hub_prefix) :] if stripped else folder)
    return learners, hub_prefix


def _clashing_copies(copy_learners: dict[tuple[str, ...], tuple[str, str | None]]) -> dict[tuple[str, ...], str]:
    """Copies in different homes or repositories that would name one learner: never merged, each an error."""
    by_key: dict[str, list[tuple[str, ...]]] = {}
    for copy, (_, learner) in copy_learners.items():
        if learner is not None:
            by_key.setdefault(learner_key(learner), []).append(copy)
    clashes = {}
    for copies in by_key.values():
        if len(copies) < 2:
            continue
        common = len(PurePath(os.path.commonpath([os.path.join(*c) for c in copies])).parts)
        folders = sorted({copy[common] for copy in copies})
        for copy in copies:
            clashes[copy] = (
                f"The homes (or repositories) {' and '.join(folders)} would both be learner "
                f"{copy_learners[copy][1]}; two accounts are never merged into one learner, so neither was graded."
            )
    return clashes


def _hub_homes(copy_learners: dict[tuple[str, ...], tuple[str, str | None]]) -> dict[tuple[str, ...], str]:
    """The home folders that hold a copy of the course (files elsewhere in them are not graded) -> learner."""
    if len(copy_learners) < 2:
        return {}
    common = PurePath(os.path.commonpath([os.path.join(*c) for c in copy_learners])).parts
    return {
        copy[: len(common) + 1]: learner or "" for copy, (layout, learner) in copy_learners.items() if layout == HUB
    }


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
