"""Which did:key signs for which party: the one rule the node, the mirror and the trade rules share.

CBP's pinned keys sign for CBP. Every other key signs for the party whose latest
CBP-signed ``PartyRegistration`` on the log lists it: a registration replaces the
party's keys, and a key it names belongs to that party from then on. CBP's own
keys are never rebound. Registrations must be fed in log order.

>>> keys = PartyKeys(["did:key:z6MkCBP"])
>>> keys.bind("P-NOPAL", ["did:key:z6MkA", "did:key:z6MkCBP"])
>>> keys.party_of("did:key:z6MkA"), keys.party_of("did:key:z6MkCBP")
('P-NOPAL', 'CBP')
>>> keys.bind("P-NOPAL", ["did:key:z6MkB"])
>>> keys.party_of("did:key:z6MkA") is None
True
>>> keys.bind("CBP", ["did:key:z6MkC"])  # CBP's keys come from the trust file only
>>> keys.party_of("did:key:z6MkC") is None
True

A registration may also list ``did:web`` DIDs the party issues under. With no network
resolution, such an issuer is believed only when its proof's verification method is
``<did:web>#<multibase>`` and ``did:key:<multibase>`` is a key the same registration lists
(:meth:`PartyKeys.party_of_signer`; :data:`WEB_KEYS` resolves the method tentatively):

>>> keys.bind("P-NOPAL", ["did:key:z6MkB"], dids=["did:web:nopal.example"])
>>> keys.party_of_signer("did:web:nopal.example", "did:web:nopal.example#z6MkB")
'P-NOPAL'
>>> keys.party_of_signer("did:web:nopal.example", "did:web:nopal.example#z6MkOther") is None
True
>>> keys.party_of_signer("did:web:elsewhere.example", "did:web:elsewhere.example#z6MkB") is None
True
"""

from __future__ import annotations

from collections.abc import Iterable

from ledger_client.credentials import did_key
from ledger_client.credentials.did_key import VerificationMethod

#: The party CBP's own keys sign for.
CBP_PARTY = "CBP"
WEB_PREFIX = "did:web:"


class WebKeyCandidates:
    """A ``KeyLookup`` for ``did:web:<host>#<multibase>``: the Ed25519 key ``<multibase>`` names,
    controlled by ``did:web:<host>``.

    Tentative by design: a proof it resolves says only which key signed. The signer is believed
    only if :meth:`PartyKeys.party_of_signer` finds a registration listing both the did:web and
    ``did:key:<multibase>``.
    """

    def find(self, verification_method: str) -> VerificationMethod | None:
        did, hash_mark, fragment = verification_method.partition("#")
        if not did.startswith(WEB_PREFIX) or not hash_mark or not fragment:
            return None
        try:
            method = did_key.resolve_verification_method(f"{did_key.PREFIX}{fragment}#{fragment}")
        except ValueError:
            return None
        return VerificationMethod(verification_method, did, method.public_key, None)


WEB_KEYS = WebKeyCandidates()


class PartyKeys:
    """The current binding of did:keys to parties.

    Args:
        cbp_dids: CBP's pinned did:keys (at least one).
    """

    def __init__(self, cbp_dids: Iterable[str]) -> None:
        self._cbp = frozenset(cbp_dids)
        if not self._cbp:
            raise ValueError("at least one CBP key must be pinned")
        self._party_of: dict[str, str] = {}
        self._web: dict[str, str] = {}
        # The reverse maps: a registration costs its own keys and DIDs, not every binding so far.
        self._keys_of: dict[str, tuple[str, ...]] = {}
        self._webs_of: dict[str, tuple[str, ...]] = {}

    @property
    def cbp_dids(self) -> frozenset[str]:
        return self._cbp

    def is_cbp(self, did: str) -> bool:
        return did in self._cbp

    def party_of(self, did: str) -> str | None:
        """The party ``did`` signs for (:data:`CBP_PARTY` for CBP's keys), or None."""
        if did in self._cbp:
            return CBP_PARTY
        return self._web.get(did) if did.startswith(WEB_PREFIX) else self._party_of.get(did)

    def party_of_signer(self, issuer: str, verification_method: str) -> str | None:
        """The party a credential's signer signs for: a did:key issuer's party; a did:web issuer's
        party only when the method is ``<issuer>#<multibase>`` and ``did:key:<multibase>`` is its key.
        """
        if not issuer.startswith(WEB_PREFIX):
            return self.party_of(issuer)
        party = self._web.get(issuer)
        did, _, fragment = verification_method.partition("#")
        if party is None or did != issuer or not fragment:
            return None
        return party if self._party_of.get(f"{did_key.PREFIX}{fragment}") == party else None

    def keys_of(self, party: str) -> tuple[str, ...]:
        return tuple(did for did in self._keys_of.get(party, ()) if self._party_of.get(did) == party)

    def bind(self, party: str, keys: Iterable[str], dids: Iterable[str] = ()) -> None:
        """Take in one CBP-signed registration of ``party`` listing ``keys`` (and the did:web ``dids``).

        A registration of the party ``CBP`` binds nothing: CBP's keys come only from the
        trust file, never from the log.
        """
        if party == CBP_PARTY:
            return
        _release(self._party_of, self._keys_of, party)
        _release(self._web, self._webs_of, party)
        _take(self._party_of, self._keys_of, party, [did for did in keys if did not in self._cbp])
        _take(self._web, self._webs_of, party, [did for did in dids if did.startswith(WEB_PREFIX) and "#" not in did])


def _release(owner_of: dict[str, str], held: dict[str, tuple[str, ...]], party: str) -> None:
    """Unbind what ``party`` held (a new registration replaces it)."""
    for did in held.pop(party, ()):
        if owner_of.get(did) == party:
            del owner_of[did]


def _take(owner_of: dict[str, str], held: dict[str, tuple[str, ...]], party: str, dids: list[str]) -> None:
    """Bind ``dids`` to ``party``; a DID another party held moves (that party no longer holds it)."""
    for did in dids:
        previous = owner_of.get(did)
        owner_of[did] = party
        if previous is not None and previous != party:
            held[previous] = tuple(k for k in held.get(previous, ()) if k != did)
    held[party] = tuple(dict.fromkeys(dids))
