"""Report timings: a 3-page supplier report, and one report on the 1,000-line batch, beside in-run baselines.

Run: ``.venv/bin/python bench/reports.py`` (syncs the demo ledger over loopback first; about 3 s, then
checks the batch once, about 1 s). Prints figures; asserts nothing about time.

1. A supplier report (3 pages): build + sign + render + seal, and verify, beside the raw reportlab
   render of the same pages. Goals: build + sign < 300 ms, verify < 100 ms.
2. The shipped 1,000-line batch (``resources/examples/batch/``) drafted into one report: drafting
   (the summary of every line, a section per line not PASS, every cited record proven), approval's
   sign + render + seal (what *Approve* and ``report --draft`` do before the export writes the file)
   and verification, each beside the same step for a single-lookup origin report (E-1031), with the
   PDF's pages and bytes.
"""

from __future__ import annotations

import io
import statistics
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pypdf import PdfReader

from bench import timing
from bench.demo_profile import synced_demo
from workstation import batch, demo_batch
from workstation.lookups.kind import LookupKind
from workstation.lookups.outcome import LookupOutcome
from workstation.lookups.queries import OriginByEntry, SupplierQuery
from workstation.lookups.registry import parse_query
from workstation.reports import batch_builder, builder, keystore, pdf, signing
from workstation.reports.content import ReportContent
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.verify import verify_report
from workstation.session import Session

RUNS = 7
AS_OF = date(2025, 6, 30)


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:7.1f} ms  (min {min(samples) * 1000:.1f})"


def _pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def bench() -> None:
    profile = synced_demo()
    opened = profile.open()
    key = keystore.load_supervisor_key(keystore.demo_key_path())
    evidence = LedgerEvidence.from_session(opened)

    def approve(content: ReportContent) -> signing.SignedReport:
        person, registration = evidence.supervisor(key.did)
        return signing.sign(content.approved(person, registration, builder.iso(datetime.now(UTC))), key.key)

    def issue(content: ReportContent) -> bytes:
        return pdf.render_report(approve(content), key.key)

    outcome = opened.lookups().run(SupplierQuery("talleres ocotillo"), AS_OF)  # 3 pages
    evidence.bundle(outcome.verdict.evidence)  # the mirror's hash tree is built once per session
    build_sign, raw, verify = [], [], []
    data = b""
    for _ in range(RUNS):
        t0 = time.perf_counter()
        content = builder.build(outcome, evidence, officer=evidence.person("bench", None), now=datetime.now(UTC))
        signed = approve(content)
        data = pdf.render_report(signed, key.key)
        t1 = time.perf_counter()
        pdf.render_pages(signed.content, signed.signature)
        t2 = time.perf_counter()
        verify_report(data, profile.trust)
        t3 = time.perf_counter()
        build_sign.append(t1 - t0)
        raw.append(t2 - t1)
        verify.append(t3 - t2)
    print(f"report: supplier history, {_pages(data)} pages, {len(data)} bytes")
    print(f"build + sign + render + seal : {_ms(build_sign)}   goal < 300 ms")
    print(f"  raw reportlab render alone : {_ms(raw)}")
    print(f"verify (offline)             : {_ms(verify)}   goal < 100 ms")
    _batch_report(opened, evidence, issue, profile.trust)
    opened.close()


def _batch_report(opened: Session, evidence: LedgerEvidence, issue, trust) -> None:  # type: ignore[no-untyped-def]
    """The 1,000-line example drafted into one report, beside a single origin report (E-1031)."""
    lines = demo_batch.EXAMPLES / demo_batch.EXAMPLE_NAME
    runner = opened.lookups()

    def check(raw: dict[str, object], when: date | None) -> LookupOutcome:
        return runner.run(parse_query(LookupKind.ORIGIN, raw), when)  # type: ignore[arg-type]

    result = batch.run_batch(batch.read_batch(lines.read_bytes()), check, AS_OF, dict, group=opened.audit.group)
    single = runner.run(OriginByEntry("E-1031"), AS_OF)
    officer = evidence.person("bench", None)

    def draft_batch() -> ReportContent:
        return batch_builder.build_batch(result, lines.name, evidence, officer=officer, now=datetime.now(UTC))

    def draft_single() -> ReportContent:
        return builder.build(single, evidence, officer=officer, now=datetime.now(UTC))

    big, small = draft_batch(), draft_single()
    big_pdf, small_pdf = issue(big), issue(small)
    assert big.batch is not None
    print(
        f"\nreport on a batch: {len(big.batch.lines):,} lines, {len(big.batch.sections)} sections, "
        f"{len(big.evidence.records)} records proven; {_pages(big_pdf)} pages, {len(big_pdf):,} bytes "
        f"({len(big.canonical()):,} bytes of signed content)"
    )
    print(f"  baseline, one origin lookup (E-1031): {_pages(small_pdf)} pages, {len(small_pdf):,} bytes")
    figures = (
        ("draft (summary, sections, records proven)", draft_batch, draft_single),
        ("approve: sign + render + seal", lambda: issue(big), lambda: issue(small)),
        ("verify (offline)", lambda: verify_report(big_pdf, trust), lambda: verify_report(small_pdf, trust)),
    )
    for label, measured, baseline in figures:
        timing.row(label, *timing.compare(measured, baseline, number=1, repeat=3))


if __name__ == "__main__":
    bench()
