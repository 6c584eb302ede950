"""Who may write to the log: CBP's pinned key, and the parties CBP registered on the log.

A party is registered by a ``PartyRegistration`` credential on the log, issued
(and so signed, VC Data Integrity "Relationship to Verifiable Credentials") by
CBP's pinned did:key. The node reads only these members of it; the full trade
record types in ``trade/`` use the same names::

    {
      "type": ["VerifiableCredential", "PartyRegistration"],
      "issuer": "<CBP's did:key>",
      "credentialSubject": {
        "id": "P-NOPAL",                       # the party's id: a non-empty string
        "type": "Party",
        "legalName": "Nopal Exports S.A.",     # not read by the node
        "country": "MX",                       # not read by the node
        "roles": ["exporter"],                 # not read by the node
        "keys": ["did:key:z6Mk..."],           # the party's signing keys: did:key DIDs, at least one
        "dids": ["did:web:nopal.example"]      # optional: did:web DIDs it issues under (signing with its keys)
      }
    }

Which key signs for which party follows :mod:`ledger_client.party_keys` (the rule the
workstation's mirror and the trade rules apply too). The registry is
kept in memory, rebuilt from the stored entries at start-up, and updated as
entries integrate (registrations count only once they are on the log).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ledger_client import party_keys
from ledger_client.credentials import strict_json
from ledger_client.credentials.strict_json import JsonObject
from ledger_client.errors import CredentialFormatError

PARTY_REGISTRATION = "PartyRegistration"
DID_KEY_PREFIX = "did:key:z"
#: The party id the registry gives CBP's own key.
CBP_PARTY = party_keys.CBP_PARTY


@dataclass(frozen=True, slots=True)
class Party:
    """A registered party: its id, its signing keys (did:key DIDs) and the did:web DIDs it issues under."""

    id: str
    keys: tuple[str, ...]
    dids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.id or not self.keys:
            raise ValueError("a party has an id and at least one key")


def is_registration(document: JsonObject) -> bool:
    types = document.get("type")
    return types == PARTY_REGISTRATION or (isinstance(types, list) and PARTY_REGISTRATION in types)


def registration_subject(document: JsonObject) -> Party:
    """The party a ``PartyRegistration`` registers (its ``credentialSubject``).

    Raises:
        ValueError: the subject has no string ``id`` or no list of did:key ``keys``.
    """
    subject = document.get("credentialSubject")
    if not isinstance(subject, dict):
        raise ValueError("a PartyRegistration has one credentialSubject object")  # noqa: TRY004 - bad data, not a bad type
    party_id, keys = subject.get("id"), subject.get("keys")
    if not isinstance(party_id, str) or not party_id:
        raise ValueError("a PartyRegistration subject has a non-empty string id")
    if not isinstance(keys, list) or not keys:
        raise ValueError("a PartyRegistration subject lists its keys")
    dids = tuple(k for k in keys if isinstance(k, str) and k.startswith(DID_KEY_PREFIX) and "#" not in k)
    if len(dids) != len(keys):
        raise ValueError("PartyRegistration keys are did:key DIDs")
    web = subject.get("dids", [])
    if not isinstance(web, list) or not all(
        isinstance(d, str) and d.startswith(party_keys.WEB_PREFIX) and "#" not in d for d in web
    ):
        raise ValueError("PartyRegistration dids are did:web DIDs")
    return Party(party_id, dids, tuple(d for d in web if isinstance(d, str)))


class Registry:
    """Signer DID to party id, for CBP's key and every registered party.

    Args:
        cbp_did: the did:key of CBP's pinned key.
    """

    def __init__(self, cbp_did: str) -> None:
        if not cbp_did.startswith(DID_KEY_PREFIX):
            raise ValueError("CBP's key is a did:key")
        self.cbp_did = cbp_did
        self._parties: dict[str, Party] = {}
        self._keys = party_keys.PartyKeys([cbp_did])

    def party_of(self, signer: str) -> str | None:
        """The id of the party that ``signer`` (a DID) signs for, or None."""
        return self._keys.party_of(signer)

    def party_of_signer(self, issuer: str, verification_method: str) -> str | None:
        """The party a credential signed by ``verification_method`` for ``issuer`` signs for, or None."""
        return self._keys.party_of_signer(issuer, verification_method)

    def register(self, party: Party) -> None:
        self._parties[party.id] = party
        self._keys.bind(party.id, party.keys, party.dids)

    def observe(self, entry: bytes) -> None:
        """Update from one integrated entry (already admitted): registrations by CBP count."""
        if PARTY_REGISTRATION.encode() not in entry:
            return
        try:
            document = strict_json.parse_json_object(entry.decode("utf-8"))
            if is_registration(document) and document.get("issuer") == self.cbp_did:
                self.register(registration_subject(document))
        except (UnicodeDecodeError, CredentialFormatError, ValueError):
            return  # admitted under another configuration; it registers nobody now

    def observe_all(self, entries: Iterable[bytes]) -> None:
        for entry in entries:
            self.observe(entry)

    @property
    def parties(self) -> tuple[Party, ...]:
        return tuple(self._parties.values())
