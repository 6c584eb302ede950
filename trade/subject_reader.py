"""Typed reads of a verified credential subject; each bad member raises ``RecordFormatError`` naming it.

The reading itself is ``ledger_client.credentials.JsonReader`` (the one strict JSON
reader); a subject's texts are trimmed, and an empty text reads as absent.

>>> SubjectReader({"from": "2025-01-01"}, "CertificationOfOrigin").date("from")
datetime.date(2025, 1, 1)
"""

from __future__ import annotations

from ledger_client.credentials import JsonObject, JsonReader


class RecordFormatError(ValueError):
    """A verified credential whose subject does not have the shape of its record type.

    Attributes:
        record_type: the credential type being read.
        member: the subject member that is wrong (fixed names we wrote).
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

    def text(self, name: str) -> str | None:
        value = super().text(name)
        return value.strip() if value is not None and value.strip() else None

    def flag(self, name: str, default: bool | None = False) -> bool:
        return super().flag(name, default)
