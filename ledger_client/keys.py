"""Note keys: key IDs, verifier-key strings and Ed25519 signers (c2sp.org/signed-note §Verifier keys).

A verifier key (vkey) is ``<name>+<8 hex key ID>+b64(type || public key)``. We
support two signature types: 0x01, an Ed25519 note signature, and 0x04, an
Ed25519 cosignature/v1 (c2sp.org/tlog-cosignature). The key ID is
``SHA-256(name || LF || type || public key)[:4]``, so the same key has different
IDs under the two types.

>>> key = VerifierKey.from_vkey("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW")
>>> (key.name, f"{key.key_id:08x}", key.type is SignatureType.ED25519)
('PeterNeumann', 'c74f20a3', True)
"""

from __future__ import annotations

import base64
import enum
import hashlib
import re
from dataclasses import dataclass

import nacl.signing

from ledger_client import base64_strict, wire

_HEX8 = re.compile(r"[0-9a-f]{8}")


class SignatureType(enum.IntEnum):
    """Signature types we can verify (c2sp.org/signed-note, signature types table)."""

    ED25519 = 0x01
    COSIGNATURE_V1 = 0x04


class InvalidVerifierKeyError(ValueError):
    """A verifier-key string is malformed or its key ID does not match (a configuration error)."""


class UnsupportedKeyTypeError(InvalidVerifierKeyError):
    """A well-formed verifier key of a type this client cannot verify (ECDSA, RFC 6962, ML-DSA...).

    Attributes:
        type_byte: the key's signature type.
    """

    def __init__(self, message: str, *, type_byte: int) -> None:
        super().__init__(message)
        self.type_byte = type_byte


def key_id(name: str, type_byte: int, public_key: bytes) -> int:
    """``SHA-256(name || 0x0A || type || key)[:4]`` as a big-endian integer."""
    digest = hashlib.sha256(name.encode("utf-8") + b"\n" + bytes([type_byte]) + public_key).digest()
    return int.from_bytes(digest[:4], "big")


@dataclass(frozen=True, slots=True)
class VerifierKey:
    """A trusted public key for signed notes, with its name, ID and type."""

    name: str
    key_id: int
    type: SignatureType
    public_key: bytes

    def __post_init__(self) -> None:
        if not wire.valid_key_name(self.name):
            raise InvalidVerifierKeyError("a key name is non-empty, without spaces or '+'")
        if len(self.public_key) != 32:
            raise InvalidVerifierKeyError(f"an Ed25519 public key is 32 bytes, not {len(self.public_key)}")
        if self.key_id != key_id(self.name, self.type, self.public_key):
            raise InvalidVerifierKeyError(f"key ID {self.key_id:08x} does not match the name and key")

    @classmethod
    def from_vkey(cls, vkey: str) -> VerifierKey:
        """Parse a vkey string, splitting on the first two ``+`` only (base64 may hold ``+``).

        Raises:
            UnsupportedKeyTypeError: well formed, but not type 0x01 or 0x04.
            InvalidVerifierKeyError: anything else wrong.
        """
        parts = vkey.split("+", 2)
        if len(parts) != 3:
            raise InvalidVerifierKeyError("a verifier key has three '+'-separated parts")
        name, hex_id, b64 = parts
        if not wire.valid_key_name(name):
            raise InvalidVerifierKeyError("a key name is non-empty, without spaces or '+'")
        if not _HEX8.fullmatch(hex_id):
            raise InvalidVerifierKeyError("a key ID is 8 lowercase hex digits")
        try:
            material = base64_strict.decode_base64(b64, what="verifier key")
        except base64_strict.Base64Error as exc:
            raise InvalidVerifierKeyError("the key part is not canonical standard base64") from exc
        if not material:
            raise InvalidVerifierKeyError("the key part is empty")
        type_byte, public_key = material[0], material[1:]
        if type_byte not in (SignatureType.ED25519, SignatureType.COSIGNATURE_V1):
            raise UnsupportedKeyTypeError(
                f"signature type 0x{type_byte:02x} is not supported (only 0x01 and 0x04)", type_byte=type_byte
            )
        return cls(name=name, key_id=int(hex_id, 16), type=SignatureType(type_byte), public_key=public_key)

    def to_vkey(self) -> str:
        material = base64.b64encode(bytes([self.type]) + self.public_key).decode("ascii")
        return f"{self.name}+{self.key_id:08x}+{material}"

    @property
    def label(self) -> str:
        """``name+keyid``: how we name a key in results and messages."""
        return f"{self.name}+{self.key_id:08x}"


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An Ed25519 private key that signs notes (type 0x01) or cosigns checkpoints (type 0x04)."""

    name: str
    type: SignatureType
    seed: bytes

    def __post_init__(self) -> None:
        if not wire.valid_key_name(self.name):
            raise ValueError("a key name is non-empty, without spaces or '+'")
        if len(self.seed) != 32:
            raise ValueError("an Ed25519 seed is 32 bytes")

    @classmethod
    def from_private_key(cls, text: str) -> SigningKey:
        """Parse ``PRIVATE+KEY+<name>+<hex id>+b64(type || seed)`` (golang.org/x/mod/sumdb/note)."""
        parts = text.strip().split("+", 4)
        if len(parts) != 5 or parts[:2] != ["PRIVATE", "KEY"]:
            raise ValueError("not a PRIVATE+KEY+<name>+<id>+<key> string")
        _, _, name, hex_id, b64 = parts
        try:
            material = base64_strict.decode_base64(b64, what="private key")
        except base64_strict.Base64Error as exc:
            raise ValueError("the private key part is not canonical base64") from exc
        if len(material) != 33 or material[0] not in (SignatureType.ED25519, SignatureType.COSIGNATURE_V1):
            raise ValueError("the private key is not an Ed25519 seed of type 0x01 or 0x04")
        key = cls(name=name, type=SignatureType(material[0]), seed=material[1:])
        if not _HEX8.fullmatch(hex_id) or int(hex_id, 16) != key.verifier().key_id:
            raise ValueError("the private key's ID does not match its name and key")
        return key

    def to_private_key(self) -> str:
        material = base64.b64encode(bytes([self.type]) + self.seed).decode("ascii")
        return f"PRIVATE+KEY+{self.name}+{self.verifier().key_id:08x}+{material}"

    def verifier(self) -> VerifierKey:
        public = bytes(nacl.signing.SigningKey(self.seed).verify_key)
        return VerifierKey(
            name=self.name, key_id=key_id(self.name, self.type, public), type=self.type, public_key=public
        )

    def sign_bytes(self, message: bytes) -> bytes:
        """The raw 64-byte Ed25519 signature of ``message``."""
        return nacl.signing.SigningKey(self.seed).sign(message).signature
