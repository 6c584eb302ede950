"""The pages of a report on a batch of entry lines: the summary, then one section per line that is not PASS.

The summary states the batch file, the date judged at, the checkpoint (size and root)
every line was checked against, the count of each verdict, the rows whose input could
not be read, and every line with its verdict, reason codes and audit line. Each
section opens a page with its statement (``Row N verdict: …``, ``Row N reason codes: …``,
the lines ``verify`` looks for), then the line as checked, its checks with what each
reason code means, and the records it rests on.
"""

from __future__ import annotations

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from workstation.reports import content as model
from workstation.reports.pdf_story import (
    BODY,
    H2,
    MONO,
    SMALL,
    STATEMENT,
    VERDICT_COLOURS,
    findings,
    input_table,
    p,
    printable,
    records_table,
    table,
    titled_tables,
)

NOT_CHECKED = "not checked"


def section_lines(s: model.LineSection) -> tuple[str, str]:
    """The statement lines of a section, as printed (and as ``verify`` looks for them)."""
    return f"Row {s.row} verdict: {s.verdict}", f"Row {s.row} reason codes: {', '.join(s.reasons) or 'none'}"


def summary(c: model.ReportContent, b: model.BatchContent, width: float) -> list[Flowable]:
    """The batch's facts, its counts, its malformed rows and the table of every line."""
    facts: list[tuple[object, ...]] = [
        ("Batch file", b.file_name),
        ("Rows", f"{len(b.lines):,}"),
        ("Judged as of", c.as_of),
        ("Checked against", f"the verified checkpoint of {b.checkpoint_size:,} records of {c.evidence.origin}"),
        ("Checkpoint root", p(b.checkpoint_root, MONO)),
    ]
    counts: list[tuple[object, ...]] = [
        (NOT_CHECKED if verdict == "MALFORMED" else verdict, f"{n:,}") for verdict, n in b.counts.items()
    ]
    malformed: list[tuple[object, ...]] = [
        (str(x.row), x.entry or "-", x.error_field or "-", x.error or "-") for x in b.lines if x.verdict is None
    ]
    out: list[Flowable] = [
        p("The batch", H2),
        table(("Item", "Value"), facts, [0.22 * width, 0.78 * width]),
        p("Lines per verdict", H2),
        table(("Verdict", "Lines"), counts, [0.3 * width, 0.2 * width]),
        p("Rows with malformed input", H2),
    ]
    if malformed:
        out.append(table(("Row", "Entry", "Field", "Problem"), malformed,
                         [0.08 * width, 0.14 * width, 0.16 * width, 0.62 * width]))  # fmt: skip
    else:
        out.append(p("None: every row could be read and checked."))
    out.extend(
        [
            p("Every line", H2),
            p(
                f"Each line not PASS has a section of its own after this table ({len(b.sections):,} in all). "
                "The audit line is the line of the workstation's audit log that recorded the check.",
                SMALL,
            ),
            Spacer(1, 3),
            _lines_table(b.lines, width),
        ]
    )
    return out


def _lines_table(lines: tuple[model.BatchLine, ...], width: float) -> Table:
    """Every line (plain cells: a thousand rows of paragraphs would take seconds to lay out)."""
    header = ("Row", "Entry", "Line", "Verdict", "Reason codes", "Audit line")
    data: list[list[object]] = [[Paragraph(h, _HEAD) for h in header]]
    for x in lines:
        reasons = ", ".join(x.reasons) if x.verdict is not None else f"{NOT_CHECKED}: {x.error_field}"
        data.append([str(x.row), _cell(x.entry, 14), _cell(x.line, 6), x.verdict or NOT_CHECKED, _cell(reasons, 40),
                     "-" if x.audit_id is None else str(x.audit_id)])  # fmt: skip
    widths = [0.07 * width, 0.15 * width, 0.07 * width, 0.15 * width, 0.44 * width, 0.12 * width]
    t = Table(data, colWidths=widths, repeatRows=1)
    style: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#34495e")),
        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#b8c2cc")),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 7),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
    ]
    style.extend(
        ("TEXTCOLOR", (3, i), (3, i), VERDICT_COLOURS[x.verdict])
        for i, x in enumerate(lines, start=1)
        if x.verdict in VERDICT_COLOURS and x.verdict != "PASS"
    )
    t.setStyle(TableStyle(style))
    return t


def _cell(text: str, fits: int) -> str | Paragraph:
    """A cell of untrusted text: plain (drawn as text, never markup) when it fits on one line, else wrapped."""
    return printable(text) if len(text) <= fits else p(text, SMALL)


_HEAD = BODY.clone("batch-head", fontName="Helvetica-Bold", fontSize=7.5, textColor=colors.white)


def sections(c: model.ReportContent, b: model.BatchContent, width: float) -> list[Flowable]:
    """One section per line that is not PASS, each opening a page."""
    by_index = {r.log_index: r for r in c.evidence.records}
    out: list[Flowable] = []
    for s in b.sections:
        out.append(PageBreak())
        out.extend(_section(s, tuple(by_index[i] for i in s.records), width))
    return out


def _section(s: model.LineSection, records: tuple[model.RecordProof, ...], width: float) -> list[Flowable]:
    entry, line = s.input.get("entry"), s.input.get("line")
    verdict_line, reasons_line = section_lines(s)
    colour = VERDICT_COLOURS.get(s.verdict, colors.black)
    box = Table(
        [
            [p(verdict_line, STATEMENT)],
            [p(reasons_line, STATEMENT)],
            [p(s.summary)],
            [p(f"Audit line {s.audit_id}", SMALL)],
        ],
        colWidths=["100%"],
    )
    box.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 1.2, colour), ("LEFTPADDING", (0, 0), (-1, -1), 6)]))
    out: list[Flowable] = [
        p(f"Row {s.row}: entry {entry}, line {line}", H2),
        box,
        Spacer(1, 4),
        p("The line as checked", H2),
        input_table(s.input, width),
        p("Checks", H2),
        *findings(s.checks, s.notes, f"No reason code fired: {s.summary}.", width),
        *titled_tables(s.tables, width),
        p("Records this line rests on", H2),
    ]
    if records:
        out.append(records_table(records, width))
        out.append(p("Each record's proof is embedded in this file as proof-<log index>.tlog-proof.", SMALL))
    else:
        out.append(p("None: no ledger record matched this line.", BODY))
    return out
