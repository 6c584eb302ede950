"""Inclusion under a verified checkpoint, forks, rollbacks and offline proof files."""

from __future__ import annotations

import pytest

from ledger_client import checkpoint, inclusion, keys, merkle, proof_file, wire, witness
from ledger_client.errors import (
    InclusionProofError,
    LogForkError,
    MalformedResponseError,
    UnsignedFieldMismatchError,
)
from tests.helpers import assets
from tests.helpers.signed_log import SignedLog

TLOG_PROOF = assets.load("tlog_proof")


@pytest.fixture
def log() -> SignedLog:
    return SignedLog([f"record {i}".encode() for i in range(13)])


def _verified(log: SignedLog, size: int | None = None) -> checkpoint.VerifiedCheckpoint:
    return checkpoint.verify_checkpoint(log.checkpoint(size), log.trust())


def test_entry_is_proven_under_the_checkpoint(log: SignedLog) -> None:
    signed = _verified(log)
    proof = log.tree.subtree_hash
    result = inclusion.verify_entry(b"record 7", 7, merkle.inclusion_proof(7, 13, proof), signed)
    assert result.index == 7
    assert result.checkpoint is signed


def test_swapped_entry_is_refused(log: SignedLog) -> None:
    signed = _verified(log)
    proof = merkle.inclusion_proof(7, 13, log.tree.subtree_hash)
    with pytest.raises(InclusionProofError, match="does not lead to the root"):
        inclusion.verify_entry(b"record 8", 7, proof, signed)


def test_proof_for_another_tree_size_is_refused(log: SignedLog) -> None:
    signed = _verified(log)
    proof = merkle.inclusion_proof(7, 12, log.tree.subtree_hash)
    with pytest.raises(InclusionProofError):
        inclusion.verify_entry(b"record 7", 7, proof, signed)


def test_unsigned_size_and_root_are_cross_checks_only(log: SignedLog) -> None:
    signed = _verified(log)
    inclusion.check_unsigned_fields(signed, size=13, root=log.tree.root())
    with pytest.raises(UnsignedFieldMismatchError, match="unsigned tree size") as info:
        inclusion.check_unsigned_fields(signed, size=14)
    assert (info.value.signed, info.value.unsigned) == ("13", "14")
    with pytest.raises(UnsignedFieldMismatchError, match="unsigned root"):
        inclusion.check_unsigned_fields(signed, root=log.tree.root(12))


# ---------------------------------------------------------------------------- consistency, forks, rollbacks


def test_grown_log_extends_the_trusted_checkpoint(log: SignedLog) -> None:
    old = _verified(log, 5)
    new = _verified(log, 13)
    inclusion.verify_extension(old, new, merkle.consistency_proof(5, 13, log.tree.subtree_hash))


def test_rolled_back_checkpoint_is_a_fork_alert(log: SignedLog) -> None:
    old, new = _verified(log, 13), _verified(log, 5)
    with pytest.raises(LogForkError, match="rollback") as info:
        inclusion.verify_extension(old, new, [])
    assert info.value.trusted_checkpoint == old.signed_note
    assert info.value.new_checkpoint == new.signed_note


def test_forked_checkpoint_carries_both_notes_and_the_proof(log: SignedLog) -> None:
    fork = SignedLog([*log.entries[:4], b"rewritten history", *log.entries[5:]])
    old = _verified(log, 6)
    new = checkpoint.verify_checkpoint(fork.checkpoint(), log.trust())  # the same keys signed both
    proof = merkle.consistency_proof(6, 13, fork.tree.subtree_hash)
    with pytest.raises(LogForkError, match="not consistent with size 6") as info:
        inclusion.verify_extension(old, new, proof)
    assert info.value.proof == tuple(proof)
    assert b"\n13\n" in info.value.new_checkpoint


def test_same_size_with_another_root_is_a_fork(log: SignedLog) -> None:
    fork = SignedLog([b"other", *log.entries[1:]])
    old = _verified(log)
    new = checkpoint.verify_checkpoint(fork.checkpoint(), log.trust())
    with pytest.raises(LogForkError, match="not consistent"):
        inclusion.verify_extension(old, new, [])


def test_growth_from_the_empty_tree_needs_an_empty_proof(log: SignedLog) -> None:
    empty = _verified(SignedLog(), 0)
    inclusion.verify_extension(empty, _verified(log), [])
    with pytest.raises(LogForkError, match="from the empty tree"):
        inclusion.verify_extension(empty, _verified(log), [log.tree.root()])


# ---------------------------------------------------------------------------- proof files


def _vector_trust() -> checkpoint.LogTrust:
    policy = witness.QuorumPolicy((keys.VerifierKey.from_vkey(TLOG_PROOF["witness_vkey"]),), 1)
    return checkpoint.LogTrust(
        "example.com/log/testdata", keys.VerifierKey.from_vkey(TLOG_PROOF["log_vkey"]), policy
    )


@pytest.mark.parametrize("case", TLOG_PROOF["cases"], ids=assets.case_id)
def test_tlog_proof_vector(case: dict[str, str]) -> None:
    data, entry = case["proof_text"].encode(), case["entry_ascii"].encode()
    if case["expect"] == "valid":
        result = proof_file.verify(data, entry, _vector_trust())
        assert result.index == 3
        assert result.checkpoint.size == 15
        reparsed = wire.parse_proof_file(data)
        assert reparsed.to_bytes() == data
    else:
        with pytest.raises(InclusionProofError, match="does not lead to the root"):
            proof_file.verify(data, entry, _vector_trust())


def test_proof_file_round_trip_and_one_byte_tampering(log: SignedLog) -> None:
    signed = _verified(log)
    data = proof_file.write(4, merkle.inclusion_proof(4, 13, log.tree.subtree_hash), signed, extra=b"case 17")
    parsed = wire.parse_proof_file(data)
    assert (parsed.index, parsed.extra) == (4, b"case 17")
    assert proof_file.verify(data, b"record 4", log.trust()).leaf_hash == log.tree.levels[0][4]
    tampered = data.replace(b"index 4", b"index 5")
    with pytest.raises(InclusionProofError):
        proof_file.verify(tampered, b"record 4", log.trust())


def test_proof_file_for_a_leaf_outside_the_checkpoint_cannot_be_written(log: SignedLog) -> None:
    with pytest.raises(ValueError, match="not in a tree of size 13"):
        proof_file.write(13, [], _verified(log))


def test_truncated_proof_file_is_malformed(log: SignedLog) -> None:
    data = proof_file.write(4, merkle.inclusion_proof(4, 13, log.tree.subtree_hash), _verified(log))
    with pytest.raises(MalformedResponseError):
        proof_file.verify(data[:-10], b"record 4", log.trust())
