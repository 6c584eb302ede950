"""Settings: the ledger URL, the trust file and the keys it pins, the network (proxy, CAs), the auto-sync interval.

What the agency's defaults file sets is shown read-only, marked as set by the
agency (:mod:`workstation.agency`). ``Test connection`` runs on the worker pool
and names the stage that failed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ledger_client.connection_check import ConnectionReport
from ledger_client.network import NetworkSettings, NetworkSettingsError
from workstation import agency, profiles
from workstation.models.pinned_keys_model import PinnedKeysModel
from workstation.plain_text import tooltip
from workstation.services.connection_service import ConnectionService
from workstation.services.profile_service import ProfileService
from workstation.services.trust_summary import TrustSummary
from workstation.views import theme
from workstation.views.pinned_keys_table import PinnedKeysTable
from workstation.views.trust_file_picker import TrustFilePicker

LOCKED_NOTE = "Set by your agency"


def _plain_label(parent: QWidget, text: str = "", *, selectable: bool = False) -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if selectable:
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class SettingsDialog(QDialog):
    """Shows the profile's settings and saves changes through the :class:`ProfileService`.

    The auto-sync interval applies at once; a new ledger URL, trust file, proxy or CA
    bundle applies the next time the profile is opened. A trust file for another ledger
    is refused here. Settings the agency locked cannot be edited.
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
        *,
        connection: ConnectionService | None = None,
        defaults: agency.AgencyDefaults | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._connection = connection
        self._profile = profile
        self._current = trust
        self._trust = trust
        self._defaults = defaults or agency.AgencyDefaults()
        self.setWindowTitle("Settings")
        self.profile_label = _plain_label(self, profile.name)
        self.folder_label = _plain_label(self, str(profile.folder), selectable=True)
        self.url = QLineEdit(settings.ledger_url, self)
        self.trust_picker = TrustFilePicker(self)
        self.trust_picker.path.setPlaceholderText("keep the installed trust file, or choose a new one")
        self.origin_label = _plain_label(self)
        self.keys_model = PinnedKeysModel(self)
        self.keys_table = PinnedKeysTable(self.keys_model, self)
        self.proxy = QLineEdit(settings.proxy, self)
        self.proxy.setPlaceholderText("system, direct, or http://proxy.agency.example:3128")
        self.proxy.setToolTip(
            "system: HTTPS_PROXY, HTTP_PROXY and NO_PROXY (and the Windows or macOS proxy settings); "
            "direct: no proxy; or a proxy URL"
        )
        self.ca_bundle = QLineEdit(settings.ca_bundle, self)
        self.ca_bundle.setPlaceholderText("built-in certificate authorities")
        self.ca_browse = QPushButton("Br&owse…", self)
        self.proxy_in_use = _plain_label(self, selectable=True)
        self.ca_in_use = _plain_label(self, selectable=True)
        self.test_button = QPushButton("&Test connection", self)
        self.test_result = _plain_label(self, selectable=True)
        self.interval = QSpinBox(self)
        self.interval.setRange(0, 24 * 60)
        self.interval.setSuffix(" min")
        self.interval.setSpecialValueText("off")
        self.interval.setValue(settings.auto_sync_minutes)
        self._settings_stale_after = settings.stale_after_hours
        note = _plain_label(
            self,
            "The auto-sync interval applies now. A new ledger URL, trust file, proxy or CA bundle applies "
            "the next time this profile is opened.",
        )
        self.error = theme.message_label(self, "error")
        self.theme = theme.chooser(self)  # applies at once, for every profile of this desktop user
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.locked_labels: dict[str, QLabel] = {}
        self._name_fields()
        layout = QVBoxLayout(self)
        layout.addLayout(self._form())
        layout.addWidget(note)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self._lock(self._defaults.locked)
        self._show_trust(trust)
        self._show_network()
        self._connect(service)
        self.setMinimumWidth(760)

    def _form(self) -> QFormLayout:
        ca_row = QHBoxLayout()
        ca_row.setContentsMargins(0, 0, 0, 0)
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(self.ca_browse)
        test_row = QHBoxLayout()
        test_row.setContentsMargins(0, 0, 0, 0)
        test_row.addWidget(self.test_button)
        test_row.addWidget(self.test_result, 1)
        form = QFormLayout()
        form.addRow("Profile:", self.profile_label)
        form.addRow("Folder:", self.folder_label)
        form.addRow("&Ledger URL:", self._with_lock("ledger_url", self.url))
        form.addRow("T&rust file:", self._with_lock("trust_file", self.trust_picker))
        form.addRow("Ledger:", self.origin_label)
        form.addRow("Pinned keys:", self.keys_table)
        form.addRow("&Proxy:", self._with_lock("proxy", self.proxy))
        form.addRow("Proxy in use:", self.proxy_in_use)
        form.addRow("&CA bundle:", self._with_lock("ca_bundle", self._row_widget(ca_row)))
        form.addRow("CAs in use:", self.ca_in_use)
        form.addRow("", self._row_widget(test_row))
        form.addRow("&Auto-sync every:", self.interval)
        form.addRow("&Warn when the checkpoint is older than:", self._stale_after_box(self._settings_stale_after))
        form.addRow("&Display:", self.theme)
        return form

    def _name_fields(self) -> None:
        """Names for the fields a form row wraps with a lock note (the row, not the field, is the label's buddy)."""
        self.url.setAccessibleName("Ledger URL")
        self.trust_picker.path.setAccessibleName("Trust file")
        self.proxy.setAccessibleName("Proxy")
        self.ca_bundle.setAccessibleName("CA bundle")

    def _row_widget(self, row: QHBoxLayout) -> QWidget:
        widget = QWidget(self)
        widget.setLayout(row)
        return widget

    def _with_lock(self, name: str, field: QWidget) -> QWidget:
        """``field`` with a "Set by your agency" note beside it (hidden unless the agency locked ``name``)."""
        label = _plain_label(self, LOCKED_NOTE)
        label.setVisible(False)
        label.setWordWrap(False)
        self.locked_labels[name] = label
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        row.addWidget(label)
        widget = self._row_widget(row)
        widget.setFocusProxy(field)  # the form label's mnemonic reaches the field itself
        return widget

    def _lock(self, locked: frozenset[str]) -> None:
        fields: dict[str, tuple[QWidget, ...]] = {
            "ledger_url": (self.url,),
            "trust_file": (self.trust_picker,),
            "proxy": (self.proxy,),
            "ca_bundle": (self.ca_bundle, self.ca_browse),
        }
        source = str(self._defaults.source)
        for name in locked:
            for widget in fields[name]:
                widget.setEnabled(False)
                widget.setToolTip(tooltip(f"{LOCKED_NOTE} in {source}"))
            self.locked_labels[name].setVisible(True)
            self.locked_labels[name].setToolTip(tooltip(source))

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
        self.url.editingFinished.connect(self._show_network)
        self.proxy.editingFinished.connect(self._show_network)
        self.ca_bundle.editingFinished.connect(self._show_network)
        self.ca_browse.clicked.connect(self._on_ca_browse_clicked)
        self.test_button.clicked.connect(self._on_test_button_clicked)
        self.test_button.setEnabled(self._connection is not None)
        service.trust_read.connect(self._on_service_trust_read)
        service.trust_rejected.connect(self._on_service_trust_rejected)
        service.settings_saved.connect(self._on_service_settings_saved)
        service.save_failed.connect(self._on_service_save_failed)
        if self._connection is not None:
            self._connection.tested.connect(self._on_connection_tested)
            self._connection.test_refused.connect(self._on_connection_test_refused)

    def _show_trust(self, trust: TrustSummary) -> None:
        self.keys_model.set_keys(trust.keys)
        self.origin_label.setText(f"{trust.origin} ({trust.quorum} of {trust.witnesses} witnesses must cosign)")

    @Slot()
    def _show_network(self) -> None:
        try:
            network = NetworkSettings.parse(self.proxy.text(), self.ca_bundle.text().strip() or None)
        except NetworkSettingsError as exc:
            self.proxy_in_use.setText(str(exc) if exc.setting == "proxy" else "")
            self.ca_in_use.setText(str(exc) if exc.setting == "ca_bundle" else "")
            return
        proxy, ca = ConnectionService.describe(self.url.text().strip(), network)
        self.proxy_in_use.setText(self._by_agency("proxy", proxy))
        self.ca_in_use.setText(self._by_agency("ca_bundle", ca))

    def _by_agency(self, name: str, text: str) -> str:
        return f"{text}; set by your agency" if name in self._defaults.locked else text

    @Slot()
    def _on_ca_browse_clicked(self) -> None:
        start = str(Path(self.ca_bundle.text()).parent) if self.ca_bundle.text() else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(
            self, "Choose the CA bundle", start, "PEM certificates (*.pem *.crt *.cer);;All (*)"
        )
        if name:
            self.ca_bundle.setText(name)
            self._show_network()

    @Slot()
    def _on_test_button_clicked(self) -> None:
        assert self._connection is not None
        self.test_button.setEnabled(False)
        self.test_result.setText("Testing…")
        self._connection.test(
            self.url.text().strip(), self.proxy.text(), self.ca_bundle.text().strip(), self._current.origin
        )

    @Slot(ConnectionReport)
    def _on_connection_tested(self, report: ConnectionReport) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(f"{report.headline}\n{report.detail}")
        self.proxy_in_use.setText(self._by_agency("proxy", report.proxy))
        self.ca_in_use.setText(self._by_agency("ca_bundle", report.ca))

    @Slot(str)
    def _on_connection_test_refused(self, reason: str) -> None:
        self.test_button.setEnabled(True)
        self.test_result.setText(reason)

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
        try:
            network = NetworkSettings.parse(self.proxy.text(), self.ca_bundle.text().strip() or None)
        except NetworkSettingsError as exc:
            self.error.setText(str(exc))
            return
        chosen = profiles.ProfileSettings(
            url,
            self._trust.raw,
            self.interval.value(),
            proxy=network.proxy,
            ca_bundle=str(network.ca_bundle) if network.ca_bundle else "",
            stale_after_hours=self.stale_after.value(),
        )
        self.save_button.setEnabled(False)
        self._service.save_settings(self._profile, self._defaults.apply(chosen))

    @Slot(profiles.ProfileSettings)
    def _on_service_settings_saved(self, _settings: profiles.ProfileSettings) -> None:
        if self.isVisible():
            self.accept()

    @Slot(str)
    def _on_service_save_failed(self, reason: str) -> None:
        self.error.setText(reason)
        self.save_button.setEnabled(True)
