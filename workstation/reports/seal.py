"""The file seal: the supervisor's signature over every byte of the rendered PDF before it.

The content signature covers what the report says; the seal covers the file, so
a byte changed anywhere (a font, an image, an attachment) is noticed. The seal is
appended as a PDF incremental update holding one more attachment, ``seal.json``::

    {"type": "ReportSeal", "version": 1, "signed_length": N, "sha256": "<hex of SHA-256(first N bytes)>",
     "signer": "did:key:...", "signature": "<base64url Ed25519 of LABEL || N || sha256>"}

The bytes after the sealed length must be exactly that update as this module writes
it for the sealed bytes (pypdf's incremental writer is deterministic), so nothing can
be appended or changed after the seal either.
"""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfWriter

from ledger_client.credentials import SigningKey, canonicalize, parse_json_object
from ledger_client.errors import CredentialFormatError
from workstation.reports.errors import DocumentAlteredError, MalformedReportError
from workstation.reports.signing import b64url, check_ed25519, from_b64url

SEAL_NAME = "seal.json"
LABEL = b"customs-workstation/report-seal@v1\n"


def _message(length: int, digest: bytes) -> bytes:
    return LABEL + f"{length}\n".encode("ascii") + digest


def seal(pdf: bytes, key: SigningKey) -> bytes:
    """``pdf`` with the seal appended as an incremental update (the first ``len(pdf)`` bytes are kept)."""
    digest = hashlib.sha256(pdf).digest()
    body = canonicalize(
        {
            "type": "ReportSeal",
            "version": 1,
            "signed_length": len(pdf),
            "sha256": digest.hex(),
            "signer": key.did,
            "signature": b64url(key.sign(_message(len(pdf), digest))),
        }
    )
    return _append(pdf, body)


def _append(pdf: bytes, body: bytes) -> bytes:
    """``pdf`` with ``seal.json`` appended as an incremental update (deterministic for given bytes)."""
    writer = PdfWriter(io.BytesIO(pdf), incremental=True)
    writer.add_attachment(SEAL_NAME, body)
    out = io.BytesIO()
    writer.write(out)
    sealed = out.getvalue()
    assert sealed.startswith(pdf), "an incremental update keeps the sealed bytes"
    return sealed


def check_seal(data: bytes, body: bytes, signer: str) -> int:
    """Check the seal ``body`` found in ``data``; returns the sealed length.

    The bytes after the sealed length must be exactly the seal's own update, as
    :func:`seal` writes it for those bytes: nothing else may be appended or changed.

    Raises:
        DocumentAlteredError: the seal is malformed, by another key than ``signer``, or any byte changed.
    """
    try:
        seal_json = parse_json_object(body.decode("utf-8"), what="seal")
    except (UnicodeDecodeError, CredentialFormatError) as exc:
        raise DocumentAlteredError("the seal is not JSON", problem="malformed_seal") from exc
    length, digest_hex, by, sig = (seal_json.get(k) for k in ("signed_length", "sha256", "signer", "signature"))
    if (
        seal_json.get("type") != "ReportSeal"
        or seal_json.get("version") != 1
        or set(seal_json) != {"type", "version", "signed_length", "sha256", "signer", "signature"}
        or canonicalize(seal_json) != body
        or not isinstance(length, int)
        or isinstance(length, bool)
        or not isinstance(digest_hex, str)
        or not isinstance(by, str)
        or not isinstance(sig, str)
    ):
        raise DocumentAlteredError("the seal is not a report seal", problem="malformed_seal")
    if by != signer:
        raise DocumentAlteredError("the seal is by another key than the report's signer", problem="seal_signer")
    if not 0 < length <= len(data):
        raise DocumentAlteredError("the sealed length is not within the file", problem="length")
    digest = hashlib.sha256(data[:length]).digest()
    if digest.hex() != digest_hex:
        raise DocumentAlteredError("the file's bytes differ from the sealed bytes", problem="bytes_changed")
    try:
        signature = from_b64url(sig, "seal")
    except MalformedReportError as exc:
        raise DocumentAlteredError("the seal's signature is not canonical base64url", problem="malformed_seal") from exc
    if not check_ed25519(by, _message(length, digest), signature):
        raise DocumentAlteredError("the seal's signature does not verify", problem="seal_signature")
    try:
        expected = _append(data[:length], body)
    except Exception as exc:
        raise DocumentAlteredError("the sealed bytes are not a whole PDF", problem="bytes_changed") from exc
    if expected != data:
        raise DocumentAlteredError("the bytes after the seal's signed part were changed", problem="appended")
    return length
