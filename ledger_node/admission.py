"""Admission of one submitted entry: size, text, I-JSON, proof, signer (docs/architecture.md §3-4).

Steps, each with its own refusal (``ledger_node.errors``):

1. the body is at most 64 KiB (413);
2. it is UTF-8 and one I-JSON object without duplicate members (400);
3. its Data Integrity proof (``eddsa-jcs-2022``) verifies now and its issuer is
   the controller of the signing key (422);
4. the signer is CBP's pinned key or a key of a party registered on the log (a did:web issuer: its
   registration lists the did:web and the key, ``ledger_client.party_keys``);
   only CBP may register parties (403);
5. the entry is the JCS canonical bytes (RFC 8785) of the credential, proof
   included, and fits one bundle record (65 535 bytes, docs/protocol.md §3.4) (413).

Validity windows and status are the reader's business: the log records history.

Steps 1-3, step 4's rule that only CBP registers parties, and step 5 need no
state, so :func:`examine` runs them wherever it is cheapest (a worker process of
:mod:`ledger_node.admission_pool`); :func:`admit_signer` finishes step 4 against
the registry, in the process that owns it. :func:`admit` does both.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ledger_client import merkle, party_keys
from ledger_client.credentials import data_integrity, strict_json, vc_model
from ledger_client.errors import CredentialFormatError, CredentialProofError, CredentialValidityError
from ledger_node import registry
from ledger_node.errors import (
    AdmissionError,  # noqa: F401 - callers catch admission.AdmissionError
    EntryTooLargeError,
    MalformedEntryError,
    ProofRejectedError,
    UnregisteredSignerError,
)

MAX_BODY_BYTES = 64 * 1024
MAX_ENTRY_BYTES = 0xFFFF


@dataclass(frozen=True, slots=True)
class AdmittedEntry:
    """An entry that passed admission.

    Attributes:
        data: the JCS canonical bytes that become the log entry.
        leaf_hash: RFC 9162 leaf hash of ``data``.
        signer: the DID that signed it.
        party: the party id the signer signs for.
    """

    data: bytes
    leaf_hash: bytes
    signer: str
    party: str


@dataclass(frozen=True, slots=True)
class ExaminedEntry:
    """An entry that passed the stateless steps: it still needs its signer looked up (step 4).

    Attributes:
        data: the JCS canonical bytes that become the log entry.
        leaf_hash: RFC 9162 leaf hash of ``data``.
        signer: the DID that signed it.
        method: the id of the verification method (key) that signed it.
    """

    data: bytes
    leaf_hash: bytes
    signer: str
    method: str


def admit(body: bytes, parties: registry.Registry, *, at: datetime) -> AdmittedEntry:
    """Run steps 1-5 on a request body.

    Raises:
        EntryTooLargeError, MalformedEntryError, ProofRejectedError, UnregisteredSignerError.
    """
    return admit_signer(examine(body, parties.cbp_did, at=at), parties)


def admit_signer(entry: ExaminedEntry, parties: registry.Registry) -> AdmittedEntry:
    """Step 4 against the registry: the signer must be CBP or a registered party's key.

    Raises:
        UnregisteredSignerError.
    """
    party = parties.party_of_signer(entry.signer, entry.method)
    if party is None:
        raise UnregisteredSignerError("the signer has no PartyRegistration on the log")
    return AdmittedEntry(data=entry.data, leaf_hash=entry.leaf_hash, signer=entry.signer, party=party)


def examine(body: bytes, cbp_did: str, *, at: datetime) -> ExaminedEntry:
    """Steps 1-3, the registration rule of step 4, and step 5: everything that needs no registry.

    Raises:
        EntryTooLargeError, MalformedEntryError, ProofRejectedError, UnregisteredSignerError.
    """
    if len(body) > MAX_BODY_BYTES:  # 1
        raise EntryTooLargeError(f"the body is over the limit of {MAX_BODY_BYTES} bytes")
    try:  # 2
        document = strict_json.parse_json_object(body.decode("utf-8"), max_bytes=MAX_BODY_BYTES)
    except UnicodeDecodeError as exc:
        raise MalformedEntryError("the body is not UTF-8 text") from exc
    except CredentialFormatError as exc:
        raise MalformedEntryError("the body is not one I-JSON object") from exc
    try:  # 3
        proof = data_integrity.verify_proof(document, at=at, keys=party_keys.WEB_KEYS)
        issuer = vc_model.issuer_id(document)
    except CredentialFormatError as exc:
        raise MalformedEntryError("the body is not a secured credential") from exc
    except CredentialProofError as exc:
        raise ProofRejectedError("the credential's proof does not verify") from exc
    except CredentialValidityError as exc:
        raise MalformedEntryError("the credential has no issuer") from exc
    signer = proof.verification_method.controller
    if issuer != signer:
        raise ProofRejectedError("the credential's issuer is not the controller of the key that signed it")
    if registry.is_registration(document):  # 4
        if signer != cbp_did:
            raise UnregisteredSignerError("only CBP's key may register a party")
        try:
            registry.registration_subject(document)
        except ValueError as exc:
            raise MalformedEntryError("the PartyRegistration subject is malformed") from exc
    data = strict_json.canonicalize(document)  # 5
    if len(data) > MAX_ENTRY_BYTES:
        raise EntryTooLargeError(f"the canonical entry is over the record limit of {MAX_ENTRY_BYTES} bytes")
    return ExaminedEntry(
        data=data, leaf_hash=merkle.leaf_hash(data), signer=signer, method=proof.verification_method.id
    )
