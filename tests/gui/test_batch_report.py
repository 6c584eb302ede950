"""Batch dialog ▸ Draft report from this batch: the shipped 1,000-line example checked and drafted into one report in
the window (a real encrypted profile synced with the demo ledger over loopback), approved with the DEMO supervisor
key, exported and verified, all off the GUI thread."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.gui import test_reports_flow
from tests.helpers import keyboard
from workstation import demo_batch
from workstation.lookups.outcome import CheckpointFacts
from workstation.reports.verify import ReportVerification
from workstation.reports.workflow import ReportState, StoredReport
from workstation.services.report_service import ReportService, demo_key_path
from workstation.shell import Shell
from workstation.views.batch_dialog import BatchDialog
from workstation.views.mnemonics import WINDOW_LETTERS

EXAMPLE = demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME
WAIT_MS = 120_000


#: A real encrypted profile synced once with the demo ledger, and the window over it (the report flow's fixtures).
demo_profile = test_reports_flow.demo_profile
shell = test_reports_flow.shell


def checked_batch(qtbot: QtBot, shell: Shell) -> BatchDialog:
    """The example opened as File ▸ Check a batch… opens it, with every line checked."""
    with qtbot.wait_signal(shell.batch.finished, timeout=WAIT_MS):
        dialog = shell.open_batch(EXAMPLE)
        assert not dialog.draft_button.isEnabled()  # nothing to draft until the lines are checked
    assert dialog.batch_result is not None and len(dialog.batch_result.results) == 1000
    return dialog


def reports(shell: Shell) -> ReportService:
    assert shell.reports is not None
    return shell.reports


def test_the_batch_is_drafted_into_one_report_approved_exported_and_verified(
    qtbot: QtBot, shell: Shell, tmp_path: Path
) -> None:
    dialog = checked_batch(qtbot, shell)
    button = dialog.draft_button
    assert button.isVisible() and button.isEnabled()
    assert button.accessibleName() == "Draft one report from this batch"
    assert keyboard.mnemonic(button.text()) == "d" and "d" not in WINDOW_LETTERS
    assert keyboard.duplicates(dialog) == {}
    assert button.shortcut().toString() == "Alt+D"
    service = reports(shell)
    assert not button.autoDefault()  # Enter keeps its meaning (Check again as of this date): never a draft
    steps: list[tuple[int, int]] = []
    service.drafting.connect(lambda done, total: steps.append((done, total)))
    button.setFocus()
    with qtbot.assert_not_emitted(service.failed), qtbot.wait_signal(service.drafted, timeout=WAIT_MS) as blocker:
        qtbot.keyClick(button, Qt.Key.Key_Space)  # keyboard reachable: focus and Space
        assert not button.isEnabled() and not dialog.rerun_button.isEnabled()  # one draft at a time
    drafted = blocker.args[0]
    assert isinstance(drafted, StoredReport) and drafted.state is ReportState.DRAFT
    assert dialog.drafted_report is drafted
    b = drafted.content.batch
    result = dialog.batch_result
    assert b is not None and result is not None and b.file_name == EXAMPLE.name
    flagged = [r for r in result.results if r.verdict not in {None, "PASS"}]
    assert [s.row for s in b.sections] == [r.row for r in flagged]
    assert [s.audit_id for s in b.sections] == [r.audit_id for r in flagged]
    assert [x.audit_id for x in b.lines] == [r.audit_id for r in result.results]
    assert steps and steps[-1] == (len(flagged), len(flagged))  # progress reached every section
    status = dialog.report_status.text()
    assert status.startswith(f"Report {drafted.report_id} drafted from this batch") and "Reports tab" in status
    assert button.isEnabled() and dialog.rerun_button.isEnabled()
    dialog.close()
    view = shell.reports_view
    assert view is not None and shell.window.tabs.currentWidget() is view  # the draft awaits review there
    qtbot.wait_until(lambda: view.select(drafted.report_id), timeout=WAIT_MS)
    detail = view.detail.toPlainText()
    assert f"Batch: {EXAMPLE.name}, 1,000 lines checked" in detail
    assert f"Sections (one per line not PASS): {len(flagged):,}" in detail

    with qtbot.assert_not_emitted(service.failed), qtbot.wait_signal(service.approved, timeout=WAIT_MS) as blocker:
        service.approve(drafted.report_id, demo_key_path(), None)
    approved = blocker.args[0]
    assert isinstance(approved, StoredReport) and approved.pdf is not None
    target = tmp_path / "batch-report.pdf"
    with qtbot.assert_not_emitted(service.failed), qtbot.wait_signal(service.exported, timeout=WAIT_MS):
        service.export(approved.report_id, str(target))
    with (
        qtbot.assert_not_emitted(service.verification_failed),
        qtbot.wait_signal(service.verified, timeout=WAIT_MS) as blocker,
    ):
        service.verify_file(str(target))
    verified = blocker.args[0]
    assert isinstance(verified, ReportVerification)
    assert verified.content.batch is not None and verified.content.batch.lines == b.lines
    qtbot.wait_until(lambda: view.select(approved.report_id) and view.export_button.isEnabled(), timeout=WAIT_MS)
    assert not view.supersede_button.isEnabled()  # a batch is checked and drafted again, not re-run as one check


def test_a_batch_checked_before_a_sync_is_not_drafted_and_the_dialog_says_why(qtbot: QtBot, shell: Shell) -> None:
    dialog = checked_batch(qtbot, shell)
    result = dialog.batch_result
    assert result is not None
    first = next(r for r in result.results if r.outcome is not None)
    assert first.outcome is not None
    older = replace(first, outcome=replace(first.outcome, checkpoint=CheckpointFacts(1000, None)))
    dialog.batch_result = replace(result, results=tuple(older if r is first else r for r in result.results))
    service = reports(shell)
    with qtbot.assert_not_emitted(service.drafted), qtbot.wait_signal(service.failed, timeout=WAIT_MS):
        qtbot.mouseClick(dialog.draft_button, Qt.MouseButton.LeftButton)
    assert dialog.report_status.text() == (
        "The report was not drafted: The ledger was synchronized after the batch was checked: "
        "check the batch again, then draft."
    )
    assert dialog.draft_button.isEnabled() and dialog.drafted_report is None
    dialog.close()
    QApplication.processEvents()
