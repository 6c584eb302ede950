"""Rendering a report to PDF (reportlab), embedding its signed data (pypdf) and sealing the file.

``render_report(signed, key)`` is the whole export: the pages, then the attached
files (``content.json`` — the canonical content —, ``signature.json``,
``checkpoint.note``, and for each record ``record-N.json`` and ``proof-N.tlog-proof``),
then the supervisor's seal over the file. ``render_pages`` alone is the raw
reportlab render; ``render_draft`` is a preview of unsigned content.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from typing import Any

from pypdf import PdfReader, PdfWriter
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4, LETTER  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas  # type: ignore[import-untyped]
from reportlab.platypus import PageBreak, SimpleDocTemplate  # type: ignore[import-untyped]

from ledger_client import version
from ledger_client.credentials import SigningKey
from workstation.reports import demonstration, pdf_batch
from workstation.reports import pdf_story as story
from workstation.reports.content import ReportContent
from workstation.reports.qr import QrPayload
from workstation.reports.seal import seal
from workstation.reports.signing import ReportSignature, SignedReport

PAGE_SIZES = {"a4": A4, "letter": LETTER}
CONTENT_NAME = "content.json"
SIGNATURE_NAME = "signature.json"
CHECKPOINT_NAME = "checkpoint.note"
MARGIN = 16 * mm


def proof_name(log_index: int) -> str:
    return f"proof-{log_index}.tlog-proof"


def record_name(log_index: int) -> str:
    return f"record-{log_index}.json"


class _NumberedCanvas(canvas.Canvas):  # type: ignore[misc]
    """Holds each page until the end, so every footer can say "page n of N"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            width = self._pagesize[0]
            self.setFont("Helvetica", 7)
            self.setFillColor(colors.HexColor("#4a5568"))
            self.drawRightString(width - MARGIN, 9 * mm, f"Page {number} of {total}")
            super().showPage()
        super().save()


def _decorate(c: canvas.Canvas, doc: SimpleDocTemplate, content: ReportContent, draft: bool) -> None:
    width, height = doc.pagesize
    c.saveState()
    c.setFillColor(colors.HexColor("#1f2d3d"))
    c.rect(0, height - 17 * mm, width, 17 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.setFont("Helvetica-Bold", 11)
    c.drawString(MARGIN, height - 8.5 * mm, story.AGENCY)
    c.setFont("Helvetica", 8.5)
    batch = "" if content.batch is None else f", batch of {len(content.batch.lines):,} entry lines"
    c.drawString(MARGIN, height - 13 * mm, f"{story.TITLE}: {story.kind_title(content.kind)}{batch}")
    c.setFont("Helvetica-Bold", 9)
    c.drawRightString(width - MARGIN, height - 8.5 * mm, story.printable(content.report_id))
    badge = content.verdict if content.supplier is None else f"RATING {content.supplier.rating}"
    tone = content.verdict if content.supplier is None else story.RATING_TONES.get(content.supplier.rating, "")
    c.setFillColor(story.VERDICT_COLOURS.get(tone, colors.HexColor("#4a5568")))
    c.roundRect(width - MARGIN - 30 * mm, height - 15.5 * mm, 30 * mm, 5 * mm, 1.2 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    c.drawCentredString(width - MARGIN - 15 * mm, height - 14.3 * mm, story.printable(badge))
    c.setFillColor(colors.HexColor("#4a5568"))
    c.setFont("Helvetica", 7)
    c.drawString(MARGIN, 9 * mm, f"{story.printable(content.report_id)} - states ledger facts and reason codes")
    if demonstration.is_demonstration(content):  # on every page, under the header band
        c.setFillColor(colors.HexColor("#ffe14d"))
        c.rect(0, height - 22 * mm, width, 5 * mm, stroke=0, fill=1)
        c.setFillColor(colors.black)
        c.setFont("Helvetica-Bold", 8)
        c.drawCentredString(width / 2, height - 20.3 * mm, demonstration.MARK)
    if draft:
        c.setFillColor(colors.Color(0.7, 0.1, 0.1, alpha=0.12))
        c.setFont("Helvetica-Bold", 90)
        c.translate(width / 2, height / 2)
        c.rotate(40)
        c.drawCentredString(0, 0, "DRAFT")
    c.restoreState()


def render_pages(content: ReportContent, signature: ReportSignature | None, page_size: str = "a4") -> bytes:
    """The report's pages (raw reportlab, nothing embedded). ``signature`` None renders a draft."""
    size = PAGE_SIZES[page_size.lower()]
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=size,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=23 * mm,
        bottomMargin=16 * mm,
        title=f"Verification report {content.report_id}",
        author=story.AGENCY,
        subject=f"{content.kind} check: {content.verdict}",
        creator=version.product(),
        invariant=1,
    )
    width = size[0] - 2 * MARGIN
    b = content.batch
    body = (
        [*story.checks(content, width), *story.kind_tables(content, width)]
        if b is None
        else [*pdf_batch.summary(content, b, width), *pdf_batch.sections(content, b, width), PageBreak()]
    )
    flow = [
        *story.statement(content),
        *story.overview(content, width),
        *story.officer_input(content, width),
        *body,
        *story.remarks(content),
        *story.evidence(content, width),
        *story.approval(content, signature, width),
    ]
    if signature is not None:
        flow.extend(story.qr_block(QrPayload.of(signature).to_text(), width))

    def decorate(c: canvas.Canvas, d: SimpleDocTemplate) -> None:
        _decorate(c, d, content, signature is None)

    doc.build(flow, onFirstPage=decorate, onLaterPages=decorate, canvasmaker=_NumberedCanvas)
    return out.getvalue()


def attachments(signed: SignedReport) -> dict[str, bytes]:
    """The files a report embeds, by name."""
    files = {
        CONTENT_NAME: signed.canonical,
        SIGNATURE_NAME: signed.signature.to_bytes(),
        CHECKPOINT_NAME: signed.content.evidence.checkpoint_note.encode("utf-8"),
    }
    for record in signed.content.evidence.all_records():
        files[record_name(record.log_index)] = record.credential.encode("utf-8")
        files[proof_name(record.log_index)] = record.proof.encode("utf-8")
    return files


def embed(pages: bytes, files: Mapping[str, bytes]) -> bytes:
    """``pages`` with ``files`` attached (PDF embedded files)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pages)))
    for name, data in files.items():
        writer.add_attachment(name, data)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render_report(signed: SignedReport, key: SigningKey, page_size: str = "a4") -> bytes:
    """The issued report: pages, embedded files, and the supervisor's seal over the file."""
    pages = render_pages(signed.content, signed.signature, page_size)
    return seal(embed(pages, attachments(signed)), key)


def render_draft(content: ReportContent, page_size: str = "a4") -> bytes:
    """A preview of unsigned content (watermarked DRAFT; nothing embedded; not verifiable)."""
    return render_pages(content, None, page_size)
