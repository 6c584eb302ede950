"""Screenshots of Settings (an agency network: https ledger, locked proxy and CA, Test connection) and About.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.settings_screenshots [OUT_DIR]

Everything is on loopback: the log server behind a TLS front with a CA made for the shot, and an HTTP
CONNECT proxy, both named in an agency defaults file. PNGs go to ``docs/screenshots/`` by default.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication

from tests.gui.screenshots import settle, shoot, wait
from tests.helpers.credential_log import CredentialLog
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from tests.helpers.tls_network import ConnectProxy, TlsFront, make_ca
from workstation import agency, app, profiles, session
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool
from workstation.views.settings_dialog import SettingsDialog

PASSPHRASE = "screenshot passphrase"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ws-settings-shots-"))
    os.environ["XDG_DATA_HOME"] = str(home)
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "ALL_PROXY", "NO_PROXY"):
        os.environ.pop(name, None)
        os.environ.pop(name.lower(), None)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ledger = CredentialLog()
    ledger.register("P-NOPAL")
    for i in range(20):
        ledger.record("P-NOPAL", hs=f"7323.{i:02d}")
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish(21)
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp.did}
    certificates = make_ca(home / "agency-ca")
    ca = home / "agency-inspection-ca.pem"
    ca.write_bytes(certificates.ca.read_bytes())
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    pool, notifier = WorkerPool(qpool), Notifier()
    proxy = ConnectProxy()
    with serve(served) as url:
        parts = urlsplit(url)
        front = TlsFront(certificates, (parts.hostname or "127.0.0.1", parts.port or 80))
        defaults = home / "defaults.json"
        defaults.write_text(json.dumps({"proxy": proxy.url, "ca_bundle": str(ca)}), encoding="utf-8")
        os.environ[agency.DEFAULTS_ENV] = str(defaults)
        profile = profiles.Profile.named("officer")
        session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(front.url, trust, 15)).close()
        opened = session.open_session(profile, PASSPHRASE)
        shell = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
        shell.start()
        wait(shell.sync.finished)
        settle(600)
        shell.window.settings_action.trigger()
        dialog = shell.dialog
        assert isinstance(dialog, SettingsDialog)
        dialog.test_button.click()
        assert dialog._connection is not None
        wait(dialog._connection.tested, 20_000)
        shoot(dialog, out, "gui-settings")
        dialog.close()
        shell.window.about_action.trigger()
        settle(800)
        if shell.dialog is not None:
            shoot(shell.dialog, out, "gui-about")
            shell.dialog.close()
        shell.close()
        pool.wait_for_done()
        front.close()
    proxy.close()
    del qapp
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/screenshots")))
