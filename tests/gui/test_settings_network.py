"""Settings' network part on a real profile: the proxy and CAs in use, Test connection, agency locks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE, Node, ShellMaker
from tests.helpers.tls_network import make_ca
from workstation import app, profiles
from workstation.services.notifier import Notifier
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.first_run_dialog import FirstRunDialog
from workstation.views.settings_dialog import LOCKED_NOTE, SettingsDialog


@pytest.fixture(autouse=True)
def no_proxy_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


def _open_settings(shell: Shell) -> SettingsDialog:
    shell.window.settings_action.trigger()
    dialog = shell.dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    return dialog


def _tested(dialog: SettingsDialog) -> bool:
    return dialog.test_button.isEnabled() and "Testing" not in dialog.test_result.text()


def test_settings_show_the_proxy_and_cas_in_use_and_test_the_connection(
    qtbot: QtBot, synced_shell: Shell, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HTTP_PROXY", "http://proxy.agency.example:3128")
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    dialog = _open_settings(synced_shell)
    assert dialog.proxy.text() == "system"
    assert dialog.proxy_in_use.text().startswith("direct connection (NO_PROXY")
    assert "certifi" in dialog.ca_in_use.text()
    assert not any(label.isVisible() for label in dialog.locked_labels.values())
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: _tested(dialog), timeout=10_000)
    assert dialog.test_result.text().startswith("Connected:"), dialog.test_result.text()

    # A proxy typed in the dialog is what is shown in use, and what the test goes through.
    dialog.proxy.setText("http://127.0.0.1:1")
    dialog.proxy.editingFinished.emit()
    assert dialog.proxy_in_use.text() == "http://127.0.0.1:1 (from the proxy setting)"
    qtbot.mouseClick(dialog.test_button, Qt.MouseButton.LeftButton)
    qtbot.wait_until(lambda: _tested(dialog), timeout=10_000)
    assert dialog.test_result.text().startswith("Proxy:"), dialog.test_result.text()


def test_settings_save_the_proxy_and_ca_bundle(qtbot: QtBot, synced_shell: Shell, tmp_path: Path) -> None:
    ca = make_ca(tmp_path / "ca").ca
    dialog = _open_settings(synced_shell)
    dialog.ca_bundle.setText("/no/such/bundle.pem")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert "cannot read the CA bundle" in dialog.error.text()
    dialog.proxy.setText("direct")
    dialog.ca_bundle.setText(str(ca))
    dialog.ca_bundle.editingFinished.emit()
    assert dialog.ca_in_use.text() == str(ca)
    with qtbot.wait_signal(synced_shell.profile_service.settings_saved, timeout=5_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    saved = synced_shell.session.profile.load_settings()
    assert (saved.proxy, saved.ca_bundle) == ("direct", str(ca))


def test_agency_settings_are_locked_and_win_over_the_profiles(
    qtbot: QtBot, make_shell: ShellMaker, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ca = make_ca(tmp_path / "ca").ca
    defaults = tmp_path / "defaults.json"
    defaults.write_text(json.dumps({"proxy": "direct", "ca_bundle": str(ca), "theme": "dark"}), encoding="utf-8")
    monkeypatch.setenv("CUSTOMS_WORKSTATION_DEFAULTS", str(defaults))
    shell = make_shell()
    assert shell.session.network.ca_bundle == ca  # the profile said nothing; the agency's bundle is used
    dialog = _open_settings(shell)
    assert not dialog.proxy.isEnabled() and not dialog.ca_bundle.isEnabled() and not dialog.ca_browse.isEnabled()
    assert dialog.url.isEnabled() and dialog.trust_picker.isEnabled()
    assert dialog.locked_labels["proxy"].isVisible() and dialog.locked_labels["ca_bundle"].isVisible()
    assert dialog.locked_labels["proxy"].text() == LOCKED_NOTE
    assert str(defaults) in dialog.proxy.toolTip()  # (escaped as plain text)
    assert dialog.proxy.text() == "direct" and dialog.ca_in_use.text() == f"{ca}; set by your agency"
    dialog.interval.setValue(9)
    with qtbot.wait_signal(shell.profile_service.settings_saved, timeout=5_000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)
    saved = shell.session.profile.load_settings()
    assert (saved.proxy, saved.ca_bundle, saved.auto_sync_minutes) == ("direct", str(ca), 9)



def test_first_run_takes_the_agency_ledger_and_trust_file(
    qtbot: QtBot,
    profile: profiles.Profile,
    pool: WorkerPool,
    notifier: Notifier,
    node: Node,
    trust_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    defaults = tmp_path / "defaults.json"
    defaults.write_text(json.dumps({"ledger_url": node.url, "trust_file": str(trust_file)}), encoding="utf-8")
    monkeypatch.setenv("CUSTOMS_WORKSTATION_DEFAULTS", str(defaults))
    launcher = app.Launcher(profile, pool, notifier)
    shells: list[Shell] = []
    launcher.shell_ready.connect(shells.append)
    with qtbot.wait_signal(launcher.profile_service.trust_read, timeout=5_000):
        launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, FirstRunDialog)
    assert dialog.url.text() == node.url and not dialog.url.isEnabled()
    assert dialog.trust_picker.path.text() == str(trust_file) and not dialog.trust_picker.isEnabled()
    assert dialog.keys_model.rowCount() == 5
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    with qtbot.wait_signal(launcher.shell_ready, timeout=10_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert profile.load_settings().ledger_url == node.url
    pool.wait_for_done()
    for shell in shells:
        shell.close()
