"""A table (headers and rows of text) written as TSV, HTML, CSV or JSON: one exporter for every table.

Qt-free. Cells are untrusted text (names and numbers from the ledger, the
officer's own input): HTML escapes them; CSV guards cells that a spreadsheet
would read as a formula; TSV flattens tabs and line breaks so each row stays one line.
"""

from __future__ import annotations

import csv
import html
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True, slots=True)
class Table:
    """A table to export.

    Attributes:
        title: what the table shows (the HTML caption and the JSON ``title``).
        headers: the column names.
        rows: one text per column in each row.
    """

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def __post_init__(self) -> None:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.headers):
                raise ValueError(f"row {number} has {len(row)} cells for {len(self.headers)} columns")

    @classmethod
    def of(cls, title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> Table:
        return cls(title, tuple(headers), tuple(tuple(r) for r in rows))


def _flat(cell: str) -> str:
    return " ".join(cell.replace("\t", " ").splitlines())


def to_tsv(table: Table) -> str:
    """Tab-separated text with a header line (what a plain-text paste receives)."""
    lines = ["\t".join(_flat(h) for h in table.headers)]
    lines.extend("\t".join(_flat(c) for c in row) for row in table.rows)
    return "\n".join(lines) + "\n"


def to_html(table: Table) -> str:
    """An HTML table for office documents and printing; every cell escaped."""
    out = ["<table border='1' cellspacing='0' cellpadding='3'>"]
    out.append(f"<caption>{html.escape(table.title)}</caption>")
    out.append("<thead><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in table.headers) + "</tr></thead>")
    out.append("<tbody>")
    out.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in table.rows)
    out.append("</tbody></table>")
    return "\n".join(out)


def _safe_csv(cell: str) -> str:
    """A cell a spreadsheet will show as text, never evaluate (a leading quote marks it as text)."""
    if cell.startswith(_FORMULA_STARTS):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def to_csv(table: Table) -> str:
    """RFC 4180 CSV with a header row; formula-looking cells are quoted as text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.headers)
    writer.writerows([_safe_csv(c) for c in row] for row in table.rows)
    return buffer.getvalue()


def to_json(table: Table) -> str:
    """``{"title", "columns", "rows": [{column: text}]}``, UTF-8 as written (not ASCII-escaped)."""
    rows = [dict(zip(table.headers, row, strict=True)) for row in table.rows]
    return json.dumps(
        {"title": table.title, "columns": list(table.headers), "rows": rows}, indent=2, ensure_ascii=False
    )
