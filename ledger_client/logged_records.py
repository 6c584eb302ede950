"""Is a logged entry a record we can believe? Conditions (1) and (2) of docs/architecture.md §3.

A log entry is one secured credential (VC 2.0 + ``eddsa-jcs-2022``) as its
JCS canonical bytes. Believing it takes:

1. its proof verifies (W3C VC Data Integrity 1.0 §4.4 with ``eddsa-jcs-2022``),
   and its ``issuer`` is the controller of the signing key (VC 2.0);
2. its signing key is CBP's pinned key, or is bound to a party by a
   ``PartyRegistration`` signed by CBP that appears *earlier* in the log (a did:web
   issuer: that registration lists the did:web and the key, ``party_keys``).

Condition (3), inclusion under a witnessed checkpoint, is the sync's job.

An entry that fails (1) or (2) is not a log failure: the log proves those
bytes were published. It is kept as a :class:`RejectedEntry` with its reason
and is never believed.

The validity period is *not* judged here: a certificate whose blanket period
ended is still a genuine record of what was certified. The proof is checked at
the credential's own ``validFrom``; the trade rules judge the dates.

A ``PartyRegistration``'s subject, as the ledger uses it::

    {"id": "P-NOPAL", "type": "Party", "legalName": "...", "country": "MX",
     "roles": ["producer", "exporter"], "keys": ["did:key:z6Mk..."], ...}
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

from ledger_client import merkle, party_keys
from ledger_client.credentials import data_integrity, did_key, strict_json, vc_model, xsd_datetime
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.errors import CredentialFormatError, CredentialProofError, CredentialValidityError

PARTY_REGISTRATION = "PartyRegistration"


class RecordFailure(enum.Enum):
    """Why an entry is not believed (the reason codes of docs/architecture.md §3)."""

    BAD_SIGNATURE = "BAD_SIGNATURE"
    UNREGISTERED_SIGNER = "UNREGISTERED_SIGNER"


def _by_fields(value: object) -> tuple[type, tuple[object, ...]]:
    """``__reduce__`` of the facts a worker process sends back: pickled as their constructor's call.

    The default for a frozen slotted dataclass (``__getstate__`` and ``__setstate__``)
    costs about four times as much, for every entry a sync checks.
    """
    return type(value), tuple(getattr(value, name) for name in getattr(value, "__slots__", ()))


@dataclass(frozen=True, slots=True)
class Registration:
    """What a CBP-signed ``PartyRegistration`` binds: a party id to did:keys."""

    party: str
    keys: tuple[str, ...]
    dids: tuple[str, ...] = ()  # did:web DIDs the party issues under

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class SignedFacts:
    """An entry whose proof verified and whose issuer is its key's controller (condition 1)."""

    credential_id: str | None
    record_type: str
    issuer: str
    registration: Registration | None
    method: str = ""  # the proof's verification method (a did:web issuer's names its key)
    #: the proof that verified (handed on, so that a reader of the entry need not rebuild it)
    proof: data_integrity.VerifiedProof | None = None

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class BadSignature:
    """An entry that failed condition 1; the claimed fields are untrusted."""

    reason: str
    credential_id: str | None = None
    record_type: str | None = None
    issuer: str | None = None

    __reduce__ = _by_fields


@dataclass(frozen=True, slots=True)
class LoggedCredential:
    """An entry that passed conditions (1) and (2).

    Attributes:
        index, leaf_hash: where it is in the log.
        entry: the exact logged bytes (the verified credential, as JCS).
        credential_id: its ``id`` (may be None).
        record_type: the second member of ``type`` (``CertificationOfOrigin``...).
        issuer: the issuer's did:key.
        party: the registered party id of the issuer (``CBP`` for CBP's own keys).
        registration: for a PartyRegistration, what it binds.
        proof: the proof this check verified (None when the facts came without it).
    """

    index: int
    leaf_hash: bytes
    entry: bytes
    credential_id: str | None
    record_type: str
    issuer: str
    party: str
    registration: Registration | None = None
    proof: data_integrity.VerifiedProof | None = None


@dataclass(frozen=True, slots=True)
class RejectedEntry:
    """An entry that is published but not believed.

    Attributes:
        failure: the reason code.
        reason: plain words (ours; never text from the entry).
        credential_id, record_type, issuer: what the entry claims, when it could be read (untrusted).
        proof: for an entry whose proof verified (an unregistered signer), that proof; else None.
    """

    index: int
    leaf_hash: bytes
    entry: bytes
    failure: RecordFailure
    reason: str
    credential_id: str | None = None
    record_type: str | None = None
    issuer: str | None = None
    proof: data_integrity.VerifiedProof | None = None


class PartyRegistry:
    """The key bindings the log has made so far (:class:`ledger_client.party_keys.PartyKeys`).

    Args:
        cbp_issuers: the did:keys pinned as CBP's (a trust root: may register parties).
    """

    def __init__(self, cbp_issuers: Iterable[str]) -> None:
        pinned = tuple(cbp_issuers)
        for did in pinned:
            did_key.public_key_of(did)  # refuses anything but an Ed25519 did:key
        self._keys = party_keys.PartyKeys(pinned)

    def is_cbp(self, did: str) -> bool:
        return self._keys.is_cbp(did)

    def party_of(self, did: str) -> str | None:
        """The registered party of ``did``: ``CBP`` for CBP's own keys, None for an unregistered key."""
        return self._keys.party_of(did)

    def party_of_signer(self, issuer: str, method: str) -> str | None:
        """The registered party of a credential's signer (a did:web issuer through its listed key)."""
        return self._keys.party_of_signer(issuer, method)

    def learn(self, record: LoggedCredential) -> None:
        """Take in the key bindings of a believed PartyRegistration signed by CBP."""
        if record.registration is not None:
            self.learn_registration(record.issuer, record.registration)

    def learn_registration(self, issuer: str, registration: Registration) -> None:
        """Take in what a believed registration binds, if CBP signed it (as :meth:`learn`, from stored facts)."""
        if self.is_cbp(issuer):
            self._keys.bind(registration.party, registration.keys, registration.dids)


def _registration(claims_type: str, document: JsonObject) -> Registration | None:
    if claims_type != PARTY_REGISTRATION:
        return None
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        return None
    party, keys = subject.get("id"), subject.get("keys")
    if not isinstance(party, str) or not isinstance(keys, list):
        return None
    web = subject.get("dids")
    dids = tuple(d for d in web if isinstance(d, str)) if isinstance(web, list) else ()
    return Registration(party, tuple(k for k in keys if isinstance(k, str) and k.startswith("did:key:")), dids)


def registration_in(entry: bytes) -> Registration | None:
    """What a logged PartyRegistration binds, read from its bytes without checking its proof.

    Only for entries already verified and stored as believed (rebuilding the
    bindings from the mirror); None for any other entry.
    """
    try:
        document = strict_json.parse_json_object(entry.decode("utf-8"), what="log entry")
    except (UnicodeDecodeError, CredentialFormatError):
        return None
    types = document.get("type")
    record_type = types[1] if isinstance(types, list) and len(types) > 1 and isinstance(types[1], str) else ""
    return _registration(record_type, document)


def _claimed(document: JsonObject) -> tuple[str | None, str | None, str | None]:
    """What an unverified document says it is, for the rejection record."""
    cid = document.get("id")
    types = document.get("type")
    record_type = types[1] if isinstance(types, list) and len(types) > 1 and isinstance(types[1], str) else None
    try:
        issuer: str | None = vc_model.issuer_id(document)
    except CredentialValidityError:
        issuer = None
    return (cid if isinstance(cid, str) else None), record_type, issuer


def examine(entry: bytes) -> SignedFacts | BadSignature:
    """Condition (1) alone: pure and stateless, so it can run in another process.

    The facts of an entry that verified carry the verified proof, so that whoever
    reads the entry next (the mirror's listener) need not rebuild it.
    """
    try:
        document = strict_json.parse_json_object(entry.decode("utf-8"), what="log entry")
    except (UnicodeDecodeError, CredentialFormatError):
        return BadSignature("the entry is not a JSON credential")
    valid_from = document.get("validFrom")
    try:
        if not isinstance(valid_from, str):
            return BadSignature("the credential has no validFrom", *_claimed(document))
        at = xsd_datetime.parse_date_time_stamp(valid_from)
        proof = data_integrity.verify_proof(document, at=at, keys=party_keys.WEB_KEYS)  # the proof
        claims = vc_model.check_credential(proof, at=at)  # the issuer is the key's controller
    except (CredentialFormatError, CredentialProofError, CredentialValidityError, ValueError) as exc:
        return BadSignature(f"the credential does not verify ({type(exc).__name__})", *_claimed(document))
    if len(claims.types) < 2:
        return BadSignature("the credential names no record type", *_claimed(document))
    record_type = claims.types[1]
    registration = _registration(record_type, proof.document)
    return SignedFacts(claims.id, record_type, claims.issuer, registration, proof.verification_method.id, proof)


def examine_many(entries: list[bytes]) -> list[SignedFacts | BadSignature]:
    """:func:`examine` over a batch (the unit of work handed to a worker process)."""
    return [examine(entry) for entry in entries]


def check_entry(
    entry: bytes,
    index: int,
    registry: PartyRegistry,
    facts: SignedFacts | BadSignature | None = None,
    leaf: bytes | None = None,
) -> LoggedCredential | RejectedEntry:
    """Apply conditions (1) and (2) to the entry at ``index``; learn registrations as they pass.

    Entries must be checked in log order, so that a signer counts as registered
    only from its registration on. ``facts`` is :func:`examine`'s result, when
    it was computed elsewhere, and ``leaf`` the entry's leaf hash, when already known.
    """
    leaf = merkle.leaf_hash(entry) if leaf is None else leaf
    facts = examine(entry) if facts is None else facts
    if isinstance(facts, BadSignature):
        return RejectedEntry(
            index, leaf, entry, RecordFailure.BAD_SIGNATURE, facts.reason,
            facts.credential_id, facts.record_type, facts.issuer,
        )  # fmt: skip
    party = registry.party_of_signer(facts.issuer, facts.method)
    if party is None:  # condition 2: CBP or a registered signer
        return RejectedEntry(
            index, leaf, entry, RecordFailure.UNREGISTERED_SIGNER, "the signing key is not registered to any party",
            facts.credential_id, facts.record_type, facts.issuer, facts.proof,
        )  # fmt: skip
    record = LoggedCredential(
        index=index,
        leaf_hash=leaf,
        entry=entry,
        credential_id=facts.credential_id,
        record_type=facts.record_type,
        issuer=facts.issuer,
        party=party,
        registration=facts.registration,
        proof=facts.proof,
    )
    registry.learn(record)
    return record
