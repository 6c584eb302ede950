"""Signed trade records: VC 2.0 credentials secured with ``eddsa-jcs-2022``, ``did:key`` and status lists.

Qt-free and network-free; only ``keyfile`` touches the disk. Verification
fails closed: ``verify_credential`` raises a specific ``ledger_client.errors``
class or returns a ``VerifiedCredential``; ``check_credential_text`` reports the
same outcome as data for the command line and screens.

>>> from datetime import UTC, datetime
>>> key = SigningKey.from_seed(bytes(range(32)))
>>> unsigned = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential"],
...             "issuer": key.did, "credentialSubject": {"name": "Espresso Italiano"}}
>>> signed = sign_credential(unsigned, key, ProofOptions(created=datetime(2025, 1, 1, tzinfo=UTC)))
>>> verify_credential(signed, at=datetime(2025, 6, 1, tzinfo=UTC)).issuer == key.did
True
"""

from __future__ import annotations

from ledger_client.credentials.data_integrity import VerifiedProof, recorded_proof, verify_proof
from ledger_client.credentials.did_key import (
    VerificationMethod,
    did_document,
    did_from_public_key,
    public_key_of,
    resolve_verification_method,
)
from ledger_client.credentials.issuing import ProofOptions, sign_credential
from ledger_client.credentials.json_reader import JsonReader
from ledger_client.credentials.key_lookup import KeyLookup, TrustedKeys
from ledger_client.credentials.keyfile import KeyFile, load_key_file, write_key_file
from ledger_client.credentials.outcome import (
    CredentialCheck,
    CredentialOutcome,
    ProofOutcome,
    Verdict,
    check_credential_text,
)
from ledger_client.credentials.signing_key import SigningKey
from ledger_client.credentials.small_file import SmallFile, SmallFileError, read_small_file
from ledger_client.credentials.status_check import StatusValue
from ledger_client.credentials.status_list import decode_bitstring, encode_bitstring, read_status
from ledger_client.credentials.strict_json import (
    JsonObject,
    JsonValue,
    canonicalize,
    copy_json,
    copy_object,
    parse_json,
    parse_json_object,
)
from ledger_client.credentials.vc import VerifiedCredential, check_verified_proof, verify_credential
from ledger_client.credentials.vc_model import CredentialClaims
from ledger_client.credentials.xsd_datetime import parse_date_time_stamp

__all__ = [
    "CredentialCheck",
    "CredentialClaims",
    "CredentialOutcome",
    "JsonObject",
    "JsonReader",
    "JsonValue",
    "KeyFile",
    "KeyLookup",
    "ProofOptions",
    "ProofOutcome",
    "SigningKey",
    "SmallFile",
    "SmallFileError",
    "StatusValue",
    "TrustedKeys",
    "Verdict",
    "VerificationMethod",
    "VerifiedCredential",
    "VerifiedProof",
    "canonicalize",
    "check_credential_text",
    "check_verified_proof",
    "copy_json",
    "copy_object",
    "decode_bitstring",
    "did_document",
    "did_from_public_key",
    "encode_bitstring",
    "load_key_file",
    "parse_date_time_stamp",
    "parse_json",
    "parse_json_object",
    "public_key_of",
    "read_small_file",
    "read_status",
    "recorded_proof",
    "resolve_verification_method",
    "sign_credential",
    "verify_credential",
    "verify_proof",
    "write_key_file",
]
