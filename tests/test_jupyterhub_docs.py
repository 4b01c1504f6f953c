"""docs/jupyterhub.md and its Zero to JupyterHub settings: valid for the chart, consistent with the kit.

The settings file is merged into the chart's own defaults (as Helm does) and validated
against the chart's schema (both copied into tests/fixtures/z2jh/), so a mistyped key
fails here, not in a deployment. The pop-up setting must be the kit's own file's
content, and every nbgitpuller link in the documents must open the folder it pulls into.
"""

from __future__ import annotations

import copy
import json
import re
import urllib.parse
from pathlib import Path

import jsonschema
import pytest

from course.hub import nbgitpuller_link
from tests.yaml_tools import load_yaml

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "docs" / "z2jh-config.yaml"
GUIDE = ROOT / "docs" / "jupyterhub.md"
Z2JH = Path(__file__).parent / "fixtures" / "z2jh"
PAGE_CONFIG = ROOT / "jupyter-config" / "labconfig" / "page_config.d" / "mlops-course.json"
LINK = re.compile(r"https?://[^\s`)\"']*/hub/user-redirect/git-pull\?[^\s`)\"']+")


def merged(base: dict, override: dict) -> dict:
    """Helm's merge of a values file into the chart's defaults: maps merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merged(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


@pytest.fixture(scope="module")
def config() -> dict:
    return load_yaml(CONFIG.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator() -> jsonschema.Validator:
    schema = load_yaml((Z2JH / "values.schema.yaml").read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


@pytest.fixture(scope="module")
def defaults() -> dict:
    return load_yaml((Z2JH / "values.yaml").read_text(encoding="utf-8"))


def errors(validator, values: dict) -> list[str]:
    return [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(values)]


def test_settings_are_valid_for_the_chart(config, validator, defaults):
    assert errors(validator, defaults) == [], "the chart's own defaults must pass its schema"
    assert errors(validator, merged(defaults, config)) == []


@pytest.mark.parametrize(
    "mistake",
    [
        {"singleuser": {"memroy": {"limit": "1G"}}},
        {"cull": {"timeout": "an hour"}},
        {"singleuser": {"extraFiles": {"x": {"data": {}}}}},  # no mountPath
    ],
)
def test_schema_validation_catches_mistakes(config, validator, defaults, mistake):
    assert errors(validator, merged(defaults, merged(config, mistake)))


def test_settings_carry_the_course_choices(config):
    single = config["singleuser"]
    assert single["memory"]["guarantee"] and single["memory"]["limit"]
    files = single["extraFiles"]
    pop_up = files["no-news-pop-up"]
    assert pop_up["mountPath"] == "/etc/jupyter/labconfig/page_config.d/mlops-course.json"
    assert pop_up["data"] == json.loads(PAGE_CONFIG.read_text(encoding="utf-8")), "differs from jupyter-config/"
    culling = files["kernel-culling"]["data"]["MappingKernelManager"]
    assert culling["cull_idle_timeout"] > 0 and culling["cull_connected"] is True
    assert config["cull"]["enabled"] is True and config["cull"]["timeout"] > 0
    assert single["defaultUrl"] == "/lab"


def links_in(text: str) -> list[str]:
    return [link.rstrip(".,") for link in LINK.findall(text)]


@pytest.mark.parametrize("document", [GUIDE, ROOT / "docs" / "instructor-guide.md"], ids=lambda p: p.name)
def test_every_nbgitpuller_link_opens_the_folder_it_pulls_into(document):
    links = links_in(document.read_text(encoding="utf-8"))
    assert links, f"{document.name} shows no nbgitpuller link"
    for link in links:
        query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))
        assert query.get("targetpath"), f"link without targetpath in {document.name}: {link}"
        folder = query["urlpath"].split("/tree/", 1)[1].split("/", 1)[0]
        assert folder == query["targetpath"], f"{document.name}: opens {folder!r}, pulls into {query['targetpath']!r}"


def test_the_guide_shows_what_the_link_builder_builds():
    text = GUIDE.read_text(encoding="utf-8")
    built = nbgitpuller_link("https://hub.example.org", "https://github.com/example/mlops-roles-course.git")
    assert built in text, "docs/jupyterhub.md should show the link course.hub builds for its example"


def test_the_guide_covers_what_an_administrator_needs():
    text = GUIDE.read_text(encoding="utf-8")
    for needed in (
        "The Littlest JupyterHub",
        "Zero to JupyterHub",
        "environment.yml",
        "targetpath",
        "cull_idle_timeout",
        "guarantee",
        "64 GB",
        "mlops-course grade",
        "mlops-course live",
        "@jupyterlab/apputils-extension:announcements",
        "z2jh-config.yaml",
    ):
        assert needed in text, f"docs/jupyterhub.md does not mention {needed!r}"
