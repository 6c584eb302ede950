"""The Verify report dialog says what changed since a report was signed: here, the supervisor's key was replaced.

A real encrypted profile synced with the demo ledger over loopback; a report approved with the
DEMO supervisor key; then CBP registers the supervisor again with another key and the profile
syncs. The dialog still calls the report valid (as of its checkpoint) and states the change.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ledger_client.credentials import SigningKey
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from trade.demo import documents, generator
from trade.demo.parties import BY_ID
from workstation import app, profiles, session
from workstation.lookups.queries import OriginByEntry
from workstation.reports import keystore
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import SupervisorChange
from workstation.reports.workflow import ReportWorkflow
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.verify_report_dialog import VerifyReportDialog

PASSPHRASE = "demo officer passphrase"
WAIT_MS = 30_000
REPLACED_ON = date(2025, 7, 15)


@pytest.fixture(scope="module")
def replaced(tmp_path_factory: pytest.TempPathFactory) -> tuple[profiles.Profile, Path]:
    """A synced profile and a report whose supervisor key CBP replaced after it was signed."""
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    profile = profiles.Profile.named("demo-standing", root=tmp_path_factory.mktemp("profiles"))
    report = tmp_path_factory.mktemp("reports") / "report.pdf"
    with serve(served) as url:
        opened = session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(url, trust, 0))
        try:
            opened.client().sync()
            evidence = LedgerEvidence.from_session(opened)
            flow = ReportWorkflow.from_session(opened)
            drafted = flow.draft(opened.lookups().run(OriginByEntry("E-1031"), date(2025, 6, 30)), evidence,
                                 officer=evidence.person("officer", None))  # fmt: skip
            approved = flow.approve(drafted.report_id, keystore.load_supervisor_key(keystore.demo_key_path()), evidence)
            assert approved.pdf is not None
            report.write_bytes(approved.pdf)
            new_key = SigningKey.from_seed(bytes(range(100, 132)))
            again = replace(documents.registration(BY_ID["P-SUPERVISOR-DEMO"], new_key.did), issued=REPLACED_ON)
            served.entries.append(generator.rfc8785.dumps(generator._secure(again, ledger.keys, ledger.seed)))
            served.publish()
            opened.client().sync()
        finally:
            opened.close()
    return profile, report


@pytest.fixture
def shell(
    qtbot: QtBot, replaced: tuple[profiles.Profile, Path], pool: WorkerPool, notifier: Notifier
) -> Iterator[Shell]:
    opened = session.open_session(replaced[0], PASSPHRASE)
    built = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
    qtbot.add_widget(built.window)
    built.window.show()
    yield built
    built.close()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)  # delete the closed dialog and window now
    gc.collect()  # and the report objects they held, before the next test counts references


def test_the_dialog_states_a_later_replacement_of_the_supervisors_key(
    qtbot: QtBot, shell: Shell, replaced: tuple[profiles.Profile, Path]
) -> None:
    shell.window.verify_report_requested.emit()
    dialog = shell.dialog
    assert isinstance(dialog, VerifyReportDialog) and shell.reports is not None
    with qtbot.wait_signal(shell.reports.verified, timeout=WAIT_MS) as blocker:
        dialog.verify_path(str(replaced[1]))
    result = blocker.args[0]
    assert result.standing is not None and result.standing.change is SupervisorChange.KEY_REMOVED
    facts = dialog.facts.text()
    assert dialog.headline.text().startswith("✓")  # still valid as of its checkpoint
    assert "CHANGED SINCE: the signing key was removed from the registration on 2025-07-15" in facts
    assert '"supervisor_now"' in dialog.details.toPlainText()
    dialog.close()
