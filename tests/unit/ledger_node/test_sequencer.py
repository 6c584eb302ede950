"""The sequencer assigns each entry one index, publishes only what its tiles back, and recovers what it stored."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from ledger_client import checkpoint, keys, merkle, tile_proofs, tiles, wire, witness
from ledger_node.errors import StorageError, WitnessQuorumUnavailableError
from ledger_node.faults import CrashPlan
from ledger_node.metrics import Metrics
from ledger_node.registry import Registry
from ledger_node.sequencer import Sequencer
from ledger_node.sqlite_storage import SqliteStorage
from ledger_node.storage import StoredCheckpoint
from ledger_node.tree import StoredTiles
from ledger_node.witness_client import Cosigner, WitnessEndpoint
from tests.helpers.node_process import NodeParties, fixed_signing_key

ORIGIN = "test.example/sequencer"
KEY = fixed_signing_key("sequencer", keys.SignatureType.ED25519)
T = TypeVar("T")


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[SqliteStorage]:
    opened = SqliteStorage(tmp_path / "ledger.sqlite3", ORIGIN)
    yield opened
    opened.close()


def make_sequencer(storage: SqliteStorage, cosigner: Cosigner | None = None) -> Sequencer:
    return Sequencer(
        storage, KEY, ORIGIN, cosigner or Cosigner((), 0), Registry(NodeParties().cbp.did), Metrics(), max_delay=0.001
    )


def drive(sequencer: Sequencer, work: Callable[[], Awaitable[T]]) -> T:
    """Run the sequencer while ``work`` runs, then stop it."""

    async def main() -> T:
        task = asyncio.create_task(sequencer.run())
        try:
            return await asyncio.wait_for(work(), 60)
        finally:
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

    return asyncio.run(main())


def submit_all(sequencer: Sequencer, entries: list[bytes]) -> Callable[[], Awaitable[list[int]]]:
    async def work() -> list[int]:
        acks = await asyncio.gather(*(sequencer.submit(e, merkle.leaf_hash(e)) for e in entries))
        return [a.index for a in acks]

    return work


def verify_published(storage: SqliteStorage, entries: list[bytes]) -> wire.Checkpoint:
    """Through the client: the note is the log's, and every entry is included at its index."""
    published = storage.read_checkpoint()
    assert published is not None
    trust = checkpoint.LogTrust(ORIGIN, KEY.verifier(), _no_witness())
    _, body = checkpoint.open_log_note(published.note, trust)
    tree = tile_proofs.TileTree(body.size, body.root, StoredTiles(storage))
    for index, entry in enumerate(entries):
        merkle.verify_inclusion(merkle.leaf_hash(entry), index, body.size, tree.inclusion_proof(index), body.root)
    return body


def _no_witness() -> witness.QuorumPolicy:
    """open_log_note checks the log signature only; LogTrust still needs a policy, never applied here."""
    dummy = fixed_signing_key("unused-witness", keys.SignatureType.COSIGNATURE_V1).verifier()
    return witness.QuorumPolicy((dummy,), 1)


def test_concurrent_submissions_get_distinct_consecutive_indexes(storage: SqliteStorage) -> None:
    entries = [b"entry %d" % i for i in range(500)]
    sequencer = make_sequencer(storage)
    indexes = drive(sequencer, submit_all(sequencer, entries))
    assert sorted(indexes) == list(range(500))
    body = verify_published(storage, [storage.read_entries(i, i + 1)[0] for i in range(500)])
    assert body.size == 500


def test_a_byte_identical_resubmission_returns_the_existing_index(storage: SqliteStorage) -> None:
    sequencer = make_sequencer(storage)
    first = drive(sequencer, submit_all(sequencer, [b"a", b"b", b"a"]))
    restarted = make_sequencer(storage)
    again = drive(restarted, submit_all(restarted, [b"b"]))
    assert first[0] == first[2]
    assert again == [first[1]]
    assert storage.entry_count() == 2


def test_an_empty_log_publishes_the_empty_tree(storage: SqliteStorage) -> None:
    sequencer = make_sequencer(storage)

    async def wait_for_checkpoint() -> StoredCheckpoint:
        while sequencer.published is None:
            await asyncio.sleep(0.01)
        return sequencer.published

    published = drive(sequencer, lambda: asyncio.wait_for(wait_for_checkpoint(), 10))
    body = wire.parse_checkpoint(wire.parse_note(published.note).text)
    assert (body.size, body.root) == (0, merkle.EMPTY_ROOT)


def test_entries_stored_but_never_published_are_published_after_a_restart(storage: SqliteStorage) -> None:
    entries = [b"entry %d" % i for i in range(300)]
    sequencer = make_sequencer(storage)
    drive(sequencer, submit_all(sequencer, entries[:10]))
    storage.append_entries(10, [(merkle.leaf_hash(e), e) for e in entries[10:]])  # a crash after step 1
    restarted = make_sequencer(storage)
    indexes = drive(restarted, submit_all(restarted, [entries[200], b"new"]))
    assert indexes == [200, 300]
    verify_published(storage, [*entries, b"new"])


class CorruptTiles(SqliteStorage):
    """Storage whose level-0 tiles read back with one flipped bit (a lying disk)."""

    def read_tile(self, tile: tiles.TileId) -> bytes | None:
        data = super().read_tile(tile)
        return None if data is None else bytes([data[0] ^ 1]) + data[1:]


def test_a_checkpoint_the_tiles_do_not_back_is_never_signed(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    corrupt = CorruptTiles(tmp_path / "db", ORIGIN)
    sequencer = make_sequencer(corrupt)

    async def work() -> None:
        with pytest.raises(StorageError, match="could not be integrated"):
            await sequencer.submit(b"a", merkle.leaf_hash(b"a"))

    with caplog.at_level("ERROR"):
        drive(sequencer, work)
    assert any("TileMismatchError" in r.getMessage() for r in caplog.records)
    published = corrupt.read_checkpoint()
    assert published is None or wire.parse_checkpoint(wire.parse_note(published.note).text).size == 0
    corrupt.close()


def test_without_the_witness_quorum_nothing_is_published(
    storage: SqliteStorage, caplog: pytest.LogCaptureFixture
) -> None:
    dead = WitnessEndpoint(
        "http://127.0.0.1:9", fixed_signing_key("dead-witness", keys.SignatureType.COSIGNATURE_V1).verifier()
    )
    sequencer = make_sequencer(storage, Cosigner((dead,), 1, timeout=0.5, attempts=1))

    async def work() -> None:
        with pytest.raises(WitnessQuorumUnavailableError, match="0 of the required 1"):
            await sequencer.submit(b"a", merkle.leaf_hash(b"a"))

    with caplog.at_level("ERROR"):
        drive(sequencer, work)
    assert storage.read_checkpoint() is None
    assert storage.entry_count() == 1  # sequenced, and published by the first batch that gets a quorum
    assert any("not published" in r.getMessage() for r in caplog.records)


@pytest.mark.parametrize(
    ("text", "step", "passes"), [("after-tiles", "after-tiles", 1), ("after-sign:3", "after-sign", 3)]
)
def test_crash_plan_reads_its_step_and_pass_from_the_environment(text: str, step: str, passes: int) -> None:
    plan = CrashPlan.from_env({"LEDGER_NODE_CRASH_AT": text})
    assert plan.step == step
    for _ in range(passes - 1):
        plan.reached(step)  # not yet
    plan.reached("before-store")  # another step never counts


def test_crash_plan_refuses_an_unknown_step() -> None:
    with pytest.raises(ValueError, match="names no step"):
        CrashPlan.from_env({"LEDGER_NODE_CRASH_AT": "after-lunch"})


def test_batches_respect_the_maximum_size(storage: SqliteStorage) -> None:
    sequencer = Sequencer(
        storage, KEY, ORIGIN, Cosigner((), 0), Registry(NodeParties().cbp.did), Metrics(), max_batch=7
    )
    entries = [b"e%d" % i for i in range(50)]
    drive(sequencer, submit_all(sequencer, entries))
    assert storage.entry_count() == 50
    assert list(itertools.islice(storage.read_entries(0, 50), 3)) == entries[:3]
