"""Which key signs for which party: the reverse map gives the same answers as replaying the rule by hand."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ledger_client.party_keys import CBP_PARTY, PartyKeys

CBP = "did:key:cbp"
PARTIES = st.sampled_from(["P-A", "P-B", "P-C", CBP_PARTY])
KEYS = st.lists(st.sampled_from(["did:key:1", "did:key:2", "did:key:3", "did:key:4", CBP]), max_size=3)


def _by_hand(registrations: list[tuple[str, list[str]]]) -> dict[str, str]:
    """The rule as written: a registration replaces the party's keys; a key it names moves to it."""
    owner: dict[str, str] = {}
    for party, keys in registrations:
        if party == CBP_PARTY:
            continue
        owner = {did: who for did, who in owner.items() if who != party}
        owner.update({did: party for did in keys if did != CBP})
    return owner


@given(st.lists(st.tuples(PARTIES, KEYS), max_size=12))
def test_bindings_follow_the_rule(registrations: list[tuple[str, list[str]]]) -> None:
    keys = PartyKeys([CBP])
    for party, dids in registrations:
        keys.bind(party, dids)
    expected = _by_hand(registrations)
    for did in ("did:key:1", "did:key:2", "did:key:3", "did:key:4"):
        assert keys.party_of(did) == expected.get(did)
    assert keys.party_of(CBP) == CBP_PARTY
    for party in ("P-A", "P-B", "P-C"):
        assert set(keys.keys_of(party)) == {did for did, who in expected.items() if who == party}


def test_many_registrations_cost_their_own_keys_only() -> None:
    """Binding 20,000 parties one after another stays linear (it was quadratic: a whole-map copy each)."""
    keys = PartyKeys([CBP])
    for i in range(20_000):
        keys.bind(f"P-{i}", [f"did:key:{i}"])
    assert keys.party_of("did:key:19999") == "P-19999" and keys.keys_of("P-0") == ("did:key:0",)
