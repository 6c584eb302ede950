"""Ed25519 keys and signatures as Multikey / multibase base58btc strings (W3C CID 1.0 §2.2.2, §2.4).

A public key is ``"z" + base58btc(0xed 0x01 || key32)`` (multicodec
``ed25519-pub``); a secret key is ``"z" + base58btc(0x80 0x26 || seed32)``
(``ed25519-priv``). Decoding is strict: the ``z`` header, the Bitcoin alphabet
only (no whitespace), the exact length and the exact multicodec header, so a
secret key published by mistake is never taken for a public one.

>>> encode_public_key(bytes.fromhex("b00d8d938e7f773d51565aad36a623f5344f7f5d1960f9cf3e8e12620ea2810f"))
'z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2'
"""

from __future__ import annotations

import functools

import nacl.signing

BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_ALPHABET_SET = frozenset(BASE58_ALPHABET)
_DIGIT_TABLE = bytes(BASE58_ALPHABET.find(chr(code)) % 256 for code in range(256))  # only alphabet chars reach it


def _b58encode(data: bytes) -> str:
    """Base58 (Bitcoin alphabet): the big-endian number in base 58, one ``1`` per leading zero byte."""
    number = int.from_bytes(data, "big")
    digits = []
    while number:
        number, rest = divmod(number, 58)
        digits.append(BASE58_ALPHABET[rest])
    zeros = len(data) - len(data.lstrip(b"\0"))
    return "1" * zeros + "".join(reversed(digits))


def _b58decode(text: str) -> bytes:
    """The inverse of :func:`_b58encode`; ``text`` holds only alphabet characters.

    The digits are looked up in one ``bytes.translate`` and folded two at a time (base 58**2).
    """
    digits = text.encode("ascii").translate(_DIGIT_TABLE)
    number = digits[0] if len(digits) % 2 else 0
    for i in range(len(digits) % 2, len(digits), 2):
        number = number * 3364 + digits[i] * 58 + digits[i + 1]
    zeros = len(text) - len(text.lstrip("1"))
    return b"\0" * zeros + (number.to_bytes((number.bit_length() + 7) // 8, "big") if number else b"")


ED25519_PUB_HEADER = b"\xed\x01"
ED25519_PRIV_HEADER = b"\x80\x26"
#: Longest multibase text we decode (a 64-byte value is at most 88 characters).
_MAX_MULTIBASE_CHARS = 128


def encode_base58btc(data: bytes) -> str:
    """Multibase base58btc: ``z`` followed by base58 in the Bitcoin alphabet (leading zero bytes as ``1``)."""
    return "z" + _b58encode(data)


def decode_base58btc(text: str) -> bytes:
    """Decode a multibase base58btc string strictly.

    Raises:
        ValueError: no ``z`` header, a character outside the Bitcoin alphabet, or too long.
    """
    if not text.startswith("z"):
        raise ValueError("multibase value does not start with 'z' (base58btc)")
    body = text[1:]
    if len(body) > _MAX_MULTIBASE_CHARS:
        raise ValueError("multibase value is too long")
    if not body or not _ALPHABET_SET.issuperset(body):
        raise ValueError("multibase value is not base58btc")
    return _b58decode(body)


@functools.lru_cache(maxsize=1024)  # a log checks the same few signers' keys again and again
def encode_public_key(public_key: bytes) -> str:
    """``publicKeyMultibase`` of a 32-byte Ed25519 public key.

    Raises:
        ValueError: the key is not 32 bytes.
    """
    if len(public_key) != 32:
        raise ValueError(f"an Ed25519 public key is 32 bytes, not {len(public_key)}")
    return encode_base58btc(ED25519_PUB_HEADER + public_key)


def decode_public_key(multibase: str) -> bytes:
    """The 32 key bytes of an Ed25519 ``publicKeyMultibase``.

    Raises:
        ValueError: not base58btc, not 34 bytes, or a header other than ``ed01``.
    """
    raw = decode_base58btc(multibase)
    if len(raw) != 34 or raw[:2] != ED25519_PUB_HEADER:
        raise ValueError("not an Ed25519 public Multikey (header ed01 and 32 key bytes)")
    return raw[2:]


def encode_secret_key(seed: bytes) -> str:
    """``secretKeyMultibase`` of a 32-byte Ed25519 seed (the W3C layout, header ``8026``).

    Raises:
        ValueError: the seed is not 32 bytes.
    """
    if len(seed) != 32:
        raise ValueError(f"an Ed25519 seed is 32 bytes, not {len(seed)}")
    return encode_base58btc(ED25519_PRIV_HEADER + seed)


def decode_secret_key(multibase: str) -> bytes:
    """The 32-byte seed of an Ed25519 ``secretKeyMultibase``.

    Accepts the W3C layout (``8026 || seed``) and Digital Bazaar's (``8026 || seed || public``);
    in the second, the trailing public key must be the one the seed derives.

    Raises:
        ValueError: not base58btc, a wrong header or length, or a public half that does not match.
    """
    raw = decode_base58btc(multibase)
    if raw[:2] != ED25519_PRIV_HEADER or len(raw) not in (34, 66):
        raise ValueError("not an Ed25519 secret Multikey (header 8026 and a 32- or 64-byte key)")
    seed = raw[2:34]
    if len(raw) == 66 and nacl.signing.SigningKey(seed).verify_key.encode() != raw[34:]:
        raise ValueError("the public half of the secret Multikey does not match its seed")
    return seed


def encode_signature(signature: bytes) -> str:
    """A ``proofValue``: multibase base58btc of a 64-byte Ed25519 signature.

    Raises:
        ValueError: the signature is not 64 bytes.
    """
    if len(signature) != 64:
        raise ValueError(f"an Ed25519 signature is 64 bytes, not {len(signature)}")
    return encode_base58btc(signature)


def decode_signature(proof_value: str) -> bytes:
    """The 64 signature bytes of a ``proofValue`` (base58btc only; ``u``/base64url is refused).

    Raises:
        ValueError: not base58btc or not exactly 64 bytes.
    """
    raw = decode_base58btc(proof_value)
    if len(raw) != 64:
        raise ValueError(f"proofValue decodes to {len(raw)} bytes, not 64")
    return raw
