"""Base64 read from outside is accepted in its canonical form only, everywhere (RFC 4648 §3.5).

Non-zero unused bits in the last character decode to the same bytes as the canonical
text; a reader that accepts them lets two different texts stand for one signed value.
"""

from __future__ import annotations

import base64
import gzip

import pytest

from ledger_client import keys, wire
from ledger_client.credentials import status_list
from ledger_client.errors import MalformedResponseError

STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
URL = STD[:-2] + "-_"


def _unused_bit_set(text: str, alphabet: str = STD) -> str:
    """The same bytes, with the lowest unused bit of the last data character set."""
    body = text.rstrip("=")
    padding = text[len(body) :]
    assert (len(body) * 6) % 8, "the last character has unused bits"
    return body[:-1] + alphabet[alphabet.index(body[-1]) ^ 1] + padding


def test_a_hash_with_non_zero_unused_bits_is_malformed() -> None:
    text = base64.b64encode(bytes(range(32))).decode()  # 43 characters and one "=": 2 unused bits
    assert wire.parse_hash_b64(text) == bytes(range(32))
    altered = _unused_bit_set(text)
    assert base64.b64decode(altered) == bytes(range(32))  # the lenient reading
    with pytest.raises(MalformedResponseError):
        wire.parse_hash_b64(altered)


def test_a_vkey_with_non_canonical_key_material_is_refused() -> None:
    key = keys.SigningKey("example.com/log", keys.SignatureType.ED25519, bytes(range(32)))
    vkey = key.verifier().to_vkey()
    name_id, material = vkey.rsplit("+", 1)
    with pytest.raises(keys.InvalidVerifierKeyError):
        keys.VerifierKey.from_vkey(name_id + "+" + material + "====")  # excess padding, read as the same key


def test_a_private_key_with_non_canonical_material_is_refused() -> None:
    key = keys.SigningKey("example.com/log", keys.SignatureType.ED25519, bytes(range(32)))
    text = key.to_private_key()
    head, material = text.rsplit("+", 1)
    with pytest.raises(ValueError, match="base64"):
        keys.SigningKey.from_private_key(head + "+" + material + "====")


def test_a_status_list_with_non_canonical_base64url_is_refused() -> None:
    encoded = status_list.encode_bitstring(bytes(16))
    assert status_list.decode_bitstring(encoded) == bytes(16)
    body = encoded[1:]
    with pytest.raises(ValueError, match="base64url"):
        status_list.decode_bitstring("u" + _unused_bit_set(body, URL))
    assert gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))) == bytes(16)
