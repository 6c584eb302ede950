"""Bitstring Status List v1.0 (W3C Recommendation): entries, the encoded list, and reading a status.

``encodedList`` is ``"u"`` + base64url (no padding) of the gzip of the bitstring.
Index 0 is the most significant bit of byte 0; an entry of ``statusSize`` bits
starts at bit ``index * statusSize``, most significant bit first. A list with
fewer than 131,072 entries is refused (STATUS_LIST_LENGTH_ERROR). Bits are
compared after decoding, never as encoded strings: encoders differ in gzip
headers and deflate choices. Verifying the list credential's proof is the
caller's job (``status_check``); this module is pure bit handling.

>>> bits = new_bitstring()
>>> set_status(bits, 4000, 1)
>>> bits[500], read_status(decode_bitstring(encode_bitstring(bits)), 4000)
(128, 1)
"""

from __future__ import annotations

import base64
import gzip
import re
import zlib
from dataclasses import dataclass

from ledger_client import base64_strict
from ledger_client.credentials.strict_json import JsonValue
from ledger_client.errors import StatusListError

ENTRY_TYPE = "BitstringStatusListEntry"
LIST_CREDENTIAL_TYPE = "BitstringStatusListCredential"
LIST_TYPE = "BitstringStatusList"
PURPOSES = frozenset({"revocation", "suspension", "refresh", "message"})
#: Validate Algorithm: the minimum number of entries (16 KiB of one-bit entries), for herd privacy.
MIN_ENTRIES = 131_072
#: A few kilobytes of gzip can inflate to gigabytes; no honest list comes near this.
MAX_DECODED_BYTES = 16 * 1024 * 1024
_MAX_STATUS_SIZE = 8
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*", re.ASCII)
_INDEX = re.compile(r"[0-9]{1,15}", re.ASCII)
_HEX_STATUS = re.compile(r"0x[0-9a-fA-F]+", re.ASCII)


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """A ``BitstringStatusListEntry`` of a credential's ``credentialStatus``."""

    purpose: str
    index: int
    list_url: str
    size: int = 1
    messages: tuple[tuple[int, str], ...] = ()
    id: str | None = None

    @classmethod
    def from_json(cls, value: JsonValue) -> StatusEntry:
        """Parse one status entry (Bitstring Status List v1.0 §2.1 BitstringStatusListEntry).

        Raises:
            StatusListError: MALFORMED_VALUE_ERROR for any member of the wrong shape, an unknown
                ``type``, or an ``id`` equal to the list URL.
        """
        if not isinstance(value, dict) or value.get("type") != ENTRY_TYPE:
            raise _malformed("a credentialStatus entry is not a BitstringStatusListEntry", "", "", None)
        purpose, index_text, url = (
            value.get("statusPurpose"),
            value.get("statusListIndex"),
            value.get("statusListCredential"),
        )
        if not isinstance(url, str) or not url or not isinstance(purpose, str):
            raise _malformed("the status entry lacks statusListCredential or statusPurpose", "", "", None)
        if not isinstance(index_text, str) or not _INDEX.fullmatch(index_text):
            raise _malformed("statusListIndex is not a string of base-10 digits", url, purpose, None)
        index = int(index_text)
        size = value.get("statusSize", 1)
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= _MAX_STATUS_SIZE:
            raise _malformed("statusSize is not an integer from 1 to 8", url, purpose, index)
        messages = _messages(value.get("statusMessage"), size, url, purpose, index)
        entry_id = value.get("id")
        if entry_id is not None and (not isinstance(entry_id, str) or entry_id == url):
            raise _malformed("the status entry's id is not a string or equals the list URL", url, purpose, index)
        return cls(purpose, index, url, size, messages, entry_id)


def _messages(value: JsonValue, size: int, url: str, purpose: str, index: int) -> tuple[tuple[int, str], ...]:
    """``statusMessage``: required when ``statusSize`` > 1, with one message per possible value."""
    if value is None:
        if size > 1:
            raise _malformed("statusMessage is required when statusSize is over 1", url, purpose, index)
        return ()
    if not isinstance(value, list) or len(value) != 2**size:
        raise _malformed("statusMessage must list one message per possible status value", url, purpose, index)
    messages: list[tuple[int, str]] = []
    for item in value:
        status, message = (item.get("status"), item.get("message")) if isinstance(item, dict) else (None, None)
        if not isinstance(status, str) or not _HEX_STATUS.fullmatch(status) or not isinstance(message, str):
            raise _malformed("a statusMessage item lacks a hex status or a message", url, purpose, index)
        messages.append((int(status, 16), message))
    return tuple(messages)


def _malformed(message: str, url: str, purpose: str, index: int | None) -> StatusListError:
    return StatusListError(message, code="MALFORMED_VALUE_ERROR", status_list=url, purpose=purpose, index=index)


def new_bitstring(entries: int = MIN_ENTRIES, size: int = 1) -> bytearray:
    """An all-zero bitstring for ``entries`` entries of ``size`` bits (rounded up to whole bytes)."""
    return bytearray(-(-entries * size // 8))


def set_status(bits: bytearray, index: int, value: int, size: int = 1) -> None:
    """Write ``value`` into entry ``index`` (most significant bit first).

    Raises:
        ValueError: the entry is outside the bitstring or the value does not fit in ``size`` bits.
    """
    if not 0 <= value < 2**size or index < 0 or (index + 1) * size > len(bits) * 8:
        raise ValueError("status entry or value out of range")
    for offset in range(size):
        position = index * size + offset
        mask = 0x80 >> (position % 8)
        if (value >> (size - 1 - offset)) & 1:
            bits[position // 8] |= mask
        else:
            bits[position // 8] &= ~mask & 0xFF


def read_status(bits: bytes, index: int, size: int = 1) -> int:
    """The value of entry ``index``: ``size`` bits from bit ``index * size``, most significant first.

    Raises:
        ValueError: RANGE_ERROR: the entry is outside the bitstring.
    """
    if index < 0 or (index + 1) * size > len(bits) * 8:
        raise ValueError("RANGE_ERROR: the status entry is outside the bitstring")
    value = 0
    for offset in range(size):
        position = index * size + offset
        value = (value << 1) | ((bits[position // 8] >> (7 - position % 8)) & 1)
    return value


def encode_bitstring(bits: bytes) -> str:
    """Bitstring Generation Algorithm: ``"u"`` + base64url-no-pad(gzip(bits)), with mtime 0."""
    compressed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).decode("ascii").rstrip("=")


def decode_bitstring(encoded: str, *, max_bytes: int = MAX_DECODED_BYTES) -> bytes:
    """Bitstring Expansion Algorithm: strip ``u``, base64url-decode, gunzip (one member, capped).

    Raises:
        ValueError: not ``u``-multibase base64url, not one complete gzip member, or over ``max_bytes``.
    """
    if not encoded.startswith("u") or not _BASE64URL.fullmatch(encoded, 1) or len(encoded) % 4 == 2:
        raise ValueError("encodedList is not multibase base64url without padding")
    try:
        compressed = base64_strict.decode_base64url(encoded[1:], what="encodedList")
    except base64_strict.Base64Error as exc:
        raise ValueError("encodedList is not canonical base64url") from exc
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        bits = inflater.decompress(compressed, max_bytes + 1)
    except zlib.error as exc:
        raise ValueError("encodedList is not gzip data") from exc
    if len(bits) > max_bytes:
        raise ValueError("encodedList inflates beyond the size limit")
    if not inflater.eof or inflater.unused_data or inflater.unconsumed_tail:
        raise ValueError("encodedList is not exactly one complete gzip member")
    return bits
