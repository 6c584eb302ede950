"""The QR payload's signature binds every field the check reports; its base64 is read strictly.

A printed QR code names a report id, a content hash and a signer. Each of them is
covered by the signature, so none can be swapped for another (a forged paper
report reusing a real report's QR code names the real report's id, not its own).
"""

from __future__ import annotations

import base64
import hashlib

import pytest

from ledger_client.base64_strict import Base64Error, decode_base64, decode_base64url, encode_base64url
from ledger_client.credentials import SigningKey
from tests.unit.workstation.reports.test_content_and_signing import KEY, content
from workstation.reports import signing
from workstation.reports.errors import (
    ContentSignatureError,
    MalformedQrError,
    MalformedReportError,
    QrSignatureError,
    UnboundQrFormatError,
)
from workstation.reports.qr import QrPayload

OTHER = SigningKey.from_seed(bytes(range(1, 33)))


def _payload() -> QrPayload:
    return QrPayload.of(signing.sign(content(), KEY).signature)


def _fields(payload: QrPayload) -> list[str]:
    return payload.to_text().split(";")


def test_the_payload_is_versioned_and_round_trips() -> None:
    payload = _payload()
    assert payload.to_text().startswith("CWR2;")
    parsed = QrPayload.parse(payload.to_text())
    assert parsed == payload
    parsed.check_signature()


@pytest.mark.parametrize("field", ["report_id", "content_sha256", "signer"])
def test_each_reported_field_is_bound_by_the_signature(field: str) -> None:
    parts = _fields(_payload())
    match field:
        case "report_id":
            parts[1] = "R-20250630-0000000F"
        case "content_sha256":
            parts[2] = encode_base64url(hashlib.sha256(b"another report").digest())
        case _:
            parts[3] = OTHER.did
    altered = QrPayload.parse(";".join(parts))
    with pytest.raises(QrSignatureError) as caught:
        altered.check_signature()
    assert caught.value.reason == "QR_SIGNATURE_INVALID"


def test_the_old_unbound_format_is_refused_with_its_own_reason() -> None:
    parts = _fields(_payload())
    parts[0] = "CWR1"
    with pytest.raises(UnboundQrFormatError) as caught:
        QrPayload.parse(";".join(parts))
    assert caught.value.reason == "QR_FORMAT_UNBOUND"


URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _unused_bit_set(text: str) -> str:
    """The same bytes with the lowest (unused, for 32 and 64 bytes) bit of the last character set."""
    return text[:-1] + URL_ALPHABET[URL_ALPHABET.index(text[-1]) ^ 1]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda s: s + "=",  # padding
        lambda s: s + "==",
        lambda s: s[:10] + " " + s[10:],  # junk inside
        lambda s: s[:10] + "!" + s[10:],
        lambda s: s.replace("-", "+").replace("_", "/") if ("-" in s or "_" in s) else "+" + s[1:],  # other alphabet
        _unused_bit_set,
    ],
)
def test_base64url_in_the_payload_must_be_canonical(mutate) -> None:  # type: ignore[no-untyped-def]
    parts = _fields(_payload())
    for i in (2, 4):
        bad = list(parts)
        bad[i] = mutate(parts[i])
        assert bad[i] != parts[i]
        with pytest.raises(MalformedQrError) as caught:
            QrPayload.parse(";".join(bad))
        assert caught.value.reason == "MALFORMED_QR"


@pytest.mark.parametrize("rid", ["R-1\u202egnp.exe", "R-1\u200f", "R-1\x00", "R-1\n", "R 1", "", "R-1;x"])
def test_a_report_id_with_control_bidi_or_separator_characters_is_refused(rid: str) -> None:
    parts = _fields(_payload())
    parts[1] = rid
    with pytest.raises(MalformedQrError):
        QrPayload.parse(";".join(parts))


def test_the_signature_file_binds_the_report_id_and_signer() -> None:
    signed = signing.sign(content(), KEY)
    renamed = signing.ReportSignature("R-20250630-0000000F", *[getattr(signed.signature, f) for f in
                                      ("content_sha256", "signer", "signature")])  # fmt: skip
    with pytest.raises(ContentSignatureError):
        signing.verify_signature(signed.canonical, renamed)


def test_a_version_1_signature_file_is_refused() -> None:
    signed = signing.sign(content(), KEY)
    old = signed.signature.to_bytes().replace(b'"version":2', b'"version":1')
    with pytest.raises(MalformedReportError):
        signing.ReportSignature.from_bytes(old)


def test_the_signature_files_base64url_is_canonical() -> None:
    signed = signing.sign(content(), KEY)
    sig = encode_base64url(signed.signature.signature)
    padded = signed.signature.to_bytes().replace(sig.encode(), sig.encode() + b"==")
    with pytest.raises(MalformedReportError):
        signing.ReportSignature.from_bytes(padded)


# ---------------------------------------------------------------------------- the helper itself


@pytest.mark.parametrize("data", [b"", b"\x00", b"\xff\xfe", b"abc", bytes(range(256))])
def test_strict_decoders_round_trip(data: bytes) -> None:
    assert decode_base64(base64.b64encode(data).decode(), what="t") == data
    assert decode_base64url(encode_base64url(data), what="t") == data


@pytest.mark.parametrize("text", ["AQI", "AQI=\n", " AQI=", "AQJ=", "AQ==AQ==", "A===", "AQ-=", "AQI=="])
def test_strict_base64_refuses_non_canonical_text(text: str) -> None:
    with pytest.raises(Base64Error):
        decode_base64(text, what="t")


@pytest.mark.parametrize("text", ["AQI=", "AQJ", "A", "AQ+", "AQ/", "AQ I", "AQI\n", "AR"])
def test_strict_base64url_refuses_non_canonical_text(text: str) -> None:
    with pytest.raises(Base64Error):
        decode_base64url(text, what="t")
