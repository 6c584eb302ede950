"""One ledger node: storage, registry, sequencer and metrics wired together (docs/architecture.md §4).

:class:`Node` is what ``http.py`` calls: :meth:`Node.add_entry` for the write
path, :meth:`Node.checkpoint`, :meth:`Node.tile` and :meth:`Node.bundle` for
the read path (c2sp.org/tlog-tiles), and :meth:`Node.seed` to load a list of
pre-signed entries (the demo data set) through the same admission checks.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ledger_client import keys, tiles
from ledger_node import admission, registry
from ledger_node.admission_pool import AdmissionPool
from ledger_node.faults import CrashPlan
from ledger_node.metrics import Metrics
from ledger_node.sequencer import Acknowledgement, Sequencer
from ledger_node.sqlite_storage import SqliteStorage
from ledger_node.storage import Storage
from ledger_node.tile_files import TileFiles
from ledger_node.tree import StoredTiles
from ledger_node.witness_client import Cosigner, WitnessEndpoint

DATABASE_NAME = "ledger.sqlite3"


@dataclass(frozen=True, slots=True)
class NodeConfig:
    """Everything ``ledger-node serve`` is told.

    Attributes:
        data_dir: holds ``ledger.sqlite3``; created when missing.
        log_key: the log's Ed25519 note key.
        origin: the checkpoint origin.
        cbp_did: CBP's pinned did:key (may register parties).
        witnesses: the witnesses asked to cosign.
        quorum: how many of them must cosign (0 only without witnesses).
        max_batch, max_delay: batching by count and by delay (seconds).
        witness_timeout: seconds per request to a witness.
        body_timeout: seconds a client has to send a request body.
        tiles_dir: when set, the checkpoint, tiles and bundles are also written there as files.
        admission_workers: processes that examine submissions (0: in the serving process).
    """

    data_dir: Path
    log_key: keys.SigningKey
    origin: str
    cbp_did: str
    witnesses: tuple[WitnessEndpoint, ...] = ()
    quorum: int = 0
    max_batch: int = 4096
    max_delay: float = 0.005
    witness_timeout: float = 5.0
    body_timeout: float = 10.0
    tiles_dir: Path | None = None
    admission_workers: int = 0


class Node:
    """A running log. Build with :meth:`open`; run :meth:`run` as a task on the serving loop."""

    def __init__(
        self,
        storage: Storage,
        sequencer: Sequencer,
        parties: registry.Registry,
        metrics: Metrics,
        *,
        body_timeout: float,
        admission_pool: AdmissionPool | None = None,
    ) -> None:
        self.storage = storage
        self.admission = admission_pool or AdmissionPool(parties.cbp_did, 0)
        self.sequencer = sequencer
        self.registry = parties
        self.metrics = metrics
        self.body_timeout = body_timeout
        self._tiles = StoredTiles(storage)

    @classmethod
    def open(cls, config: NodeConfig, crash: CrashPlan | None = None) -> Node:
        """Open (or create) the node's storage and recover its state.

        Raises:
            ConfigurationError: the data directory belongs to another origin, or the quorum does not fit.
        """
        config.data_dir.mkdir(parents=True, exist_ok=True)
        storage = SqliteStorage(config.data_dir / DATABASE_NAME, config.origin)
        parties = registry.Registry(config.cbp_did)
        metrics = Metrics()
        plan = crash if crash is not None else CrashPlan.from_env(os.environ)
        files = TileFiles(config.tiles_dir, plan) if config.tiles_dir is not None else None
        cosigner = Cosigner(config.witnesses, config.quorum, timeout=config.witness_timeout)
        sequencer = Sequencer(
            storage,
            config.log_key,
            config.origin,
            cosigner,
            parties,
            metrics,
            max_batch=config.max_batch,
            max_delay=config.max_delay,
            files=files,
            crash=plan,
        )
        pool = AdmissionPool(config.cbp_did, config.admission_workers)
        return cls(storage, sequencer, parties, metrics, body_timeout=config.body_timeout, admission_pool=pool)

    async def run(self) -> None:
        await self.sequencer.run()

    def close(self) -> None:
        self.admission.close()
        self.storage.close()

    # ------------------------------------------------------------------ write path

    async def add_entry(self, body: bytes) -> Acknowledgement:
        """Admit one submitted credential and wait until it is published.

        Raises:
            AdmissionError: a subclass naming the refusal (``ledger_node.admission``).
            NodeError: the batch could not be published.
        """
        started = time.monotonic()
        with self.sequencer.announced():
            entry = admission.admit_signer(await self.admission.examine(body), self.registry)
        ack = await self.sequencer.submit(entry.data, entry.leaf_hash)
        self.metrics.acknowledged(time.monotonic() - started)
        return ack

    async def seed(self, entries: Sequence[bytes]) -> list[Acknowledgement]:
        """Submit pre-signed entries in order, through admission; registrations are published before what follows.

        Raises:
            AdmissionError: an entry is refused (earlier ones stay logged).
        """
        pending: list[asyncio.Task[Acknowledgement]] = []
        for body in entries:
            task = asyncio.ensure_future(self.add_entry(body))
            pending.append(task)
            if registry.PARTY_REGISTRATION.encode() in body:
                await asyncio.gather(*pending)  # later entries may be signed by the party it registers
        return list(await asyncio.gather(*pending))

    # ------------------------------------------------------------------ read path

    def checkpoint(self) -> bytes | None:
        published = self.sequencer.published
        return None if published is None else published.note

    def _size(self) -> int:
        published = self.sequencer.published
        return 0 if published is None else published.size

    def tile(self, tile: tiles.TileId) -> bytes | None:
        """A tile the published checkpoint implies (never wider), or None."""
        if tile.index * tiles.TILE_WIDTH + tile.width > tiles.row_width(tile.level, self._size()):
            return None
        return self._tiles.find_tile(tile)

    def bundle(self, bundle: tiles.BundleId) -> bytes | None:
        """An entry bundle the published checkpoint implies, or None."""
        if bundle.first_entry + bundle.width > self._size():
            return None
        return self._tiles.find_bundle(bundle)
