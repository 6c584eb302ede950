"""The QR payload printed on a report's last page: report id, content hash, signer and signature.

Text form (one line, ``;``-separated; the leading tag is the format's version)::

    CWR2;<report id>;<base64url SHA-256 of the canonical content>;<signer did:key>;<base64url signature>

The signature is the report's own (``signing``): it covers the report id, the content
hash and the signer together, so none of the three can be swapped. ``CWR1`` codes,
whose signature covered the hash alone, are refused (``UnboundQrFormatError``).

A scanned payload is checked against a report file (same id, hash and signature) or,
without the file, on its own: the signature must verify under the signer's key, and
that key must be a registered supervisor (the caller asks its mirror).

>>> payload = QrPayload("R-1", bytes(32), "did:key:z6Mk", bytes(64))
>>> QrPayload.parse(payload.to_text()) == payload
True
"""

from __future__ import annotations

from dataclasses import dataclass

from workstation.reports.errors import (
    MalformedQrError,
    MalformedReportError,
    QrMismatchError,
    QrSignatureError,
    UnboundQrFormatError,
)
from workstation.reports.signing import REPORT_ID, ReportSignature, b64url, check_ed25519, from_b64url, signed_message

PREFIX = "CWR2"
UNBOUND_PREFIX = "CWR1"
#: A did:key as the QR carries it: the multibase base58btc alphabet only.
_DID_KEY_CHARS = frozenset("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")


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
        """Raises UnboundQrFormatError for a CWR1 payload, MalformedQrError for anything but a CWR2 payload."""
        parts = text.strip().split(";")
        if parts[0] == UNBOUND_PREFIX:
            raise UnboundQrFormatError("a CWR1 payload's signature does not cover the report id", problem="version")
        if len(parts) != 5 or parts[0] != PREFIX:
            raise MalformedQrError("the text is not a CWR2 report QR payload", problem="format")
        _, report_id, digest_text, signer, sig_text = parts
        if not REPORT_ID.fullmatch(report_id):
            raise MalformedQrError("the QR payload's report id has characters no report id has", problem="report_id")
        did_body = signer.removeprefix("did:key:z")
        if did_body == signer or not did_body or not set(did_body) <= _DID_KEY_CHARS:
            raise MalformedQrError("the QR payload's signer is not a did:key", problem="signer")
        try:
            digest, sig = from_b64url(digest_text, "qr hash"), from_b64url(sig_text, "qr signature")
        except MalformedReportError as exc:
            raise MalformedQrError("the QR payload's hash or signature is not canonical base64url",
                                   problem="base64") from exc  # fmt: skip
        if len(digest) != 32 or len(sig) != 64:
            raise MalformedQrError("the QR payload's hash or signature has the wrong length", problem="length")
        return cls(report_id, digest, signer, sig)

    def check_signature(self) -> None:
        """Raises QrSignatureError when the signature over (id, hash, signer) does not verify under the signer's key."""
        message = signed_message(self.report_id, self.content_sha256, self.signer)
        if not check_ed25519(self.signer, message, self.signature):
            raise QrSignatureError("the QR signature does not verify over its report id, hash and signer")

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
