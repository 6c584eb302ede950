"""Putting a secured credential on the ledger: check it here, submit it, wait until the mirror proves it.

1. ``prepare``: the file is one JSON object; its proof verifies; its signer is bound to a
   registered party on the mirrored ledger (a did:web issuer through the registration that
   lists it); it reads as trade records (ours or the Traceability vocabulary's). Anything
   else is refused here, with the reason code and the member at fault, before the node sees it.
2. ``submit``: POST it to the node (``add-entry``); the node answers with its log index.
3. Sync until the mirror holds that index under a verified, witnessed checkpoint, and the
   logged bytes are the bytes submitted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import ledger_client
from ledger_client.credentials import canonicalize, parse_json_object
from trade import record_index, record_source, record_types
from workstation.lookups import sighting

#: How long ``submit`` syncs, at most, waiting for the entry to be under a witnessed checkpoint.
WAIT_SECONDS = 60.0


class SubmissionRefusedError(Exception):
    """The credential would not be believed on the ledger: nothing was sent.

    Attributes:
        reason: the reason code (``BAD_SIGNATURE``, ``UNREGISTERED_SIGNER``, ``MALFORMED_RECORD``).
        detail: what is wrong, naming the member when there is one.
    """

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class NotIncludedError(Exception):
    """The node took the entry, but no witnessed checkpoint covered it in time (sync again later)."""

    def __init__(self, index: int, size: int) -> None:
        super().__init__(f"the node logged the entry at index {index}, but the newest witnessed checkpoint has {size}")
        self.index = index
        self.size = size


@dataclass(frozen=True, slots=True)
class Prepared:
    """A credential checked here: its log bytes (JCS) and the records it will be."""

    entry: bytes
    records: tuple[record_types.TradeRecord, ...]


@dataclass(frozen=True, slots=True)
class Submitted:
    """A credential the mirror now proves: where it is and under which checkpoint."""

    index: int
    checkpoint_size: int
    witnesses: tuple[str, ...]
    records: tuple[record_types.TradeRecord, ...]


def prepare(text: bytes, index: record_source.RecordSource, *, cbp_issuer: str, at: datetime) -> Prepared:
    """Check a secured credential against the mirrored ledger, as the workstation will read it once logged.

    Raises:
        SubmissionRefusedError: it is not one JSON object, or its records would not be believed.
    """
    try:
        document = parse_json_object(text.decode("utf-8"), what="credential file")
    except (UnicodeDecodeError, ledger_client.LedgerError) as exc:
        raise SubmissionRefusedError("MALFORMED_RECORD", "the file is not one UTF-8 JSON object") from exc
    if "proof" not in document:
        raise SubmissionRefusedError("BAD_SIGNATURE", "the credential has no proof: sign it first")
    entry = canonicalize(document)
    found = record_index.read_entry_records(entry, index.size, signers=index.signers(cbp_issuer), at=at)
    for item in found:
        if isinstance(item, record_types.FailedRecord):
            detail = item.detail or {
                "BAD_SIGNATURE": "the proof does not verify, or the issuer is not the signing key's controller",
                "UNREGISTERED_SIGNER": "no CBP registration on the ledger binds the signer to a party "
                "(for a did:web issuer: the registration must list the did:web and the signing key)",
            }.get(item.reason.value, "the credential does not read as a trade record")
            raise SubmissionRefusedError(item.reason.value, detail)
    return Prepared(entry, tuple(r for r in found if not isinstance(r, record_types.FailedRecord)))


def submit(
    client: ledger_client.LedgerClient,
    mirror: ledger_client.Mirror,
    prepared: Prepared,
    *,
    wait_seconds: float = WAIT_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> Submitted:
    """Submit a prepared credential and sync until the mirror proves it.

    Raises:
        TransportError: the node refused it (its reason is in the error's body) or is unreachable.
        NotIncludedError: no witnessed checkpoint covered it within ``wait_seconds``.
        LedgerError subclasses: the sync failed verification (a fork, a bad proof...).
    """
    index = sighting.submit(client.transport, prepared.entry)
    deadline = monotonic() + wait_seconds
    pause = 0.2
    while True:
        result = client.sync()
        if result.checkpoint.size > index:
            break
        if monotonic() >= deadline:
            raise NotIncludedError(index, result.checkpoint.size)
        sleep(pause)
        pause = min(pause * 2, 2.0)
    stored = mirror.entry(index)
    if stored is None or stored.entry != prepared.entry:
        raise ledger_client.MalformedResponseError(
            "the node's answer names an index whose logged bytes are not the credential submitted",
            what="add-entry answer",
            received=str(index).encode(),
        )
    witnesses = tuple(w.key.name for w in result.checkpoint.witnesses)
    return Submitted(index, result.checkpoint.size, witnesses, prepared.records)
