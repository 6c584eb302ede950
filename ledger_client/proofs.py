"""The public proof API for applications: leaf hashes, inclusion under a verified checkpoint, proof files.

A verification report re-checks the records it cites offline with these: the
RFC 6962 leaf hash of an entry, a C2SP ``tlog-proof`` file parsed strictly, the
inclusion of an entry under a checkpoint, and whether a logged credential's
signature holds (``examine``).
"""

from __future__ import annotations

from ledger_client.inclusion import verify_entry
from ledger_client.logged_records import BadSignature, SignedFacts, examine
from ledger_client.merkle import leaf_hash
from ledger_client.wire import ProofFile, parse_proof_file

__all__ = ["BadSignature", "ProofFile", "SignedFacts", "examine", "leaf_hash", "parse_proof_file", "verify_entry"]
