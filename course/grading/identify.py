"""Step 4 of grading: the rules behind `layout` and the pipeline's identify step.

Who the learner is comes from where the file came from (`layout`). Only when the
place cannot tell (single files, one copy of the course) is the learner id
recorded with the answers used (`recorded_learner`: the most frequent id in the
file, on a tie the newest record's; several ids are a notice), and failing that
the old path rule (`path_learner`): the first folder under the PATH (after
nbgrader's `submitted/`), or a file's name up to its first `_` or `-`, or for a
file named after a course notebook the folder holding it.

Which course notebook a file is: the one its metadata names, else the two-digit number
its own name starts with, read after a platform's prefix (`course.exercises.notebook_file.notebook_of`
and `course.notebook_names`, the rule the learner's `check` uses too), when the definitions
have exercises for that notebook; else the notebooks of the exercises answered in it.

Learner ids end up in file names (feedback/<learner>.html): `safe_file_names`
maps each to a name that cannot leave the output folder or collide with another.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import PurePosixPath

from course.errors import CourseError, ExitCode
from course.exercises.learner import VALID_ID
from course.exercises.record_reader import FoundRecord
from course.notebook_names import NUMBER_PREFIX

NBGRADER_ROOT = "submitted"
SPLIT = re.compile(r"[_\-]")
RESERVED = frozenset({"con", "prn", "aux", "nul", "index", "report"})


class PatternError(CourseError, ValueError):
    """A --learner-pattern that is not a valid expression or has no `learner` group (usage error)."""

    exit_code = ExitCode.USAGE


def compile_pattern(text: str | None) -> re.Pattern[str] | None:
    if not text:
        return None
    try:
        pattern = re.compile(text)
    except re.error as err:
        raise PatternError(f"--learner-pattern {text!r} is not a valid regular expression: {err}") from None
    if "learner" not in pattern.groupindex:
        raise PatternError(f"--learner-pattern {text!r} needs a named group (?P<learner>...)")
    return pattern


def recorded_learner(records: Iterable[FoundRecord]) -> tuple[str | None, list[str]]:
    """The learner id recorded most often (ties: the newest record's), and every distinct id seen."""
    records = list(records)
    ids = {(found.record.learner or "").strip() for found in records}
    if len(ids) == 1:  # most files: one id on every record (or none)
        (only,) = ids
        return (only, [only]) if only else (None, [])
    counts: Counter[str] = Counter()
    newest: dict[str, tuple[int, tuple[int, int]]] = {}
    for found in records:
        learner = (found.record.learner or "").strip()
        if not learner:
            continue
        counts[learner] += 1
        key = (found.record.revision, found.position)
        newest[learner] = max(newest.get(learner, key), key)
    if not counts:
        return None, []
    chosen = max(counts, key=lambda learner: (counts[learner], newest[learner]))
    return chosen, sorted(counts)


def path_learner(parts: tuple[str, ...], container: str) -> str:
    """The learner the path names (rule 3 of the module docstring)."""
    folders = list(parts[:-1])
    if folders and folders[0] == NBGRADER_ROOT and len(folders) > 1:
        folders = folders[1:]
    if folders:
        return folders[0]
    stem = PurePosixPath(parts[-1]).stem if parts else ""
    if NUMBER_PREFIX.match(stem) or not stem:
        stem = container
    head = SPLIT.split(stem, maxsplit=1)[0].strip()
    return head or stem.strip() or "unknown"


def safe_file_names(learners: Iterable[str]) -> dict[str, str]:
    """A file name (without extension) for each learner id: safe, unique even on case-insensitive disks.

    A valid learner id (letters, digits, . _ @ + -) is kept as it is; anything
    else is reduced to those characters and suffixed with a hash of the original,
    so '../../etc' becomes 'etc-<hash>' and never a path.
    """

    result: dict[str, str] = {}
    taken: set[str] = set()
    for learner in sorted(set(learners)):
        digest = hashlib.sha256(learner.encode("utf-8", "surrogatepass")).hexdigest()[:10]
        base = learner
        if not VALID_ID.match(learner) or learner.lower() in RESERVED:
            cleaned = re.sub(r"[^A-Za-z0-9_@+-]+", "-", learner).strip("-.")[:48] or "learner"
            base = f"{cleaned}-{digest}"
        if base.lower() in taken:
            base = f"{base}-{digest}"
        taken.add(base.lower())
        result[learner] = base
    return result


def learner_key(learner: str) -> str:
    """The form two spellings of one learner share: Unicode NFC (macOS writes names decomposed), letter
    case folded. Used for matching only; the name shown stays as it was written."""
    return unicodedata.normalize("NFC", learner).casefold()
