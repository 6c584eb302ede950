"""Accepting checkpoints: log key, origin and witness quorum, against vectors and named lies."""

from __future__ import annotations

import pytest

from ledger_client import checkpoint, keys, merkle, witness
from ledger_client.errors import (
    LogSignatureMissingError,
    MalformedResponseError,
    OriginMismatchError,
    SignatureError,
    UnknownKeyError,
    WitnessQuorumError,
)
from tests.helpers import assets
from tests.helpers.signed_log import T0, SignedLog

CHECKPOINTS = assets.load("checkpoints")
TESSERA = assets.load("tiled_log_tessera_testdata")
COSIG = assets.load("cosignatures")

EXPECTED_ERROR = {
    "origin_mismatch": (OriginMismatchError, "origin"),
    "no_verifiable_signature": (UnknownKeyError, "no signature line"),
    "invalid_signature": (SignatureError, "does not verify"),
    "malformed": (MalformedResponseError, "control character"),
}


def _log_only(vkey: str, origin: str) -> tuple[keys.VerifierKey, str]:
    return keys.VerifierKey.from_vkey(vkey), origin


@pytest.mark.parametrize("case", CHECKPOINTS["signed_cases"], ids=assets.case_id)
def test_signed_checkpoint_vector(case: dict[str, str]) -> None:
    """These vectors carry no witnesses: acceptance stops after the origin (steps 1-5)."""
    trust = checkpoint.LogTrust(
        case["expected_origin"],
        keys.VerifierKey.from_vkey(case["trusted_log_vkey"]),
        witness.QuorumPolicy((keys.VerifierKey.from_vkey(COSIG["cosigner"]["vkey"]),), 1),
    )
    data = case["signed_checkpoint"].encode()
    if case["expect"] == "valid":
        _, body = checkpoint.open_log_note(data, trust)
        assert body.origin == case["expected_origin"]
        with pytest.raises(WitnessQuorumError, match="0 of the required 1"):
            checkpoint.verify_checkpoint(data, trust)
    else:
        error, pattern = EXPECTED_ERROR[case["expect"]]
        with pytest.raises(error, match=pattern):
            checkpoint.open_log_note(data, trust)


@pytest.mark.parametrize("size", sorted(int(s) for s in TESSERA["checkpoints"]))
def test_every_tessera_checkpoint_opens_with_its_root(size: int) -> None:
    trust = checkpoint.LogTrust(
        TESSERA["origin"],
        keys.VerifierKey.from_vkey(TESSERA["vkey"]),
        witness.QuorumPolicy((keys.VerifierKey.from_vkey(COSIG["cosigner"]["vkey"]),), 1),
    )
    _, body = checkpoint.open_log_note(TESSERA["checkpoints"][str(size)].encode(), trust)
    assert body.size == size
    assert body.root == assets.b64(TESSERA["root_by_tree_size_b64"][str(size)])
    entries = [e.encode() for e in TESSERA["entries_ascii"][:size]]
    assert merkle.HashTree(entries).root() == body.root


def test_cosigned_tessera_checkpoint_is_accepted() -> None:
    case = next(c for c in COSIG["cases"] if c["name"].startswith("log signature plus cosignature"))
    trust = checkpoint.LogTrust(
        TESSERA["origin"],
        keys.VerifierKey.from_vkey(TESSERA["vkey"]),
        witness.QuorumPolicy((keys.VerifierKey.from_vkey(COSIG["cosigner"]["vkey"]),), 1),
    )
    verified = checkpoint.verify_checkpoint(case["note"].encode(), trust)
    assert verified.size == 15
    assert [w.key.name for w in verified.witnesses] == ["Known"]
    assert verified.witnesses[0].timestamp == 1_700_000_000


# ---------------------------------------------------------------------------- named lies


@pytest.fixture
def log() -> SignedLog:
    return SignedLog([f"record {i}".encode() for i in range(10)])


def test_checkpoint_with_quorum_of_cosignatures_is_accepted(log: SignedLog) -> None:
    verified = checkpoint.verify_checkpoint(log.checkpoint(cosigners=[0, 2]), log.trust(quorum=2))
    assert (verified.size, verified.root) == (10, log.tree.root())
    assert sorted(w.key.name for w in verified.witnesses) == ["witness-0.test", "witness-2.test"]


def test_checkpoint_signed_by_witnesses_but_not_the_log_is_refused(log: SignedLog) -> None:
    with pytest.raises(LogSignatureMissingError, match="not signed by the log key"):
        checkpoint.verify_checkpoint(log.checkpoint(log_signs=False), log.trust())


def test_checkpoint_one_witness_short_of_quorum_is_refused(log: SignedLog) -> None:
    with pytest.raises(WitnessQuorumError, match="1 of the required 2") as info:
        checkpoint.verify_checkpoint(log.checkpoint(cosigners=[1]), log.trust(quorum=2))
    assert info.value.verified == ("witness-1.test",)


def test_one_witness_cosigning_twice_counts_once(log: SignedLog) -> None:
    with pytest.raises(WitnessQuorumError, match="1 of the required 2"):
        checkpoint.verify_checkpoint(log.checkpoint(cosigners=[0, 0]), log.trust(quorum=2))


def test_checkpoint_of_another_origin_is_refused(log: SignedLog) -> None:
    data = log.sign(log.body(origin="test.example/other"))
    with pytest.raises(OriginMismatchError, match="not the configured one") as info:
        checkpoint.verify_checkpoint(data, log.trust())
    assert info.value.received == "test.example/other"


def test_checkpoint_with_a_forged_cosignature_is_refused(log: SignedLog) -> None:
    data = log.checkpoint(cosigners=[0, 1])
    other = SignedLog(log.entries[:5]).checkpoint(cosigners=[1])  # witness-1 cosigned another tree
    forged = data.rsplit(b"\n", 2)[0] + b"\n" + other.rsplit(b"\n", 2)[1] + b"\n"
    with pytest.raises(SignatureError, match="witness-1.test"):
        checkpoint.verify_checkpoint(forged, log.trust())


def test_cosignature_older_than_the_limit_does_not_count(log: SignedLog) -> None:
    trust = log.trust(quorum=2, max_age=3600, clock=lambda: T0 + 7200)
    with pytest.raises(WitnessQuorumError, match="0 of the required 2") as info:
        checkpoint.verify_checkpoint(log.checkpoint(), trust)
    assert all("over the limit of 3600" in why for _, why in info.value.refused)


def test_cosignature_dated_in_the_future_does_not_count(log: SignedLog) -> None:
    trust = log.trust(quorum=3, clock=lambda: T0 - 3600)
    with pytest.raises(WitnessQuorumError, match="0 of the required 3") as info:
        checkpoint.verify_checkpoint(log.checkpoint(), trust)
    assert all("in the future" in why for _, why in info.value.refused)


def test_fresh_cosignatures_count_under_an_age_limit(log: SignedLog) -> None:
    trust = log.trust(quorum=3, max_age=3600, clock=lambda: T0 + 60)
    assert len(checkpoint.verify_checkpoint(log.checkpoint(), trust).witnesses) == 3


@pytest.mark.parametrize(
    ("quorum", "why"),
    [(0, "only accepted with an empty witness list"), (4, "cannot be met by 3 witnesses"), (-1, "negative")],
)
def test_witness_policy_refuses_a_quorum_it_cannot_mean(log: SignedLog, quorum: int, why: str) -> None:
    with pytest.raises(ValueError, match=why):
        log.trust(quorum=quorum)


def test_witness_policy_refuses_one_key_for_two_witnesses(log: SignedLog) -> None:
    k = log.witness_keys[0].verifier()
    twin = keys.VerifierKey.from_vkey(
        keys.SigningKey("twin", keys.SignatureType.COSIGNATURE_V1, log.witness_keys[0].seed).verifier().to_vkey()
    )
    assert twin.public_key == k.public_key
    with pytest.raises(ValueError, match="one public key"):
        witness.QuorumPolicy((k, twin), 1)


def test_witness_policy_refuses_the_log_key_as_a_plain_witness(log: SignedLog) -> None:
    with pytest.raises(ValueError, match="log key cannot also be a witness"):
        checkpoint.LogTrust(log.origin, log.log_key.verifier(), witness.QuorumPolicy((log.log_key.verifier(),), 1))


def test_no_witness_policy_accepts_a_checkpoint_only_the_log_signed(log: SignedLog) -> None:
    trust = checkpoint.LogTrust(log.origin, log.log_key.verifier(), witness.QuorumPolicy((), 0))
    verified = checkpoint.verify_checkpoint(log.checkpoint(cosigners=[]), trust)
    assert (verified.witnesses, verified.unwitnessed) == ((), True)


def test_age_limit_without_a_clock_is_refused(log: SignedLog) -> None:
    with pytest.raises(ValueError, match="needs a positive age and a clock"):
        log.trust(quorum=1, max_age=60)


def test_log_key_cannot_be_a_cosigner_key(log: SignedLog) -> None:
    policy = witness.QuorumPolicy((log.witness_keys[0].verifier(),), 1)
    with pytest.raises(ValueError, match="type 0x01"):
        checkpoint.LogTrust(log.origin, log.witness_keys[0].verifier(), policy)
