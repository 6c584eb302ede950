"""Merkle tree hashing and proofs of RFC 6962 §2.1 / RFC 9162 §2.1.

Hashing (RFC 9162 §2.1.1): a leaf hashes as ``SHA-256(0x00 || entry)``, an inner
node as ``SHA-256(0x01 || left || right)``; a tree of ``n > 1`` leaves splits at
the largest power of two below ``n``. Verification follows the algorithms of
RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency) step for step;
generation follows RFC 6962 §2.1.1 ``PATH`` and §2.1.2 ``SUBPROOF``, asking a
*subtree oracle* for each hash it needs, so the same code serves an in-memory
tree, the node, and a client reading tiles (docs/protocol.md §3.5).

>>> root = HashTree([b"a", b"b", b"c"]).root()
>>> proof = inclusion_proof(2, 3, HashTree([b"a", b"b", b"c"]).subtree_hash)
>>> verify_inclusion(leaf_hash(b"c"), 2, 3, proof, root)
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Sequence

from ledger_client.errors import ConsistencyProofError, InclusionProofError

HASH_SIZE = 32
#: RFC 9162 §2.1.1: the hash of an empty tree is the hash of the empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()
#: Proofs in trees of up to 2**64 leaves are never longer than this.
MAX_PROOF_HASHES = 64

#: ``subtree_hash(start, end)`` returns MTH(D[start:end]) for a range that is a
#: node of the tree (``start`` aligned to the largest power of two below the size).
SubtreeOracle = Callable[[int, int], bytes]


def leaf_hash(entry: bytes) -> bytes:
    """RFC 9162 §2.1.1 leaf hash: ``SHA-256(0x00 || entry)``, over the exact entry bytes."""
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """RFC 9162 §2.1.1 interior node hash: ``SHA-256(0x01 || left || right)``."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def split_point(size: int) -> int:
    """The largest power of two strictly less than ``size`` (``size >= 2``)."""
    if size < 2:
        raise ValueError(f"a tree of {size} leaves has no split")
    return 1 << ((size - 1).bit_length() - 1)


# ---------------------------------------------------------------------------- generation


def inclusion_proof(index: int, size: int, subtree_hash: SubtreeOracle) -> list[bytes]:
    """RFC 6962 §2.1.1 ``PATH(index, D[0:size])``, leaf sibling first.

    Raises:
        ValueError: ``index`` is not a leaf of a tree of ``size``.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf {index} is outside a tree of size {size}")
    path: list[bytes] = []
    start, end = 0, size
    # Walk down from the root, collecting siblings top first, then reverse.
    while end - start > 1:
        k = split_point(end - start)
        if index < start + k:
            path.append(subtree_hash(start + k, end))
            end = start + k
        else:
            path.append(subtree_hash(start, start + k))
            start += k
    path.reverse()
    return path


def consistency_proof(old_size: int, new_size: int, subtree_hash: SubtreeOracle) -> list[bytes]:
    """RFC 6962 §2.1.2 ``PROOF(old_size, D[0:new_size])``.

    Raises:
        ValueError: unless ``0 < old_size <= new_size``.
    """
    if not 0 < old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to {new_size}")
    proof: list[bytes] = []
    start, end, m, complete = 0, new_size, old_size, True
    while m != end - start:
        k = split_point(end - start)
        if m <= k:
            proof.append(subtree_hash(start + k, end))
            end = start + k
        else:
            proof.append(subtree_hash(start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append(subtree_hash(start, end))
    proof.reverse()
    return proof


class HashTree:
    """An append-only Merkle tree held in memory, with every perfect subtree kept.

    ``levels[h][i]`` is the hash of the perfect subtree of ``2**h`` leaves that
    starts at leaf ``i * 2**h``. Any MTH(D[a:b]) is then at most ``2 log n`` hashes
    away, which makes :meth:`subtree_hash` a fast oracle for proofs.
    """

    def __init__(self, entries: Iterable[bytes] = ()) -> None:
        self.levels: list[list[bytes]] = [[]]
        for entry in entries:
            self.append_leaf_hash(leaf_hash(entry))

    @property
    def size(self) -> int:
        return len(self.levels[0])

    def append_leaf_hash(self, hash_: bytes) -> int:
        """Add one leaf by its hash; returns its index."""
        index = self.size
        self.levels[0].append(hash_)
        height, i = 0, index
        while i & 1:
            parent = node_hash(self.levels[height][i - 1], self.levels[height][i])
            height += 1
            if len(self.levels) == height:
                self.levels.append([])
            self.levels[height].append(parent)
            i >>= 1
        return index

    def subtree_hash(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for ``0 <= start < end <= size``."""
        if not 0 <= start < end <= self.size:
            raise ValueError(f"range [{start}, {end}) is outside a tree of size {self.size}")
        width = end - start
        height = width.bit_length() - 1
        if width == 1 << height and start % width == 0:
            return self.levels[height][start >> height]
        k = split_point(width)
        return node_hash(self.subtree_hash(start, start + k), self.subtree_hash(start + k, end))

    def root(self, size: int | None = None) -> bytes:
        """The root of the first ``size`` leaves (all of them by default)."""
        n = self.size if size is None else size
        if n == 0:
            return EMPTY_ROOT
        return self.subtree_hash(0, n)


def root_hash(leaf_hashes: Sequence[bytes]) -> bytes:
    """MTH over a list of leaf hashes."""
    tree = HashTree()
    for h in leaf_hashes:
        tree.append_leaf_hash(h)
    return tree.root()


# ---------------------------------------------------------------------------- verification


def _check_hashes(hashes: Sequence[bytes], what: str) -> None:
    for h in hashes:
        if len(h) != HASH_SIZE:
            raise ValueError(f"{what} holds a {len(h)}-byte value where a 32-byte hash belongs")


@functools.lru_cache(maxsize=4096)
def _path_sides(index: int, size: int) -> tuple[bool, ...]:
    """For each hash of the audit path of ``index`` in a tree of ``size``: is the sibling on the left?

    RFC 9162 §2.1.3.2 run in its two phases, as transparency-dev/merkle does: below the
    point where the paths to ``index`` and to ``size - 1`` part (the "inner" levels) the
    sibling's side follows the bits of ``index``; above it, every remaining hash is a
    left sibling on the right border of the tree. The exhaustive tests check it against
    the one-loop form for every tree up to 64 leaves.
    """
    inner = (index ^ (size - 1)).bit_length()
    border = (index >> inner).bit_count()
    return tuple(bool((index >> level) & 1) for level in range(inner)) + (True,) * border


def root_from_inclusion_proof(leaf: bytes, index: int, size: int, proof: Sequence[bytes]) -> bytes:
    """The root that an audit path implies (RFC 9162 §2.1.3.2, steps 1-4).

    Raises:
        InclusionProofError: the index is outside the tree, or the path is too long or too short.
        ValueError: a hash is not 32 bytes.
    """
    if len(leaf) != HASH_SIZE or set(map(len, proof)) - {HASH_SIZE}:
        raise ValueError("inclusion proof holds a value where a 32-byte hash belongs")
    if not 0 <= index < size:  # step 1
        raise InclusionProofError(f"leaf {index} is outside a tree of size {size}", index=index, size=size)
    sides = _path_sides(index, size)
    if len(proof) != len(sides):
        more_or_fewer = "more" if len(proof) > len(sides) else "fewer"
        raise InclusionProofError(
            f"proof has {len(proof)} hashes, {more_or_fewer} than a tree of size {size} needs",
            index=index,
            size=size,
        )
    sha, one, r = hashlib.sha256, b"\x01", leaf  # step 2
    for sibling, on_the_left in zip(proof, sides, strict=True):  # step 3
        r = sha(one + sibling + r).digest() if on_the_left else sha(one + r + sibling).digest()
    return r  # step 4: the caller compares it with the root


def verify_inclusion(leaf: bytes, index: int, size: int, proof: Sequence[bytes], root: bytes) -> None:
    """Check that ``leaf`` is at ``index`` in the tree of ``size`` with ``root`` (RFC 9162 §2.1.3.2).

    Raises:
        InclusionProofError: the path does not lead to ``root``.
        ValueError: a hash is not 32 bytes (the caller parsed badly).
    """
    if len(root) != HASH_SIZE:
        raise ValueError("inclusion proof holds a value where a 32-byte hash belongs")
    if root_from_inclusion_proof(leaf, index, size, proof) != root:
        raise InclusionProofError(
            f"audit path for leaf {index} does not lead to the root of the tree of size {size}",
            index=index,
            size=size,
        )


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]) -> None:
    """Check that the tree (old_size, old_root) is a prefix of (new_size, new_root).

    RFC 9162 §2.1.4.2. An old size of 0 is refused here: the empty tree is a
    prefix of every tree, and callers handle it (docs/protocol.md §2.2).

    Raises:
        ConsistencyProofError: the proof does not link the two trees.
        ValueError: a hash is not 32 bytes.
    """
    _check_hashes([old_root, new_root, *proof], "consistency proof")

    def fail(why: str) -> ConsistencyProofError:
        return ConsistencyProofError(why, old_size=old_size, new_size=new_size)

    if old_size == new_size:  # step 1
        if proof:
            raise fail("sizes are equal but the proof is not empty")
        if old_root != new_root:
            raise fail(f"two different roots for the same size {old_size}")
        return
    if old_size <= 0 or old_size > new_size:  # step 2
        raise fail(f"no consistency proof exists from size {old_size} to {new_size}")
    if not proof:
        raise fail("the proof is empty")
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # step 3: old tree is a perfect subtree
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1  # step 4
    while fn & 1:  # step 5
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]  # step 6
    for c in path[1:]:  # step 7
        if sn == 0:
            raise fail(f"proof has {len(proof)} hashes, more than needed")
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:  # step 8
        raise fail(f"proof has {len(proof)} hashes, fewer than needed")
    if fr != old_root:
        raise fail(f"proof does not reproduce the old root of size {old_size}")
    if sr != new_root:
        raise fail(f"proof does not reproduce the new root of size {new_size}")
