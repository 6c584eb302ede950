"""File ▸ Verify report…: drop a report PDF (or choose one) and see whether it is valid, or exactly why not."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import messages
from workstation.reports import demonstration
from workstation.reports.errors import ReportVerificationError
from workstation.reports.verify import QrCheck, ReportVerification, SupervisorChange, failure_json
from workstation.services.report_service import ReportService, user_message
from workstation.views import theme

#: Each failure reason in plain words, for the headline (the details below show the evidence).
REASON_WORDS = {
    "NOT_A_PDF": "This file is not a PDF.",
    "TRUNCATED": "The file is incomplete: it was cut short.",
    "MALFORMED_REPORT": "The file cannot be read as a verification report.",
    "MISSING_ATTACHMENT": "The file lacks the signed content, the signature or the seal of a report.",
    "SIGNATURE_INVALID": "The signature does not match the report's content: the content was changed.",
    "SIGNER_MISMATCH": "The report was signed by someone other than the supervisor it names.",
    "CHECKPOINT_NOT_TRUSTED": "The ledger checkpoint in the report is not one this workstation trusts.",
    "PROOF_MISMATCH": "A ledger proof in the file differs from the one that was signed.",
    "PROOF_INVALID": "A ledger proof in the report does not show its record in the ledger.",
    "SIGNER_NOT_SUPERVISOR": "The signer is not registered by CBP as a supervisor.",
    "VISIBLE_TEXT_MISMATCH": "The printed text does not state the signed id, verdict or reasons.",
    "DOCUMENT_ALTERED": "The report file was changed after it was signed.",
    "QR_MISMATCH": "The QR code is not this report's.",
    "MALFORMED_QR": "The scanned text is not a verification report's QR code.",
    "QR_SIGNATURE_INVALID": "The QR code's signature does not cover its report id, hash and signer: it was altered.",
    "QR_FORMAT_UNBOUND": "The QR code is in an old format that does not bind the report id; it is not accepted.",
    "UNREADABLE": messages.REPORT_FILE_UNREADABLE,
}


def valid_facts(result: ReportVerification) -> str:
    c = result.content
    lines = [
        messages.REPORT_VALID_DETAIL,
        f"Report id: {c.report_id}",
        f"Check: {c.kind}, judged as of {c.as_of}",
        f"Verdict: {c.verdict}",
        f"Reason codes: {', '.join(c.reasons) or 'none'}",
        f"Approved by: {result.supervisor.name} ({result.supervisor.party_id or 'no party id'}) at {c.approved_at}",
        f"Ledger: {c.evidence.origin}, checkpoint of {c.evidence.checkpoint_size} entries; "
        f"{len(c.evidence.all_records())} record(s) proven",
    ]
    if c.supersedes:
        lines.append(f"Replaces report: {c.supersedes}")
    lines.append(standing_text(result))
    return "\n".join(lines)


def standing_text(result: ReportVerification) -> str:
    """What is known of the supervisor's registration: as of the report's checkpoint, and since (with a mirror)."""
    standing = result.standing
    size = result.content.evidence.checkpoint_size
    if standing is None:
        return f"Supervisor's registration: checked as of the report's checkpoint ({size} entries)."
    on = f" on {standing.changed_on}" if standing.changed_on else ""
    since = {
        SupervisorChange.UNCHANGED: "unchanged in the current mirror",
        SupervisorChange.REREGISTERED: f"registered again{on}, still with this key and the supervisor role",
        SupervisorChange.KEY_REMOVED: f"CHANGED SINCE: the signing key was removed from the registration{on}",
        SupervisorChange.ROLE_REMOVED: f"CHANGED SINCE: the supervisor role was withdrawn{on}",
        SupervisorChange.NOT_IN_MIRROR: "not found in the current mirror (it may be behind the report)",
    }[standing.change]
    return (
        f"Supervisor's registration: valid as of the report's checkpoint ({size} entries); {since} "
        f"(mirror of {standing.mirror_size} entries)."
    )


class _DropArea(QFrame):
    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("drop_area")
        self.setStyleSheet("#drop_area { border: 2px dashed palette(mid); border-radius: 6px; }")


class VerifyReportDialog(QDialog):
    """Checks a report file through the :class:`ReportService` (offline, against the profile's trust file).

    Drag a PDF onto the dialog, or press *Choose file…*. The headline says *Valid report* or
    *Not valid:* with the failure in plain words and its reason code; the details are plain text.
    """

    def __init__(self, service: ReportService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._checking: str | None = None
        self.file_dialog: QFileDialog | None = None
        self.setWindowTitle("Verify report")
        self.setAcceptDrops(True)
        drop = _DropArea(self)
        self.hint = QLabel(messages.REPORT_DROP_HINT, drop)
        self.choose_button = QPushButton("&Choose file…", drop)
        self._lay_out_drop_area(drop)
        self.qr_text = QLineEdit(self)
        self.qr_text.setAccessibleName("Text of the QR code")
        self.qr_button = QPushButton("Check &QR", self)
        qr_row = self._qr_row()
        self.file_label = QLabel(self)
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_label.setWordWrap(True)
        self.headline = QLabel(self)
        self.headline.setTextFormat(Qt.TextFormat.PlainText)
        self.headline.setWordWrap(True)
        self.headline.setObjectName("verify_headline")
        theme.emphasize(self.headline, 1.3)
        self.facts = QLabel(self)
        self.facts.setTextFormat(Qt.TextFormat.PlainText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details = QPlainTextEdit(self)
        self.details.setAccessibleName("Verification details")
        self.details.setTabChangesFocus(True)
        self.details.setReadOnly(True)
        self.details.setPlaceholderText("The details of the check appear here.")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(drop)
        layout.addLayout(qr_row)
        layout.addWidget(self.file_label)
        layout.addWidget(self.headline)
        layout.addWidget(self.facts)
        layout.addWidget(QLabel("Details:", self))
        layout.addWidget(self.details, 1)
        layout.addWidget(buttons)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.qr_button.clicked.connect(self._on_qr_button_clicked)
        self.qr_text.returnPressed.connect(self._on_qr_button_clicked)
        service.verified.connect(self._on_service_verified)
        service.qr_verified.connect(self._on_service_qr_verified)
        service.verification_failed.connect(self._on_service_verification_failed)
        service.failed.connect(self._on_service_failed)
        self.resize(700, 560)

    def _lay_out_drop_area(self, drop: QFrame) -> None:
        self.hint.setTextFormat(Qt.TextFormat.PlainText)
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(drop)
        layout.addWidget(self.hint)
        layout.addWidget(self.choose_button, 0, Qt.AlignmentFlag.AlignCenter)

    def _qr_row(self) -> QHBoxLayout:
        """The field for a scanned QR code (a paper copy checked without its file)."""
        self.qr_text.setPlaceholderText(messages.REPORT_QR_HINT)
        row = QHBoxLayout()
        row.addWidget(QLabel("Scanned QR code:", self))
        row.addWidget(self.qr_text, 1)
        row.addWidget(self.qr_button)
        return row

    # ---------------------------------------------------------------- choosing a file

    def verify_path(self, path: str) -> None:
        """Check the report at ``path`` (what dropping or choosing a file does)."""
        self._checking = path
        self.file_label.setText(f"File: {path}")
        self._show_headline(messages.REPORT_CHECKING, None)
        self.facts.clear()
        self.details.clear()
        self._service.verify_file(path)

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        dialog = QFileDialog(self, "Choose a report to verify")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Reports (*.pdf)", "All files (*)"])
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.verify_path)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    @staticmethod
    def _dropped_file(event: QDragEnterEvent | QDropEvent) -> str | None:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        if len(urls) == 1 and urls[0].isLocalFile():
            return urls[0].toLocalFile()
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if self._dropped_file(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        path = self._dropped_file(event)
        if path is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.verify_path(path)

    @Slot()
    def _on_qr_button_clicked(self) -> None:
        """Check the scanned QR text against the mirrored ledger (a paper copy, no file at hand)."""
        text = self.qr_text.text().strip()
        if not text:
            return
        self._checking = "QR"
        self.file_label.setText("Scanned QR code (checked against the mirrored ledger)")
        self._show_headline(messages.REPORT_CHECKING, None)
        self.facts.clear()
        self.details.clear()
        self._service.verify_qr(text)

    # ---------------------------------------------------------------- the answer

    def _show_headline(self, text: str, valid: bool | None) -> None:
        theme.set_tone(self.headline, "tone", {True: "ok", False: "error", None: ""}[valid])
        self.headline.setText(text)

    @Slot(ReportVerification)
    def _on_service_verified(self, result: ReportVerification) -> None:
        if self._checking is None:
            return
        self._checking = None
        if demonstration.is_demonstration(result.content):  # valid, and a demonstration: say both
            self._show_headline(f"✓ {messages.REPORT_VALID}: a DEMONSTRATION, not an agency report", True)
            self.facts.setText(f"{demonstration.MARK}\n{valid_facts(result)}")
        else:
            self._show_headline(f"✓ {messages.REPORT_VALID}", True)
            self.facts.setText(valid_facts(result))
        self.details.setPlainText(json.dumps(result.to_json(), indent=2, ensure_ascii=False, default=str))

    @Slot(QrCheck)
    def _on_service_qr_verified(self, checked: QrCheck) -> None:
        if self._checking is None:
            return
        self._checking = None
        self._show_headline(f"✓ {messages.REPORT_QR_VALID}", True)
        self.facts.setText(
            f"Report id: {checked.payload.report_id}\n"
            f"Content hash (SHA-256): {checked.payload.content_sha256.hex()}\n"
            f"Signed by: {checked.supervisor_name} ({checked.supervisor_id})\n"
            f"{messages.REPORT_QR_COMPARE}"
        )
        self.details.setPlainText(json.dumps(checked.to_json(), indent=2, ensure_ascii=False))

    @Slot(ReportVerificationError)
    def _on_service_verification_failed(self, error: ReportVerificationError) -> None:
        if self._checking is None:
            return
        self._checking = None
        words = REASON_WORDS.get(error.reason) or error.user_message()
        self._show_headline(f"✗ {messages.REPORT_NOT_VALID} {words}", False)
        self.facts.setText(f"Reason code: {error.reason}")
        self.details.setPlainText(json.dumps(failure_json(error), indent=2, ensure_ascii=False, default=str))

    @Slot(Exception)
    def _on_service_failed(self, exc: Exception) -> None:
        if self._checking is None:
            return
        self._checking = None
        self._show_headline(f"✗ {user_message(exc)}", False)
