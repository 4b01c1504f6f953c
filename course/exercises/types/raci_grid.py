"""raci_grid: fill a RACI (or RASCI) matrix; cells score against the key, named rules earn their own points."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from course.datafile import DataFileError, Fields
from course.exercises.answer_forms import AnswerError, type_name
from course.exercises.answer_samples import json_forms
from course.exercises.blind_play import BlindStrategy, Check, is_right
from course.exercises.disclosure import Judging, disclose, not_judged
from course.exercises.model import COMMON_FIELDS, Exercise, key_in
from course.exercises.practice_key import Sealer
from course.exercises.results import Part, Score, finish, without_credit
from course.exercises.sealed_parts import open_value
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
)
from course.exercises.type_registry import register
from course.exercises.wording import MISCONCEPTIONS
from course.raci.cells import RACI, RASCI, CellError, Scheme, format_cell, parse_cell
from course.raci.matrix import RaciMatrix
from course.raci.rules import ONE_ACCOUNTABLE, RULE_TEXT, SOME_RESPONSIBLE, activity_problems

SCHEMES = {"RACI": RACI, "RASCI": RASCI}
RACI_RULES = (ONE_ACCOUNTABLE, SOME_RESPONSIBLE)
LETTER_TALK = (
    *("R", "A", "C", "I", "S", "r/a", "responsible", "accountable", "consulted", "informed", "support"),
    *("does", "do", "doing", "answers", "answer", "answering", "asked", "ask", "told", "tell", "letter", "letters"),
)
"""What a hint would use to state a cell: a letter, or what a letter means (doing, answering, being asked, told)."""


@dataclass(frozen=True)
class RaciGrid(Exercise):
    """Fill a RACI matrix. `given` cells are shown filled and locked, and not scored;
    `rules` name the validity rules that earn `rule_points` when the answer keeps them."""

    key: RaciMatrix | None = None
    given: Mapping[tuple[str, str], str] = field(default_factory=dict)
    explanations: Mapping[str, str] = field(default_factory=dict)
    rules: tuple[str, ...] = ()
    rule_points: float = 0.0
    scheme: Scheme = RACI
    activity_names: tuple[str, ...] = ()
    role_names: tuple[str, ...] = ()
    """The rows and columns when there is no key to take them from (the learner edition)."""

    @property
    def activities(self) -> tuple[str, ...]:
        return self.key.activities if self.key else self.activity_names

    @property
    def roles(self) -> tuple[str, ...]:
        return self.key.roles if self.key else self.role_names

    @property
    def scored_cells(self) -> list[tuple[str, str]]:
        return [(a, r) for a in self.activities for r in self.roles if (a, r) not in self.given]

    def learner_view(self) -> dict[str, Any]:
        return {
            **super().learner_view(),
            "activities": list(self.activities),
            "roles": list(self.roles),
            "given": sorted([a, r, v] for (a, r), v in self.given.items()),
            "scheme": self.scheme.name,
        }


EMPTY_ROWS_LABEL = "Rows not filled in yet"
RULE_WHY = {
    ONE_ACCOUNTABLE: "With two A's nobody is clearly answerable; with none, nobody answers for the result at all.",
    SOME_RESPONSIBLE: "Without an R the work has an owner on paper but nobody who actually does it.",
}
Rows = dict[str, dict[str, str]]


def answer_matrix(exercise: RaciGrid, answer: Rows | None) -> RaciMatrix:
    """Given cells plus the learner's cells, as the scorer (and the widget) sees them."""
    rows: dict[str, dict[str, object]] = {}
    for activity in exercise.activities:
        row: dict[str, object] = dict((answer or {}).get(activity, {}))
        for (given_activity, role), text in exercise.given.items():
            if given_activity == activity:
                row[role] = text
        rows[activity] = row
    return RaciMatrix.from_rows(rows, exercise.roles, exercise.scheme)


@register
class RaciGridType(ExerciseType[RaciGrid]):
    name = "raci_grid"
    label = "RACI grid"
    definition = RaciGrid
    partial_credit = ("per_cell", "none")
    fields = ("roles", "answer", "given", "explanations", "rules", "rule_points", "scheme")
    judging = Judging(noun="row")
    variant_fields = ("roles", "answer", "given", "explanations")

    # --- the definition ---------------------------------------------------------------------------------------

    def parse(self, f: Fields, common: dict[str, Any]) -> RaciGrid:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        scheme = SCHEMES[f.choice("scheme", SCHEMES, "RACI")]
        roles = f.texts("roles", allow_empty=False)
        key = self._key(f, roles, scheme)
        given: dict[tuple[str, str], str] = {}
        for g in f.records("given", []):
            g.reject_unknown(("activity", "role"))
            activity = key_in(g, "activity", g.text("activity"), list(key.activities), "activitie")
            role = key_in(g, "role", g.text("role"), list(roles), "role")
            given[(activity, role)] = str(key.cell(activity, role))
        explanations = f.mapping("explanations")
        for activity in key.activities:
            if not explanations.has(activity):
                raise explanations.error(activity, "is missing: every activity needs an explanation of its letters")
        explanation_texts = {activity: explanations.text(activity) for activity in key.activities}
        for name in explanations.data:
            if name not in key.activities:
                raise explanations.error(str(name), "is not an activity of this grid")
        rules = f.texts("rules", ())
        for index, rule in enumerate(rules):
            if rule not in RACI_RULES:
                raise DataFileError(
                    f.file, f"{f.where('rules')}[{index}]", f"expected one of {', '.join(RACI_RULES)}, got {rule!r}"
                )
        rule_points = float(f.number("rule_points", 0))
        if rules and not 0 < rule_points < common["points"]:
            raise f.error("rule_points", "expected a positive share of the points when rules are named")
        if not rules and rule_points:
            raise f.error("rule_points", "rule points need at least one rule in `rules`")
        if not [c for c in ((a, r) for a in key.activities for r in roles) if c not in given]:
            raise f.error("given", "every cell is given: leave some for the learner")
        return RaciGrid(
            **common,
            key=key,
            given=given,
            explanations=explanation_texts,
            rules=rules,
            rule_points=rule_points,
            scheme=scheme,
        )

    @staticmethod
    def _key(f: Fields, roles: tuple[str, ...], scheme: Any) -> RaciMatrix:
        rows: dict[str, dict[str, object]] = {}
        for row in f.records("answer", allow_empty=False):
            row.reject_unknown(("activity", *roles))
            activity = row.text("activity")
            if activity in rows:
                raise row.error("activity", f"duplicate activity {activity!r}")
            cells: dict[str, object] = {}
            for role in roles:
                try:
                    cells[role] = str(parse_cell(row.raw(role, ""), scheme, where=f"{activity!r} x {role!r}"))
                except CellError as err:
                    raise row.error(role, str(err)) from None
            rows[activity] = cells
        return RaciMatrix.from_rows(rows, roles, scheme)

    # --- an answer --------------------------------------------------------------------------------------------

    def normalise(self, exercise: RaciGrid, answer: Any) -> Rows:
        if hasattr(answer, "to_dict") and hasattr(answer, "index") and hasattr(answer, "columns"):
            answer = {str(a): {str(r): answer.at[a, r] for r in answer.columns} for a in answer.index}
        if not isinstance(answer, Mapping):
            raise AnswerError(
                f"{exercise.id}: expected {{activity: {{role: letters}}}} or a DataFrame, got {type_name(answer)}"
            )
        out: Rows = {}
        for activity, row in answer.items():
            if activity not in exercise.activities:
                raise AnswerError(f"{exercise.id}: {str(activity)[:80]!r} is not an activity of this grid")
            if not isinstance(row, Mapping):
                raise AnswerError(
                    f"{exercise.id}: the row for {activity!r} must map role to letters, got {type_name(row)}"
                )
            cells = {}
            for role, text in row.items():
                if role not in exercise.roles:
                    raise AnswerError(f"{exercise.id}: {str(role)[:80]!r} is not a role of this grid")
                if (activity, role) in exercise.given:
                    continue
                try:
                    cell = str(parse_cell(text, exercise.scheme, where=f"{activity!r} x {role!r}"))
                except CellError as err:
                    raise AnswerError(f"{exercise.id}: {err}") from None
                if cell:
                    cells[role] = cell
            if cells:
                out[activity] = {r: cells[r] for r in exercise.roles if r in cells}
        return {a: out[a] for a in exercise.activities if a in out}

    def score(self, exercise: RaciGrid, answer: Rows) -> Score:
        key = exercise.key
        assert key is not None  # a parsed grid always has its key

        def wrong_cells(matrix: RaciMatrix, activity: str, cells: list[tuple[str, str]]) -> list[str]:
            return [
                role for _, role in cells if matrix.cell(activity, role).letters != key.cell(activity, role).letters
            ]

        return self._score_rows(exercise, answer, wrong_cells, sealed=False)

    def _score_rows(self, exercise: RaciGrid, answer: Rows, wrong_cells: Any, *, sealed: bool) -> Score:
        """Score row by row; `wrong_cells(matrix, activity, cells)` says which roles of a row are wrong."""
        matrix = answer_matrix(exercise, answer)
        scored = exercise.scored_cells
        scored_set = set(scored)
        unit = (exercise.points - exercise.rule_points) / len(scored)
        parts = []
        total_wrong = 0
        empty_rows: list[str] = []
        empty_points = 0.0
        for activity in exercise.activities:
            cells = [(activity, role) for role in exercise.roles if (activity, role) in scored_set]
            if not cells:
                continue
            if not answer.get(activity):
                # A row the learner has not touched earns nothing, even where the key is blank. It is
                # listed once with the other empty rows: it shows no misconception, only unfinished work.
                total_wrong += len(cells)
                empty_rows.append(activity)
                empty_points += unit * len(cells)
                continue
            wrong = wrong_cells(matrix, activity, cells)
            total_wrong += len(wrong)
            if sealed:
                explanation, misconception = _sealed_row(exercise, matrix, activity, cells, wrong)
                parts.append(self._row_part(exercise, matrix, activity, cells, wrong, unit, explanation, misconception))
            else:
                parts.append(self._row_part(exercise, matrix, activity, cells, wrong, unit))
        if empty_rows:
            feedback = f"Still empty: {'; '.join(empty_rows)}. Fill them in, then check again."
            parts.append(Part(EMPTY_ROWS_LABEL, 0.0, empty_points, False, feedback))
        parts += self._rule_parts(exercise, matrix, empty_rows)
        if exercise.partial_credit == "none" and total_wrong:
            parts = without_credit(parts)
        right = len(scored) - total_wrong
        return finish(exercise, parts, f"{right} of {len(scored)} cells match the key.")

    @staticmethod
    def _row_part(
        exercise: RaciGrid,
        matrix: RaciMatrix,
        activity: str,
        cells: list[tuple[str, str]],
        wrong: list[str],
        unit: float,
        explanation: str | None = None,
        misconception: str | None = None,
    ) -> Part:
        """One answered row. `explanation` and `misconception` come from the sealed key in practice."""
        if explanation is None:
            explanation = exercise.explanations[activity]
            misconception = _misconception(matrix, exercise, activity) if wrong else None
        given = ", ".join(f"{r}: {matrix.cell(activity, r) or '–'}" for r in exercise.roles)
        if not wrong:
            feedback = explanation
        else:
            feedback = f"{len(wrong)} of {len(cells)} cells differ from the key ({', '.join(wrong)})."
            problems = [p.message for p in activity_problems(matrix, activity)]
            if problems:
                feedback += " " + " ".join(problems)
        return Part(
            activity,
            unit * (len(cells) - len(wrong)),
            unit * len(cells),
            not wrong,
            feedback,
            explanation,
            given,
            misconception,
        )

    def practice_view(self, exercise: RaciGrid, answer: Rows, full: Score) -> Score:
        """A row that breaks a RACI rule is not judged cell by cell: it gets the rule it breaks, which says
        nothing about the key. The other rows follow the shared rule; when every row filled in breaks a
        rule, nothing is judged."""
        matrix = answer_matrix(exercise, answer)
        broken = {a: activity_problems(matrix, a) for a in exercise.activities if answer.get(a)}
        broken = {a: problems for a, problems in broken.items() if problems}
        parts = tuple(_rule_only(p, broken[p.label]) if p.label in broken else p for p in full.parts)
        if broken and len(broken) == len(answer):
            kept = tuple(p for p in parts if p.given is None and p.label in broken)
            return not_judged(full, ALL_ROWS_BROKEN, kept)
        # The rules' own parts say nothing about the key: they are always shown, and their points do not
        # count towards "mostly right".
        rules = parts[len(parts) - len(exercise.rules) :]
        cells = replace(
            full, points=full.points - sum(p.points for p in rules), max_points=full.max_points - exercise.rule_points
        )
        judged = disclose(replace(cells, parts=parts[: len(parts) - len(rules)]), self.judging_of(exercise))
        return replace(full, summary=judged.summary, parts=judged.parts + rules)

    # --- the learner edition: one sealed entry per scored cell, holding its letters -------------------------

    def learner_definition(self, exercise: RaciGrid) -> RaciGrid:
        return replace(
            exercise,
            key=None,
            explanations={},
            activity_names=exercise.activities,
            role_names=exercise.roles,
        )

    def seal(self, exercise: RaciGrid, sealer: Sealer) -> None:
        assert exercise.key is not None
        scored = set(exercise.scored_cells)
        for activity in exercise.activities:
            roles = [r for r in exercise.roles if (activity, r) in scored]
            letters = [str(exercise.key.cell(activity, r)) for r in roles]
            for role, text in zip(roles, letters, strict=True):
                sealer.add(_cell_part(activity, role), text, {"right": True})
            if roles:
                sealer.add(_row_key(activity), letters, {"right": True, "feedback": exercise.explanations[activity]})
            holders = exercise.key.holders(activity, "A")
            if holders:
                sealer.add(_accountable_key(activity), list(holders), {"right": True})

    def check_sealed(self, exercise: RaciGrid, answer: Rows) -> Score:
        def wrong_cells(matrix: RaciMatrix, activity: str, cells: list[tuple[str, str]]) -> list[str]:
            return [
                role
                for _, role in cells
                if not open_value(exercise, _cell_part(activity, role), str(matrix.cell(activity, role))).right
            ]

        return self._score_rows(exercise, answer, wrong_cells, sealed=True)

    @staticmethod
    def _rule_parts(exercise: RaciGrid, matrix: RaciMatrix, empty_rows: list[str]) -> list[Part]:
        if not exercise.rules:
            return []
        rule_unit = exercise.rule_points / len(exercise.rules)
        parts = []
        for rule in exercise.rules:
            broken = [
                p.activity
                for a in exercise.activities
                if a not in empty_rows
                for p in activity_problems(matrix, a)
                if p.rule == rule
            ]
            ok = not broken and not empty_rows
            if broken:
                shown = ", ".join(str(b) for b in broken[:4]) + ("…" if len(broken) > 4 else "")
                feedback = f"Broken in {len(broken)} row(s): {shown}."
            elif empty_rows:
                feedback = "Kept in the rows filled in so far; it earns its points once every row keeps it."
            else:
                feedback = "Kept in every row."
            parts.append(
                Part(f"Rule: {RULE_TEXT[rule]}", rule_unit if ok else 0.0, rule_unit, ok, feedback, RULE_WHY[rule])
            )
        return parts

    # --- words ------------------------------------------------------------------------------------------------

    def describe_progress(self, exercise: RaciGrid, answer: Rows) -> str:
        done = sum(1 for a in exercise.activities if a in answer)
        return f"{done} of {len(exercise.activities)} activities"

    def describe_answer(self, exercise: RaciGrid, answer: Rows) -> str:
        return "\n".join(
            f"{activity}: " + ", ".join(f"{role} {letters}" for role, letters in row.items())
            for activity, row in answer.items()
        )

    def reveal_key(self, exercise: RaciGrid, answer: Any) -> str:
        return ""

    def key_in_words(self, exercise: RaciGrid) -> str:
        if exercise.key is None:
            return ""
        rows = []
        for activity in exercise.activities:
            holders = [
                f"{role} {exercise.key.cell(activity, role)}"
                for role in exercise.roles
                if "R" in str(exercise.key.cell(activity, role)) or "A" in str(exercise.key.cell(activity, role))
            ]
            rows.append(f"{activity}: {', '.join(holders)}")
        return "; ".join(rows) + " (C and I cells: see the solution notebook)"

    def misconception_lines(self, exercise: RaciGrid) -> tuple[str, list[str]]:
        return MISCONCEPTIONS, [
            "- The scorer names classic slips per row: *shared accountability (more than one A)*, *nobody "
            "accountable (no A)*, *accountable without anyone responsible (no R)*, and *accountability given to "
            "the wrong role*. Rows left empty are listed, not counted as misconceptions."
        ]

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: RaciGrid) -> Rows:
        key = exercise.key
        assert key is not None
        return {a: {r: str(key.cell(a, r)) for r in exercise.roles} for a in exercise.activities}

    def sample_answers(self, exercise: RaciGrid, rng: random.Random) -> Iterator[Any]:
        yield None
        cells = [format_cell(c) for c in exercise.scheme.valid_cells()]
        key = self.key_answer(exercise)
        yield key
        for activity, role in exercise.scored_cells:
            for cell in cells:
                yield {**key, activity: {**key[activity], role: cell}}
        for activity in exercise.activities:
            yield {a: row for a, row in key.items() if a != activity}
            yield {activity: key[activity]}
        for _ in range(25):
            yield {a: {r: rng.choice(cells) for r in exercise.roles} for a in exercise.activities if rng.random() < 0.8}

    def wrong_answers(self, exercise: RaciGrid) -> list[WrongAnswer]:
        """Each scored cell given a wrong letter (the rest of the grid right): the row's feedback says how many
        cells differ and which rule the row breaks; the slip, if the row shows one, reaches the report."""
        key = self.key_answer(exercise)
        found = []
        for activity, role in exercise.scored_cells:
            right = key[activity][role]
            wrong = next(format_cell(c) for c in exercise.scheme.valid_cells() if format_cell(c) not in ("", right))
            answer = {**key, activity: {**key[activity], role: wrong}}
            found.append(WrongAnswer(answer, f"{activity!r} x {role!r} given {wrong!r}"))
        return found

    def blind_answers(self, exercise: RaciGrid) -> list[BlindAnswer]:
        open_cells = exercise.scored_cells
        found = []
        for cell in exercise.scheme.valid_cells():
            letters = format_cell(cell)
            if letters:
                answer = _fill(exercise, {(a, r): letters for a, r in open_cells})
                found.append(BlindAnswer(f"{letters} in every open cell", answer))
        # One A per row on the first open role, R everywhere else: keeps both rules without knowing anyone's job.
        by_rule: dict[tuple[str, str], str] = {}
        for activity in exercise.activities:
            roles = [r for a, r in open_cells if a == activity]
            for index, role in enumerate(roles):
                by_rule[(activity, role)] = "A" if index == 0 else "R"
        found.append(BlindAnswer("A on the first open role of each row, R on the others", _fill(exercise, by_rule)))
        return found

    def blind_strategies(self, exercise: RaciGrid) -> list[BlindStrategy]:
        return [
            *super().blind_strategies(exercise),
            BlindStrategy("one A and R elsewhere in each row, then change the cells marked wrong", _letters(exercise)),
        ]

    def reordered(self, exercise: RaciGrid, rng: random.Random) -> RaciGrid:
        """Rows and roles in another order (a learner edition's definition: its rows and roles are its own)."""
        activities = tuple(rng.sample(exercise.activities, len(exercise.activities)))
        roles = tuple(rng.sample(exercise.roles, len(exercise.roles)))
        return replace(exercise, key=None, activity_names=activities, role_names=roles)

    def key_names(self, exercise: RaciGrid) -> KeyNames:
        return KeyNames((), exercise.prompt)  # the roles and activities are all shown

    def key_traces(self, exercise: RaciGrid) -> KeyTraces:
        key = exercise.key
        assert key is not None
        whole_key = self.normalise(exercise, self.key_answer(exercise))
        forms = list(json_forms(whole_key))
        mappings: list[Mapping[str, Any]] = [whole_key]
        scored = set(exercise.scored_cells)
        for activity in exercise.activities:
            row = {r: str(key.cell(activity, r)) for r in exercise.roles if (activity, r) in scored}
            filled = {r: v for r, v in row.items() if v}
            if len(filled) >= 2:
                forms += [*json_forms(filled), *json_forms(row)]
                mappings += [filled, row]
            whole = [f"{r}: {key.cell(activity, r)}" for r in exercise.roles if str(key.cell(activity, r))]
            forms.append(f"{{activity: {activity}, {', '.join(whole)}}}")
        return KeyTraces(file_forms=tuple(forms), texts=tuple(exercise.explanations.values()), mappings=tuple(mappings))

    def early_texts(self, exercise: RaciGrid) -> list[EarlyText]:
        # The key is letters in cells: a hint gives it away when it pairs a letter (or what a letter means)
        # with a role or a row, so the rows and roles are the key of a hint that speaks of letters.
        key = (*exercise.activities, *exercise.roles, "role")
        return hint_texts(exercise, key, (), (exercise.prompt,), only_with=LETTER_TALK)

    def learner_texts(self, exercise: RaciGrid) -> list[str]:
        return [exercise.title, exercise.prompt, *exercise.hints, *exercise.activities, *exercise.roles]

    def option_groups(self, exercise: RaciGrid) -> list[OptionGroup]:
        return []


WRONG_ROLES = re.compile(r"differ[^(]*\(([^)]*)\)")
"""How a row's feedback names its wrong cells, as a learner reads it."""


def _letters(exercise: RaciGrid) -> Any:
    """Blind play: every row keeps the rules (one A, at least one R) with letters tried in a fixed order;
    a row marked right is kept, and each cell a row's feedback names as wrong gets its next letter."""
    cells = [format_cell(c) for c in exercise.scheme.valid_cells()]
    plain = [c for c in cells if "A" not in c]
    plain = [c for c in plain if c] + [""]
    accountable = [c for c in cells if "A" in c]
    open_roles = {a: [r for a2, r in exercise.scored_cells if a2 == a] for a in exercise.activities}

    def play(check: Check) -> Iterator[Any]:
        roles = {a: rs for a, rs in open_roles.items() if rs}
        fixed: dict[tuple[str, str], str] = {}
        tried: dict[tuple[str, str], set[str]] = {c: set() for c in exercise.scored_cells}

        def row(activity: str) -> dict[str, str]:
            out = {r: fixed[(activity, r)] for r in roles[activity] if (activity, r) in fixed}
            shown = [v for (a, _), v in exercise.given.items() if a == activity]
            holder = next((r for r, v in out.items() if "A" in v), None)
            if holder is None and not any("A" in v for v in shown):
                for role in roles[activity]:
                    left = [c for c in accountable if c not in tried[(activity, role)]]
                    if role not in out and left:
                        out[role] = left[0]
                        break
            for role in roles[activity]:
                if role not in out:
                    out[role] = next((c for c in plain if c not in tried[(activity, role)]), "")
            if not any("R" in v for v in [*out.values(), *shown]):
                free = [r for r in roles[activity] if (activity, r) not in fixed and "R" not in tried[(activity, r)]]
                holder = next((r for r, v in out.items() if "A" in v and (activity, r) not in fixed), None)
                if free:
                    out[free[-1]] = "R"
                elif holder is not None:
                    out[holder] = "R/A"
            return {r: out[r] for r in roles[activity]}

        while True:
            answer = {a: row(a) for a in roles}
            yield answer
            result = check(answer)
            if is_right(result):
                return
            learnt = len(fixed) + sum(len(t) for t in tried.values())
            for part in result.parts:
                if part.label not in roles:
                    continue
                wrong_roles = WRONG_ROLES.search(part.feedback)
                if not part.correct and wrong_roles is None:
                    continue
                named = set(wrong_roles.group(1).split(", ")) if wrong_roles and not part.correct else set()
                for role in roles[part.label]:
                    letters = answer[part.label][role]
                    if role in named:
                        tried[(part.label, role)].add(letters)
                    else:
                        fixed[(part.label, role)] = letters
            if len(fixed) + sum(len(t) for t in tried.values()) == learnt:
                return

    return play


ALL_ROWS_BROKEN = (
    "Every row you filled in breaks a RACI rule (exactly one A and at least one R in each row), so its cells "
    "cannot be judged yet: one letter everywhere, or letters in turn, says nothing about who does the work. "
    "Give each row the one role that answers for it (A) and the roles that do it (R), then check again."
)


def _rule_only(part: Part, problems: list[Any]) -> Part:
    """A row that breaks a rule, judged by the rule alone: no cell is named and no explanation is shown."""
    feedback = "This row breaks a rule, so its cells are not judged yet: " + " ".join(p.message for p in problems)
    return replace(part, feedback=feedback, explanation="", given=None)


def _fill(exercise: RaciGrid, cells: Mapping[tuple[str, str], str]) -> Rows:
    """A grid answer from (activity, role) → letters."""
    rows: Rows = {}
    for (activity, role), letters in cells.items():
        rows.setdefault(activity, {})[role] = letters
    return rows


def _misconception(matrix: RaciMatrix, exercise: RaciGrid, activity: str) -> str | None:
    """Name the classic RACI slips a wrong row shows, for the class report."""
    slip = _row_slip(matrix, activity)
    if slip:
        return slip
    accountable = matrix.holders(activity, "A")
    key_a = exercise.key.holders(activity, "A") if exercise.key else ()
    if accountable and key_a and accountable != key_a:
        return misplaced_accountability(accountable[0])
    return None


def misplaced_accountability(role: str) -> str:
    """The slip of an A on the wrong role, worded alike in practice and in grading, naming no key."""
    return f"Accountability given to {role}, who does not hold it"


def _row_slip(matrix: RaciMatrix, activity: str) -> str | None:
    """The slips a row shows by itself, without the key."""
    accountable = matrix.holders(activity, "A")
    if len(accountable) > 1:
        return "Shared accountability (more than one A)"
    if not accountable and any(not c.is_blank for c in matrix.row(activity).values()):
        return "Nobody accountable (no A)"
    if not matrix.holders(activity, "R") and accountable:
        return f"{matrix.scheme.meaning('A')} without anyone responsible (no R)"
    return None


def _sealed_row(
    exercise: RaciGrid, matrix: RaciMatrix, activity: str, cells: list[tuple[str, str]], wrong: list[str]
) -> tuple[str, str | None]:
    """A row's explanation (opened only by the right row) and its slip, never naming the key's role."""
    if not wrong:
        letters = [str(matrix.cell(activity, role)) for _, role in cells]
        return open_value(exercise, _row_key(activity), letters).feedback, None
    slip = _row_slip(matrix, activity)
    accountable = matrix.holders(activity, "A")
    if slip is None and accountable and not open_value(exercise, _accountable_key(activity), accountable).right:
        slip = misplaced_accountability(accountable[0])
    return "", slip


def _cell_part(activity: str, role: str) -> str:
    return json.dumps(["cell", activity, role], ensure_ascii=False)


def _row_key(activity: str) -> str:
    return json.dumps(["row", activity], ensure_ascii=False)


def _accountable_key(activity: str) -> str:
    return json.dumps(["accountable", activity], ensure_ascii=False)
