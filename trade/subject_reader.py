"""Typed reads of a verified credential subject; each bad member raises ``RecordFormatError`` naming it.

>>> SubjectReader({"from": "2025-01-01"}, "CertificationOfOrigin").date("from")
datetime.date(2025, 1, 1)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from ledger_client.credentials import JsonObject, JsonValue

_T = TypeVar("_T")


class RecordFormatError(ValueError):
    """A verified credential whose subject does not have the shape of its record type.

    Attributes:
        record_type: the credential type being read.
        member: the subject member that is wrong (names we wrote, except a member a closed schema does
            not allow, which is named as received: untrusted, show it as plain text only).
    """

    def __init__(self, record_type: str, member: str, problem: str) -> None:
        super().__init__(f"{record_type}.{member}: {problem}")
        self.record_type = record_type
        self.member = member


class SubjectReader:
    """Reads members of one JSON object; ``None`` for an absent member, an error for a wrong type."""

    def __init__(self, obj: JsonObject, record_type: str, prefix: str = "") -> None:
        self._obj = obj
        self._type = record_type
        self._prefix = prefix

    def error(self, name: str, problem: str) -> RecordFormatError:
        return RecordFormatError(self._type, self._prefix + name, problem)

    def _get(self, name: str, kind: type[_T], what: str) -> _T | None:
        value = self._obj.get(name)
        if value is None:
            return None
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.error(name, f"is not {what}")
        return value

    def only(self, allowed: frozenset[str]) -> None:
        """Refuse a member the schema does not allow (``additionalProperties: false``)."""
        for name in sorted(self._obj):
            if name not in allowed:
                raise self.error(name, "is not a member the schema allows")

    def const_types(self, *expected: str, required: bool = True) -> None:
        """``type`` must be exactly the list ``expected`` (a schema ``const``), and present if ``required``."""
        value = self._obj.get("type")
        if value is None:
            if not required:
                return
            raise self.error("type", "is missing")
        if value != list(expected):
            raise self.error("type", f"is not {list(expected)}")

    def required(self, *names: str) -> None:
        """Every one of ``names`` must be present (a schema's ``required``)."""
        for name in names:
            if self._obj.get(name) is None:
                raise self.error(name, "is missing")

    def required_child(self, name: str) -> SubjectReader:
        child = self.child(name)
        if child is None:
            raise self.error(name, "is missing")
        return child

    def raw(self, name: str) -> JsonValue:
        """The member as parsed JSON (for comparing with a schema ``const``)."""
        return self._obj.get(name)

    def has(self, name: str) -> bool:
        return self._obj.get(name) is not None

    def text(self, name: str) -> str | None:
        value = self._get(name, str, "a string")
        return value.strip() if value is not None and value.strip() else None

    def required_text(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise self.error(name, "is missing")
        return value

    def integer(self, name: str) -> int | None:
        return self._get(name, int, "an integer")

    def number(self, name: str) -> float | None:
        value = self._obj.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.error(name, "is not a number")
        return float(value)

    def flag(self, name: str) -> bool:
        return bool(self._get(name, bool, "true or false"))

    def date(self, name: str) -> dt.date | None:
        value = self.text(name)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value) if len(value) == 10 else _bad_date()
        except ValueError:
            raise self.error(name, "is not a YYYY-MM-DD date") from None

    def required_date(self, name: str) -> dt.date:
        value = self.date(name)
        if value is None:
            raise self.error(name, "is missing")
        return value

    def texts(self, name: str) -> tuple[str, ...]:
        value = self._obj.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.error(name, "is not a list of strings")
        return tuple(item for item in value if isinstance(item, str))

    def integers(self, name: str) -> tuple[int, ...]:
        value = self._obj.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(i, int) and not isinstance(i, bool) for i in value):
            raise self.error(name, "is not a list of integers")
        return tuple(item for item in value if isinstance(item, int))

    def child(self, name: str) -> SubjectReader | None:
        value = self._get(name, dict, "an object")
        return None if value is None else SubjectReader(value, self._type, f"{self._prefix}{name}.")

    def children(self, name: str) -> tuple[SubjectReader, ...]:
        value: JsonValue = self._obj.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(name, "is not a list of objects")
        return tuple(
            SubjectReader(item, self._type, f"{self._prefix}{name}[{i}].")
            for i, item in enumerate(value)
            if isinstance(item, dict)
        )

    def parsed(self, name: str, parse: Callable[[str], _T]) -> _T | None:
        """Apply ``parse`` to a string member, turning its ValueError into a RecordFormatError."""
        raw = self.text(name)
        if raw is None:
            return None
        try:
            return parse(raw)
        except ValueError as exc:
            raise self.error(name, str(exc)) from None


def _bad_date() -> dt.date:
    raise ValueError("not ten characters")
