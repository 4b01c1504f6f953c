"""Read a saved notebook as data and find its answer records. Nothing in it runs.

Shared by `mlops-course check` (a learner's own files) and `mlops-course grade`
(a class's submissions). The bytes are read with a size cap, parsed as JSON
(never imported, never executed), and only the outputs carrying the course's
answer MIME type are looked at. Every way a file can fail becomes a `ReadError`
whose `problem` is a sentence a teacher understands and whose `detail` is the
technical reason.

Which record counts when a notebook holds several for one exercise (an
exercise displayed twice, a stale output left behind): the one with the highest
`revision` (the session counts every change, across kernel restarts), and on a
tie the one later in the notebook. Duplicates are reported, never silently merged.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from course.errors import CourseError
from course.exercises.records import MIME_TYPE, AnswerRecord, RecordError, parse_record
from course.frozen import built

orjson: ModuleType | None
try:  # optional: the standard library parser is used when orjson is missing
    import orjson
except ImportError:  # pragma: no cover - depends on the environment
    orjson = None

DEFAULT_MAX_BYTES = 25 * 1024 * 1024
"""Notebooks over this size are refused unread (`--max-size`); real submissions are far smaller."""
RECORD_OUTPUT_TYPES = frozenset({"display_data", "update_display_data", "execute_result"})
MAX_ANSWER_DEPTH = 8
"""Canonical answers nest at most three levels; anything deeper is not an answer."""
MAX_ANSWER_NODES = 5000
"""The largest canonical answer (a RACI grid) has a few hundred values."""
MAX_RECORD_CHARS = 200_000
BINARY_SNIFF = 8192
UTF8_BOM = b"\xef\xbb\xbf"
MAGIC = {
    b"PK\x03\x04": "a zip archive",
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"\x1f\x8b": "a gzip archive",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office document",
}


class ReadError(CourseError):
    """A file that cannot be read as a notebook: `problem` for a teacher, `detail` for the curious."""

    def __init__(self, problem: str, detail: str = "") -> None:
        super().__init__(problem)
        self.problem = problem
        self.detail = detail


@dataclass(frozen=True)
class FoundRecord:
    """An answer record and where it sits (cell index, output index) in document order."""

    position: tuple[int, int]
    record: AnswerRecord


@dataclass
class Extracted:
    """What a notebook holds: its records in document order and the ones that could not be used."""

    records: list[FoundRecord] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)

    def latest(self) -> dict[str, FoundRecord]:
        """One record per exercise: highest revision, then latest in the notebook."""
        best: dict[str, FoundRecord] = {}
        for found in self.records:
            current = best.get(found.record.exercise)
            if current is None or (found.record.revision, found.position) >= (
                current.record.revision,
                current.position,
            ):
                best[found.record.exercise] = found
        return best

    def duplicates(self) -> dict[str, int]:
        """Exercise id -> number of records, for exercises recorded more than once."""
        counts: dict[str, int] = {}
        for found in self.records:
            counts[found.record.exercise] = counts.get(found.record.exercise, 0) + 1
        return {k: n for k, n in counts.items() if n > 1}


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def read_capped(path: Path | str, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refusing (before reading) anything over `max_bytes`.

    The size comes from the open file itself: one path lookup per file, where a `stat` of the path before
    opening it made two (a class's thousands of files are read here)."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 (a `with` follows once the open has succeeded)
    except OSError as err:
        raise ReadError("The file could not be opened.", str(err)) from None
    with stream:
        try:
            size = os.fstat(stream.fileno()).st_size
        except OSError as err:
            raise ReadError("The file could not be opened.", str(err)) from None
        if size > max_bytes:
            raise ReadError(
                f"The file is {megabytes(size)}, over the size limit of {megabytes(max_bytes)}; it was not read.",
                "raise the limit with --max-size if this notebook is genuine",
            )
        try:
            data = stream.read(size + 1)  # sized to the file: read(n) sets aside n bytes first
            if len(data) > size:  # it grew since it was opened: read on, up to the cap
                data += stream.read(max_bytes + 1 - len(data))
        except OSError as err:
            raise ReadError("The file could not be read.", str(err)) from None
    if len(data) > max_bytes:
        raise ReadError(f"The file grew past the size limit of {megabytes(max_bytes)} while being read.")
    return data


def parse_notebook(data: bytes) -> dict[str, Any]:
    """Parse bytes as a version-4 notebook (JSON only: nothing is executed), or raise ReadError."""
    if not data.strip():
        raise ReadError(
            "The file is empty: the notebook was probably never saved, or the upload failed.",
            f"{len(data)} bytes",
        )
    head = data[:BINARY_SNIFF]
    for magic, kind in MAGIC.items():
        if head.startswith(magic):
            raise ReadError(f"The file is not a notebook: it is {kind} renamed to .ipynb.", f"starts with {magic!r}")
    if b"\x00" in head:
        raise ReadError("The file is not a notebook: it holds binary data, not text.", "NUL bytes near the start")
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    try:
        return check_notebook(_loads(without_figures(data)))
    except (ValueError, RecursionError):
        pass  # the whole file again, for the exact error and where it is
    try:
        notebook = _loads(data)
    except UnicodeDecodeError as err:
        raise ReadError("The file is not a notebook: it is not UTF-8 text.", str(err)) from None
    except RecursionError:
        raise _too_deep() from None
    except json.JSONDecodeError as err:
        if "UTF-8" in err.msg:
            raise ReadError("The file is not a notebook: it is not UTF-8 text.", err.msg) from None
        if "depth" in err.msg or "recursion" in err.msg:
            raise _too_deep() from None
        if _cut_off(data, err):
            raise ReadError(
                "The file is cut off before its end: it was not completely saved, copied or uploaded.",
                f"JSON ends early ({err.msg.split(':')[0]} at character {err.pos} of {len(data)})",
            ) from None
        raise ReadError(
            "The file is not a notebook: it is not valid JSON.", f"{err.msg.split(':')[0]} at line {err.lineno}"
        ) from None
    return check_notebook(notebook)


FIGURE = b'"image/'
FIGURE_TYPES = (b"png", b"jpeg", b"gif", b"webp")
"""Output types whose data is base64 text: a figure, never read here."""
FIGURE_MIN_BYTES = 256
"""Shorter values are decoded as they are (no figure is this small; an answer never holds one)."""


def without_figures(data: bytes) -> bytes:
    """The notebook's bytes with the base64 text of each figure left out (an empty string in its place).

    A saved notebook's figures are most of its bytes, and nothing here reads them: decoding them into text
    was a third of the time a notebook took to parse. Only a value that is surely a whole JSON string is left
    out: `"image/png": "` (or jpeg, gif, webp) then at least `FIGURE_MIN_BYTES` with no backslash up to the
    next quote, which therefore ends it. Everything else is kept byte for byte; a file that does not parse
    this way is parsed whole (`parse_notebook`), so an error says where it is in the file itself.
    """
    find = data.find
    kept: list[bytes] = []
    at = search = 0
    while (found := find(FIGURE, search)) >= 0:
        search = found + len(FIGURE)
        kind = next((t for t in FIGURE_TYPES if data.startswith(t, search)), None)
        if kind is None:
            continue
        colon = search + len(kind)
        if data.startswith(b'": "', colon):
            start = colon + 4
        elif data.startswith(b'":"', colon):
            start = colon + 3
        else:
            continue
        end = find(b'"', start)
        if end - start < FIGURE_MIN_BYTES or find(b"\\", start, end) >= 0:
            continue
        kept.append(data[at:start])
        at = search = end
    if not kept:
        return data
    kept.append(data[at:])
    return b"".join(kept)


def _loads(data: bytes) -> Any:
    """orjson when installed (about twice as fast on notebooks full of figures), else the standard library."""
    if orjson is not None:
        return orjson.loads(data)
    return json.loads(data.decode("utf-8"))


def _too_deep() -> ReadError:
    return ReadError(
        "The file is not a notebook: its JSON is nested far deeper than any notebook.",
        "nesting depth over the parser's limit",
    )


def _cut_off(data: bytes, err: json.JSONDecodeError) -> bool:
    """A parse error at the very end of the data, or a string that never closes, means truncation."""
    stripped = data.rstrip()
    return stripped.startswith(b"{") and (
        err.pos >= len(stripped) - 1 or err.msg.startswith(("Unterminated string", "unexpected end of data"))
    )


def check_notebook(notebook: Any) -> dict[str, Any]:
    """The notebook if it has the shape of nbformat 4, else ReadError saying what it is instead."""
    if not isinstance(notebook, dict):
        raise ReadError(
            "The file is JSON but not a notebook.", f"the top level is a {_json_type(notebook)}, not an object"
        )
    version = notebook.get("nbformat")
    if "worksheets" in notebook or (isinstance(version, int) and not isinstance(version, bool) and version < 4):
        raise ReadError(
            f"The notebook is in an old format (nbformat {version}); open it in JupyterLab and save it again.",
            "nbformat 4 is required",
        )
    if version is None and "cells" not in notebook:
        raise ReadError("The file is JSON but not a notebook.", "no 'nbformat' and no 'cells' field")
    if version != 4:
        raise ReadError(
            f"The notebook format version {str(version)[:20]!r} is not supported.", "nbformat 4 is required"
        )
    if not isinstance(notebook.get("cells"), list):
        raise ReadError("The notebook is damaged: it has no list of cells.", "'cells' is missing or not a list")
    return notebook


def _json_type(value: Any) -> str:
    return {list: "list", str: "text", int: "number", float: "number", bool: "boolean"}.get(type(value), "null")


def read_untrusted_notebook(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Read and parse one notebook file (size-capped, never executed)."""
    return parse_notebook(read_capped(path, max_bytes))


Shown = list[tuple[tuple[int, int], dict[str, Any]]]
"""The `data` of outputs a record can be shown in, each with its (cell, output) position."""


def shown_data(notebook: dict[str, Any]) -> Shown:
    """The `data` of every output of a code cell that can show a record (`RECORD_OUTPUT_TYPES`), in document
    order: one walk of the notebook for every kind of record read from it. A field of the wrong JSON type
    (a list where text belongs) makes that output no record, never an error."""
    found: Shown = []
    cells = notebook.get("cells")
    for cell_index, cell in enumerate(cells if isinstance(cells, list) else ()):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        outputs = cell.get("outputs")
        for output_index, output in enumerate(outputs if isinstance(outputs, list) else ()):
            if not isinstance(output, dict):
                continue
            kind = output.get("output_type")
            data = output.get("data")
            if isinstance(kind, str) and kind in RECORD_OUTPUT_TYPES and isinstance(data, dict):
                found.append(((cell_index, output_index), data))
    return found


def extract_records(notebook: dict[str, Any], shown: Shown | None = None) -> Extracted:
    """Every answer record in the notebook's outputs, in document order; bad ones become problems.

    `shown`: the notebook's `shown_data`, when the caller reads other records from it too."""
    found = Extracted()
    for position, data in shown_data(notebook) if shown is None else shown:
        if MIME_TYPE not in data:
            continue
        payload = data[MIME_TYPE]
        where = f"cell {position[0] + 1}"
        if isinstance(payload, str):
            if len(payload) > MAX_RECORD_CHARS:
                found.problems.append(("An answer record is far too large to be genuine; it was ignored.", where))
                continue
            try:
                payload = json.loads(payload)
            except (ValueError, RecursionError):
                found.problems.append(("An answer record is damaged (not valid JSON); it was ignored.", where))
                continue
        try:
            record = parse_record(payload)
        except RecordError as err:
            found.problems.append(("An answer record is damaged; it was ignored.", f"{where}: {err}"))
            continue
        oversized = answer_shape_problem(record.answer)
        if oversized:
            found.problems.append((f"The answer recorded for {record.exercise} is {oversized}; it was ignored.", where))
            continue
        found.records.append(built(FoundRecord, position=position, record=record))  # one per record: `course.frozen`
    return found


_PLAIN = frozenset({str, int, float, bool, type(None)})
"""The types of a JSON value that holds no other."""


def answer_shape_problem(value: Any) -> str | None:
    """Why a recorded answer cannot be a genuine one (nested or sized far beyond any answer), else None.

    Walks the containers without recursion, stopping as soon as a limit is passed; most answers are one
    container of plain values (a choice, a list of choices, a matching) or an object of such objects (a RACI
    grid), told apart from the rest in C.
    """
    if not isinstance(value, dict | list):
        return None
    children = value.values() if isinstance(value, dict) else value
    if len(children) < MAX_ANSWER_NODES:
        kinds = set(map(type, children))
        if _PLAIN.issuperset(kinds):
            return None
        if (  # a grid: rows of plain cells
            kinds == {dict}
            and all(_PLAIN.issuperset(map(type, child.values())) for child in children)
            and 1 + len(children) + sum(map(len, children)) <= MAX_ANSWER_NODES
        ):
            return None
    values = 1
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if level > MAX_ANSWER_DEPTH:
            return f"nested too deeply to be an answer (over {MAX_ANSWER_DEPTH} levels)"
        children = item.values() if isinstance(item, dict) else item
        values += len(children)
        if values > MAX_ANSWER_NODES:
            return f"far larger than any answer (over {MAX_ANSWER_NODES} values)"
        stack.extend((child, level + 1) for child in children if isinstance(child, dict | list))
    return None
