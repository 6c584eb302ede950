"""Resolving a proof's ``verificationMethod`` to a key (CID 1.0 §3.3 Retrieve Verification Method).

``did:key`` URLs resolve by computation. Every other URL resolves only through
a ``KeyLookup`` the caller supplies and trusts: a key is never taken out of a
URL's fragment or fetched. The ``KEYS.json`` form of a trusted lookup maps
verification method URLs to ``{"publicKeyMultibase": ..., "controller": ...,
"relationship": ...}`` (``relationship`` optional).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from ledger_client.credentials import did_key, multikey
from ledger_client.credentials.did_key import VerificationMethod
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.errors import UntrustedVerificationMethodError


class KeyLookup(Protocol):
    """A trusted source of verification methods that are not did:key.

    Contract: ``find`` answers from data the caller already trusts (a pinned
    registry, a verified ledger entry); it does no network I/O and returns
    ``None`` for a URL it does not know.
    """

    def find(self, verification_method: str) -> VerificationMethod | None: ...


@dataclass(frozen=True, slots=True)
class TrustedKeys:
    """A fixed table of trusted verification methods (implements ``KeyLookup``)."""

    methods: Mapping[str, VerificationMethod] = field(default_factory=dict)

    def find(self, verification_method: str) -> VerificationMethod | None:
        return self.methods.get(verification_method)

    @classmethod
    def from_json(cls, table: JsonObject) -> TrustedKeys:
        """Build from the parsed ``KEYS.json`` object.

        Raises:
            ValueError: an entry lacks a string ``controller``, has a bad ``publicKeyMultibase``,
                or a ``relationship`` that is not a string.
        """
        methods: dict[str, VerificationMethod] = {}
        for url, value in table.items():
            entry = value if isinstance(value, dict) else {}
            unknown = set(entry) - {"publicKeyMultibase", "controller", "relationship"}
            if unknown:
                raise ValueError(f"key entry {url!r} has unknown members {sorted(unknown)}")
            key_text, controller = entry.get("publicKeyMultibase"), entry.get("controller")
            relationship = entry.get("relationship")
            if not isinstance(key_text, str) or not isinstance(controller, str) or not controller:
                raise ValueError(f"key entry {url!r} needs string publicKeyMultibase and controller")
            if relationship is not None and not isinstance(relationship, str):
                raise ValueError(f"key entry {url!r} has a relationship that is not a string")
            methods[url] = VerificationMethod(
                id=url,
                controller=controller,
                public_key=multikey.decode_public_key(key_text),
                relationships=None if relationship is None else frozenset({relationship}),
            )
        return cls(methods)


def resolve(url: str, relationship: str, lookup: KeyLookup | None) -> VerificationMethod:
    """Retrieve the verification method a proof names, for the given relationship.

    1. A ``did:key:`` URL is resolved by computation (did:key §4.1); a malformed one fails
       here and is never passed to the lookup.
    2. Any other URL is asked of the trusted ``lookup``; unknown means unresolvable.
    3. The method must be listed under ``relationship`` (CID 1.0 verification relationships).

    Raises:
        UntrustedVerificationMethodError: any step fails.
    """
    if url.startswith(did_key.PREFIX):  # step 1
        try:
            method = did_key.resolve_verification_method(url)
        except ValueError as exc:
            raise UntrustedVerificationMethodError(
                "the did:key verification method is malformed or its fragment is not its key",
                verification_method=url,
            ) from exc
    else:  # step 2
        found = lookup.find(url) if lookup is not None else None
        if found is None:
            raise UntrustedVerificationMethodError(
                "the verification method is not a did:key and is not among the trusted keys",
                verification_method=url,
            )
        method = found
    if not method.allows(relationship):  # step 3
        raise UntrustedVerificationMethodError(
            f"the verification method is not authorised for {relationship}", verification_method=url
        )
    return method
