"""The learner edition: what learners get holds no solution and no answer key, and still checks answers.

The edition is built from this repository into a temporary folder. Its `course`
package is then imported in a separate Python process with the edition first on
`sys.path` (as a learner who cloned it has it), never this repository's.
"""

from __future__ import annotations

import ast
import json
import math
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import course as course_package
from course.authoring.edition import MANIFEST, EditionError, build_edition, plan_edition
from course.cli import main
from course.exercises.answers import normalise
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, DEFINITIONS_ENV, load_bank
from course.exercises.model import Exercise
from course.exercises.scoring import practice_check, score
from course.exercises.type_registry import type_of
from course.exercises.variants import variants_of
from tests.doc_links import broken_links, relative_links
from tests.test_practice_keys import _canonical_answers, key_answer
from tests.test_start_command import notebook_links

REPO = Path(__file__).resolve().parent.parent
BANK = load_bank(DEFAULT_DEFINITIONS_DIR)
SCORED = [e for e in BANK.definitions() if type_of(e).scored and not e.assessed]
"""The practice exercises Check scores, every case of each (assessed ones are tested on their own below)."""


def key_of(exercise: Any) -> str:
    """An exercise's or a case's key in the results the edition's scripts print: `id#case`."""
    return f"{exercise.id}#{exercise.variant}"


LEFT_OUT = ("solutions", "tests", "benchmarks", ".ci", "CONTRIBUTING.md", "conftest.py")
LEARNER_GUIDE = "docs/learner-guide.md"


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("edition") / "mlops-course-learner"
    build_edition(REPO, out)
    return out


def edition_python(edition: Path, script: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `script` with the edition's `course` first on sys.path, outside this repository."""
    env = {k: v for k, v in os.environ.items() if k not in (DEFINITIONS_ENV, "PYTHONPATH")}
    env |= {"PYTHONPATH": str(edition), "MLOPS_COURSE_HOME": str(tmp_path / "home"), "PYTHONSAFEPATH": "1"}
    return subprocess.run(
        [sys.executable, "-c", script, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300
    )


def edition_json(edition: Path, script: str, tmp_path: Path, data: Any) -> Any:
    (tmp_path / "in.json").write_text(json.dumps(data), encoding="utf-8")
    done = edition_python(edition, script, tmp_path, str(tmp_path / "in.json"))
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- what is in it ------------------------------------------------------------------------------------------


def test_every_relative_link_of_a_notebook_opens_in_the_edition(edition: Path) -> None:
    """A lesson's link to an exercise (or to anything else) must reach a file the edition ships."""
    links = notebook_links(edition)
    assert any(target.startswith("exercises/") for _, target in links), links
    broken = [(source, target) for source, target in links if not (edition / target).is_file()]
    assert not broken, f"links to files the learner edition does not have: {broken}"


def test_the_edition_has_lessons_exercises_and_package_and_no_solutions_or_tests(edition: Path) -> None:
    for name in LEFT_OUT:
        assert not (edition / name).exists(), name
    # Of docs/, only what learners read: the facilitator guide holds the answer key.
    assert [p.relative_to(edition).as_posix() for p in (edition / "docs").rglob("*")] == [LEARNER_GUIDE]
    for name in ("notebooks/00_start_here.ipynb", "exercises/04_raci_model.ipynb", "course/__init__.py"):
        assert (edition / name).is_file(), name
    for name in ("README.md", "LICENSE", "pyproject.toml", "environment.yml", ".gitignore", MANIFEST):
        assert (edition / name).is_file(), name
    assert (edition / "jupyter-config/labconfig/page_config.d/mlops-course.json").is_file()
    assert (edition / "course/data/jupyterlab/mlops-course.json").is_file()
    data = edition / "course" / "data" / "exercises"
    assert not list(data.rglob("*.yaml")) and not (data / "archive").exists()
    assert sorted(p.name.split(".")[0] for p in data.glob("*.learner.json")) == [
        p.stem for p in sorted((REPO / "course/data/exercises").glob("*.yaml"))
    ]
    assert not list(edition.rglob("practice-salts.json"))
    assert not list(edition.rglob("__pycache__"))
    environment = (edition / "environment.yml").read_text(encoding="utf-8")
    assert "pytest" not in environment and "jupyterlab" in environment and "-e ." in environment
    readme = (edition / "README.md").read_text(encoding="utf-8")
    assert "solutions/" not in readme and "mybinder.org" in readme


@pytest.mark.parametrize("document", ["README.md", LEARNER_GUIDE])
def test_every_link_of_the_readme_and_the_learner_guide_opens_in_the_edition(edition: Path, document: str) -> None:
    """The edition ships no instructor documents, so its README and guide may link only to what it has."""
    links = relative_links((edition / document).read_text(encoding="utf-8"))
    assert links, f"{document} links nothing"
    assert broken_links(edition / document, edition) == []


def test_the_readme_leads_learners_to_the_guide_and_the_guide_to_every_notebook(edition: Path) -> None:
    readme_links = relative_links((edition / "README.md").read_text(encoding="utf-8"))
    assert LEARNER_GUIDE in [target.partition("#")[0] for target in readme_links]
    guide_links = {link.removeprefix("../") for link in relative_links((edition / LEARNER_GUIDE).read_text("utf-8"))}
    notebooks = {p.relative_to(edition).as_posix() for p in edition.glob("*/[0-9][0-9]_*.ipynb")}
    assert notebooks and notebooks <= guide_links


def test_the_manifest_lists_every_file_and_nothing_else(edition: Path) -> None:
    listed = set(json.loads((edition / MANIFEST).read_text(encoding="utf-8"))["files"])
    present = {p.relative_to(edition).as_posix() for p in edition.rglob("*") if p.is_file()}
    assert listed == present


def test_the_exercise_notebooks_are_those_release_makes(edition: Path) -> None:
    for path in sorted((REPO / "exercises").glob("*.ipynb")):
        assert (edition / "exercises" / path.name).read_bytes() == path.read_bytes(), path.name


def test_the_same_sources_give_the_same_bytes(tmp_path: Path) -> None:
    first, second = plan_edition(REPO), plan_edition(REPO)
    assert first.files == second.files and not first.new_salts


def test_it_refuses_a_folder_that_is_not_an_edition_and_rewrites_its_own(tmp_path: Path) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(EditionError, match="not empty and is not a learner edition"):
        build_edition(REPO, other)
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine" and len(list(other.iterdir())) == 1

    out = tmp_path / "edition"
    build_edition(REPO, out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    manifest["files"].append("old/gone.md")
    (out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    (out / "old").mkdir()
    (out / "old" / "gone.md").write_text("from an earlier release", encoding="utf-8")
    again = build_edition(REPO, out)
    assert again.removed == ["old/gone.md"] and not (out / "old").exists()
    assert again.written == [MANIFEST]
    assert (out / ".git" / "HEAD").exists()


def test_the_cli_writes_the_edition_and_says_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["release", "--root", str(REPO), "--learner", str(tmp_path / "ed")]) == 0
    said = capsys.readouterr().out
    assert "Learner edition in" in said and "MB" in said
    assert (tmp_path / "ed" / MANIFEST).is_file()


# --- no key in any file --------------------------------------------------------------------------------------


def canonical_key_forms(exercise: Exercise) -> list[str]:
    """The instructor's key of one exercise in the forms a file would show it, for a text search.

    The exercise's type says how its key would read in a file (`KeyTraces.file_forms`: the YAML
    `answer:` line, the canonical key as JSON) and which texts exist only to explain it (a right
    option's feedback, an explanation); the instructor's discussion notes are common to every type,
    and so is the level's reason.
    Choice ids, item and category names on their own are not the key (the learner sees them all).
    """
    traces = type_of(exercise).key_traces(exercise)
    secret_texts = [exercise.discussion, exercise.level_reason, *traces.texts]
    return [*traces.file_forms, *(t for t in secret_texts if len(t) >= 25)]


def test_no_exercise_key_appears_in_any_file_of_the_edition(edition: Path) -> None:
    texts = {
        p.relative_to(edition).as_posix(): p.read_text(encoding="utf-8", errors="replace")
        for p in edition.rglob("*")
        if p.is_file()
    }
    assert len(SCORED) >= 30
    found = []
    for exercise in SCORED:
        for form in canonical_key_forms(exercise):
            found += [(exercise.id, form[:60], name) for name, text in texts.items() if form in text]
    assert not found


def test_the_search_would_find_a_key_left_in_a_file() -> None:
    # The forms are real: the same search finds each exercise's key in the instructor's definitions.
    definitions = "".join(p.read_text(encoding="utf-8") for p in (REPO / "course/data/exercises").glob("*.yaml"))
    assert not [e.id for e in SCORED if not any(f in definitions for f in canonical_key_forms(e))]


# --- no key on any object ------------------------------------------------------------------------------------

WALK = r"""
import json, math, sys
from dataclasses import fields, is_dataclass
import course

NUMERIC_FIELDS = {"points", "tolerance", "rule_points", "topology_points", "reasons_points", "min_words",
                  "max_chars", "marks", "attempts", "revision", "hints_shown"}
wanted = json.load(open(sys.argv[1]))
out = {}
for exercise_id, case in wanted:
    handle = course.exercise(exercise_id, case=case or None)
    seen, strings, sets, numbers, maps, kinds = set(), [], [], [], [], set()
    def walk(value, name, depth):
        if depth > 8 or id(value) in seen:
            return
        seen.add(id(value))
        kinds.add(type(value).__name__)
        if isinstance(value, str):
            strings.append(value)
        elif isinstance(value, bool) or value is None:
            pass
        elif isinstance(value, (int, float)):
            if name not in NUMERIC_FIELDS and not (isinstance(value, float) and math.isnan(value)):
                numbers.append([name, value])
        elif isinstance(value, (set, frozenset, list, tuple)):
            if value and all(isinstance(v, str) for v in value):
                sets.append(sorted(value))
            for v in value:
                walk(v, name, depth + 1)
        elif isinstance(value, dict):
            if all(isinstance(k, str) for k in value):
                maps.append(json.dumps(value, sort_keys=True, default=str))
            for k, v in value.items():
                walk(k, name, depth + 1)
                walk(v, str(k), depth + 1)
        elif is_dataclass(value):
            for f in fields(value):
                walk(getattr(value, f.name), f.name, depth + 1)
        elif hasattr(value, "__dict__") and type(value).__module__.startswith("course"):
            for k, v in vars(value).items():
                walk(v, k, depth + 1)
    walk(handle, "handle", 0)
    walk(handle.definition, "definition", 0)
    out[exercise_id + "#" + case] = {"strings": strings, "sets": sets, "numbers": numbers, "maps": maps, "kinds": sorted(kinds)}
print(json.dumps(out))
"""


@pytest.mark.slow
def test_no_key_is_reachable_from_the_editions_course_objects(edition: Path, tmp_path: Path) -> None:
    graphs = edition_json(edition, WALK, tmp_path, [(e.id, e.variant) for e in SCORED])
    for exercise in SCORED:
        graph = graphs[key_of(exercise)]
        strings = set(graph["strings"])
        assert "RaciMatrix" not in graph["kinds"], exercise.id
        secret = [f for f in canonical_key_forms(exercise) if not f.startswith(("answer:", '"key"', "[", "{"))]
        assert not [t for t in secret if t in strings], exercise.id
        traces = type_of(exercise).key_traces(exercise)
        assert not [s for s in traces.id_sets if list(s) in graph["sets"]], exercise.id
        maps = [json.loads(m) for m in graph["maps"]]
        assert not [m for m in traces.mappings if dict(m) in maps], exercise.id
        assert not [n for n in graph["numbers"] if n[1] in traces.numbers], (exercise.id, graph["numbers"])
        right_feedback = [
            c.feedback
            for c in (*getattr(exercise, "choices", ()), *getattr(exercise, "topologies", ()))
            if c.feedback.lower().startswith("right")
        ]
        assert not [t for t in right_feedback if t in strings], exercise.id


@pytest.mark.slow
def test_key_bearing_api_refuses_in_the_edition(edition: Path, tmp_path: Path) -> None:
    script = r"""
import json, sys
import course
from course.exercises.type_registry import type_of
from course.exercises.variants import variants_of
out = {}
for exercise_id, case in json.load(open(sys.argv[1])):
    d = course.exercise(exercise_id, case=case or None).definition
    said = []
    for method in ("key_in_words", "misconception_lines", "reveal_key", "score"):
        try:
            args = (d,) if method in ("key_in_words", "misconception_lines") else (d, None)
            getattr(type_of(d), method)(*args)
            said.append("answered")
        except LookupError as err:
            said.append(str(err))
    out[exercise_id + "#" + case] = {"said": said, "key": repr(getattr(d, "key", "")), "discussion": d.discussion}
print(json.dumps(out))
"""
    said = edition_json(edition, script, tmp_path, [(e.id, e.variant) for e in SCORED])
    for exercise in SCORED:
        entry = said[key_of(exercise)]
        assert all("learner edition holds no answer keys" in s for s in entry["said"]), entry
        assert entry["key"] in ("''", "frozenset()", "None", "()") and entry["discussion"] == ""


# --- checking in the edition ---------------------------------------------------------------------------------

CHECK = r"""
import json, sys
import course
out = []
for exercise_id, case, answer in json.load(open(sys.argv[1])):
    result = course.check(exercise_id, answer, case=case or None)
    parts = [[p.label, p.correct, p.feedback] for p in getattr(result, "parts", ())]
    out.append([getattr(result, "points", None), str(result.status), parts, result.summary])
print(json.dumps(out))
"""


@pytest.mark.slow
def test_course_check_in_the_edition_shows_what_the_instructors_copy_shows(edition: Path, tmp_path: Path) -> None:
    """`course.check` in the learner edition (sealed key) says what the instructor's copy's check says, case by
    case: the same points, status, summary and parts, a right answer in full, one not right yet no more than
    earned."""
    cases: list[tuple[str, str, Any]] = []
    by_key = {key_of(e): e for e in SCORED}
    for exercise in SCORED:
        cases.append((exercise.id, exercise.variant, normalise(exercise, key_answer(exercise))))
        wrong = [a for a in _canonical_answers(exercise) if a is not None and score(exercise, a).points == 0]
        partly = [a for a in _canonical_answers(exercise) if a is not None and score(exercise, a).points > 0]
        cases += [(exercise.id, exercise.variant, a) for a in (wrong[:2] + partly[:2])]
    results = edition_json(edition, CHECK, tmp_path, cases)
    for (exercise_id, case, answer), (points, status, parts, summary) in zip(cases, results, strict=True):
        exercise = by_key[f"{exercise_id}#{case}"]
        expected = practice_check(exercise, answer)
        assert math.isclose(points, expected.points, abs_tol=1e-9), (exercise_id, answer)
        assert status == str(expected.status) and summary == expected.summary, (exercise_id, answer)
        assert parts == [[p.label, p.correct, p.feedback] for p in expected.parts], (exercise_id, answer)
        for _label, correct, feedback in parts:
            if not correct:
                assert not re.search(r"instead of|too (high|low)|the key is", feedback.lower()), feedback
    full = [points for _, (points, _, _, _) in zip(cases, results, strict=True)]
    assert sum(p == BANK.get(i).points for (i, _, _), p in zip(cases, full, strict=True)) >= len(SCORED)


@pytest.mark.slow
def test_a_learner_in_the_edition_is_told_grading_is_an_instructors_tool(edition: Path, tmp_path: Path) -> None:
    run_cli = "import sys; from course.cli import main; sys.exit(main(sys.argv[1:]))"
    key = ("--key", str(REPO / "course/data/exercises"))
    for command in (
        ["grade", str(edition / "exercises"), "--out", "grades"],
        ["grade", str(edition / "exercises" / "01_team_landscape.ipynb"), "--out", "g2", *key],
        ["release", "--learner", "again"],
        ["live", "/home", "--port", "8000"],
        ["slides"],
        ["hub-link"],
    ):
        ran = edition_python(edition, run_cli, tmp_path, *command)
        assert ran.returncode == 2 and "Traceback" not in ran.stderr, (command, ran.stderr)
        assert len(ran.stderr.strip().splitlines()) == 1 and "instructor's tool" in ran.stderr, command
    assert not (tmp_path / "grades").exists() and not (tmp_path / "g2").exists()
    graded = edition_python(edition, run_cli, tmp_path, "grade", "x.ipynb")
    assert "instructor's exercise definitions" in graded.stderr
    helped = edition_python(edition, run_cli, tmp_path, "--help")
    assert helped.returncode == 0 and "instructor's copy only" in helped.stdout


INSTRUCTORS_TOOLS = ("grading", "live", "slides", "authoring", "hub")
"""The packages and modules of `course` that only an instructor runs."""
INSTRUCTORS_ONLY = ("memo", "lessons", "figures.printable", "spaced_review.retention")
"""Modules of `course` outside those tools that only they (or an instructor by hand) use."""


def imported_modules(path: Path) -> set[str]:
    """Every module a Python file imports, at its top or inside a function (`from a import b`: a and a.b)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def imports_of_left_out(files: list[Path], root: Path, left_out: set[str]) -> list[str]:
    """'<file> imports <module>' for each import, in `files` (named from `root`), of a module in `left_out` or under it."""
    return sorted(
        f"{path.relative_to(root)} imports {name}"
        for path in files
        for name in imported_modules(path)
        if any(name == out or name.startswith(f"{out}.") for out in left_out)
    )


def test_the_import_reader_sees_imports_inside_functions(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from course import lessons\n    import course.memo\n", encoding="utf-8")
    assert imported_modules(module) == {"course", "course.lessons", "course.memo"}


def test_no_module_the_edition_ships_imports_one_it_leaves_out() -> None:
    """The import rule of the built edition (the slow test below), read from this tree in-process, so that the
    fast loop sees a module learners get start to use one the edition leaves out (it did: `course.memo`)."""
    from course.authoring.edition import LEFT_OUT_OF_PACKAGE

    root = Path(course_package.__file__).parent
    left_out = {
        "course." + entry.removesuffix("/").removesuffix(".py").replace("/", ".")
        for entry in LEFT_OUT_OF_PACKAGE
        if entry.endswith((".py", "/")) and not entry.startswith("data/")
    }
    assert {"course.grading", "course.memo", "course.spaced_review.retention"} <= left_out
    shipped = [
        path
        for path in sorted(root.rglob("*.py"))
        if not any(path.relative_to(root).as_posix().startswith(entry) for entry in LEFT_OUT_OF_PACKAGE)
    ]
    assert len(shipped) > 50
    importers = imports_of_left_out(shipped, root.parent, left_out)
    assert importers == [], "a module the learner edition ships imports one it leaves out"


@pytest.mark.slow
def test_the_edition_holds_no_module_of_the_instructors_tools_and_imports_none(edition: Path, tmp_path: Path) -> None:
    package = edition / "course"
    modules = sorted(
        ".".join(p.relative_to(edition).with_suffix("").parts).removesuffix(".__init__") for p in package.rglob("*.py")
    )
    tools = [m for m in modules if m.split(".")[1:2] and m.split(".")[1] in INSTRUCTORS_TOOLS]
    assert tools == [], "the learner edition ships the instructor's tools"
    only = [m for m in modules if m.removeprefix("course.") in INSTRUCTORS_ONLY]
    assert only == [], "the learner edition ships what only the instructor's tools use"
    assert not (package / "data" / "lessons.yaml").exists()
    for kept in ("exercises/api.py", "exercises/widgets/ordering.py", "figures/team_map.py", "commands/check.py"):
        assert (package / kept).is_file(), kept
    left_out = {f"course.{name}" for name in INSTRUCTORS_TOOLS + INSTRUCTORS_ONLY}
    importers = imports_of_left_out(sorted(package.rglob("*.py")), edition, left_out)
    assert importers == [], "a module of the edition imports an instructor's tool it does not ship"
    # Every module of the edition imports on the edition alone (the instructor's commands are left out).
    script = "import importlib, sys\nfor name in sys.argv[1:]:\n    importlib.import_module(name)\nprint('ok')"
    ran = edition_python(edition, script, tmp_path, *[m for m in modules if m.split(".")[-1] != "__main__"])
    assert ran.returncode == 0 and ran.stdout.strip() == "ok", ran.stderr[-2000:]


@pytest.mark.slow
def test_the_editions_check_command_gives_what_the_instructors_gives(
    edition: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.grading_tools import submission, write

    exercises = BANK.for_notebook("04")
    answers = {e.id: key_answer(e) for e in exercises[::2]}  # every other one right, the rest unanswered
    notebook = write(tmp_path / "saved" / "04_raci_model.ipynb", submission(BANK, answers, learner="ada"))
    run_cli = "import sys; from course.cli import main; sys.exit(main(sys.argv[1:]))"
    ran = edition_python(edition, run_cli, tmp_path, "check", str(notebook))
    assert main(["check", str(notebook)]) == 0
    instructors = capsys.readouterr().out
    assert ran.returncode == 0 and ran.stdout == instructors, ran.stderr
    assert "04" in ran.stdout and f"{sum(e.points for e in exercises[::2]):g}" in ran.stdout


@pytest.mark.slow
def test_the_editions_start_command_opens_the_edition_in_jupyterlab(edition: Path, tmp_path: Path) -> None:
    """`start` as a learner runs it in the edition's folder, with JupyterLab's own start swapped for a note."""
    script = (
        "import json, subprocess, sys\n"
        "subprocess.call = lambda command, cwd=None: print(json.dumps([command, str(cwd)])) or 0\n"
        "from course.cli import main\n"
        "sys.exit(main(['start', '--no-browser', '--port', '8899']))"
    )
    env = {k: v for k, v in os.environ.items() if k not in (DEFINITIONS_ENV, "PYTHONPATH")}
    env |= {"PYTHONPATH": str(edition), "MLOPS_COURSE_HOME": str(tmp_path / "home"), "PYTHONSAFEPATH": "1"}
    ran = subprocess.run(
        [sys.executable, "-c", script], cwd=edition / "exercises", env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    command, cwd = json.loads(ran.stdout.strip().splitlines()[-1])
    assert cwd == str(edition)
    assert command[1:3] == ["-m", "jupyter"] and command[3] == "lab"
    assert command[4:] == [
        f"--ServerApp.root_dir={edition}",
        "notebooks/00_start_here.ipynb",
        "--no-browser",
        "--port",
        "8899",
    ]


# --- an assessed notebook ------------------------------------------------------------------------------------


def definitions_with_04_assessed(tmp_path: Path) -> Path:
    """A copy of the shipped definitions in which notebook 04 says `mode: assessed`."""
    definitions = tmp_path / "definitions"
    shutil.copytree(REPO / "course/data/exercises", definitions)
    source = definitions / "04_raci_model.yaml"
    text = source.read_text(encoding="utf-8")
    source.write_text(re.sub(r'^notebook: "04"$', 'notebook: "04"\nmode: assessed', text, flags=re.M), "utf-8")
    return definitions


@pytest.mark.slow
def test_an_assessed_notebook_ships_no_key_material_and_checks_give_no_correctness(tmp_path: Path) -> None:
    definitions = definitions_with_04_assessed(tmp_path)
    assessed = [case for e in load_bank(definitions).for_notebook("04") for case in variants_of(e)]
    assert assessed and all(e.assessed for e in assessed)
    out = tmp_path / "edition"
    build_edition(REPO, out, definitions)
    data = json.loads((out / "course/data/exercises/04_raci_model.learner.json").read_text(encoding="utf-8"))
    assert data["mode"] == "assessed"
    for entry in data["exercises"]:
        for sealed in (entry, *entry.get("cases", [])):
            assert sealed["practice"] == {"salt": "", "counts": {}, "entries": {}}
    practice = json.loads((out / "course/data/exercises/03_team_topologies.learner.json").read_text(encoding="utf-8"))
    assert all(entry["practice"]["entries"] for entry in practice["exercises"])
    cases = [(e.id, e.variant, normalise(e, key_answer(e))) for e in assessed if type_of(e).scored]
    results = edition_json(out, CHECK, tmp_path, cases)
    for points, status, parts, summary in results:
        assert points is None and status == "recorded" and parts == []
        assert "recorded" in summary.lower() and not re.search(r"correct|right|wrong|points", summary.lower())
    texts = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
    for exercise in assessed:
        if type_of(exercise).scored:
            assert not [f for f in canonical_key_forms(replace(exercise)) if f in texts], exercise.id


# --- the edition's notebooks run on the edition's package ----------------------------------------------------

RUN_NOTEBOOKS = r"""
import json, sys
from pathlib import Path
import nbformat
from nbclient import NotebookClient
import course
assert course.__file__.startswith(sys.argv[2]), course.__file__
out = {}
for path in sorted(Path(sys.argv[2], "exercises").glob("*.ipynb")):
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    errors = [o.get("ename", "") + ": " + o.get("evalue", "") for o in outputs if o.get("output_type") == "error"]
    out[path.name] = {"errors": errors}
print(json.dumps(out))
"""


@pytest.mark.slow  # starts a kernel per exercise notebook: about 15 s
def test_the_editions_exercise_notebooks_run_on_its_own_package(edition: Path, tmp_path: Path) -> None:
    done = edition_python(edition, RUN_NOTEBOOKS, tmp_path, "unused", str(edition))
    assert done.returncode == 0, done.stderr[-2000:]
    ran = json.loads(done.stdout)
    assert sorted(ran) == sorted(p.name for p in (REPO / "exercises").glob("*.ipynb"))
    assert not {name: r["errors"] for name, r in ran.items() if r["errors"]}


def test_grading_refuses_a_learner_editions_definitions_as_key(
    edition: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    notebook = str(REPO / "exercises" / "01_team_landscape.ipynb")
    key = str(edition / "course" / "data" / "exercises")
    assert main(["grade", notebook, "--out", str(tmp_path / "g"), "--key", key]) == 2
    said = capsys.readouterr().err
    assert "learner edition" in said and "--key" in said and not (tmp_path / "g" / "gradebook.csv").exists()


def test_the_learner_readme_names_each_notebooks_mode_and_the_grading_policy(tmp_path: Path) -> None:
    """The learners' README and guide are written from the definitions and the course config, so they cannot drift."""
    definitions = definitions_with_04_assessed(tmp_path)
    (tmp_path / "course.yaml").write_text("grading:\n  policy: penalty:0.25\n", encoding="utf-8")
    out = tmp_path / "edition"
    build_edition(REPO, out, definitions)
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert "| `exercises/04_raci_model.ipynb` (The RACI model) | assessed |" in readme
    assert "| `exercises/01_team_landscape.ipynb` (The MLOps team landscape) | practice |" in readme
    modes = {e.notebook: e.mode for e in load_bank(definitions)}
    assessed = sorted(n for n, m in modes.items() if m == "assessed")
    assert f"{len(assessed)} assessed" in readme and "penalty:0.25" in readme and "$" not in readme
    guide = (out / LEARNER_GUIDE).read_text(encoding="utf-8")
    assert "| `exercises/04_raci_model.ipynb` (The RACI model) | assessed |" in guide
    assert "| `exercises/01_team_landscape.ipynb` (The MLOps team landscape) | practice |" in guide
    shipped = (REPO / LEARNER_GUIDE).read_text(encoding="utf-8")
    assert "| `exercises/04_raci_model.ipynb` (The RACI model) | practice |" in shipped  # the repository's own


@pytest.mark.slow  # builds a wheel (pip, about 10 s)
def test_the_edition_installs_as_a_package_that_holds_no_key(edition: Path, tmp_path: Path) -> None:
    """What Binder or a hub image does with the edition: build and install it, then check an answer with it."""
    import zipfile

    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(tmp_path / "wheel"), str(edition)], capture_output=True, text=True
    )
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = (tmp_path / "wheel").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    definitions = [n for n in names if n.startswith("course/data/exercises/")]
    assert sorted(definitions) == sorted(
        f"course/data/exercises/{p.stem}.learner.json" for p in (REPO / "course/data/exercises").glob("*.yaml")
    )
    assert not [n for n in names if "salts" in n or (n.endswith((".yaml", ".yml")) and "exercises" in n)]
    assert any(n.endswith("data/etc/ipython/ipython_kernel_config.json") for n in names), "kernel setting missing"
    target = tmp_path / "site"
    installed = subprocess.run([*pip, "install", "--no-deps", "--target", str(target), str(wheel)], capture_output=True)
    assert installed.returncode == 0, installed.stderr[-2000:]
    exercise = BANK.get("04.letters")
    check = (
        "import json, sys, course; assert course.__file__.startswith(sys.argv[1]), course.__file__; "
        "r = course.check('04.letters', json.loads(sys.argv[2])); print(r.points)"
    )
    env = {k: v for k, v in os.environ.items() if k not in (DEFINITIONS_ENV, "PYTHONPATH")}
    env |= {"PYTHONPATH": str(target), "MLOPS_COURSE_HOME": str(tmp_path / "home"), "PYTHONSAFEPATH": "1"}
    answer = json.dumps(normalise(exercise, key_answer(exercise)))
    done = subprocess.run(
        [sys.executable, "-c", check, str(target), answer], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0 and float(done.stdout) == exercise.points, done.stderr[-2000:]
