"""The sequencer: batch, integrate, sign, cosign, publish (docs/architecture.md §4; C2SP tlog-tiles, tlog-checkpoint).

One batch goes through these steps, in this order (the crash points of
:mod:`ledger_node.faults` sit between them):

1. **store**: new entries get the next indexes, durably, in the same database
   commit as the tiles and bundles they make (``Storage.append_with_tiles``: one
   commit per batch); a byte-identical entry already stored keeps its index;
2. **tiles**: with ``--tiles-dir``, those tiles and bundles are also written as files;
3. **check and sign**: the written tiles must reproduce the new root
   (``ledger_client.tile_proofs.TileTree``) and prove consistency with the
   published checkpoint; only then is the checkpoint signed (Ed25519 signed
   note, c2sp.org/signed-note);
4. **cosign**: the configured witnesses cosign it, k of n (c2sp.org/tlog-witness);
   without the quorum nothing is published and the batch's submitters get an error;
5. **publish**: compare-and-swap of the checkpoint; only then are the
   submitters answered with their index and the checkpoint.

A crash anywhere leaves entries that are stored but not published; at start-up
(and after any failed batch) the sequencer integrates and publishes them
before answering anyone about them, so no acknowledged entry is ever lost and
every published checkpoint extends the one before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from ledger_client import keys, merkle, note, tile_proofs, wire
from ledger_node.errors import NodeError, StorageError
from ledger_node.faults import CrashPlan
from ledger_node.metrics import Metrics
from ledger_node.registry import Registry
from ledger_node.storage import Storage, StoredCheckpoint
from ledger_node.tile_files import TileFiles
from ledger_node.tree import Extension, StoredTiles, TreeEdge
from ledger_node.witness_client import Cosigner

log = logging.getLogger(__name__)
_A = TypeVar("_A")
_R = TypeVar("_R")
_REBUILD_CHUNK = 4096
#: Longest wait, in seconds, before retrying to publish stored entries when no new entry arrives.
MAX_RETRY_DELAY = 30.0


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """The answer to a submission: the entry's index and a published checkpoint that includes it."""

    index: int
    checkpoint: bytes


@dataclass(slots=True)
class _Pending:
    data: bytes
    leaf_hash: bytes
    future: asyncio.Future[Acknowledgement]
    index: int | None = None


class Sequencer:
    """Owns the write side of one log; run :meth:`run` as a task and :meth:`submit` entries.

    Args:
        storage: where everything is kept (the :class:`~ledger_node.storage.Storage` contract).
        log_key: the log's Ed25519 note key (type 0x01).
        origin: the checkpoint origin line.
        cosigner: the witnesses and their quorum.
        registry: updated with each published registration.
        metrics: updated at each publication.
        max_batch: most entries in one batch.
        max_delay: seconds to wait for more entries once one arrived.
        retry_delay: seconds before retrying a failed publication with no new entry.
        files: when set, the read path is also written there as files (``--tiles-dir``).
        crash: test-only crash injection.
    """

    def __init__(  # noqa: PLR0917 - the injected parts, each its own kind
        self,
        storage: Storage,
        log_key: keys.SigningKey,
        origin: str,
        cosigner: Cosigner,
        registry: Registry,
        metrics: Metrics,
        *,
        max_batch: int = 4096,
        max_delay: float = 0.005,
        retry_delay: float = 1.0,
        files: TileFiles | None = None,
        crash: CrashPlan | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if log_key.type is not keys.SignatureType.ED25519:
            raise ValueError("a log signs checkpoints with a type 0x01 key")
        self._storage = storage
        self._key = log_key
        self._origin = origin
        self._cosigner = cosigner
        self._registry = registry
        self._metrics = metrics
        self._max_batch = max_batch
        self._max_delay = max_delay
        self._retry_delay = retry_delay
        self._failures = 0  # batches failed in a row: the retry delay doubles with each, up to MAX_RETRY_DELAY
        self._crash = crash or CrashPlan()
        self._files = files
        self._clock = clock
        self._queue: asyncio.Queue[_Pending] = asyncio.Queue()
        self._coming = 0  # entries announced (being admitted) and not yet submitted or withdrawn
        self.published: StoredCheckpoint | None = storage.read_checkpoint()
        self._published_root = merkle.EMPTY_ROOT if self.published is None else _root_of(self.published.note)
        self._count = storage.entry_count()
        self._edge: TreeEdge | None = None
        self._in_flight: asyncio.Future[Any] | None = None
        start = 0 if self.published is None else self.published.size
        for first in range(0, start, _REBUILD_CHUNK):  # the registry, from the published entries
            registry.observe_all(storage.read_entries(first, min(first + _REBUILD_CHUNK, start)))
        cosigner.assume_size(start)
        metrics.published(start, self._count)
        if files is not None:  # a crash may have left the files behind the database
            written = files.catch_up(StoredTiles(storage), self.published)
            if written:
                log.info("wrote %d missing files under %s", written, files.root)

    # ------------------------------------------------------------------ API

    @contextlib.contextmanager
    def announced(self) -> Iterator[None]:
        """Around the admission of one submission: a batch waits (up to ``max_delay``) only for announced entries.

        Once every announced entry is queued, the batch closes at once instead of idling until its deadline.
        """
        self._coming += 1
        try:
            yield
        finally:
            self._coming -= 1

    async def submit(self, data: bytes, leaf_hash: bytes) -> Acknowledgement:
        """Queue one admitted entry; returns once it is under a published checkpoint.

        Raises:
            NodeError: the batch could not be published (no witness quorum, storage failure).
        """
        future: asyncio.Future[Acknowledgement] = asyncio.get_running_loop().create_future()
        self._queue.put_nowait(_Pending(data, leaf_hash, future))
        return await future

    async def run(self) -> None:
        """Process batches forever (cancel the task to stop). One event loop per sequencer."""
        while True:
            batch = await self._collect()
            try:
                await self._process(batch)
                self._failures = 0
            except Exception as exc:  # noqa: BLE001 - a failed batch fails its submitters, never the loop
                self._edge = None  # rebuilt from what storage holds before the next batch
                self._failures += 1
                log.error("batch of %d entries not published: %s: %s", len(batch), type(exc).__name__, exc)  # noqa: TRY400
                error = exc if isinstance(exc, NodeError) else StorageError("the batch could not be integrated")
                for p in batch:
                    if not p.future.done():
                        p.future.set_exception(error)

    def _unpublished(self) -> bool:
        return self.published is None or self.published.size < self._count

    async def _collect(self) -> list[_Pending]:
        if self._unpublished():
            # Recover right away at start-up; after failures, wait (longer each time) for new entries first.
            delay = min(self._retry_delay * 2 ** (self._failures - 1), MAX_RETRY_DELAY) if self._failures else 0.0
            try:
                first = await asyncio.wait_for(self._queue.get(), delay)
            except TimeoutError:
                return []
        else:
            first = await self._queue.get()
        batch = [first]
        deadline = self._clock() + self._max_delay
        while len(batch) < self._max_batch:
            try:
                batch.append(self._queue.get_nowait())
                continue
            except asyncio.QueueEmpty:
                if self._coming == 0:  # nothing else is being admitted: waiting would only add latency
                    break
            remaining = deadline - self._clock()
            if remaining <= 0:
                break
            try:
                batch.append(await asyncio.wait_for(self._queue.get(), remaining))
            except TimeoutError:
                break
        return batch

    # ------------------------------------------------------------------ the steps

    async def _process(self, batch: list[_Pending]) -> None:
        text, signed = await self._in_thread(self._integrate, batch)
        if signed is not None:
            size = self._edge_size()
            root = wire.parse_checkpoint(text).root
            cosignatures = await self._cosigner.cosign(text, signed, size, self._prover(size, root))  # step 4
            self._crash.reached("after-cosign")
            full = wire.Note(text, (*wire.parse_note(signed).signatures, *cosignatures)).to_bytes()
            await self._in_thread(self._publish, StoredCheckpoint(size, full))  # step 5
        assert self.published is not None
        for p in batch:
            assert p.index is not None
            assert p.index < self.published.size
            if not p.future.done():
                p.future.set_result(Acknowledgement(p.index, self.published.note))

    async def _in_thread(self, step: Callable[[_A], _R], arg: _A) -> _R:
        """Run a storage step in a worker thread; a cancelled sequencer leaves it to finish (see drain)."""
        future = asyncio.ensure_future(asyncio.to_thread(step, arg))
        self._in_flight = future
        return await asyncio.shield(future)

    async def drain(self) -> None:
        """Wait for a storage step still running after the sequencer task was cancelled (before closing storage)."""
        if self._in_flight is not None:
            with contextlib.suppress(Exception, asyncio.CancelledError):
                await self._in_flight

    def _edge_size(self) -> int:
        assert self._edge is not None
        return self._edge.size

    def _integrate(self, batch: list[_Pending]) -> tuple[str, bytes | None]:
        """Steps 1-3 (in a worker thread). Returns the checkpoint text and its log-signed note, if new."""
        fresh: dict[bytes, _Pending] = {}
        known = self._storage.find_entries([p.leaf_hash for p in batch])
        for p in batch:
            p.index = known.get(p.leaf_hash)
            if p.index is None and p.leaf_hash not in fresh:
                fresh[p.leaf_hash] = p
        published_size = 0 if self.published is None else self.published.size
        if self._edge is None:
            reader = StoredTiles(self._storage)
            self._edge = TreeEdge.load(published_size, reader.read_tile, self._storage.read_entries)
        if self._edge.size < self._count:  # recovery: entries stored by an earlier batch or run
            stored = self._storage.read_entries(self._edge.size, self._count)
            self._write_tiles(self._edge.extend(stored, [merkle.leaf_hash(e) for e in stored]), in_database=False)
        self._crash.reached("before-store")
        if fresh:  # steps 1 and 2: the entries and the tiles they make, in one commit
            extension = self._edge.extend([p.data for p in fresh.values()], list(fresh))
            self._storage.append_with_tiles(
                self._count,
                [(p.leaf_hash, p.data) for p in fresh.values()],
                extension.hash_tiles,
                extension.bundles,
            )
            for i, p in enumerate(fresh.values()):
                p.index = self._count + i
            self._count += len(fresh)
            self._metrics.entries = self._count
            self._crash.reached("after-store")
            self._write_tiles(extension, in_database=True)
        for p in batch:
            if p.index is None:
                p.index = fresh[p.leaf_hash].index
        size, root = self._edge.size, self._edge.root()
        text = wire.Checkpoint(self._origin, size, root).to_text()
        if self.published is not None and size == published_size:
            return text, None
        self._check_tiles(size, root, published_size)  # step 3
        signed = note.sign_note(text, [self._key]).to_bytes()
        self._crash.reached("after-sign")
        return text, signed

    def _write_tiles(self, extension: Extension, *, in_database: bool) -> None:
        """Step 2's writes: into the database (unless already there), then the files (``--tiles-dir``)."""
        if not in_database:
            self._storage.write_tiles(extension.hash_tiles, extension.bundles)
        if self._files is not None:
            self._files.write_resources(extension.hash_tiles, extension.bundles)
        self._crash.reached("after-tiles")

    def _check_tiles(self, size: int, root: bytes, published_size: int) -> None:
        """The stored tiles reproduce ``root`` and extend the published tree (else it is our bug)."""
        if size == 0:
            return
        tree = tile_proofs.TileTree(size, root, StoredTiles(self._storage))
        if published_size:
            proof = tree.consistency_proof(published_size)
            merkle.verify_consistency(published_size, size, self._published_root, root, proof)

    def _prover(self, size: int, root: bytes) -> Callable[[int], Sequence[bytes]]:
        def prove(old_size: int) -> Sequence[bytes]:
            return tile_proofs.TileTree(size, root, StoredTiles(self._storage)).consistency_proof(old_size)

        return prove

    def _publish(self, checkpoint: StoredCheckpoint) -> None:
        self._crash.reached("before-publish")
        self._storage.swap_checkpoint(self.published, checkpoint)
        if self._files is not None:
            self._crash.reached("before-checkpoint-file")
            self._files.write_checkpoint(checkpoint.note)  # last: its tiles were written in step 2
        start = 0 if self.published is None else self.published.size
        self._registry.observe_all(self._storage.read_entries(start, checkpoint.size))
        self.published = checkpoint
        self._published_root = _root_of(checkpoint.note)
        self._metrics.published(checkpoint.size, self._count)
        log.info("published checkpoint of size %d", checkpoint.size)
        self._crash.reached("after-publish")


def _root_of(signed_note: bytes) -> bytes:
    return wire.parse_checkpoint(wire.parse_note(signed_note).text).root
