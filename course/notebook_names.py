"""Which course notebook a file name names: `04_raci.ipynb`, Canvas's `smithjane_12345_67890_04_raci.ipynb`.

The learner's `mlops-course check` and the grader read a saved notebook's number from its
name by the same rule, so the two never disagree about which notebook a file is: the
two-digit number the file's own name starts with, read after the prefix a platform puts
before the learner's own file name (Canvas `login_userid_fileid_`, Moodle's flat
`Name_id_assignsubmission_file_`, Blackboard `..._attempt_<date>_`); a number elsewhere
in the name is not a notebook (`notes_2024_07_draft.ipynb`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import PurePosixPath

NUMBER_PREFIX = re.compile(r"^(\d\d)(?:[_\-. ]|$)")
"""A name that starts with a notebook's two digits."""
PLATFORM_PREFIXES = (
    re.compile(r"^[^_]+(?:_LATE)?_\d+_\d+_(?P<name>.+)$"),  # Canvas: smithjane[_LATE]_12345_67890_<name>
    re.compile(r"^.+?_\d+_assignsubmission_[a-z]+_(?P<name>.+)$"),  # Moodle, downloaded without folders
    re.compile(r"^.+?_attempt_\d{4}(?:-\d\d){5}_(?P<name>.+)$"),  # Blackboard: <assignment>_<user>_attempt_<date>_
)
"""What a platform puts before the learner's own file name; a file keeps its own name inside a folder
(Moodle's and nbgrader's folders per learner, a JupyterHub home), and JupyterLab's `-Copy1` and Canvas's
resubmission `-1` come after it, which the number at the start does not see."""


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
    smithjane_12345_67890_04_raci_model.ipynb), if it is one of `known` (those with exercises)."""
    number = names_a_notebook(name)
    return number if number is not None and number in set(known) else None


@lru_cache(maxsize=256)
def names_a_notebook(name: str) -> str | None:
    """The notebook number a file's own name starts with, whether or not it has exercises.

    Worked out once per name: a class hands in the same few names, thousands of times."""
    match = NUMBER_PREFIX.match(own_name(name))
    return match.group(1) if match else None
