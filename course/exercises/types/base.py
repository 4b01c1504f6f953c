"""What an exercise type is: the one interface every type module implements.

A type owns everything that depends on its kind of question: reading its YAML
fields, putting an answer in canonical form, scoring it, saying in words how
far an answer has got and what it was, what graded feedback may reveal, what
the instructor notes list, and which widget shows it. Each type lives in one
module of this package (`single_choice.py`, `raci_grid.py`, ...) as a subclass
of `ExerciseType` decorated with `@register`; a subclass that leaves out a part
cannot be instantiated, so the module fails at import instead of falling back
silently at run time.

The methods without a body below are the parts every type must provide. The
few with a body (`accept`, `practice_check`, `live_options`, `picked`) are hooks with a sensible shared
behaviour that a type overrides when it needs more.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from course.exercises.definitions import Exercise

if TYPE_CHECKING:
    from course.datafile import Fields
    from course.exercises.scoring import Score
    from course.exercises.widgets.base import ExerciseWidget

E = TypeVar("E", bound=Exercise)


class ExerciseType(ABC, Generic[E]):
    """One kind of exercise (single choice, RACI grid, ...) and everything that depends on it."""

    name: ClassVar[str]
    """The `type:` value in the definition files ('raci_grid')."""
    label: ClassVar[str]
    """The kind in words for the instructor notes ('RACI grid')."""
    definition: ClassVar[type[Exercise]]
    """The frozen dataclass holding one exercise of this type."""
    partial_credit: ClassVar[tuple[str, ...]]
    """The `partial_credit:` values allowed; the first is the default."""
    fields: ClassVar[tuple[str, ...]]
    """The YAML fields this type adds to the common ones (for the JSON Schema and unknown-key checks)."""
    scored: ClassVar[bool] = True
    """False for a type that is collected for the instructor, never scored automatically."""
    parts_are_choices: ClassVar[bool] = False
    """True when a wrong part is named by its label alone (an option), not label → given."""

    # --- the definition ---------------------------------------------------------------------------------------

    @abstractmethod
    def parse(self, f: Fields, common: dict[str, Any]) -> E:
        """Build the definition from its YAML fields (`common` holds the fields every type has)."""

    # --- an answer --------------------------------------------------------------------------------------------

    @abstractmethod
    def normalise(self, exercise: E, answer: Any) -> Any:
        """The canonical (plain JSON, deterministic) form of a non-None answer, or AnswerError."""

    def accept(self, exercise: E, answer: Any) -> tuple[Any, list[str]]:
        """What a session keeps of a learner's answer before `normalise`, with notes on what was changed."""
        return answer, []

    @abstractmethod
    def score(self, exercise: E, answer: Any) -> Score:
        """Score a canonical, non-empty answer (the empty one is scored once, in `scoring.score`)."""

    def practice_check(self, exercise: E, answer: Any) -> Score:
        """What the widget's Check button reports for a canonical, non-empty answer.

        The home of a type's practice-mode checker: today it is the score itself, so the
        learner sees in the notebook what the gradebook will say.
        """
        return self.score(exercise, answer)

    def live_options(self, exercise: E) -> tuple[str, list[tuple[str, str]]] | None:
        """For the live view: what its bars count ('option', 'ticked') and the options (id, text),
        or None to count outcomes (correct, partly, not yet). Choice types override it."""
        return None

    def picked(self, exercise: E, answer: Any) -> list[str]:
        """The option ids a canonical answer picks (only asked when `live_options` is not None)."""
        return []

    # --- words ------------------------------------------------------------------------------------------------

    @abstractmethod
    def describe_progress(self, exercise: E, answer: Any) -> str:
        """How much of a non-empty answer is given ('7 of 11 activities')."""

    @abstractmethod
    def describe_answer(self, exercise: E, answer: Any) -> str:
        """A non-empty canonical answer in words, with the question's own labels (graded feedback)."""

    @abstractmethod
    def reveal_key(self, exercise: E, answer: Any) -> str:
        """What graded feedback shows of the key for an answer that is not right ('' for nothing)."""

    @abstractmethod
    def key_in_words(self, exercise: E) -> str:
        """The key, short enough for the facilitator guide's one-page answer key."""

    @abstractmethod
    def misconception_lines(self, exercise: E) -> tuple[str, list[str]]:
        """The heading and Markdown lines of the misconceptions (or slips, or rubric) the notes list."""

    # --- the view ---------------------------------------------------------------------------------------------

    @abstractmethod
    def widget(self) -> type[ExerciseWidget]:
        """The widget class (imported here, so code that only grades never imports ipywidgets)."""
