"""Screenshots of a batch drafted into one report: the batch dialog after drafting, the PDF's summary and a section.

Run under Xvfb (not part of the test run)::

    xvfb-run -a -s "-screen 0 1280x1024x24" .venv/bin/python -m tests.gui.batch_report_screenshots [OUT_DIR]

Writes ``gui-batch-report.png`` (the dialog), and from the approved PDF rendered by ``pdftoppm``
at 60 dpi ``report-batch-summary.png`` (page 1) and ``report-batch-section.png`` (the first
section's page); default ``/tmp/workstation-shots/``. The copies the docs show live in
``docs/screenshots/``.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from pypdf import PdfReader
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication

from tests.gui.screenshots import settle, shoot, single_thread_pool, synced_demo_profile, wait
from workstation import app, demo_batch, session
from workstation.reports.workflow import StoredReport
from workstation.services.notifier import Notifier
from workstation.services.profile_service import ProfileService
from workstation.services.report_service import demo_key_path

PASSPHRASE = "screenshot passphrase"


def _page_png(pdf: Path, page: int, out: Path, name: str) -> None:
    stem = out / name
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-singlefile", "-f", str(page), "-l", str(page), str(pdf),
                    str(stem)], check=True)  # fmt: skip
    print(f"{stem}.png")


def _first_section_page(data: bytes) -> int:
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        if " verdict: " in page.extract_text() and "Records this line rests on" in page.extract_text():
            return number
    raise AssertionError("the report has no section")


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="ws-batch-report-shots-"))
    os.environ["XDG_DATA_HOME"] = str(home)
    qapp = QApplication.instance() or QApplication(sys.argv[:1])
    profile = synced_demo_profile("officer", PASSPHRASE)
    pool = single_thread_pool()
    opened = session.open_session(profile, PASSPHRASE)
    shell = app.build_shell(opened, pool=pool, notifier=Notifier(), profile_service=ProfileService(pool))
    reports = shell.reports
    assert reports is not None
    shell.window.resize(1240, 860)
    shell.window.show()
    dialog = shell.open_batch(demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME)
    wait(shell.batch.finished, 120_000)
    dialog.as_of_edit.setDate(QDate(2025, 6, 30))
    dialog.rerun_button.click()
    wait(shell.batch.finished, 120_000)
    dialog.verdict_filter.setCurrentIndex(dialog.verdict_filter.findData("FAIL"))
    drafted: list[StoredReport] = []
    reports.drafted.connect(drafted.append)
    dialog.draft_button.click()
    wait(reports.drafted, 120_000)
    dialog.raise_()
    dialog.activateWindow()
    dialog.draft_button.setFocus()
    settle(400)
    shoot(dialog, out, "gui-batch-report")
    dialog.close()
    reports.approve(drafted[0].report_id, demo_key_path(), None, "a4")
    wait(reports.approved, 120_000)
    target = home / "batch-report.pdf"
    reports.export(drafted[0].report_id, str(target))
    wait(reports.exported)
    data = target.read_bytes()
    _page_png(target, 1, out, "report-batch-summary")
    _page_png(target, _first_section_page(data), out, "report-batch-section")
    shell.close()
    qapp.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/workstation-shots")))
