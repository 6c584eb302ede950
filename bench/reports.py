"""Report timings: build + sign a 3-page report, verify it, beside the raw reportlab render of the same pages.

Run: ``.venv/bin/python bench/reports.py`` (syncs the demo ledger over loopback first; about 3 s).
Goals (ISSUE 9): build + sign < 300 ms, verify < 100 ms. Prints figures; asserts nothing about time.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import ledger_client
from tests.helpers.log_server import ServedLog, serve
from tests.helpers.signed_log import SignedLog
from trade import demo
from workstation import profiles, session
from workstation.__main__ import main
from workstation.lookups.queries import SupplierQuery
from workstation.reports import builder, keystore, pdf, signing
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import verify_report

RUNS = 7


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms  (min {min(samples) * 1000:.1f})"


def bench() -> None:
    ledger = demo.generate()
    home = Path(tempfile.mkdtemp())
    trust_path = home / "trust.json"
    trust_path.write_text(json.dumps({**SignedLog().trust_json(quorum=2), "cbp_issuer_key": ledger.cbp_issuer}))
    served = ServedLog(keys=SignedLog(), entries=list(ledger.entries))
    served.publish()
    os.environ.update({"XDG_DATA_HOME": str(home), "WORKSTATION_PASSPHRASE": "bench"})
    with serve(served) as url:
        assert main(["sync", "--ledger", url, "--trust", str(trust_path)]) == 0
    opened = session.open_session(profiles.Profile.named("default"), "bench")
    trust = ledger_client.parse_trust_file(trust_path.read_bytes())
    key = keystore.load_supervisor_key(keystore.demo_key_path())
    outcome = opened.lookups().run(SupplierQuery("talleres ocotillo"), date(2025, 6, 30))  # 3 pages
    evidence = LedgerEvidence.from_session(opened)
    evidence.bundle(outcome.verdict.evidence)  # the mirror's hash tree is built once per session
    build_sign, raw, verify = [], [], []
    data = b""
    for _ in range(RUNS):
        t0 = time.perf_counter()
        content = builder.build(outcome, evidence, officer=evidence.person("bench", None), now=datetime.now(UTC))
        person, registration = evidence.supervisor(key.did)
        signed = signing.sign(content.approved(person, registration, builder.iso(datetime.now(UTC))), key.key)
        data = pdf.render_report(signed, key.key)
        t1 = time.perf_counter()
        pdf.render_pages(signed.content, signed.signature)
        t2 = time.perf_counter()
        verify_report(data, trust)
        t3 = time.perf_counter()
        build_sign.append(t1 - t0)
        raw.append(t2 - t1)
        verify.append(t3 - t2)
    pages = len(__import__("pypdf").PdfReader(__import__("io").BytesIO(data)).pages)
    print(f"report: supplier history, {pages} pages, {len(data)} bytes, {len(signed.canonical)} bytes of content")
    print(f"build + sign + render + seal : {_ms(build_sign)}   goal < 300 ms")
    print(f"  raw reportlab render alone : {_ms(raw)}")
    print(f"verify (offline)             : {_ms(verify)}   goal < 100 ms")
    opened.close()


if __name__ == "__main__":
    bench()
