"""Strict base64 (RFC 4648 §4) and base64url (RFC 4648 §5) decoding: one canonical text per byte string.

Everything the project reads as base64 from outside goes through here. A text is
accepted only in its canonical form: the right alphabet and nothing else (no
spaces, no line breaks, no characters of the other alphabet), padding exactly as
specified (standard base64 is padded, base64url is not), and zero bits in the
unused low bits of the last character. So two different texts never decode to
the same bytes, and what was signed or hashed is exactly what was read.

>>> decode_base64("AQI=", what="demo")
b'\\x01\\x02'
>>> decode_base64url("AQI", what="demo")
b'\\x01\\x02'
>>> decode_base64url("AQJ", what="demo")  # the same bytes with non-zero unused bits
Traceback (most recent call last):
...
ledger_client.base64_strict.Base64Error: demo: not canonical base64url (unpadded)
"""

from __future__ import annotations

import base64
import binascii
import re

_STANDARD = re.compile(r"(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?")
_URL = re.compile(r"(?:[A-Za-z0-9_-]{4})*(?:[A-Za-z0-9_-]{2,3})?")


class Base64Error(ValueError):
    """A text is not the canonical base64 (or base64url) form of any byte string.

    Attributes:
        what: which field was being read.
    """

    def __init__(self, what: str, form: str) -> None:
        super().__init__(f"{what}: not canonical {form}")
        self.what = what


def decode_base64(text: str, *, what: str) -> bytes:
    """Standard padded base64, canonical (the alphabet ``A-Za-z0-9+/``, ``=`` padding, zero unused bits)."""
    if not _STANDARD.fullmatch(text):
        raise Base64Error(what, "base64 (padded)")
    try:
        value = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - the pattern already excludes this
        raise Base64Error(what, "base64 (padded)") from exc
    if base64.b64encode(value).decode("ascii") != text:
        raise Base64Error(what, "base64 (padded)")
    return value


def decode_base64url(text: str, *, what: str) -> bytes:
    """Unpadded base64url, canonical (the alphabet ``A-Za-z0-9-_``, no ``=``, zero unused bits)."""
    if not _URL.fullmatch(text):
        raise Base64Error(what, "base64url (unpadded)")
    try:
        value = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:  # pragma: no cover - the pattern already excludes this
        raise Base64Error(what, "base64url (unpadded)") from exc
    if encode_base64url(value) != text:
        raise Base64Error(what, "base64url (unpadded)")
    return value


def encode_base64url(data: bytes) -> str:
    """Unpadded base64url: the only form :func:`decode_base64url` accepts."""
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
