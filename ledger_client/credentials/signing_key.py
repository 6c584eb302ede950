"""An issuer's Ed25519 signing key: a 32-byte seed, its public key, did:key and verification method id.

The seed never appears in ``repr`` and is exported only on request
(``secret_key_multibase``), as the Multikey rules ask.

>>> key = SigningKey.from_seed(bytes(32))
>>> key.did
'did:key:z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp'
"""

from __future__ import annotations

from dataclasses import dataclass, field

import nacl.signing

from ledger_client.credentials import did_key, multikey


@dataclass(frozen=True, slots=True)
class SigningKey:
    """An Ed25519 signing key (RFC 8032 pure Ed25519) held as its 32-byte seed."""

    seed: bytes = field(repr=False)
    _signer: nacl.signing.SigningKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.seed) != 32:
            raise ValueError(f"an Ed25519 seed is 32 bytes, not {len(self.seed)}")
        object.__setattr__(self, "_signer", nacl.signing.SigningKey(self.seed))

    @classmethod
    def from_seed(cls, seed: bytes) -> SigningKey:
        return cls(bytes(seed))

    @classmethod
    def generate(cls) -> SigningKey:
        """A new key from the operating system's random source."""
        return cls(bytes(nacl.signing.SigningKey.generate().encode()))

    @classmethod
    def from_secret_key_multibase(cls, text: str) -> SigningKey:
        """Import a ``secretKeyMultibase`` (``z`` + base58btc of ``8026 || seed [|| public]``).

        Raises:
            ValueError: not an Ed25519 secret Multikey.
        """
        return cls(multikey.decode_secret_key(text))

    @property
    def public_key(self) -> bytes:
        return bytes(self._signer.verify_key.encode())

    @property
    def public_key_multibase(self) -> str:
        return multikey.encode_public_key(self.public_key)

    @property
    def did(self) -> str:
        return did_key.did_from_public_key(self.public_key)

    @property
    def verification_method_id(self) -> str:
        return did_key.verification_method_id(self.did)

    def secret_key_multibase(self) -> str:
        """Export the seed as ``secretKeyMultibase`` (W3C layout); only for writing a key file."""
        return multikey.encode_secret_key(self.seed)

    def sign(self, message: bytes) -> bytes:
        """The 64-byte detached Ed25519 signature of ``message``."""
        return bytes(self._signer.sign(message).signature)
