"""scenario: read an organisation's profile, pick a topology, then the reasons that justify it."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from course.datafile import Fields
from course.exercises.answer_forms import AnswerError, choice_id, choice_ids, type_name
from course.exercises.answer_samples import choice_sets, json_forms
from course.exercises.blind_play import BlindStrategy, Check, ChoiceSetSearch, is_right
from course.exercises.disclosure import Judging, disclose
from course.exercises.model import COMMON_FIELDS, Choice, Exercise, key_in, parse_choices, require_misconceptions
from course.exercises.practice_key import Sealer, held_key
from course.exercises.results import Part, Score, choice_part, finish, select_parts, status_for
from course.exercises.sealed_parts import (
    bare_choices,
    missing_counted,
    open_value,
    picked_choice_part,
    picked_select_parts,
    seal_choices,
    ticked_too_many,
)
from course.exercises.status import Status
from course.exercises.type_interface import (
    BlindAnswer,
    EarlyText,
    ExerciseType,
    KeyNames,
    KeyTraces,
    OptionGroup,
    WrongAnswer,
    hint_texts,
    question_text,
    wrong_pick_texts,
)
from course.exercises.type_registry import register
from course.exercises.wording import MISCONCEPTIONS, short


@dataclass(frozen=True)
class Scenario(Exercise):
    """An organisation profile: pick a topology, then the reasons that justify it."""

    profile: tuple[tuple[str, str], ...] = ()
    topologies: tuple[Choice, ...] = ()
    topology_key: str = ""
    topology_points: float = 0.0
    reasons: tuple[Choice, ...] = ()
    reasons_key: frozenset[str] = frozenset()
    reasons_points: float = 0.0

    def topology(self, topology_id: str) -> Choice:
        return next(c for c in self.topologies if c.id == topology_id)

    def learner_view(self) -> dict[str, Any]:
        return {
            **super().learner_view(),
            "profile": [list(p) for p in self.profile],
            "topologies": [[c.id, c.text] for c in self.topologies],
            "reasons": [[c.id, c.text] for c in self.reasons],
        }


@register
class ScenarioType(ExerciseType[Scenario]):
    name = "scenario"
    label = "scenario"
    definition = Scenario
    partial_credit = ("per_part", "none")
    fields = ("profile", "topology", "reasons")
    parts_are_choices = True
    judging = Judging(explained=1, counts=False, judge_all_from=None, noun="reason")
    """For the reasons; the topology, one pick, is always marked."""

    def parse(self, f: Fields, common: dict[str, Any]) -> Scenario:
        f.reject_unknown((*COMMON_FIELDS, *self.fields))
        profile = f.mapping("profile")
        facts = tuple((str(k), profile.text(str(k))) for k in profile.data)
        if not facts:
            raise f.error("profile", "expected at least one fact about the organisation")
        topologies, topology_key, topology_points = self._part(f.mapping("topology"), single=True)
        reasons, reasons_key, reasons_points = self._part(f.mapping("reasons"), single=False)
        if abs(topology_points + reasons_points - common["points"]) > 1e-9:
            raise f.error("points", "expected the sum of topology.points and reasons.points")
        return Scenario(
            **common,
            profile=facts,
            topologies=topologies,
            topology_key=topology_key,
            topology_points=topology_points,
            reasons=reasons,
            reasons_key=reasons_key,
            reasons_points=reasons_points,
        )

    @staticmethod
    def _part(p: Fields, *, single: bool) -> tuple[tuple[Choice, ...], Any, float]:
        p.reject_unknown(("choices", "answer", "points"))
        choices = parse_choices(p)
        ids = [c.id for c in choices]
        key: Any
        if single:
            key = key_in(p, "answer", p.text("answer"), ids)
            correct = {key}
        else:
            key = frozenset(key_in(p, "answer", k, ids) for k in p.texts("answer", allow_empty=False))
            correct = set(key)
        require_misconceptions(p, "choices", choices, correct)
        points = float(p.number("points"))
        if points <= 0:
            raise p.error("points", "expected a positive number")
        return choices, key, points

    def normalise(self, exercise: Scenario, answer: Any) -> dict[str, Any]:
        if not isinstance(answer, Mapping):
            raise AnswerError(f"{exercise.id}: expected {{'topology': id, 'reasons': [ids]}}, got {type_name(answer)}")
        unknown = set(answer) - {"topology", "reasons"}
        if unknown:
            raise AnswerError(
                f"{exercise.id}: unexpected part {sorted(map(str, unknown))[0]!r}; expected 'topology' and 'reasons'"
            )
        out: dict[str, Any] = {}
        if answer.get("topology") not in (None, ""):
            out["topology"] = choice_id(exercise, exercise.topologies, answer["topology"], "topology")
        if answer.get("reasons"):
            out["reasons"] = choice_ids(exercise, exercise.reasons, answer["reasons"], "reason")
        return out

    def score(self, exercise: Scenario, answer: dict[str, Any]) -> Score:
        topology = answer.get("topology")
        if topology is None:
            topo = _no_topology(exercise)
        else:
            topo = choice_part(exercise.topology(topology), exercise.topology_points, topology == exercise.topology_key)
        selected = set(answer.get("reasons", []))
        reasons = select_parts(exercise.reasons, exercise.reasons_key, selected, exercise.reasons_points)
        right = len(selected & exercise.reasons_key)
        return _finish(exercise, topo, reasons, right, len(selected), len(exercise.reasons_key))

    def learner_definition(self, exercise: Scenario) -> Scenario:
        return replace(
            exercise,
            topologies=bare_choices(exercise.topologies),
            topology_key="",
            reasons=bare_choices(exercise.reasons),
            reasons_key=frozenset(),
        )

    def seal(self, exercise: Scenario, sealer: Sealer) -> None:
        seal_choices(sealer, "topology", exercise.topologies, {exercise.topology_key})
        # A right reason's feedback often names the topology it argues for ("the chapter's case for
        # embedded teams"): it is sealed under the right topology and that reason together, so only a
        # learner who has the topology right reads it; the reason's own entry says only "right".
        wrong = tuple(c for c in exercise.reasons if c.id not in exercise.reasons_key)
        seal_choices(sealer, "reason", wrong, set())
        for reason in exercise.reasons:
            if reason.id in exercise.reasons_key:
                sealer.add("reason", reason.id, {"right": True})
                sealer.add(
                    "reason explained", [exercise.topology_key, reason.id], {"right": True, "feedback": reason.feedback}
                )
        sealer.counts["reasons"] = len(exercise.reasons_key)

    def check_sealed(self, exercise: Scenario, answer: dict[str, Any]) -> Score:
        topology = answer.get("topology")
        if topology is None:
            topo = _no_topology(exercise)
        else:
            topo = picked_choice_part(exercise, "topology", exercise.topology(topology), exercise.topology_points)
        count = int(exercise.practice.counts["reasons"])
        selected = set(answer.get("reasons", []))
        reasons, right = picked_select_parts(
            exercise, "reason", exercise.reasons, selected, exercise.reasons_points, count, "right reason"
        )
        reasons = [_explained(exercise, part, topology) for part in reasons]
        return _finish(exercise, topo, reasons, right, len(selected), count)

    def practice_view(self, exercise: Scenario, answer: dict[str, Any], full: Score) -> Score:
        """The topology marked as a single choice is; the reasons as a multiple select's options are (one
        wrong reason explained at a time, none when more are ticked than are right), right ones explained
        only beside the right topology, and no points before the whole answer is right."""
        topology, *rest = full.parts
        reasons = missing_counted(tuple(rest), exercise.reasons, "right reason")
        if not topology.correct:
            reasons = tuple(_without_topology(p) for p in reasons)
        ticked = len(answer.get("reasons", []))
        too_many = ticked_too_many(ticked, len(exercise.reasons), _reason_count(exercise), "reason")
        if too_many:
            reasons, note = (), too_many
        elif ticked:
            points = sum(p.points for p in reasons)
            maximum = exercise.reasons_points
            judged = disclose(
                Score(exercise.id, points, maximum, status_for(points, maximum), "", reasons), self.judging
            )
            reasons, note = judged.parts, judged.summary.removeprefix("Not right yet.").strip()
        else:
            note = "No reasons ticked yet."
        head = "Topology right" if topology.correct else "Topology not right yet"
        summary = f"Not right yet. {head}. {note}".strip()
        return Score(exercise.id, 0.0, exercise.points, Status.INCORRECT, summary, (topology, *reasons))

    def live_options(self, exercise: Scenario) -> tuple[str, list[tuple[str, str]]]:
        return "option", [(c.id, c.text) for c in exercise.topologies]

    def picked(self, exercise: Scenario, answer: dict[str, Any]) -> list[str]:
        topology = answer.get("topology")
        return [topology] if topology else []

    def key_options(self, exercise: Scenario) -> frozenset[str]:
        return frozenset({exercise.topology_key})

    def describe_progress(self, exercise: Scenario, answer: dict[str, Any]) -> str:
        parts = []
        if "topology" in answer:
            parts.append(f"topology {answer['topology']}")
        parts.append(f"{len(answer.get('reasons', []))} reasons")
        return ", ".join(parts)

    def describe_answer(self, exercise: Scenario, answer: dict[str, Any]) -> str:
        topologies = {c.id: c.text for c in exercise.topologies}
        reasons = {c.id: c.text for c in exercise.reasons}
        lines = [f"Topology: {topologies.get(answer.get('topology', ''), '(none)')}"]
        lines += [f"Reason: {reasons[r]}" for r in answer.get("reasons", [])]
        return "\n".join(lines)

    def reveal_key(self, exercise: Scenario, answer: Any) -> str:
        if (answer or {}).get("topology") == exercise.topology_key:
            return ""
        right = exercise.topology(exercise.topology_key)
        return f"{right.text}. {right.feedback}"

    def key_in_words(self, exercise: Scenario) -> str:
        topology = exercise.topology(exercise.topology_key).text
        reasons = "; ".join(short(c.text, 50) for c in exercise.reasons if c.id in exercise.reasons_key)
        return f"{short(topology)}. Reasons: {reasons}"

    def misconception_lines(self, exercise: Scenario) -> tuple[str, list[str]]:
        lines = [
            f"- *{c.misconception}* (topology: {c.text})" for c in exercise.topologies if c.id != exercise.topology_key
        ]
        lines += [
            f"- *{c.misconception}* (reason: {c.text})" for c in exercise.reasons if c.id not in exercise.reasons_key
        ]
        return MISCONCEPTIONS, lines

    # --- what the tests walk --------------------------------------------------------------------------------

    def key_answer(self, exercise: Scenario) -> dict[str, Any]:
        return {"topology": exercise.topology_key, "reasons": sorted(exercise.reasons_key)}

    def sample_answers(self, exercise: Scenario, rng: random.Random) -> Iterator[Any]:
        yield None
        topologies = [c.id for c in exercise.topologies]
        for reasons in choice_sets([c.id for c in exercise.reasons], set(exercise.reasons_key), rng):
            yield {"topology": rng.choice(topologies), "reasons": reasons}
            yield {"reasons": reasons}
        for topology in topologies:
            yield {"topology": topology, "reasons": sorted(exercise.reasons_key)}
            yield {"topology": topology}

    def wrong_answers(self, exercise: Scenario) -> list[WrongAnswer]:
        context = self._context(exercise)
        topology = exercise.topology(exercise.topology_key).text
        right_reasons = tuple(c.text for c in exercise.reasons if c.id in exercise.reasons_key)
        found = [
            WrongAnswer(
                {"topology": c.id},
                f"topology: wrong pick {c.id!r}",
                c.feedback,
                c.misconception,
                KeyNames(((topology,),), f"{context} {c.text}"),
            )
            for c in exercise.topologies
            if c.id != exercise.topology_key
        ]
        found += [
            WrongAnswer(
                {"topology": exercise.topology_key, "reasons": [*sorted(exercise.reasons_key)[1:], c.id]},
                f"reasons: wrong pick {c.id!r}",
                c.feedback,
                c.misconception,
                KeyNames((right_reasons, (topology,)), f"{context} {c.text}"),
            )
            for c in exercise.reasons
            if c.id not in exercise.reasons_key
        ]
        return found

    def blind_answers(self, exercise: Scenario) -> list[BlindAnswer]:
        every_reason = [c.id for c in exercise.reasons]
        return [
            BlindAnswer(f"topology {c.id!r} with every reason ticked", {"topology": c.id, "reasons": every_reason})
            for c in exercise.topologies
        ] + [
            BlindAnswer(
                "the first topology and the first reason",
                {"topology": exercise.topologies[0].id, "reasons": every_reason[:1]},
            )
        ]

    def blind_strategies(self, exercise: Scenario) -> list[BlindStrategy]:
        topologies = [c.id for c in exercise.topologies]
        reasons = [c.id for c in exercise.reasons]
        return [
            *super().blind_strategies(exercise),
            BlindStrategy(
                "each topology in turn, every reason ticked, keep what is marked right",
                _search(topologies, reasons, lambda n: n),
            ),
            BlindStrategy(
                "each topology in turn, half the reasons at a time",
                _search(topologies, reasons, lambda n: (n + 1) // 2),
            ),
            BlindStrategy("each topology in turn, one reason at a time", _search(topologies, reasons, lambda n: 1)),
        ]

    def reordered(self, exercise: Scenario, rng: random.Random) -> Scenario:
        topologies = tuple(rng.sample(exercise.topologies, len(exercise.topologies)))
        return replace(
            exercise, topologies=topologies, reasons=tuple(rng.sample(exercise.reasons, len(exercise.reasons)))
        )

    def key_names(self, exercise: Scenario) -> KeyNames:
        return KeyNames(((exercise.topology(exercise.topology_key).text,),), self._context(exercise))

    def key_traces(self, exercise: Scenario) -> KeyTraces:
        answer = self.normalise(exercise, self.key_answer(exercise))
        reasons = sorted(exercise.reasons_key)
        return KeyTraces(
            file_forms=(
                *json_forms(answer),
                *json_forms(reasons),
                f"answer: {exercise.topology_key}\n",
                f"answer: [{', '.join(reasons)}]",
            ),
            texts=(
                exercise.topology(exercise.topology_key).feedback,
                *(c.feedback for c in exercise.reasons if c.id in exercise.reasons_key),
            ),
            id_sets=(tuple(reasons),),
        )

    def early_texts(self, exercise: Scenario) -> list[EarlyText]:
        question = self._question(exercise)
        topology = exercise.topology(exercise.topology_key).text
        right_reasons = tuple(c.text for c in exercise.reasons if c.id in exercise.reasons_key)
        keyed = {exercise.topology_key, *exercise.reasons_key}
        others = tuple(c.text for c in (*exercise.topologies, *exercise.reasons) if c.id not in keyed)
        return [
            *wrong_pick_texts(
                f"{exercise.id} topology", question, exercise.topologies, frozenset({exercise.topology_key})
            ),
            # A wrong reason's feedback must not name the keyed topology either.
            *wrong_pick_texts(f"{exercise.id} reasons", question, exercise.reasons, exercise.reasons_key, (topology,)),
            *hint_texts(exercise, (topology, *right_reasons), (question, *others), (question,)),
        ]

    def learner_texts(self, exercise: Scenario) -> list[str]:
        options = (*exercise.topologies, *exercise.reasons)
        return [
            exercise.title,
            exercise.prompt,
            *exercise.hints,
            *(value for _, value in exercise.profile),
            *(c.text for c in options),
        ]

    def option_groups(self, exercise: Scenario) -> list[OptionGroup]:
        question = self._question(exercise)
        return [
            OptionGroup(
                f"{exercise.id} topology", exercise.topologies, frozenset({exercise.topology_key}), True, question
            ),
            OptionGroup(f"{exercise.id} reasons", exercise.reasons, exercise.reasons_key, False, question),
        ]

    @staticmethod
    def _question(exercise: Scenario) -> str:
        return question_text(exercise, *(f"{name}: {fact}" for name, fact in exercise.profile))

    @staticmethod
    def _context(exercise: Scenario) -> str:
        return exercise.prompt + " " + " ".join(v for _, v in exercise.profile)


def _search(topologies: list[str], reasons: list[str], size: Any) -> Any:
    """Blind play: the topologies one by one, the reasons in groups of `size(n)`, both read from each check."""

    def play(check: Check) -> Iterator[Any]:
        order = list(topologies)
        search = ChoiceSetSearch(reasons)
        group = size(len(reasons))
        while order:
            ticked = search.settled() or search.next_set(group)
            answer = {"topology": order[0], "reasons": ticked}
            yield answer
            result = check(answer)
            if is_right(result):
                return
            topology = next((p for p in result.parts if p.given == order[0]), None)
            if topology is not None and not topology.correct:
                order.pop(0)
            learnt = (len(search.right), len(search.wrong), search.count)
            parts = [p for p in result.parts if p.given in reasons]
            search.read(ticked, parts, result.summary, "(?:right )?reason")
            if (len(search.right), len(search.wrong), search.count) == learnt:
                group = max(1, group // 2)

    return play


REASON_WITHOUT_TOPOLOGY = "A reason that counts. Why it counts comes with the right topology."


def _without_topology(part: Part) -> Part:
    """A right reason beside a topology that is not right: its own feedback may name the right topology."""
    if not part.correct or part.given is None:
        return part
    return replace(part, feedback=REASON_WITHOUT_TOPOLOGY, explanation="")


def _reason_count(exercise: Scenario) -> int:
    """How many reasons are right: from the key, or from the learner edition's sealed counts."""
    return len(exercise.reasons_key) if held_key(exercise) else int(exercise.practice.counts["reasons"])


def _explained(exercise: Scenario, part: Part, topology: str | None) -> Part:
    """A right reason's feedback, opened with the topology given (only the right one opens it)."""
    if not part.correct:
        return part
    opened = open_value(exercise, "reason explained", [topology, part.given])
    feedback = opened.feedback if opened.right else REASON_WITHOUT_TOPOLOGY
    return replace(part, feedback=feedback, explanation=feedback if opened.right else "")


def _no_topology(exercise: Scenario) -> Part:
    return Part("Topology", 0.0, exercise.topology_points, False, "No topology chosen yet.")


def _finish(exercise: Scenario, topo: Part, reasons: list[Part], right: int, ticked: int, count: int) -> Score:
    """Total the parts: wrong reasons may cancel right reasons, never the topology's points; with
    partial_credit: none, only the right topology with exactly the right reasons scores."""
    points = topo.points + max(0.0, sum(p.points for p in reasons))
    if exercise.partial_credit == "none" and not (topo.correct and right == ticked == count):
        points = 0.0
    detail = ("Topology right" if topo.correct else "Topology not right yet") + f"; {right} of {count} reasons."
    return finish(exercise, [topo, *reasons], detail, points=points)
