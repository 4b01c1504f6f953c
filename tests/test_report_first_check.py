"""The class report counts misconceptions on the answers learners FIRST checked (an answer
with none on record counts on its final answer, and the report says how many), and shows
per choice item the share choosing each option at first check. The feedback pages show
the right answers only when `--feedback-answers yes`."""

from __future__ import annotations

import html
import re

from course.exercises.definitions import load_bank
from course.exercises.records import MIME_TYPE
from tests.grading_tools import FIXTURES, run_grade, submission, write

FIRSTS = {"ada": "ds", "bo": "ds", "cy": "mle", "di": None}  # di: a version 1 record, no first check on record


def _class(tmp_path):
    bank = load_bank(FIXTURES)
    for learner, first in FIRSTS.items():
        nb = submission(bank, {"99.single": "mlops", "99.multi": ["spark", "dbt", "kafka"]}, learner=learner)
        for cell in nb.cells:
            for output in cell.get("outputs", []):
                record = output["data"][MIME_TYPE]
                if first is None:
                    record["version"] = 1
                    del record["first_checked"], record["history"]
                elif record["exercise"] == "99.single":
                    record.update(first_checked=first, attempts=2, revision=2, history=[first, "mlops"])
                else:
                    record.update(first_checked=["spark", "helm"], attempts=2)
        write(tmp_path / "subs" / learner / "99_demo.ipynb", nb)
    return tmp_path / "subs"


def _text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_misconceptions_and_option_shares_come_from_first_checked_answers(capsys, tmp_path):
    status, _, err = run_grade(capsys, str(_class(tmp_path)), "--out", str(tmp_path / "out"), "--key", str(FIXTURES))
    assert status == 0, err
    page = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    words = " ".join(_text(page).split())
    # every final answer is right, yet the first checks show the misconceptions
    assert "Builder owns the pipe" in words and "Consulted means owning" in words
    assert "Every infra tool is a data tool" in words
    assert "6 answers at their first check; 2 with no first checked answer on record" in words
    table = page.split("<h3>99.single (4 learners)</h3>", 1)[1].split("</table>", 1)[0]
    rows = _share_rows(table)
    # the key's option is marked for the instructor (the fixture's key for 99.single is the MLOps Engineer)
    assert rows == {
        "Data Scientist": ("2", "50.0%"),
        "✔ MLOps Engineer (key)": ("1", "25.0%"),
        "ML Engineer": ("1", "25.0%"),
    }
    multi = _share_rows(page.split("<h3>99.multi (4 learners)</h3>", 1)[1].split("</table>", 1)[0])
    assert multi["Helm"][0] == "3"
    assert sorted(label for label in multi if label.endswith("(key)")) == [
        "✔ Kafka (key)",
        "✔ Spark (key)",
        "✔ dbt (key)",
    ]


def _share_rows(table: str) -> dict[str, tuple[str, str]]:
    """A first-check share table's rows: option label (as read) to (learners, share)."""
    return {
        " ".join(_text(cells[0]).split()): (_text(cells[1]).strip(), _text(cells[2]).strip())
        for cells in (re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", table))
        if cells
    }


def test_feedback_pages_hide_the_key_with_feedback_answers_no(capsys, tmp_path):
    bank = load_bank(FIXTURES)
    nb = submission(bank, {"99.single": "ds", "99.multi": ["spark"], "99.match": {"proto": "mle"}}, learner="ed")
    write(tmp_path / "subs" / "ed" / "99_demo.ipynb", nb)
    shown = {}
    for choice in ("yes", "no"):
        out = tmp_path / f"out-{choice}"
        status, _, err = run_grade(
            capsys, str(tmp_path / "subs"), "--out", str(out), "--key", str(FIXTURES), "--feedback-answers", choice
        )
        assert status == 0, err
        shown[choice] = " ".join(_text((out / "feedback" / "ed.html").read_text(encoding="utf-8")).split())
    assert "MLOps Engineer" in shown["yes"] and "The answer:" in shown["yes"]
    assert "Prototypes come out of exploration." in shown["yes"]
    hidden = shown["no"]
    assert "The answer:" not in hidden
    assert "The MLOps engineer builds and answers for it" not in hidden  # the right option's feedback
    assert "dbt" not in hidden and "Kafka" not in hidden  # missed right options
    assert "Prototypes come out of exploration." not in hidden
    assert "The data scientist is only informed about the pipeline." in hidden  # feedback on what was given
