"""Later runs: the passphrase only; a wrong one says so and may be retried, a damaged cache says where it went."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from workstation import messages, profiles
from workstation.services.profile_service import OpenFailure, OpenFailureKind, ProfileService
from workstation.session import Session
from workstation.views import theme


class UnlockDialog(QDialog):
    """Asks for the profile's passphrase and opens it through the :class:`ProfileService`.

    The dialog is accepted once the service reports ``opened``; the session goes
    to whoever listens to the service.
    """

    def __init__(self, service: ProfileService, profile: profiles.Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._service = service
        self._profile = profile
        self.setWindowTitle("Unlock profile")
        intro = QLabel(f"Enter the passphrase of profile “{profile.name}” to open its encrypted cache.", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        theme.set_tone(self.error, "tone", "error")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.unlock_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.unlock_button.setText("&Unlock")
        self.unlock_button.setDefault(True)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        form = QFormLayout()
        form.addRow("&Passphrase:", self.passphrase)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        service.opened.connect(self._on_service_opened)
        service.failed.connect(self._on_service_failed)
        self.setMinimumWidth(440)

    def _set_busy(self, busy: bool) -> None:
        self.passphrase.setEnabled(not busy)
        self.unlock_button.setEnabled(not busy)
        if busy:
            self.error.setText("Opening the encrypted cache…")
            theme.set_tone(self.error, "tone", "")
            self.error.show()

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if not self.passphrase.text():
            self._show_error("Type the passphrase first.")
            return
        self._set_busy(True)
        self._service.unlock(self._profile, self.passphrase.text())

    @Slot(Session)
    def _on_service_opened(self, _session: Session) -> None:
        if self.isVisible():
            self.passphrase.clear()
            self.accept()

    @Slot(OpenFailure)
    def _on_service_failed(self, failure: OpenFailure) -> None:
        self._set_busy(False)
        text = failure.message
        if failure.kind is OpenFailureKind.DAMAGED and failure.moved_to:
            text += f"\n{messages.CACHE_DAMAGED_AT}\n{failure.moved_to}"
        self._show_error(text)
        self.passphrase.selectAll()
        self.passphrase.setFocus()

    def _show_error(self, text: str) -> None:
        theme.set_tone(self.error, "tone", "error")
        self.error.setText(text)
        self.error.show()
