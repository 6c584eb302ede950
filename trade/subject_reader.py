"""Typed reads of a verified credential subject; each bad member raises ``RecordFormatError`` naming it.

The reading itself is ``ledger_client.credentials.JsonReader`` (the one strict JSON
reader); a subject's texts are trimmed, and an empty text reads as absent.

>>> SubjectReader({"from": "2025-01-01"}, "CertificationOfOrigin").date("from")
datetime.date(2025, 1, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from ledger_client.credentials import JsonObject, JsonReader, JsonValue


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


class SubjectReader(JsonReader):
    """Reads members of one credential subject; ``None`` for an absent member, an error for a wrong type."""

    def __init__(self, obj: JsonObject, record_type: str, prefix: str = "") -> None:
        super().__init__(obj, lambda member, problem: RecordFormatError(record_type, member, problem), prefix)

    def error(self, name: str, problem: str) -> RecordFormatError:
        error = super().error(name, problem)
        assert isinstance(error, RecordFormatError)
        return error

    def only(self, allowed: Sequence[str] | frozenset[str]) -> None:
        """Refuse a member the schema does not allow (``additionalProperties: false``)."""
        for name in sorted(self.obj):
            if name not in allowed:
                raise self.error(name, "is not a member the schema allows")

    def const_types(self, *expected: str, required: bool = True) -> None:
        """``type`` must be exactly the list ``expected`` (a schema ``const``), and present if ``required``."""
        value = self.obj.get("type")
        if value is None:
            if not required:
                return
            raise self.error("type", "is missing")
        if value != list(expected):
            raise self.error("type", f"is not {list(expected)}")

    def required(self, *names: str) -> None:
        """Every one of ``names`` must be present (a schema's ``required``)."""
        for name in names:
            if self.obj.get(name) is None:
                raise self.error(name, "is missing")

    def raw(self, name: str) -> JsonValue:
        """The member as parsed JSON (for comparing with a schema ``const``)."""
        return cast("JsonValue", self.obj.get(name))  # the subject was parsed as JSON

    def text(self, name: str) -> str | None:
        value = super().text(name)
        return value.strip() if value is not None and value.strip() else None

    def flag(self, name: str, default: bool | None = False) -> bool:
        return super().flag(name, default)
