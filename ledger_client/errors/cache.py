"""Errors of the officer's encrypted cache and of the client's trusted state."""

from __future__ import annotations

from collections.abc import Mapping

from ledger_client.errors.base import LedgerError


class CacheError(LedgerError):
    """The officer's encrypted cache could not be used.

    Attributes:
        path: the cache file.
    """

    USER_MESSAGE = "The local encrypted cache could not be used."

    def __init__(self, message: str, *, path: str) -> None:
        super().__init__(message)
        self.path = path

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "path": self.path}


class WrongPassphraseError(CacheError):
    """The passphrase does not open this cache (the file itself looks intact)."""

    USER_MESSAGE = "The passphrase is not correct for this profile."


class CacheCorruptedError(CacheError):
    """The file is not a cache, or it is damaged; it was moved aside, never deleted.

    Attributes:
        moved_to: where the damaged file now is (None when it could not be moved).
    """

    USER_MESSAGE = "The local cache is damaged. It was set aside and can be rebuilt from the ledger."

    def __init__(self, message: str, *, path: str, moved_to: str | None) -> None:
        super().__init__(message, path=path)
        self.moved_to = moved_to

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "moved_to": self.moved_to}


class ForeignCacheError(CacheError):
    """The cache mirrors another ledger (its origin differs from the trusted one).

    Attributes:
        expected: the trusted origin; found: the cache's origin.
    """

    USER_MESSAGE = "This cache belongs to a different ledger than the one configured."

    def __init__(self, message: str, *, path: str, expected: str, found: str) -> None:
        super().__init__(message, path=path)
        self.expected = expected
        self.found = found

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "expected": self.expected, "found": self.found}


class CacheWriteError(CacheError):
    """The cache could not be written: the disk is full or the file or folder is read-only.

    Attributes:
        problem: "disk_full" or "read_only".
    """

    USER_MESSAGE = "The local cache cannot be written (the disk is full or read-only). Nothing was lost."

    def __init__(self, message: str, *, path: str, problem: str) -> None:
        super().__init__(message, path=path)
        self.problem = problem

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "problem": self.problem}


class CacheSchemaError(CacheError):
    """The cache was written by a newer version of the workstation than this one.

    Attributes:
        version: the schema version found; supported: the newest this code knows.
    """

    USER_MESSAGE = "The local cache was made by a newer version of the workstation."

    def __init__(self, message: str, *, path: str, version: int, supported: int) -> None:
        super().__init__(message, path=path)
        self.version = version
        self.supported = supported

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "version": self.version, "supported": self.supported}


class StateConflictError(LedgerError):
    """The stored verified checkpoint changed under us (compare-and-swap lost): another sync ran."""

    USER_MESSAGE = "Another synchronization changed the ledger state at the same time; try again."
