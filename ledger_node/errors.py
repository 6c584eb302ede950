"""The node's error taxonomy: each refusal carries the HTTP status and the code it is answered with.

Admission refusals (c2sp.org/tlog-tiles leaves the write API to the log; ours is
docs/architecture.md §4) map one class to one status, so ``http.py`` only serialises
``{"error": code, "message": str(exc)}``. Messages are text we wrote: nothing a
client sent is echoed into them (CONTRIBUTING.md §3).
"""

from __future__ import annotations


class NodeError(Exception):
    """Base class of every error the node raises on purpose.

    Attributes:
        status: the HTTP status a request that hit this error is answered with.
        code: a stable, machine-readable name for the JSON error body.
    """

    status = 500
    code = "internal"


class AdmissionError(NodeError):
    """A submitted entry is refused before it is sequenced."""

    status = 400
    code = "refused"


class EntryTooLargeError(AdmissionError):
    """The body is over the 64 KiB limit of one entry (docs/protocol.md §3.4 caps records at 65 535 bytes)."""

    status = 413
    code = "too_large"


class MalformedEntryError(AdmissionError):
    """The body is not UTF-8, not I-JSON, not one JSON object, or not shaped like a secured credential."""

    status = 400
    code = "malformed"


class ProofRejectedError(AdmissionError):
    """The credential's Data Integrity proof does not verify, or its issuer is not the key's controller."""

    status = 422
    code = "bad_proof"


class UnregisteredSignerError(AdmissionError):
    """The signer is neither the pinned CBP key nor a key of a party registered on the log."""

    status = 403
    code = "unregistered_signer"


class BodyTimeoutError(AdmissionError):
    """The request body did not arrive within the body deadline (a slow or stalled client)."""

    status = 408
    code = "body_timeout"


class WitnessQuorumUnavailableError(NodeError):
    """Fewer than the configured quorum of witnesses cosigned in time: nothing was published."""

    status = 503
    code = "no_witness_quorum"


class StorageError(NodeError):
    """Storage broke its contract or refused a write (an immutable tile rewritten with other bytes)."""

    status = 500
    code = "storage"


class CheckpointConflictError(StorageError):
    """The checkpoint compare-and-swap found another checkpoint than the one expected."""

    code = "checkpoint_conflict"


class ConfigurationError(NodeError):
    """The node or witness cannot start: a bad key file, a data directory of another origin, a busy port."""

    code = "configuration"


class WitnessRequestError(NodeError):
    """An add-checkpoint request to one witness failed (refused, timed out, or answered junk).

    Attributes:
        witness: the witness's key name.
        http_status: the status it answered, or None when there was no answer.
    """

    status = 502
    code = "witness"

    def __init__(self, message: str, *, witness: str, http_status: int | None = None) -> None:
        super().__init__(message)
        self.witness = witness
        self.http_status = http_status


class WitnessRefusalError(NodeError):
    """The witness refuses an add-checkpoint request, with the status c2sp.org/tlog-witness assigns.

    Attributes:
        status: 400, 403, 404, 409 or 422 (docs/protocol.md §7).
    """

    code = "witness_refusal"

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class StaleOldSizeError(WitnessRefusalError):
    """409: the request's old size is not the size the witness last cosigned for the origin.

    Attributes:
        stored_size: the witness's size, sent back as ``text/x.tlog.size``.
    """

    def __init__(self, stored_size: int) -> None:
        super().__init__(409, f"the witness last cosigned size {stored_size}")
        self.stored_size = stored_size
