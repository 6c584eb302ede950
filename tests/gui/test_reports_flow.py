"""The signed-report flow in the window, against the demo ledger (served over loopback, synced once into a real
encrypted profile): draft → approve with the DEMO supervisor key (or a protected key and its passphrase) → export →
verify in the Verify report dialog; return with a comment and revise; an approved report is never edited."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from tests.helpers.synced_profile import synced_profile
from trade import demo
from workstation import app, messages, profiles, session
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import OriginByEntry
from workstation.models.reports_model import REPORT_ROLE, ReportsTableModel
from workstation.reports import keystore
from workstation.reports.errors import ReportFileWriteError, ReportStateError, ReportVerificationError
from workstation.reports.qr import QrPayload
from workstation.reports.workflow import ReportState, StoredReport
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import ReportService
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.approve_report_dialog import ApproveReportDialog
from workstation.views.draft_report_dialog import DraftReportDialog
from workstation.views.report_text_dialog import ReportTextDialog
from workstation.views.reports_view import ReportsView
from workstation.views.verify_report_dialog import VerifyReportDialog

AS_OF = date(2025, 6, 30)
PASSPHRASE = "demo officer passphrase"
KEY_PASSPHRASE = "supervisor key passphrase 7"
WAIT_MS = 30_000


@pytest.fixture(scope="module")
def demo_profile(tmp_path_factory: pytest.TempPathFactory) -> profiles.Profile:
    """A real encrypted profile synced once with the whole demo ledger over loopback HTTP (the node then stops)."""
    ledger = demo.generate()
    return synced_profile(tmp_path_factory.mktemp("profiles"), "demo-reports", ledger.entries, ledger.cbp_issuer)


@pytest.fixture
def shell(qtbot: QtBot, demo_profile: profiles.Profile, pool: WorkerPool, notifier: Notifier) -> Iterator[Shell]:
    """The main window over the synced demo profile (shown, not synchronising: the node is gone)."""
    opened = session.open_session(demo_profile, PASSPHRASE)
    built = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
    qtbot.add_widget(built.window)
    built.window.show()
    yield built
    built.close()


def reports_of(shell: Shell) -> tuple[ReportService, ReportsView]:
    assert shell.reports is not None and shell.reports_view is not None
    return shell.reports, shell.reports_view


def headless_outcome(shell: Shell) -> LookupOutcome:
    """A lookup run through ``session.lookups()`` (the pool is idle between steps: one connection)."""
    return shell.session.lookups().run(OriginByEntry("E-1031"), AS_OF)


def draft(qtbot: QtBot, shell: Shell, outcome: LookupOutcome, remarks: str = "") -> StoredReport:
    reports, view = reports_of(shell)
    with (
        qtbot.assert_not_emitted(reports.failed),
        qtbot.wait_signal(reports.listed, timeout=WAIT_MS),
        qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as blocker,
    ):
        reports.draft(outcome, remarks)
    drafted = blocker.args[0]
    assert isinstance(drafted, StoredReport)
    # The "listed" above may be an earlier refresh's; the draft is in the table once its own refresh arrived.
    qtbot.wait_until(lambda: view.select(drafted.report_id), timeout=WAIT_MS)
    return drafted


def approve_with_demo_key(qtbot: QtBot, shell: Shell, report: StoredReport) -> StoredReport:
    reports, view = reports_of(shell)
    assert view.select(report.report_id)
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    dialog = shell.dialog
    assert isinstance(dialog, ApproveReportDialog)
    assert dialog.key_path.text() == ""  # no key chosen by default
    assert not dialog.approve_button.isEnabled()
    assert dialog.demo_button.isVisibleTo(dialog)  # the profile pins the DEMO CBP key
    with qtbot.wait_signal(reports.key_inspected, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.demo_button, Qt.MouseButton.LeftButton)
    assert not dialog.passphrase.isVisibleTo(dialog)  # a DEMO key has no passphrase to ask
    assert dialog.demo_warning.isVisibleTo(dialog)
    assert dialog.approve_button.isEnabled()
    with (
        qtbot.assert_not_emitted(reports.failed),
        qtbot.wait_signal(reports.listed, timeout=WAIT_MS),
        qtbot.wait_signal(reports.approved, timeout=WAIT_MS) as blocker,
    ):
        qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert shell.dialog is None  # closed on approval
    approved = blocker.args[0]
    assert isinstance(approved, StoredReport)
    assert approved.state is ReportState.APPROVED and approved.pdf is not None
    return approved


def export(qtbot: QtBot, shell: Shell, report: StoredReport, target: Path) -> None:
    reports, view = reports_of(shell)
    assert view.select(report.report_id)
    assert view.export_button.isEnabled()
    qtbot.mouseClick(view.export_button, Qt.MouseButton.LeftButton)
    dialog = shell.dialog
    assert isinstance(dialog, QFileDialog)
    dialog.selectFile(str(target))
    with qtbot.assert_not_emitted(reports.failed), qtbot.wait_signal(reports.exported, timeout=WAIT_MS) as blocker:
        dialog.accept()
    assert blocker.args[0].destination == str(target)


def drop(dialog: VerifyReportDialog, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(
        QPointF(20, 20), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    dialog.dropEvent(event)


# ---------------------------------------------------------------------------- the whole flow


def test_draft_approve_export_and_verify_in_the_dialog(qtbot: QtBot, shell: Shell, tmp_path: Path) -> None:
    reports, view = reports_of(shell)
    window = shell.window
    assert not window.draft_report_action.isEnabled()  # no result yet
    page = window.pages[LookupKind.ORIGIN]
    lookups = page.service  # type: ignore[attr-defined]
    with qtbot.assert_not_emitted(lookups.no_verdict), qtbot.wait_signal(lookups.finished, timeout=WAIT_MS):
        lookups.run(OriginByEntry("E-1031"), AS_OF)
    assert window.draft_report_action.isEnabled()

    window.draft_report_action.trigger()
    dialog = shell.dialog
    assert isinstance(dialog, DraftReportDialog)
    assert "Verdict: " in dialog.summary.toPlainText()
    qtbot.keyClicks(dialog.remarks, "Checked the entry at the counter.")
    with (
        qtbot.assert_not_emitted(reports.failed),
        qtbot.wait_signal(reports.listed, timeout=WAIT_MS),
        qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as blocker,
    ):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    drafted = blocker.args[0]
    assert isinstance(drafted, StoredReport)
    assert drafted.state is ReportState.DRAFT
    assert drafted.content.remarks == "Checked the entry at the counter."
    assert window.tabs.currentWidget() is view
    assert view.select(drafted.report_id)

    approved = approve_with_demo_key(qtbot, shell, drafted)
    target = tmp_path / "report.pdf"
    export(qtbot, shell, approved, target)
    assert target.read_bytes() == approved.pdf

    window.verify_report_action.trigger()
    verify = shell.dialog
    assert isinstance(verify, VerifyReportDialog)
    with qtbot.assert_not_emitted(reports.verification_failed), qtbot.wait_signal(reports.verified, timeout=WAIT_MS):
        drop(verify, target)
    assert verify.headline.text().startswith("✓ Valid report")
    assert f"Report id: {approved.report_id}" in verify.facts.text()
    assert '"valid": true' in verify.details.toPlainText()

    # A paper copy: the QR code's text alone, checked against the mirrored ledger.
    qtbot.keyClicks(verify.qr_text, QrPayload.of(approved.signature).to_text())
    with qtbot.assert_not_emitted(reports.verification_failed), qtbot.wait_signal(reports.qr_verified, timeout=WAIT_MS):
        qtbot.keyClick(verify.qr_text, Qt.Key.Key_Return)
    assert verify.headline.text() == "✓ The QR code was signed by a supervisor registered on the ledger."
    assert f"Report id: {approved.report_id}" in verify.facts.text()
    assert "P-SUPERVISOR-DEMO" in verify.facts.text()
    verify.qr_text.clear()
    qtbot.keyClicks(verify.qr_text, "CWR1;not;a;real;code")
    with qtbot.assert_not_emitted(reports.qr_verified), qtbot.wait_signal(reports.verification_failed, timeout=WAIT_MS):
        qtbot.mouseClick(verify.qr_button, Qt.MouseButton.LeftButton)
    assert verify.headline.text().startswith("✗ Not valid:")

    data = bytearray(target.read_bytes())
    data[data.index(b"ReportLab PDF Library")] ^= 0x01
    altered = tmp_path / "altered.pdf"
    altered.write_bytes(bytes(data))
    with qtbot.assert_not_emitted(reports.verified), qtbot.wait_signal(reports.verification_failed, timeout=WAIT_MS):
        drop(verify, altered)
    assert verify.headline.text() == "✗ Not valid: The report file was changed after it was signed."
    assert verify.facts.text() == "Reason code: DOCUMENT_ALTERED"
    assert '"reason": "DOCUMENT_ALTERED"' in verify.details.toPlainText()
    assert "Traceback" not in verify.details.toPlainText()
    verify.close()


@pytest.mark.parametrize(
    ("content", "reason", "words"),
    [
        (b"hello, not a report", "NOT_A_PDF", "This file is not a PDF."),
        (None, "UNREADABLE", "The report file cannot be read."),
    ],
)
def test_the_verify_dialog_names_what_is_wrong_with_a_file(
    qtbot: QtBot, shell: Shell, tmp_path: Path, content: bytes | None, reason: str, words: str
) -> None:
    reports, _view = reports_of(shell)
    path = tmp_path / "file.pdf"
    if content is not None:
        path.write_bytes(content)
    dialog = VerifyReportDialog(reports)
    qtbot.add_widget(dialog)
    with qtbot.wait_signal(reports.verification_failed, timeout=WAIT_MS) as blocker:
        dialog.verify_path(str(path))
    assert isinstance(blocker.args[0], ReportVerificationError) and blocker.args[0].reason == reason
    assert dialog.headline.text() == f"✗ Not valid: {words}"
    assert reason in dialog.details.toPlainText()


# ---------------------------------------------------------------------------- return, revise, never edit


def _row_state(view: ReportsView, report_id: str) -> ReportState | None:
    """The state the table shows for ``report_id`` (selecting its row), or None while it is not listed."""
    if not view.select(report_id):
        return None
    selected = view.selected()
    return None if selected is None else selected.state


def test_return_with_a_comment_then_revise(qtbot: QtBot, shell: Shell) -> None:
    reports, view = reports_of(shell)
    drafted = draft(qtbot, shell, headless_outcome(shell), "first remarks")
    assert view.return_button.isEnabled() and view.approve_button.isEnabled()
    qtbot.mouseClick(view.return_button, Qt.MouseButton.LeftButton)
    dialog = shell.dialog
    assert isinstance(dialog, ReportTextDialog)
    assert not dialog.accept_button.isEnabled()  # a return needs a comment
    qtbot.keyClicks(dialog.text, "Name the <b>seal</b> number you saw.")
    with qtbot.assert_not_emitted(reports.failed), qtbot.wait_signals([reports.returned, reports.listed]):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    # The "listed" above may be an earlier refresh's (the draft's); the table shows the return once its own arrived.
    qtbot.wait_until(lambda: _row_state(view, drafted.report_id) is ReportState.RETURNED, timeout=WAIT_MS)
    returned = view.selected()
    assert returned is not None and returned.report_id == drafted.report_id
    assert returned.state is ReportState.RETURNED
    assert returned.comment == "Name the <b>seal</b> number you saw."
    assert "Name the <b>seal</b> number you saw." in view.detail.toPlainText()  # plain text, as typed
    assert not view.approve_button.isEnabled() and view.revise_button.isEnabled()

    qtbot.mouseClick(view.revise_button, Qt.MouseButton.LeftButton)
    dialog = shell.dialog
    assert isinstance(dialog, ReportTextDialog)
    assert dialog.text.toPlainText() == "first remarks"
    dialog.text.setPlainText("Seal number 4471 seen on the container.")
    with qtbot.assert_not_emitted(reports.failed), qtbot.wait_signals([reports.revised, reports.listed]):
        qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: _row_state(view, drafted.report_id) is ReportState.DRAFT, timeout=WAIT_MS)
    revised = view.selected()
    assert revised is not None and revised.state is ReportState.DRAFT
    assert revised.content.remarks == "Seal number 4471 seen on the container."
    assert view.approve_button.isEnabled()


def test_an_approved_report_cannot_be_edited_only_superseded(qtbot: QtBot, shell: Shell, tmp_path: Path) -> None:
    reports, view = reports_of(shell)
    approved = approve_with_demo_key(qtbot, shell, draft(qtbot, shell, headless_outcome(shell)))
    assert view.select(approved.report_id)
    assert not view.revise_button.isEnabled()
    assert not view.return_button.isEnabled()
    assert not view.approve_button.isEnabled()
    assert "cannot be edited" in view.state_hint.text()
    with qtbot.wait_signal(reports.failed, timeout=WAIT_MS) as blocker:
        reports.revise(approved.report_id, "changed after approval")
    assert isinstance(blocker.args[0], ReportStateError)
    box = shell.window.findChild(QMessageBox)  # no dialog was open: the window says it
    assert box is not None and box.isVisible()
    assert box.text() == "This step is not allowed for the report in its current state."
    box.close()

    with qtbot.wait_signal(reports.replacement_ready, timeout=WAIT_MS):
        qtbot.mouseClick(view.supersede_button, Qt.MouseButton.LeftButton)
    dialog = shell.dialog
    assert isinstance(dialog, DraftReportDialog)
    assert approved.report_id in dialog.windowTitle()
    with (
        qtbot.assert_not_emitted(reports.failed),
        qtbot.wait_signal(reports.listed, timeout=WAIT_MS),
        qtbot.wait_signal(reports.drafted, timeout=WAIT_MS) as blocker,
    ):
        qtbot.mouseClick(dialog.submit_button, Qt.MouseButton.LeftButton)
    replacement = blocker.args[0]
    assert replacement.content.supersedes == approved.report_id

    # approved with a protected key: the passphrase is asked, and a wrong one keeps the dialog open
    protected = tmp_path / "supervisor.key"
    keystore.protect_key_file(keystore.demo_key_path(), protected, KEY_PASSPHRASE)
    assert view.select(replacement.report_id)
    qtbot.mouseClick(view.approve_button, Qt.MouseButton.LeftButton)
    approve = shell.dialog
    assert isinstance(approve, ApproveReportDialog)
    with qtbot.wait_signal(reports.key_inspected, timeout=WAIT_MS):
        approve.use_key_file(str(protected))
    assert approve.passphrase.isVisibleTo(approve)
    assert not approve.approve_button.isEnabled()
    approve.page_size.setCurrentIndex(1)  # US Letter
    qtbot.keyClicks(approve.passphrase, "not the passphrase")
    with qtbot.assert_not_emitted(reports.approved), qtbot.wait_signal(reports.failed, timeout=WAIT_MS):
        qtbot.mouseClick(approve.approve_button, Qt.MouseButton.LeftButton)
    assert approve.isVisible()
    assert approve.status.text() == "The passphrase does not open this supervisor key."
    assert approve.passphrase.selectedText() == "not the passphrase"
    qtbot.keyClicks(approve.passphrase, KEY_PASSPHRASE)
    with (
        qtbot.assert_not_emitted(reports.failed),
        qtbot.wait_signals([reports.approved, reports.listed], timeout=WAIT_MS),
    ):
        qtbot.mouseClick(approve.approve_button, Qt.MouseButton.LeftButton)
    assert shell.dialog is None
    old_row = view.model.row_of(approved.report_id)
    assert old_row is not None
    old = view.model.report(old_row)
    assert old.superseded_by == replacement.report_id
    assert view.select(approved.report_id)
    assert view.export_button.isEnabled() and not view.supersede_button.isEnabled()


def test_draft_report_without_a_result_says_what_to_do(shell: Shell) -> None:
    shell.window.draft_report_action.setEnabled(True)
    shell.window.draft_report_action.trigger()
    assert shell.dialog is None
    assert "Run a lookup first" in shell.window.statusBar().currentMessage()


def test_the_reports_model_is_a_valid_table(qtbot: QtBot, shell: Shell, qtmodeltester: ModelTester) -> None:
    draft(qtbot, shell, headless_outcome(shell), "for the model")
    _reports, view = reports_of(shell)
    model = view.model
    assert isinstance(model, ReportsTableModel)
    assert model.rowCount() >= 1
    qtmodeltester.check(model)
    first = model.data(model.index(0, 0), REPORT_ROLE)
    assert isinstance(first, StoredReport)
    assert model.data(model.index(0, 1)) in {"Draft: awaiting review", "Returned to the officer", "✓ Approved",
                                              "Approved, superseded"}  # fmt: skip


def test_an_export_that_cannot_be_written_fails_as_its_own_error_type(
    qtbot: QtBot, shell: Shell, tmp_path: Path
) -> None:
    reports, _view = reports_of(shell)
    approved = approve_with_demo_key(qtbot, shell, draft(qtbot, shell, headless_outcome(shell), "to export"))
    target = tmp_path / "no such folder" / "report.pdf"
    with qtbot.assert_not_emitted(reports.exported), qtbot.wait_signal(reports.failed, timeout=WAIT_MS) as blocker:
        reports.export(approved.report_id, str(target))
    error = blocker.args[0]
    assert isinstance(error, ReportFileWriteError) and error.details()["problem"]
    assert error.user_message() == messages.REPORT_FILE_NOT_WRITTEN
    assert not target.exists()
    boxes: list[QMessageBox] = []
    qtbot.wait_until(lambda: bool(boxes.extend(_visible_boxes()) or boxes))
    assert messages.REPORT_FILE_NOT_WRITTEN in boxes[0].text()  # the shell says so, in a fixed sentence
    boxes[0].done(0)


def _visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
