"""Batch origin checks: the shipped 1,000-line example on the demo ledger, beside an in-run baseline.

Measured: ``workstation check origin --batch`` end to end (profile opened, every line
checked and audited, JSON out), then the batch loop alone with its audit lines written
in groups of 100 (as shipped) and, as the baseline, one transaction per line (how
single checks write). The demo ledger is synced over loopback first (about 3 s).
Run: ``.venv/bin/python bench/batch.py``. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QThreadPool, QTimer
from PySide6.QtWidgets import QApplication

from bench.demo_profile import PASSPHRASE, synced_demo
from ledger_client.credentials import JsonValue
from workstation import batch, demo_batch, profiles, session
from workstation.__main__ import main
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.registry import parse_query
from workstation.services.batch_service import BatchService
from workstation.services.worker import WorkerPool
from workstation.views.batch_dialog import BatchDialog

RUNS = 3
AS_OF = date(2025, 6, 30)


def _s(samples: list[float]) -> str:
    return f"median {statistics.median(samples):6.2f} s  (min {min(samples):.2f})"


def bench() -> None:
    synced_demo()
    lines = demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME
    cli: list[float] = []
    out = io.StringIO()
    for _ in range(RUNS):
        out = io.StringIO()
        t0 = time.perf_counter()
        with contextlib.redirect_stdout(out):
            assert main(["check", "origin", "--batch", str(lines), "--as-of", AS_OF.isoformat()]) == 0
        cli.append(time.perf_counter() - t0)
    summary = json.loads(out.getvalue())["summary"]
    rows = batch.read_batch(lines.read_bytes())
    opened = session.open_session(profiles.Profile.named("default"), PASSPHRASE)
    runner = opened.lookups()

    def check(raw: dict[str, JsonValue], when: date | None) -> LookupOutcome:
        return runner.run(parse_query(LookupKind.ORIGIN, raw), when)

    opened.trade_view().source()
    grouped: list[float] = []
    single: list[float] = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        batch.run_batch(rows, check, AS_OF, dict, group=opened.audit.group)
        grouped.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        batch.run_batch(rows, check, AS_OF, dict)
        single.append(time.perf_counter() - t0)
    gui_total, gui_gap = _gui(opened, lines)
    opened.close()
    print(f"batch of {len(rows)} entry lines on the demo ledger ({sum(summary.values())} results: {summary})")
    print(f"CLI end to end (open profile, check, audit, JSON) : {_s(cli)}")
    print(f"batch loop, audit lines in groups of 100          : {_s(grouped)}")
    print(f"  baseline: one audit transaction per line        : {_s(single)}")
    print(f"GUI batch dialog, file chosen to table filled     : {gui_total:6.2f} s")
    print(f"  longest pause of the GUI event loop meanwhile   : {gui_gap * 1000:6.0f} ms  (a 10 ms timer's late ticks)")


def _gui(opened: session.Session, lines: Path) -> tuple[float, float]:
    """The batch run through the dialog on the offscreen platform; how long the event loop was ever blocked."""
    app = QApplication.instance() or QApplication([])
    qpool = QThreadPool()
    qpool.setMaxThreadCount(1)
    pool = WorkerPool(qpool)
    service = BatchService(opened, pool)
    dialog = BatchDialog(service, lines)
    dialog.show()
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start(10)
    loop = QEventLoop()
    service.finished.connect(loop.quit)
    service.failed.connect(loop.quit)
    t0 = time.perf_counter()
    dialog.start()
    loop.exec()
    total = time.perf_counter() - t0
    timer.stop()
    gaps = [b - a for a, b in zip([t0, *ticks], ticks, strict=False)]
    dialog.close()
    pool.shutdown()
    del app
    return total, max(gaps, default=0.0)


if __name__ == "__main__":
    bench()
