"""Screenshots of the signed-report flow against the demo ledger: the Reports tab and the Verify report dialog.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.report_screenshots [OUT_DIR]

Writes ``gui-reports.png``, ``gui-verify-report.png``, ``gui-approve-report.png`` and ``gui-draft-report.png``
(default: ``/tmp/workstation-shots/``).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QApplication

from tests.gui.screenshots import shoot, single_thread_pool, synced_demo_profile, wait
from workstation import app, session
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.reports.workflow import StoredReport
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import demo_key_path
from workstation.views.approve_report_dialog import ApproveReportDialog
from workstation.views.draft_report_dialog import DraftReportDialog
from workstation.views.verify_report_dialog import VerifyReportDialog

PASSPHRASE = "screenshot passphrase"
AS_OF = date(2025, 6, 30)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ws-report-shots-"))
    os.environ["XDG_DATA_HOME"] = str(home)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    profile = synced_demo_profile("demo", PASSPHRASE)
    pool = single_thread_pool()
    opened = session.open_session(profile, PASSPHRASE)
    shell = app.build_shell(opened, pool=pool, notifier=Notifier(), profile_service=ProfileService(pool))
    reports, view = shell.reports, shell.reports_view
    assert reports is not None and view is not None
    shell.window.resize(1200, 760)
    shell.window.show()
    shell.state.refresh()  # the banner's facts (no sync: the node is gone)
    wait(shell.state.changed)
    runner = opened.lookups()
    outcomes = [
        runner.run(OriginByEntry("E-1031"), AS_OF),
        runner.run(SupplierQuery("talleres ocotillo"), AS_OF),
        runner.run(OriginByEntry("E-1002"), AS_OF),
    ]
    drafted: list[StoredReport] = []
    reports.drafted.connect(drafted.append)
    remarks_of = ["Entry papers seen at the counter.", "", "Waiting for the broker."]
    for outcome, remarks in zip(outcomes, remarks_of, strict=True):
        reports.draft(outcome, remarks)
        wait(reports.listed)
    reports.approve(drafted[0].report_id, demo_key_path(), None, "a4")
    wait(reports.listed)
    reports.return_to_officer(drafted[2].report_id, "Add the container seal number to the remarks.")
    wait(reports.listed)
    target = home / "report.pdf"
    reports.export(drafted[0].report_id, str(target))
    wait(reports.exported)
    shell.window.show_reports()
    wait(reports.listed)
    view.select(drafted[0].report_id)
    shoot(shell.window, out, "gui-reports")
    dialog = VerifyReportDialog(reports, shell.window)
    dialog.show()
    dialog.verify_path(str(target))
    wait(reports.verified)
    shoot(dialog, out, "gui-verify-report")
    dialog.close()
    approve = ApproveReportDialog(reports, drafted[1], demo_key=demo_key_path(), parent=shell.window)
    approve.show()
    approve.use_key_file(demo_key_path())
    wait(reports.key_inspected)
    shoot(approve, out, "gui-approve-report")
    approve.close()
    draft = DraftReportDialog(reports, outcomes[0], parent=shell.window)
    draft.show()
    shoot(draft, out, "gui-draft-report")
    draft.close()
    shell.close()
    del qapp
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
