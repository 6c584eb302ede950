"""The trade tables grow with the mirror, from the outcome the mirror stored at sync, and always equal a rebuild.

Real parts: the demo ledger's signed records, served over loopback HTTP, synced
into a real SQLCipher cache. Hypothesis picks where the syncs stop, and one
sync is interrupted halfway (an exception from the progress callback, after some
bundles were committed) and resumed by a fresh view, as after a killed process.
The stored index must answer every ``RecordSource`` question exactly as
``RecordIndex.build`` over all the records, rebuilt from scratch, answers it.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import ledger_client
from ledger_client import mirror, sqlcipher_store, sync
from ledger_client.transport import HttpTransport
from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.record_sources import answers
from tests.helpers.signed_log import T0, SignedLog
from trade import demo, record_index, records
from workstation.store import trade_view

PASSPHRASE = "trade index passphrase"


@pytest.fixture(scope="module")
def demo_ledger() -> demo.DemoLedger:
    return demo.generate()


@pytest.fixture(scope="module")
def served(demo_ledger: demo.DemoLedger) -> Iterator[tuple[ServedLog, str]]:
    log = ServedLog(keys=SignedLog(), entries=list(demo_ledger.entries))
    log.publish()
    with serve(log) as url:
        yield log, url


class Interrupted(Exception):
    """Stands in for a process killed in the middle of a sync."""


def _client(url: str, cache: mirror.Mirror, cbp: str) -> sync.LedgerClient:
    return sync.LedgerClient(
        HttpTransport(url, retries=0), SignedLog().trust(quorum=2), (cbp,), cache, clock=lambda: T0 + 10
    )


def _rebuilt(cache: mirror.Mirror, cbp: str) -> record_index.RecordIndex:
    signers = records.SignerDirectory(cbp)
    return record_index.RecordIndex.build(item for s in cache.entries() for item in trade_view.read_stored(s, signers))


def _stored_keys(cache: mirror.Mirror) -> dict[tuple[str, str], str]:
    rows = cache.connection.execute("SELECT kind, key, label FROM trade_keys").fetchall()
    return {(str(kind), str(key)): str(label) for kind, key, label in rows}


def _expected_keys(index: record_index.RecordIndex) -> dict[tuple[str, str], str]:
    expected: dict[tuple[str, str], str] = {}
    for kind, key, label in trade_view.keys_of(index.records):
        expected.setdefault((kind, key), label)  # the first record to name a key gives its label
    return expected


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cuts=st.lists(st.integers(min_value=1, max_value=1071), min_size=1, max_size=4),
    killed_at=st.integers(min_value=0, max_value=4),
    index_between=st.booleans(),
)
@example(cuts=[100], killed_at=1, index_between=True)  # killed on the way from 100 to every entry
def test_the_index_after_any_syncs_equals_one_rebuilt_from_the_mirror(
    served: tuple[ServedLog, str],
    demo_ledger: demo.DemoLedger,
    monkeypatch: pytest.MonkeyPatch,
    cuts: list[int],
    killed_at: int,
    index_between: bool,
) -> None:
    log, url = served
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)  # each bundle in its own transaction: a kill leaves some durable
    sizes = [*sorted(set(cuts)), len(log.entries)]
    cbp = demo_ledger.cbp_issuer
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profile.cache"
        conn = sqlcipher_store.create(path, PASSPHRASE, origin=SignedLog().origin)
        cache = mirror.Mirror(conn, path)
        view = trade_view.TradeView(cache, cbp, lambda: T0)
        try:
            for step, size in enumerate(sizes):
                log.publish(size)
                if step == killed_at and size - cache.entry_count() > 256:

                    def kill(done: int, total: int) -> None:
                        if done < total:
                            raise Interrupted

                    with pytest.raises(Interrupted):
                        _client(url, cache, cbp).sync(kill)
                    assert view.size == cache.entry_count()  # each stored bundle was indexed with it
                    view = trade_view.TradeView(cache, cbp, lambda: T0)  # a new process after the kill
                _client(url, cache, cbp).sync()
                if index_between:
                    view.source()
            grown = view.source()
            rebuilt = _rebuilt(cache, cbp)
            assert answers(grown, rebuilt, cbp) == answers(rebuilt, rebuilt, cbp)
            (stored_records,) = cache.connection.execute("SELECT COUNT(*) FROM trade_records").fetchone()
            assert stored_records == len(rebuilt.records)
            assert grown.size == view.size == len(log.entries) == rebuilt.size
            assert _stored_keys(cache) == _expected_keys(rebuilt)
        finally:
            conn.close()


def test_the_stored_outcome_gives_the_records_a_second_verification_gave(
    served: tuple[ServedLog, str], demo_ledger: demo.DemoLedger, tmp_path: Path
) -> None:
    """One verification per entry: believing the mirror's outcome loses nothing the old second check found."""
    log, url = served
    log.publish()
    path = tmp_path / "profile.cache"
    conn = sqlcipher_store.create(path, PASSPHRASE, origin=SignedLog().origin)
    cache = mirror.Mirror(conn, path)
    try:
        _client(url, cache, demo_ledger.cbp_issuer).sync()
        at = datetime(2025, 6, 30, tzinfo=UTC)
        verified_again = record_index.read_ledger(demo_ledger.entries, cbp_issuer=demo_ledger.cbp_issuer, at=at)
        # the view starts after the sync: it catches up from the mirror's stored outcomes
        from_outcome = trade_view.TradeView(cache, demo_ledger.cbp_issuer, lambda: T0).source()
        cbp = demo_ledger.cbp_issuer
        assert answers(from_outcome, verified_again, cbp) == answers(verified_again, verified_again, cbp)
        failed = [r for r in verified_again.records if isinstance(r, records.FailedRecord)]
        assert failed, "the demo ledger holds records that do not verify; they stay failed"
        assert from_outcome.failed_for(failed[0].claimed_id) == (failed[0],)
        assert json.loads(demo_ledger.entries[0])["type"][1] == "PartyRegistration"
    finally:
        conn.close()


class Handed:
    """The trade view as the mirror's listener, keeping every entry handed to it (with the sync's proof)."""

    def __init__(self, view: trade_view.TradeView) -> None:
        self.view = view
        self.entries: list[mirror.StoredEntry] = []

    def entries_stored(self, entries: Sequence[mirror.StoredEntry]) -> None:
        self.entries.extend(entries)
        self.view.entries_stored(entries)

    def entries_discarded(self, start: int) -> None:
        self.view.entries_discarded(start)


def test_the_index_built_from_the_workers_proofs_equals_a_rebuild_from_the_stored_entries(
    demo_ledger: demo.DemoLedger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proofs the proof-checking processes verified give the records ``read_logged`` rebuilds, entry by entry."""
    stranger = CredentialLog()
    stranger.unregistered_record()  # its proof verifies, its signer is nobody's
    log = ServedLog(keys=SignedLog(), entries=[*demo_ledger.entries, *stranger.entries])
    log.publish()
    monkeypatch.setattr(sync, "PARALLEL_THRESHOLD", 1)  # the proofs are checked in worker processes, and sent back
    cbp = demo_ledger.cbp_issuer
    path = tmp_path / "profile.cache"
    conn = sqlcipher_store.create(path, PASSPHRASE, origin=SignedLog().origin)
    cache = mirror.Mirror(conn, path)
    try:
        view = trade_view.TradeView(cache, cbp, lambda: T0)
        handed = Handed(view)
        cache.set_listener(handed)
        with serve(log) as url:
            _client(url, cache, cbp).sync()
        assert [s.index for s in handed.entries] == list(range(len(log.entries)))
        for stored in handed.entries:  # a proof with every entry whose proof verified, none with the others
            assert (stored.proof is None) == (stored.failure is ledger_client.RecordFailure.BAD_SIGNATURE)
        failures = {s.failure for s in handed.entries}
        assert {None, *ledger_client.RecordFailure} <= failures, "believed, unsigned and unregistered entries alike"
        read_back = list(cache.entries())
        assert all(s.proof is None for s in read_back)  # so the rebuild runs read_logged
        from_proofs, from_stored = records.SignerDirectory(cbp), records.SignerDirectory(cbp)
        for given_proof, stored in zip(handed.entries, read_back, strict=True):
            assert trade_view.read_stored(given_proof, from_proofs) == trade_view.read_stored(stored, from_stored)
        rebuilt = _rebuilt(cache, cbp)
        grown = view.source()
        assert answers(grown, rebuilt, cbp) == answers(rebuilt, rebuilt, cbp)
        (stored_records,) = cache.connection.execute("SELECT COUNT(*) FROM trade_records").fetchone()
        assert stored_records == len(rebuilt.records)
        assert _stored_keys(cache) == _expected_keys(rebuilt)
    finally:
        conn.close()
