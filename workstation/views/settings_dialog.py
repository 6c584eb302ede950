"""Settings: the ledger URL, the trust file and the keys it pins, the profile, the auto-sync interval."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from workstation import profiles
from workstation.models.pinned_keys_model import PinnedKeysModel
from workstation.services.profile_service import ProfileService
from workstation.services.trust_summary import TrustSummary
from workstation.views import theme
from workstation.views.pinned_keys_table import PinnedKeysTable
from workstation.views.trust_file_picker import TrustFilePicker


class SettingsDialog(QDialog):
    """Shows the profile's settings and saves changes through the :class:`ProfileService`.

    The auto-sync interval applies at once; a new ledger URL or trust file applies the
    next time the profile is opened. A trust file for another ledger is refused here.
    The display theme applies at once (the shell applies and keeps it).

    Signals:
        theme_chosen(str): a ``theme.Theme`` value was picked.
    """

    theme_chosen = Signal(str)

    def __init__(
        self,
        service: ProfileService,
        profile: profiles.Profile,
        settings: profiles.ProfileSettings,
        trust: TrustSummary,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._profile = profile
        self._current = trust
        self._trust = trust
        self.setWindowTitle("Settings")
        self.profile_label = QLabel(profile.name, self)
        self.profile_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label = QLabel(str(profile.folder), self)
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.url = QLineEdit(settings.ledger_url, self)
        self.trust_picker = TrustFilePicker(self)
        self.trust_picker.path.setPlaceholderText("keep the installed trust file, or choose a new one")
        self.origin_label = QLabel(self)
        self.origin_label.setTextFormat(Qt.TextFormat.PlainText)
        self.origin_label.setWordWrap(True)
        self.keys_model = PinnedKeysModel(self)
        self.keys_table = PinnedKeysTable(self.keys_model, self)
        self.interval = QSpinBox(self)
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(" min")
        self.interval.setSpecialValueText("off")
        self.interval.setValue(settings.auto_sync_minutes)
        note = QLabel(
            "The auto-sync interval applies now. A new ledger URL or trust file applies the next time "
            "this profile is opened.",
            self,
        )
        note.setTextFormat(Qt.TextFormat.PlainText)
        note.setWordWrap(True)
        self.error = theme.message_label(self, "error")
        self.theme = theme.chooser(self)  # applies at once, for every profile of this desktop user
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        form = QFormLayout()
        form.addRow("Profile:", self.profile_label)
        form.addRow("Folder:", self.folder_label)
        form.addRow("&Ledger URL:", self.url)
        form.addRow("&Trust file:", self.trust_picker)
        form.addRow("Ledger:", self.origin_label)
        form.addRow("Pinned keys:", self.keys_table)
        form.addRow("&Auto-sync every:", self.interval)
        form.addRow("&Warn when the checkpoint is older than:", self._stale_after_box(settings.stale_after_hours))
        form.addRow("&Display:", self.theme)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._show_trust(trust)
        self._connect(service)
        self.setMinimumWidth(760)

    def _stale_after_box(self, hours: int) -> QSpinBox:
        self.stale_after = box = QSpinBox(self)
        box.setObjectName("stale_after_hours")
        box.setRange(1, 24 * 30)
        box.setSuffix(" h")
        box.setValue(hours)
        box.setAccessibleName("Warn when the checkpoint is older than, in hours")
        return box
    @Slot(int)
    def _on_theme_current_index_changed(self, _index: int) -> None:
        self.theme_chosen.emit(str(self.theme.currentData()))

    def _connect(self, service: ProfileService) -> None:
        self.theme.currentIndexChanged.connect(self._on_theme_current_index_changed)
        self.trust_picker.chosen.connect(self._on_trust_picker_chosen)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        service.trust_read.connect(self._on_service_trust_read)
        service.trust_rejected.connect(self._on_service_trust_rejected)
        service.settings_saved.connect(self._on_service_settings_saved)
        service.save_failed.connect(self._on_service_save_failed)

    def _show_trust(self, trust: TrustSummary) -> None:
        self.keys_model.set_keys(trust.keys)
        self.origin_label.setText(f"{trust.origin} ({trust.quorum} of {trust.witnesses} witnesses must cosign)")

    @Slot(str)
    def _on_trust_picker_chosen(self, path: str) -> None:
        self.save_button.setEnabled(False)
        self.error.setText("Reading the trust file…")
        self._service.read_trust_file(Path(path))

    @Slot(TrustSummary)
    def _on_service_trust_read(self, summary: TrustSummary) -> None:
        self._show_trust(summary)
        if summary.origin != self._current.origin:
            self.error.setText("This trust file is for a different ledger; this profile's cache cannot use it.")
            return
        self._trust = summary
        self.error.setText("")
        self.save_button.setEnabled(True)

    @Slot(str)
    def _on_service_trust_rejected(self, reason: str) -> None:
        self.error.setText(f"This trust file cannot be used: {reason}")
        self._show_trust(self._trust)
        self.save_button.setEnabled(True)

    @Slot()
    def _on_buttons_accepted(self) -> None:
        url = self.url.text().strip()
        if not url.startswith(("http://", "https://")):
            self.error.setText("The ledger URL must start with http:// or https://.")
            return
        self.save_button.setEnabled(False)
        settings = profiles.ProfileSettings(url, self._trust.raw, self.interval.value(), self.stale_after.value())
        self._service.save_settings(self._profile, settings)

    @Slot(profiles.ProfileSettings)
    def _on_service_settings_saved(self, _settings: profiles.ProfileSettings) -> None:
        if self.isVisible():
            self.accept()

    @Slot(str)
    def _on_service_save_failed(self, reason: str) -> None:
        self.error.setText(reason)
        self.save_button.setEnabled(True)
