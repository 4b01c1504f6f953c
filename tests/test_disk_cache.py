"""The private cache of parsed data files: used when it is the user's own, and never changes a result.

`course.disk_cache` keeps what `read_yaml` parsed, as JSON, under a hash of the file's text and of the
parser; the grader keeps its compiled templates there too. These tests point it at a folder of their
own and check that a hit gives exactly what parsing gives, that an edited file is parsed again, and
that a damaged entry, a folder others may write to and `MLOPS_COURSE_CACHE=off` all fall back to
parsing.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from course import datafile, disk_cache
from course.datafile import DataFileError, read_yaml
from course.exercises.definitions import DEFAULT_DEFINITIONS_DIR, load_file

DATA = 'name: "Kestrel"\nteams: [a, b]\nsize: 12\nshare: 0.5\nflag: yes\nnested: {x: null, "4": four}\n'


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(folder))
    return folder


def entries(cache: Path) -> list[Path]:
    return sorted((cache / "yaml").glob("*.json"))


def parsed_without_cache(path: Path, monkeypatch: pytest.MonkeyPatch) -> object:
    with monkeypatch.context() as m:
        m.setenv(disk_cache.CACHE_ENV, "off")
        return read_yaml(path)


def test_a_second_read_comes_from_the_cache_and_equals_a_parse(cache, tmp_path, monkeypatch):
    path = tmp_path / "data.yaml"
    path.write_text(DATA, encoding="utf-8")
    first = read_yaml(path)
    assert len(entries(cache)) == 1
    with monkeypatch.context() as m:
        m.setattr(datafile, "_parse_yaml", lambda *_: pytest.fail("a cached file was parsed again"))
        second = read_yaml(path)
    assert second == first == parsed_without_cache(path, monkeypatch)
    assert type(second["flag"]) is bool and type(second["size"]) is int and type(second["share"]) is float


def test_every_shipped_definitions_file_reads_the_same_from_the_cache(cache, monkeypatch):
    for path in sorted(DEFAULT_DEFINITIONS_DIR.rglob("*.yaml")):
        fresh = parsed_without_cache(path, monkeypatch)
        assert read_yaml(path) == fresh  # parsed, then stored
        assert read_yaml(path) == fresh  # from the cache
        with monkeypatch.context() as m:
            m.setenv(disk_cache.CACHE_ENV, "off")
            parsed = load_file(path)
        assert load_file(path) == parsed, path
    assert len(entries(cache)) == len(list(DEFAULT_DEFINITIONS_DIR.rglob("*.yaml")))


def test_an_edited_file_is_parsed_again(cache, tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("size: 12\n", encoding="utf-8")
    assert read_yaml(path) == {"size": 12}
    path.write_text("size: 13\n", encoding="utf-8")
    assert read_yaml(path) == {"size": 13}
    assert len(entries(cache)) == 1  # one entry per file, replaced


def test_a_file_with_an_error_is_never_cached_and_still_reported(cache, tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("size: 12\nsize: 13\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataFileError, match="appears twice"):
            read_yaml(path)
    assert entries(cache) == []


def test_data_json_cannot_give_back_unchanged_is_not_cached(cache, tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("when: 2024-05-01\n4: four\n", encoding="utf-8")
    assert read_yaml(path) == read_yaml(path)
    assert entries(cache) == []


def test_a_damaged_or_forged_entry_is_ignored(cache, tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("size: 12\n", encoding="utf-8")
    read_yaml(path)
    (entry,) = entries(cache)
    entry.write_text("{not json", encoding="utf-8")
    assert read_yaml(path) == {"size": 12}
    stored = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({"key": "0" * 64, "value": {"size": 99}}), encoding="utf-8")
    assert read_yaml(path) == {"size": 12}, "an entry under another key was used"
    entry.write_text(json.dumps({**stored, "value": {"size": 99}}), encoding="utf-8")
    assert read_yaml(path) == {"size": 99}  # the check is the key: the folder's privacy keeps others out


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_the_folder_is_closed_to_others_and_another_users_entry_is_refused(cache, tmp_path):
    path = tmp_path / "data.yaml"
    path.write_text("size: 12\n", encoding="utf-8")
    read_yaml(path)
    assert (cache.stat().st_mode & 0o077) == 0 and ((cache / "yaml").stat().st_mode & 0o077) == 0
    cache.chmod(0o777)
    assert disk_cache.folder("yaml") == cache / "yaml" and (cache.stat().st_mode & 0o077) == 0
    (entry,) = entries(cache)
    entry.chmod(0o666)  # an entry others could have written: not read
    assert disk_cache.load("yaml", path, "size: 12\n", (Path(disk_cache.__file__),)) is disk_cache.MISSING


def test_the_cache_can_be_turned_off_and_a_file_where_the_folder_should_be_means_no_cache(tmp_path, monkeypatch):
    path = tmp_path / "data.yaml"
    path.write_text("size: 12\n", encoding="utf-8")
    monkeypatch.setenv(disk_cache.CACHE_ENV, "off")
    assert disk_cache.folder("yaml") is None and read_yaml(path) == {"size": 12}
    blocked = tmp_path / "blocked"
    blocked.write_text("a file", encoding="utf-8")
    monkeypatch.setenv(disk_cache.CACHE_ENV, str(blocked))
    assert disk_cache.folder("yaml") is None and read_yaml(path) == {"size": 12}


def test_the_grader_keeps_its_compiled_templates_in_the_cache(cache):
    from course.grading.outputs import templating

    templating.environment.cache_clear()
    try:
        templating.template("feedback_page.html.j2")
    finally:
        templating.environment.cache_clear()
    assert list((cache / "templates").glob("__jinja2_*.cache"))
