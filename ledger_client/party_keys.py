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
"""

from __future__ import annotations

from collections.abc import Iterable

#: The party CBP's own keys sign for.
CBP_PARTY = "CBP"


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
        self._keys_of: dict[str, tuple[str, ...]] = {}  # the reverse map: a registration costs its own keys only

    @property
    def cbp_dids(self) -> frozenset[str]:
        return self._cbp

    def is_cbp(self, did: str) -> bool:
        return did in self._cbp

    def party_of(self, did: str) -> str | None:
        """The party ``did`` signs for (:data:`CBP_PARTY` for CBP's keys), or None."""
        return CBP_PARTY if did in self._cbp else self._party_of.get(did)

    def keys_of(self, party: str) -> tuple[str, ...]:
        return tuple(did for did in self._keys_of.get(party, ()) if self._party_of.get(did) == party)

    def bind(self, party: str, keys: Iterable[str]) -> None:
        """Take in one CBP-signed registration of ``party`` listing ``keys``.

        A registration of the party ``CBP`` binds nothing: CBP's keys come only from the
        trust file, never from the log.
        """
        if party == CBP_PARTY:
            return
        for did in self._keys_of.pop(party, ()):
            if self._party_of.get(did) == party:
                del self._party_of[did]
        bound: list[str] = []
        for did in keys:
            if did not in self._cbp:
                previous = self._party_of.get(did)
                self._party_of[did] = party
                bound.append(did)
                if previous is not None and previous != party:  # the key moved: the old owner lost it
                    self._keys_of[previous] = tuple(k for k in self._keys_of.get(previous, ()) if k != did)
        self._keys_of[party] = tuple(dict.fromkeys(bound))
