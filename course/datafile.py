"""Read human-edited YAML data files and check their shape.

Instructors adapt the course by editing data files, so a mistake must be
reported in their terms: which file, which field, what was expected and what
was found. Every loader in the kit reads its file through `Fields`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from course import disk_cache
from course.errors import CourseError, ExitCode


class DataFileError(CourseError, ValueError):
    """A data file is missing, unreadable or has a field of the wrong shape."""

    exit_code = ExitCode.USAGE

    def __init__(self, file: str | Path, field: str, problem: str) -> None:
        self.file = str(file)
        self.field = field
        self.problem = problem
        where = f"{Path(self.file).name}: {field}" if field else Path(self.file).name
        super().__init__(f"{where}: {problem}")


def describe(value: Any) -> str:
    """Name a value the way an error message should show it."""
    if value is None:
        return "nothing"
    text = repr(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"{type(value).__name__} {text}"


PARSER = (Path(__file__),)
"""The code a cached parse depends on (`course.disk_cache`): this module's YAML rules."""


def read_yaml(path: str | Path) -> Any:
    """Parse a YAML file safely (no object construction), naming the file on failure.

    A file read before with the same text comes from the cache (`course.disk_cache`), unparsed.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataFileError(path, "", "file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise DataFileError(path, "", f"cannot be read ({err})") from None
    cached = disk_cache.load("yaml", path, text, PARSER)
    if cached is not disk_cache.MISSING:
        return cached
    data = _parse_yaml(path, text)
    disk_cache.store("yaml", path, text, PARSER, data)
    return data


def _parse_yaml(path: Path, text: str) -> Any:
    import yaml

    try:
        return yaml.load(text, Loader=_unique_key_loader())  # a SafeLoader: builds no objects
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(err, "problem", None) or str(err)
        raise DataFileError(path, "", f"is not valid YAML{at}: {problem}") from None


def _unique_key_loader() -> Any:
    """A SafeLoader that rejects a key given twice in one mapping.

    Plain YAML keeps the last of two `focus:` lines silently; in a file that
    people edit by hand that is almost always a mistake worth reporting.
    """
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser, when built: several times faster

    class UniqueKeyLoader(base):  # type: ignore[valid-type,misc]  # chosen at run time
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"the key {key!r} appears twice in one mapping", key_node.start_mark
                    )
                seen[key] = key_node.start_mark.line
            mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
            return mapping

    return UniqueKeyLoader


class Fields:
    """A mapping from a data file, with typed accessors that report bad fields.

    `path` is the dotted location of this mapping inside the file (for example
    `roles[2]`), so nested errors read `chapter.yaml: roles[2].tools: ...`.
    """

    def __init__(self, data: Any, file: str | Path, path: str = "") -> None:
        if not isinstance(data, Mapping):
            raise DataFileError(file, path, f"expected a mapping of fields, got {describe(data)}")
        self.data = data
        self.file = file
        self.path = path

    def where(self, key: str | int) -> str:
        """The dotted path of a child field."""
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else key

    def error(self, key: str, problem: str) -> DataFileError:
        """An error about one of this mapping's fields."""
        return DataFileError(self.file, self.where(key), problem)

    def has(self, key: str) -> bool:
        return key in self.data

    def raw(self, key: str, default: Any = ..., *, expected: str = "") -> Any:
        """The field's value as parsed; `expected` describes it when it is missing."""
        if key not in self.data:
            if default is ...:
                raise self.error(key, f"is missing; expected {expected}" if expected else "is missing")
            return default
        return self.data[key]

    def text(self, key: str, default: Any = ...) -> str:
        """A non-empty string field."""
        value = self.raw(key, default, expected="a non-empty text")
        if value is default and default is not ...:
            return value  # type: ignore[no-any-return]  # the caller's default, whatever its type
        if not isinstance(value, str) or not value.strip():
            raise self.error(key, f"expected a non-empty text, got {describe(value)}")
        return value.strip()

    def number(self, key: str, default: Any = ...) -> float:
        value = self.raw(key, default, expected="a number")
        if value is default and default is not ...:
            return value  # type: ignore[no-any-return]  # the caller's default
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(key, f"expected a number, got {describe(value)}")
        return value

    def integer(self, key: str, default: Any = ...) -> int:
        value = self.raw(key, default, expected="a whole number")
        if value is default and default is not ...:
            return value  # type: ignore[no-any-return]  # the caller's default
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.error(key, f"expected a whole number, got {describe(value)}")
        return value

    def flag(self, key: str, default: Any = ...) -> bool:
        value = self.raw(key, default, expected="true or false")
        if not isinstance(value, bool):
            raise self.error(key, f"expected true or false, got {describe(value)}")
        return value

    def texts(self, key: str, default: Any = ..., *, allow_empty: bool = True) -> tuple[str, ...]:
        """A list of non-empty strings."""
        value = self.raw(key, default, expected="a list of texts")
        if value is default and default is not ...:
            return tuple(value)
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of texts, got {describe(value)}")
        if not value and not allow_empty:
            raise self.error(key, "expected at least one entry, got an empty list")
        out = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                raise DataFileError(
                    self.file, f"{self.where(key)}[{index}]", f"expected a non-empty text, got {describe(item)}"
                )
            out.append(item.strip())
        return tuple(out)

    def mapping(self, key: str, default: Any = ...) -> Fields:
        value = self.raw(key, default, expected="a mapping of fields")
        if value is default and default is not ...:
            return Fields({} if value is None else value, self.file, self.where(key))
        return Fields(value, self.file, self.where(key))

    def records(self, key: str, default: Any = ..., *, allow_empty: bool = True) -> Iterator[Fields]:
        """Iterate over a list of mappings, each wrapped as `Fields`."""
        value = self.raw(key, default, expected="a list of entries")
        if value is default and default is not ...:
            value = list(value)
        if not isinstance(value, list):
            raise self.error(key, f"expected a list of entries, got {describe(value)}")
        if not value and not allow_empty:
            raise self.error(key, "expected at least one entry, got an empty list")
        for index, item in enumerate(value):
            yield Fields(item, self.file, f"{self.where(key)}[{index}]")

    def choice(self, key: str, allowed: Any, default: Any = ...) -> str:
        """A text that must be one of `allowed`."""
        value = self.text(key, default)
        if value is default and default is not ...:
            return value  # type: ignore[no-any-return]  # the caller's default
        allowed = tuple(allowed)
        if value not in allowed:
            raise self.error(key, f"expected one of {', '.join(map(str, allowed))}, got {value!r}")
        return value

    def reject_unknown(self, known: Any) -> None:
        """Fail on a field this format does not define (usually a typo)."""

        known = set(known)
        for key in self.data:
            if key not in known:
                raise self.error(str(key), f"is not a known field; expected one of {', '.join(sorted(known))}")
