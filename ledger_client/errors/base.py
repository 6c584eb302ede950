"""The roots of the taxonomy: any ledger error, transport failures, malformed input, failed verification."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


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


class NetworkFailure(StrEnum):
    """Where an exchange with a node stopped (a reason code; ``Test connection`` names it)."""

    DNS = "DNS"  # the host name did not resolve
    PROXY = "PROXY"  # the proxy could not be reached or refused the tunnel
    TLS = "TLS"  # the TLS handshake failed: most often a certificate not signed by a trusted CA
    CONNECT = "CONNECT"  # the connection was refused or reset
    TIMEOUT = "TIMEOUT"  # no answer in time
    HTTP_STATUS = "HTTP_STATUS"  # an answer other than 200
    BROKEN_ANSWER = "BROKEN_ANSWER"  # the answer broke off or could not be decoded
    REQUEST = "REQUEST"  # the request could not be sent at all


_TRANSPORT_MESSAGES = {
    NetworkFailure.TLS: "The ledger node's TLS certificate was not accepted. Nothing was trusted from it. "
    "Check the CA bundle in Settings (an agency that inspects TLS provides one).",
    NetworkFailure.PROXY: "The proxy could not be reached or refused the connection to the ledger node. "
    "Check the proxy in Settings.",
    NetworkFailure.DNS: "The ledger node's host name could not be resolved. Check the ledger URL in Settings.",
}


class TransportError(LedgerError):
    """The request did not complete: timeout, refused connection or an HTTP error status.

    Attributes:
        url: what was asked for.
        status: the HTTP status, when a response arrived.
        body: up to 4 KiB of an error answer's body (untrusted text).
        failure: where the exchange stopped (:class:`NetworkFailure`).
    """

    USER_MESSAGE = "The ledger node could not be reached or refused the request."

    def __init__(
        self,
        message: str,
        *,
        url: str,
        status: int | None = None,
        body: bytes = b"",
        failure: NetworkFailure | None = None,
    ) -> None:
        super().__init__(message)
        self.url = url
        self.status = status
        self.body = bytes(body[:4096])
        self.failure = failure or (NetworkFailure.HTTP_STATUS if status is not None else NetworkFailure.CONNECT)

    def user_message(self) -> str:
        return _TRANSPORT_MESSAGES.get(self.failure, self.USER_MESSAGE)

    def details(self) -> Mapping[str, object]:
        return {
            **super().details(),
            "url": self.url,
            "status": self.status,
            "failure": str(self.failure),
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
