"""The learner edition: what learners get, with no solutions and no answer key in it.

`build_edition(root, out)` writes into `out` a folder ready to push as its own
repository (or branch) for Binder, nbgitpuller or a clone:

- `notebooks/` (lessons) as they are, and `exercises/` as `release` makes them
  from `solutions/`;
- the `course` package and its data, with each `course/data/exercises/NN_topic.yaml`
  replaced by `NN_topic.learner.json`: the definitions without keys, discussion
  notes or per-option feedback in plain text, plus the sealed practice key the
  Check button works from (`course.exercises.practice_key`); an assessed
  notebook's exercises get nothing sealed. An exercise with cases ships every case's
  wording and facts (each learner is shown their own), each practice case sealed under
  a salt of its own. No `archive/` of older definitions;
- JupyterLab's settings (`jupyter-config/`, the package's `data/jupyterlab/`),
  `pyproject.toml`, an `environment.yml` without the test tools (Binder builds
  from it), `LICENSE`, a `.gitignore`, a README for learners and the learner guide
  (`docs/learner-guide.md`), both saying which notebooks are practice and which
  assessed as the definitions the edition is built from have it;
- `learner-edition.json`, the list of files written: it marks the folder as an
  edition, so a later build may replace it, removing what is no longer part of it.

Nothing else: no `solutions/`, `tests/`, `benchmarks/`, the rest of `docs/` (the
facilitator guide holds the answer key), `CONTRIBUTING.md` or CI files. The same sources and
salts give the same bytes. Salts (one random value per exercise) are kept in
`course/authoring/practice-salts.json` in the instructor's repository; a build adds
one for a new exercise and says so, so it is committed with the exercise.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from course.atomic import write_bytes_atomic, write_text_atomic
from course.authoring.notes import mode_rows, mode_table, replace_between
from course.authoring.release import plan_release
from course.errors import CourseError
from course.exercises.definitions import read_definitions_file
from course.exercises.edition_data import LEARNER_SUFFIX, learner_exercise_cases, learner_file_text, salt_name
from course.exercises.practice_key import new_salt
from course.exercises.variants import variants_of
from course.paths import EDITION_MANIFEST

MANIFEST = EDITION_MANIFEST
MANIFEST_FORMAT = "mlops-course learner edition 1"
SALTS = Path(__file__).resolve().parent / "practice-salts.json"
README_TEMPLATE = Path(__file__).resolve().parent / "learner_readme.md"
LEARNER_GUIDE = "docs/learner-guide.md"
PACKAGE_SUFFIXES = (".py", ".yaml", ".json", ".j2", ".css", ".js", ".typed")
LEFT_OUT_OF_PACKAGE = (
    "data/exercises/",
    "authoring/",
    "grading/",
    "live/",
    "slides/",
    "hub.py",
    "commands/grade.py",
    "commands/live.py",
    "commands/slides.py",
    "commands/hub_link.py",
    "commands/release.py",
    "memo.py",
    "lessons.py",
    "data/lessons.yaml",
    "figures/printable.py",
    "spaced_review/retention.py",
)
"""Left out of the learner edition's package: the keys and salts, and the instructor's tools: the grader,
the live view, slides, authoring and hub links (the edition's `mlops-course` says so when asked for one),
and what only they use: the grader's memo, the lesson plan (times and objectives, for slides and notes),
the printable grids for a session on paper and the class's retention report.
Learners get what they run: content, exercises, widgets, figures, the RACI engine, `start` and `check`
(which reads notebooks by the grader's rules, `course.notebook_names`, `notebook_file.notebook_of` and the
bank's version rule), and the spaced review."""
COPIED = ("LICENSE", "pyproject.toml")
COPIED_FOLDERS = ("notebooks", "jupyter-config")
GITIGNORE = "__pycache__/\n*.py[cod]\n*.egg-info/\nbuild/\n.venv/\n.ipynb_checkpoints/\n"


class EditionError(CourseError, ValueError):
    """The learner edition cannot be written (a folder that is not an edition, a definition that cannot be sealed)."""


@dataclass
class Edition:
    """What a build wrote: every file of the edition, and what changed."""

    out: Path
    files: dict[str, bytes] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    new_salts: list[str] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(b) for b in self.files.values())


def load_salts(path: Path = SALTS) -> dict[str, str]:
    """Exercise id to its practice-key salt, as kept in the instructor's repository."""
    if not path.exists():
        return {}
    data = json.loads(path.read_text(encoding="utf-8"))
    return {str(k): str(v) for k, v in data.items()}


def plan_edition(root: Path, definitions: Path | None = None, salts: dict[str, str] | None = None) -> Edition:
    """Every file of the edition (relative path to bytes), built from the course folder `root`.

    `salts` (default: the kept ones) gains a new salt for each exercise without one.
    """
    definitions = definitions or root / "course" / "data" / "exercises"
    edition = Edition(Path())
    salts = load_salts() if salts is None else salts
    files = edition.files
    for name in COPIED:
        files[name] = (root / name).read_bytes()
    for folder in COPIED_FOLDERS:
        for path in sorted((root / folder).rglob("*")):
            if path.is_file() and ".ipynb_checkpoints" not in path.parts:
                files[path.relative_to(root).as_posix()] = path.read_bytes()
    for path, text in plan_release(root).outputs.items():
        files[f"exercises/{path.name}"] = text.encode("utf-8")
    package = root / "course"
    for path in sorted(package.rglob("*")):
        relative = path.relative_to(package).as_posix()
        if (
            path.is_file()
            and path.suffix in PACKAGE_SUFFIXES
            and "__pycache__" not in path.parts
            and not relative.startswith(LEFT_OUT_OF_PACKAGE)
        ):
            files[f"course/{relative}"] = path.read_bytes()
    modes: dict[str, tuple[str, str]] = {}
    for path in sorted(definitions.glob("*.yaml")):
        number, title, exercises = read_definitions_file(path)
        modes[path.stem] = (title, exercises[0].mode)
        learners = []
        for exercise in exercises:
            for case in variants_of(exercise):  # each case seals its key under a salt of its own
                name = salt_name(exercise, case)
                if name not in salts:
                    salts[name] = new_salt()
                    edition.new_salts.append(name)
            try:
                learners.append(learner_exercise_cases(exercise, salts))
            except ValueError as err:
                raise EditionError(f"{path.name}: {err}") from err
        name = f"course/data/exercises/{path.stem}{LEARNER_SUFFIX}"
        files[name] = learner_file_text(number, title, learners).encode("utf-8")
    files["environment.yml"] = learner_environment(root).encode("utf-8")
    files["README.md"] = learner_readme(definitions, modes).encode("utf-8")
    files[LEARNER_GUIDE] = learner_guide(root, modes).encode("utf-8")
    files[".gitignore"] = GITIGNORE.encode("utf-8")
    manifest = {"edition": MANIFEST_FORMAT, "files": sorted([*files, MANIFEST])}
    files[MANIFEST] = (json.dumps(manifest, indent=1, sort_keys=True) + "\n").encode("utf-8")
    edition.files = dict(sorted(files.items()))
    return edition


def learner_readme(definitions: Path, modes: dict[str, tuple[str, str]]) -> str:
    """The learners' README, saying which notebooks are practice and which assessed, and the grading
    policy, as this course's definitions and config have them (so it cannot drift from them)."""
    from string import Template

    from course.exercises.policy import course_grading

    practice = [stem for stem, (_, mode) in modes.items() if mode == "practice"]
    assessed = [stem for stem, (_, mode) in modes.items() if mode == "assessed"]
    summary = "instant feedback that explains *why* in every one"
    if assessed:
        summary = (
            f"instant feedback that explains *why* in {len(practice)} of them, "
            f"{len(assessed)} assessed (feedback after the deadline)"
        )
    return Template(README_TEMPLATE.read_text(encoding="utf-8")).substitute(
        exercise_count=len(modes),
        practice_summary=summary,
        mode_rows=mode_rows(modes),
        policy=(grading := course_grading(definitions)).policy.describe(),
        practice=grading.practice.describe(),
    )


def learner_guide(root: Path, modes: dict[str, tuple[str, str]]) -> str:
    """The learner guide, its table of modes written from the definitions the edition is built from,
    so a notebook made assessed for this edition is called assessed there too."""
    try:
        return replace_between((root / LEARNER_GUIDE).read_text(encoding="utf-8"), "modes", mode_table(modes))
    except (OSError, ValueError) as err:
        raise EditionError(f"{LEARNER_GUIDE}: {err}") from err


def learner_environment(root: Path) -> str:
    """The root environment.yml without the test tools: what Binder needs to run the course."""
    extras = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    test_names = {_name(spec) for spec in extras.get("test", [])}
    lines = [
        "# The course's conda environment, for Binder (repo2docker builds its image from",
        "# this file) and for anyone who prefers conda:",
        "#",
        "#   conda env create -f environment.yml && conda activate mlops-roles-course",
    ]
    text = (root / "environment.yml").read_text(encoding="utf-8")
    for line in text[text.index("name:") :].splitlines():
        match = re.match(r"^\s*-\s+([A-Za-z0-9_.-]+)", line)
        if (match and _name(match.group(1)) in test_names) or line.strip().startswith("# Tests"):
            continue
        lines.append(line)
    return "\n".join(lines) + "\n"


def _name(spec: str) -> str:
    name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0].lower().replace("_", "-")
    return name.removesuffix("-core")


def previous_files(out: Path) -> list[str] | None:
    """The files a previous build wrote into `out`, or None when `out` is not an edition."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    if not isinstance(data, dict) or data.get("edition") != MANIFEST_FORMAT:
        return None
    return [str(f) for f in data.get("files", [])]


def build_edition(root: Path, out: Path, definitions: Path | None = None) -> Edition:
    """Write the learner edition into `out` (empty, new, or a previous edition), changing only what differs."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise EditionError(f"{out} is a file, not a folder")
    old = previous_files(out) if out.exists() else []
    if old is None:
        if any(p.name != ".git" for p in out.iterdir()):
            raise EditionError(
                f"{out} is not empty and is not a learner edition (it has no {MANIFEST}); "
                "choose an empty or new folder, or a folder a previous `release --learner` wrote"
            )
        old = []
    if out.resolve() == root.resolve():
        raise EditionError("the learner edition cannot be written over the course folder itself")
    salts = load_salts()
    edition = plan_edition(root, definitions, salts)
    edition.out = out
    for relative, data in edition.files.items():
        target = out / relative
        if target.is_file() and target.read_bytes() == data:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data, durable=False)
        edition.written.append(relative)
    for relative in sorted(set(old) - set(edition.files)):
        target = out / relative
        if target.is_file():
            target.unlink()
            edition.removed.append(relative)
            _remove_empty_parents(target.parent, out)
    if edition.new_salts:
        write_text_atomic(SALTS, json.dumps(salts, indent=1, sort_keys=True) + "\n")
    return edition


def stale_files(root: Path, out: Path, definitions: Path | None = None) -> list[str]:
    """The files of the edition in `out` that a build would write or remove (empty: it is current).

    Writes nothing, not even a new exercise's salt (that exercise's files show as stale instead).
    """
    out = Path(out)
    old = previous_files(out) if out.is_dir() else None
    if old is None:
        raise EditionError(f"{out} is not a learner edition (it has no {MANIFEST}); build one with `release --learner`")
    edition = plan_edition(root, definitions, dict(load_salts()))
    stale = [
        relative
        for relative, data in edition.files.items()
        if not (out / relative).is_file() or (out / relative).read_bytes() != data
    ]
    stale += [relative for relative in sorted(set(old) - set(edition.files)) if (out / relative).is_file()]
    return stale


def _remove_empty_parents(folder: Path, top: Path) -> None:
    while folder != top and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


__all__ = ["MANIFEST", "Edition", "EditionError", "build_edition", "load_salts", "plan_edition", "stale_files"]
