"""``workstation --demo`` end to end: the real demo node process, the launcher, the window, a lookup by keyboard.

This is the path a newcomer takes from the README (``workstation.demo_ledger`` starts
``ledger-node serve --demo`` with its DEMO witness; the demo profile is created, synced
and opened without a dialog).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from ledger_client.credentials import ProofOptions, sign_credential
from trade.demo import DEFAULT_SEED, traceability_docs
from trade.demo.keys import DemoKeys
from workstation import app, profiles
from workstation.demo_ledger import DemoLedger
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.services.notifier import Notifier
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.submission import Submitted
from workstation.views.origin_page import OriginPage


@pytest.fixture
def demo_node(tmp_path: Path) -> Iterator[DemoLedger]:
    node = DemoLedger(tmp_path / "demo-ledger")
    try:
        yield node
    finally:
        node.stop()


@pytest.mark.slow
def test_demo_opens_a_synced_window_and_answers_a_lookup_typed_at_the_keyboard(
    qtbot: QtBot, demo_node: DemoLedger, pool: WorkerPool, notifier: Notifier
) -> None:
    launcher = app.Launcher(profiles.Profile.named("demo"), pool, notifier, demo=demo_node.settings_for)
    shells: list[Shell] = []
    launcher.shell_ready.connect(shells.append)
    try:
        with qtbot.wait_signal(launcher.shell_ready, timeout=120_000):
            launcher.start()
        [shell] = shells
        with qtbot.assert_not_emitted(shell.sync.failed), qtbot.wait_signal(shell.sync.finished, timeout=60_000):
            shell.start()
        qtbot.wait_until(lambda: "1,076 entries" in shell.window.banner.checkpoint_label.text(), timeout=10_000)

        qtbot.keyClick(shell.window, Qt.Key.Key_1, Qt.KeyboardModifier.ControlModifier)
        page = shell.window.pages[LookupKind.ORIGIN]
        assert isinstance(page, OriginPage)
        form = page.filed_form
        qtbot.keyClicks(form.fields["entry"], "E-1031")
        form.fields["as_of"].selectAll()
        qtbot.keyClicks(form.fields["as_of"], "2025-06-30")
        with (
            qtbot.assert_not_emitted(page.service.no_verdict),
            qtbot.wait_signal(page.service.finished, timeout=30_000) as got,
        ):
            qtbot.keyClick(form.fields["as_of"], Qt.Key.Key_Return)
        outcome = got.args[0].outcome
        assert isinstance(outcome, LookupOutcome)
        assert outcome.verdict.status.value == "FAIL"
        assert [r.value for r in outcome.verdict.reasons] == ["REVOKED_AFTER_CLAIM"]
        assert outcome.checkpoint.size >= 1076
    finally:
        pool.wait_for_done()
        for shell in shells:
            shell.close()
        if launcher.dialog is not None:
            launcher.dialog.close()


@pytest.mark.slow
def test_a_traceability_credential_submitted_from_the_file_menu_is_logged_and_read(
    qtbot: QtBot, demo_node: DemoLedger, pool: WorkerPool, notifier: Notifier, tmp_path: Path
) -> None:
    keys = DemoKeys(DEFAULT_SEED)
    document = traceability_docs.licence(lambda party: keys.party(party).did)
    document["id"] = "TR-LIC-002"
    signed = sign_credential(document, keys.party("P-LARKSPUR"), ProofOptions(created=datetime(2025, 1, 2, tzinfo=UTC)))
    path = tmp_path / "TR-LIC-002.json"
    path.write_text(json.dumps(signed), encoding="utf-8")

    launcher = app.Launcher(profiles.Profile.named("demo"), pool, notifier, demo=demo_node.settings_for)
    shells: list[Shell] = []
    launcher.shell_ready.connect(shells.append)
    try:
        with qtbot.wait_signal(launcher.shell_ready, timeout=120_000):
            launcher.start()
        [shell] = shells
        with qtbot.wait_signal(shell.sync.finished, timeout=60_000):
            shell.start()
        shell.window.submit_credential_action.trigger()
        dialog = shell.dialog
        assert isinstance(dialog, QFileDialog)
        with (
            qtbot.assert_not_emitted(shell.submit.failed),
            qtbot.wait_signal(shell.submit.submitted, timeout=120_000) as got,
        ):
            dialog.selectFile(str(path))
            dialog.accept()
        done = got.args[0]
        assert isinstance(done, Submitted)
        assert [(r.provenance.record_id, r.provenance.vocabulary.value) for r in done.records] == [
            ("TR-LIC-002", "traceability")
        ]
        assert done.checkpoint_size > done.index
        qtbot.wait_until(lambda: "1,077 entries" in shell.window.banner.checkpoint_label.text(), timeout=30_000)
    finally:
        pool.wait_for_done()
        for shell in shells:
            shell.close()
        if launcher.dialog is not None:
            launcher.dialog.close()
