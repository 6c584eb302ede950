"""Benchmark of the trade rules over the demo ledger, each figure beside its in-run baseline.

1. Judging one entry line (``origin.check_origin``) vs verifying the credential of that
   line once (``verify_credential``): the rules should cost far less than the
   cryptography that must precede them.                                  goal <= 0.5x
2. One supplier history over the whole demo index vs one pass over every certification
   and every entry line (the least any history must read).               goal <= 15x
3. Throughput on one core: lines judged, licence questions, product checks per second.

Run: ``.venv/bin/python bench/trade.py``
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import timing
from ledger_client.credentials import parse_json_object, verify_credential
from trade import demo, licences, origin, products, suppliers
from trade.record_index import read_ledger

AT = datetime(2025, 7, 1, tzinfo=UTC)


def main() -> None:
    ledger = demo.generate()
    index = read_ledger(ledger.entries, cbp_issuer=ledger.cbp_issuer, at=AT)
    lines = [e.line for e in index.entry_lines.values()]
    entry = ledger.entries[ledger.index_of("E-1001")]
    document = parse_json_object(entry.decode("utf-8"))
    print(f"demo ledger: {len(ledger.entries)} entries, {len(lines)} entry lines")

    def judge_one() -> object:
        return origin.check_origin(lines[0], index, as_of=demo.AS_OF)

    def verify_one() -> object:
        return verify_credential(document, at=AT)

    ours, base = timing.compare(judge_one, verify_one, number=200)
    print("1. judge one entry line (baseline: verify that line's credential once)")
    timing.row("origin.check_origin", ours, base, goal=0.5)

    certs = list(index.certifications.values())

    def history() -> object:
        return suppliers.supplier_history("P-OCOTILLO", index, as_of=demo.AS_OF)

    entry_lines = list(index.entry_lines.values())

    def scan() -> object:
        mine = {c.certification_id for c in certs if c.exporter == "P-OCOTILLO"}
        return sum(1 for e in entry_lines if e.line.certification_id in mine)

    ours, base = timing.compare(history, scan, number=20)
    print("2. one supplier history (baseline: one pass over every certification and entry line)")
    timing.row("suppliers.supplier_history", ours, base, goal=15.0)

    def all_lines() -> object:
        return [origin.check_origin(line, index, as_of=demo.AS_OF) for line in lines]

    question = licences.LicenceQuestion(
        "LARKSPUR", "P-GUACAMAYA", date(2025, 3, 1), "6110.30", "HN", facility="F-HN-008"
    )
    item = products.ItemInHand(
        "LS-STR-01",
        "SS25",
        "SLV",
        {"quarter_panel_spi": 9, "upper_material": "recycled polyester knit"},
        "LS25S004211",
        "F-MX-017",
    )
    per_line = timing.per_call(all_lines, number=1, repeat=5) / len(lines)
    per_question = timing.per_call(lambda: licences.check_licence(question, index, as_of=demo.AS_OF), number=200)
    per_item = timing.per_call(lambda: products.check_product(item, index, as_of=demo.AS_OF), number=200)
    print("3. throughput on one core")
    timing.row(f"entry lines judged   {1 / per_line:8.0f} /s", per_line)
    timing.row(f"licence questions    {1 / per_question:8.0f} /s", per_question)
    timing.row(f"product checks       {1 / per_item:8.0f} /s", per_item)


if __name__ == "__main__":
    main()
