"""RFC 6962/9162 hashing and proofs: every published vector, and every small tree exhaustively."""

from __future__ import annotations

import pytest

from ledger_client import merkle
from ledger_client.errors import ConsistencyProofError, InclusionProofError
from tests.helpers import assets

HASHING = assets.load("merkle_hashing")
INCLUSION = assets.load("merkle_inclusion_proofs")
CONSISTENCY = assets.load("merkle_consistency_proofs")
ALL_8 = assets.load("merkle_all_proofs_8_leaves")
LEAVES_8 = [bytes.fromhex(h) for h in ALL_8["leaf_inputs_hex"]]


def flip_one_bit(proof: list[bytes], which: int) -> list[bytes]:
    """The proof with one bit of hash ``which`` flipped (a different bit for each hash)."""
    bad = list(proof)
    bit = (which * 37 + 5) % 256
    h = bytearray(bad[which])
    h[bit // 8] ^= 1 << (bit % 8)
    bad[which] = bytes(h)
    return bad


# ---------------------------------------------------------------------------- hashing


@pytest.mark.parametrize("case", HASHING["primitives"], ids=assets.case_id)
def test_hash_primitive_matches_vector(case: dict[str, str]) -> None:
    expected = bytes.fromhex(case["expected_hex"])
    if case["op"] == "empty_root":
        assert expected == merkle.EMPTY_ROOT
        assert merkle.HashTree().root() == expected
    elif case["op"] == "leaf_hash":
        assert merkle.leaf_hash(bytes.fromhex(case["input_hex"])) == expected
    else:
        assert merkle.node_hash(bytes.fromhex(case["left_hex"]), bytes.fromhex(case["right_hex"])) == expected


def test_eight_leaf_tree_matches_every_leaf_node_and_root() -> None:
    tree_vec = HASHING["tree"]
    tree = merkle.HashTree(bytes.fromhex(h) for h in tree_vec["leaf_inputs_hex"])
    assert [h.hex() for h in tree.levels[0]] == tree_vec["leaf_hashes_hex"]
    for level, hashes in enumerate(tree_vec["complete_subtree_hashes_by_level"]["levels"]):
        assert [h.hex() for h in tree.levels[level]] == hashes
    for size, root in tree_vec["root_by_tree_size_hex"].items():
        assert tree.root(int(size)).hex() == root
        assert merkle.root_hash(tree.levels[0][: int(size)]).hex() == root


def test_split_point_is_largest_power_of_two_below() -> None:
    assert [merkle.split_point(n) for n in (2, 3, 4, 5, 8, 9, 1000)] == [1, 2, 2, 4, 4, 8, 512]
    with pytest.raises(ValueError, match="has no split"):
        merkle.split_point(1)


# ---------------------------------------------------------------------------- transparency-dev vectors


def _expect(expect: str, check: object) -> None:
    """Run a vector: valid must pass; invalid must raise the proof error (or ValueError for bad lengths)."""
    assert callable(check)
    if expect == "valid":
        check()
    else:
        with pytest.raises((InclusionProofError, ConsistencyProofError, ValueError)):
            check()


@pytest.mark.parametrize("case", INCLUSION["cases"], ids=assets.case_id)
def test_inclusion_vector(case: dict[str, object]) -> None:
    leaf = assets.b64(str(case["leaf_hash_b64"]))
    root = assets.b64(str(case["root_b64"]))
    proof = [assets.b64(p) for p in case["proof_b64"]]  # type: ignore[attr-defined]
    index, size = int(case["leaf_index"]), int(case["tree_size"])  # type: ignore[call-overload]
    wrong_length = any(len(h) != 32 for h in [leaf, root, *proof])

    def check() -> None:
        merkle.verify_inclusion(leaf, index, size, proof, root)

    if wrong_length:
        assert case["expect"] == "invalid"
        with pytest.raises(ValueError, match="32-byte hash"):
            check()
    else:
        _expect(str(case["expect"]), check)


@pytest.mark.parametrize("case", CONSISTENCY["cases"], ids=assets.case_id)
def test_consistency_vector(case: dict[str, object]) -> None:
    old_root = assets.b64(str(case["root1_b64"]))
    new_root = assets.b64(str(case["root2_b64"]))
    proof = [assets.b64(p) for p in case["proof_b64"]]  # type: ignore[attr-defined]
    old, new = int(case["size1"]), int(case["size2"])  # type: ignore[call-overload]

    def check() -> None:
        merkle.verify_consistency(old, new, old_root, new_root, proof)

    if any(len(h) != 32 for h in [old_root, new_root, *proof]):
        assert case["expect"] == "invalid"
        with pytest.raises(ValueError, match="32-byte hash"):
            check()
    else:
        _expect(str(case["expect"]), check)


def test_every_eight_leaf_proof_is_generated_byte_identical() -> None:
    tree = merkle.HashTree(LEAVES_8)
    roots = {int(k): bytes.fromhex(v) for k, v in ALL_8["root_by_tree_size_hex"].items()}
    for case in ALL_8["inclusion"]:
        i, n = case["leaf_index"], case["tree_size"]
        proof = merkle.inclusion_proof(i, n, tree.subtree_hash)
        assert [p.hex() for p in proof] == case["proof_hex"]
        merkle.verify_inclusion(merkle.leaf_hash(LEAVES_8[i]), i, n, proof, roots[n])
    for case in ALL_8["consistency"]:
        m, n = case["size1"], case["size2"]
        proof = merkle.consistency_proof(m, n, tree.subtree_hash)
        assert [p.hex() for p in proof] == case["proof_hex"]
        merkle.verify_consistency(m, n, roots[m], roots[n], proof)


# ---------------------------------------------------------------------------- exhaustive small trees

TREE_64 = merkle.HashTree(f"entry {i}".encode() for i in range(64))


def _recursive_mth(leaves: list[bytes]) -> bytes:
    """MTH straight from RFC 6962's definition, as an independent oracle."""
    if not leaves:
        return merkle.EMPTY_ROOT
    if len(leaves) == 1:
        return leaves[0]
    k = merkle.split_point(len(leaves))
    return merkle.node_hash(_recursive_mth(leaves[:k]), _recursive_mth(leaves[k:]))


@pytest.mark.parametrize("size", range(1, 65))
def test_inclusion_holds_and_rejects_every_one_bit_change(size: int) -> None:
    root = TREE_64.root(size)
    assert root == _recursive_mth(TREE_64.levels[0][:size])
    for i in range(size):
        leaf = TREE_64.levels[0][i]
        proof = merkle.inclusion_proof(i, size, TREE_64.subtree_hash)
        merkle.verify_inclusion(leaf, i, size, proof, root)
        for j in range(len(proof)):
            with pytest.raises(InclusionProofError, match="does not lead to the root"):
                merkle.verify_inclusion(leaf, i, size, flip_one_bit(proof, j), root)
        with pytest.raises(InclusionProofError, match="more than a tree"):
            merkle.verify_inclusion(leaf, i, size, [*proof, root], root)
        if proof:
            with pytest.raises(InclusionProofError, match="fewer than a tree"):
                merkle.verify_inclusion(leaf, i, size, proof[:-1], root)


@pytest.mark.parametrize("new_size", range(1, 65))
def test_consistency_holds_and_rejects_every_one_bit_change(new_size: int) -> None:
    new_root = TREE_64.root(new_size)
    for old_size in range(1, new_size + 1):
        old_root = TREE_64.root(old_size)
        proof = merkle.consistency_proof(old_size, new_size, TREE_64.subtree_hash)
        merkle.verify_consistency(old_size, new_size, old_root, new_root, proof)
        for j in range(len(proof)):
            with pytest.raises(ConsistencyProofError):
                merkle.verify_consistency(old_size, new_size, old_root, new_root, flip_one_bit(proof, j))
        if old_size < new_size:
            with pytest.raises(ConsistencyProofError):
                merkle.verify_consistency(old_size, new_size, old_root, new_root, [*proof, new_root])


def test_inclusion_of_a_leaf_outside_the_tree_is_refused() -> None:
    with pytest.raises(InclusionProofError, match="outside a tree of size 4"):
        merkle.verify_inclusion(TREE_64.levels[0][4], 4, 4, [], TREE_64.root(4))
    with pytest.raises(ValueError, match="outside a tree"):
        merkle.inclusion_proof(4, 4, TREE_64.subtree_hash)


def test_equal_sizes_with_two_roots_is_refused() -> None:
    with pytest.raises(ConsistencyProofError, match="two different roots for the same size 5"):
        merkle.verify_consistency(5, 5, TREE_64.root(5), TREE_64.root(6), [])


def test_equal_sizes_with_a_non_empty_proof_is_refused() -> None:
    with pytest.raises(ConsistencyProofError, match="proof is not empty"):
        merkle.verify_consistency(5, 5, TREE_64.root(5), TREE_64.root(5), [TREE_64.root(5)])


def test_consistency_from_the_empty_tree_is_left_to_the_caller() -> None:
    with pytest.raises(ConsistencyProofError, match="from size 0"):
        merkle.verify_consistency(0, 3, merkle.EMPTY_ROOT, TREE_64.root(3), [TREE_64.root(3)])
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(0, 3, TREE_64.subtree_hash)


def test_shrinking_tree_is_refused() -> None:
    with pytest.raises(ConsistencyProofError, match="from size 6 to 5"):
        merkle.verify_consistency(6, 5, TREE_64.root(6), TREE_64.root(5), [TREE_64.root(1)])


def test_subtree_hash_outside_the_tree_is_a_caller_error() -> None:
    with pytest.raises(ValueError, match="outside a tree of size 64"):
        TREE_64.subtree_hash(60, 65)


def _rfc9162_one_loop(leaf: bytes, index: int, size: int, proof: list[bytes]) -> bytes | None:
    """RFC 9162 §2.1.3.2 exactly as written (docs/protocol.md §2.1): the reference the fast form must match."""
    if not 0 <= index < size:
        return None
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = merkle.node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = merkle.node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return r if sn == 0 else None


@pytest.mark.parametrize("size", range(1, 65))
def test_two_phase_loop_agrees_with_the_rfc_one_loop_for_any_path_length(size: int) -> None:
    pad = [merkle.leaf_hash(b"%d" % k) for k in range(8)]
    for i in range(size):
        proof = merkle.inclusion_proof(i, size, TREE_64.subtree_hash)
        for candidate in (proof, proof[:-1], [*proof, pad[0]], [*proof, *pad[:3]]):
            expected = _rfc9162_one_loop(TREE_64.levels[0][i], i, size, candidate)
            if expected is None:
                with pytest.raises(InclusionProofError, match="hashes"):
                    merkle.root_from_inclusion_proof(TREE_64.levels[0][i], i, size, candidate)
            else:
                assert merkle.root_from_inclusion_proof(TREE_64.levels[0][i], i, size, candidate) == expected
