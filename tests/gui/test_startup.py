"""Starting the workstation: first run creates a profile and syncs; later runs unlock, retrying a wrong passphrase."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from tests.gui.conftest import PASSPHRASE, PUBLISHED, Node
from workstation import app, profiles
from workstation.lookups.kind import LookupKind
from workstation.services.notifier import Notifier
from workstation.services.worker import WorkerPool
from workstation.shell import Shell
from workstation.views.first_run_dialog import FirstRunDialog
from workstation.views.licence_page import LicencePage
from workstation.views.origin_page import OriginPage
from workstation.views.product_page import ProductPage
from workstation.views.supplier_page import SupplierPage
from workstation.views.unlock_dialog import UnlockDialog


@pytest.fixture
def launched(
    qtbot: QtBot, profile: profiles.Profile, pool: WorkerPool, notifier: Notifier
) -> Iterator[tuple[app.Launcher, list[Shell]]]:
    launcher = app.Launcher(profile, pool, notifier)
    shells: list[Shell] = []
    launcher.shell_ready.connect(shells.append)
    yield launcher, shells
    pool.wait_for_done()
    for shell in shells:
        shell.close()
    if launcher.dialog is not None:
        launcher.dialog.close()


def test_first_run_creates_the_profile_and_syncs(
    qtbot: QtBot, launched: tuple[app.Launcher, list[Shell]], node: Node, trust_file: Path, profile: profiles.Profile
) -> None:
    launcher, shells = launched
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, FirstRunDialog) and dialog.isVisible()
    assert not dialog.create_button.isEnabled()
    qtbot.keyClicks(dialog.url, node.url)
    with qtbot.wait_signal(launcher.profile_service.trust_read, timeout=5_000):
        qtbot.keyClicks(dialog.trust_picker.path, str(trust_file))
        qtbot.keyClick(dialog.trust_picker.path, Qt.Key.Key_Return)
    names = [dialog.keys_model.index(r, 1).data() for r in range(dialog.keys_model.rowCount())]
    assert names[0] == "test.example/ledger" and "witness-2.test" in names and len(names) == 5
    qtbot.keyClicks(dialog.passphrase, "short")
    assert "Too short" in dialog.strength.text() and not dialog.create_button.isEnabled()
    dialog.passphrase.clear()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE + "x")
    assert not dialog.create_button.isEnabled() and "differ" in dialog.create_button.toolTip()
    qtbot.keyClick(dialog.again, Qt.Key.Key_Backspace)
    assert dialog.create_button.isEnabled()
    with qtbot.wait_signal(launcher.shell_ready, timeout=10_000):
        qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert profile.exists() and profile.load_settings().ledger_url == node.url
    [shell] = shells
    with qtbot.wait_signal(shell.sync.finished, timeout=20_000) as blocker:
        shell.start()
    assert blocker.args[0].new_entries == PUBLISHED
    qtbot.wait_until(lambda: "15 entries" in shell.window.banner.checkpoint_label.text())
    pages = shell.window.pages
    assert isinstance(pages[LookupKind.ORIGIN], OriginPage)
    assert isinstance(pages[LookupKind.LICENCE], LicencePage)
    assert isinstance(pages[LookupKind.PRODUCT], ProductPage)
    assert isinstance(pages[LookupKind.SUPPLIER], SupplierPage)


def test_unlock_says_a_wrong_passphrase_and_lets_the_officer_retry(
    qtbot: QtBot, launched: tuple[app.Launcher, list[Shell]], existing_profile: profiles.Profile
) -> None:
    launcher, shells = launched
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, UnlockDialog)
    with qtbot.wait_signal(launcher.profile_service.failed, timeout=10_000):
        qtbot.keyClicks(dialog.passphrase, "not the passphrase")
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert dialog.isVisible() and "not correct" in dialog.error.text()
    assert dialog.passphrase.isEnabled() and dialog.passphrase.selectedText() == "not the passphrase"
    with (
        qtbot.assert_not_emitted(launcher.profile_service.failed),
        qtbot.wait_signal(launcher.shell_ready, timeout=10_000),
    ):
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)  # replaces the selected wrong one
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    assert not dialog.isVisible() and len(shells) == 1


def test_a_damaged_cache_says_where_it_was_moved(
    qtbot: QtBot, launched: tuple[app.Launcher, list[Shell]], existing_profile: profiles.Profile
) -> None:
    existing_profile.cache_path.write_bytes(b"\x00not a database\x00" * 512)
    launcher, _ = launched
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, UnlockDialog)
    with qtbot.wait_signal(launcher.profile_service.failed, timeout=10_000):
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
    text = dialog.error.text()
    assert "damaged" in text and "moved to" in text and str(existing_profile.folder) in text


def test_quitting_the_unlock_dialog_cancels_the_start(
    qtbot: QtBot, launched: tuple[app.Launcher, list[Shell]], existing_profile: profiles.Profile
) -> None:
    launcher, shells = launched
    launcher.start()
    assert launcher.dialog is not None
    with qtbot.wait_signal(launcher.cancelled, timeout=2_000):
        qtbot.keyClick(launcher.dialog, Qt.Key.Key_Escape)
    assert shells == []


def test_workstation_without_a_subcommand_opens_the_gui(monkeypatch: pytest.MonkeyPatch) -> None:
    from workstation.__main__ import main

    calls: list[list[str]] = []
    monkeypatch.setattr(app, "run_gui", lambda argv: calls.append(list(argv)) or 0)  # no event loop in a test
    assert main(["--profile", "alice"]) == 0
    assert main(["--profile", "bob", "gui"]) == 0
    assert [c[1:] for c in calls] == [["--profile", "alice"], ["--profile", "bob"]]


def test_first_run_refuses_a_trust_file_without_witnesses_and_says_why(
    qtbot: QtBot, launched: tuple[app.Launcher, list[Shell]], node: Node, trust_file: Path, tmp_path: Path
) -> None:
    import json

    unwitnessed = tmp_path / "unwitnessed-trust.json"
    unwitnessed.write_text(json.dumps({**json.loads(trust_file.read_text()), "witness_vkeys": [], "witness_quorum": 0}))
    launcher, _shells = launched
    launcher.start()
    dialog = launcher.dialog
    assert isinstance(dialog, FirstRunDialog)
    qtbot.keyClicks(dialog.url, node.url)
    with qtbot.wait_signal(launcher.profile_service.trust_rejected, timeout=5_000):
        qtbot.keyClicks(dialog.trust_picker.path, str(unwitnessed))
        qtbot.keyClick(dialog.trust_picker.path, Qt.Key.Key_Return)
    assert "cannot be used" in dialog.trust_status.text()
    assert "needs at least one witness" in dialog.trust_status.text()
    qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
    qtbot.keyClicks(dialog.again, PASSPHRASE)
    assert not dialog.create_button.isEnabled()
