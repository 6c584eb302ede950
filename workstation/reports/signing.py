"""The supervisor's signature over a report: Ed25519 over its id, signer and the SHA-256 of its content.

The signed message is ``b"customs-workstation/report-signature@v2\\n" || JCS({"content_sha256": hex,
"report_id": id, "signer": did})``: a fixed label (so the signature means nothing in another
protocol) and the RFC 8785 canonical JSON of every field a printed QR code shows, the hash
being that of the content's canonical JSON. Signing the hash, not the bytes, lets a QR code
(report id, hash, signer, signature) be checked without the file; signing the id and the
signer with it means none of them can be swapped. Version 1 signed the hash alone and is
refused.

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

import hashlib
import re
from dataclasses import dataclass

import nacl.exceptions
import nacl.signing

import ledger_client
from ledger_client.credentials import JsonValue, SigningKey, canonicalize, parse_json_object, public_key_of
from ledger_client.errors import CredentialFormatError, LedgerError
from workstation.reports.content import ReportContent
from workstation.reports.errors import ContentSignatureError, MalformedReportError

LABEL = b"customs-workstation/report-signature@v2\n"
SIGNATURE_TYPE = "ReportSignature"
SIGNATURE_VERSION = 2
#: A report id: ASCII letters, digits, ``.``, ``_`` and ``-`` (no spaces, controls, bidi marks or ``;``).
REPORT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def b64url(data: bytes) -> str:
    return ledger_client.encode_base64url(data)


def from_b64url(text: str, what: str) -> bytes:
    """Canonical unpadded base64url only (``ledger_client.base64_strict``)."""
    try:
        return ledger_client.decode_base64url(text, what=what)
    except ledger_client.Base64Error as exc:
        raise MalformedReportError(f"{what} is not canonical base64url", part=what) from exc


def signed_message(report_id: str, content_sha256: bytes, signer: str) -> bytes:
    fields: dict[str, JsonValue] = {
        "content_sha256": content_sha256.hex(),
        "report_id": report_id,
        "signer": signer,
    }
    return LABEL + canonicalize(fields)


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
                "version": SIGNATURE_VERSION,
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
        if obj.get("type") == SIGNATURE_TYPE and obj.get("version") == 1:
            raise MalformedReportError("the signature is in the unbound version 1 format", part="signature",
                                       version=1)  # fmt: skip
        if (
            obj.get("type") != SIGNATURE_TYPE
            or obj.get("version") != SIGNATURE_VERSION
            or obj.get("alg") != "Ed25519"
            or not all(isinstance(v, str) for v in (rid, digest, signer, sig))
        ):
            raise MalformedReportError("the signature file is not a report signature", part="signature")
        assert isinstance(rid, str)
        assert isinstance(digest, str)
        assert isinstance(signer, str)
        assert isinstance(sig, str)
        if not REPORT_ID.fullmatch(rid):
            raise MalformedReportError("the signature's report id is not a report id", part="signature")
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            raise MalformedReportError("the signature's content hash is not 64 lowercase hex digits", part="signature")
        return cls(rid, bytes.fromhex(digest), signer, from_b64url(sig, "signature"))


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
    message = signed_message(content.report_id, digest, key.did)
    signature = ReportSignature(content.report_id, digest, key.did, key.sign(message))
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
    message = signed_message(signature.report_id, digest, signature.signer)
    if not check_ed25519(signature.signer, message, signature.signature):
        raise ContentSignatureError("the Ed25519 signature does not verify", signer=signature.signer)
    return signature
