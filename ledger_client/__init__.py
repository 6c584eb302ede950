"""The verification core: everything the workstation believes about the ledger is checked here.

No Qt, no trade rules. The workstation imports this package's public names
only (``ledger_client.LedgerClient``...); the modules behind them are small and
pure, each citing the specification it implements (see ``docs/verification.md``).
"""

from __future__ import annotations

from ledger_client.base64_strict import Base64Error, decode_base64, decode_base64url, encode_base64url
from ledger_client.checkpoint import LogTrust, VerifiedCheckpoint, verify_checkpoint
from ledger_client.errors import (
    CacheCorruptedError,
    CacheError,
    CacheSchemaError,
    CacheWriteError,
    ConsistencyProofError,
    ForeignCacheError,
    InclusionProofError,
    KeyFileError,
    LedgerError,
    LogForkError,
    LogSignatureMissingError,
    MalformedResponseError,
    OriginMismatchError,
    SignatureError,
    StateConflictError,
    TileMismatchError,
    TransportError,
    UnknownKeyError,
    UnprovableCheckpointError,
    VerificationError,
    WitnessQuorumError,
    WrongPassphraseError,
)
from ledger_client.evidence import EvidenceBuilder
from ledger_client.inclusion import VerifiedInclusion
from ledger_client.logged_records import LoggedCredential, RecordFailure, RejectedEntry
from ledger_client.mirror import ForkEvidence, Mirror, MirrorListener, StoredEntry
from ledger_client.sync import LedgerClient, SyncResult
from ledger_client.terminal import terminal_json
from ledger_client.transport import HttpTransport, Timeouts, Transport
from ledger_client.trust import TrustConfig, TrustFileError, parse_trust_file

__all__ = [
    "Base64Error",
    "CacheCorruptedError",
    "CacheError",
    "CacheSchemaError",
    "CacheWriteError",
    "ConsistencyProofError",
    "EvidenceBuilder",
    "ForeignCacheError",
    "ForkEvidence",
    "HttpTransport",
    "InclusionProofError",
    "KeyFileError",
    "LedgerClient",
    "LedgerError",
    "LogForkError",
    "LogSignatureMissingError",
    "LogTrust",
    "LoggedCredential",
    "MalformedResponseError",
    "Mirror",
    "MirrorListener",
    "OriginMismatchError",
    "RecordFailure",
    "RejectedEntry",
    "SignatureError",
    "StateConflictError",
    "StoredEntry",
    "SyncResult",
    "TileMismatchError",
    "Timeouts",
    "Transport",
    "TransportError",
    "TrustConfig",
    "TrustFileError",
    "UnknownKeyError",
    "UnprovableCheckpointError",
    "VerificationError",
    "VerifiedCheckpoint",
    "VerifiedInclusion",
    "WitnessQuorumError",
    "WrongPassphraseError",
    "decode_base64",
    "decode_base64url",
    "encode_base64url",
    "parse_trust_file",
    "terminal_json",
    "verify_checkpoint",
]
