"""Item models pass qtmodeltester, empty and full."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester

from workstation.models.audit_model import AuditTableModel
from workstation.models.pinned_keys_model import PinnedKeysModel
from workstation.services.trust_summary import PinnedKey
from workstation.store.audit import AuditRecord


def test_audit_model(qtmodeltester: ModelTester) -> None:
    model = AuditTableModel()
    qtmodeltester.check(model)
    model.set_records(
        [
            AuditRecord(2, 1_764_000_100, "o", "licence_chain", '{"mark": "X"}', "FAIL", 15, None),
            AuditRecord(1, 1_764_000_000, "o", "certificate_of_origin", "{}", None, None, '{"a": 1}'),
        ]
    )
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.index(1, 3).data() == "no verdict"


def test_pinned_keys_model(qtmodeltester: ModelTester) -> None:
    model = PinnedKeysModel()
    qtmodeltester.check(model)
    model.set_keys([PinnedKey("Log", "log.example", "0a0b0c0d"), PinnedKey("CBP issuer", "CBP", "did:key:z6Mk")])
    qtmodeltester.check(model)
    assert model.index(1, 2).data() == "did:key:z6Mk"
