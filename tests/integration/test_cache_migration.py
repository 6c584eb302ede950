"""A cache written in an earlier format opens in this one with every entry, audit line, draft and report kept.

The earlier formats are the current one with the ``workstation.store`` tables at
version 2 (the trade index in memory: ``trade_keys`` without the entry that named
each key, no ``trade_records`` or ``trade_refs``) or at version 1 (``trade_keys`` made on
the side, no ``trade_index_state``), and the mirror's at version 1 (no ``registrations``
table, no index of rejected entries). The test writes a real profile (demo ledger over
loopback HTTP, a check, a draft and an approved report), takes it back to that layout,
and opens it again: the trade tables are rebuilt from the mirror, and lookups answer.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ledger_client import cache, migrations, mirror
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo, record_index
from workstation import profiles, session
from workstation.__main__ import main
from workstation.lookups import rules
from workstation.lookups.queries import OriginByEntry
from workstation.reports import keystore
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.workflow import ReportState, ReportWorkflow
from workstation.store import schema

PASSPHRASE = "migration passphrase"
AS_OF = date(2025, 6, 30)
AT = datetime(2025, 6, 30, tzinfo=UTC)


def _snapshot(opened: session.Session) -> dict[str, object]:
    conn = opened.connection
    return {
        "entries": [tuple(r) for r in conn.execute("SELECT idx, leaf_hash, failure FROM entries ORDER BY idx")],
        "audit": [tuple(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY id")],
        "reports": [tuple(r) for r in conn.execute("SELECT id, state, content, pdf FROM reports ORDER BY id")],
        "trusted": opened.mirror.trusted_note(),
    }


def _extra_goods(index: record_index.RecordIndex) -> int:
    """Records beyond one per entry: a certification of several goods is one record per good."""
    return sum(len(goods) - 1 for goods in index.goods.values())


def _back_to_version_2(conn: cache.Connection) -> None:
    """The ``workstation.store`` tables of version 2: ``trade_keys`` (kind, key, label) and the coverage."""
    for statement in (
        "DROP TABLE trade_records",
        "DROP TABLE trade_refs",
        "DROP TABLE trade_bindings",
        "ALTER TABLE trade_keys RENAME TO trade_keys_now",
        "CREATE TABLE trade_keys (kind TEXT NOT NULL, key TEXT NOT NULL, label TEXT NOT NULL, PRIMARY KEY (kind, key))",
        "INSERT INTO trade_keys SELECT kind, key, label FROM trade_keys_now",
        "DROP TABLE trade_keys_now",
    ):
        conn.execute(statement)
    conn.execute("UPDATE schema_versions SET version = 2 WHERE owner = ?", (schema.OWNER,))


def _back_to_version_1(conn: cache.Connection) -> None:
    _back_to_version_2(conn)
    conn.execute("DROP TABLE trade_index_state")
    conn.execute("UPDATE schema_versions SET version = 1 WHERE owner = ?", (schema.OWNER,))


@pytest.mark.parametrize("back_to", [_back_to_version_2, _back_to_version_1], ids=["store-v2", "store-v1"])
def test_an_earlier_format_cache_keeps_everything(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, back_to: Callable[[cache.Connection], None]
) -> None:
    ledger = demo.generate()
    trust = tmp_path / "trust.json"
    trust.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}))
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASSPHRASE)
    with serve(served) as url:
        assert main(["sync", "--ledger", url, "--trust", str(trust)]) == 0
    profile = profiles.Profile.named("default")
    opened = session.open_session(profile, PASSPHRASE)
    try:
        runner = opened.lookups()
        evidence = LedgerEvidence.from_session(opened)
        flow = ReportWorkflow.from_session(opened)
        officer = evidence.person("default", None)
        flow.draft(runner.run(OriginByEntry("E-1002"), AS_OF), evidence, officer=officer)
        approved = flow.draft(runner.run(OriginByEntry("E-1031"), AS_OF), evidence, officer=officer)
        flow.approve(approved.report_id, keystore.load_supervisor_key(keystore.demo_key_path()), evidence)
        before = _snapshot(opened)
        conn = opened.connection
        registrations = [tuple(r) for r in conn.execute("SELECT * FROM registrations ORDER BY idx")]
        back_to(conn)
        conn.execute("DROP INDEX entries_rejected")
        conn.execute("DROP TABLE registrations")
        conn.execute("UPDATE schema_versions SET version = 1 WHERE owner = ?", (mirror.OWNER,))
        keys_before = sorted(tuple(r) for r in conn.execute("SELECT kind, key, label FROM trade_keys"))
    finally:
        opened.close()

    reopened = session.open_session(profile, PASSPHRASE)
    try:
        view = reopened.trade_view()
        assert migrations.current_version(reopened.connection, schema.OWNER) == len(schema.STEPS)
        assert migrations.current_version(reopened.connection, mirror.OWNER) == len(mirror.SCHEMA)
        refilled = [tuple(r) for r in reopened.connection.execute("SELECT * FROM registrations ORDER BY idx")]
        assert refilled == registrations and len(registrations) >= 60  # every party's, read back from the entries
        assert _snapshot(reopened) == before
        assert len(before["audit"]) >= 2 and len(before["reports"]) == 2  # type: ignore[arg-type]
        states = {s.state for s in ReportWorkflow.from_session(reopened).list()}
        assert states == {ReportState.DRAFT, ReportState.APPROVED}
        source = view.source()
        rebuilt = record_index.read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=AT)
        (records,) = reopened.connection.execute("SELECT COUNT(*) FROM trade_records").fetchone()
        assert view.size == source.size == len(ledger.entries) == records - _extra_goods(rebuilt)
        keys_after = sorted(tuple(r) for r in reopened.connection.execute("SELECT kind, key, label FROM trade_keys"))
        assert keys_after == keys_before
        assert view.keys("entry", "E-1031")
        again = reopened.lookups().run(OriginByEntry("E-1031"), AS_OF)
        assert again.verdict == rules.judge_origin(OriginByEntry("E-1031"), rebuilt, AS_OF, AS_OF).verdict
    finally:
        reopened.close()
