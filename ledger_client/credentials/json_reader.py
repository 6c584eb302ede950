"""One strict reader of typed members of a JSON object, for every caller that reads one.

Each read either returns the member with the type asked for or raises the caller's
own error, built by ``fail(member, problem)``: a credential subject raises its
record-format error, a report its malformed-report error, officer input its input
error. ``None`` and an absent member read alike ("absent"); nothing is converted:
a string is not trimmed, an integer is not a bool, a date is exactly ``YYYY-MM-DD``.

>>> r = JsonReader({"n": 3, "d": "2025-01-02", "t": ["a"]}, lambda member, problem: ValueError(member, problem))
>>> r.integer("n"), r.date("d"), r.texts("t"), r.text("x")
(3, datetime.date(2025, 1, 2), ('a',), None)
>>> r.integer("d")
Traceback (most recent call last):
...
ValueError: ('d', 'is not an integer')
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Self, TypeVar

_T = TypeVar("_T")

#: Builds the caller's error for a member (its full name, e.g. ``licence.period.start``) and a problem.
Fail = Callable[[str, str], Exception]


class JsonReader:
    """Typed reads of one JSON object.

    Args:
        obj: the object (already parsed strictly, e.g. by ``parse_json_object``).
        fail: builds the error to raise for a member and its problem.
        prefix: prepended to member names in errors (``licence.``, ``records[2].``).
    """

    def __init__(self, obj: Mapping[str, object], fail: Fail, prefix: str = "") -> None:
        self.obj = obj
        self._fail = fail
        self._prefix = prefix

    @classmethod
    def of(cls, value: object, fail: Fail, name: str = "") -> JsonReader:
        """A reader of ``value``, which must be a JSON object (else ``fail(name, "is not an object")``)."""
        if not isinstance(value, Mapping) or not all(isinstance(k, str) for k in value):
            raise fail(name, "is not an object")
        return cls(value, fail, f"{name}." if name else "")

    def nested(self, obj: Mapping[str, object], name: str) -> Self:
        """A reader of the same kind for an object inside this one (errors name ``name.member``)."""
        reader = object.__new__(type(self))  # ``copy.copy`` without its generic machinery (one a member read)
        reader.__dict__.update(self.__dict__)
        reader.obj = obj
        reader._prefix = f"{self._prefix}{name}."
        return reader

    def error(self, name: str, problem: str) -> Exception:
        return self._fail(self._prefix + name, problem)

    def has(self, name: str) -> bool:
        return self.obj.get(name) is not None

    def only(self, allowed: Sequence[str] | frozenset[str]) -> None:
        """Refuse members not in ``allowed`` (the first unknown one, in sorted order, is named)."""
        unknown = sorted(set(self.obj) - set(allowed))
        if unknown:
            raise self.error(unknown[0], f"is not a member here (allowed: {', '.join(sorted(allowed))})")

    def _typed(self, name: str, kind: type[_T], what: str) -> _T | None:
        value = self.obj.get(name)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(name, f"is not {what}")
        return value

    def _needed(self, name: str, value: _T | None) -> _T:
        if value is None:
            raise self.error(name, "is missing")
        return value

    def text(self, name: str) -> str | None:
        return self._typed(name, str, "a string")

    def required_text(self, name: str) -> str:
        return self._needed(name, self.text(name))

    def integer(self, name: str) -> int | None:
        return self._typed(name, int, "an integer")

    def required_integer(self, name: str) -> int:
        return self._needed(name, self._typed(name, int, "an integer"))

    def number(self, name: str) -> float | None:
        """A finite number (an integer reads as a float)."""
        value = self.obj.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise self.error(name, "is not a number")
        return float(value)

    def flag(self, name: str, default: bool | None = None) -> bool:
        value = self._typed(name, bool, "true or false")
        if value is None:
            return self._needed(name, default)
        return value

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            if len(value) != 10:
                raise ValueError(value)
            return dt.date.fromisoformat(value)
        except ValueError:
            raise self.error(name, "is not a YYYY-MM-DD date") from None

    def required_date(self, name: str) -> dt.date:
        return self._needed(name, self.date(name))

    def items(self, name: str) -> list[object]:
        """A list (empty when absent)."""
        value = self._typed(name, list, "a list")
        return [] if value is None else list(value)

    def texts(self, name: str) -> tuple[str, ...]:
        items = self.items(name)
        if not all(isinstance(item, str) for item in items):
            raise self.error(name, "is not a list of strings")
        return tuple(str(item) for item in items)

    def integers(self, name: str) -> tuple[int, ...]:
        items = self.items(name)
        if not all(isinstance(i, int) and not isinstance(i, bool) for i in items):
            raise self.error(name, "is not a list of integers")
        return tuple(i for i in items if isinstance(i, int))

    def _child(self, name: str) -> Self | None:
        value = self._typed(name, dict, "an object")
        return None if value is None else self.nested(value, name)

    def child(self, name: str) -> Self | None:
        """The member object's reader (None when absent)."""
        return self._child(name)

    def required_child(self, name: str) -> Self:
        return self._needed(name, self._child(name))

    def children(self, name: str) -> tuple[Self, ...]:
        """Readers of a list of objects (empty when absent)."""
        items = self.items(name)
        if not all(isinstance(item, dict) for item in items):
            raise self.error(name, "is not a list of objects")
        return tuple(self.nested(item, f"{name}[{i}]") for i, item in enumerate(items) if isinstance(item, dict))

    def parsed(self, name: str, parse: Callable[[str], _T]) -> _T | None:
        """Apply ``parse`` to a string member, turning its ValueError into the caller's error."""
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            raise self.error(name, str(exc)) from None
