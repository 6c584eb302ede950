"""Ed25519 checkpoint cosignatures, "cosignature/v1" (c2sp.org/tlog-cosignature).

The signed message is::

    "cosignature/v1" LF
    "time " <decimal POSIX seconds> LF
    <the whole checkpoint note text, extension lines and final LF included>

and the signature-line payload is ``key_id[4] || timestamp u64be[8] || signature[64]``.
The name of the cosigner is not in the message, so one public key must never
serve two cosigner identities.
"""

from __future__ import annotations

import struct

from ledger_client import keys, wire

MAX_TIMESTAMP = (1 << 63) - 1
PAYLOAD_SIZE = 8 + 64


def signed_message(checkpoint_text: str, timestamp: int) -> bytes:
    """The exact bytes a cosigner signs (tlog-cosignature, "Signed message")."""
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise ValueError(f"timestamp {timestamp} is outside 0..2**63-1")
    return f"cosignature/v1\ntime {timestamp}\n".encode("ascii") + checkpoint_text.encode("utf-8")


def split_payload(signature: bytes) -> tuple[int, bytes]:
    """``(timestamp, ed25519 signature)`` from a line's payload after the key ID.

    Raises:
        ValueError: the payload is not exactly 8 + 64 bytes, or the time is over 2**63-1.
    """
    if len(signature) != PAYLOAD_SIZE:
        raise ValueError(f"a cosignature/v1 body is {PAYLOAD_SIZE} bytes, not {len(signature)}")
    (timestamp,) = struct.unpack(">Q", signature[:8])
    if timestamp > MAX_TIMESTAMP:
        raise ValueError("the cosignature timestamp is over 2**63-1")
    return timestamp, signature[8:]


def cosign(key: keys.SigningKey, checkpoint_text: str, timestamp: int) -> wire.SignatureLine:
    """A witness's cosignature line over a checkpoint it has checked."""
    if key.type is not keys.SignatureType.COSIGNATURE_V1:
        raise ValueError("cosignatures are made with a type 0x04 key")
    if timestamp <= 0:
        raise ValueError("witnesses never cosign with timestamp 0")
    sig = key.sign_bytes(signed_message(checkpoint_text, timestamp))
    return wire.SignatureLine(name=key.name, key_id=key.verifier().key_id, signature=struct.pack(">Q", timestamp) + sig)
