"""Report pages as printed: remarks keep their heading, a supplier report names its triggers, a DEMO report says so.

Real PDFs from the real report workflow over the demo records (the fixtures of ``test_reports``),
read back with pypdf.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from pypdf import PdfReader

from tests.integration import test_reports
from workstation import session
from workstation.demo_ledger import demo_trust
from workstation.reports import demonstration, pdf
from workstation.reports.content import ReportContent
from workstation.reports.evidence import LedgerEvidence
from workstation.reports.workflow import ReportWorkflow

#: The demo profile synced once for the module, and the DEMO supervisor key (the report tests' fixtures).
world = test_reports.world
supervisor = test_reports.supervisor


def _pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def _content(world: dict[str, object], kind: str, remarks: str = "") -> ReportContent:
    opened = world["session"]
    assert isinstance(opened, session.Session)
    evidence = LedgerEvidence.from_session(opened)
    draft = ReportWorkflow.from_session(opened).draft(
        test_reports._outcome(opened, kind), evidence, officer=evidence.person("default", None), remarks=remarks
    )
    return draft.content


def test_officer_remarks_never_leave_their_heading_at_the_foot_of_a_page(world: dict[str, object]) -> None:
    remarks = "Seen at the counter; the importer was told. " * 6
    content = _content(world, "origin", remarks)
    split = []
    for extra in range(0, 48, 2):  # more input rows push the remarks down, across the foot of page 1
        padded = replace(content, input={**content.input, **{f"z-note-{i:02d}": "as typed" for i in range(extra)}})
        for page in _pages(pdf.render_pages(padded, None)):
            if "Officer's remarks" in page and "Seen at the counter" not in page:
                split.append(extra)
    assert split == []


def test_a_supplier_report_with_triggers_does_not_say_no_reason_code_fired(world: dict[str, object]) -> None:
    content = _content(world, "supplier")
    assert content.supplier is not None and content.checks == ()
    text = " ".join(_pages(pdf.render_pages(content, None)))
    assert "No reason code fired" not in text
    assert "its triggers are under" in text and "REVOCATION_RATE" in text


@pytest.mark.parametrize("demo", [True, False], ids=["demo-ledger", "agency-ledger"])
def test_a_report_from_the_demo_ledger_is_marked_as_a_demonstration_on_every_page(
    world: dict[str, object], demo: bool
) -> None:
    content = _content(world, "licence", "remarks")
    if demo:
        origin = str(demo_trust()["expected_origin"])
        content = replace(content, evidence=replace(content.evidence, origin=origin))
    assert demonstration.is_demonstration(content) is demo
    pages = _pages(pdf.render_pages(content, None))
    assert len(pages) >= 1
    assert all(("DEMONSTRATION ONLY" in page) is demo for page in pages)
