"""A supervisor approves a draft: their key file, its passphrase (only if the file is protected), the page size."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workstation import messages
from workstation.reports.errors import ReportKeyError, WrongKeyPassphraseError
from workstation.services.report_service import KeyFileInfo, ReportService, StoredReport, user_message
from workstation.views import theme

PAGE_SIZES = (("US Letter", "letter"), ("A4", "a4"))


class ApproveReportDialog(QDialog):
    """Picks the supervisor's key file (none by default) and approves the draft through the service.

    The DEMO supervisor key is offered only when ``demo_key`` is given (the demo ledger's profile).
    A wrong passphrase keeps the dialog open with the message and the passphrase selected.

    Args:
        report: the draft to approve.
        demo_key: the path of the published DEMO supervisor key, or None to not offer it.
    """

    def __init__(
        self,
        service: ReportService,
        report: StoredReport,
        *,
        demo_key: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._report = report
        self._demo_key = demo_key
        self._key: KeyFileInfo | None = None
        self._pending_key: str | None = None
        self._approving = False
        self.file_dialog: QFileDialog | None = None
        c = report.content
        self.setWindowTitle(f"Approve report {c.report_id}")
        intro = QLabel(
            f"Approving signs report {c.report_id} (verdict {c.verdict}) with your supervisor key. "
            "Once approved it cannot be edited, only superseded by a new report.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.key_path = QLineEdit(self)
        self.key_path.setReadOnly(True)
        self.key_path.setPlaceholderText("No key file chosen")
        self.choose_button = QPushButton("&Choose key file…", self)
        self.demo_button = QPushButton("Use the &DEMO supervisor key", self)
        self.demo_button.setVisible(demo_key is not None)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_label = QLabel("Key &passphrase:", self)
        self.passphrase_label.setBuddy(self.passphrase)
        self.page_size = QComboBox(self)
        for text, value in PAGE_SIZES:
            self.page_size.addItem(text, value)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.approve_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.approve_button.setText("&Approve and sign")
        self._lay_out(intro)
        self.choose_button.clicked.connect(self._on_choose_button_clicked)
        self.demo_button.clicked.connect(self._on_demo_button_clicked)
        self.passphrase.textChanged.connect(self._update_approve)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        service.key_inspected.connect(self._on_service_key_inspected)
        service.approved.connect(self._on_service_approved)
        service.failed.connect(self._on_service_failed)
        self._update_approve()
        self.setMinimumWidth(620)

    def _lay_out(self, intro: QLabel) -> None:
        key_buttons = QHBoxLayout()
        key_buttons.addWidget(self.choose_button)
        key_buttons.addWidget(self.demo_button)
        key_buttons.addStretch(1)
        self.demo_warning = QLabel(messages.REPORT_DEMO_KEY, self)
        self.demo_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.demo_warning.setWordWrap(True)
        theme.set_tone(self.demo_warning, "tone", "warning")
        self.demo_warning.hide()
        form = QFormLayout()
        form.addRow("Supervisor key:", self.key_path)
        form.addRow("", key_buttons)
        form.addRow("", self.demo_warning)
        form.addRow(self.passphrase_label, self.passphrase)
        form.addRow("Page si&ze:", self.page_size)
        self._set_passphrase_visible(False)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.status.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)

    # ---------------------------------------------------------------- the key

    def _set_passphrase_visible(self, visible: bool) -> None:
        self.passphrase_label.setVisible(visible)
        self.passphrase.setVisible(visible)

    def use_key_file(self, path: str) -> None:
        """Offer ``path`` as the key (the service reads it off the GUI thread and says if it needs a passphrase)."""
        self._key = None
        self._pending_key = path
        self.key_path.setText(path)
        self.demo_warning.setVisible(path == self._demo_key)
        self._set_passphrase_visible(False)
        self.passphrase.clear()
        self.status.hide()
        self._update_approve()
        self.adjustSize()
        self._service.inspect_key(path)

    @Slot()
    def _on_choose_button_clicked(self) -> None:
        dialog = QFileDialog(self, "Choose the supervisor key file")
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters(["Key files (*.key *.json)", "All files (*)"])
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.fileSelected.connect(self.use_key_file)
        dialog.finished.connect(dialog.deleteLater)
        self.file_dialog = dialog
        dialog.open()

    @Slot()
    def _on_demo_button_clicked(self) -> None:
        if self._demo_key is not None:
            self.use_key_file(self._demo_key)

    @Slot(KeyFileInfo)
    def _on_service_key_inspected(self, info: KeyFileInfo) -> None:
        if info.path != self._pending_key:
            return
        self._pending_key = None
        self._key = info
        self._set_passphrase_visible(info.needs_passphrase)
        if info.needs_passphrase:
            self.passphrase.setFocus()
        self._update_approve()
        self.adjustSize()

    # ---------------------------------------------------------------- approving

    @Slot()
    def _update_approve(self) -> None:
        ready = self._key is not None and (not self._key.needs_passphrase or bool(self.passphrase.text()))
        self.approve_button.setEnabled(ready and not self._approving)
        if self._key is None:
            self.approve_button.setToolTip("Choose the supervisor key file first.")
        elif not ready:
            self.approve_button.setToolTip("Type the key's passphrase first.")
        else:
            self.approve_button.setToolTip("")

    def _set_busy(self, busy: bool) -> None:
        self._approving = busy
        for widget in (self.choose_button, self.demo_button, self.passphrase, self.page_size):
            widget.setEnabled(not busy)
        if busy:
            self._show_status(messages.REPORT_KEY_CHECKING, error=False)
        self._update_approve()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._key is None or not self.approve_button.isEnabled():
            return
        self._set_busy(True)
        passphrase = self.passphrase.text() if self._key.needs_passphrase else None
        self._service.approve(self._report.report_id, self._key.path, passphrase, str(self.page_size.currentData()))

    @Slot(StoredReport)
    def _on_service_approved(self, report: StoredReport) -> None:
        if self._approving and report.report_id == self._report.report_id:
            self._approving = False
            self.passphrase.clear()
            self.accept()

    @Slot(Exception)
    def _on_service_failed(self, exc: Exception) -> None:
        if self._pending_key is not None and isinstance(exc, ReportKeyError):
            self._pending_key = None  # the chosen file is not a usable key
            self._show_status(user_message(exc), error=True)
            return
        if not self._approving:
            return
        self._set_busy(False)
        self._show_status(user_message(exc), error=True)
        if isinstance(exc, WrongKeyPassphraseError):
            self.passphrase.selectAll()
            self.passphrase.setFocus()

    def _show_status(self, text: str, *, error: bool) -> None:
        theme.set_tone(self.status, "tone", "error" if error else "")
        self.status.setText(text)
        self.status.show()
        self.adjustSize()
