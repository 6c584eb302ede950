"""First run of a profile: the ledger URL, the trust file (and the keys it pins), a new passphrase typed twice."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workstation import agency, profiles
from workstation.models.pinned_keys_model import PinnedKeysModel
from workstation.plain_text import tooltip
from workstation.services import passphrase_strength
from workstation.services.profile_service import OpenFailure, ProfileService
from workstation.services.trust_summary import TrustSummary
from workstation.session import Session
from workstation.views import theme
from workstation.views.pinned_keys_table import PinnedKeysTable
from workstation.views.trust_file_picker import TrustFilePicker

DEFAULT_AUTO_SYNC_MINUTES = 15


class FirstRunDialog(QDialog):
    """Sets up a new profile and creates its encrypted cache through the :class:`ProfileService`."""

    def __init__(
        self,
        service: ProfileService,
        profile: profiles.Profile,
        parent: QWidget | None = None,
        *,
        defaults: agency.AgencyDefaults | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._profile = profile
        self._defaults = defaults or agency.AgencyDefaults()
        self._trust: TrustSummary | None = None
        self.setWindowTitle("Set up the workstation")
        intro = QLabel(
            f"Profile “{profile.name}” is new. Enter the ledger your agency uses, the trust file it installed, "
            "and a passphrase for this profile's encrypted cache.",
            self,
        )
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.url = QLineEdit(self)
        self.url.setPlaceholderText("https://ledger.example/")
        self.trust_picker = TrustFilePicker(self)
        self.trust_status = self._note()
        self.keys_model = PinnedKeysModel(self)
        self.keys_table = PinnedKeysTable(self.keys_model, self)
        self.passphrase = QLineEdit(self)
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit(self)
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = self._note()
        self.error = self._note()
        theme.set_tone(self.error, "tone", "error")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.create_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.create_button.setText("&Create profile")
        self.create_button.setEnabled(False)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Quit")
        form = QFormLayout()
        form.addRow("&Ledger URL:", self.url)
        form.addRow("&Trust file:", self.trust_picker)
        form.addRow("", self.trust_status)
        form.addRow("Pinned keys:", self.keys_table)
        form.addRow("&Passphrase:", self.passphrase)
        form.addRow("Type it &again:", self.again)
        form.addRow("", self.strength)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._connect(service)
        self.setMinimumWidth(760)
        self._use_agency_defaults()
        self._on_field_changed()

    def _use_agency_defaults(self) -> None:
        """The ledger URL and trust file the agency set: filled in, read-only."""
        note = f"Set by your agency in {self._defaults.source}"
        if self._defaults.ledger_url is not None:
            self.url.setText(self._defaults.ledger_url)
            self.url.setEnabled(False)
            self.url.setToolTip(tooltip(note))
        if self._defaults.trust_file is not None:
            self.trust_picker.path.setText(str(self._defaults.trust_file))
            self.trust_picker.setEnabled(False)
            self.trust_picker.setToolTip(tooltip(note))
            self._on_trust_picker_chosen(str(self._defaults.trust_file))

    def _connect(self, service: ProfileService) -> None:
        self.url.textChanged.connect(self._on_field_changed)
        self.passphrase.textChanged.connect(self._on_field_changed)
        self.again.textChanged.connect(self._on_field_changed)
        self.trust_picker.chosen.connect(self._on_trust_picker_chosen)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        service.trust_read.connect(self._on_service_trust_read)
        service.trust_rejected.connect(self._on_service_trust_rejected)
        service.opened.connect(self._on_service_opened)
        service.failed.connect(self._on_service_failed)

    def _note(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    def _problem(self) -> str | None:
        """What still stops the profile from being created, in words (None when nothing does)."""
        if not self.url.text().strip().startswith(("http://", "https://")):
            return "Enter the ledger's URL (http:// or https://)."
        if self._trust is None:
            return "Choose the trust file."
        if not passphrase_strength.assess(self.passphrase.text()).acceptable:
            return "Choose a passphrase of at least 10 characters."
        if self.passphrase.text() != self.again.text():
            return "The two passphrases differ."
        return None

    @Slot()
    def _on_field_changed(self) -> None:
        hint = passphrase_strength.assess(self.passphrase.text())
        self.strength.setText(f"Strength: {hint.text}" if self.passphrase.text() else "")
        problem = self._problem()
        self.create_button.setEnabled(problem is None)
        self.create_button.setToolTip(tooltip(problem or ""))

    @Slot(str)
    def _on_trust_picker_chosen(self, path: str) -> None:
        self._trust = None
        self.keys_model.set_keys([])
        self.trust_status.setText("Reading the trust file…")
        self._on_field_changed()
        self._service.read_trust_file(Path(path))

    @Slot(TrustSummary)
    def _on_service_trust_read(self, summary: TrustSummary) -> None:
        self._trust = summary
        self.keys_model.set_keys(summary.keys)
        self.trust_status.setText(
            f"Ledger “{summary.origin}”: {summary.quorum} of {summary.witnesses} witnesses must cosign."
        )
        self._on_field_changed()

    @Slot(str)
    def _on_service_trust_rejected(self, reason: str) -> None:
        self.trust_status.setText(f"This trust file cannot be used: {reason}")

    @Slot()
    def _on_buttons_accepted(self) -> None:
        if self._problem() is not None or self._trust is None:
            return
        trust = self._defaults.trust if self._defaults.trust is not None else self._trust.raw
        settings = profiles.ProfileSettings(self.url.text().strip(), trust, auto_sync_minutes=DEFAULT_AUTO_SYNC_MINUTES)
        self.create_button.setEnabled(False)
        self.error.setText("Creating the encrypted cache…")
        self._service.create(self._profile, self.passphrase.text(), settings)

    @Slot(Session)
    def _on_service_opened(self, _session: Session) -> None:
        if self.isVisible():
            self.accept()

    @Slot(OpenFailure)
    def _on_service_failed(self, failure: OpenFailure) -> None:
        self.error.setText(failure.message)
        self._on_field_changed()
