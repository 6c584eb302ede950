"""Screenshots of the workstation against a loopback ledger: main window, fork alert, unlock, settings, first run.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.screenshots [OUT_DIR]

PNGs go to ``/tmp/workstation-shots/`` by default. The lookup pages are placeholders until the forms land.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer, SignalInstance
from PySide6.QtWidgets import QApplication, QWidget

from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import app, profiles, session
from workstation.services.notifier import Notifier
from workstation.services.worker import WorkerPool
from workstation.views.first_run_dialog import FirstRunDialog
from workstation.views.unlock_dialog import UnlockDialog

PASSPHRASE = "screenshot passphrase"


def wait(signal: SignalInstance, timeout_ms: int = 20_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()


def settle(ms: int = 300) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def synced_demo_profile(name: str, passphrase: str) -> profiles.Profile:
    """A new profile ``name`` synced once with the demo ledger, served over loopback (cosigned a minute ago)."""
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish(timestamp=int(time.time()) - 60)  # as a live witness would
    profile = profiles.Profile.named(name)
    with serve(served) as url:
        opened = session.open_session(profile, passphrase, new_settings=profiles.ProfileSettings(url, trust, 0))
        opened.client().sync()
        opened.close()
    return profile


def single_thread_pool() -> WorkerPool:
    """The session pool as the application makes it: one thread (one SQLCipher connection)."""
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    return WorkerPool(qpool)


def shoot(widget: QWidget, out: Path, name: str) -> None:
    settle()
    widget.grab().save(str(out / f"{name}.png"))
    print(out / f"{name}.png")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ws-shots-")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ledger = CredentialLog()
    ledger.register("P-NOPAL")
    for i in range(40):
        ledger.record("P-NOPAL", hs=f"7323.{i:02d}")
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish(30)
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp.did}
    trust_path = Path(os.environ["XDG_DATA_HOME"]) / "TRUST.json"
    trust_path.write_text(json.dumps(trust))
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    pool, notifier = WorkerPool(qpool), Notifier()
    with serve(served) as url:
        first = app.Launcher(profiles.Profile.named("new-officer"), pool, notifier)
        first.start()
        dialog = first.dialog
        assert isinstance(dialog, FirstRunDialog)
        dialog.url.setText(url)
        dialog.trust_picker.path.setText(str(trust_path))
        dialog.trust_picker.chosen.emit(str(trust_path))
        wait(first.profile_service.trust_read)
        dialog.passphrase.setText("correct horse battery")
        dialog.again.setText("correct horse battery")
        shoot(dialog, out, "first-run")
        dialog.close()

        profile = profiles.Profile.named("officer")
        opened = session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(url, trust, 15))
        opened.audit.record(
            at=1_764_000_000,
            officer="officer",
            action="certificate_of_origin",
            input={"certificate_id": "C-U-003", "claim_date": "2025-03-01"},
            verdict="FAIL",
            checkpoint_size=30,
            result={"reasons": ["REVOKED"]},
        )
        opened.audit.record(
            at=1_764_000_400,
            officer="officer",
            action="supplier_history",
            input={"party": "P-NOPAL", "window": "2025"},
            verdict="PASS",
            checkpoint_size=30,
        )
        opened.close()
        launcher = app.Launcher(profile, pool, notifier)
        shells = []
        launcher.shell_ready.connect(shells.append)
        launcher.start()
        unlock = launcher.dialog
        assert isinstance(unlock, UnlockDialog)
        unlock.passphrase.setText("wrong passphrase")
        unlock.unlock_button.click()
        wait(launcher.profile_service.failed)
        shoot(unlock, out, "unlock-wrong-passphrase")
        unlock.passphrase.setText(PASSPHRASE)
        unlock.unlock_button.click()
        wait(launcher.shell_ready)
        [shell] = shells
        shell.start()
        wait(shell.sync.finished)
        settle(600)
        shoot(shell.window, out, "main-window-synced")
        shell.window.history_action.trigger()
        wait(shell.history.loaded, 5_000)
        shell.window.history.table.selectRow(1)
        shoot(shell.window, out, "history")

        shell.window.settings_action.trigger()
        assert shell.dialog is not None
        shoot(shell.dialog, out, "settings")
        shell.dialog.close()
        shell.window.about_action.trigger()
        settle(600)
        if shell.dialog is not None:
            shoot(shell.dialog, out, "about")
            shell.dialog.close()

        served.publish(20)  # the node rolls back: a fork alert
        shell.window.page_actions[next(iter(shell.window.page_actions))].trigger()
        shell.sync.sync()
        wait(shell.state.verdicts_blocked_changed)
        settle(600)
        shoot(shell.window, out, "fork-alert")
        shell.window.evidence_action.trigger()
        assert shell.dialog is not None
        shoot(shell.dialog, out, "fork-evidence")
        shell.dialog.close()
    served_down = shell.sync.sync()  # the node is gone: offline
    if served_down:
        wait(shell.sync.running_changed)
    shell.close()
    qapp.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
