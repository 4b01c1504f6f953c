"""Step 4 of grading: the rules behind `layout` and the pipeline's identify step.

Who the learner is comes from where the file came from (`layout`). Only when the
place cannot tell (single files, one copy of the course) is the learner id
recorded with the answers used (`recorded_learner`: the most frequent id in the
file, on a tie the newest record's; several ids are a notice), and failing that
the old path rule (`path_learner`): the first folder under the PATH (after
nbgrader's `submitted/`), or a file's name up to its first `_` or `-`, or for a
file named after a course notebook the folder holding it.

Which course notebook a file is: the one its metadata names (`mlops-course release`
writes `{"mlops_course": {"notebook": "04_raci_model"}}`, and a copy, a rename or an
upload keeps it), else the two-digit number its name starts with (`04_raci.ipynb`),
read after the prefix a platform puts before the learner's own file name (Canvas
`login_userid_fileid_`, Moodle's flat `Name_id_assignsubmission_file_`, Blackboard
`..._attempt_<date>_`); a number elsewhere in the name is not a notebook
(`notes_2024_07_draft.ipynb`). Either counts only when the definitions have
exercises for that notebook; else the notebooks of the exercises answered in it.

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
from course.exercises.notebook_file import METADATA_KEY
from course.exercises.record_reader import FoundRecord

NBGRADER_ROOT = "submitted"
NUMBER_PREFIX = re.compile(r"^(\d\d)(?:[_\-. ]|$)")
PLATFORM_PREFIXES = (
    re.compile(r"^[^_]+(?:_LATE)?_\d+_\d+_(?P<name>.+)$"),  # Canvas: smithjane[_LATE]_12345_67890_<name>
    re.compile(r"^.+?_\d+_assignsubmission_[a-z]+_(?P<name>.+)$"),  # Moodle, downloaded without folders
    re.compile(r"^.+?_attempt_\d{4}(?:-\d\d){5}_(?P<name>.+)$"),  # Blackboard: <assignment>_<user>_attempt_<date>_
)
"""What a platform puts before the learner's own file name; a file keeps its own name inside a folder
(Moodle's and nbgrader's folders per learner, a JupyterHub home), and JupyterLab's `-Copy1` and Canvas's
resubmission `-1` come after it, which the number at the start does not see."""
MAX_METADATA_NAME = 200
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


def own_name(name: str) -> str:
    """The file's stem as the learner saved it: a platform's prefix (see PLATFORM_PREFIXES) taken off."""
    stem = PurePosixPath(name).stem
    for prefix in PLATFORM_PREFIXES:
        match = prefix.match(stem)
        if match and NUMBER_PREFIX.match(match.group("name")):
            return match.group("name")
    return stem


def notebook_from_name(name: str, known: Iterable[str]) -> str | None:
    """The course notebook a file name starts with ('04' for 04_raci.ipynb and for Canvas's
    smithjane_12345_67890_04_raci_model.ipynb), if it is one with exercises."""
    number = names_a_notebook(name)
    return number if number in set(known) else None


def names_a_notebook(name: str) -> str | None:
    """The notebook number a file's own name starts with, whether or not it has exercises."""
    match = NUMBER_PREFIX.match(own_name(name))
    return match.group(1) if match else None


def notebook_from_metadata(notebook: object, known: Iterable[str]) -> str | None:
    """The course notebook a notebook's metadata names ('04' for {"notebook": "04_raci_model"}), if it is
    one with exercises; anything else there (a learner's file is untrusted) names none."""
    metadata = notebook.get("metadata") if isinstance(notebook, dict) else None
    course = metadata.get(METADATA_KEY) if isinstance(metadata, dict) else None
    named = course.get("notebook") if isinstance(course, dict) else None
    if not isinstance(named, str) or len(named) > MAX_METADATA_NAME:
        return None
    match = NUMBER_PREFIX.match(named)
    return match.group(1) if match and match.group(1) in set(known) else None


def notebook_of(name: str, notebook: object, known: Iterable[str]) -> str | None:
    """The course notebook a file is: its metadata's, else its name's (see the module docstring)."""
    known = set(known)
    return notebook_from_metadata(notebook, known) or notebook_from_name(name, known)


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
