"""The QR payload printed on a report's last page: report id, content hash, signer and signature.

Text form (one line, ``;``-separated)::

    CWR1;<report id>;<base64url SHA-256 of the canonical content>;<signer did:key>;<base64url signature>

A scanned payload is checked against a report file (same id, hash and signature) or,
without the file, on its own: the signature over the hash must verify under the
signer's key, and that key must be a registered supervisor (the caller asks its mirror).

>>> payload = QrPayload("R-1", bytes(32), "did:key:z6Mk", bytes(64))
>>> QrPayload.parse(payload.to_text()) == payload
True
"""

from __future__ import annotations

from dataclasses import dataclass

from workstation.reports.errors import MalformedQrError, MalformedReportError, QrMismatchError
from workstation.reports.signing import ReportSignature, b64url, check_ed25519, from_b64url, signed_message

PREFIX = "CWR1"


@dataclass(frozen=True, slots=True)
class QrPayload:
    report_id: str
    content_sha256: bytes
    signer: str
    signature: bytes

    @classmethod
    def of(cls, signature: ReportSignature) -> QrPayload:
        return cls(signature.report_id, signature.content_sha256, signature.signer, signature.signature)

    def to_text(self) -> str:
        return ";".join((PREFIX, self.report_id, b64url(self.content_sha256), self.signer, b64url(self.signature)))

    @classmethod
    def parse(cls, text: str) -> QrPayload:
        """Raises MalformedQrError for anything but a CWR1 payload."""
        parts = text.strip().split(";")
        if len(parts) != 5 or parts[0] != PREFIX or not parts[1] or not parts[3].startswith("did:key:"):
            raise MalformedQrError("the text is not a CWR1 report QR payload")
        try:
            digest, sig = from_b64url(parts[2], "qr"), from_b64url(parts[4], "qr")
        except MalformedReportError as exc:
            raise MalformedQrError("the QR payload's hash or signature is not base64url") from exc
        if len(digest) != 32 or len(sig) != 64:
            raise MalformedQrError("the QR payload's hash or signature has the wrong length")
        return cls(parts[1], digest, parts[3], sig)

    def check_signature(self) -> None:
        """Raises QrMismatchError when the signature over the hash does not verify under the signer's key."""
        if not check_ed25519(self.signer, signed_message(self.content_sha256), self.signature):
            raise QrMismatchError("the QR signature does not verify", report_id=self.report_id)

    def check_against(self, signature: ReportSignature) -> None:
        """Raises QrMismatchError naming the first member that differs from the report's signature."""
        for name, mine, theirs in (
            ("report_id", self.report_id, signature.report_id),
            ("content_sha256", self.content_sha256, signature.content_sha256),
            ("signer", self.signer, signature.signer),
            ("signature", self.signature, signature.signature),
        ):
            if mine != theirs:
                raise QrMismatchError("the QR code differs from the report", member=name)
