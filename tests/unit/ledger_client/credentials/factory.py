"""Builders for the credential tests: the W3C test key, signed trade credentials and status lists."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any

from ledger_client.credentials import JsonObject, ProofOptions, SigningKey, sign_credential, status_list
from tests.helpers import assets

OFFICIAL = assets.load("credentials/eddsa_jcs_2022_official")
NO_PROOF_CONTEXT = assets.load("credentials/eddsa_jcs_2022_no_proof_context")
ORIGIN = assets.load("credentials/eddsa_jcs_2022_certificate_of_origin_constructed")
MULTIKEY = assets.load("credentials/multikey_did_key")
STATUS_LISTS = assets.load("credentials/bitstring_status_list")
JCS = assets.load("credentials/jcs_rfc8785")

#: The W3C vc-di-eddsa test key (published; a test vector, not a secret).
TEST_KEY = SigningKey.from_seed(bytes.fromhex(OFFICIAL["keyPair"]["secretKeySeedHex"]))
#: A second key, for "signed by someone else" lies.
OTHER_KEY = SigningKey.from_seed(bytes(range(32)))
AT = datetime(2025, 6, 1, tzinfo=UTC)
CREATED = datetime(2024, 5, 1, 12, tzinfo=UTC)
LIST_URL = "https://status.example/lists/1"


def text(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False)


def origin_unsigned(*, status: bool = False) -> JsonObject:
    """The constructed CertificationOfOrigin, issued by the test key (status entry optional)."""
    document: JsonObject = copy.deepcopy(ORIGIN["unsignedCredential"])
    if not status:
        del document["credentialStatus"]
    return document


def signed(document: JsonObject, key: SigningKey = TEST_KEY, **options: Any) -> JsonObject:
    options.setdefault("created", CREATED)
    return sign_credential(document, key, ProofOptions(**options))


def origin_signed(*, status: bool = False) -> JsonObject:
    return signed(origin_unsigned(status=status))


def status_list_credential(
    bits: bytes | bytearray,
    *,
    purpose: str | list[str] = "revocation",
    url: str = LIST_URL,
    key: SigningKey = TEST_KEY,
    extra: dict[str, Any] | None = None,
) -> JsonObject:
    """A BitstringStatusListCredential over ``bits``, signed by ``key`` (its did:key is the issuer)."""
    document: JsonObject = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": key.did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": status_list.encode_bitstring(bytes(bits)),
        },
    }
    document.update(extra or {})
    return signed(document, key)


def bits_with(*indices: int, entries: int = status_list.MIN_ENTRIES) -> bytearray:
    bits = status_list.new_bitstring(entries)
    for index in indices:
        status_list.set_status(bits, index, 1)
    return bits
