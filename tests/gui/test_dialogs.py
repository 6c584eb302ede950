"""Settings (the pinned keys), History (audit records, re-open), About (versions)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ledger_client import version
from tests.gui.conftest import ShellMaker
from tests.helpers.signed_log import SignedLog
from workstation.models.audit_model import RECORD_ROLE
from workstation.shell import Shell
from workstation.store.audit import AuditRecord
from workstation.views.about_dialog import AboutDialog
from workstation.views.settings_dialog import SettingsDialog


def test_settings_show_the_pinned_keys_and_save_the_interval(qtbot: QtBot, synced_shell: Shell) -> None:
    synced_shell.window.settings_action.trigger()
    dialog = synced_shell.dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    model = dialog.keys_model
    rows = [[model.index(r, c).data() for c in range(3)] for r in range(model.rowCount())]
    assert [r[0] for r in rows] == ["Log", "Witness", "Witness", "Witness", "CBP issuer"]
    assert rows[0][1] == "test.example/ledger" and rows[1][1] == "witness-0.test"
    assert rows[4][2].startswith("did:key:")
    assert dialog.profile_label.text() == "officer"
    assert "2 of 3 witnesses" in dialog.origin_label.text()
    dialog.interval.setValue(7)
    with qtbot.wait_signal(synced_shell.profile_service.settings_saved, timeout=5_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert synced_shell.auto_sync.interval_minutes == 7
    assert synced_shell.session.profile.load_settings().auto_sync_minutes == 7
    assert synced_shell.dialog is None


def test_settings_refuse_a_trust_file_for_another_ledger(
    qtbot: QtBot, synced_shell: Shell, tmp_path: Path, trust: dict[str, object]
) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({**trust, **SignedLog(origin="other.example/ledger").trust_json(2)}))
    synced_shell.window.settings_action.trigger()
    dialog = synced_shell.dialog
    assert isinstance(dialog, SettingsDialog)
    with qtbot.wait_signal(synced_shell.profile_service.trust_read, timeout=5_000):
        qtbot.keyClicks(dialog.trust_picker.path, str(other))
        qtbot.keyClick(dialog.trust_picker.path, Qt.Key.Key_Return)
    assert "different ledger" in dialog.error.text() and not dialog.save_button.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert synced_shell.dialog is None


def test_history_lists_audit_records_and_reopens_one(qtbot: QtBot, make_shell: ShellMaker) -> None:
    shell = make_shell()
    audit = shell.session.audit
    audit.record(
        at=1_764_000_000,
        officer="officer",
        action="certificate_of_origin",
        input={"certificate_id": "C-1"},
        verdict="PASS",
        checkpoint_size=15,
    )
    audit.record(
        at=1_764_000_100,
        officer="officer",
        action="licence_chain",
        input={"mark": "<b>NOPAL</b>"},
        verdict="FAIL",
        checkpoint_size=15,
        result={"reasons": ["REVOKED"]},
    )
    with qtbot.wait_signal(shell.history.loaded, timeout=5_000):
        shell.start()
    window = shell.window
    window.history_action.trigger()
    view = window.history
    qtbot.wait_until(lambda: view.model.rowCount() == 2)
    assert view.model.index(0, 2).data() == "licence_chain" and view.model.index(0, 5).data() == "FAIL"
    assert view.model.index(0, 3).data() == "mark <b>NOPAL</b>"  # the key input in words, as plain text
    view.table.selectRow(0)
    assert "<b>NOPAL</b>" in view.detail.toPlainText() and "REVOKED" in view.detail.toPlainText()
    with qtbot.wait_signal(view.reopen_requested, timeout=2_000) as reopened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    record = reopened.args[0]
    assert isinstance(record, AuditRecord) and record.action == "licence_chain"
    assert view.model.index(0, 0).data(RECORD_ROLE).record == record
    qtbot.wait_until(lambda: "cannot be re-opened yet" in window.statusBar().currentMessage())


def test_about_lists_the_versions(qtbot: QtBot, synced_shell: Shell) -> None:
    synced_shell.window.about_action.trigger()
    qtbot.wait_until(lambda: isinstance(synced_shell.dialog, AboutDialog))
    dialog = synced_shell.dialog
    assert isinstance(dialog, AboutDialog)
    assert dialog.values["Version"].text() == version.version() != version.UNKNOWN
    assert dialog.values["SQLCipher"].text()[0].isdigit()
    assert dialog.values["Ledger origin"].text() == "test.example/ledger"
    assert dialog.values["Qt"].text().startswith("6.")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert synced_shell.dialog is None
