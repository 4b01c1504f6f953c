"""`--roster FILE`: the class list, so grades go back to the platform and the missing are named.

Three kinds of file are recognised by their header row:

- a Canvas gradebook export: `Student, ID, SIS User ID, SIS Login ID, [Integration ID,] Section`,
  then one column per assignment titled `Name (assignment id)`, a `Points Possible` row
  (and in newer exports a row of read-only markers) before the students;
- a Moodle assignment grading worksheet: `Identifier` ("Participant 1234"), `Full name`,
  `Email address`, ..., `Grade`, `Maximum Grade`, ...;
- a plain CSV with the columns `id, name, email, section` (only `id` is required).

A learner the grader found is matched to a roster entry by the id the platform uses
(Canvas user id, Moodle participant id, or the plain roster's id), else by login, SIS id
or e-mail address (the whole address or the part before `@`), ignoring case.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from course.errors import CourseError, ExitCode

CANVAS_EXPORT_IDENTITY = ("Student", "ID", "SIS User ID", "SIS Login ID", "Integration ID", "Section")
MOODLE_ID = re.compile(r"^\s*Participant\s+(\d+)\s*$", re.IGNORECASE)
CANVAS_EXPORT = "canvas"
MOODLE_EXPORT = "moodle"
PLAIN = "plain"


class RosterError(CourseError, ValueError):
    """A roster file that cannot be read or is none of the kinds above (a usage error)."""

    exit_code = ExitCode.USAGE


@dataclass(frozen=True)
class RosterEntry:
    """One learner on the roster, with the row as the platform wrote it."""

    id: str
    name: str
    email: str = ""
    section: str = ""
    aliases: tuple[str, ...] = ()
    row: tuple[str, ...] = ()


@dataclass
class Roster:
    kind: str
    header: list[str]
    entries: list[RosterEntry]
    preamble: list[list[str]] = field(default_factory=list)
    """Rows between the header and the students (Canvas's Points Possible and read-only markers)."""

    def index(self) -> dict[str, RosterEntry]:
        """Every key a learner may be known by (lower case) -> the entry; ids first, so they win."""
        found: dict[str, RosterEntry] = {}
        for entry in self.entries:
            found.setdefault(entry.id.casefold(), entry)
        for entry in self.entries:
            for alias in entry.aliases:
                if alias:
                    found.setdefault(alias.casefold(), entry)
        return found

    def match(self, learners: list[str]) -> tuple[dict[str, RosterEntry], list[str], list[RosterEntry]]:
        """(learner -> entry, learners not on the roster, entries with no learner), all in a fixed order."""
        index = self.index()
        matched: dict[str, RosterEntry] = {}
        unknown = []
        for learner in learners:
            entry = index.get(learner.casefold())
            if entry is None:
                unknown.append(learner)
            else:
                matched[learner] = entry
        taken = {entry.id for entry in matched.values()}
        missing = [entry for entry in self.entries if entry.id not in taken]
        return matched, unknown, missing


def load_roster(path: Path) -> Roster:
    """Read a roster file (kind recognised from its header); RosterError says what is wrong."""

    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as err:
        raise RosterError(f"--roster {path}: cannot be read as UTF-8 text ({err})") from None
    rows = [row for row in csv.reader(text.splitlines()) if any(cell.strip() for cell in row)]
    if not rows:
        raise RosterError(f"--roster {path}: the file is empty")
    header = [cell.strip() for cell in rows[0]]
    if "Student" in header and "ID" in header:
        return _canvas(header, rows[1:])
    if "Identifier" in header and "Full name" in header:
        return _moodle(header, rows[1:])
    lowered = [cell.lower() for cell in header]
    if "id" in lowered:
        return _plain(lowered, rows[1:])
    raise RosterError(
        f"--roster {path}: not a Canvas gradebook export (Student, ID, ...), a Moodle grading worksheet "
        "(Identifier, Full name, ...) or a CSV with an 'id' column"
    )


def _cells(header: list[str], row: list[str]) -> dict[str, str]:
    return {name: (row[i].strip() if i < len(row) else "") for i, name in enumerate(header)}


def _canvas(header: list[str], rows: list[list[str]]) -> Roster:
    entries: list[RosterEntry] = []
    preamble: list[list[str]] = []
    for row in rows:
        cells = _cells(header, row)
        if not cells.get("ID") or not cells["ID"].isdigit():  # Points Possible, read-only markers, test student
            if not entries:
                preamble.append(row)
            continue
        aliases = (cells.get("SIS Login ID", ""), cells.get("SIS User ID", ""), cells.get("Integration ID", ""))
        entries.append(
            RosterEntry(cells["ID"], cells.get("Student", ""), "", cells.get("Section", ""), aliases, tuple(row))
        )
    return Roster(CANVAS_EXPORT, header, entries, preamble)


def _moodle(header: list[str], rows: list[list[str]]) -> Roster:
    entries = []
    for row in rows:
        cells = _cells(header, row)
        match = MOODLE_ID.match(cells.get("Identifier", ""))
        if not match:
            continue
        email = cells.get("Email address", "")
        aliases = (email, email.split("@")[0] if "@" in email else "")
        entries.append(RosterEntry(match.group(1), cells.get("Full name", ""), email, "", aliases, tuple(row)))
    return Roster(MOODLE_EXPORT, header, entries)


def _plain(header: list[str], rows: list[list[str]]) -> Roster:
    entries = []
    for row in rows:
        cells = _cells(header, row)
        if not cells.get("id"):
            continue
        email = cells.get("email", "")
        aliases = (email, email.split("@")[0] if "@" in email else "")
        entries.append(
            RosterEntry(cells["id"], cells.get("name", ""), email, cells.get("section", ""), aliases, tuple(row))
        )
    return Roster(PLAIN, header, entries)
