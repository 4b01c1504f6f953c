"""Hand marks through a real spreadsheet: LibreOffice Calc (headless `soffice`) opens marking.csv,
the marks are typed into the workbook, Calc saves it as CSV in each encoding and separator
spreadsheets write, and `grade --marks` merges it: no mark is lost, none lands on another learner.

The class holds the identifiers spreadsheets rewrite (0012345, 1.50, 1e5, a 17-digit id, names
with accents and letters Windows-1252 lacks) and keys whose hexadecimal part looks like a number
(086151552336, 077385244e34). The workbook is edited with openpyxl as a person would type: whole
numbers in the criterion cells, a comment beside them. These tests need LibreOffice; they are
skipped without it unless MLOPS_COURSE_REQUIRE_SPREADSHEET=1 (set by .ci/run), where they fail.
"""

from __future__ import annotations

import csv
import itertools
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from course.exercises.definitions import load_bank
from course.grading.marks import row_key
from tests.grading_tools import FIXTURES, FULL_MARKS, assessed_fixtures, read_csv, run_grade, submission, write

pytestmark = pytest.mark.slow
REQUIRE_ENV = "MLOPS_COURSE_REQUIRE_SPREADSHEET"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CALC_CSV = "Text - txt - csv (StarCalc)"
SAVED_AS = {  # LibreOffice's CSV filter options: separator, text quote, character set (76 UTF-8,
    # 1 Windows-1252, 65535 UTF-16 with a byte order mark), first line
    "CSV UTF-8": "44,34,76,1",
    "CSV (Comma delimited) in Windows-1252, as Excel on Windows saves it": "44,34,1,1",
    "Unicode Text (UTF-16, tab separated)": "9,34,65535,1",
    "CSV with semicolons (European locales)": "59,34,76,1",
    "CSV with semicolons in Windows-1252": "59,34,1,1",
}
NUMBER_LIKE = {"0012345", "1.50", "1e5", "12345678901234567"}
MARKS = {"0012345": 2, "1.50": 0, "1e5": 1, "12345678901234567": 2, "José": 1, "Łukasz": 2, "ann": 1, "bob": 0}
UNMARKED = "cid"


@pytest.fixture(scope="module")
def assessed_key(tmp_path_factory) -> Path:
    """The reflection's marks go into the gradebook's points when its notebook is assessed (practice keeps them
    apart, in scores.csv): these tests grade against an assessed copy of the fixture bank."""
    return assessed_fixtures(tmp_path_factory.mktemp("assessed") / "exercises")


@pytest.fixture(scope="module")
def soffice():
    if SOFFICE is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(f"{REQUIRE_ENV}=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return SOFFICE


def text_with_key(learner: str, pattern: str) -> str:
    """A reflection whose sheet key's hexadecimal part matches `pattern` (a key that looks like a number)."""
    for n in itertools.count():
        text = f"{learner} sees roles overlap, note {n}."
        if re.fullmatch(pattern, row_key(learner, "99.reflect", text)[1:]):
            return text
    raise AssertionError("unreachable")


def reflections() -> dict[str, str]:
    texts = {learner: f'{learner} thinks: hand-offs, ownership; "RACI" helps.\nSecond line.' for learner in MARKS}
    texts["ann"] = text_with_key("ann", r"0\d{11}")  # like 086151552336: all digits, a leading zero
    texts["bob"] = text_with_key("bob", r"0\d*e\d+")  # like 077385244e34: a number in scientific notation
    texts[UNMARKED] = "=1+1 looks like a formula"
    return texts


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """A class graded once: its submissions and the marking.csv the grader exported."""
    root = tmp_path_factory.mktemp("sheet")
    bank = load_bank(FIXTURES)
    for learner, text in reflections().items():
        answers = dict(FULL_MARKS, **{"99.reflect": text})
        write(root / "subs" / learner / "99_demo.ipynb", submission(bank, answers))
    return root


def soffice_convert(soffice: str, profile: Path, source: Path, target: str, outdir: Path, infilter: str = "") -> Path:
    """`soffice --headless --convert-to TARGET` with a profile of its own (parallel tests do not share one)."""
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless"]
    if infilter:
        command.append(f"--infilter={infilter}")
    command += ["--convert-to", target, "--outdir", str(outdir), str(source)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    extension = target.split(":", 1)[0]
    converted = outdir / f"{source.stem}.{extension}"
    assert done.returncode == 0 and converted.is_file(), (done.stdout, done.stderr)
    return converted


def type_marks(workbook: Path) -> dict[str, int]:
    """Type a mark and a comment into each learner's row, as a person would; returns key -> mark typed."""
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    column = {name: header.index(name) + 1 for name in ("key", "evidence", "comment")}
    texts = reflections()
    by_key = {row_key(learner, "99.reflect", text): learner for learner, text in texts.items()}
    typed = {}
    for row in range(2, sheet.max_row + 1):
        key = sheet.cell(row, column["key"]).value
        learner = by_key[key]  # the key survived as the text it was
        if learner == UNMARKED:
            continue
        sheet.cell(row, column["evidence"]).value = MARKS[learner]
        sheet.cell(row, column["comment"]).value = f"Très bien, {learner}"
        typed[key] = MARKS[learner]
    book.save(workbook)
    return typed


def test_marks_typed_in_libreoffice_survive_every_way_it_saves_csv(soffice, exported, assessed_key, tmp_path, capsys):
    subs = exported / "subs"
    status, _, err = run_grade(capsys, str(subs), "--out", str(tmp_path / "first"), "--key", str(assessed_key))
    assert status == 0, err
    sheet = tmp_path / "first" / "marking.csv"
    profile = tmp_path / "profile"
    # open it as a person would, with the import dialog's choices for a UTF-8 file (comma, quote, UTF-8)
    workbook = soffice_convert(soffice, profile, sheet, "xlsx", tmp_path / "book", infilter="CSV:44,34,76,1")
    typed = type_marks(workbook)
    assert len(typed) == len(MARKS)
    for saved_as, options in SAVED_AS.items():
        folder = tmp_path / re.sub(r"\W+", "-", saved_as)
        saved = soffice_convert(soffice, profile, workbook, f"csv:{CALC_CSV}:{options}", folder)
        raw = saved.read_bytes()
        if "UTF-16" in saved_as:
            assert raw.startswith(b"\xff\xfe")
        shown = read_sheet_cells(saved, options)
        assert {shown[learner] for learner in NUMBER_LIKE} != NUMBER_LIKE  # the spreadsheet did rewrite the ids
        out = folder / "out"
        status, _, err = run_grade(
            capsys, str(subs), "--out", str(out), "--key", str(assessed_key), "--marks", str(saved)
        )
        problems = read_csv(out / "errors.csv")
        assert status == 0 and problems == [], (saved_as, problems, err)
        merged = {r["learner"]: r["99.reflect"] for r in read_csv(out / "gradebook.csv")}
        assert merged == {**{k: str(v) for k, v in MARKS.items()}, UNMARKED: ""}, saved_as
        pages = [page.read_text(encoding="utf-8") for page in (out / "feedback").glob("*.html")]
        assert sum("Très bien, José" in page for page in pages) == 1


def test_a_sheet_opened_at_libreoffices_own_defaults_still_merges(soffice, exported, assessed_key, tmp_path, capsys):
    """Headless Calc's default character set is not UTF-8: names arrive garbled (JosÃ©); the keys do not."""
    subs = exported / "subs"
    assert run_grade(capsys, str(subs), "--out", str(tmp_path / "first"), "--key", str(assessed_key))[0] == 0
    profile = tmp_path / "profile"
    workbook = soffice_convert(soffice, profile, tmp_path / "first" / "marking.csv", "xlsx", tmp_path / "book")
    type_marks(workbook)
    saved = soffice_convert(soffice, profile, workbook, f"csv:{CALC_CSV}:44,34,76,1", tmp_path / "saved")
    assert "JosÃ©" in saved.read_text(encoding="utf-8")
    out = tmp_path / "out"
    status, _, _ = run_grade(capsys, str(subs), "--out", str(out), "--key", str(assessed_key), "--marks", str(saved))
    assert status == 0, read_csv(out / "errors.csv")
    merged = {r["learner"]: r["99.reflect"] for r in read_csv(out / "gradebook.csv")}
    assert merged == {**{k: str(v) for k, v in MARKS.items()}, UNMARKED: ""}


def read_sheet_cells(path: Path, options: str) -> dict[str, str]:
    """Learner id (as exported) -> the learner cell as the spreadsheet saved it, matched by key."""
    separator = chr(int(options.split(",")[0]))
    encoding = {"76": "utf-8", "1": "cp1252", "65535": "utf-16"}[options.split(",")[2]]
    with path.open(encoding=encoding, newline="") as stream:
        rows = list(csv.reader(stream, delimiter=separator))
    by_key = {row_key(learner, "99.reflect", text): learner for learner, text in reflections().items()}
    at = rows[0].index("key")
    return {by_key[row[at]]: row[0] for row in rows[1:] if row}
