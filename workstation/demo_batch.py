"""The shipped batch example: entry lines made from the demo ledger's filed lines (``resources/examples/batch/``).

``python -m workstation.demo_batch`` rewrites the files; a test checks that the
shipped ones are what this module makes, so the two cannot drift apart.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from datetime import date, timedelta
from pathlib import Path

from trade import demo
from workstation import batch

EXAMPLES = Path(__file__).resolve().parent.parent / "resources" / "examples" / "batch"
LINES = 1000
TEMPLATE_NAME = "entry-lines-template.csv"
EXAMPLE_NAME = f"entry-lines-{LINES}.csv"


def _filed_lines(ledger: demo.DemoLedger) -> list[dict[str, object]]:
    """The credential subject of every EntrySummaryLine, in ledger order."""
    subjects = []
    for entry in ledger.entries:
        credential = json.loads(entry)
        subject = credential.get("credentialSubject", {})
        if isinstance(subject, dict) and subject.get("type") == "EntrySummaryLine":
            subjects.append(subject)
    return subjects


def _row(subject: dict[str, object], variant: int) -> list[str]:
    """One CSV row; variants re-file a line as line 2 with a claim a month later (same goods, same proof)."""
    claim = date.fromisoformat(str(subject["claimDate"]))
    line = int(str(subject.get("line", 1)))
    if variant:
        claim += timedelta(days=30 * variant)
        line += variant
    knowledge = subject.get("importerKnowledge")
    value = subject.get("valueUsd")
    return [
        str(subject["id"]),
        str(line),
        str(subject["importer"]),
        str(subject.get("exporter") or ""),
        str(subject["countryOfOrigin"]),
        str(subject["htsus"]),
        str(subject.get("spi") or ""),
        str(subject["importDate"]),
        claim.isoformat(),
        str(subject.get("certification") or ""),
        "true" if knowledge is True else "false",
        "" if value is None else str(value),
    ]


def example_csv(lines: int = LINES) -> str:
    subjects = _filed_lines(demo.generate())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(batch.COLUMNS)
    for n in range(lines):
        writer.writerow(_row(subjects[n % len(subjects)], n // len(subjects)))
    return buffer.getvalue()


def template_csv() -> str:
    """The header and one worked line (the example of ``docs/cli.md``)."""
    row = ["E-1011", "1", "Harborline", "Maplewick", "CA", "7325.99.5000", "CA", "2020-03-10", "2020-03-18",
           "C-N-009", "false", "9900"]  # fmt: skip
    return ",".join(batch.COLUMNS) + "\n" + ",".join(row) + "\n"


def main(argv: list[str] | None = None) -> int:
    folder = Path(argv[0]) if argv else EXAMPLES
    folder.mkdir(parents=True, exist_ok=True)
    (folder / EXAMPLE_NAME).write_text(example_csv(), encoding="utf-8")
    (folder / TEMPLATE_NAME).write_text(template_csv(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
