"""Offline evidence from the mirror: a c2sp.org/tlog-proof@v1 file for any mirrored record.

The mirror holds every leaf hash up to the trusted checkpoint, so the proof is
computed locally (RFC 6962 ``PATH`` over the stored hashes) and checked against
the trusted checkpoint's root before it is written: a proof file that leaves
this module always verifies. No network is needed.
"""

from __future__ import annotations

from ledger_client import checkpoint, inclusion, merkle, mirror, proof_file


class EvidenceBuilder:
    """Builds proof files against the trusted checkpoint; the tree is built once and reused.

    Args:
        store: the verified mirror.
        trusted: the mirror's trusted checkpoint (as re-verified by the client).
    """

    def __init__(self, store: mirror.Mirror, trusted: checkpoint.VerifiedCheckpoint) -> None:
        self._mirror = store
        self._trusted = trusted
        self._tree: merkle.HashTree | None = None

    def _hash_tree(self) -> merkle.HashTree:
        if self._tree is None:
            tree = merkle.HashTree()
            for leaf in self._mirror.leaf_hashes()[: self._trusted.size]:
                tree.append_leaf_hash(leaf)
            assert tree.size == self._trusted.size, "the mirror is shorter than its trusted checkpoint"
            assert tree.root() == self._trusted.root, "the mirror does not match its trusted checkpoint"
            self._tree = tree
        return self._tree

    def inclusion(self, index: int) -> inclusion.VerifiedInclusion:
        """The verified inclusion of mirrored entry ``index`` under the trusted checkpoint.

        Raises:
            ValueError: the entry is not in the mirror.
        """
        stored = self._mirror.entry(index)
        if stored is None or index >= self._trusted.size:
            raise ValueError(f"entry {index} is not in the mirror")
        tree = self._hash_tree()
        proof = merkle.inclusion_proof(index, self._trusted.size, tree.subtree_hash)
        return inclusion.verify_entry(stored.entry, index, proof, self._trusted)

    def proof_file(self, index: int) -> bytes:
        """The tlog-proof@v1 file for mirrored entry ``index``."""
        verified = self.inclusion(index)
        return proof_file.write(index, verified.proof, self._trusted)
