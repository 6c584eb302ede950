"""The flowables of a report's pages, from its content: what a person reads.

Every text from the content is escaped before it reaches reportlab's paragraph
markup, and characters the standard PDF fonts cannot show are replaced. The
statement block (id, verdict, reason codes) is the text ``verify`` looks for.
"""

from __future__ import annotations

import json
import unicodedata
from xml.sax.saxutils import escape

from reportlab.graphics.barcode.qr import QrCodeWidget  # type: ignore[import-untyped]
from reportlab.graphics.charts.barcharts import VerticalBarChart  # type: ignore[import-untyped]
from reportlab.graphics.charts.legends import Legend  # type: ignore[import-untyped]
from reportlab.graphics.shapes import Drawing, String  # type: ignore[import-untyped]
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ledger_client.credentials import JsonObject
from trade.explanations import meaning_of
from workstation.lookups.kind import LookupKind
from workstation.lookups.registry import LOOKUPS
from workstation.reports import content as model
from workstation.reports.signing import ReportSignature, b64url

AGENCY = "U.S. Customs and Border Protection"
TITLE = "Trade verification report"
VERDICT_COLOURS = {
    "PASS": colors.HexColor("#1b7a3a"),
    "FAIL": colors.HexColor("#b3261e"),
    "REVIEW": colors.HexColor("#a86400"),
    "NOT_FOUND": colors.HexColor("#4a5568"),
    "UNVERIFIABLE": colors.HexColor("#6b21a8"),
}
RATING_TONES = {"LOW": "PASS", "NEW": "NOT_FOUND", "ELEVATED": "REVIEW", "HIGH": "FAIL"}
_SHEET = getSampleStyleSheet()
BODY = ParagraphStyle("body", parent=_SHEET["BodyText"], fontName="Helvetica", fontSize=8.5, leading=10.5)
SMALL = ParagraphStyle("small", parent=BODY, fontSize=7, leading=8.5)
MONO = ParagraphStyle("mono", parent=SMALL, fontName="Courier", fontSize=6.5, leading=7.8)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=7.5, leading=9)
HEAD = ParagraphStyle("head", parent=CELL, fontName="Helvetica-Bold", textColor=colors.white)
H2 = ParagraphStyle("h2", parent=_SHEET["Heading2"], fontName="Helvetica-Bold", fontSize=11, leading=13,
                    spaceBefore=8, spaceAfter=4, textColor=colors.HexColor("#1f2d3d"))  # fmt: skip
STATEMENT = ParagraphStyle("statement", parent=BODY, fontName="Helvetica-Bold", fontSize=10, leading=13)
_GRID = colors.HexColor("#b8c2cc")
_HEAD_BG = colors.HexColor("#34495e")
_ZEBRA = colors.HexColor("#f2f5f8")


def kind_title(kind: str) -> str:
    """What a report calls its kind of check (the kind's ``report_title``)."""
    known = LookupKind.from_name(kind)
    return kind if known is None else LOOKUPS[known].report_title


def printable(text: str) -> str:
    """Text the standard fonts can show (cp1252); other characters are decomposed or replaced."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1252")
            out.append(ch)
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(plain or "?")
    return "".join(out)


def p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    """A paragraph of untrusted text: escaped, then printable."""
    return Paragraph(escape(printable(text)), style)


def mono_hash(hex_text: str) -> str:
    """A 64-digit hash as two lines of 32, so it fits a column."""
    return hex_text if len(hex_text) <= 32 else f"{hex_text[:32]} {hex_text[32:]}"


def table(header: tuple[str, ...], rows: list[tuple[object, ...]], widths: list[float]) -> Table:
    data = [[p(h, HEAD) for h in header]]
    data.extend([c if isinstance(c, Flowable) else p(str(c), CELL) for c in row] for row in rows)
    t = Table(data, colWidths=widths, repeatRows=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), _HEAD_BG),
        ("GRID", (0, 0), (-1, -1), 0.4, _GRID),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    style.extend(("BACKGROUND", (0, i), (-1, i), _ZEBRA) for i in range(2, len(data), 2))
    t.setStyle(TableStyle(style))
    return t


def statement(c: model.ReportContent) -> list[Flowable]:
    """The verdict block: the id, verdict and reason codes as the signature covers them."""
    colour = VERDICT_COLOURS.get(c.verdict, colors.black)
    reasons = ", ".join(c.reasons) if c.reasons else "none"
    rows = [
        [p(f"Report id: {c.report_id}", STATEMENT)],
        [Paragraph(f'<font color="{colour.hexval()}">Verdict: {escape(printable(c.verdict))}</font>', STATEMENT)],
        [p(f"Reason codes: {reasons}", STATEMENT)],
    ]
    if c.supplier is not None:
        rows.append([p(f"Supplier rating: {c.supplier.rating}", STATEMENT)])
    rows.append([p(c.summary)])
    box = Table(rows, colWidths=["100%"])
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 1.2, colour),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fbfcfd")),
            ]
        )
    )
    return [box, Spacer(1, 4)]


def _person(person: model.Person | None) -> str:
    if person is None:
        return "not yet approved"
    party = f" ({person.party_id})" if person.party_id else ""
    return f"{person.name}{party}"


def overview(c: model.ReportContent, width: float) -> list[Flowable]:
    e = c.evidence
    rows: list[tuple[object, ...]] = [
        ("Check", kind_title(c.kind)),
        ("Judged as of", c.as_of),
        ("Drafted by", f"{_person(c.officer)}, {c.created_at}"),
        ("Approved by", f"{_person(c.supervisor)}, {c.approved_at or '-'}"),
        ("Ledger", f"{e.origin}, checkpoint of {e.checkpoint_size} records"),
    ]
    if c.supersedes:
        rows.append(("Supersedes", f"report {c.supersedes}: this report replaces it"))
    return [table(("Item", "Value"), rows, [0.22 * width, 0.78 * width])]


def _flat(value: object) -> str:
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def officer_input(c: model.ReportContent, width: float) -> list[Flowable]:
    return [p("The officer's input", H2), input_table(c.input, width)]


def input_table(value: JsonObject, width: float) -> Table:
    """Each member of an input (as typed) and its value."""
    rows: list[tuple[object, ...]] = [(k, _flat(v)) for k, v in sorted(value.items()) if v is not None]
    return table(("Field", "Value"), rows or [("-", "(none)")], [0.22 * width, 0.78 * width])


def checks(c: model.ReportContent, width: float) -> list[Flowable]:
    return [p("Checks", H2), *findings(c.checks, c.notes, _no_checks(c), width)]


def findings(
    found: tuple[model.Check, ...], notes: tuple[model.Note, ...], none_fired: str, width: float
) -> list[Flowable]:
    """The checks table with what each reason code means, then the notes (``none_fired`` when no check fired)."""
    out: list[Flowable] = []
    if not found:
        out.append(p(none_fired))
    else:
        rows: list[tuple[object, ...]] = [(k.status, k.reason, k.fact, ", ".join(k.records)) for k in found]
        out.append(table(("Status", "Reason code", "Fact", "Records"), rows,
                         [0.1 * width, 0.28 * width, 0.45 * width, 0.17 * width]))  # fmt: skip
        meanings = [(code, meaning_of(code)) for code in dict.fromkeys(k.reason for k in found)]
        rows = [(code, meaning) for code, meaning in meanings if meaning is not None]
        if rows:  # the shared explanations (trade.explanations), not part of the signed content
            out.extend([Spacer(1, 4), table(("Reason code", "What it means"), rows, [0.28 * width, 0.72 * width])])
    if notes:
        out.append(Spacer(1, 4))
        rows = [(n.code, n.text) for n in notes]
        out.append(table(("Note", "Text (does not change the verdict)"), rows, [0.22 * width, 0.78 * width]))
    return out


def _no_checks(c: model.ReportContent) -> str:
    if c.supplier is not None:
        return (  # no reason code, but the rating has its triggers: never "No reason code fired" beside them
            "A supplier rating informs the officer and is not a finding against goods "
            f'(its triggers are under "Supplier rating: {c.supplier.rating}" below).'
        )
    return f"No reason code fired: {c.summary}."


def kind_tables(c: model.ReportContent, width: float) -> list[Flowable]:
    out = titled_tables(c.tables, width)
    if c.supplier is not None and c.supplier.months:
        out.extend([p("Certifications per month", H2), month_chart(c.supplier, width)])
    return out


def titled_tables(tables: tuple[model.Table, ...], width: float) -> list[Flowable]:
    out: list[Flowable] = []
    for t in tables:
        widths = _widths(max(len(t.columns), 1), width)
        out.extend([p(t.title, H2), table(t.columns, [tuple(r) for r in t.rows], widths)])
    return out


def _widths(n: int, width: float) -> list[float]:
    if n == 2:
        return [0.3 * width, 0.7 * width]
    if n == 3:
        return [0.3 * width, 0.35 * width, 0.35 * width]
    if n == 5:
        return [0.13 * width, 0.3 * width, 0.15 * width, 0.1 * width, 0.32 * width]
    return [width / n] * n


def month_chart(s: model.SupplierFacts, width: float) -> Drawing:
    height = 46 * mm
    d = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 28, 22, width - 120, height - 30
    chart.data = [[m.issued for m in s.months], [m.revoked for m in s.months]]
    chart.categoryAxis.categoryNames = [m.month[2:] for m in s.months]
    chart.categoryAxis.labels.angle = 60
    chart.categoryAxis.labels.boxAnchor = "ne"
    chart.categoryAxis.labels.fontSize = 5.5
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.valueAxis.valueMin = 0
    peak = max([m.issued for m in s.months] + [1])
    chart.valueAxis.valueStep = max(1, (peak + 3) // 4)
    chart.valueAxis.labels.fontSize = 6
    chart.bars[0].fillColor = colors.HexColor("#4a7fb5")
    chart.bars[1].fillColor = colors.HexColor("#b3261e")
    chart.barSpacing = 0.5
    d.add(chart)
    legend = Legend()
    legend.x, legend.y = width - 80, height - 12
    legend.fontName, legend.fontSize = "Helvetica", 7
    legend.colorNamePairs = [(chart.bars[0].fillColor, "issued"), (chart.bars[1].fillColor, "revoked")]
    d.add(legend)
    d.add(String(0, height - 8, "count", fontName="Helvetica", fontSize=6))
    return d


def remarks(c: model.ReportContent) -> list[Flowable]:
    if not c.remarks.strip():
        return []
    return [KeepTogether([p("Officer's remarks", H2), p(c.remarks)])]  # the heading never ends a page alone


def evidence(c: model.ReportContent, width: float) -> list[Flowable]:
    e = c.evidence
    out: list[Flowable] = [
        CondPageBreak(40 * mm),
        p("Evidence from the ledger", H2),
        p(
            f"Log {e.origin}, signed checkpoint of {e.checkpoint_size} records, cosigned by "
            f"{', '.join(e.witnesses) or 'no witness'}. Each record "
            + ("below" if c.batch is None else "a line's section lists, and the supervisor's registration below,")
            + " is proven to be in that checkpoint by a c2sp.org/tlog-proof@v1 proof embedded in this file, "
            "as is the record itself."
        ),
        Spacer(1, 3),
    ]
    # A batch lists each line's records in its section; here only what no section lists.
    listed = e.all_records() if c.batch is None else tuple(r for r in [e.supervisor_registration] if r is not None)
    if listed:
        out.append(records_table(listed, width))
    # The signed note is one piece of evidence: its caption and lines never split across a page break.
    note = [p("Signed checkpoint (with cosignatures):", SMALL)]
    note.extend(p(line or " ", MONO) for line in e.checkpoint_note.splitlines())
    out.extend([Spacer(1, 3), KeepTogether(note)])
    return out


def records_table(records: tuple[model.RecordProof, ...], width: float) -> Table:
    """One row per record: type, id, issuer, log index and leaf hash (its proof is embedded in the file)."""
    rows: list[tuple[object, ...]] = [
        (
            r.record_type
            + ("" if r.vocabulary == "trade" else f" ({r.vocabulary} vocabulary)")
            + ("" if r.believed else " (did not verify)"),
            r.record_id or r.credential_id or "-",
            r.issuer_party or "unregistered",
            str(r.log_index),
            p(mono_hash(r.leaf_hash), MONO),
        )
        for r in records
    ]
    return table(("Record", "Id", "Issuer", "Log index", "Leaf hash (SHA-256)"), rows,
                 [0.22 * width, 0.2 * width, 0.17 * width, 0.09 * width, 0.32 * width])  # fmt: skip


def approval(c: model.ReportContent, signature: ReportSignature | None, width: float) -> list[Flowable]:
    if signature is None or c.supervisor is None:
        return [p("Approval", H2), p("DRAFT: not approved by a supervisor; not signed. Not valid as a report.",
                                     STATEMENT)]  # fmt: skip
    rows: list[tuple[object, ...]] = [
        ("Approved by", _person(c.supervisor)),
        ("At", c.approved_at or "-"),
        ("Signing key", p(signature.signer, MONO)),
        ("Content SHA-256", p(signature.content_sha256.hex(), MONO)),
        ("Signature (Ed25519)", p(b64url(signature.signature), MONO)),
    ]
    return [
        KeepTogether(
            [
                p("Approval", H2),
                table(("Item", "Value"), rows, [0.22 * width, 0.78 * width]),
                Spacer(1, 3),
                p(
                    "The supervisor's signature covers the canonical JSON of this report (embedded as content.json). "
                    "This report states ledger facts and reason codes; the decision rests with the officer.",
                    SMALL,
                ),
            ]
        )
    ]


def qr_block(payload: str, width: float) -> list[Flowable]:
    size = 42 * mm
    widget = QrCodeWidget(payload, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    d.add(widget)
    text = [
        p("Check a paper copy", H2),
        p(
            "Scan the code: it holds the report id, the SHA-256 of the signed content and the supervisor's "
            "signature. Check it with: workstation verify-report --qr TEXT [FILE.pdf].",
            SMALL,
        ),
        Spacer(1, 3),
        Paragraph("<br/>".join(escape(payload[i : i + 64]) for i in range(0, len(payload), 64)), MONO),
    ]
    t = Table([[d, text]], colWidths=[size + 6 * mm, width - size - 6 * mm])
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return [KeepTogether([t])]
