"""The ``did:key`` method for Ed25519 keys (W3C CCG did:key v0.9, §3.1 Format, §4.1 Document Creation).

A did:key is ``did:key:`` + the key's ``publicKeyMultibase``; resolving it is
pure computation. Its one verification method has the id
``did:key:<mb>#<mb>`` (the fragment repeats the multibase key, as every example,
test vector and implementation does), type ``Multikey`` and the DID as
controller, and is listed under all four verification relationships.

>>> vm = resolve_verification_method(
...     "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
>>> vm.controller
'did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2'
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from ledger_client.credentials import multikey
from ledger_client.credentials.strict_json import JsonObject

PREFIX = "did:key:"
#: The verification relationships a did:key document lists its key under (did:key §4.1 steps 6-9).
RELATIONSHIPS = frozenset({"authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"})


@dataclass(frozen=True, slots=True)
class VerificationMethod:
    """A resolved Ed25519 verification method (CID 1.0 §2.2, Multikey).

    Attributes:
        id: the verification method URL.
        controller: who controls the key; the credential's issuer must equal it.
        public_key: the 32 raw Ed25519 key bytes.
        relationships: the verification relationships it is listed under, or ``None`` when a
            trusted key lookup placed no restriction on it.
    """

    id: str
    controller: str
    public_key: bytes
    relationships: frozenset[str] | None

    def __post_init__(self) -> None:
        if len(self.public_key) != 32:
            raise ValueError(f"an Ed25519 public key is 32 bytes, not {len(self.public_key)}")
        if not self.id or not self.controller:
            raise ValueError("a verification method needs an id and a controller")

    @property
    def public_key_multibase(self) -> str:
        return multikey.encode_public_key(self.public_key)

    def allows(self, relationship: str) -> bool:
        """Whether this key may be used for ``relationship`` (e.g. ``assertionMethod``)."""
        return self.relationships is None or relationship in self.relationships


def did_from_public_key(public_key: bytes) -> str:
    """The did:key of a 32-byte Ed25519 public key.

    Raises:
        ValueError: the key is not 32 bytes.
    """
    return PREFIX + multikey.encode_public_key(public_key)


def verification_method_id(did: str) -> str:
    """``did:key:<mb>#<mb>`` for a did:key (checked by parsing it first).

    Raises:
        ValueError: not an Ed25519 did:key.
    """
    public_key_of(did)
    return f"{did}#{did[len(PREFIX) :]}"


def public_key_of(did: str) -> bytes:
    """The 32 key bytes of an Ed25519 did:key (§3.1: ``did:key:`` + ``z6Mk…``; no version segment).

    Raises:
        ValueError: another method, a version segment, or not an Ed25519 public Multikey.
    """
    if not did.startswith(PREFIX):
        raise ValueError("not a did:key")
    multibase = did[len(PREFIX) :]
    if ":" in multibase or "#" in multibase or "/" in multibase or "?" in multibase:
        raise ValueError("a did:key is did:key:<multibase> with nothing else")
    return multikey.decode_public_key(multibase)


@functools.lru_cache(maxsize=1024)
def resolve_verification_method(url: str) -> VerificationMethod:
    """Dereference a did:key verification method URL (did:key §4.1 Document Creation Algorithm).

    1. Split ``did:key:<mb>#<fragment>``; a URL without a fragment names the DID, not a key.
    2. Decode ``<mb>`` as an Ed25519 public Multikey (header ``ed01``, 32 bytes).
    3. Require the fragment to equal ``<mb>``: any other fragment names nothing in the document.
    4. Build the verification method with the DID as controller and all four relationships.

    Raises:
        ValueError: any step fails.
    """
    did, hash_mark, fragment = url.partition("#")  # step 1
    if not hash_mark:
        raise ValueError("a did:key verification method URL has a '#' fragment")
    public_key = public_key_of(did)  # step 2
    if fragment != did[len(PREFIX) :]:  # step 3
        raise ValueError("the fragment of a did:key verification method must repeat its key")
    return VerificationMethod(id=url, controller=did, public_key=public_key, relationships=RELATIONSHIPS)


def did_document(did: str) -> JsonObject:
    """The DID document of an Ed25519 did:key with its key in Multikey form (no key-agreement key).

    Raises:
        ValueError: not an Ed25519 did:key.
    """
    vm_id = verification_method_id(did)
    document: JsonObject = {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": did[len(PREFIX) :]}
        ],
    }
    for relationship in ("authentication", "assertionMethod", "capabilityInvocation", "capabilityDelegation"):
        document[relationship] = [vm_id]
    return document
