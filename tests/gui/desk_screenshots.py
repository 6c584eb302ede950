"""Screenshots of the desk tools: the History with a re-run, the batch table, one batch line's full result.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.desk_screenshots [OUT_DIR]

PNGs (``gui-history.png``, ``gui-batch.png``, ``gui-batch-line.png``) go to ``/tmp/workstation-shots/`` by
default; the copies the docs show live in ``docs/screenshots/``.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, QThreadPool
from PySide6.QtWidgets import QApplication

from tests.gui.screenshots import settle, shoot, wait
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import app, demo_batch, profiles, session
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.worker import WorkerPool

PASSPHRASE = "screenshot passphrase"


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    os.environ["XDG_DATA_HOME"] = tempfile.mkdtemp(prefix="ws-desk-shots-")
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    ledger = demo.generate()
    trust = {**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish(timestamp=int(time.time()) - 60)  # cosigned a minute ago, as a live witness would
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    pool, notifier = WorkerPool(qpool), Notifier()
    with serve(served) as url:
        profile = profiles.Profile.named("officer")
        session.open_session(profile, PASSPHRASE, new_settings=profiles.ProfileSettings(url, trust, 0)).close()
        opened = session.open_session(profile, PASSPHRASE)
        shell = app.build_shell(opened, pool=pool, notifier=notifier, profile_service=ProfileService(pool))
        window = shell.window
        window.resize(1240, 860)
        shell.start()
        wait(shell.sync.finished, 60_000)
        settle(600)
        runner = opened.lookups()
        for entry, when in (("E-1031", date(2025, 1, 15)), ("E-1002", date(2025, 6, 30)), ("E-1008", date(2025, 6, 30)),
                            ("E-1013", date(2025, 6, 30)), ("E-1001", date(2025, 6, 30))):  # fmt: skip
            runner.run(OriginByEntry(entry), when)
        runner.run(SupplierQuery("Talleres Ocotillo", None), date(2025, 6, 30))
        window.history_action.trigger()
        wait(shell.history.loaded, 10_000)
        view = window.history
        rerun = next(r for r in range(view.proxy.rowCount()) if "E-1031" in str(view.proxy.index(r, 3).data()))
        view.table.selectRow(rerun)
        view.rerun_today_button.click()
        wait(shell.history.rerun_finished, 30_000)
        shoot(window, out, "gui-history")

        dialog = shell.open_batch(demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME)
        wait(shell.batch.finished, 120_000)
        dialog.as_of_edit.setDate(QDate(2025, 6, 30))
        dialog.rerun_button.click()
        wait(shell.batch.finished, 120_000)
        dialog.verdict_filter.setCurrentIndex(dialog.verdict_filter.findData("FAIL"))
        dialog.table.selectRow(0)
        shoot(dialog, out, "gui-batch")
        dialog.table.doubleClicked.emit(dialog.proxy.index(0, 0))
        settle(400)
        assert dialog.line_dialog is not None
        shoot(dialog.line_dialog, out, "gui-batch-line")
        dialog.line_dialog.close()
        dialog.close()
    shell.close()
    qapp.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
