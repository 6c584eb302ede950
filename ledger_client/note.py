"""Open and sign notes under trusted keys (c2sp.org/signed-note, "Verifying a note").

Rules, numbered as in docs/protocol.md §5.2:

1. A line belongs to a trusted key only when both its name and its key ID match;
   any other line is unknown and ignored (kept in ``unverified``).
2. A line that belongs to a trusted key must verify, or the whole note is
   rejected. Unlike Go's sumdb/note, which skips repeats of a key it has already
   seen, every trusted line is checked.
3. At least one trusted line must verify.
4. Repeated lines from one key count once.
5. Two configured keys with the same name and ID make that lookup ambiguous.

Opening a note says only who signed it; accepting a checkpoint takes more
(:mod:`ledger_client.checkpoint`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from ledger_client import cosignature, keys, wire
from ledger_client.errors import SignatureError, UnknownKeyError


class AmbiguousKeyError(ValueError):
    """Two configured keys share a name and a key ID (rule 5: a configuration error)."""


@dataclass(frozen=True, slots=True)
class VerifiedSignature:
    """A signature line that verified under a trusted key.

    Attributes:
        key: the trusted key.
        timestamp: the cosignature time for type 0x04 keys, else None.
    """

    key: keys.VerifierKey
    timestamp: int | None


@dataclass(frozen=True, slots=True)
class OpenedNote:
    """A note with at least one verified trusted signature."""

    note: wire.Note
    verified: tuple[VerifiedSignature, ...]
    unverified: tuple[wire.SignatureLine, ...]

    @property
    def text(self) -> str:
        return self.note.text

    def signed_by(self, key: keys.VerifierKey) -> VerifiedSignature | None:
        return next((v for v in self.verified if v.key == key), None)


def _lookup(line: wire.SignatureLine, trusted: tuple[keys.VerifierKey, ...]) -> keys.VerifierKey | None:
    matches = [k for k in trusted if k.name == line.name and k.key_id == line.key_id]
    if len(matches) > 1:
        raise AmbiguousKeyError(f"more than one configured key is named {line.name!r} with this ID")
    return matches[0] if matches else None


@functools.lru_cache(maxsize=256)
def _verify_key(public_key: bytes) -> nacl.signing.VerifyKey:
    """pynacl's key object, made once per trusted key (the set of trusted keys is small)."""
    return nacl.signing.VerifyKey(public_key)


def _verify_line(key: keys.VerifierKey, text: str, line: wire.SignatureLine) -> int | None:
    """Verify one trusted line (rule 2); returns the cosignature time, if any."""
    timestamp: int | None = None
    try:
        if key.type is keys.SignatureType.COSIGNATURE_V1:
            timestamp, signature = cosignature.split_payload(line.signature)
            message = cosignature.signed_message(text, timestamp)
        else:
            signature, message = line.signature, text.encode("utf-8")
        if len(signature) != 64:  # pynacl raises ValueError, not BadSignatureError, here
            raise ValueError("an Ed25519 signature is 64 bytes")
        _verify_key(key.public_key).verify(message, signature)
    except (ValueError, nacl.exceptions.BadSignatureError) as exc:
        raise SignatureError(f"the signature of trusted key {key.label} does not verify", key_name=key.name) from exc
    return timestamp


def open_note(note: wire.Note, trusted: Iterable[keys.VerifierKey]) -> OpenedNote:
    """Verify a parsed note against trusted keys.

    Raises:
        SignatureError: a trusted key's line does not verify (rule 2).
        UnknownKeyError: no line belongs to a trusted key (rule 3).
        AmbiguousKeyError: the configuration has two keys with one name and ID (rule 5).
    """
    keys_ = tuple(trusted)
    verified: dict[keys.VerifierKey, VerifiedSignature] = {}
    unverified: dict[wire.SignatureLine, None] = {}
    for line in note.signatures:
        key = _lookup(line, keys_)  # rule 1
        if key is None:
            unverified.setdefault(line)
            continue
        timestamp = _verify_line(key, note.text, line)  # rule 2
        verified.setdefault(key, VerifiedSignature(key=key, timestamp=timestamp))  # rule 4
    if not verified:  # rule 3
        raise UnknownKeyError(
            "no signature line belongs to a trusted key",
            signers=[(s.name, s.key_id) for s in note.signatures],
        )
    return OpenedNote(note=note, verified=tuple(verified.values()), unverified=tuple(unverified))


def sign_note(text: str, signers: Iterable[keys.SigningKey]) -> wire.Note:
    """Sign ``text`` (which must end with LF) with type 0x01 keys."""
    if not text.endswith("\n"):
        raise ValueError("note text ends with a newline")
    lines = []
    for key in signers:
        if key.type is not keys.SignatureType.ED25519:
            raise ValueError("note signatures are made with type 0x01 keys; cosign with cosignature.cosign")
        lines.append(
            wire.SignatureLine(
                name=key.name, key_id=key.verifier().key_id, signature=key.sign_bytes(text.encode("utf-8"))
            )
        )
    if not lines:
        raise ValueError("a note needs at least one signature")
    return wire.Note(text=text, signatures=tuple(lines))
