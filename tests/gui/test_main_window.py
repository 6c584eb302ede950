"""The main window against a real loopback node: sync and banner, offline, fork alert, shortcuts, responsiveness."""

from __future__ import annotations

import threading

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

import ledger_client
from tests.gui.conftest import PASSPHRASE, PUBLISHED, Node, ShellMaker, offline_fast_client
from tests.helpers.log_server import ServedLog
from workstation import profiles, session
from workstation.lookups.kind import LookupKind
from workstation.services.ledger_state import Connectivity
from workstation.services.notifier import Notice, Notifier
from workstation.shell import Shell
from workstation.views.evidence_dialog import EvidenceDialog
from workstation.views.sync_progress import SyncProgressWidget


def test_sync_reports_progress_and_the_banner_shows_the_verified_checkpoint(
    qtbot: QtBot, make_shell: ShellMaker
) -> None:
    shell = make_shell()
    progress: list[tuple[int, int]] = []
    shell.sync.progress.connect(lambda p: progress.append((p.done, p.total)))
    with qtbot.assert_not_emitted(shell.sync.failed), qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
        assert shell.window.statusBar().isVisible()
        qtbot.wait_until(lambda: progress != [] or not shell.sync.running)
    assert progress[-1] == (PUBLISHED, PUBLISHED)
    assert not shell.window.findChild(type(shell.window.banner)).alert.isVisible()
    banner = shell.window.banner
    qtbot.wait_until(lambda: "15 entries" in banner.checkpoint_label.text())
    assert "Witnesses: 3 of 3 (need 2)" in banner.witness_label.text()
    assert "Online" in banner.connection_label.text()
    assert banner.age_label.text().startswith(("age", "Stale"))
    assert "Last sync: 20" in banner.last_sync_label.text()
    assert banner.connection_label.textFormat() == Qt.TextFormat.PlainText


def test_node_gone_shows_offline_with_the_checkpoint_age_and_keeps_the_mirror(
    qtbot: QtBot, synced_shell: Shell, node: Node
) -> None:
    node.stop()
    with qtbot.wait_signal(synced_shell.sync.offline, timeout=20_000):
        qtbot.keyClick(synced_shell.window, Qt.Key.Key_F5)
    status = synced_shell.state.status
    qtbot.wait_until(lambda: synced_shell.state.status.connectivity is Connectivity.OFFLINE)
    status = synced_shell.state.status
    assert status.facts is not None and status.facts.entries == PUBLISHED and not status.verdicts_blocked
    banner = synced_shell.window.banner
    assert "Offline" in banner.connection_label.text()
    assert banner.age_label.isVisible() and "age" in banner.age_label.text()
    assert "15 entries" in banner.checkpoint_label.text()
    assert synced_shell.session.mirror.entry_count() == PUBLISHED


def test_rollback_raises_the_red_alert_blocks_verdicts_until_acknowledged(
    qtbot: QtBot, synced_shell: Shell, served: ServedLog
) -> None:
    trusted = synced_shell.session.mirror.trusted_note()
    assert trusted is not None
    served.publish(10)  # the node now claims a smaller log: a rollback
    alerts = []
    synced_shell.notifier.security_alert.connect(alerts.append)
    with qtbot.wait_signal(synced_shell.state.verdicts_blocked_changed, timeout=20_000) as blocked:
        synced_shell.window.sync_action.trigger()
    assert blocked.args == [True] and alerts and alerts[0].text.startswith("SECURITY ALERT")
    banner = synced_shell.window.banner
    assert banner.alert.isVisible() and "SECURITY ALERT" in banner.alert_label.text()
    assert all(not page.isEnabled() for page in synced_shell.window.pages.values())
    assert synced_shell.sync.paused and not synced_shell.sync.sync()  # no new evidence piles up meanwhile

    qtbot.mouseClick(banner.evidence_button, Qt.MouseButton.LeftButton)
    dialog = synced_shell.dialog
    assert isinstance(dialog, EvidenceDialog) and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert trusted.decode() in text and served.checkpoint.decode() in text
    assert not dialog.acknowledge_button.isEnabled()
    dialog.confirm.setChecked(True)
    with qtbot.wait_signal(synced_shell.state.verdicts_blocked_changed, timeout=10_000) as cleared:
        qtbot.mouseClick(dialog.acknowledge_button, Qt.MouseButton.LeftButton)
    assert cleared.args == [False] and synced_shell.dialog is None  # closed (and deleted)
    assert not banner.alert.isVisible()
    assert all(page.isEnabled() for page in synced_shell.window.pages.values())
    assert not synced_shell.sync.paused
    [kept] = synced_shell.session.mirror.forks()
    assert kept.acknowledged_at is not None  # acknowledged, and the evidence is kept


def test_shortcuts_switch_pages_history_and_open_settings(qtbot: QtBot, synced_shell: Shell) -> None:
    window = synced_shell.window
    window.activateWindow()
    qtbot.wait_until(window.isActiveWindow)
    for number, kind in enumerate(LookupKind, start=1):
        qtbot.keyClick(window, Qt.Key(Qt.Key.Key_0.value + number), Qt.KeyboardModifier.ControlModifier)
        assert window.tabs.currentWidget() is window.pages[kind]
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentWidget() is window.history
    assert window.settings_action.shortcut().toString() == "Ctrl+,"
    assert window.sync_action.shortcut().toString() == "F5"


class GatedTransport:
    """Wraps the real HTTP transport (an injected dependency): records the calling thread and waits for a gate."""

    def __init__(self, inner: ledger_client.Transport) -> None:
        self._inner = inner
        self.gate = threading.Event()
        self.threads: set[int] = set()

    @property
    def base_url(self) -> str:
        return self._inner.base_url

    def get(self, path: str, *, limit: int) -> bytes:
        self.threads.add(threading.get_ident())
        self.gate.wait(timeout=30)
        return self._inner.get(path, limit=limit)

    def post(self, path: str, body: bytes, *, limit: int, content_type: str) -> bytes:
        return self._inner.post(path, body, limit=limit, content_type=content_type)


def test_the_window_stays_responsive_while_the_sync_runs_in_the_worker(qtbot: QtBot, make_shell: ShellMaker) -> None:
    transports: list[GatedTransport] = []

    def client(opened: session.Session) -> ledger_client.LedgerClient:
        transports.append(GatedTransport(ledger_client.HttpTransport(opened.settings.ledger_url)))
        return opened.client(transports[-1])

    shell = make_shell(client_factory=client)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(10)
    with qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
        qtbot.wait_until(lambda: bool(transports) and bool(transports[0].threads))
        assert shell.sync.running and shell.window.findChild(type(shell.window.banner)) is not None
        qtbot.wait_until(lambda: len(ticks) >= 5)  # the GUI thread keeps running timers while the sync waits
        assert shell.window.isVisible() and shell.sync.running
        transports[0].gate.set()
    timer.stop()
    assert threading.get_ident() not in transports[0].threads


def test_cancel_stops_the_sync_before_anything_new_is_trusted(qtbot: QtBot, make_shell: ShellMaker) -> None:
    transports: list[GatedTransport] = []

    def client(opened: session.Session) -> ledger_client.LedgerClient:
        transports.append(GatedTransport(ledger_client.HttpTransport(opened.settings.ledger_url)))
        return opened.client(transports[-1])

    shell = make_shell(client_factory=client)
    with qtbot.assert_not_emitted(shell.sync.finished), qtbot.wait_signal(shell.sync.cancelled, timeout=20_000):
        shell.start()
        qtbot.wait_until(lambda: bool(transports) and bool(transports[0].threads))
        progress = shell.window.findChild(SyncProgressWidget)
        assert progress is not None and progress.isVisible()
        qtbot.mouseClick(progress.cancel_button, Qt.MouseButton.LeftButton)
        transports[0].gate.set()
    assert shell.session.mirror.trusted_note() is None
    qtbot.wait_until(lambda: not progress.isVisible())
    assert "canceled" in shell.window.statusBar().currentMessage()


def test_the_age_timer_moves_the_banner_age_with_the_clock(qtbot: QtBot, make_shell: ShellMaker) -> None:
    """Every 30 s the age timer re-emits the status; with the clock driven by hand, each tick moves the age."""
    now = [1_750_000_000]
    shell = make_shell(client_factory=offline_fast_client, clock=lambda: now[0])
    with qtbot.assert_not_emitted(shell.sync.failed), qtbot.wait_signal(shell.sync.finished, timeout=20_000):
        shell.start()
    qtbot.wait_until(lambda: shell.state.status.facts is not None and shell.state.status.facts.entries == PUBLISHED)
    errors: list[object] = []
    shell.notifier.error.connect(errors.append)
    ages = []
    for _ in range(5):
        now[0] += 30
        with qtbot.wait_signal(shell.state.changed, timeout=1_000) as changed:
            shell.state.tick()
        status = changed.args[0]
        assert status.now == now[0]
        ages.append(status.checkpoint_age)
    assert errors == []
    assert ages == sorted(ages) and len(set(ages)) == 5
    assert shell.window.banner.age_label.text()


def _damage_table_page(profile: profiles.Profile, table: str) -> None:
    """Flip a byte inside the root page of ``table`` (a page opening the profile does not read)."""
    opened = session.open_session(profile, PASSPHRASE)
    row = opened.connection.execute("SELECT rootpage FROM sqlite_schema WHERE name = ?", (table,)).fetchone()
    opened.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
    opened.close()
    profile_path = profile.cache_path
    assert row is not None and isinstance(row[0], int)
    data = profile_path.read_bytes()
    at = (row[0] - 1) * 4096 + 2000
    profile_path.write_bytes(data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :])


def test_a_damaged_page_is_reported_by_the_background_cache_check(
    qtbot: QtBot, make_shell: ShellMaker, existing_profile: profiles.Profile, notifier: Notifier
) -> None:
    """The window opens without reading the whole cache; the check that does runs beside it and reports the damage."""
    _damage_table_page(existing_profile, "cases")
    shell = make_shell(client_factory=offline_fast_client)
    with qtbot.wait_signal(notifier.error, timeout=20_000) as blocker:
        shell.start()
    notice = blocker.args[0]
    assert isinstance(notice, Notice)
    assert "damaged" in notice.text and "moved_to" in notice.details
    assert not existing_profile.cache_path.exists()  # set aside, not deleted
    assert list(existing_profile.folder.glob("*.damaged-*"))
    qtbot.wait_until(lambda: shell.window.findChild(QMessageBox) is not None)
    box = shell.window.findChild(QMessageBox)  # the window tells the officer
    assert box is not None and "damaged" in box.text()
    box.close()
