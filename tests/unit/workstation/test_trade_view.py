"""The rules' view of the mirror: completion keys typed by officers are prefixes, taken literally."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger_client import logged_records, mirror, sqlcipher_store
from tests.helpers.credential_log import CredentialLog
from workstation import profiles, session
from workstation.__main__ import main
from workstation.store import trade_view

PASSPHRASE = "trade view passphrase"


@pytest.fixture
def opened(url: str, trust_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> session.Session:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    assert main(["sync", "--ledger", url, "--trust", str(trust_file)]) == 0
    capsys.readouterr()
    return session.open_session(profiles.Profile.named("default"), PASSPHRASE)


def test_party_keys_complete_on_a_prefix(opened: session.Session) -> None:
    try:
        assert opened.trade_view().keys("party", "P-N") == [("P-NOPAL", "P-NOPAL S.A. de C.V.")]
        assert opened.trade_view().keys("party", "Q") == []
    finally:
        opened.close()


def test_wildcards_in_the_typed_prefix_are_literal(opened: session.Session) -> None:
    try:
        view = opened.trade_view()
        view.source()
        assert view.keys("party", "P_") == []  # "_" is not "any character"
        assert view.keys("party", "%") == []
        assert view.keys("party", "P-NOP%") == []
    finally:
        opened.close()


def test_unknown_key_kind_is_a_caller_error(opened: session.Session) -> None:
    try:
        with pytest.raises(ValueError, match="no lookup keys of kind"):
            opened.trade_view().keys("colour")
    finally:
        opened.close()


def _stored(log: CredentialLog, cache: mirror.Mirror, start: int, end: int) -> None:
    registry = logged_records.PartyRegistry([log.cbp.did])
    checked = [logged_records.check_entry(entry, i, registry) for i, entry in enumerate(log.entries[:end])]
    cache.store(checked[start:end])


def test_the_tables_follow_the_mirror_in_its_own_transactions(tmp_path: Path) -> None:
    """Stored entries are indexed in the transaction that stores them; dropped ones take their records and keys."""
    log = CredentialLog()
    log.register("P-NOPAL")
    for i in range(5):
        log.record("P-NOPAL", hs=f"7323.{i:02d}")
    log.register("P-LATER")  # at index 6
    for i in range(5):
        log.record("P-LATER", hs=f"7323.{i:02d}")
    path = tmp_path / "profile.cache"
    conn = sqlcipher_store.create(path, PASSPHRASE, origin="test.example/ledger")
    try:
        cache = mirror.Mirror(conn, path)
        view = trade_view.TradeView(cache, log.cbp.did, lambda: 0)
        _stored(log, cache, 0, 12)
        assert view.size == 12  # indexed by the store itself: nothing is left to catch up
        tables = view.source()
        assert tables.party("P-LATER") is not None
        assert [key for key, _ in view.keys("party")] == ["P-LATER", "P-NOPAL"]
        assert conn.execute("SELECT COUNT(*) FROM trade_records").fetchone() == (12,)

        cache.discard_from(6)
        assert view.size == tables.size == cache.entry_count() == 6
        assert tables.party("P-LATER") is None and tables.records_at(6) == () and tables.records_at(5) != ()
        assert [key for key, _ in view.keys("party")] == ["P-NOPAL"]
        assert conn.execute("SELECT COUNT(*) FROM trade_refs WHERE log_index >= 6").fetchone() == (0,)

        _stored(log, cache, 6, 12)
        assert view.size == 12 and tables.party("P-LATER") is not None
        assert [key for key, _ in view.keys("party")] == ["P-LATER", "P-NOPAL"]
    finally:
        conn.close()
