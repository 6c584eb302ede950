"""The supervisor's signature over a report: Ed25519 over the SHA-256 of the content's canonical JSON.

The signed message is ``b"customs-workstation/report-signature@v1\\n" || SHA-256(JCS(content))``:
a fixed label (so the signature means nothing in another protocol) and the hash of the
RFC 8785 canonical JSON. Signing the hash, not the bytes, lets a printed QR code
(report id, hash, signer, signature) be checked without the file.

>>> from ledger_client.credentials import SigningKey, public_key_of
>>> from workstation.reports.content import EvidenceBundle, Person, ReportContent
>>> key = SigningKey.from_seed(bytes(32))
>>> content = ReportContent("R-1", "origin", "2025-06-30T00:00:00Z", Person("O", None, ()), {}, "2025-06-30",
...     "PASS", "ok", (), (), (), (), EvidenceBundle("log", 0, "", (), ()), supervisor=Person("S", None, (key.did,)),
...     approved_at="2025-06-30T01:00:00Z")
>>> signed = sign(content, key)
>>> verify_signature(content.canonical(), signed.signature).report_id
'R-1'
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

from ledger_client.credentials import SigningKey, canonicalize, parse_json_object, public_key_of
from ledger_client.errors import CredentialFormatError, LedgerError
from workstation.reports.content import ReportContent
from workstation.reports.errors import ContentSignatureError, MalformedReportError

LABEL = b"customs-workstation/report-signature@v1\n"
SIGNATURE_TYPE = "ReportSignature"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def from_b64url(text: str, what: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (ValueError, TypeError) as exc:
        raise MalformedReportError(f"{what} is not base64url", part=what) from exc


def signed_message(content_sha256: bytes) -> bytes:
    return LABEL + content_sha256


def check_ed25519(did: str, message: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``did``'s Ed25519 signature of ``message`` (False for a malformed did or sig)."""
    try:
        nacl.signing.VerifyKey(public_key_of(did)).verify(message, signature)
    except (nacl.exceptions.BadSignatureError, nacl.exceptions.ValueError, ValueError, LedgerError):
        return False
    return True


@dataclass(frozen=True, slots=True)
class ReportSignature:
    """The embedded ``signature.json``: which report, the content hash, the signer's did:key and the signature."""

    report_id: str
    content_sha256: bytes
    signer: str
    signature: bytes

    def to_bytes(self) -> bytes:
        return canonicalize(
            {
                "type": SIGNATURE_TYPE,
                "version": 1,
                "alg": "Ed25519",
                "report_id": self.report_id,
                "content_sha256": self.content_sha256.hex(),
                "signer": self.signer,
                "signature": b64url(self.signature),
            }
        )

    @classmethod
    def from_bytes(cls, data: bytes) -> ReportSignature:
        try:
            obj = parse_json_object(data.decode("utf-8"), what="report signature")
        except (UnicodeDecodeError, CredentialFormatError) as exc:
            raise MalformedReportError("the signature file is not JSON", part="signature") from exc
        rid, digest, signer, sig = (obj.get(k) for k in ("report_id", "content_sha256", "signer", "signature"))
        if (
            obj.get("type") != SIGNATURE_TYPE
            or obj.get("version") != 1
            or obj.get("alg") != "Ed25519"
            or not all(isinstance(v, str) for v in (rid, digest, signer, sig))
        ):
            raise MalformedReportError("the signature file is not a report signature", part="signature")
        assert isinstance(rid, str)
        assert isinstance(digest, str)
        assert isinstance(signer, str)
        assert isinstance(sig, str)
        try:
            content_sha256 = bytes.fromhex(digest)
        except ValueError as exc:
            raise MalformedReportError("the signature's content hash is not hex", part="signature") from exc
        return cls(rid, content_sha256, signer, from_b64url(sig, "signature"))


@dataclass(frozen=True, slots=True)
class SignedReport:
    """Approved content, its canonical bytes and the supervisor's signature over them."""

    content: ReportContent
    canonical: bytes
    signature: ReportSignature


def sign(content: ReportContent, key: SigningKey) -> SignedReport:
    """Sign approved content with the supervisor's key.

    Raises:
        ValueError: the content names no supervisor, or not this key among the supervisor's keys.
    """
    if content.supervisor is None or content.approved_at is None:
        raise ValueError("only approved content (with its supervisor) is signed")
    if key.did not in content.supervisor.keys:
        raise ValueError("the key is not among the approving supervisor's registered keys")
    canonical = content.canonical()
    digest = hashlib.sha256(canonical).digest()
    signature = ReportSignature(content.report_id, digest, key.did, key.sign(signed_message(digest)))
    return SignedReport(content, canonical, signature)


def verify_signature(canonical: bytes, signature: ReportSignature) -> ReportSignature:
    """Check the signature over the canonical content bytes.

    Raises:
        ContentSignatureError: the bytes hash to another value than the signature's, or the signature fails.
    """
    digest = hashlib.sha256(canonical).digest()
    if digest != signature.content_sha256:
        raise ContentSignatureError(
            "the content does not hash to the signed value",
            signed_sha256=signature.content_sha256.hex(),
            content_sha256=digest.hex(),
        )
    if not check_ed25519(signature.signer, signed_message(digest), signature.signature):
        raise ContentSignatureError("the Ed25519 signature does not verify", signer=signature.signer)
    return signature
