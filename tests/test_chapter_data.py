"""The shipped chapter data says what chapter 3 says.

Expected values here are transcribed by hand from the chapter text
("03 Mlops Roles Teams", sections 3.1 to 3.5), not copied from
`course/data/chapter.yaml` or from the code's output, so a wrong edit of the
data file fails these tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

import course
from course.chapter import DEFAULT_CHAPTER_FILE, Chapter
from course.raci import validate

# Section 3.4, "Responsibilities Matrix (RACI)", row by row, in the chapter's order.
RACI_ROLES = ["Data Scientist", "ML Engineer", "MLOps Engineer", "Data Engineer"]
CHAPTER_RACI = [
    ("Define business problem", "R/A", "C", "I", "I"),
    ("Data exploration", "R/A", "C", "I", "C"),
    ("Feature engineering", "R", "A", "I", "C"),
    ("Model training code", "R", "A", "I", "I"),
    ("Unit tests for model", "C", "R/A", "I", "I"),
    ("CI/CD pipeline", "I", "C", "R/A", "I"),
    ("Docker packaging", "C", "R", "A", "I"),
    ("K8s deployment", "I", "C", "R/A", "I"),
    ("Monitoring setup", "I", "C", "R/A", "I"),
    ("Data pipeline", "I", "I", "C", "R/A"),
    ("Feature store mgmt", "C", "C", "I", "R/A"),
]
RACI_LEGEND = {"R": "Responsible", "A": "Accountable", "C": "Consulted", "I": "Informed"}

# Section 3.1 (team map: position and the three duties in each box).
TEAM_MAP = {
    "Data Scientist": (0, 0, ["Problem framing", "Exploration", "Prototyping"]),
    "ML Engineer": (0, 1, ["Model training", "Optimization", "Productionization"]),
    "MLOps Engineer": (0, 2, ["CI/CD pipelines", "Infrastructure", "Monitoring"]),
    "Data Engineer": (1, 0, ["Data pipelines", "Feature eng.", "Data quality"]),
    "Platform Engineer": (1, 1, ["K8s clusters", "GPU infra", "Developer tools"]),
    "QA Engineer": (1, 2, ["Data tests", "Model tests", "Integration"]),
}

# Section 3.2, "Uses:" lines, in the chapter's order. QA Engineer has none in the chapter.
CHAPTER_TOOLS = {
    "Data Scientist": ["Jupyter", "Python", "sklearn", "PyTorch", "Pandas"],
    "ML Engineer": ["Python", "Docker", "FastAPI", "MLflow", "CI/CD tools"],
    "MLOps Engineer": ["Jenkins", "Kubernetes", "Terraform", "Prometheus", "Airflow"],
    "Data Engineer": ["Airflow", "Spark", "dbt", "BigQuery", "Kafka"],
    "Platform Engineer": ["Terraform", "GKE", "Helm", "Ansible"],
}

# Section 3.2, "Produces:" lines (compared case-insensitively: the chapter writes them in a run-on sentence).
CHAPTER_OUTPUTS = {
    "Data Scientist": ["Model prototypes", "Experiment results", "Feature ideas"],
    "ML Engineer": ["Packaged models", "Serving code", "Tests"],
    "MLOps Engineer": ["Pipelines", "Dashboards", "Alerting systems"],
    "Data Engineer": ["Clean, versioned datasets", "Feature pipelines"],
    "Platform Engineer": ["Scalable, reliable compute infrastructure"],
}

CHAPTER_FOCUS = {
    "Data Scientist": "Building accurate models",
    "ML Engineer": "Productionizing models",
    "MLOps Engineer": "Automating and operating the ML platform",
    "Data Engineer": "Reliable data pipelines",
    "Platform Engineer": "Developer platforms and compute",
}

CHAPTER_MLOPS_RESPONSIBILITY = {
    "Data Scientist": ["Write clean, modular code", "use experiment tracking", "document experiments"],
    "ML Engineer": ["Refactor notebook code into modules", "write unit tests", "optimize inference"],
    "MLOps Engineer": ["Everything runs reliably at scale"],
    "Data Engineer": ["Ensure data quality and freshness"],
}

ADDABLE = {"focus", "activities", "tools", "outputs", "mlops_responsibility"}


@pytest.fixture(scope="module")
def chapter() -> Chapter:
    return course.load_chapter()


def lower(items):
    return [item.lower() for item in items]


# --- the RACI table -------------------------------------------------------------------------------------------


def test_raci_frame_matches_the_chapter_letter_for_letter(chapter):
    frame = chapter.raci
    assert list(frame.index) == [row[0] for row in CHAPTER_RACI]
    assert list(frame.columns) == RACI_ROLES
    assert frame.shape == (11, 4)
    for activity, *letters in CHAPTER_RACI:
        for role, letter in zip(RACI_ROLES, letters, strict=True):
            assert frame.at[activity, role] == letter, f"{activity} x {role}"


def test_raci_frame_is_the_whole_table_and_nothing_else(chapter):
    expected = {activity: dict(zip(RACI_ROLES, letters, strict=True)) for activity, *letters in CHAPTER_RACI}
    assert chapter.raci_matrix.as_texts() == expected
    assert chapter.raci.to_dict(orient="index") == expected


def test_raci_legend_is_the_chapters(chapter):
    assert chapter.raci_legend == RACI_LEGEND


def test_raci_matrix_reports_no_problem(chapter):
    assert validate(chapter.raci_matrix) == []
    assert validate(chapter.raci_matrix, known_roles=RACI_ROLES, known_activities=[r[0] for r in CHAPTER_RACI]) == []


def test_raci_columns_are_roles_of_the_chapter(chapter):
    names = [role.name for role in chapter.roles]
    assert all(column in names for column in chapter.raci_matrix.roles)


# --- chapter header -------------------------------------------------------------------------------------------


def test_title_and_number(chapter):
    assert chapter.title == "MLOps Roles & Team Structure"
    assert chapter.number == 3
    assert "people and process" in chapter.theme
    assert chapter.source == str(DEFAULT_CHAPTER_FILE)


# --- roles ----------------------------------------------------------------------------------------------------


def test_the_six_roles_of_the_team_map_in_order(chapter):
    assert [role.name for role in chapter.roles] == list(TEAM_MAP)
    assert len({role.id for role in chapter.roles}) == 6


@pytest.mark.parametrize("name", list(TEAM_MAP))
def test_team_map_position_and_duties(chapter, name):
    row, column, duties = TEAM_MAP[name]
    role = chapter.role(name)
    assert (role.map_row, role.map_column) == (row, column)
    assert list(role.duties) == duties


@pytest.mark.parametrize("name", list(CHAPTER_TOOLS))
def test_tools_are_the_chapters(chapter, name):
    assert list(chapter.role(name).tools) == CHAPTER_TOOLS[name]


@pytest.mark.parametrize("name", list(CHAPTER_OUTPUTS))
def test_outputs_are_the_chapters(chapter, name):
    assert lower(chapter.role(name).outputs) == lower(CHAPTER_OUTPUTS[name])


@pytest.mark.parametrize("name", list(CHAPTER_FOCUS))
def test_focus_is_the_chapters(chapter, name):
    assert chapter.role(name).focus == CHAPTER_FOCUS[name]


@pytest.mark.parametrize("name", list(CHAPTER_MLOPS_RESPONSIBILITY))
def test_mlops_responsibility_is_the_chapters(chapter, name):
    assert lower(chapter.role(name).mlops_responsibility) == lower(CHAPTER_MLOPS_RESPONSIBILITY[name])


def test_activities_spot_checks(chapter):
    assert lower(chapter.role("DS").activities) == ["explores data", "hypothesizes features", "trains models"]
    assert lower(chapter.role("MLOps").activities) == [
        "builds ci/cd pipelines",
        "manages infrastructure",
        "sets up monitoring",
    ]
    assert "ETL/ELT" in chapter.role("DE").activities[0]
    assert "production-ready" in chapter.role("MLE").activities[0]
    platform = " ".join(chapter.role("platform_engineer").activities)
    for thing in ("Kubernetes clusters", "GPU nodes", "storage"):
        assert thing in platform


def test_names_and_abbreviations(chapter):
    assert chapter.role("DS").long_name == "Data Scientist"
    assert chapter.role("MLE").long_name == "Machine Learning Engineer"
    assert chapter.role("DE").name == "Data Engineer"
    assert chapter.role("Platform / Infrastructure Engineer").name == "Platform Engineer"
    # The chapter's code-review rule says "MLE + MLOps": those are the abbreviations learners meet.
    assert chapter.role("ml_engineer").abbreviation == "MLE"
    assert chapter.role("mlops_engineer").abbreviation == "MLOps"


def test_role_lookup_by_every_key_and_unknown_key(chapter):
    role = chapter.role("ml_engineer")
    for key in ("ml_engineer", "ML Engineer", "Machine Learning Engineer", "MLE"):
        assert chapter.role(key) is role
    with pytest.raises(KeyError, match="no role 'Quant'"):
        chapter.role("Quant")
    assert chapter.role_name("qa_engineer") == "QA Engineer"


def test_qa_engineer_kit_additions_are_everything_the_chapter_does_not_give(chapter):
    qa = chapter.role("QA Engineer")
    assert qa.kit_additions == ADDABLE
    for field in ADDABLE:
        assert qa.is_kit_addition(field)
        assert getattr(qa, field), f"the kit must write the QA Engineer's {field}"
    # The team map is the chapter's, so never a kit addition.
    assert not qa.is_kit_addition("duties")


def test_platform_engineer_kit_addition_is_only_mlops_responsibility(chapter):
    platform = chapter.role("Platform Engineer")
    assert platform.kit_additions == {"mlops_responsibility"}
    assert platform.is_kit_addition("mlops_responsibility")
    assert not platform.is_kit_addition("tools")
    assert len(platform.mlops_responsibility) >= 1


@pytest.mark.parametrize("name", ["Data Scientist", "ML Engineer", "MLOps Engineer", "Data Engineer"])
def test_chapter_roles_have_no_kit_additions(chapter, name):
    assert chapter.role(name).kit_additions == frozenset()


# --- hand-offs (the arrows of the team map) -------------------------------------------------------------------


def test_handoffs_are_the_arrows_of_the_team_map(chapter):
    def abbr(role_id):
        return chapter.role(role_id).abbreviation

    arrows = {(abbr(h.source), abbr(h.target), h.two_way) for h in chapter.handoffs}
    assert arrows == {
        ("DS", "MLE", True),
        ("MLE", "MLOps", True),
        ("DS", "DE", False),
        ("MLE", "PE", False),
        ("MLOps", "QA", False),
    }
    assert chapter.handoff_kit_additions == {"carries"}
    assert all(h.carries for h in chapter.handoffs)


# --- topologies -----------------------------------------------------------------------------------------------

TOPOLOGIES = {
    1: (
        "Embedded ML Teams",
        {
            "Product Team A": {"DS", "MLE", "DE"},
            "Product Team B": {"DS", "MLE", "DE"},
            "Shared Platform": {"MLOps", "PE"},
        },
        {("Shared Platform", "Product Team A"), ("Shared Platform", "Product Team B")},
        ["many independent products"],
    ),
    2: (
        "Centralized ML Platform",
        {
            "Central ML Platform Team": {"MLOps", "PE", "DE"},
            "DS Team A": {"DS"},
            "DS Team B": {"DS"},
        },
        {("Central ML Platform Team", "DS Team A"), ("Central ML Platform Team", "DS Team B")},
        ["starting MLOps", "standardi"],
    ),
    3: ("Full-Stack ML Teams", None, set(), ["Startups", "early-stage ML"]),
}


def test_three_topologies_in_model_order(chapter):
    assert [t.number for t in chapter.topologies] == [1, 2, 3]
    assert [t.name for t in chapter.topologies] == [TOPOLOGIES[n][0] for n in (1, 2, 3)]


@pytest.mark.parametrize("number", [1, 2, 3])
def test_topology_units_roles_links_and_best_for(chapter, number):
    name, units, links, best_for = TOPOLOGIES[number]
    model = chapter.topology(number)
    assert model.name == name
    assert chapter.topology(model.id) is model
    assert chapter.topology(name) is model
    found = {unit.name: {chapter.role(r).abbreviation for r in unit.roles} for unit in model.units}
    if units is None:  # Model 3: one team with DS + MLE + DataEng + MLOps
        assert list(found.values()) == [{"DS", "MLE", "DE", "MLOps"}]
    else:
        assert found == units
    assert {(link.source, link.target) for link in model.serves} == links
    for phrase in best_for:
        assert phrase.lower() in model.best_for.lower()


def test_topology_unit_kinds(chapter):
    assert chapter.topology(1).unit("Shared Platform").kind == "platform"
    assert chapter.topology(2).unit("Central ML Platform Team").kind == "platform"
    assert chapter.topology(1).unit("Product Team A").kind == "product"
    assert chapter.topology(2).roles() == {"mlops_engineer", "platform_engineer", "data_engineer", "data_scientist"}
    with pytest.raises(KeyError):
        chapter.topology(1).unit("DS Team A")
    with pytest.raises(KeyError, match="no topology 4"):
        chapter.topology(4)


# --- collaboration stack (section 3.5) ------------------------------------------------------------------------

COLLABORATION = [
    ("Communication", ["Slack", "Teams"], False),
    ("Project", ["Jira", "Linear", "GitHub Issues"], False),  # "Project Mgmt" in the chapter
    ("Documentation", ["Confluence", "Notion", "GitHub Wiki"], False),
    ("Experiments", ["MLflow", "W&B"], True),
    ("Dashboards", ["Grafana", "Looker"], True),
    ("Code review", ["GitHub PRs"], False),
]


def test_collaboration_stack_categories_and_tools(chapter):
    assert len(chapter.collaboration) == len(COLLABORATION)
    for category, (prefix, tools, shared) in zip(chapter.collaboration, COLLABORATION, strict=True):
        assert category.name.lower().startswith(prefix.lower())
        assert list(category.tools) == tools
        assert category.shared_access is shared, category.name


def test_code_review_needs_mle_and_mlops(chapter):
    reviewers = {chapter.role(r).abbreviation for r in chapter.code_review.required_reviewers}
    assert reviewers == {"MLE", "MLOps"}
    assert len(chapter.code_review.required_reviewers) == 2
    assert "GitHub" in chapter.code_review.tool


# --- DataFrame helpers ----------------------------------------------------------------------------------------


def test_roles_frame(chapter):
    frame = chapter.roles_frame()
    assert frame.index.name == "role"
    assert list(frame.index) == list(TEAM_MAP)
    assert list(frame.columns) == [
        "abbreviation",
        "focus",
        "activities",
        "tools",
        "outputs",
        "mlops_responsibility",
        "kit_additions",
    ]
    assert frame.at["Data Scientist", "tools"] == ", ".join(CHAPTER_TOOLS["Data Scientist"])
    assert frame.at["ML Engineer", "focus"] == CHAPTER_FOCUS["ML Engineer"]
    assert frame.at["MLOps Engineer", "abbreviation"] == "MLOps"
    assert frame.at["Data Scientist", "kit_additions"] == ""
    assert frame.at["Platform Engineer", "kit_additions"] == "mlops_responsibility"
    assert frame.at["QA Engineer", "kit_additions"] == ", ".join(sorted(ADDABLE))


def test_tools_frame(chapter):
    frame = chapter.tools_frame()
    assert list(frame.columns) == ["role", "tool"]
    qa_tools = len(chapter.role("QA Engineer").tools)
    assert len(frame) == sum(len(tools) for tools in CHAPTER_TOOLS.values()) + qa_tools
    for role, tools in CHAPTER_TOOLS.items():
        assert list(frame.loc[frame["role"] == role, "tool"]) == tools
    # Tools shared between roles appear once per role.
    assert sorted(frame.loc[frame["tool"] == "Airflow", "role"]) == ["Data Engineer", "MLOps Engineer"]
    assert sorted(frame.loc[frame["tool"] == "Terraform", "role"]) == ["MLOps Engineer", "Platform Engineer"]


def test_topologies_frame(chapter):
    frame = chapter.topologies_frame()
    assert list(frame.columns) == ["topology", "unit", "kind", "roles", "best_for"]
    assert len(frame) == 3 + 3 + 1
    assert list(frame["topology"].drop_duplicates()) == [TOPOLOGIES[n][0] for n in (1, 2, 3)]
    row = frame[frame["unit"] == "Shared Platform"].iloc[0]
    assert set(row["roles"].split(", ")) == {"MLOps Engineer", "Platform Engineer"}
    row = frame[frame["unit"] == "Central ML Platform Team"].iloc[0]
    assert set(row["roles"].split(", ")) == {"MLOps Engineer", "Platform Engineer", "Data Engineer"}
    assert row["kind"] == "platform"
    full = frame[frame["topology"] == "Full-Stack ML Teams"]
    assert len(full) == 1
    assert set(full.iloc[0]["roles"].split(", ")) == {
        "Data Scientist",
        "ML Engineer",
        "Data Engineer",
        "MLOps Engineer",
    }


def test_collaboration_frame(chapter):
    frame = chapter.collaboration_frame()
    assert frame.index.name == "category"
    assert list(frame.columns) == ["tools", "shared_access"]
    assert len(frame) == 6
    assert frame.at["Experiments", "tools"] == "MLflow, W&B"
    assert bool(frame.at["Dashboards", "shared_access"]) is True
    assert bool(frame.at["Communication", "shared_access"]) is False
    assert frame["shared_access"].sum() == 2


# --- loading --------------------------------------------------------------------------------------------------


def test_load_chapter_is_cached_and_the_default_is_the_shipped_file():
    first = course.load_chapter()
    assert course.load_chapter() is first
    assert course.load_chapter(str(DEFAULT_CHAPTER_FILE)) is first
    assert first.source == str(DEFAULT_CHAPTER_FILE)


def _modules_after(code: str, environment: dict[str, str] | None = None) -> dict[str, bool]:
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps({m: m in sys.modules for m in ('pandas', 'matplotlib', 'ipywidgets', 'yaml', 'IPython')}))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env={**os.environ, **(environment or {})},
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "code", ["import course", "import course.raci", "import course.chapter", "import course.figures"]
)
@pytest.mark.slow
def test_importing_the_package_stays_light(code):
    loaded = _modules_after(code)
    heavy = [name for name in ("pandas", "matplotlib", "ipywidgets", "yaml") if loaded[name]]
    assert heavy == [], f"{code!r} imported {heavy}"


@pytest.mark.slow
def test_loading_the_chapter_needs_yaml_but_not_pandas_or_matplotlib():
    """Parsed afresh (the cache of parsed files off: with it warm, not even yaml is imported)."""
    loaded = _modules_after("import course; course.load_chapter()", {"MLOPS_COURSE_CACHE": "off"})
    assert loaded["yaml"] is True
    assert not loaded["pandas"]
    assert not loaded["matplotlib"]
    assert not loaded["ipywidgets"]


@pytest.mark.slow
def test_probe_detects_a_heavy_import():
    """The subprocess probe itself works: importing pandas is seen."""
    assert _modules_after("import pandas")["pandas"] is True
