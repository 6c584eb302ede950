"""Benchmark of credential verification and signing, each figure beside its in-run baseline.

1. Verifying a ~2 KB CertificationOfOrigin credential (proof, VC checks) vs the
   irreducible work measured in the same run: one raw pynacl Ed25519 verify plus
   the two JCS calls (proof configuration and document).               goal <= 2x
   Shown for a parsed document and for received text (strict parsing included).
2. Sign and verify throughput on one core.

Run: ``.venv/bin/python bench/credentials.py``
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

import nacl.signing
import rfc8785

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import timing
from ledger_client.credentials import (
    JsonObject,
    ProofOptions,
    SigningKey,
    check_credential_text,
    multikey,
    sign_credential,
    verify_credential,
)

AT = datetime(2025, 6, 1, tzinfo=UTC)
ASSET = Path(__file__).resolve().parent.parent / "tests/assets/credentials"
KEY = SigningKey.from_seed(hashlib.sha256(b"bench credential issuer").digest())


def certificate_of_origin(target_bytes: int = 2048) -> JsonObject:
    """The constructed CertificationOfOrigin vector, issued by the bench key, grown to ~target_bytes."""
    vector = json.loads((ASSET / "eddsa_jcs_2022_certificate_of_origin_constructed.json").read_text("utf-8"))
    unsigned: JsonObject = vector["unsignedCredential"]
    del unsigned["credentialStatus"]
    unsigned["issuer"]["id"] = KEY.did  # type: ignore[index, call-overload]
    items = unsigned["credentialSubject"]["items"]  # type: ignore[index, call-overload]
    template = copy.deepcopy(items[0])
    n = 1
    while len(rfc8785.dumps(unsigned)) < target_bytes - 400:  # leave room for the proof
        item = copy.deepcopy(template)
        item["name"] = f"{template['name']} #{n}"
        items.append(item)
        n += 1
    return unsigned


def main() -> None:
    unsigned = certificate_of_origin()
    signed = sign_credential(unsigned, KEY, ProofOptions(created=datetime(2025, 1, 1, tzinfo=UTC)))
    received = json.dumps(signed, indent=2)
    size = len(rfc8785.dumps(signed))
    print(f"eddsa-jcs-2022 credential: {size} bytes canonical, {len(received)} bytes as received text")
    assert verify_credential(signed, at=AT, expected_type="CertificationOfOrigin").issuer == KEY.did
    assert check_credential_text(received, at=AT).verdict.value == "accept"

    proof = signed["proof"]
    assert isinstance(proof, dict)
    options = {k: v for k, v in proof.items() if k != "proofValue"}
    document = {k: v for k, v in signed.items() if k != "proof"}
    signature = multikey.decode_signature(str(proof["proofValue"]))
    verify_key = nacl.signing.VerifyKey(KEY.public_key)

    def baseline() -> None:
        hash_data = hashlib.sha256(rfc8785.dumps(options)).digest() + hashlib.sha256(rfc8785.dumps(document)).digest()
        verify_key.verify(hash_data, signature)

    base = timing.per_call(baseline, number=300)
    parsed = timing.per_call(lambda: verify_credential(signed, at=AT, expected_type="CertificationOfOrigin"),
                             number=300)
    from_text = timing.per_call(lambda: check_credential_text(received, at=AT), number=300)
    print("1. verify one ~2 KB CertificationOfOrigin (baseline: raw Ed25519 verify + 2 JCS calls)")
    timing.row("verify_credential (parsed document)", parsed, base, goal=2.0)
    timing.row("check_credential_text (received text, strict parse)", from_text, base, goal=2.0)

    sign_time = timing.per_call(
        lambda: sign_credential(unsigned, KEY, ProofOptions(created=datetime(2025, 1, 1, tzinfo=UTC))), number=300
    )
    print("2. throughput on one core")
    timing.row(f"sign_credential      {1 / sign_time:8.0f} credentials/s", sign_time)
    timing.row(f"verify_credential    {1 / parsed:8.0f} credentials/s", parsed)
    timing.row(f"check_credential_text {1 / from_text:7.0f} credentials/s", from_text)


if __name__ == "__main__":
    main()
