"""Sealed practice keys: enough to tell right from wrong for the values a learner gives, no key to read.

The learner edition cannot ship the key, yet the Check button must still say,
per choice, item, cell or value, whether it is right and why. So each exercise
type turns its definition into *entries*, one for every (part, value) that
carries information (an accepted value, or a wrong value with its own feedback
or misconception). An entry is stored under an index and its payload (right or
not, feedback, misconception, whatever the type's check needs) is sealed:

- index = BLAKE2b keyed by the exercise's salt, personalised "index", over
  (exercise id, part, value);
- seal key = BLAKE2b keyed by the same salt, personalised "seal", over the same
  triple: a different hash, so knowing an index does not open its entry;
- payload = JSON XOR SHAKE-256(seal key), base64.

Checking a learner's value recomputes both hashes for exactly the values given
and opens the entry found, if any; a value without an entry is wrong and has no
feedback of its own. Reading the files shows random-looking indexes and bytes.
What this does *not* stop is trying every option: the salt ships (the check
needs it), so a learner who runs the check on each choice, or each number of a
grid, finds the right one, as with any quiz whose check runs on the learner's
machine.

Salts are random per exercise, kept in the instructor's repository
(`course/authoring/practice-salts.json`, see `course.authoring.edition`), so
re-releasing writes the same bytes. Everything here is the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

SALT_BYTES = 16
INDEX_PERSON = b"mlc-practice-idx"
SEAL_PERSON = b"mlc-practice-key"
OPENED_KEPT = 4096
"""Payloads one seal remembers (a learner asks a few dozen; the blind walk of a grid a few thousand)."""


class NoKeyError(LookupError):
    """Key-bearing API used on the learner edition, whose definitions hold no answer keys."""


NO_KEY = (
    "the learner edition holds no answer keys: {what} needs the instructor's exercise definitions "
    "(in the instructor's repository, or `mlops-course grade --key DEFINITIONS`)"
)


def new_salt() -> str:
    """A fresh random salt (hex) for one exercise."""
    import secrets  # only an edition build makes salts: checking and grading never import it

    return secrets.token_hex(SALT_BYTES)


def _material(exercise_id: str, part: str, value: Any) -> bytes:
    return json.dumps([exercise_id, part, value], ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def entry_index(salt: bytes, exercise_id: str, part: str, value: Any) -> str:
    """Where the entry of one (part, value) is stored."""
    return _index_of(salt, _material(exercise_id, part, value))


def _index_of(salt: bytes, material: bytes) -> str:
    return hashlib.blake2b(material, key=salt, person=INDEX_PERSON, digest_size=16).hexdigest()


def _seal_key(salt: bytes, material: bytes) -> bytes:
    """Both digests of an entry come from one material, built once (a Check opens many entries)."""
    return hashlib.blake2b(material, key=salt, person=SEAL_PERSON, digest_size=32).digest()


def _xor(data: bytes, key: bytes) -> bytes:
    stream = hashlib.shake_256(key).digest(len(data))
    # One big-integer XOR: a byte-by-byte loop costs a learner's Check and the blind play ten times more.
    return (int.from_bytes(data, "big") ^ int.from_bytes(stream, "big")).to_bytes(len(data), "big")


@dataclass(frozen=True)
class PracticeSeal:
    """What the learner edition ships for one exercise's Check button.

    `entries` maps an index to a sealed payload; `counts` holds numbers scoring needs
    that are not the key (how many options are right, a value's decimal places).
    An assessed exercise ships `PracticeSeal()` with nothing in it.
    """

    salt: str = ""
    counts: Mapping[str, Any] = field(default_factory=dict)
    entries: Mapping[str, str] = field(default_factory=dict)
    _opened: dict[Any, dict[str, Any] | None] = field(default_factory=dict, init=False, repr=False, compare=False)
    """What `open` found for a (part, value) already asked (repeated Checks, the blind walk's thousands)."""

    def open(self, exercise_id: str, part: str, value: Any) -> dict[str, Any] | None:
        """The payload of one (part, value), or None when that value carries nothing (a plain wrong value)."""
        if not self.salt:
            return None
        # type() too: 1, 1.0 and True are equal keys but different JSON, so different entries
        if not isinstance(value, str | int | float):
            return self._open(exercise_id, part, value)
        asked = (exercise_id, part, type(value), value)
        if asked not in self._opened:
            if len(self._opened) >= OPENED_KEPT:
                self._opened.clear()
            self._opened[asked] = self._open(exercise_id, part, value)
        found = self._opened[asked]
        return dict(found) if found is not None else None  # a copy: a caller changing it changes nothing here

    def _open(self, exercise_id: str, part: str, value: Any) -> dict[str, Any] | None:
        salt = bytes.fromhex(self.salt)
        material = _material(exercise_id, part, value)
        sealed = self.entries.get(_index_of(salt, material))
        if sealed is None:
            return None
        plain = _xor(base64.b64decode(sealed), _seal_key(salt, material))
        opened: dict[str, Any] = json.loads(plain.decode("utf-8"))
        return opened

    def to_json(self) -> dict[str, Any]:
        return {"salt": self.salt, "counts": dict(self.counts), "entries": dict(sorted(self.entries.items()))}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> PracticeSeal:
        return cls(str(data.get("salt", "")), dict(data.get("counts", {})), dict(data.get("entries", {})))


class Sealer:
    """Collects the sealed entries of one exercise (the first entry for a (part, value) wins)."""

    def __init__(self, exercise_id: str, salt: str) -> None:
        self.exercise_id = exercise_id
        self.salt = salt
        self._salt = bytes.fromhex(salt)
        self.entries: dict[str, str] = {}
        self.counts: dict[str, Any] = {}

    def add(self, part: str, value: Any, payload: Mapping[str, Any]) -> None:
        material = _material(self.exercise_id, part, value)
        index = _index_of(self._salt, material)
        if index in self.entries:
            return
        data = json.dumps(dict(payload), ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")
        sealed = _xor(data, _seal_key(self._salt, material))
        self.entries[index] = base64.b64encode(sealed).decode("ascii")

    def seal(self) -> PracticeSeal:
        return PracticeSeal(self.salt, dict(self.counts), dict(sorted(self.entries.items())))


def held_key(exercise: Any) -> bool:
    """True for an instructor's definition (it holds its key), False for a learner edition's."""
    return getattr(exercise, "practice", None) is None


def require_key(exercise: Any, what: str) -> None:
    """Raise NoKeyError when `exercise` comes from the learner edition."""
    if not held_key(exercise):
        raise NoKeyError(NO_KEY.format(what=what))


__all__ = [
    "NO_KEY",
    "NoKeyError",
    "PracticeSeal",
    "Sealer",
    "entry_index",
    "held_key",
    "new_salt",
    "require_key",
]
