"""Mirroring the log: fetch, verify everything, store, and only then trust (docs/architecture.md §5).

One sync, step by step:

1. fetch ``/checkpoint`` and accept it under the trust policy (log key, origin,
   witness quorum);
2. read the tiles at its size and tie them to its root (``tile_proofs.TileTree``);
3. prove it consistent with the trusted checkpoint, and with the checkpoint an
   interrupted sync was working toward; a smaller or inconsistent checkpoint is
   a fork or rollback: the evidence is stored and :class:`LogForkError` raised;
4. fetch the entry bundles the mirror lacks; every entry's leaf hash must match
   the verified tiles; every credential is checked (``logged_records``);
5. store each bundle's entries in one transaction (resumable from there);
6. trust the new checkpoint (compare-and-swap).

Any failure before step 6 leaves the trusted checkpoint as it was. A failure
of the log (a tile, bundle or proof that does not match) stops the sync; a
credential that does not verify is stored, flagged, and never believed.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ledger_client import (
    checkpoint,
    inclusion,
    logged_records,
    mirror,
    read_ahead,
    tile_proofs,
    tiles,
    wire,
    wire_tiles,
    witness,
    worker_processes,
)
from ledger_client.errors import LogForkError, TransportError, UnprovableCheckpointError
from ledger_client.transport import Transport

#: (entries done, entries to do) of this sync.
Progress = Callable[[int, int], None]

MAX_CHECKPOINT_BYTES = wire.MAX_NOTE_BYTES
MAX_TILE_BYTES = wire_tiles.MAX_TILE_BYTES
MAX_BUNDLE_BYTES = 256 * (2 + 0xFFFF)


class TransportTileSource:
    """:class:`tile_proofs.TileSource` over a :class:`Transport`, with the 404 rule of tlog-tiles."""

    def __init__(self, transport: Transport) -> None:
        self._transport = transport

    def read_tile(self, tile: tiles.TileId) -> bytes:
        try:
            return self._transport.get(tile.path(), limit=MAX_TILE_BYTES)
        except TransportError as exc:
            if exc.status == 404 and tile.is_partial:  # the partial tile filled up and was removed
                return self._transport.get(tile.full().path(), limit=MAX_TILE_BYTES)
            raise


def read_bundle(transport: Transport, bundle: tiles.BundleId) -> tuple[bytes, ...]:
    """The entries of one bundle; a vanished partial bundle is read from its full successor."""
    try:
        data = transport.get(bundle.path(), limit=MAX_BUNDLE_BYTES)
    except TransportError as exc:
        if exc.status != 404 or not bundle.is_partial:
            raise
        full = bundle.full()
        return wire_tiles.parse_entry_bundle(transport.get(full.path(), limit=MAX_BUNDLE_BYTES), full)[: bundle.width]
    return wire_tiles.parse_entry_bundle(data, bundle)


@dataclass(frozen=True, slots=True)
class SyncResult:
    """What a sync did.

    Attributes:
        checkpoint: the checkpoint now trusted.
        previous_size: the trusted size before this sync.
        new_entries: entries added to the mirror.
        rejected: how many of those are published but not believed.
    """

    checkpoint: checkpoint.VerifiedCheckpoint
    previous_size: int
    new_entries: int
    rejected: int


class LedgerClient:
    """Verifies a ledger node and mirrors it into the encrypted cache.

    Args:
        transport: how to reach the node.
        trust: the pinned log key, origin and witness policy.
        cbp_issuers: CBP's pinned did:keys (they may register parties).
        store: the mirror in the officer's cache.
        clock: POSIX seconds now (for witness ages and the times kept as evidence).
    """

    def __init__(
        self,
        transport: Transport,
        trust: checkpoint.LogTrust,
        cbp_issuers: tuple[str, ...],
        store: mirror.Mirror,
        clock: Callable[[], int],
    ) -> None:
        self._transport = transport
        self._trust = trust
        self._cbp = cbp_issuers
        self._mirror = store
        self._clock = clock

    @property
    def mirror(self) -> mirror.Mirror:
        return self._mirror

    @property
    def transport(self) -> Transport:
        return self._transport

    def trusted_checkpoint(self) -> checkpoint.VerifiedCheckpoint | None:
        """The last checkpoint this workstation verified, re-checked under the current trust."""
        note = self._mirror.trusted_note()
        return checkpoint.verify_checkpoint(note, self._offline_trust()) if note else None

    def _offline_trust(self) -> checkpoint.LogTrust:
        """The trust policy without a clock: a stored checkpoint's cosignatures age, its truth does not."""
        policy = self._trust.witness_policy
        if isinstance(policy, witness.QuorumPolicy) and policy.clock is not None:
            policy = witness.QuorumPolicy(policy.witnesses, policy.quorum)
        return checkpoint.LogTrust(self._trust.origin, self._trust.log_key, policy)

    def fetch_checkpoint(self) -> checkpoint.VerifiedCheckpoint:
        """Step 1: the node's latest checkpoint, accepted under the trust policy."""
        return checkpoint.verify_checkpoint(self._transport.get("checkpoint", limit=MAX_CHECKPOINT_BYTES), self._trust)

    def _check_extends(
        self, old: checkpoint.VerifiedCheckpoint, new: checkpoint.VerifiedCheckpoint, tree: tile_proofs.TileTree | None
    ) -> None:
        """Step 3 for one older checkpoint; stores the evidence of a fork before raising it."""
        try:
            if new.size < old.size or old.size in (0, new.size) or tree is None:
                inclusion.verify_extension(old, new, [])
            else:
                inclusion.verify_extension(old, new, tree.consistency_proof(old.size))
        except LogForkError as exc:
            self._mirror.record_fork(exc, now=self._clock())
            raise

    def sync(self, progress: Progress | None = None) -> SyncResult:
        """Run one sync (steps 1-6). See the module docstring for what each failure leaves behind.

        Raises:
            LogForkError: a fork or rollback (the evidence is stored); UnprovableCheckpointError
                (a LogForkError): the node does not serve the tree it signed (the evidence is stored).
            VerificationError, MalformedResponseError, TransportError: the node failed; nothing trusted changed.
            CacheWriteError: the cache could not be written.
        """
        old_note = self._mirror.trusted_note()
        old = checkpoint.verify_checkpoint(old_note, self._offline_trust()) if old_note else None
        new = self.fetch_checkpoint()  # 1
        with self._backed(new, old_note):
            return self._sync_to(old_note, old, new, progress)

    @contextlib.contextmanager
    def _backed(self, new: checkpoint.VerifiedCheckpoint, old_note: bytes | None) -> Iterator[None]:
        """A tile or bundle under a signed size that the node does not serve (404) is a security finding.

        The finding is kept as evidence (with the fork evidence) before it is raised.
        """
        try:
            yield
        except TransportError as exc:
            if exc.status != 404:
                raise
            error = UnprovableCheckpointError(
                f"the node signed a tree of size {new.size} but does not serve a tile or bundle under it",
                trusted_checkpoint=old_note or b"",
                new_checkpoint=new.signed_note,
                size=new.size,
                missing=exc.url,
            )
            self._mirror.record_fork(error, now=self._clock())
            raise error from exc

    def _sync_to(
        self,
        old_note: bytes | None,
        old: checkpoint.VerifiedCheckpoint | None,
        new: checkpoint.VerifiedCheckpoint,
        progress: Progress | None,
    ) -> SyncResult:
        """Steps 2-6 toward the verified checkpoint ``new``."""
        tree = tile_proofs.TileTree(new.size, new.root, TransportTileSource(self._transport)) if new.size else None  # 2
        if old is not None:  # 3
            self._check_extends(old, new, tree)
        pending_note = self._mirror.pending_note()
        if pending_note is not None:
            pending = checkpoint.verify_checkpoint(pending_note, self._offline_trust())
            self._check_extends(pending, new, tree)
        have = self._mirror.entry_count()
        if have > new.size:  # only possible if entries outran a pending checkpoint: never trust them
            self._mirror.discard_from(old.size if old else 0)
            have = self._mirror.entry_count()
        if new.size > have:
            self._mirror.set_pending(new.signed_note)
            assert tree is not None
            many = new.size - have >= max(BULK_APPEND_THRESHOLD, have)  # as many new entries as there were
            with self._mirror.bulk_append() if many else contextlib.nullcontext():
                self._fetch_entries(tree, have, new.size, progress)  # 4, 5
        previous = old.size if old else 0
        rejected = self._mirror.count_rejected(start=previous)
        self._mirror.advance(old_note, new.signed_note, new.size, now=self._clock())  # 6
        return SyncResult(checkpoint=new, previous_size=previous, new_entries=new.size - previous, rejected=rejected)

    def _registry(self, upto: int) -> logged_records.PartyRegistry:
        """The key bindings of the mirrored registrations, from what was stored when they were verified."""
        registry = logged_records.PartyRegistry(self._cbp)
        for issuer, registration in self._mirror.registrations(upto=upto):
            registry.learn_registration(issuer, registration)
        return registry

    def _fetch_entries(self, tree: tile_proofs.TileTree, start: int, end: int, progress: Progress | None) -> None:
        """Steps 4 and 5. Credential proofs are checked in worker processes when there are many.

        A thread of its own fetches the bundles in order and checks their leaf
        hashes against the verified tiles (:mod:`ledger_client.read_ahead`); here,
        the proof checks of up to ``_WINDOW`` bundles are kept running in the
        workers, and the results taken in log order (also while the next bundle is
        on its way): registrations applied, entries stored. The network, the
        workers and the cache so work at once, and memory stays bounded by the window.
        """
        registry = self._registry(start)
        total = end - start
        workers = min(os.cpu_count() or 1, 4) if total >= PARALLEL_THRESHOLD else 0
        checked: list[logged_records.LoggedCredential | logged_records.RejectedEntry] = []
        pending: collections.deque[tuple[int, tuple[bytes, ...], tuple[bytes, ...], _Facts]] = collections.deque()

        def fetched() -> Iterator[tuple[int, tuple[bytes, ...], tuple[bytes, ...]]]:
            """Runs on the read-ahead thread: the only user of the transport and the tile tree meanwhile."""
            for bundle in tiles.bundles_for_size(end):
                if bundle.first_entry + bundle.width <= start:
                    continue
                entries = read_bundle(self._transport, bundle)
                leaves = tree.verify_bundle(bundle, entries)  # every leaf hash against the verified tiles
                skip = max(start - bundle.first_entry, 0)
                yield bundle.first_entry + skip, entries[skip:], leaves[skip:]

        def finish() -> bool:
            if not pending:
                return False
            first, entries, leaves, facts = pending.popleft()
            for offset, (entry, fact) in enumerate(zip(entries, facts.result(), strict=True)):
                checked.append(logged_records.check_entry(entry, first + offset, registry, fact, leaves[offset]))
            if len(checked) >= _COMMIT_EVERY:
                self._store(checked, start, total, progress)
            return True

        # The workers are started (by ``submit``) on this thread only: they die with the thread that started them.
        def finish_checked() -> bool:
            """While the next bundle is on its way: take the oldest results if they are there (never wait)."""
            return bool(pending) and pending[0][3].done() and finish()

        fetching = read_ahead.read_ahead(fetched(), _WINDOW, name="sync-fetch", idle=finish_checked)
        with _examiner(workers) as submit, fetching as ahead:
            for first, entries, leaves in ahead:
                pending.append((first, entries, leaves, submit(list(entries))))
                while len(pending) > _WINDOW:
                    finish()
            while finish():
                pass
            self._store(checked, start, total, progress)

    def _store(
        self,
        checked: list[logged_records.LoggedCredential | logged_records.RejectedEntry],
        start: int,
        total: int,
        progress: Progress | None,
    ) -> None:
        """Step 5 for one batch (one transaction), then report progress (which may raise to stop the sync)."""
        if not checked:
            return
        self._mirror.store(checked)
        done = checked[-1].index + 1 - start
        checked.clear()
        if progress is not None:
            progress(done, total)


#: Below this many new entries, proofs are checked in this process.
PARALLEL_THRESHOLD = 4096
#: From this many new entries (and at least as many as the mirror held), the mirror appends in bulk.
BULK_APPEND_THRESHOLD = 50_000
#: Bundles fetched, hash-checked and handed to the workers ahead of the one being stored.
_WINDOW = 32
#: Entries stored per transaction (a sync interrupted later resumes from the last one).
_COMMIT_EVERY = 4096
_Facts = concurrent.futures.Future[list[logged_records.SignedFacts | logged_records.BadSignature]]


@contextlib.contextmanager
def _examiner(workers: int) -> Iterator[Callable[[list[bytes]], _Facts]]:
    """A function that starts :func:`logged_records.examine_many` on a batch and returns its future."""
    if workers < 2:

        def now(batch: list[bytes]) -> _Facts:
            future: _Facts = concurrent.futures.Future()
            future.set_result(logged_records.examine_many(batch))
            return future

        yield now
        return
    # Spawned (never fork a process that may have GUI or network threads running), and gone with us.
    with worker_processes.process_pool(workers) as pool:
        yield lambda batch: pool.submit(logged_records.examine_many, batch)
