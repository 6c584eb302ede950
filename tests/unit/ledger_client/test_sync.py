"""Syncing the mirror over real HTTP on loopback into a real SQLCipher file, from honest and lying nodes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import rfc8785

from ledger_client import logged_records, mirror, sqlcipher_store, sync
from ledger_client.credentials import ProofOptions, SigningKey, sign_credential
from ledger_client.errors import (
    InclusionProofError,
    LogForkError,
    MalformedResponseError,
    TileMismatchError,
    TransportError,
    UnprovableCheckpointError,
    WitnessQuorumError,
)
from ledger_client.transport import HttpTransport, Timeouts
from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import T0, SignedLog

PASSPHRASE = "correct horse battery staple"


@pytest.fixture(scope="module")
def ledger() -> CredentialLog:
    """300 entries: two registrations, records, one unregistered signer and one altered record."""
    log = CredentialLog()
    log.register("P-NOPAL")
    log.register("P-MAPLE", country="CA")
    for i in range(290):
        log.record("P-NOPAL" if i % 3 else "P-MAPLE", hs=f"7323.{i % 100:02d}")
    log.unregistered_record()  # index 292
    log.tampered_record("P-NOPAL")  # index 293
    for i in range(6):
        log.record("P-MAPLE", hs=f"7325.{i:02d}")
    return log


@pytest.fixture
def served(ledger: CredentialLog) -> ServedLog:
    log = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    log.publish(250)
    return log


@pytest.fixture
def url(served: ServedLog) -> Iterator[str]:
    with serve(served) as base:
        yield base


@pytest.fixture
def cache(tmp_path: Path) -> mirror.Mirror:
    path = tmp_path / "profile.cache"
    conn = sqlcipher_store.create(path, PASSPHRASE, origin=SignedLog().origin)
    return mirror.Mirror(conn, path)


def client(
    url: str, cache: mirror.Mirror, ledger: CredentialLog, *, quorum: int = 2, **timeouts: float
) -> sync.LedgerClient:
    transport = HttpTransport(url, timeouts=Timeouts(**timeouts), retries=0)
    return sync.LedgerClient(
        transport, SignedLog().trust(quorum=quorum), (ledger.cbp.did,), cache, clock=lambda: T0 + 10
    )


def test_first_sync_mirrors_every_entry_and_trusts_the_checkpoint(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    progress: list[tuple[int, int]] = []
    result = client(url, cache, ledger).sync(lambda done, total: progress.append((done, total)))
    assert (result.checkpoint.size, result.previous_size, result.new_entries, result.rejected) == (250, 0, 250, 0)
    assert cache.entry_count() == 250
    assert cache.trusted_note() == served.checkpoint
    assert progress == [(250, 250)]
    assert all(e.believed for e in cache.entries())
    first = cache.entry(0)
    assert first is not None and first.record_type == "PartyRegistration"
    assert cache.entry(5) is not None and cache.entry(5).party in {"P-NOPAL", "P-MAPLE"}  # type: ignore[union-attr]


def test_incremental_sync_fetches_only_new_bundles_and_flags_bad_records(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    c = client(url, cache, ledger)
    c.sync()
    served.publish()  # 300 entries
    served.requests.clear()
    result = c.sync()
    assert (result.previous_size, result.new_entries, result.rejected) == (250, 50, 2)
    assert "tile/entries/000" in served.requests and "tile/entries/000.p/250" not in served.requests
    unregistered, altered = cache.entry(292), cache.entry(293)
    assert unregistered is not None and unregistered.failure is logged_records.RecordFailure.UNREGISTERED_SIGNER
    assert altered is not None and altered.failure is logged_records.RecordFailure.BAD_SIGNATURE
    assert [h for h, *_ in cache.checkpoint_history()] == [250, 300]


def test_sync_with_nothing_new_keeps_the_mirror(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    c = client(url, cache, ledger)
    c.sync()
    assert c.sync().new_entries == 0
    assert cache.entry_count() == 250


def test_rolled_back_checkpoint_is_a_fork_alert_with_stored_evidence(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    c = client(url, cache, ledger)
    c.sync()
    trusted = cache.trusted_note()
    served.publish(200)
    with pytest.raises(LogForkError, match="rollback"):
        c.sync()
    assert cache.trusted_note() == trusted
    assert cache.entry_count() == 250
    [evidence] = cache.forks()
    assert evidence.trusted_note == trusted and evidence.new_note == served.checkpoint


def test_forked_history_is_a_fork_alert(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    c = client(url, cache, ledger)
    c.sync()
    served.entries[10] = ledger.entries[11]  # the log rewrites one entry and keeps growing
    served.publish(280)
    with pytest.raises(LogForkError, match="not consistent with size 250"):
        c.sync()
    assert cache.entry_count() == 250
    assert len(cache.forks(unacknowledged_only=True)) == 1


def test_tile_that_does_not_match_the_signed_root_is_refused(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    served.lies["tile/0/000.p/250"] = lambda _p, b: bytes([b[0] ^ 1]) + b[1:] if b else b
    with pytest.raises(TileMismatchError, match="do not reproduce|does not"):
        client(url, cache, ledger).sync()
    assert cache.entry_count() == 0 and cache.trusted_note() is None


def test_swapped_entry_in_a_bundle_is_refused(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    honest = served.honest("tile/entries/000.p/250")
    assert honest is not None
    swapped = served.entries[:250]
    swapped[7], swapped[8] = swapped[8], swapped[7]
    forged = b"".join(len(e).to_bytes(2, "big") + e for e in swapped)
    served.lies["tile/entries/000.p/250"] = lambda _p, _b: forged
    with pytest.raises(InclusionProofError):
        client(url, cache, ledger).sync()
    assert cache.entry_count() == 0


@pytest.mark.parametrize("change", ["extra", "missing"])
def test_bundle_with_an_extra_or_missing_entry_is_refused(url, served, cache, ledger, change) -> None:  # type: ignore[no-untyped-def]
    honest = served.honest("tile/entries/000.p/250")
    assert honest is not None
    extra = len(served.entries[0]).to_bytes(2, "big") + served.entries[0]
    body = honest + extra if change == "extra" else honest[: -len(extra)]
    served.lies["tile/entries/000.p/250"] = lambda _p, _b: body
    with pytest.raises(MalformedResponseError):
        client(url, cache, ledger).sync()
    assert cache.entry_count() == 0


def test_checkpoint_without_the_witness_quorum_is_refused(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    served.publish(250, cosigners=[1])
    with pytest.raises(WitnessQuorumError, match="1 of the required 2"):
        client(url, cache, ledger).sync()
    assert cache.trusted_note() is None


def test_oversized_answer_is_cut_off(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    served.lies["checkpoint"] = lambda _p, _b: b"x" * (sync.MAX_CHECKPOINT_BYTES + 10)
    with pytest.raises(MalformedResponseError, match="over its limit"):
        client(url, cache, ledger).sync()


def test_truncated_checkpoint_is_malformed(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    served.lies["checkpoint"] = lambda _p, b: b[:-30] if b else b
    with pytest.raises(MalformedResponseError):
        client(url, cache, ledger).sync()


def test_answer_that_never_finishes_times_out(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    served.stall_paths.add("checkpoint")
    with pytest.raises(TransportError, match="took longer than"):
        client(url, cache, ledger, total=1.0).sync()


def test_missing_tile_under_a_signed_size_is_unprovable_and_changes_nothing(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    """The node signed size 260 and does not serve its tiles: a finding about the node, kept as evidence."""
    served.lies["tile/1/000.p/1"] = lambda _p, _b: None
    served.publish(260)
    with pytest.raises(UnprovableCheckpointError) as caught:
        client(url, cache, ledger).sync()
    assert caught.value.size == 260 and caught.value.missing.endswith("tile/1/000")
    assert cache.trusted_note() is None and cache.pending_note() is None
    assert [f.new_note for f in cache.forks()] == [served.checkpoint]


def test_interrupted_sync_resumes_where_it_stopped(url, served, cache, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)  # store each bundle in its own transaction
    served.publish()  # 300 entries: two bundles

    class Interrupted(Exception):
        pass

    def stop_after_first_bundle(done: int, total: int) -> None:
        if done < total:
            raise Interrupted

    c = client(url, cache, ledger)
    with pytest.raises(Interrupted):
        c.sync(stop_after_first_bundle)
    assert cache.entry_count() == 256 and cache.trusted_note() is None and cache.pending_note() is not None
    served.requests.clear()
    assert c.sync().checkpoint.size == 300
    assert "tile/entries/000" not in served.requests
    assert cache.entry_count() == 300 and cache.pending_note() is None


def test_interrupted_sync_then_a_fork_of_the_pending_checkpoint_is_caught(
    url, served, cache, ledger, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)
    served.publish()

    def stop(done: int, total: int) -> None:
        if done < total:
            raise KeyboardInterrupt

    c = client(url, cache, ledger)
    with pytest.raises(KeyboardInterrupt):
        c.sync(stop)
    served.entries[3] = ledger.entries[4]
    served.publish()
    with pytest.raises(LogForkError):
        c.sync()
    assert cache.trusted_note() is None and len(cache.forks()) == 1


def test_node_that_went_away_leaves_the_mirror_readable(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    c = client(url, cache, ledger)
    c.sync()
    offline = sync.LedgerClient(
        HttpTransport(
            "http://127.0.0.1:9/", timeouts=Timeouts(connect=0.5, read=0.5, total=2), retries=1, sleep=lambda _s: None
        ),
        SignedLog().trust(quorum=2),
        (ledger.cbp.did,),
        cache,
        clock=lambda: T0,
    )
    with pytest.raises(TransportError, match="failed after 2 attempts"):
        offline.sync()
    trusted = offline.trusted_checkpoint()
    assert trusted is not None and trusted.size == 250
    assert cache.entry(100) is not None


def test_evidence_files_verify_offline_for_every_kind_of_entry(url, served, cache, ledger) -> None:  # type: ignore[no-untyped-def]
    from ledger_client import evidence, proof_file

    served.publish()
    c = client(url, cache, ledger)
    c.sync()
    trusted = c.trusted_checkpoint()
    assert trusted is not None
    builder = evidence.EvidenceBuilder(cache, trusted)
    for index in (0, 5, 255, 256, 292, 293, 299):
        data = builder.proof_file(index)
        stored = cache.entry(index)
        assert stored is not None
        verified = proof_file.verify(data, stored.entry, SignedLog().trust(quorum=2))
        assert (verified.index, verified.leaf_hash) == (index, stored.leaf_hash)
    with pytest.raises(ValueError, match="not in the mirror"):
        builder.proof_file(300)


def test_proofs_checked_in_worker_processes_give_the_same_mirror(url, served, cache, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "PARALLEL_THRESHOLD", 1)
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)
    served.publish()
    progress: list[tuple[int, int]] = []
    client(url, cache, ledger).sync(lambda done, total: progress.append((done, total)))
    assert progress == [(256, 300), (300, 300)]
    failures = {e.index: e.failure for e in cache.entries() if not e.believed}
    assert failures == {
        292: logged_records.RecordFailure.UNREGISTERED_SIGNER,
        293: logged_records.RecordFailure.BAD_SIGNATURE,
    }


def test_a_new_registration_replaces_the_partys_keys() -> None:
    from tests.helpers.credential_log import test_signing_key

    log = CredentialLog()
    old_key = log.register("P-ROTATE")
    log.record("P-ROTATE", hs="7323.93")
    new_key = test_signing_key("P-ROTATE second key")
    subject = {"id": "P-ROTATE", "type": "Party", "legalName": "R", "country": "MX", "roles": ["exporter"]}
    log.add(log.sign(log.cbp, "PartyRegistration", {**subject, "keys": [new_key.did]}))
    registry = logged_records.PartyRegistry([log.cbp.did])
    for index, entry in enumerate(log.entries):
        logged_records.check_entry(entry, index, registry)
    assert registry.party_of(new_key.did) == "P-ROTATE"
    assert registry.party_of(old_key.did) is None


def test_a_key_registered_again_for_another_party_moves_to_it() -> None:
    """As in the node's registry: CBP's latest statement about a key wins."""
    log = CredentialLog()
    key = log.register("P-FIRST")
    subject = {"id": "P-SECOND", "type": "Party", "legalName": "S", "country": "MX", "roles": ["exporter"]}
    log.add(log.sign(log.cbp, "PartyRegistration", {**subject, "keys": [key.did, log.cbp.did]}))
    registry = logged_records.PartyRegistry([log.cbp.did])
    for index, entry in enumerate(log.entries):
        logged_records.check_entry(entry, index, registry)
    assert registry.party_of(key.did) == "P-SECOND"
    assert registry.is_cbp(log.cbp.did)
    assert registry.party_of(log.cbp.did) == "CBP"  # CBP's key stays CBP's


def _as_did_web(web: str, key: SigningKey) -> bytes:
    document: dict[str, object] = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "CertificationOfOrigin"],
        "id": "urn:test:web",
        "issuer": web,
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "C-WEB"},
    }
    method = f"{web}#{key.did.removeprefix('did:key:')}"
    return rfc8785.dumps(sign_credential(document, key, ProofOptions(verification_method=method)))


@pytest.mark.parametrize(
    ("dids", "believed"),
    [(["did:web:nopal.example"], True), ([], False), (["did:web:other.example"], False)],
    ids=["listed", "not listed", "another did:web listed"],
)
def test_a_did_web_issuer_is_believed_only_through_a_registration_that_lists_it(dids, believed) -> None:  # type: ignore[no-untyped-def]
    log = CredentialLog()
    key = log.register("P-NOPAL")
    subject = {"id": "P-NOPAL", "type": "Party", "legalName": "N", "country": "MX", "roles": ["exporter"]}
    log.add(log.sign(log.cbp, "PartyRegistration", {**subject, "keys": [key.did], "dids": dids}))
    log.add(_as_did_web("did:web:nopal.example", key))
    registry = logged_records.PartyRegistry([log.cbp.did])
    results = [logged_records.check_entry(entry, index, registry) for index, entry in enumerate(log.entries)]
    last = results[-1]
    if believed:
        assert isinstance(last, logged_records.LoggedCredential)
        assert (last.issuer, last.party) == ("did:web:nopal.example", "P-NOPAL")
    else:
        assert isinstance(last, logged_records.RejectedEntry)
        assert last.failure is logged_records.RecordFailure.UNREGISTERED_SIGNER


def _indexes(cache: mirror.Mirror) -> set[str]:
    rows = cache.connection.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entries'")
    return {sqlcipher_store.as_str(row[0]) for row in rows.fetchall()}


def test_a_bulk_first_sync_builds_the_credential_id_index_at_the_end(url, served, cache, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "BULK_APPEND_THRESHOLD", 1)
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)
    seen: list[bool] = []

    def during(done: int, total: int) -> None:
        seen.append("entries_credential_id" in _indexes(cache))

    served.publish()
    client(url, cache, ledger).sync(during)
    assert seen == [False, False]  # stored without it
    assert "entries_credential_id" in _indexes(cache)
    wanted = ledger.entries[200]
    found = cache.by_credential_id(str(logged_records.examine(wanted).credential_id))
    assert [e.entry for e in found] == [wanted]


def test_a_bulk_append_cut_short_leaves_the_index_built(url, served, cache, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "BULK_APPEND_THRESHOLD", 1)
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)

    def stop(done: int, total: int) -> None:
        if done < total:
            raise KeyboardInterrupt

    served.publish()
    with pytest.raises(KeyboardInterrupt):
        client(url, cache, ledger).sync(stop)
    assert cache.entry_count() == 256 and "entries_credential_id" in _indexes(cache)


def test_an_index_lost_with_a_killed_bulk_append_is_built_at_open(cache) -> None:  # type: ignore[no-untyped-def]
    cache.connection.execute("DROP INDEX entries_credential_id")  # what a process killed inside bulk_append leaves
    assert "entries_credential_id" not in _indexes(cache)
    reopened = mirror.Mirror(cache.connection, cache.path)
    assert "entries_credential_id" in _indexes(reopened)


def test_an_incremental_sync_keeps_the_index_in_place(url, served, cache, ledger, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(sync, "BULK_APPEND_THRESHOLD", 1)
    monkeypatch.setattr(sync, "_COMMIT_EVERY", 1)
    c = client(url, cache, ledger)
    c.sync()  # 250 entries into an empty mirror: in bulk
    served.publish()
    seen: list[bool] = []
    c.sync(lambda done, total: seen.append("entries_credential_id" in _indexes(cache)))
    assert seen == [True, True]  # 50 more onto 250 (two bundles): fewer than the mirror held


def test_the_facts_a_worker_sends_back_survive_pickling(ledger) -> None:  # type: ignore[no-untyped-def]
    import pickle

    facts = logged_records.examine_many(list(ledger.entries))
    assert {type(f) for f in facts} == {logged_records.SignedFacts, logged_records.BadSignature}
    assert any(isinstance(f, logged_records.SignedFacts) and f.registration is not None for f in facts)
    assert pickle.loads(pickle.dumps(facts, protocol=pickle.HIGHEST_PROTOCOL)) == facts
