"""Signed ledger records for tests: a CBP key, registered parties, and records they sign.

Keys come from fixed test seeds and exist only for tests.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import rfc8785

from ledger_client.credentials import ProofOptions, SigningKey, sign_credential

CONTEXTS = ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/traceability/v1"]


def test_signing_key(name: str) -> SigningKey:
    return SigningKey.from_seed(hashlib.sha256(f"credential test seed {name}".encode()).digest())


def canonical(document: dict[str, object]) -> bytes:
    return rfc8785.dumps(document)


@dataclass
class CredentialLog:
    """Builds the entries of a small ledger, in log order."""

    cbp: SigningKey = field(default_factory=lambda: test_signing_key("cbp"))
    entries: list[bytes] = field(default_factory=list)
    parties: dict[str, SigningKey] = field(default_factory=dict)
    serial: int = 0

    def sign(self, signer: SigningKey, record_type: str, subject: dict[str, object], **extra: object) -> bytes:
        self.serial += 1
        document: dict[str, object] = {
            "@context": CONTEXTS,
            "type": ["VerifiableCredential", record_type],
            "id": f"urn:test:{record_type}:{self.serial}",
            "issuer": signer.did,
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": subject,
            **extra,
        }
        return canonical(sign_credential(document, signer, ProofOptions()))

    def add(self, entry: bytes) -> int:
        self.entries.append(entry)
        return len(self.entries) - 1

    def register(self, party_id: str, *, country: str = "MX") -> SigningKey:
        """CBP registers a party with a fresh key; the registration is appended."""
        key = test_signing_key(party_id)
        self.parties[party_id] = key
        subject = {
            "id": party_id,
            "type": "Party",
            "legalName": f"{party_id} S.A. de C.V.",
            "country": country,
            "roles": ["exporter"],
            "keys": [key.did],
        }
        self.add(self.sign(self.cbp, "PartyRegistration", subject))
        return key

    def record(self, party_id: str, record_type: str = "CertificationOfOrigin", **subject: object) -> int:
        return self.add(
            self.sign(self.parties[party_id], record_type, {"id": f"urn:test:subject:{self.serial}", **subject})
        )

    def unregistered_record(self) -> int:
        return self.add(self.sign(test_signing_key("stranger"), "CertificationOfOrigin", {"id": "urn:test:x"}))

    def tampered_record(self, party_id: str) -> int:
        entry = self.sign(self.parties[party_id], "CertificationOfOrigin", {"id": "urn:test:t", "hs": "7323.93"})
        return self.add(entry.replace(b"7323.93", b"7323.94"))
