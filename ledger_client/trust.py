"""The trust file: which log, which log key, which witnesses and how many must cosign.

Format (JSON)::

    {"log_vkey": "<vkey>" | null, "expected_origin": "<origin>",
     "witness_vkeys": ["<vkey>", ...], "witness_quorum": <k>,
     "witness_max_age_seconds": <seconds>,  # optional
     "cbp_issuer_key": "did:key:z6Mk..."     # optional: CBP's pinned record-signing key
    }                                        # ("cbp_issuer_keys": [...] for several)

``witness_vkeys`` may hold cosignature/v1 (type 0x04) and plain Ed25519 note
(type 0x01) keys. ``"witness_quorum": 0`` is accepted only with an empty
``witness_vkeys``: the explicit policy for a log nobody cosigns, reported as
``"witness_policy": "none"`` in every verdict (the workstation refuses it; see
``workstation.session``).

A ``log_vkey`` of a type this client cannot verify (ECDSA, for example) is kept
as *unsupported*: checkpoints of that log can then be parsed and their Merkle
math checked, but never accepted as verified.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from ledger_client import checkpoint, keys, witness
from ledger_client.credentials import did_key
from ledger_client.errors import LedgerError

MAX_TRUST_FILE_BYTES = 256 * 1024


class TrustFileError(ValueError):
    """The trust file cannot be used (a configuration error, reported before anything is checked)."""


@dataclass(frozen=True, slots=True)
class TrustConfig:
    """A parsed trust file.

    Attributes:
        origin: the log's expected origin line.
        log_key: the log's Ed25519 key, or None when absent or of an unsupported type.
        log_key_problem: why ``log_key`` is None, in plain words (None when it is set).
        witnesses, quorum, max_age: the witness policy's parameters.
        issuer_keys: CBP's pinned did:keys (may register parties); empty when not given.
    """

    origin: str
    log_key: keys.VerifierKey | None
    log_key_problem: str | None
    witnesses: tuple[keys.VerifierKey, ...]
    quorum: int
    max_age: int | None = None
    issuer_keys: tuple[str, ...] = ()

    def log_trust(self, clock: Callable[[], int] | None = None) -> checkpoint.LogTrust:
        """The policy that accepts checkpoints of this log.

        Raises:
            TrustFileError: there is no usable log key.
        """
        if self.log_key is None:
            raise TrustFileError(self.log_key_problem or "the trust file names no log key")
        policy = witness.QuorumPolicy(self.witnesses, self.quorum, max_age=self.max_age, clock=clock)
        return checkpoint.LogTrust(origin=self.origin, log_key=self.log_key, witness_policy=policy)


def _field(obj: dict[str, object], name: str, kind: type) -> object:
    value = obj.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise TrustFileError(f"trust file field {name!r} must be a {kind.__name__}")
    return value


def _issuer_keys(obj: dict[str, object]) -> tuple[str, ...]:
    single, several = obj.get("cbp_issuer_key"), obj.get("cbp_issuer_keys")
    if single is not None and several is not None:
        raise TrustFileError("give cbp_issuer_key or cbp_issuer_keys, not both")
    raw = [single] if single is not None else (several if several is not None else [])
    if not isinstance(raw, list):
        raise TrustFileError("cbp_issuer_keys must be a list of did:key strings")
    keys: list[str] = []
    for value in raw:
        if not isinstance(value, str):
            raise TrustFileError("a CBP issuer key must be a did:key string")
        try:
            did_key.public_key_of(value)
        except (ValueError, LedgerError) as exc:
            raise TrustFileError("a CBP issuer key is not an Ed25519 did:key") from exc
        keys.append(value)
    return tuple(keys)


def parse_trust_file(data: bytes) -> TrustConfig:
    """Parse and check a trust file. Raises TrustFileError with a plain reason."""
    if len(data) > MAX_TRUST_FILE_BYTES:
        raise TrustFileError("the trust file is too large")
    try:
        obj = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TrustFileError("the trust file is not UTF-8 JSON") from exc
    if not isinstance(obj, dict):
        raise TrustFileError("the trust file is not a JSON object")
    origin = _field(obj, "expected_origin", str)
    assert isinstance(origin, str)
    log_key: keys.VerifierKey | None = None
    problem: str | None = None
    raw_log = obj.get("log_vkey")
    if raw_log is None:
        problem = "the trust file names no log key"
    elif not isinstance(raw_log, str):
        raise TrustFileError("trust file field 'log_vkey' must be a string or null")
    else:
        try:
            log_key = keys.VerifierKey.from_vkey(raw_log)
        except keys.UnsupportedKeyTypeError as exc:
            problem = f"the log key is of type 0x{exc.type_byte:02x}, which this client cannot verify"
        except keys.InvalidVerifierKeyError as exc:
            raise TrustFileError(f"log_vkey: {exc}") from exc
        if log_key is not None and log_key.type is not keys.SignatureType.ED25519:
            raise TrustFileError("log_vkey must be a type 0x01 (Ed25519 note) key")
    raw_witnesses = _field(obj, "witness_vkeys", list)
    assert isinstance(raw_witnesses, list)
    witnesses: list[keys.VerifierKey] = []
    for raw in raw_witnesses:
        if not isinstance(raw, str):
            raise TrustFileError("witness_vkeys holds a value that is not a string")
        try:
            witnesses.append(keys.VerifierKey.from_vkey(raw))
        except keys.InvalidVerifierKeyError as exc:
            raise TrustFileError(f"witness_vkeys: {exc}") from exc
    quorum = _field(obj, "witness_quorum", int)
    assert isinstance(quorum, int)
    max_age = obj.get("witness_max_age_seconds")
    if max_age is not None and (not isinstance(max_age, int) or isinstance(max_age, bool) or max_age <= 0):
        raise TrustFileError("witness_max_age_seconds must be a positive integer")
    config = TrustConfig(origin, log_key, problem, tuple(witnesses), quorum, max_age, _issuer_keys(obj))
    try:  # refuse a policy that could never be built, now rather than at the first check
        witness.QuorumPolicy(config.witnesses, quorum, max_age=max_age, clock=(lambda: 0) if max_age else None)
        if log_key is not None:
            checkpoint.LogTrust(origin, log_key, witness.QuorumPolicy(config.witnesses, quorum))
    except ValueError as exc:
        raise TrustFileError(str(exc)) from exc
    return config
