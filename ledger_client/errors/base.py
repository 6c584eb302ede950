"""The roots of the taxonomy: any ledger error, transport failures, malformed input, failed verification."""

from __future__ import annotations

from collections.abc import Mapping


class LedgerError(Exception):
    """Anything the ledger, a node or a document got wrong."""

    #: Fixed text we wrote, safe to show to an officer.
    USER_MESSAGE = "The ledger sent something that could not be used."

    def user_message(self) -> str:
        """A plain sentence for an officer; never contains untrusted text."""
        return self.USER_MESSAGE

    def details(self) -> Mapping[str, object]:
        """The evidence, as data (may include untrusted text: show it as plain text)."""
        return {"error": type(self).__name__, "message": str(self)}


# ---------------------------------------------------------------------------- transport


class TransportError(LedgerError):
    """The request did not complete: timeout, refused connection or an HTTP error status.

    Attributes:
        url: what was asked for.
        status: the HTTP status, when a response arrived.
        body: up to 4 KiB of an error answer's body (untrusted text).
    """

    USER_MESSAGE = "The ledger node could not be reached or refused the request."

    def __init__(self, message: str, *, url: str, status: int | None = None, body: bytes = b"") -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.body = bytes(body[:4096])

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "url": self.url,
            "status": self.status,
            "body": self.body.decode("utf-8", "replace"),
        }


class MalformedResponseError(LedgerError):
    """Bytes from outside could not be parsed, or were over a limit.

    Attributes:
        what: which kind of object was being parsed ("checkpoint", "proof", ...).
        received: up to 256 bytes of what was received, as evidence (untrusted).
    """

    USER_MESSAGE = "The ledger sent data that is malformed or over a size limit."

    def __init__(self, message: str, *, what: str, received: bytes = b"") -> None:
        super().__init__(message)
        self.what = what
        self.received = bytes(received[:256])

    def details(self) -> Mapping[str, object]:
        return {**super().details(), "what": self.what, "received": self.received.hex()}


# ---------------------------------------------------------------------------- verification


class VerificationError(LedgerError):
    """A cryptographic or structural check failed: the data is not what it claims."""

    USER_MESSAGE = "Verification failed: the ledger data does not prove what it claims."
